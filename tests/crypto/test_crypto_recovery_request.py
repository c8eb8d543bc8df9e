"""Recovery request, answer and pending files: strict readers that fail only with their own
error on hostile JSON, and the round trip (issue 18, finding 4)."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crypto.errors import RecoveryError, WrongPassphrase
from crypto.kdf import FLOOR_KDF
from crypto.keyslots import generate_dek
from crypto.recovery import generate_recovery_key, wrap_for_recovery
from crypto.recovery_request import (
    answer_request,
    make_request,
    open_answer,
    parse_answer,
    parse_pending,
    parse_request,
    pending_bytes,
)
from tests.conftest import budget
from tests.hostile_json import hostile

SETTINGS = settings(
    max_examples=40 * budget(),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
VAULT = "0f8e2a3c-1111-4222-8333-944445555666"
NEW = "quartz bramble falcon meadow tinsel"
RECOVERY_SK, RECOVERY_PK = generate_recovery_key()
DEK = generate_dek()
REQUEST, PENDING = make_request(
    vault_id=VAULT,
    worker_id="w-0123456789ab",
    created="2027-01-04T09:00:00Z",
    slot=wrap_for_recovery(DEK, RECOVERY_PK, VAULT),
    new_passphrase=NEW,
    kdf=FLOOR_KDF,
)
ANSWER = answer_request(parse_request(REQUEST), RECOVERY_SK)
PENDING_RAW = pending_bytes(PENDING)


def test_round_trip_gives_back_the_vault_key() -> None:
    pending = parse_pending(PENDING_RAW)
    assert open_answer(pending, parse_answer(ANSWER), NEW) == DEK
    with pytest.raises(WrongPassphrase):
        open_answer(pending, parse_answer(ANSWER), "not it at all, no")


def test_the_request_holds_no_secret_in_clear() -> None:
    assert bytes(DEK).hex() not in REQUEST.hex() and bytes(DEK).hex() not in PENDING_RAW.hex()
    assert bytes(DEK).hex() not in ANSWER.hex()


def test_another_recovery_key_cannot_answer() -> None:
    other_sk, _pk = generate_recovery_key()
    with pytest.raises(RecoveryError, match="recovery key"):
        answer_request(parse_request(REQUEST), other_sk)


@SETTINGS
@given(data=st.data())
def test_request_reader_raises_only_its_own_error(data: st.DataObject) -> None:
    with contextlib.suppress(RecoveryError):
        parse_request(data.draw(hostile(REQUEST)))


@SETTINGS
@given(data=st.data())
def test_answer_reader_raises_only_its_own_error(data: st.DataObject) -> None:
    with contextlib.suppress(RecoveryError):
        parse_answer(data.draw(hostile(ANSWER)))


@SETTINGS
@given(data=st.data())
def test_pending_reader_raises_only_its_own_error(data: st.DataObject) -> None:
    with contextlib.suppress(RecoveryError):
        parse_pending(data.draw(hostile(PENDING_RAW)))
