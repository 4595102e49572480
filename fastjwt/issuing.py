"""Creating tokens: one implementation for access and refresh tokens; part of `FastJWT`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastjwt import tokens
from fastjwt.keyset import signing_headers

if TYPE_CHECKING:
    from collections.abc import Mapping

    from fastjwt.config import FJWTConfig
    from fastjwt.types import DateTimeExpression, StrOrSeq, TokenType

__all__ = ["TokenIssuing"]


class TokenIssuing:
    """`create_access_token`, `create_refresh_token` and the `create_token` they share."""

    _config: FJWTConfig

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
        config = self._config
        if expiry is None:
            expiry = (
                config.JWT_ACCESS_TOKEN_EXPIRES
                if token_type == "access"
                else config.JWT_REFRESH_TOKEN_EXPIRES
            )
        claims = tokens.build_claims(
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
        keys = config.keys
        signing_key = keys.require_signing_key()
        return tokens.encode(claims, signing_key, keys.algorithm, signing_headers(keys, headers))
