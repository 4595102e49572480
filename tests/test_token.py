"""fastjwt 0.4.1's `fastjwt.token` helpers and `fastjwt.utils`, kept for code written against it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from fastjwt import JWTDecodeError, TokenPayload
from fastjwt.token import RESERVED_CLAIMS, create_token, decode_token
from fastjwt.utils import get_now, get_now_ts, get_uuid
from tests.support import SECRET


def test_an_access_token_with_every_claim() -> None:
    token = create_token(
        "alice",
        SECRET,
        "access",
        jti="id-1",
        expiry=timedelta(minutes=5),
        fresh=True,
        csrf="csrf-value",
        audience=["api", "admin"],
        issuer="me",
        not_before=datetime(2024, 1, 1, tzinfo=UTC),
        headers={"kid": "k1"},
        additional_data={"role": "admin"},
    )
    claims = decode_token(token, SECRET, audience="api", issuer="me")
    assert claims["sub"] == "alice"
    assert (claims["jti"], claims["type"], claims["fresh"], claims["csrf"]) == (
        "id-1",
        "access",
        True,
        "csrf-value",
    )
    assert (claims["aud"], claims["iss"], claims["role"]) == (["api", "admin"], "me", "admin")
    assert claims["nbf"] == datetime(2024, 1, 1, tzinfo=UTC).timestamp()
    assert 0 < claims["exp"] - get_now_ts() <= 300
    assert TokenPayload.decode(token, SECRET, audience="api", issuer="me").role == "admin"


def test_defaults_and_refresh_tokens() -> None:
    issued = datetime(2024, 1, 1, tzinfo=UTC)
    claims = decode_token(create_token("bob", SECRET, "refresh", issued=issued, fresh=True), SECRET)
    assert claims["iat"] == issued.timestamp()
    assert claims["fresh"] is False  # a refresh token is never fresh
    assert "exp" not in claims
    assert len(claims["csrf"]) == 36  # a random UUID
    no_csrf = decode_token(create_token("bob", SECRET, "access", csrf=False), SECRET)
    assert "csrf" not in no_csrf
    assert abs(no_csrf["iat"] - get_now_ts()) < 5


def test_reserved_claims_in_additional_data() -> None:
    assert {"sub", "type", "fresh", "csrf"} <= RESERVED_CLAIMS
    token = create_token("alice", SECRET, "access", additional_data={"type": "refresh", "x": 1})
    claims = decode_token(token, SECRET)
    assert (claims["type"], claims["x"]) == ("access", 1)  # dropped, as 0.4.1 did
    with pytest.raises(ValueError, match="type: reserved claims are forbidden"):
        create_token("alice", SECRET, "access", additional_data={"type": "x"}, ignore_errors=False)


def test_decode_token_errors() -> None:
    expired = create_token("alice", SECRET, "access", expiry=-10)
    with pytest.raises(JWTDecodeError) as caught:
        decode_token(expired, SECRET)
    assert caught.value.description == "The token has expired"
    assert decode_token(expired, SECRET, verify=False)["sub"] == "alice"
    with pytest.raises(JWTDecodeError):
        decode_token(create_token("a", SECRET, "access", algorithm="HS512"), SECRET)


def test_utils() -> None:
    now = get_now()
    assert now.tzinfo is UTC
    assert abs(get_now_ts() - now.timestamp()) < 5
    assert get_uuid() != get_uuid()
    assert len(get_uuid()) == 36
