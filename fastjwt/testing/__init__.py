"""Test helpers for applications that use FastJWT, and the pytest plugin that offers them.

`TokenFactory` mints tokens for your own `FastJWT` instance: valid ones, expired ones, and
ones signed with a key your application does not hold, so that a test can check both the way
in and the ways out. `override_authentication` replaces one of your dependencies for the
length of a `with` block, and only that one.

The pytest plugin (`fastjwt.testing.plugin`, which pytest loads by itself once FastJWT is
installed) turns these into fixtures. Nothing here imports pytest, nor the test client, until
a fixture asks for it: `import fastjwt` never loads either.

Example:
    ```python
    from fastjwt import FastJWT, FJWTConfig
    from fastjwt.testing import TokenFactory

    security = FastJWT(FJWTConfig(JWT_SECRET_KEY="a-secret-of-thirty-two-bytes-at-least"))
    tokens = TokenFactory(security)
    assert tokens.payload("alice").sub == "alice"
    assert tokens.headers(tokens.access("alice"))["Authorization"].startswith("Bearer ")
    ```
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, MutableMapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from fastjwt.core import FastJWT
from fastjwt.keys.generate import new_private_key, new_secret, pem
from fastjwt.models import TokenPayload
from fastjwt.web.cookies import token_cookie_name

if TYPE_CHECKING:
    from fastapi import FastAPI

    from fastjwt._types import TokenType

__all__ = ["TokenFactory", "override_authentication"]

_EXPIRED_FOR = 60  # seconds past the leeway: long enough for any clock in a test


class TokenFactory:
    """Tokens for the application's own `FastJWT`, as its login route would create them.

    Args:
        security: Your application's instance; its settings (algorithm, keys,
            lifetimes, issuer, audience) shape every token.

    See Also:
        [Testing your application](../how-to/testing.md), where the plugin's
        `fastjwt_tokens` fixture gives one.

    Example:
        ```python
        from fastjwt import FastJWT, FJWTConfig, JWTDecodeError
        from fastjwt.testing import TokenFactory

        security = FastJWT(FJWTConfig(JWT_SECRET_KEY="a-secret-of-thirty-two-bytes-at-least"))
        tokens = TokenFactory(security)
        assert security.verify_token_claims(tokens.access("alice"))["sub"] == "alice"
        reason = None
        try:
            security.verify_token_claims(tokens.wrongly_signed("alice"))
        except JWTDecodeError as error:
            reason = error.description
        assert reason == "The token signature is invalid"
        ```
    """

    def __init__(self, security: FastJWT[Any]) -> None:
        self.security = security

    def access(self, uid: str, *, fresh: bool = False, **options: Any) -> str:
        """A valid access token for `uid`; `options` are `create_access_token`'s."""
        return self.security.create_access_token(uid, fresh=fresh, **options)

    def refresh(self, uid: str, **options: Any) -> str:
        """A valid refresh token for `uid`; `options` are `create_refresh_token`'s."""
        return self.security.create_refresh_token(uid, **options)

    def expired(self, uid: str, type: TokenType = "access", **options: Any) -> str:
        """A token whose `exp` is past, beyond the configured leeway: answered 401."""
        leeway = self.security.config.JWT_DECODE_LEEWAY or 0
        expiry = timedelta(seconds=-(leeway + _EXPIRED_FOR))
        return _create(self.security, type, uid, expiry=expiry, **options)

    def wrongly_signed(self, uid: str, type: TokenType = "access", **options: Any) -> str:
        """A token like a valid one, key id included, signed with a key nobody configured."""
        return _create(_stranger(self.security), type, uid, **options)

    def payload(self, uid: str, type: TokenType = "access", **options: Any) -> TokenPayload:
        """The `TokenPayload` a dependency would give a route for a new token of `uid`."""
        token = _create(self.security, type, uid, **options)
        return TokenPayload(**self.security.verify_token_claims(token))

    def headers(self, token: str) -> dict[str, str]:
        """The request header that carries `token`, as the configuration names it."""
        config = self.security.config
        kind = config.JWT_HEADER_TYPE
        return {config.JWT_HEADER_NAME: f"{kind} {token}" if kind else token}

    def cookies(self, token: str, type: TokenType = "access") -> tuple[dict[str, str], str | None]:
        """The cookies that carry `token`, and the CSRF value to send in the CSRF header.

        The CSRF value is the token's `csrf` claim (`None` without CSRF protection):
        what `set_access_cookies` would have stored in the readable CSRF cookie.
        """
        name = token_cookie_name(self.security.config, type)
        csrf = self.security.verify_token_claims(token).get("csrf")
        return {name: token}, csrf if isinstance(csrf, str) else None


def _create(security: FastJWT[Any], type: TokenType, uid: str, **options: Any) -> str:
    if type == "refresh":
        return security.create_refresh_token(uid, **options)
    return security.create_access_token(uid, **options)


def _stranger(security: FastJWT[Any]) -> FastJWT[Any]:
    """An instance with the same settings as `security`, but keys of its own."""
    config = security.config
    algorithm = config.JWT_ALGORITHM
    keys: dict[str, Any] = {
        "JWT_SECRET_KEY": None,
        "JWT_PRIVATE_KEY": None,
        "JWT_PUBLIC_KEY": None,
        "JWT_SECRET_KEY_FILE": None,
        "JWT_PRIVATE_KEY_FILE": None,
        "JWT_PUBLIC_KEY_FILE": None,
        "JWT_VERIFICATION_KEYS": {},
        "JWT_VERIFICATION_KEY_FILES": {},
        "JWT_JWKS_URL": None,
    }
    if config.is_algo_symmetric:
        keys["JWT_SECRET_KEY"] = new_secret(algorithm)
    else:
        keys["JWT_PRIVATE_KEY"] = pem(new_private_key(algorithm))
    return FastJWT(config.model_copy(update=keys))


@contextlib.contextmanager
def override_authentication(
    app: FastAPI, dependency: Callable[..., Any], value: Any
) -> Iterator[None]:
    """Make `dependency` give `value` to every route of `app` inside the block.

    Only that one object is replaced, and only until the block ends: the real
    dependency is untouched, and routes behind another dependency (a fresh
    token, scopes) still authenticate for real. An override that was in place
    before the block comes back after it.
    """
    overrides: MutableMapping[Callable[..., Any], Callable[..., Any]] = app.dependency_overrides
    missing = object()
    previous: Any = overrides.get(dependency, missing)
    overrides[dependency] = lambda: value
    try:
        yield
    finally:
        if previous is missing:
            del overrides[dependency]
        else:
            overrides[dependency] = previous
