"""The exception tree and the challenges it sends."""

from __future__ import annotations

import pytest
from fastapi import HTTPException

import fastjwt
from fastjwt import exceptions
from fastjwt.exceptions import (
    AuthenticationError,
    BadConfigurationError,
    CSRFError,
    FastJWTException,
    InsufficientScopeError,
    InvalidHeaderError,
    JWKSUnavailableError,
    JWTDecodeError,
    MissingCSRFTokenError,
    MissingTokenError,
    RevocationUnavailableError,
)

NAMES_0_4_1 = [
    "FastJWTException",
    "BadConfigurationError",
    "JWTDecodeError",
    "NoAuthorizationError",
    "CSRFError",
    "TokenError",
    "MissingTokenError",
    "MissingCSRFTokenError",
    "TokenTypeError",
    "AccessTokenRequiredError",
    "RefreshTokenRequiredError",
    "RevokedTokenError",
    "TokenRequiredError",
    "FreshTokenRequiredError",
]


@pytest.mark.parametrize("name", NAMES_0_4_1)
def test_0_4_1_names_exist_and_share_the_root(name: str) -> None:
    error_class = getattr(exceptions, name)
    assert getattr(fastjwt, name) is error_class
    assert issubclass(error_class, FastJWTException)


@pytest.mark.parametrize("name", [n for n in exceptions.__all__ if n not in {"FastJWTException"}])
def test_request_errors_are_401_http_exceptions(name: str) -> None:
    error_class = getattr(exceptions, name)
    if error_class is BadConfigurationError:
        assert issubclass(error_class, ValueError)
        assert not issubclass(error_class, HTTPException)
        return
    if error_class is RevocationUnavailableError:
        unavailable = error_class()
        assert (unavailable.status_code, unavailable.headers) == (503, {"Retry-After": "5"})
        return
    if error_class is JWKSUnavailableError:
        keys_unavailable = error_class()
        assert (keys_unavailable.status_code, keys_unavailable.headers) == (
            503,
            {"Retry-After": "10"},
        )
        return
    assert issubclass(error_class, AuthenticationError)
    error = error_class()
    assert error.status_code == (403 if error_class is InsufficientScopeError else 401)
    assert error.detail == error_class.default_detail
    assert error.headers is not None
    assert error.headers["WWW-Authenticate"].startswith("Bearer")


def test_missing_credentials_send_a_bare_challenge() -> None:
    assert MissingTokenError(description="ignored").challenge() == "Bearer"


def test_challenge_carries_error_and_description() -> None:
    error = JWTDecodeError(description="The token has expired")
    assert (
        error.challenge()
        == 'Bearer error="invalid_token", error_description="The token has expired"'
    )
    assert JWTDecodeError().challenge() == 'Bearer error="invalid_token"'


def test_description_drops_characters_rfc_6750_forbids() -> None:
    error = InvalidHeaderError(description='say "hi"\\ \u00e9\n')
    assert error.challenge() == 'Bearer error="invalid_request", error_description="say hi "'


def test_custom_detail() -> None:
    assert InvalidHeaderError("Send one header").detail == "Send one header"
    assert str(InvalidHeaderError("Send one header")) == "Send one header"


def test_str_is_the_message_as_in_0_4_1() -> None:
    """`str()` gives the message alone, not Starlette's `"401: ..."`."""
    assert str(JWTDecodeError("x")) == "x"
    assert str(MissingTokenError()) == "Missing JWT in request"
    assert str(RevocationUnavailableError()) == "Token revocation check unavailable"
    assert str(BadConfigurationError("JWT_SECRET_KEY: not set")) == "JWT_SECRET_KEY: not set"
    assert repr(JWTDecodeError("x")) == "JWTDecodeError(status_code=401, detail='x')"


def test_a_missing_csrf_value_is_a_csrf_error_and_a_missing_token() -> None:
    """`except CSRFError` catches both CSRF failures; the response stays MissingCSRFTokenError's."""
    error = MissingCSRFTokenError()
    assert isinstance(error, CSRFError)
    assert isinstance(error, MissingTokenError)
    assert error.msg_attribute == "MSG_MISSING_CSRF_ERROR"
    assert error.detail == "Missing CSRF double submit token in request"
    assert error.headers == {"WWW-Authenticate": 'Bearer error="invalid_request"'}
