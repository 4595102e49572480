"""The checks after a valid signature: type, freshness, CSRF, scopes."""

from __future__ import annotations

import time

import pytest

from fastjwt import (
    AccessTokenRequiredError,
    CSRFError,
    FreshTokenRequiredError,
    InsufficientScopeError,
    MissingCSRFTokenError,
    RefreshTokenRequiredError,
    RequestToken,
    TokenPayload,
)
from fastjwt.checks import check_csrf, check_payload, check_scopes


def test_type() -> None:
    now = time.time()
    check_payload(TokenPayload(type="access"), expected_type="access", now=now)
    check_payload(TokenPayload(type="refresh"), expected_type="access", verify_type=False, now=now)
    with pytest.raises(AccessTokenRequiredError) as access:
        check_payload(TokenPayload(), expected_type="access", now=now)
    assert access.value.description == "This route needs a token of type access, got type missing"
    with pytest.raises(RefreshTokenRequiredError):
        check_payload(TokenPayload(type="access"), expected_type="refresh", now=now)


def test_freshness() -> None:
    now = time.time()
    fresh = TokenPayload(type="access", fresh=True, iat=now - 60)
    check_payload(fresh, expected_type="access", verify_fresh=True, now=now)
    check_payload(fresh, expected_type="access", verify_fresh=True, fresh_for=120, now=now)
    with pytest.raises(FreshTokenRequiredError, match="Fresh token required"):
        check_payload(fresh, expected_type="access", verify_fresh=True, fresh_for=30, now=now)
    with pytest.raises(FreshTokenRequiredError):
        check_payload(
            TokenPayload(type="access"), expected_type="access", verify_fresh=True, now=now
        )


def test_csrf_applies_to_cookie_tokens_only() -> None:
    payload = TokenPayload(csrf="value")
    check_csrf(RequestToken(token="t", location="headers"), payload)
    check_csrf(RequestToken(token="t", csrf="value", location="cookies"), payload)
    with pytest.raises(MissingCSRFTokenError):
        check_csrf(RequestToken(token="t", location="cookies"), payload)
    with pytest.raises(CSRFError, match="does not match"):
        check_csrf(RequestToken(token="t", csrf="other", location="cookies"), payload)
    with pytest.raises(CSRFError):
        check_csrf(RequestToken(token="t", csrf="value", location="cookies"), TokenPayload())


def test_scopes() -> None:
    payload = TokenPayload(scopes=["read", "write"])
    check_scopes(payload, ())
    check_scopes(TokenPayload(), ())
    check_scopes(payload, ("read", "write"))
    check_scopes(payload, ("read", "admin"), any_of=True)
    with pytest.raises(InsufficientScopeError) as caught:
        check_scopes(payload, ("admin",))
    assert caught.value.required == ("admin",)
    with pytest.raises(InsufficientScopeError):
        check_scopes(TokenPayload(), ("read",), any_of=True)
