"""Verify a token found in a request: signature and claims, then the route's checks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from fastjwt import tokens
from fastjwt.exceptions import JWTDecodeError, MissingTokenError
from fastjwt.keyset import select_key
from fastjwt.models import TokenPayload
from fastjwt.validation import check_csrf, check_payload

if TYPE_CHECKING:
    from fastjwt.config import FJWTConfig
    from fastjwt.keys import VerificationKey
    from fastjwt.models import RequestToken

__all__ = ["AUTHENTICATED", "check_claims", "verify_claims", "verify_payload"]

P = TypeVar("P", bound=TokenPayload)

AUTHENTICATED = "fastjwt.authenticated"
"""Scope key where a dependency leaves `(RequestToken, TokenPayload)` once all checks passed."""


def verify_claims(token: str, config: FJWTConfig) -> dict[str, Any]:
    """Check a token's signature and registered claims with the configured keys.

    The claim named by `JWT_IDENTITY_CLAIM` is returned as `sub`, so
    `TokenPayload.sub` always holds the subject. With a key set, the key is
    the one the token's `kid` names.

    Raises:
        JWTDecodeError: The token is malformed, wrongly signed, expired, not yet
            valid, for another audience or issuer, has no subject, or names no
            configured key.
    """
    return check_claims(token, select_key(token, config), config)


def check_claims(token: str, key: VerificationKey, config: FJWTConfig) -> dict[str, Any]:
    """Check a token's signature with `key`, and its claims with the settings of `config`.

    Raises:
        JWTDecodeError: As `verify_claims`.
    """
    identity = config.JWT_IDENTITY_CLAIM
    claims = tokens.decode(
        token,
        key.key,
        algorithms=key.algorithms,
        audience=config.JWT_DECODE_AUDIENCE,
        issuer=config.JWT_DECODE_ISSUER,
        leeway=config.JWT_DECODE_LEEWAY or 0,
        require=(*tokens.REQUIRED_CLAIMS, identity),
    )
    subject = claims[identity]
    if not isinstance(subject, str) or not subject:
        raise JWTDecodeError(description="The token subject must be a non-empty string")
    if identity == "sub":
        return claims
    if "sub" in claims:
        raise JWTDecodeError(description=f"The token has both sub and {identity}")
    # The subject takes the identity claim's place, under the name `sub`.
    return {"sub" if name == identity else name: value for name, value in claims.items()}


def verify_payload(
    token: RequestToken,
    config: FJWTConfig,
    *,
    payload_type: type[P],
    verify_type: bool = True,
    verify_fresh: bool = False,
    verify_csrf: bool = True,
) -> P:
    """Verify `token` and return its claims as `payload_type`.

    Raises:
        MissingTokenError: `token.token` is empty.
        JWTDecodeError: The signature or a claim is wrong, or the claims do
            not fit `payload_type`.
        TokenTypeError: The token is not of type `token.type`.
        FreshTokenRequiredError: `verify_fresh` is set and the token is not fresh.
        MissingCSRFTokenError: `verify_csrf` is set and a cookie token came
            without its CSRF value.
        CSRFError: `verify_csrf` is set and the CSRF value does not match.
    """
    if not token.token:
        raise MissingTokenError
    payload = tokens.to_payload(payload_type, verify_claims(token.token, config))
    check_payload(
        payload,
        expected_type=token.type,
        verify_type=verify_type,
        verify_fresh=verify_fresh,
        fresh_for=config.JWT_FRESH_TOKEN_MAX_AGE,
    )
    if verify_csrf:
        check_csrf(token, payload)
    return payload
