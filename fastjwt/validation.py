"""Checks that follow a valid signature: token type and freshness."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastjwt.exceptions import (
    AccessTokenRequiredError,
    FreshTokenRequiredError,
    RefreshTokenRequiredError,
    TokenTypeError,
)

if TYPE_CHECKING:
    from fastjwt.models import TokenPayload
    from fastjwt.types import TokenType

__all__ = ["check_payload"]

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
