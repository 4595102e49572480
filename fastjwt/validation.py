"""Checks that follow a valid signature: token type, freshness, CSRF double submit."""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from fastjwt.exceptions import (
    AccessTokenRequiredError,
    CSRFError,
    FreshTokenRequiredError,
    MissingCSRFTokenError,
    RefreshTokenRequiredError,
    TokenTypeError,
)

if TYPE_CHECKING:
    from fastjwt.models import RequestToken, TokenPayload
    from fastjwt.types import TokenType

__all__ = ["check_csrf", "check_payload"]

_TYPE_ERRORS: dict[str, type[TokenTypeError]] = {
    "access": AccessTokenRequiredError,
    "refresh": RefreshTokenRequiredError,
}


def check_payload(
    payload: TokenPayload,
    *,
    expected_type: TokenType,
    verify_type: bool = True,
    verify_fresh: bool = False,
) -> None:
    """Check the claims a route cares about beyond the signature.

    Raises:
        AccessTokenRequiredError: An access token was expected and the token
            is of another type (or has none).
        RefreshTokenRequiredError: Likewise for a refresh token.
        FreshTokenRequiredError: `verify_fresh` is set and the token is not fresh.
    """
    if verify_type and payload.type != expected_type:
        received = "missing" if payload.type is None else payload.type
        raise _TYPE_ERRORS[expected_type](
            description=f"This route needs a token of type {expected_type}, got type {received}"
        )
    if verify_fresh and not payload.fresh:
        raise FreshTokenRequiredError(description="This route needs a fresh token: log in again")


def check_csrf(token: RequestToken, payload: TokenPayload) -> None:
    """Check a cookie token's CSRF double submit value against its `csrf` claim.

    Tokens from other locations need no check: a cross-site page cannot make a
    browser send them. The comparison is constant-time and works on bytes, so
    any value a client sends is safe to compare.

    Raises:
        MissingCSRFTokenError: The request carries no CSRF value.
        CSRFError: The token has no `csrf` claim, or the values differ.
    """
    if token.location != "cookies":
        return
    if not token.csrf:
        raise MissingCSRFTokenError(description="Send the CSRF cookie value in the CSRF header")
    if not payload.csrf:
        raise CSRFError("The token carries no CSRF value", description="No csrf claim")
    if not hmac.compare_digest(token.csrf.encode(), payload.csrf.encode()):
        raise CSRFError(description="The CSRF value does not match the token")
