"""`FastJWT`, the facade: it wires the collaborators together and names the public API.

Each collaborator does one job and holds only what it needs: `Prepared` (the
configuration, prepared), `Pipeline` (verification), `TokenIssuer` (new
tokens), `Revocations` (the store and the callbacks), `Subjects` (the
subject getter), `ErrorBodies` (custom error bodies) and `ImplicitRefresh`.
The dependency objects hold the pipeline, never the facade.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload
from uuid import uuid4

from fastapi import Depends
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response

from fastjwt.config import FJWTConfig
from fastjwt.exceptions import BadConfigurationError
from fastjwt.issuing import TokenIssuer, warn_ignored
from fastjwt.keys.jwk import jwk_set
from fastjwt.keys.keyring import KeyMaterial
from fastjwt.keys.remote import JWKSClient
from fastjwt.models import RequestToken, TokenPayload
from fastjwt.pipeline import Pipeline, Policy, verify_claims
from fastjwt.revocation import PayloadCheck, Revocations, TokenStringCheck
from fastjwt.runtime import Prepared
from fastjwt.stores import RevocationStore
from fastjwt.stores.memory import MemoryStore
from fastjwt.subjects import NO_SUBJECT_GETTER, SubjectGetter, Subjects
from fastjwt.tokens.claims import renewal_claims
from fastjwt.web import cookies, jwks, locations, startup
from fastjwt.web.dependencies import SubjectRequired, TokenFinder, TokenRequired, token_dependency
from fastjwt.web.error_bodies import ErrorBodies, ErrorMessages, MessageAttribute
from fastjwt.web.implicit_refresh import ImplicitRefresh
from fastjwt.web.request_helpers import FastJWTDeps

if TYPE_CHECKING:
    from fastapi import APIRouter
    from starlette.applications import Starlette

    from fastjwt._types import DateTimeExpression, StrOrSeq, TokenLocation, TokenType

__all__ = ["FastJWT"]

T = TypeVar("T")
C = TypeVar("C", bound=Callable[..., Any])


class FastJWT(Generic[T]):
    """JWT authentication for a FastAPI application.

    It holds the configuration, creates tokens, and offers the dependencies
    that protect routes. Without any further setup, an authentication failure
    answers 401 with a `{"detail": ...}` body and a `WWW-Authenticate: Bearer`
    challenge; `handle_errors` customises the bodies.

    Args:
        config: The settings. When given, its keys are checked at once, so a
            misconfigured app fails at startup. When omitted, a new
            `FJWTConfig` reads the environment, and its keys are checked when
            `load_config` is called or the first token is created or verified.
        model: The type of the subject your subject getter returns; it only
            serves type checkers (`FastJWT[User]` does the same).
        store: Where revocations are kept; a new `MemoryStore` by default
            (one process only: use `RedisStore` with several workers).

    See Also:
        The [tutorial](../tutorial/first-steps.md) builds an application with
        it, from the first protected route to production.

    Example:
        ```python
        from fastjwt import FastJWT, FJWTConfig

        security = FastJWT(FJWTConfig(JWT_SECRET_KEY="a-secret-of-thirty-two-bytes-at-least"))
        token = security.create_access_token(uid="alice", data={"role": "admin"})
        assert token.count(".") == 2
        ```
    """

    MSG_DEFAULT = MessageAttribute()
    """The `handle_errors` body message for any other FastJWT error; assign it to reword."""
    MSG_TOKEN_ERROR = MessageAttribute()
    """The `handle_errors` body message for `TokenError`; assign it to reword."""
    MSG_MISSING_TOKEN_ERROR = MessageAttribute()
    """The `handle_errors` body message for `MissingTokenError` (no token in the request); assign it
    to reword."""
    MSG_MISSING_CSRF_ERROR = MessageAttribute()
    """The `handle_errors` body message for `MissingCSRFTokenError` (a cookie token without its CSRF
    header); assign it to reword."""
    MSG_MALFORMED_REQUEST_ERROR = MessageAttribute()
    """The `handle_errors` body message for `MalformedRequestError` (a token sent in a malformed
    way); assign it to reword."""
    MSG_INVALID_HEADER_ERROR = MessageAttribute()
    """The `handle_errors` body message for `InvalidHeaderError` (a malformed `Authorization`
    header); assign it to reword."""
    MSG_TOKEN_TYPE_ERROR = MessageAttribute()
    """The `handle_errors` body message for `TokenTypeError`; assign it to reword."""
    MSG_REVOKED_TOKEN_ERROR = MessageAttribute()
    """The `handle_errors` body message for `RevokedTokenError`; assign it to reword."""
    MSG_TOKEN_REQUIRED_ERROR = MessageAttribute()
    """The `handle_errors` body message for `TokenRequiredError`; assign it to reword."""
    MSG_FRESH_TOKEN_REQUIRED_ERROR = MessageAttribute()
    """The `handle_errors` body message for `FreshTokenRequiredError`; assign it to reword."""
    MSG_ACCESS_TOKEN_REQUIRED_ERROR = MessageAttribute()
    """The `handle_errors` body message for `AccessTokenRequiredError` (a refresh token on an access
    route); assign it to reword."""
    MSG_REFRESH_TOKEN_REQUIRED_ERROR = MessageAttribute()
    """The `handle_errors` body message for `RefreshTokenRequiredError` (an access token on a
    refresh route); assign it to reword."""
    MSG_CSRF_ERROR = MessageAttribute()
    """The `handle_errors` body message for `CSRFError` (a CSRF value that does not match); assign
    it to reword."""
    MSG_DECODE_JWT_ERROR = MessageAttribute()
    """The `handle_errors` body message for `JWTDecodeError` (a malformed, wrongly signed, expired
    or foreign token); assign it to reword."""
    MSG_INSUFFICIENT_SCOPE_ERROR = MessageAttribute()
    """The `handle_errors` body message for `InsufficientScopeError` (403); assign it to reword."""
    MSG_UNKNOWN_SUBJECT_ERROR = MessageAttribute()
    """The `handle_errors` body message for `UnknownSubjectError` (the subject getter found no
    user); assign it to reword."""

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
        self.prepared = Prepared(FJWTConfig() if config is None else config)
        if config is not None:
            self.prepared.load(config)
        self.revocations = Revocations(MemoryStore() if store is None else store, self._leeway)
        self.pipeline = Pipeline(self.prepared, self.revocations, locations.FINDER)
        self.issuer = TokenIssuer(self.prepared)
        self.subjects: Subjects[T] = Subjects()
        self.messages = ErrorMessages()
        """The `MSG_*` messages of `handle_errors` (also readable as `security.MSG_*`)."""
        self.error_bodies = ErrorBodies(self.messages, self.prepared)
        self.implicit_refresh = ImplicitRefresh(self.prepared, self.issuer.create_token)
        """Implicit refresh, as ASGI middleware: `app.add_middleware(security.implicit_refresh)`."""
        self.access_token_required = self.token_required()
        """Dependency that requires a valid access token (one object, so overrides match it)."""
        self.refresh_token_required = self.token_required("refresh")
        """Dependency that requires a valid refresh token."""
        self.fresh_token_required = self.token_required(verify_fresh=True)
        """Dependency that requires a valid, fresh access token (one issued at login)."""
        self.access_token_optional = self.token_required(optional=True)
        """The access token's payload, or `None` without a token; a bad token is still refused."""
        self.current_subject: SubjectRequired[T] = SubjectRequired(
            self.access_token_required, self.subjects
        )
        """Dependency that verifies the access token and returns the subject getter's user."""
        self.get_current_subject = self.current_subject
        """The same object: `Depends(security.get_current_subject)`, or
        `await security.get_current_subject(request)`."""
        # 0.4.1's aliases, each one object, so that dependency overrides match them.
        self.ACCESS_REQUIRED: Any = Depends(self.access_token_required)
        """0.4.1's `Depends(security.access_token_required)`, as a default value."""
        self.REFRESH_REQUIRED: Any = Depends(self.refresh_token_required)
        """0.4.1's `Depends(security.refresh_token_required)`."""
        self.FRESH_REQUIRED: Any = Depends(self.fresh_token_required)
        """0.4.1's `Depends(security.fresh_token_required)`."""
        self.ACCESS_TOKEN: Any = Depends(self.get_token_from_request("access", optional=True))
        """0.4.1's dependency on the request's access token as a `RequestToken`, unverified, or
        `None`."""
        self.REFRESH_TOKEN: Any = Depends(self.get_token_from_request("refresh", optional=True))
        """0.4.1's dependency on the request's refresh token, unverified, or `None`."""
        self.CURRENT_SUBJECT: Any = Depends(self.current_subject)
        """0.4.1's `Depends(security.current_subject)`."""
        self.BUNDLE: Any = Depends(self.get_dependency)
        """0.4.1's `Depends(security.get_dependency)`: the `FastJWTDeps` bundle."""
        self.DEPENDENCY: Any = self.BUNDLE
        """The same as `BUNDLE` (0.4.1's other name)."""

    # Configuration and keys

    def load_config(self, config: FJWTConfig) -> None:
        """Use `config` from now on, after preparing its keys (the old ones stay on failure).

        Raises:
            BadConfigurationError: A key is missing or unusable.
        """
        self.prepared.load(config)

    @property
    def config(self) -> FJWTConfig:
        """The settings in use."""
        return self.prepared.config

    @property
    def keys(self) -> KeyMaterial:
        """The parsed keys of the settings in use.

        Raises:
            BadConfigurationError: The algorithm's key is not set.
        """
        return self.prepared.current().keys

    @property
    def jwks_client(self) -> JWKSClient | None:
        """The client that fetches and caches the keys of `JWT_JWKS_URL`; `None` without it.

        Raises:
            BadConfigurationError: `JWT_JWKS_URL` is set along with settings it excludes.
        """
        if self.config.JWT_JWKS_URL is None:
            return None
        return self.prepared.current().jwks

    def _leeway(self) -> float:
        """Seconds a token is still accepted after its `exp` (`JWT_DECODE_LEEWAY`)."""
        return float(self.prepared.config.JWT_DECODE_LEEWAY or 0)

    # Creating tokens

    def create_access_token(
        self,
        uid: str,
        fresh: bool = False,
        headers: Mapping[str, Any] | None = None,
        expiry: DateTimeExpression | None = None,
        data: Mapping[str, Any] | None = None,
        audience: StrOrSeq | None = None,
        *args: Any,
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
            *args: Ignored, with a `DeprecationWarning` (0.4.1 accepted them).
            **extra_claims: More extra claims.

        Raises:
            ValueError: A claim in `data` or `extra_claims` is one FastJWT
                writes itself (`sub`, `exp`, `type`, ...), or `headers` names
                another `kid` than `JWT_KEY_ID`.
            BadConfigurationError: The signing key is not configured.

        See Also:
            [First protected route](../tutorial/first-steps.md#create-the-access-token), [custom
            claims](../how-to/payload.md).

        Example:
            ```python
            from fastjwt import FastJWT, FJWTConfig

            security = FastJWT(FJWTConfig(JWT_SECRET_KEY="a-secret-of-thirty-two-bytes-at-least"))
            token = security.create_access_token("alice", fresh=True, data={"role": "admin"})
            claims = security.verify_token_claims(token)
            assert (claims["sub"], claims["fresh"], claims["role"]) == ("alice", True, "admin")
            ```
        """
        if args:
            warn_ignored("create_access_token", args)
        return self.issuer.create_access_token(
            uid, fresh, headers, expiry, data, audience, **extra_claims
        )

    def create_refresh_token(
        self,
        uid: str,
        headers: Mapping[str, Any] | None = None,
        expiry: DateTimeExpression | None = None,
        data: Mapping[str, Any] | None = None,
        audience: StrOrSeq | None = None,
        *args: Any,
        fresh: bool = False,
        **extra_claims: Any,
    ) -> str:
        """Create a signed refresh token for the user `uid`.

        It takes the arguments of `create_access_token`; its default lifetime
        is `JWT_REFRESH_TOKEN_EXPIRES`. A refresh token is never fresh:
        `fresh=True`, which fastjwt 0.4.1 accepted and ignored, is ignored
        with a `DeprecationWarning`, as extra positional arguments are.
        """
        if args or fresh:
            warn_ignored("create_refresh_token", args, fresh=fresh)
        return self.issuer.create_refresh_token(
            uid, headers, expiry, data, audience, **extra_claims
        )

    def create_token_pair(
        self,
        uid: str,
        fresh: bool = True,
        headers: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        audience: StrOrSeq | None = None,
        *,
        access_expiry: DateTimeExpression | None = None,
        refresh_expiry: DateTimeExpression | None = None,
        **extra_claims: Any,
    ) -> tuple[str, str]:
        """Create the access and the refresh token of a login, in one new family.

        Both carry the same `fam` claim, so when a refresh token of this login
        is reused (see `rotate_refresh_token`), the access token issued here is
        revoked with the rest of the family; tokens created one by one are not.
        The other arguments are those of `create_access_token`; the access
        token is fresh unless `fresh=False`.

        Returns:
            The access token and the refresh token.
        """
        family, create = uuid4().hex, self.issuer.create_token
        access = create(
            "access",
            uid,
            fresh=fresh,
            headers=headers,
            expiry=access_expiry,
            data=data,
            audience=audience,
            extra_claims=extra_claims,
            family=family,
        )
        refresh = create(
            "refresh",
            uid,
            headers=headers,
            expiry=refresh_expiry,
            data=data,
            audience=audience,
            extra_claims=extra_claims,
            family=family,
        )
        return access, refresh

    def create_token(self, token_type: TokenType, uid: str, **options: Any) -> str:
        """Create a token of either type; `options` are those of `TokenIssuer.create_token`."""
        return self.issuer.create_token(token_type, uid, **options)

    # Dependencies

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

        See Also:
            [Token locations](../how-to/locations/index.md), [fresh tokens](../how-to/fresh.md),
            [dependencies](../how-to/dependencies.md).

        Example:
            ```python
            from fastjwt import FastJWT, FJWTConfig

            security = FastJWT(FJWTConfig(JWT_SECRET_KEY="a-secret-of-thirty-two-bytes-at-least"))
            # A refresh token from the JSON body only, or None when there is none.
            refresh_in_body = security.token_required("refresh", locations=["json"], optional=True)
            assert refresh_in_body.policy.locations == ("json",)
            ```
        """
        policy = Policy(
            token_type=type,
            verify_type=verify_type,
            verify_fresh=verify_fresh,
            verify_csrf=verify_csrf,
            locations=None if locations is None else tuple(locations),
            optional=optional,
            payload_type=payload_type,
        )
        return token_dependency(self.pipeline, policy)

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

        See Also:
            [Scopes](../how-to/scopes.md).

        Example:
            ```python
            from fastjwt import FastJWT, FJWTConfig

            security = FastJWT(FJWTConfig(JWT_SECRET_KEY="a-secret-of-thirty-two-bytes-at-least"))
            can_write = security.scopes_required("articles:read", "articles:write")
            token = security.create_access_token("alice", scopes=["articles:read"])
            assert security.verify_token_claims(token)["scopes"] == ["articles:read"]
            ```
        """
        policy = Policy(scopes=scopes, any_scope=any_of, payload_type=payload_type)
        return token_dependency(self.pipeline, policy)

    def get_token_from_request(
        self,
        type: TokenType = "access",
        optional: bool = True,
        locations: Sequence[TokenLocation] | None = None,
    ) -> TokenFinder:
        """Build a dependency that returns the request's `RequestToken`, unverified.

        With `optional`, it returns `None` when the request carries no token.
        """
        where = None if locations is None else tuple(locations)
        return TokenFinder(
            self.pipeline, Policy(token_type=type, optional=optional, locations=where)
        )

    def get_dependency(self, request: Request, response: Response) -> FastJWTDeps[T]:
        """Dependency that gives a route the `FastJWTDeps` bundle for its request.

        Use it as `deps: Annotated[FastJWTDeps, Depends(security.get_dependency)]`.
        """
        return FastJWTDeps(self, request, response)

    # Verifying tokens outside a dependency

    def verify_token(
        self,
        token: RequestToken,
        verify_type: bool = True,
        verify_fresh: bool = False,
        verify_csrf: bool = True,
        *,
        at: datetime | None = None,
    ) -> TokenPayload:
        """Verify a token found in a request and return its claims, as a dependency would.

        Every stage of the pipeline runs: signature and registered claims, the
        token type, freshness, the CSRF value of a cookie token, revocation
        and the callbacks. This method cannot await, so with `JWT_JWKS_URL`
        only keys already fetched are used, and a revocation store or
        callback that only answers asynchronously (`RedisStore`, an async
        callback) raises `TypeError`: await `verify_token_async` instead.

        Args:
            token: The token, as `get_token_from_request` gives it.
            verify_type: Refuse a token of another type than `token.type`.
            verify_fresh: Require a fresh token.
            verify_csrf: Check a cookie token's CSRF double submit value.
            at: Verify as of this moment instead of now (time claims,
                freshness; the cache of verified tokens is not used).

        Raises:
            AuthenticationError: As the dependencies (`MissingTokenError`,
                `JWTDecodeError`, `TokenTypeError`, `FreshTokenRequiredError`,
                `CSRFError`, `RevokedTokenError`, ...).
            JWKSUnavailableError: The token names a key that only the issuer's
                JWK Set could hold, and it has not been fetched.
            TypeError: The revocation check cannot run without awaiting.
        """
        policy = Policy(token_type=token.type, verify_type=verify_type, verify_fresh=verify_fresh)
        moment = None if at is None else at.timestamp()
        return self.pipeline.verify_now(token, policy, csrf=verify_csrf, now=moment)

    async def verify_token_async(
        self,
        token: RequestToken,
        verify_type: bool = True,
        verify_fresh: bool = False,
        verify_csrf: bool = True,
        *,
        at: datetime | None = None,
    ) -> TokenPayload:
        """`verify_token` with every check, any store and JWK Set fetches included.

        Raises:
            AuthenticationError: As `verify_token`.
            RevocationUnavailableError: The revocation store cannot be reached (503).
            JWKSUnavailableError: The token's key cannot be fetched (503).
        """
        policy = Policy(token_type=token.type, verify_type=verify_type, verify_fresh=verify_fresh)
        moment = None if at is None else at.timestamp()
        return await self.pipeline.verify(token, policy, csrf=verify_csrf, now=moment)

    def verify_token_claims(self, token: str, *, at: datetime | None = None) -> dict[str, Any]:
        """Verify an encoded token's signature and registered claims; return its raw claims.

        Only the stages up to decode run: not the type, nor revocation.

        Raises:
            JWTDecodeError: The token is malformed, wrongly signed, expired or foreign.
            JWKSUnavailableError: As for `verify_token`.
        """
        moment = None if at is None else at.timestamp()
        return verify_claims(token, self.prepared.current(), moment)

    async def get_access_token_from_request(self, request: HTTPConnection) -> RequestToken:
        """Find the access token in a request, unverified (`MissingTokenError` if none)."""
        return _request_token(await locations.find_token(request, self.config, "access"))

    async def get_refresh_token_from_request(self, request: HTTPConnection) -> RequestToken:
        """Find the refresh token in a request, unverified (`MissingTokenError` if none)."""
        return _request_token(await locations.find_token(request, self.config, "refresh"))

    # Cookies

    def set_access_cookies(
        self, token: str, response: Response, max_age: int | None = None
    ) -> None:
        """Store an access token in its HttpOnly cookie, and its CSRF value in a readable one.

        See Also:
            [Cookies for a browser app](../tutorial/cookies.md),
            [cookies and CSRF](../how-to/locations/cookies.md).
        """
        cookies.set_token_cookies(response, token, "access", self.config, max_age)

    def set_refresh_cookies(
        self, token: str, response: Response, max_age: int | None = None
    ) -> None:
        """Store a refresh token in its HttpOnly cookie, and its CSRF value in a readable one."""
        cookies.set_token_cookies(response, token, "refresh", self.config, max_age)

    def unset_access_cookies(self, response: Response) -> None:
        """Clear the access token cookie and its CSRF cookie."""
        cookies.unset_token_cookies(response, "access", self.config)

    def unset_refresh_cookies(self, response: Response) -> None:
        """Clear the refresh token cookie and its CSRF cookie."""
        cookies.unset_token_cookies(response, "refresh", self.config)

    def unset_cookies(self, response: Response) -> None:
        """Clear every token cookie: what a logout route does."""
        self.unset_access_cookies(response)
        self.unset_refresh_cookies(response)

    # Publishing keys, errors, middleware

    def jwk_set(self) -> dict[str, list[dict[str, Any]]]:
        """The public keys of the key set as a JWK Set (RFC 7517), the signing key first.

        Private keys and HMAC secrets are never included: with an HMAC
        algorithm the set is empty. Keys need a key id (`JWT_KEY_ID`).
        """
        return jwk_set(self.keys)

    def jwks_router(self, path: str = jwks.JWKS_PATH, max_age: int = 300) -> APIRouter:
        """A router that publishes `jwk_set()` at `/.well-known/jwks.json`.

        Mount it with `app.include_router(security.jwks_router())`. The set is
        read from the configuration on every request, so a rotation done with
        `load_config` is published at once; `max_age` sets the seconds of its
        `Cache-Control` header.

        Raises:
            BadConfigurationError: The algorithm is HMAC, or `JWT_KEY_ID` is not set.
        """
        return jwks.jwks_router(lambda: self.keys, path=path, max_age=max_age)

    def handle_errors(self, app: Starlette) -> None:
        """Answer FastJWT's errors with custom bodies, and check the app at startup.

        Each authentication error then gets the body
        `{JWT_ERROR_MESSAGE_KEY: <message>, "error_type": <exception class name>}`
        (`{"message": ..., "error_type": ...}` by default, as in fastjwt 0.4.1),
        where the message is the `MSG_*` attribute of this instance for that
        error (assign them to change the wording); an invalid token's message
        is the reason it was refused, until `MSG_DECODE_JWT_ERROR` is
        assigned. Status and `WWW-Authenticate` header stay as without this
        call. It also runs `check_at_startup(app)`.

        See Also:
            [Error bodies](../how-to/error-bodies.md).
        """
        self.error_bodies.install(app)
        self.check_at_startup(app)

    def check_at_startup(self, app: Starlette) -> None:
        """Make `app` fail to start, instead of answering 500s, when FastJWT cannot serve it.

        When the application starts, after its own startup code, FastJWT
        prepares its keys, and requires a subject getter if a route depends on
        `get_current_subject` (`current_subject`, `CURRENT_SUBJECT`). A failed
        check stops the server with a `BadConfigurationError` that names the
        fix. `handle_errors` runs this check too.
        """
        startup.run_at_startup(app, self._check_ready)

    def _check_ready(self) -> None:
        self.prepared.current()
        if self.subjects.getter is None and self.current_subject.used_by_a_route:
            msg = f"{NO_SUBJECT_GETTER} (a route depends on it)"
            raise BadConfigurationError(msg)

    async def implicit_refresh_middleware(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """0.4.1's HTTP middleware: `app.middleware("http")(security.implicit_refresh_middleware)`.

        It renews access cookies about to expire, as `implicit_refresh` does,
        but through Starlette's `BaseHTTPMiddleware`, which slows every
        request; prefer `app.add_middleware(security.implicit_refresh)`.
        """
        return await self.implicit_refresh.dispatch(request, call_next)

    # Subjects

    def set_subject_getter(self, callback: C) -> C:
        """Register the callable that turns a subject (`sub`) into your user object.

        It may be sync (run in a worker thread) or async (awaited); it returns
        `None` for an unknown subject, which answers 401. It returns the
        callable, so it works as a decorator.

        See Also:
            [The current user](../tutorial/current-user.md),
            [loading the current user](../how-to/current-user.md).

        Example:
            ```python
            from fastjwt import FastJWT, FJWTConfig

            USERS = {"1": "Alice"}
            security = FastJWT(FJWTConfig(JWT_SECRET_KEY="a-secret-of-thirty-two-bytes-at-least"))

            @security.set_subject_getter
            def get_user(subject: str) -> str | None:
                return USERS.get(subject)

            assert get_user("1") == "Alice"
            assert security.is_model_callback_set
            ```
        """
        self.subjects.getter = callback
        return callback

    set_callback_get_model_instance = set_subject_getter

    @property
    def callback_get_model_instance(self) -> SubjectGetter[T] | None:
        """The registered subject getter (0.4.1's name)."""
        return self.subjects.getter

    @callback_get_model_instance.setter
    def callback_get_model_instance(self, callback: SubjectGetter[T] | None) -> None:
        self.subjects.getter = callback

    @property
    def is_model_callback_set(self) -> bool:
        """Whether a subject getter is registered."""
        return self.subjects.getter is not None

    # Revocation

    @property
    def store(self) -> RevocationStore:
        """Where revocations are kept: a `MemoryStore` unless you give another."""
        return self.revocations.store

    @store.setter
    def store(self, store: RevocationStore) -> None:
        self.revocations.store = store

    @property
    def revocation_check(self) -> PayloadCheck | None:
        """Your own check, given the verified payload (see `set_revocation_check`)."""
        return self.revocations.payload_check

    @property
    def callback_is_token_in_blocklist(self) -> TokenStringCheck | None:
        """0.4.1's blocklist callback, given the token string (see `set_token_blocklist`)."""
        return self.revocations.token_check

    def set_revocation_check(self, callback: C) -> C:
        """Register a check of your own: `callback(payload) -> bool`, `True` meaning revoked.

        It runs after the built-in store, only for tokens whose signature and
        claims are valid; it may be sync (run in a worker thread) or async.
        Key your records on `payload.jti`. Returns `callback`, so it works as
        a decorator.
        """
        self.revocations.payload_check = callback
        return callback

    def set_token_blocklist(self, callback: C) -> C:
        """Register 0.4.1's blocklist callback: `callback(token: str) -> bool`.

        It receives the encoded token, for applications that store raw
        tokens. FastJWT accepts exactly one spelling of each token, so a
        stored string cannot be dodged by re-encoding it. Prefer
        `set_revocation_check`, which keys on `jti`.
        """
        self.revocations.token_check = callback
        return callback

    set_callback_token_blocklist = set_token_blocklist

    @property
    def is_token_callback_set(self) -> bool:
        """Whether a blocklist callback (either kind) is registered."""
        return self.revocations.token_check is not None or self.revocation_check is not None

    def is_token_in_blocklist(self, token: str, **kwargs: Any) -> bool:
        """Call 0.4.1's sync blocklist callback with `token` (`False` when none is set).

        Raises:
            TypeError: The callback is async: use `await check_revocation(...)` instead.
        """
        return self.revocations.is_token_in_blocklist(token, **kwargs)

    async def check_revocation(self, payload: TokenPayload, token: str) -> None:
        """Refuse a verified token that is revoked by the store or by a callback.

        Raises:
            RevokedTokenError: The token is revoked.
            RevocationUnavailableError: The store cannot be reached (503).
        """
        await self.revocations.check(payload, token)

    async def revoke(self, *payloads: TokenPayload) -> None:
        """Revoke tokens (a logout revokes the access and the refresh token) until they expire.

        Each stays revoked until its `exp` plus `JWT_DECODE_LEEWAY`. A refresh
        token that was already exchanged (rotation) takes its whole family with
        it, so a logout that races a rotation of the same token still logs out.

        Raises:
            RevocationUnavailableError: The store cannot record it (503).

        See Also:
            [Logout and revocation](../tutorial/logout.md),
            [revoking tokens](../how-to/revocation.md).

        Example:
            ```python
            import asyncio

            from fastjwt import FastJWT, FJWTConfig, RequestToken, RevokedTokenError

            security = FastJWT(FJWTConfig(JWT_SECRET_KEY="a-secret-of-thirty-two-bytes-at-least"))
            found = RequestToken(token=security.create_access_token("alice"), location="headers")
            asyncio.run(security.revoke(security.verify_token(found)))
            try:
                security.verify_token(found)
            except RevokedTokenError:
                pass
            else:
                raise AssertionError("a revoked token was accepted")
            ```
        """
        await self.revocations.revoke(*payloads)

    async def revoke_subject(self, subject: str) -> None:
        """Revoke every token of `subject` issued until now: "log out everywhere".

        Tokens created afterwards are accepted, so a password change can
        revoke the old sessions and hand out new tokens in one request. The
        cut-off is kept for good (one entry per subject), since a token created
        with any `expiry=` may be among those it covers.

        Raises:
            RevocationUnavailableError: The store cannot record it (503).
        """
        await self.revocations.revoke_subject(subject)

    async def consume_refresh_token(self, payload: TokenPayload) -> str:
        """Retire a refresh token for rotation and return its family.

        Raises:
            RevokedTokenError: The token was already exchanged (its family is
                now revoked), or it was revoked meanwhile.
            RevocationUnavailableError: The store cannot be reached (503).
        """
        return await self.revocations.consume_refresh_token(payload)

    async def rotate_refresh_token(self, payload: TokenPayload) -> tuple[str, str]:
        """Exchange a verified refresh token for a new access token and a new refresh token.

        The old refresh token is retired; presenting it again revokes every
        token of its family (reuse detection), the access token of the login
        included when the login used `create_token_pair`. Of concurrent
        exchanges of one token, exactly one succeeds; retiring the token and
        checking that it is not revoked are one atomic step, so a logout racing
        the exchange wins or revokes what the exchange issued.

        Raises:
            RevokedTokenError: The token was already exchanged, or revoked meanwhile.
            RevocationUnavailableError: The store cannot be reached (503).
        """
        family = await self.revocations.consume_refresh_token(payload)
        claims, subject = renewal_claims(payload.extra_dict, payload.scopes), str(payload.sub)
        create = self.issuer.create_token
        return (
            create("access", subject, data=claims, audience=payload.aud, family=family),
            create("refresh", subject, data=claims, audience=payload.aud, family=family),
        )


def _request_token(found: locations.Found) -> RequestToken:
    return RequestToken(
        token=found.token, csrf=found.csrf, type=found.type, location=found.location
    )
