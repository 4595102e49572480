"""The claims of new tokens: what FastJWT writes, and what a renewed token carries over."""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import uuid4

if TYPE_CHECKING:
    from fastjwt._types import DateTimeExpression, StrOrSeq, TokenType

__all__ = ["REQUIRED_CLAIMS", "RESERVED_CLAIMS", "build_claims", "renewal_claims"]

RESERVED_CLAIMS: frozenset[str] = frozenset(
    {"fresh", "csrf", "iat", "exp", "iss", "aud", "type", "jti", "nbf", "sub", "fam"}
)
"""Claims FastJWT writes itself; `data=` and keyword claims may not use them."""

REQUIRED_CLAIMS: tuple[str, ...] = ("iat", "jti", "type")
"""Claims every token FastJWT issues carries (with the identity claim), and so must accept."""


def build_claims(
    *,
    uid: str,
    identity_claim: str = "sub",
    token_type: TokenType,
    fresh: bool,
    lifetime: DateTimeExpression | None,
    issuer: str | None,
    audience: StrOrSeq | None,
    not_before: bool,
    csrf: bool,
    family: str | None = None,
    data: Mapping[str, Any] | None,
    extra: Mapping[str, Any],
) -> dict[str, Any]:
    """Assemble the claims of a new token.

    Args:
        uid: The subject; a non-empty string, as RFC 7519 requires of `sub`.
        identity_claim: The claim that carries `uid`.
        token_type: The `type` claim, `"access"` or `"refresh"`.
        fresh: Whether the token proves a login that just happened.
        lifetime: An absolute expiry (`datetime`, naive ones read as UTC), a
            duration (`timedelta` or seconds), or `None` for no `exp`.
        issuer: The `iss` claim, if any.
        audience: The `aud` claim, if any.
        not_before: Whether to write `nbf` (equal to `iat`).
        csrf: Whether to write a random `csrf` claim, the value a cookie token's
            CSRF double submit must repeat.
        family: The refresh-token family (`fam`) of a rotated token.
        data: User claims.
        extra: More user claims, from keyword arguments.

    Raises:
        TypeError: `uid` is not a string.
        ValueError: `uid` is empty, or a user claim uses a reserved name.
    """
    if not isinstance(uid, str):
        msg = f"uid must be a string (the JWT 'sub' claim), got {type(uid).__name__}"
        raise TypeError(msg)
    if not uid:
        msg = "uid must not be empty"
        raise ValueError(msg)
    user_claims = {**data, **extra} if data else extra
    clashes = (
        sorted((RESERVED_CLAIMS | {identity_claim}).intersection(user_claims))
        if user_claims
        else None
    )
    if clashes:
        msg = (
            f"Reserved claim names cannot be given as data or keyword claims: {', '.join(clashes)}"
            " (FastJWT writes them itself; use the matching argument or setting instead)"
        )
        raise ValueError(msg)

    # Whole seconds: RFC 7519's NumericDate as every JOSE library reads it (fractions make
    # some of them refuse a token for up to a second after it was issued).
    issued_at = int(time.time())
    claims: dict[str, Any] = {identity_claim: uid, "iat": issued_at}
    if not_before:
        claims["nbf"] = issued_at
    expiry = _expiry(issued_at, lifetime)
    if expiry is not None:
        claims["exp"] = expiry
    claims["jti"] = str(uuid4())
    claims["type"] = token_type
    claims["fresh"] = fresh
    if csrf:
        claims["csrf"] = secrets.token_urlsafe(24)
    if family is not None:
        claims["fam"] = family
    if issuer is not None:
        claims["iss"] = issuer
    if audience is not None:
        claims["aud"] = audience if isinstance(audience, str) else list(audience)
    if user_claims:
        claims.update(user_claims)
    return claims


def _expiry(now: float, lifetime: DateTimeExpression | None) -> int | None:
    if lifetime is None:
        return None
    if isinstance(lifetime, datetime):
        moment = lifetime if lifetime.tzinfo else lifetime.replace(tzinfo=UTC)
        return int(moment.timestamp())
    if isinstance(lifetime, timedelta):
        return int(now + lifetime.total_seconds())
    return int(now + lifetime)


def renewal_claims(claims: Mapping[str, Any], scopes: list[str] | None) -> dict[str, Any]:
    """The claims a renewed or rotated token carries over: custom claims and scopes."""
    carried = dict(claims)
    if scopes is not None:
        carried["scopes"] = scopes
    return carried
