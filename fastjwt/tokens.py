"""Encode and decode tokens over PyJWT, and build the claims of new tokens.

This is the one module that signs and verifies. Every PyJWT error is turned
into `JWTDecodeError` here, with a reason short enough for a
`WWW-Authenticate` header and free of anything the client sent.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import uuid4

import jwt
from jwt.utils import base64url_decode, base64url_encode
from pydantic import BaseModel, ValidationError

from fastjwt.exceptions import JWTDecodeError

if TYPE_CHECKING:
    from fastjwt.types import DateTimeExpression, StrOrSeq, TokenType

__all__ = [
    "RESERVED_CLAIMS",
    "build_claims",
    "decode",
    "encode",
    "read_header",
    "to_payload",
    "unverified_claims",
]

RESERVED_CLAIMS: frozenset[str] = frozenset(
    {"fresh", "csrf", "iat", "exp", "iss", "aud", "type", "jti", "nbf", "sub", "fam"}
)
"""Claims FastJWT writes itself; `data=` and keyword claims may not use them."""

REQUIRED_CLAIMS: tuple[str, ...] = ("iat", "jti", "type")
"""Claims every token FastJWT issues carries (with the identity claim), and so must accept."""

_REASONS: tuple[tuple[type[jwt.PyJWTError], str], ...] = (
    (jwt.ExpiredSignatureError, "The token has expired"),
    (jwt.ImmatureSignatureError, "The token is not valid yet"),
    (jwt.InvalidSignatureError, "The token signature is invalid"),
    (jwt.InvalidAlgorithmError, "The token algorithm is not accepted"),
    (jwt.InvalidAudienceError, "The token audience is not accepted"),
    (jwt.InvalidIssuerError, "The token issuer is not accepted"),
    (jwt.MissingRequiredClaimError, "The token lacks a required claim"),
    (jwt.DecodeError, "The token is malformed"),
)

_Model = TypeVar("_Model", bound=BaseModel)

_SEGMENT = re.compile(r"[A-Za-z0-9_-]*")

# Group orders of the ECDSA curves (SEC 2, FIPS 186-4): a signature (r, s) is
# also valid as (r, n - s), so FastJWT signs with s <= n/2 and refuses s > n/2.
_CURVE_ORDERS: dict[str, int] = {
    "ES256": 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
    "ES256K": 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141,
    "ES384": int(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973",
        16,
    ),
    "ES512": int(
        "01FF" + "FFFFFFFF" * 7 + "FFFFFFFA"
        "51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409",
        16,
    ),
}


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
    user_claims = {**(data or {}), **extra}
    clashes = sorted((RESERVED_CLAIMS | {identity_claim}).intersection(user_claims))
    if clashes:
        msg = (
            f"Reserved claim names cannot be given as data or keyword claims: {', '.join(clashes)}"
            " (FastJWT writes them itself; use the matching argument or setting instead)"
        )
        raise ValueError(msg)

    now = datetime.now(UTC)
    # Kept to the microsecond, so "revoke every token issued before now" can spare
    # the tokens created right after it, in the same second.
    issued_at = now.timestamp()
    claims: dict[str, Any] = {identity_claim: uid, "iat": issued_at}
    if not_before:
        claims["nbf"] = issued_at
    expiry = _expiry(now, lifetime)
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
    claims.update(user_claims)
    return claims


def _expiry(now: datetime, lifetime: DateTimeExpression | None) -> int | None:
    if lifetime is None:
        return None
    if isinstance(lifetime, datetime):
        moment = lifetime if lifetime.tzinfo else lifetime.replace(tzinfo=UTC)
    elif isinstance(lifetime, timedelta):
        moment = now + lifetime
    else:
        moment = now + timedelta(seconds=lifetime)
    return int(moment.timestamp())


def encode(
    claims: Mapping[str, Any],
    key: Any,
    algorithm: str,
    headers: Mapping[str, Any] | None = None,
) -> str:
    """Sign `claims` into a compact JWT (with a low-S signature for ECDSA)."""
    token = jwt.encode(dict(claims), key, algorithm=algorithm, headers=dict(headers or {}))
    order = _CURVE_ORDERS.get(algorithm)
    if order is None:
        return token
    signing_input, _, signature = token.rpartition(".")
    raw = base64url_decode(signature)
    half = len(raw) // 2
    s = int.from_bytes(raw[half:], "big")
    if s <= order // 2:
        return token
    low = (order - s).to_bytes(half, "big")
    return f"{signing_input}.{base64url_encode(raw[:half] + low).decode()}"


def check_canonical(token: str) -> None:
    """Refuse every encoding of a token but the one FastJWT itself produces.

    A JWT's segments are base64url without padding; other spellings of the
    same bytes (padding, non-zero unused bits, trailing data) and ECDSA
    signatures with a high `s` would let one token travel under several
    strings, and defeat a blocklist of raw token strings.

    Raises:
        JWTDecodeError: The token is not in canonical form.
    """
    segments = token.split(".")
    if len(segments) != 3:
        raise JWTDecodeError(description="The token is malformed")
    for segment in segments:
        if not _SEGMENT.fullmatch(segment) or _reencode(segment) != segment:
            raise JWTDecodeError(description="The token is not canonically encoded")


def _reencode(segment: str) -> str | None:
    try:
        return base64url_encode(base64url_decode(segment)).decode()
    except (ValueError, TypeError):
        return None


def _check_low_s(token: str, algorithm: str) -> None:
    order = _CURVE_ORDERS.get(algorithm)
    if order is None:
        return
    raw = base64url_decode(token.rpartition(".")[2])
    if int.from_bytes(raw[len(raw) // 2 :], "big") > order // 2:
        raise JWTDecodeError(description="The token signature is not canonical")


def decode(
    token: str,
    key: Any,
    *,
    algorithms: Sequence[str],
    audience: StrOrSeq | None = None,
    issuer: str | None = None,
    leeway: float = 0,
    verify: bool = True,
    require: Iterable[str] = (),
) -> dict[str, Any]:
    """Verify a token's signature and registered claims, and return its claims.

    The accepted algorithms always come from the caller (the configuration),
    never from the token's own header.

    Raises:
        JWTDecodeError: The token is malformed, wrongly signed, expired, not yet
            valid, for another audience or issuer, or lacks a required claim.
    """
    options: dict[str, Any] = {"verify_signature": verify, "require": list(require)}
    if verify:
        check_canonical(token)
    try:
        decoded = jwt.decode_complete(
            token,
            key,
            algorithms=list(algorithms),
            options=options,  # type: ignore[arg-type]
            audience=audience,
            issuer=issuer,
            leeway=leeway,
        )
    except jwt.PyJWTError as error:
        raise JWTDecodeError(description=_reason(error)) from error
    if verify:
        _check_low_s(token, decoded["header"]["alg"])
    claims: dict[str, Any] = decoded["payload"]
    return claims


def read_header(token: str) -> dict[str, Any]:
    """Read a token's JOSE header, without verifying anything.

    Only the key id (`kid`) is ever used from it, to pick a configured key.

    Raises:
        JWTDecodeError: The token is malformed or not canonically encoded.
    """
    check_canonical(token)
    try:
        return jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise JWTDecodeError(description=_reason(error)) from error


def unverified_claims(token: str) -> dict[str, Any]:
    """Read the claims of a token this process just created, without verifying it.

    Raises:
        ValueError: `token` is not a JWT.
    """
    try:
        return jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as error:
        msg = f"Not a JWT: {_reason(error)}"
        raise ValueError(msg) from error


def to_payload(model: type[_Model], claims: Mapping[str, Any]) -> _Model:
    """Validate decoded claims into `model`, strictly: no type coercion.

    Raises:
        JWTDecodeError: A claim has the wrong type.
    """
    try:
        return model.model_validate(claims, strict=True)
    except ValidationError as error:
        fields = ", ".join(sorted({str(item["loc"][0]) for item in error.errors() if item["loc"]}))
        raise JWTDecodeError(description=f"The token claims are malformed: {fields}") from error


def _reason(error: jwt.PyJWTError) -> str:
    for kind, reason in _REASONS:
        if isinstance(error, kind):
            return reason
    return "The token is invalid"
