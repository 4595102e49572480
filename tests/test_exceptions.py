"""The exception tree and the challenges it sends."""

from __future__ import annotations

import pytest
from fastapi import HTTPException

import fastjwt
from fastjwt import exceptions
from fastjwt.exceptions import (
    AuthenticationError,
    BadConfigurationError,
    FastJWTException,
    InsufficientScopeError,
    InvalidHeaderError,
    JWKSUnavailableError,
    JWTDecodeError,
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
    assert str(InvalidHeaderError("Send one header")) == "401: Send one header"
