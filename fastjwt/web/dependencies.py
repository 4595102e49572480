"""The dependency objects that protect routes, for HTTP and WebSocket alike.

Each is a callable object created once, so `app.dependency_overrides` can
match it, and each holds only the pipeline and its own policy. OpenAPI learns
where a route takes its token from security schemes: a dependency is itself
the scheme of its first location (a security scheme costs FastAPI nothing
more to resolve), and further locations, or required scopes, add one
documenting sub-dependency each.
"""

# No `from __future__ import annotations`: FastAPI reads these signatures at runtime.

import inspect
from collections.abc import Sequence
from typing import Generic, TypeVar

from fastapi import Depends, Security
from fastapi.openapi.models import SecurityBase as SecurityBaseModel
from fastapi.security.base import SecurityBase
from starlette import status
from starlette.exceptions import HTTPException, WebSocketException
from starlette.requests import HTTPConnection

from fastjwt._types import TokenLocation, TokenType
from fastjwt.exceptions import AuthenticationError, MissingTokenError
from fastjwt.models import RequestToken
from fastjwt.payload import TokenPayload
from fastjwt.pipeline import Pending, Pipeline, Policy
from fastjwt.subjects import Subjects
from fastjwt.web.schemes import LocationScheme, bearer_scheme, location_schemes

__all__ = [
    "SubjectRequired",
    "TokenFinder",
    "TokenRequired",
    "refuse_websocket",
    "token_dependency",
]

T = TypeVar("T")

_CLOSE_REASON_BYTES = 123  # RFC 6455 section 5.5: a close frame's reason fits in 123 bytes


def refuse_websocket(connection: HTTPConnection, error: HTTPException) -> None:
    """On a WebSocket, turn an error into a close before accept: 1008, or 1011 for a 5xx."""
    if connection.scope["type"] == "websocket":
        reason = str(error.detail).encode()[:_CLOSE_REASON_BYTES].decode(errors="ignore")
        code = (
            status.WS_1011_INTERNAL_ERROR
            if error.status_code >= 500
            else status.WS_1008_POLICY_VIOLATION
        )
        raise WebSocketException(code, reason) from error


class _LocationDependency:
    """Common ground of the dependencies that read a token from the request's locations."""

    def __init__(self, pipeline: Pipeline, policy: Policy) -> None:
        self.pipeline = pipeline
        self.policy = policy

    def _schemes(self) -> list[LocationScheme]:
        config, policy = self.pipeline.prepared.config, self.policy
        where = config.JWT_TOKEN_LOCATION if policy.locations is None else policy.locations
        return location_schemes(config, policy.token_type, where)

    def _documented(self) -> list[LocationScheme]:
        """The schemes documented by sub-dependencies (all but the one the object itself is)."""
        return self._schemes()

    @property
    def __signature__(self) -> inspect.Signature:
        """What FastAPI injects: the connection, plus a documenting sub-dependency per scheme."""
        parameters = [
            inspect.Parameter(
                "request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=HTTPConnection
            )
        ]
        # FastAPI merges the requirements of one scheme into one: OpenAPI lists every
        # scope the route names, whether it needs all of them or any one.
        parameters.extend(
            inspect.Parameter(
                f"_{scheme.scheme_name}",
                inspect.Parameter.KEYWORD_ONLY,
                default=Security(scheme, scopes=list(self.policy.scopes)),
            )
            for scheme in self._documented()
        )
        return inspect.Signature(parameters, return_annotation=inspect.Signature.empty)


class TokenFinder(_LocationDependency):
    """A dependency that returns the request's `RequestToken` without verifying it.

    `FastJWT.get_token_from_request` builds them; with `optional=True` it
    returns `None` when the request carries no token.

    Warning:
        Nothing about the token is checked: not its signature, not its
        expiry. Verify it (`FastJWT.verify_token`) before trusting anything in it.
    """

    async def __call__(self, request: HTTPConnection, **_schemes: None) -> RequestToken | None:
        """Find the token, or `None` when optional and absent."""
        policy = self.policy
        try:
            found = await self.pipeline.find.later(
                request, self.pipeline.prepared.config, policy.token_type, policy.locations
            )
        except MissingTokenError as error:
            if policy.optional:
                return None
            refuse_websocket(request, error)
            raise
        except AuthenticationError as error:
            refuse_websocket(request, error)
            raise
        return RequestToken(
            token=found.token, csrf=found.csrf, type=found.type, location=found.location
        )


class TokenRequired(_LocationDependency):
    """A dependency that authenticates a request and returns its `TokenPayload`.

    Use it in `dependencies=[Depends(...)]` to protect a route, or as a
    parameter, `payload: Annotated[TokenPayload, Depends(...)]`, to read the
    claims. Build one with `FastJWT.token_required` or `FastJWT.scopes_required`,
    or use the ready-made `FastJWT.access_token_required`,
    `refresh_token_required`, `fresh_token_required` and `access_token_optional`.
    On a WebSocket route, a refused connection is closed with code 1008
    (policy violation) before it is accepted, with the error's message as reason.
    It can also be awaited directly: `await security.access_token_required(request)`.

    See Also:
        [Dependencies](../how-to/dependencies.md), and
        [Testing your application](../how-to/testing.md) to replace one in tests.

    Example:
        ```python
        from typing import Annotated

        from fastapi import Depends, FastAPI

        from fastjwt import FastJWT, FJWTConfig, TokenPayload

        security = FastJWT(FJWTConfig(JWT_SECRET_KEY="a-secret-of-thirty-two-bytes-at-least"))
        app = FastAPI()

        @app.get("/me")
        def me(payload: Annotated[TokenPayload, Depends(security.access_token_required)]) -> str:
            return str(payload.sub)
        ```
    """

    async def __call__(self, request: HTTPConnection, **_schemes: None) -> TokenPayload | None:
        """Authenticate the request.

        Returns:
            The verified claims, as the policy's payload type; `None` when the
            dependency is optional and the request carries no token at all.

        Raises:
            MissingTokenError: The request carries no token.
            MalformedRequestError: The token is sent in a malformed way.
            JWTDecodeError: The token is invalid, expired, foreign, or its
                claims do not fit the payload type.
            TokenTypeError: The token is of the wrong type.
            FreshTokenRequiredError: The route needs a fresh token.
            MissingCSRFTokenError: A cookie token came without its CSRF value.
            CSRFError: The CSRF value does not match.
            InsufficientScopeError: The token lacks a required scope (403).
            RevokedTokenError: The token is revoked.
            RevocationUnavailableError: The revocation store cannot be reached (503).
            JWKSUnavailableError: The token names a key that only the issuer's
                JWK Set could hold, and it cannot be fetched (503).
            WebSocketException: Any of the above, on a WebSocket route.
        """
        pipeline = self.pipeline
        try:
            # Most requests complete without awaiting: no coroutine for them.
            result = pipeline.authenticate_now(request, self.policy)
            if isinstance(result, Pending):
                return await pipeline.finish(request, self.policy, result)
        except HTTPException as error:
            refuse_websocket(request, error)
            raise
        return result

    async def authenticate(self, connection: HTTPConnection) -> TokenPayload | None:
        """Run the pipeline on `connection` with this dependency's policy (errors as raised)."""
        return await self.pipeline.authenticate(connection, self.policy)

    def __repr__(self) -> str:
        policy = self.policy
        return (
            f"TokenRequired(type={policy.token_type!r}, verify_type={policy.verify_type}, "
            f"verify_fresh={policy.verify_fresh}, verify_csrf={policy.verify_csrf}, "
            f"locations={policy.locations}, optional={policy.optional}, scopes={policy.scopes})"
        )


class _SchemeTokenRequired(TokenRequired, SecurityBase):
    """A `TokenRequired` that is itself the security scheme of its first location."""

    @property
    def model(self) -> SecurityBaseModel:  # type: ignore[override]
        """The OpenAPI scheme of the first documented location."""
        schemes = self._schemes()
        return (schemes or [bearer_scheme()])[0].model

    @property
    def scheme_name(self) -> str:  # type: ignore[override]
        """The name of that scheme."""
        schemes = self._schemes()
        return (schemes or [bearer_scheme()])[0].scheme_name

    def _documented(self) -> list[LocationScheme]:
        return self._schemes()[1:]


def token_dependency(pipeline: Pipeline, policy: Policy) -> TokenRequired:
    """A `TokenRequired` for `policy`: itself a security scheme when that documents it fully.

    Without scopes to list, a dependency whose locations have a scheme is that
    scheme, and costs no documenting sub-dependency for its first location.
    """
    config = pipeline.prepared.config
    where: Sequence[TokenLocation] = (
        config.JWT_TOKEN_LOCATION if policy.locations is None else policy.locations
    )
    token_type: TokenType = policy.token_type
    if not policy.scopes and location_schemes(config, token_type, where):
        return _SchemeTokenRequired(pipeline, policy)
    return TokenRequired(pipeline, policy)


class SubjectRequired(Generic[T]):
    """A dependency that verifies the access token and returns its subject's user object.

    FastJWT's `get_current_subject`, `current_subject` and `CURRENT_SUBJECT`
    are this one object: use it as a dependency, or await it with a request,
    `await security.get_current_subject(request)`.

    Args:
        token: The dependency that verifies the access token.
        subjects: The subject getter's registry.
    """

    def __init__(self, token: TokenRequired, subjects: Subjects[T]) -> None:
        self.token = token
        self.subjects = subjects
        self.used_by_a_route = False
        """Whether FastAPI has read this dependency's signature for a route (or a dependency)."""

    @property
    def __signature__(self) -> inspect.Signature:
        """Depend on the access token dependency, so OpenAPI shows the same schemes.

        FastAPI reads it when it registers a route that uses this dependency:
        from then on, `FastJWT.check_at_startup` requires a subject getter.
        """
        self.used_by_a_route = True
        payload = inspect.Parameter(
            "payload", inspect.Parameter.KEYWORD_ONLY, default=Depends(self.token)
        )
        return inspect.Signature([payload])

    async def __call__(
        self, request: HTTPConnection | None = None, *, payload: TokenPayload | None = None
    ) -> T:
        """Return the user of the verified payload, or of the request's access token.

        Raises:
            BadConfigurationError: No subject getter is set.
            UnknownSubjectError: The getter returned `None`.
            AuthenticationError: The access token is missing or invalid.
            TypeError: Neither a request nor a payload is given.
        """
        if payload is None:
            if request is None:
                msg = "get_current_subject needs the request: await it with the request"
                raise TypeError(msg)
            payload = await self.token.authenticate(request)
            assert payload is not None  # noqa: S101 - the access dependency is not optional
        return await self.subjects.load(payload)
