"""Text in every script the app meets round-trips byte for byte through the vault."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import Path
from typing import Any

from storage.vault import Vault

SPECIAL = {
    "zwj_family": "👩\u200d👩\u200d👧\u200d👦",
    "zwnj_persian": "می\u200cخواهم",
    "rtl_override": "\u202eevil.exe\u202c and \u202dLTR\u202c",
    "isolates": "\u2066left\u2069 \u2067right\u2069 \u2068first\u2069 \u200f\u200e\u061c",
    "nfd_yoruba": "O\u0323\u0301la\u0301 Ade\u0301s\u0323i\u0301na\u0300",
    "nfc_yoruba": unicodedata.normalize("NFC", "O\u0323\u0301la\u0301"),
    "ethiopic": "ሰላም ተስፋይ አበበ",
    "vietnamese": "Nguyễn Văn Đức",
    "astral": "𠀋𡈽𡌛 \U0001f9d1\U0001f3fd\u200d\U0001f91d\u200d\U0001f9d1\U0001f3ff",
    "controls": "tab\tnewline\nnul\x00bell\x07",
    "variation": "☺\ufe0f ☺\ufe0e",
    "bom_inside": "\ufeffstart",
    "noncharacter": "\uffff\ufdd0",
}


def _document(people: list[dict[str, Any]]) -> dict[str, Any]:
    mixed = "".join(
        f"{p['name_native']}\u200d{p['name_latin']}\u202e{p['note']}\u202c" for p in people
    )
    big = (mixed * (1_048_576 // len(mixed) + 1))[:1_048_576]
    return {
        "people": [{"native": p["name_native"], "latin": p["name_latin"]} for p in people],
        "special": SPECIAL,
        "名前": {"ስም": "اسم"},
        "one_megabyte": big,
    }


def test_text_round_trips_exactly(
    vault: Vault, vault_path: Path, key: bytearray, people: list[dict[str, Any]]
) -> None:
    document = _document(people)
    assert len(document["one_megabyte"]) == 1_048_576
    expected_bytes = json.dumps(
        document, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    saved = vault.cases.create(
        "c1", "R", document, worker_id="w", summary={"names": SPECIAL}, search_terms=[]
    )
    assert saved.sha256 == hashlib.sha256(expected_bytes).hexdigest()
    stored = vault._db.scalar("SELECT document FROM case_versions WHERE case_id = 'c1'")
    assert bytes(stored) == expected_bytes
    vault.close()
    with Vault.open(vault_path, key) as again:
        back = again.cases.current("c1")
        assert back.document == document
        assert back.sha256 == saved.sha256
        for name, text in SPECIAL.items():
            assert back.document["special"][name] == text
            assert back.document["special"][name].encode("utf-8") == text.encode("utf-8")
        # Stored as given: the NFD original is not normalised behind the caller's back.
        assert not unicodedata.is_normalized("NFC", back.document["special"]["nfd_yoruba"])
        for person, original in zip(back.document["people"], people, strict=True):
            assert person["native"].encode("utf-8") == original["name_native"].encode("utf-8")
        assert back.document["one_megabyte"] == document["one_megabyte"]
        assert again.cases.summary("c1").summary == {"names": SPECIAL}


def test_stored_document_is_not_the_callers_object(vault: Vault) -> None:
    document = {"names": ["Олена Коваленко"]}
    saved = vault.cases.create("c1", "R", document, worker_id="w", summary={}, search_terms=[])
    document["names"].append("changed later")
    saved.document["names"].append("changed too")
    assert vault.cases.current("c1").document == {"names": ["Олена Коваленко"]}
