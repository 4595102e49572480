"""TokenPayload and RequestToken."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from fastjwt import (
    AccessTokenRequiredError,
    FreshTokenRequiredError,
    JWTDecodeError,
    MissingTokenError,
    RefreshTokenRequiredError,
    RequestToken,
    TokenPayload,
)
from tests.support import SECRET


def test_extra_claims_are_attributes() -> None:
    payload = TokenPayload(sub="alice", role="admin", tenant=3)
    assert payload.role == "admin"
    assert payload.tenant == 3
    assert payload.extra_dict == {"role": "admin", "tenant": 3}
    assert TokenPayload(sub="bob").extra_dict == {}


def test_defaults() -> None:
    payload = TokenPayload()
    assert payload.jti is not None
    assert payload.jti != TokenPayload().jti
    assert payload.iat is not None
    assert payload.fresh is False


def test_list_audience_is_accepted() -> None:
    assert TokenPayload(aud=["api", "admin"]).aud == ["api", "admin"]


def test_time_properties() -> None:
    payload = TokenPayload(iat=datetime.now(UTC) - timedelta(minutes=1), exp=timedelta(minutes=10))
    assert payload.issued_at is not None
    assert payload.expiry_datetime is not None
    assert payload.time_until_expiry is not None
    assert payload.time_since_issued is not None
    assert timedelta(minutes=9) < payload.time_until_expiry <= timedelta(minutes=10)
    assert timedelta(seconds=59) <= payload.time_since_issued < timedelta(minutes=2)


def test_time_claims_assigned_later_are_stored_as_timestamps() -> None:
    payload = TokenPayload(sub="alice")
    payload.iat = datetime(2024, 1, 1, tzinfo=UTC)  # type: ignore[assignment]
    payload.exp = timedelta(minutes=10)  # type: ignore[assignment]
    payload.nbf = datetime(2024, 1, 1, tzinfo=UTC)  # type: ignore[assignment]
    assert payload.iat == payload.nbf == datetime(2024, 1, 1, tzinfo=UTC).timestamp()
    assert payload.issued_at == datetime(2024, 1, 1, tzinfo=UTC)
    assert payload.time_until_expiry is not None
    assert timedelta(minutes=9) < payload.time_until_expiry <= timedelta(minutes=10)
    payload.role = "admin"  # type: ignore[attr-defined]
    assert payload.extra_dict == {"role": "admin"}


def test_time_properties_without_times() -> None:
    payload = TokenPayload(iat=None)
    assert payload.issued_at is None
    assert payload.expiry_datetime is None
    assert payload.time_until_expiry is None
    assert payload.time_since_issued is None


def test_has_scopes() -> None:
    payload = TokenPayload(scopes=["read", "write"])
    assert payload.has_scopes("read")
    assert payload.has_scopes("read", "write")
    assert not payload.has_scopes("admin")
    assert not TokenPayload().has_scopes("read")
    assert TokenPayload().has_scopes()


def _signed(**claims: object) -> str:
    payload = TokenPayload(sub="alice", type="access", exp=timedelta(minutes=5), **claims)
    return payload.encode(SECRET)


def test_encode_keeps_extra_claims_and_decode_reads_them() -> None:
    decoded = TokenPayload.decode(_signed(role="admin"), SECRET)
    assert decoded.sub == "alice"
    assert decoded.role == "admin"


def test_decode_refuses_another_key_unless_unverified() -> None:
    token = _signed()
    with pytest.raises(JWTDecodeError):
        TokenPayload.decode(token, "another-secret-of-thirty-two-bytes!")
    assert TokenPayload.decode(token, "another-secret-of-thirty-two-bytes!", verify=False).sub == (
        "alice"
    )


def test_request_token_verify() -> None:
    token = RequestToken(token=_signed(fresh=True), location="headers")
    assert token.verify(SECRET, verify_fresh=True).sub == "alice"
    with pytest.raises(RefreshTokenRequiredError):
        RequestToken(token=token.token, type="refresh", location="headers").verify(SECRET)
    assert (
        RequestToken(token=token.token, type="refresh", location="headers")
        .verify(SECRET, verify_type=False)
        .type
        == "access"
    )


def test_request_token_verify_errors() -> None:
    with pytest.raises(MissingTokenError):
        RequestToken(location="headers").verify(SECRET)
    with pytest.raises(FreshTokenRequiredError):
        RequestToken(token=_signed(), location="headers").verify(SECRET, verify_fresh=True)
    untyped = TokenPayload(sub="alice", exp=timedelta(minutes=5)).encode(SECRET)
    with pytest.raises(JWTDecodeError) as caught:  # as with the configured keys: type is required
        RequestToken(token=untyped, location="headers").verify(SECRET)
    assert caught.value.description == "The token lacks the type claim"
    other = TokenPayload(sub="alice", type="session", exp=timedelta(minutes=5)).encode(SECRET)
    with pytest.raises(AccessTokenRequiredError) as wrong:
        RequestToken(token=other, location="headers").verify(SECRET)
    assert wrong.value.description == "This route needs a token of type access, got type session"
