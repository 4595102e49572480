"""fastjwt 0.4.1's token helpers, `create_token` and `decode_token`, with an explicit key.

Applications create and verify tokens through `FastJWT`, which uses the
configured keys and runs every check; these two functions remain for code
written against 0.4.1 that signs or reads tokens with a key of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import uuid4

from fastjwt.payload import TokenPayload, decode_with_key

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from fastjwt._types import AlgorithmType, DateTimeExpression, StrOrSeq, TokenType

__all__ = ["RESERVED_CLAIMS", "create_token", "decode_token"]

RESERVED_CLAIMS: frozenset[str] = frozenset(
    {"fresh", "csrf", "iat", "exp", "iss", "aud", "type", "jti", "nbf", "sub"}
)
"""The claims `create_token` writes itself: `additional_data` may not set them."""


def create_token(
    uid: str,
    key: Any,
    type: TokenType,
    jti: str | None = None,
    expiry: DateTimeExpression | None = None,
    issued: DateTimeExpression | None = None,
    fresh: bool = False,
    csrf: str | bool = True,
    algorithm: AlgorithmType = "HS256",
    headers: dict[str, Any] | None = None,
    audience: StrOrSeq | None = None,
    issuer: str | None = None,
    additional_data: Mapping[str, Any] | None = None,
    not_before: DateTimeExpression | None = None,
    ignore_errors: bool = True,
) -> str:
    """Sign a token for `uid` with `key`.

    Times are a `datetime`, a `timedelta` from now, or a timestamp; `issued`
    defaults to now and `expiry` to none. `csrf=True` writes a random CSRF
    value, a string writes that value, `False` none.

    Raises:
        ValueError: `additional_data` names a reserved claim and
            `ignore_errors` is false (when it is true, those claims are
            dropped), or `key` cannot sign with `algorithm`.
    """
    extra = dict(additional_data or {})
    reserved = RESERVED_CLAIMS.intersection(extra)
    if reserved and not ignore_errors:
        msg = f"{', '.join(sorted(reserved))}: reserved claims are forbidden in additional claims"
        raise ValueError(msg)
    claims = {name: value for name, value in extra.items() if name not in reserved}
    if issued is not None:  # else the model's default: now
        claims["iat"] = issued
    payload = TokenPayload(
        sub=uid,
        jti=jti or str(uuid4()),
        type=type,
        fresh=fresh and type == "access",
        csrf=(csrf if isinstance(csrf, str) else str(uuid4())) if csrf else None,
        exp=expiry,
        nbf=not_before,
        aud=audience if audience is None or isinstance(audience, str) else list(audience),
        iss=issuer,
        **claims,
    )
    return payload.encode(key, algorithm, headers=headers)


def decode_token(
    token: str,
    key: Any,
    algorithms: Sequence[AlgorithmType] = ("HS256",),
    audience: StrOrSeq | None = None,
    issuer: str | None = None,
    verify: bool = True,
) -> dict[str, Any]:
    """Verify a token's signature and registered claims with `key`; return its claims.

    Warning:
        With `verify=False` nothing is checked: not the signature, not the expiry.

    Raises:
        JWTDecodeError: The token is malformed, wrongly signed, expired, or
            for another audience or issuer.
    """
    return decode_with_key(token, key, algorithms, audience, issuer, verify)
