"""The checks that follow a valid signature: type, freshness, CSRF double submit, scopes.

They apply to FastJWT's own claims (`type`, `fresh`, `csrf`, `scopes`), in the
order the pipeline (`fastjwt.pipeline`) gives them.
"""

from __future__ import annotations

import hmac
from collections.abc import Collection
from typing import TYPE_CHECKING

from fastjwt.exceptions import (
    AccessTokenRequiredError,
    CSRFError,
    FreshTokenRequiredError,
    InsufficientScopeError,
    MissingCSRFTokenError,
    RefreshTokenRequiredError,
    TokenTypeError,
)

if TYPE_CHECKING:
    from fastjwt._types import FoundToken, TokenType
    from fastjwt.payload import TokenPayload

__all__ = ["check_csrf", "check_payload", "check_scopes"]

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
    fresh_for: float | None = None,
    now: float,
) -> None:
    """Check the claims a route cares about beyond the signature.

    Args:
        payload: The verified claims.
        expected_type: The token type the route accepts.
        verify_type: Refuse tokens of another type.
        verify_fresh: Require a fresh token.
        fresh_for: How many seconds after `iat` a fresh token stays fresh;
            `None` keeps it fresh for its whole life.
        now: The time to check freshness against, as a Unix timestamp.

    Raises:
        AccessTokenRequiredError: An access token was expected and the token
            is of another type (or has none).
        RefreshTokenRequiredError: Likewise for a refresh token.
        FreshTokenRequiredError: `verify_fresh` is set and the token is not
            fresh, or no longer.
    """
    if verify_type and payload.type != expected_type:
        received = "missing" if payload.type is None else payload.type
        raise _TYPE_ERRORS[expected_type](
            description=f"This route needs a token of type {expected_type}, got type {received}"
        )
    if not verify_fresh:
        return
    if not payload.fresh:
        raise FreshTokenRequiredError(description="This route needs a fresh token: log in again")
    if fresh_for is not None and payload.iat is not None and now - payload.iat > fresh_for:
        raise FreshTokenRequiredError(description="The token is no longer fresh: log in again")


def check_scopes(payload: TokenPayload, required: Collection[str], *, any_of: bool = False) -> None:
    """Check that the token carries the scopes a route requires.

    Args:
        payload: The verified claims.
        required: The scopes the route needs.
        any_of: One of `required` is enough (else all are needed).

    Raises:
        InsufficientScopeError: The token lacks them (a 403).
    """
    if not required:
        return
    granted = set(payload.scopes or ())
    enough = bool(granted.intersection(required)) if any_of else granted.issuperset(required)
    if not enough:
        raise InsufficientScopeError(tuple(required))


def check_csrf(token: FoundToken, payload: TokenPayload) -> None:
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
