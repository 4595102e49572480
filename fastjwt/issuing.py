"""Creating tokens: one implementation for access and refresh tokens."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from fastjwt.tokens import codec
from fastjwt.tokens.claims import build_claims

if TYPE_CHECKING:
    from collections.abc import Mapping

    from fastjwt._types import DateTimeExpression, StrOrSeq, TokenType
    from fastjwt.runtime import Prepared

__all__ = ["TokenIssuer", "warn_ignored"]


def warn_ignored(method: str, arguments: tuple[Any, ...], *, fresh: bool = False) -> None:
    """Warn about the arguments of `create_*_token` that fastjwt 0.4.1 accepted and ignored.

    They are still accepted (a 0.4.1 app keeps running) and still ignored; the
    warning points at the caller of the public method.

    Args:
        method: The public method's name.
        arguments: The extra positional arguments it received.
        fresh: Whether `fresh=True` was given for a refresh token.
    """
    if arguments:
        msg = (
            f"{method} ignores extra positional arguments, as fastjwt 0.4.1 did: remove them "
            "(claims go in data= or in keyword arguments)"
        )
        warnings.warn(msg, DeprecationWarning, stacklevel=3)
    if fresh:
        msg = (
            "create_refresh_token ignores fresh=True, as fastjwt 0.4.1 did (refresh tokens are "
            "never fresh): remove the argument, and pass fresh=True to create_access_token"
        )
        warnings.warn(msg, DeprecationWarning, stacklevel=3)


class TokenIssuer:
    """`create_access_token`, `create_refresh_token` and the `create_token` they share.

    Args:
        prepared: The configuration, prepared: its signing key and claim settings.
    """

    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared

    def create_access_token(
        self,
        uid: str,
        fresh: bool = False,
        headers: Mapping[str, Any] | None = None,
        expiry: DateTimeExpression | None = None,
        data: Mapping[str, Any] | None = None,
        audience: StrOrSeq | None = None,
        **extra_claims: Any,
    ) -> str:
        """Create a signed access token for the user `uid`.

        Args:
            uid: The user's identifier, stored in `sub`. Prefer an opaque id
                to a name or an email: anyone holding the token can read it.
            fresh: Mark the token fresh, as at login.
            headers: Extra JOSE header fields. With a key set, FastJWT adds
                `kid` (`JWT_KEY_ID`) itself.
            expiry: When the token expires: a `datetime`, or a duration as a
                `timedelta` or seconds. Defaults to `JWT_ACCESS_TOKEN_EXPIRES`.
            data: Extra claims to store in the token.
            audience: The `aud` claim; defaults to `JWT_ENCODE_AUDIENCE`.
            **extra_claims: More extra claims.

        Raises:
            ValueError: A claim in `data` or `extra_claims` is one FastJWT
                writes itself (`sub`, `exp`, `type`, ...), or `headers` names
                another `kid` than `JWT_KEY_ID`.
            BadConfigurationError: The signing key is not configured.
        """
        return self.create_token(
            "access",
            uid,
            fresh=fresh,
            headers=headers,
            expiry=expiry,
            data=data,
            audience=audience,
            extra_claims=extra_claims,
        )

    def create_refresh_token(
        self,
        uid: str,
        headers: Mapping[str, Any] | None = None,
        expiry: DateTimeExpression | None = None,
        data: Mapping[str, Any] | None = None,
        audience: StrOrSeq | None = None,
        **extra_claims: Any,
    ) -> str:
        """Create a signed refresh token for the user `uid`.

        It takes the arguments of `create_access_token` but `fresh`; its
        default lifetime is `JWT_REFRESH_TOKEN_EXPIRES`.
        """
        return self.create_token(
            "refresh",
            uid,
            headers=headers,
            expiry=expiry,
            data=data,
            audience=audience,
            extra_claims=extra_claims,
        )

    def create_token(
        self,
        token_type: TokenType,
        uid: str,
        *,
        fresh: bool = False,
        headers: Mapping[str, Any] | None = None,
        expiry: DateTimeExpression | None = None,
        data: Mapping[str, Any] | None = None,
        audience: StrOrSeq | None = None,
        extra_claims: Mapping[str, Any] | None = None,
        family: str | None = None,
    ) -> str:
        """Create a token of either type (the arguments of `create_access_token`).

        `family` puts the token in a refresh-token family (`fam`), as
        `rotate_refresh_token` does; the default lifetime follows the type.
        """
        runtime = self.prepared.current()
        config = runtime.config
        if expiry is None:
            expiry = (
                config.JWT_ACCESS_TOKEN_EXPIRES
                if token_type == "access"
                else config.JWT_REFRESH_TOKEN_EXPIRES
            )
        claims = build_claims(
            uid=uid,
            token_type=token_type,
            fresh=fresh,
            lifetime=expiry,
            issuer=config.JWT_ENCODE_ISSUER,
            audience=config.JWT_ENCODE_AUDIENCE if audience is None else audience,
            identity_claim=config.JWT_IDENTITY_CLAIM,
            not_before=config.JWT_ENCODE_NBF,
            csrf=config.JWT_COOKIE_CSRF_PROTECT,
            family=family,
            data=data,
            extra=extra_claims or {},
        )
        keys = runtime.keys
        signing_key = keys.require_signing_key()
        return codec.encode(claims, signing_key, keys.algorithm, keys.signing_headers(headers))
