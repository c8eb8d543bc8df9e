"""Typed errors raised by the crypto package; messages are for people and never hold secrets."""

from __future__ import annotations


class CryptoError(Exception):
    """Base class: anything the crypto package refuses or cannot do."""


class WrongPassphrase(CryptoError):
    """A key slot or key file did not open with the passphrase given."""


class KeystoreCorrupt(CryptoError):
    """keystore.json is unreadable, malformed, or internally inconsistent."""


class SlotMismatch(CryptoError):
    """A key slot opened but its contents do not belong together (tampered or mixed up)."""


class SlotDisabled(CryptoError):
    """The slot was switched off by the failed-unlock policy and must be re-enrolled."""


class UnknownWorker(CryptoError):
    """No key slot exists for the requested worker."""


class DuplicateWorker(CryptoError):
    """A key slot for this worker (or with this slot id) already exists."""


class WeakKdfParameters(CryptoError):
    """Argon2id parameters are below the floor (or absurdly high); refused to stop downgrades."""


class BadSignature(CryptoError):
    """A signature did not verify, or was made by a key other than the expected one."""


class TrustBundleError(CryptoError):
    """A council trust bundle is malformed or otherwise unacceptable."""


class TrustBundleExpired(TrustBundleError):
    """The trust bundle's expiry time has passed."""


class TrustBundleOutdated(TrustBundleError):
    """The trust bundle is older than (or conflicts with) the one already pinned."""


class TrustBundleSignatureError(TrustBundleError, BadSignature):
    """The trust bundle's signature is bad or from a root other than the pinned one.

    Both a TrustBundleError and a BadSignature, so either `except` clause catches it.
    """


class RecoveryError(CryptoError):
    """The recovery slot could not be unwrapped with the key given."""


class KeyFileError(CryptoError):
    """A council key file is missing, malformed, or would be overwritten."""


class AgeError(CryptoError):
    """An age recipient, identity or encrypted stream was refused."""


class FingerprintTypo(CryptoError):
    """A typed fingerprint has the wrong length or its check group does not match."""
