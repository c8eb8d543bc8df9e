"""age v1 stream encryption for bundles, and the writer's read-back decryption, built on
`cryptography`'s primitives exactly as the age specification (age-encryption.org/v1) fixes
them: X25519 recipient stanzas, an HMAC-SHA-256 header MAC, and the STREAM payload of 64 KiB
ChaCha20-Poly1305 chunks.

Why not pyrage for this part: pyrage holds the interpreter lock for the whole stream and
encrypts at about 375 MiB/s here, so nothing else (hashing the entries, writing, flushing the
stick) can run beside it; OpenSSL's ChaCha20-Poly1305 through `cryptography` runs at about
1,500 MiB/s and releases the lock per chunk. The council receiver decrypts with
AgeStreamDecryptor for the same reason: on a helper thread, beside the tar parsing and the
writing. It refuses what pyrage (rage) refuses: a bad header MAC, a chunk that does not
authenticate, a missing or misplaced last chunk, truncation, data after the end, low-order
shares, non-canonical base64. pyrage still makes every key, and the tests check that pyrage
and the `age` command-line tool agree with this code both ways, and on hostile files.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os
from collections.abc import Callable, Iterable, Sequence
from hashlib import sha256

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from crypto import bech32
from crypto.age_header import MAX_HEADER_BYTES
from crypto.errors import AgeError

CHUNK = 64 * 1024
TAG = 16
SEALED_CHUNK = CHUNK + TAG
PAYLOAD_NONCE = 16
FILE_KEY = 16
_INTRO = b"age-encryption.org/v1\n"
_X25519_INFO = b"age-encryption.org/v1/X25519"
_MAC_MARK = b"\n---"
_ZERO_NONCE = bytes(12)
_BODY_COLUMNS = 64


Transform = Callable[[memoryview, memoryview], None]
Buffer = bytes | bytearray | memoryview


def _whole_chunks(
    data: Buffer | Sequence[Buffer],
    pending: bytearray,
    sizes: tuple[int, int],
    transform: Transform,
) -> bytearray:
    """Run `transform` over every whole chunk of pending + data except the last, which stays
    in `pending` (1..chunk bytes once anything arrived): only the caller's `finish` knows
    which chunk is final. `data` may be a list of pieces, taken as if joined: a chunk that lies
    within one piece is transformed where it lies, only one that straddles pieces is copied.
    `sizes` is (chunk in, chunk out); returns the outputs joined."""
    pieces = [data] if isinstance(data, bytes | bytearray | memoryview) else data
    views = [memoryview(piece).cast("B") for piece in pieces]
    size, size_out = sizes
    total = len(pending) + sum(len(view) for view in views)
    count = max(0, -(-total // size) - 1)  # whole chunks to release now
    out = bytearray(count * size_out)
    target = memoryview(out)
    for view in views:
        while count:
            if pending:
                take = size - len(pending)
                if len(view) < take:
                    break
                pending += view[:take]
                view = view[take:]
                chunk = memoryview(bytes(pending))
                pending.clear()
            elif len(view) >= size:
                chunk, view = view[:size], view[size:]
            else:
                break
            transform(chunk, target[:size_out])
            target = target[size_out:]
            count -= 1
        pending += view
    return out


def _hkdf(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=SHA256(), length=32, salt=salt, info=info).derive(ikm)


def _b64(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def _unb64(text: bytes) -> bytes:
    try:
        decoded = base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    except binascii.Error:
        raise AgeError("The age header holds something that is not base64.") from None
    if _b64(decoded) != text:
        raise AgeError("The age header holds non-canonical base64.")
    return decoded


def _nonce(counter: int, *, final: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


def recipient_key(recipient: str) -> bytes:
    """The 32-byte X25519 public key inside an "age1…" recipient string."""
    key = bech32.decode(recipient, "age")
    if len(key) != 32:
        raise AgeError("An age X25519 recipient must hold a 32-byte key.")
    return key


def identity_key(identity: str) -> bytes:
    """The 32-byte X25519 secret inside an "AGE-SECRET-KEY-1…" identity string."""
    key = bech32.decode(identity.strip(), "AGE-SECRET-KEY-")
    if len(key) != 32:
        raise AgeError("An age X25519 identity must hold a 32-byte key.")
    return key


def _stanza(file_key: bytes, recipient_pk: bytes) -> bytes:
    ephemeral = X25519PrivateKey.generate()  # a new one per stanza and per file, as age requires
    share = ephemeral.public_key().public_bytes_raw()
    try:
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_pk))
    except ValueError:  # a low-order point: the shared secret would be all zeros
        raise AgeError("A council recipient key is not a usable X25519 key.") from None
    wrap_key = _hkdf(shared, share + recipient_pk, _X25519_INFO)
    body = _b64(ChaCha20Poly1305(wrap_key).encrypt(_ZERO_NONCE, file_key, None))
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    if len(lines[-1]) == 64:
        lines.append(b"")  # a stanza body always ends with a line shorter than 64 columns
    return b"-> X25519 " + _b64(share) + b"\n" + b"".join(line + b"\n" for line in lines)


class AgeStreamEncryptor:
    """Encrypts one payload for X25519 recipients. Write `preamble` first, then the result of
    every `update`, then `finish()`; memory stays under two chunks whatever the payload size."""

    def __init__(self, recipients: Sequence[str]) -> None:
        if not recipients:
            raise AgeError("At least one recipient is needed; is a trust bundle pinned?")
        file_key = os.urandom(FILE_KEY)
        header = _INTRO + b"".join(_stanza(file_key, recipient_key(r)) for r in recipients)
        header += b"---"
        mac = hmac.new(_hkdf(file_key, b"", b"header"), header, sha256).digest()
        nonce = os.urandom(PAYLOAD_NONCE)
        # The header is fixed before anything is signed, so the signed manifest can carry its
        # SHA-256 and nobody can add, drop or swap a stanza without the signature noticing.
        self.header = header + b" " + _b64(mac) + b"\n"
        self.preamble = self.header + nonce
        self._aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
        self._pending = bytearray()
        self._counter = 0
        self._finished = False

    def update(self, data: Buffer | Sequence[Buffer]) -> bytearray:
        """Encrypt what fills whole chunks, keeping back the last one: only `finish` knows
        which chunk is final. A list of pieces is encrypted as if joined, without joining."""
        if self._finished:
            raise AgeError("The age stream was already finished; nothing more can be added.")
        return _whole_chunks(data, self._pending, (CHUNK, SEALED_CHUNK), self._seal)

    def _seal(self, chunk: memoryview, out: memoryview) -> None:
        self._aead.encrypt_into(_nonce(self._counter, final=False), chunk, None, out)
        self._counter += 1

    def finish(self) -> bytes:
        """The final chunk (empty only if the whole payload was). Only once: a second final
        chunk would reuse this one's nonce under the same key."""
        if self._finished:
            raise AgeError("The age stream was already finished; finish() runs once.")
        self._finished = True
        sealed = self._aead.encrypt(_nonce(self._counter, final=True), bytes(self._pending), None)
        self._pending.clear()
        return sealed


def _header_end(data: bytes) -> int:
    """Index just past the header's MAC line, or -1 if it has not all arrived yet."""
    mark = data.find(_MAC_MARK)
    if mark < 0:
        return -1
    end = data.find(b"\n", mark + len(_MAC_MARK))
    return -1 if end < 0 else end + 1


def _stanzas(lines: list[bytes]) -> list[tuple[list[bytes], bytes]]:
    stanzas: list[tuple[list[bytes], bytes]] = []
    index = 0
    while index < len(lines):
        if not lines[index].startswith(b"-> "):
            raise AgeError("The age header is malformed.")
        args = lines[index][3:].split(b" ")
        if not all(args):
            raise AgeError("An age header stanza has an empty argument.")
        body = b""
        index += 1
        while True:
            if index >= len(lines):
                raise AgeError("An age header stanza has no end.")
            line = lines[index]
            index += 1
            if len(line) > _BODY_COLUMNS:
                raise AgeError("An age header stanza body line is too long.")
            body += line
            if len(line) < _BODY_COLUMNS:
                break
        stanzas.append((args, body))
    return stanzas


def _unwrap(secret: X25519PrivateKey, args: list[bytes], body: bytes) -> bytes | None:
    if args[0] != b"X25519":
        return None  # another recipient type (or grease): not ours
    if len(args) != 2:
        raise AgeError("An X25519 stanza must have exactly two arguments.")
    share, wrapped = _unb64(args[1]), _unb64(body)
    if len(share) != 32 or len(wrapped) != FILE_KEY + TAG:
        raise AgeError("An X25519 stanza has the wrong size.")
    try:
        shared = secret.exchange(X25519PublicKey.from_public_bytes(share))
    except ValueError:
        raise AgeError("An X25519 stanza holds a low-order point.") from None
    mine = secret.public_key().public_bytes_raw()
    wrap_key = _hkdf(shared, share + mine, _X25519_INFO)
    try:
        return ChaCha20Poly1305(wrap_key).decrypt(_ZERO_NONCE, wrapped, None)
    except InvalidTag:
        return None  # addressed to another recipient


class AgeTrailingData(AgeError):
    """The age file goes on after its last chunk."""


class AgeStreamDecryptor:
    """Decrypts an age v1 X25519 file fed to it in pieces of any size; AgeError on anything
    altered, truncated, extended, or not addressed to any of `identities` (one identity
    string, or several: the council's current and archived import keys)."""

    def __init__(self, identities: str | Iterable[str]) -> None:
        names = [identities] if isinstance(identities, str) else list(identities)
        if not names:
            raise AgeError("At least one identity is needed to decrypt.")
        self._secrets = [X25519PrivateKey.from_private_bytes(identity_key(i)) for i in names]
        self._pending = bytearray()
        self._aead: ChaCha20Poly1305 | None = None
        self._counter = 0
        self._done = False

    def _file_key(self, lines: list[bytes]) -> bytes | None:
        stanzas = _stanzas(lines)
        for secret in self._secrets:
            for args, body in stanzas:
                file_key = _unwrap(secret, args, body)
                if file_key is not None:
                    return file_key
        return None

    def _open_header(self) -> None:
        end = _header_end(bytes(self._pending[: MAX_HEADER_BYTES + 1]))
        if end < 0:
            if len(self._pending) > MAX_HEADER_BYTES:
                raise AgeError("The age header is too long.")
            return
        if len(self._pending) < end + PAYLOAD_NONCE:
            return
        header = bytes(self._pending[:end])
        if not header.startswith(_INTRO):
            raise AgeError("This is not a binary age v1 file.")
        mac_at = header.find(_MAC_MARK) + len(_MAC_MARK)
        lines = header[len(_INTRO) : mac_at - 3].split(b"\n")[:-1]
        file_key = self._file_key(lines)
        if file_key is None:
            raise AgeError("The file is not addressed to this identity.")
        mac = _unb64(header[mac_at + 1 : -1]) if header[mac_at : mac_at + 1] == b" " else b""
        expected = hmac.new(_hkdf(file_key, b"", b"header"), header[:mac_at], sha256).digest()
        if not hmac.compare_digest(mac, expected):
            raise AgeError("The age header's MAC does not match; the file was altered.")
        nonce = bytes(self._pending[end : end + PAYLOAD_NONCE])
        self._aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
        del self._pending[: end + PAYLOAD_NONCE]

    def update(self, data: bytes | bytearray | memoryview) -> bytearray:
        """Plaintext of every whole chunk received, keeping back the last (it may be final)."""
        if self._done:
            raise AgeTrailingData("The age file has data after its last chunk.")
        if self._aead is None:
            self._pending += data
            self._open_header()
            if self._aead is None:
                return bytearray()
            data, self._pending = bytes(self._pending), bytearray()
        return _whole_chunks(data, self._pending, (SEALED_CHUNK, CHUNK), self._open_into)

    def _open_into(self, sealed: memoryview, out: memoryview, *, final: bool = False) -> None:
        assert self._aead is not None
        nonce = _nonce(self._counter, final=final)
        try:
            self._aead.decrypt_into(nonce, sealed, None, out)
        except InvalidTag:
            if not final and self._is_final(sealed):
                # A genuine last chunk with more data behind it: the file was extended.
                raise AgeTrailingData("The age file has data after its last chunk.") from None
            raise AgeError("A payload chunk does not authenticate; the file was altered.") from None
        self._counter += 1

    def _is_final(self, sealed: memoryview) -> bool:
        assert self._aead is not None
        try:
            self._aead.decrypt(_nonce(self._counter, final=True), bytes(sealed), None)
        except InvalidTag:
            return False
        return True

    def finish(self) -> bytes:
        """The final chunk's plaintext, once the whole file was fed; AgeError if it ended early."""
        if self._done:
            raise AgeError("The age stream was already finished.")
        if self._aead is None:
            raise AgeError("The age file ends inside its header.")
        if len(self._pending) < TAG or (len(self._pending) == TAG and self._counter > 0):
            raise AgeError("The age file is truncated (no final chunk).")
        plain = bytearray(len(self._pending) - TAG)
        self._open_into(memoryview(self._pending), memoryview(plain), final=True)
        self._pending.clear()
        self._done = True  # any further update or finish is refused
        return bytes(plain)
