"""`FastJWT`, the facade that wires configuration, tokens and dependencies together."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar, overload

from fastapi import Depends
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response

from fastjwt import cookies, jwks, locations
from fastjwt.bundle import FastJWTDeps
from fastjwt.config import FJWTConfig
from fastjwt.dependencies import TokenFinder, TokenRequired
from fastjwt.errors import ErrorMessages
from fastjwt.issuing import TokenIssuing
from fastjwt.models import RequestToken, TokenPayload
from fastjwt.refresh import implicit_refresh
from fastjwt.revocation import RevocationHandling
from fastjwt.stores import RevocationStore
from fastjwt.stores.memory import MemoryStore
from fastjwt.subjects import SubjectGetter, SubjectHandling, SubjectRequired
from fastjwt.verification import verify_claims, verify_payload

if TYPE_CHECKING:
    from collections.abc import Sequence

    from fastapi import APIRouter

    from fastjwt.types import TokenLocation, TokenType

__all__ = ["FastJWT"]

T = TypeVar("T")


class FastJWT(TokenIssuing, ErrorMessages, RevocationHandling, SubjectHandling[T]):
    """JWT authentication for a FastAPI application.

    It holds the configuration, creates tokens, and offers the dependencies
    that protect routes. Without any further setup, an authentication failure
    answers 401 with a `{"detail": ...}` body and a `WWW-Authenticate: Bearer`
    challenge; `handle_errors` customises the bodies (see `ErrorMessages`).

    Args:
        config: The settings. When given, its keys are checked at once, so a
            misconfigured app fails at startup. When omitted, a new
            `FJWTConfig` reads the environment, and its keys are checked when
            `load_config` is called or the first token is created or verified.
        model: The type of the subject your subject getter returns; it only
            serves type checkers (`FastJWT[User]` does the same).
        store: Where revocations are kept; a new `MemoryStore` by default
            (one process only: use `RedisStore` with several workers).

    Example:
        ```python
        from fastjwt import FastJWT, FJWTConfig

        security = FastJWT(FJWTConfig(JWT_SECRET_KEY="a-secret-of-thirty-two-bytes-at-least"))
        token = security.create_access_token(uid="alice", data={"role": "admin"})
        assert token.count(".") == 2
        ```
    """

    @overload
    def __init__(
        self: FastJWT[Any],
        config: FJWTConfig | None = None,
        *,
        store: RevocationStore | None = None,
    ) -> None: ...
    @overload
    def __init__(
        self,
        config: FJWTConfig | None = None,
        *,
        model: type[T],
        store: RevocationStore | None = None,
    ) -> None: ...
    @overload
    def __init__(
        self, config: FJWTConfig | None, model: type[T], store: RevocationStore | None = None
    ) -> None: ...

    def __init__(
        self,
        config: FJWTConfig | None = None,
        model: type[T] | None = None,
        store: RevocationStore | None = None,
    ) -> None:
        self.model = model
        self.store = MemoryStore() if store is None else store
        self._config = FJWTConfig() if config is None else config
        if config is not None:
            self.load_config(config)
        self.callback_get_model_instance: SubjectGetter[T] | None = None
        self.access_token_required = TokenRequired(self, token_type="access")
        """Dependency that requires a valid access token (one object, so overrides match it)."""
        self.refresh_token_required = TokenRequired(self, token_type="refresh")
        """Dependency that requires a valid refresh token."""
        self.fresh_token_required = TokenRequired(self, token_type="access", verify_fresh=True)
        """Dependency that requires a valid, fresh access token (one issued at login)."""
        self.access_token_optional = TokenRequired(self, token_type="access", optional=True)
        """The access token's payload, or `None` without a token; a bad token is still refused."""
        self.current_subject: SubjectRequired[T] = SubjectRequired(
            self.access_token_required, lambda: self.callback_get_model_instance
        )
        """Dependency that verifies the access token and returns the subject getter's user."""
        # 0.4.1's aliases, each one object, so that dependency overrides match them.
        self.ACCESS_REQUIRED: Any = Depends(self.access_token_required)
        self.REFRESH_REQUIRED: Any = Depends(self.refresh_token_required)
        self.FRESH_REQUIRED: Any = Depends(self.fresh_token_required)
        self.ACCESS_TOKEN: Any = Depends(self.get_token_from_request("access", optional=True))
        self.REFRESH_TOKEN: Any = Depends(self.get_token_from_request("refresh", optional=True))
        self.CURRENT_SUBJECT: Any = Depends(self.current_subject)
        self.BUNDLE: Any = Depends(self.get_dependency)
        self.DEPENDENCY: Any = self.BUNDLE

    def load_config(self, config: FJWTConfig) -> None:
        """Use `config` from now on, after checking its keys.

        Raises:
            BadConfigurationError: A key is missing or unusable.
        """
        config.keys  # noqa: B018 - parses the keys now, so errors surface at startup
        self._config = config

    @property
    def config(self) -> FJWTConfig:
        """The settings in use."""
        return self._config

    def token_required(
        self,
        type: TokenType = "access",
        verify_type: bool = True,
        verify_fresh: bool = False,
        verify_csrf: bool | None = None,
        locations: Sequence[TokenLocation] | None = None,
        *,
        optional: bool = False,
        payload_type: type[TokenPayload] = TokenPayload,
    ) -> TokenRequired:
        """Build a dependency with its own checks.

        Create it once, at import time, and reuse it: each call makes a new object.

        Args:
            type: The token type the route accepts.
            verify_type: Refuse tokens of the other type.
            verify_fresh: Require a fresh token.
            verify_csrf: Check the CSRF double submit value of cookie tokens:
                always (`True`), never (`False`), or when `JWT_COOKIE_CSRF_PROTECT`
                is set and the method is in `JWT_CSRF_METHODS` (`None`).
            locations: Where this route looks for the token, in order;
                `JWT_TOKEN_LOCATION` when omitted.
            optional: Return `None` when the request carries no token.
            payload_type: A `TokenPayload` subclass declaring your own claims;
                the route receives an instance of it, and a token whose claims
                do not fit it is refused with a 401.
        """
        return TokenRequired(
            self,
            token_type=type,
            verify_type=verify_type,
            verify_fresh=verify_fresh,
            verify_csrf=verify_csrf,
            locations=locations,
            optional=optional,
            payload_type=payload_type,
        )

    def scopes_required(
        self, *scopes: str, any_of: bool = False, payload_type: type[TokenPayload] = TokenPayload
    ) -> TokenRequired:
        """Build a dependency that requires an access token carrying `scopes`.

        A valid token without them is refused with 403 and
        `WWW-Authenticate: Bearer error="insufficient_scope"`; OpenAPI lists
        the scopes on the route. Tokens get scopes as a claim:
        `create_access_token(uid, scopes=["read"])`.

        Args:
            *scopes: The scopes the route needs.
            any_of: One of them is enough (by default all are needed).
            payload_type: As for `token_required`.
        """
        return TokenRequired(
            self, token_type="access", scopes=scopes, any_scope=any_of, payload_type=payload_type
        )

    def get_token_from_request(
        self,
        type: TokenType = "access",
        optional: bool = True,
        locations: Sequence[TokenLocation] | None = None,
    ) -> TokenFinder:
        """Build a dependency that returns the request's `RequestToken`, unverified.

        With `optional`, it returns `None` when the request carries no token.
        """
        return TokenFinder(self, token_type=type, optional=optional, locations=locations)

    def verify_token(
        self,
        token: RequestToken,
        verify_type: bool = True,
        verify_fresh: bool = False,
        verify_csrf: bool = True,
    ) -> TokenPayload:
        """Verify a token found in a request and return its claims.

        The signature, `exp`, `nbf`, `iat`, the subject, and the configured
        audience and issuer are checked first; then the token type, freshness,
        and for a cookie token the CSRF double submit value. With
        `JWT_JWKS_URL`, only the keys already fetched are used (the
        dependencies fetch them as needed).

        Raises:
            MissingTokenError: `token.token` is empty.
            JWTDecodeError: The token is malformed, wrongly signed, expired or foreign.
            TokenTypeError: The token is not of type `token.type`.
            FreshTokenRequiredError: `verify_fresh` is set and the token is not fresh.
            MissingCSRFTokenError: `verify_csrf` is set and a cookie token
                came without its CSRF value.
            CSRFError: `verify_csrf` is set and the CSRF value does not match.
            JWKSUnavailableError: The token names a key that only the issuer's
                JWK Set could hold, and it has not been fetched.
        """
        return verify_payload(
            token,
            self._config,
            payload_type=TokenPayload,
            verify_type=verify_type,
            verify_fresh=verify_fresh,
            verify_csrf=verify_csrf,
        )

    def verify_token_claims(self, token: str) -> dict[str, Any]:
        """Verify an encoded token with the configured keys and return its raw claims.

        Only the signature and the registered claims are checked, not the type.

        Raises:
            JWTDecodeError: The token is malformed, wrongly signed, expired or foreign.
            JWKSUnavailableError: As for `verify_token`.
        """
        return verify_claims(token, self._config)

    async def get_access_token_from_request(self, request: HTTPConnection) -> RequestToken:
        """Find the access token in a request, unverified (`MissingTokenError` if none)."""
        return await locations.find_token(request, self._config, "access")

    async def get_refresh_token_from_request(self, request: HTTPConnection) -> RequestToken:
        """Find the refresh token in a request, unverified (`MissingTokenError` if none)."""
        return await locations.find_token(request, self._config, "refresh")

    def set_access_cookies(
        self, token: str, response: Response, max_age: int | None = None
    ) -> None:
        """Store an access token in its HttpOnly cookie, and its CSRF value in a readable one."""
        cookies.set_token_cookies(response, token, "access", self._config, max_age)

    def set_refresh_cookies(
        self, token: str, response: Response, max_age: int | None = None
    ) -> None:
        """Store a refresh token in its HttpOnly cookie, and its CSRF value in a readable one."""
        cookies.set_token_cookies(response, token, "refresh", self._config, max_age)

    def unset_access_cookies(self, response: Response) -> None:
        """Clear the access token cookie and its CSRF cookie."""
        cookies.unset_token_cookies(response, "access", self._config)

    def unset_refresh_cookies(self, response: Response) -> None:
        """Clear the refresh token cookie and its CSRF cookie."""
        cookies.unset_token_cookies(response, "refresh", self._config)

    def unset_cookies(self, response: Response) -> None:
        """Clear every token cookie: what a logout route does."""
        self.unset_access_cookies(response)
        self.unset_refresh_cookies(response)

    def jwk_set(self) -> dict[str, list[dict[str, Any]]]:
        """The public keys of the key set as a JWK Set (RFC 7517), the signing key first.

        Private keys and HMAC secrets are never included: with an HMAC
        algorithm the set is empty. Keys need a key id (`JWT_KEY_ID`).
        """
        return jwks.jwk_set(self._config.keys)

    def jwks_router(self, path: str = jwks.JWKS_PATH, max_age: int = 300) -> APIRouter:
        """A router that publishes `jwk_set()` at `/.well-known/jwks.json`.

        Mount it with `app.include_router(security.jwks_router())`. The set is
        read from the configuration on every request, so a rotation done with
        `load_config` is published at once; `max_age` sets the seconds of its
        `Cache-Control` header.

        Raises:
            BadConfigurationError: The algorithm is HMAC, or `JWT_KEY_ID` is not set.
        """
        return jwks.jwks_router(self, path=path, max_age=max_age)

    def get_dependency(self, request: Request, response: Response) -> FastJWTDeps[T]:
        """Dependency that gives a route the `FastJWTDeps` bundle for its request.

        Use it as `deps: Annotated[FastJWTDeps, Depends(security.get_dependency)]`.
        """
        return FastJWTDeps(self, request, response)

    async def implicit_refresh_middleware(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """HTTP middleware that renews access cookies about to expire.

        Register it with `app.middleware("http")(security.implicit_refresh_middleware)`.
        See `JWT_IMPLICIT_REFRESH_DELTATIME` and the `JWT_IMPLICIT_REFRESH_*` settings.
        """
        return await implicit_refresh(self, request, call_next)
