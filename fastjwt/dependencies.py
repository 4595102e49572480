"""The dependency objects that protect routes, for HTTP and WebSocket alike.

Each is a callable object created once, so `app.dependency_overrides` can
match it. Its signature names one security scheme per location it reads
(bearer header, cookie, query parameter), so the OpenAPI schema shows where
each route takes its token and Swagger UI's "Authorize" button works.
"""

# No `from __future__ import annotations`: FastAPI reads these annotations at runtime.

import inspect
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from fastapi import Security
from fastapi.openapi.models import APIKey, APIKeyIn
from fastapi.openapi.models import HTTPBearer as HTTPBearerModel
from fastapi.openapi.models import SecurityBase as SecurityBaseModel
from fastapi.security.base import SecurityBase
from starlette import status
from starlette.exceptions import HTTPException, WebSocketException
from starlette.requests import HTTPConnection

from fastjwt import locations
from fastjwt.exceptions import AuthenticationError, MissingTokenError
from fastjwt.jwks_client import prepare_token_key
from fastjwt.models import RequestToken, TokenPayload
from fastjwt.types import TokenLocation, TokenType
from fastjwt.validation import check_scopes
from fastjwt.verification import AUTHENTICATED, verify_payload

if TYPE_CHECKING:
    from fastjwt.config import FJWTConfig
    from fastjwt.core import FastJWT

__all__ = ["LocationScheme", "TokenFinder", "TokenRequired"]

_CLOSE_REASON_BYTES = 123  # RFC 6455 section 5.5: a close frame's reason fits in 123 bytes


class LocationScheme(SecurityBase):
    """The OpenAPI description of one place a token can come from.

    It only documents: `TokenRequired` reads the token itself, so that it can
    apply FastJWT's strict parsing and error messages.
    """

    def __init__(self, model: SecurityBaseModel, scheme_name: str) -> None:
        self.model = model
        self.scheme_name = scheme_name

    async def __call__(self) -> None:
        """Contribute nothing to the request: the scheme is for the schema."""


def _refuse_websocket(connection: HTTPConnection, error: HTTPException) -> None:
    """On a WebSocket, turn an error into a close before accept: 1008, or 1011 for a 5xx."""
    if connection.scope["type"] == "websocket":
        reason = str(error.detail).encode()[:_CLOSE_REASON_BYTES].decode(errors="ignore")
        code = (
            status.WS_1011_INTERNAL_ERROR
            if error.status_code >= 500
            else (status.WS_1008_POLICY_VIOLATION)
        )
        raise WebSocketException(code, reason) from error


def location_schemes(
    config: "FJWTConfig", token_type: TokenType, where: Sequence[TokenLocation]
) -> list[LocationScheme]:
    """The schemes that document the locations `where` for `token_type` tokens."""
    schemes: list[LocationScheme] = []
    refresh = token_type == "refresh"
    for location in where:
        if location == "headers":
            model: SecurityBaseModel = HTTPBearerModel(
                bearerFormat="JWT", description=f"A JWT in the {config.JWT_HEADER_NAME} header"
            )
            schemes.append(LocationScheme(model, "JWT"))
        elif location == "cookies":
            name = config.JWT_REFRESH_COOKIE_NAME if refresh else config.JWT_ACCESS_COOKIE_NAME
            model = APIKey(**{"in": APIKeyIn.cookie}, name=name, description="A JWT in a cookie")
            schemes.append(LocationScheme(model, "JWTRefreshCookie" if refresh else "JWTCookie"))
        elif location == "query":
            model = APIKey(
                **{"in": APIKeyIn.query},
                name=config.JWT_QUERY_STRING_NAME,
                description="A JWT in the query string",
            )
            schemes.append(LocationScheme(model, "JWTQuery"))
        # A token in the JSON body has no OpenAPI security scheme to describe it.
    return schemes


class _LocationDependency:
    """Common ground of the dependencies that read a token from the request's locations."""

    def __init__(
        self,
        owner: "FastJWT[Any]",
        token_type: TokenType,
        locations: Sequence[TokenLocation] | None,
        scopes: Sequence[str] = (),
    ) -> None:
        self.owner = owner
        self.token_type: TokenType = token_type
        self.locations: tuple[TokenLocation, ...] | None = (
            None if locations is None else tuple(locations)
        )
        self.scopes = tuple(scopes)

    @property
    def __signature__(self) -> inspect.Signature:
        """What FastAPI injects: the connection, plus one scheme per location (for OpenAPI)."""
        config = self.owner.config
        where = config.JWT_TOKEN_LOCATION if self.locations is None else self.locations
        parameters = [
            inspect.Parameter(
                "connection", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=HTTPConnection
            )
        ]
        # FastAPI merges the requirements of one scheme into one: OpenAPI lists every
        # scope the route names, whether it needs all of them or any one.
        parameters.extend(
            inspect.Parameter(
                f"_{scheme.scheme_name}",
                inspect.Parameter.KEYWORD_ONLY,
                default=Security(scheme, scopes=list(self.scopes)),
            )
            for scheme in location_schemes(config, self.token_type, where)
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

    def __init__(
        self,
        owner: "FastJWT[Any]",
        *,
        token_type: TokenType = "access",
        optional: bool = True,
        locations: Sequence[TokenLocation] | None = None,
    ) -> None:
        super().__init__(owner, token_type, locations)
        self.optional = optional

    async def __call__(self, connection: HTTPConnection, **_schemes: None) -> RequestToken | None:
        """Find the token, or `None` when optional and absent."""
        try:
            return await locations.find_token(
                connection, self.owner.config, self.token_type, self.locations
            )
        except MissingTokenError as error:
            if self.optional:
                return None
            _refuse_websocket(connection, error)
            raise
        except AuthenticationError as error:
            _refuse_websocket(connection, error)
            raise


class TokenRequired(_LocationDependency):
    """A dependency that authenticates a request and returns its `TokenPayload`.

    Use it in `dependencies=[Depends(...)]` to protect a route, or as a
    parameter, `payload: Annotated[TokenPayload, Depends(...)]`, to read the
    claims. Build one with `FastJWT.token_required` or `FastJWT.scopes_required`,
    or use the ready-made `FastJWT.access_token_required`,
    `refresh_token_required`, `fresh_token_required` and `access_token_optional`.
    On a WebSocket route, a refused connection is closed with code 1008
    (policy violation) before it is accepted, with the error's message as reason.
    """

    def __init__(
        self,
        owner: "FastJWT[Any]",
        *,
        token_type: TokenType = "access",
        verify_type: bool = True,
        verify_fresh: bool = False,
        verify_csrf: bool | None = None,
        locations: Sequence[TokenLocation] | None = None,
        optional: bool = False,
        payload_type: type[TokenPayload] = TokenPayload,
        scopes: Sequence[str] = (),
        any_scope: bool = False,
    ) -> None:
        super().__init__(owner, token_type, locations, scopes)
        self.verify_type = verify_type
        self.verify_fresh = verify_fresh
        self.verify_csrf = verify_csrf
        self.optional = optional
        self.payload_type = payload_type
        self.any_scope = any_scope

    async def __call__(self, connection: HTTPConnection, **_schemes: None) -> TokenPayload | None:
        """Authenticate the request.

        Returns:
            The verified claims, as `payload_type`; `None` when the dependency
            is optional and the request carries no token at all.

        Raises:
            MissingTokenError: The request carries no token.
            MalformedRequestError: The token is sent in a malformed way.
            JWTDecodeError: The token is invalid, expired, foreign, or its
                claims do not fit `payload_type`.
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
        try:
            return await self.authenticate(connection)
        except HTTPException as error:
            _refuse_websocket(connection, error)
            raise

    async def authenticate(self, connection: HTTPConnection) -> TokenPayload | None:
        """Find, verify and check the token of `connection`."""
        config = self.owner.config
        csrf = self.csrf_required(connection)
        try:
            found = await locations.find_token(
                connection,
                config,
                self.token_type,
                self.locations,
                read_form=csrf and config.JWT_CSRF_CHECK_FORM,
            )
        except MissingTokenError as error:
            # Optional means "no token is fine"; a cookie token without its CSRF value is not.
            if self.optional and type(error) is MissingTokenError:
                return None
            raise
        await prepare_token_key(found.token or "", config)
        payload = verify_payload(
            found,
            config,
            payload_type=self.payload_type,
            verify_type=self.verify_type,
            verify_fresh=self.verify_fresh,
            verify_csrf=csrf,
        )
        await self.owner.check_revocation(payload, found.token or "")
        check_scopes(payload, self.scopes, any_of=self.any_scope)
        # Published only now that every check passed (implicit refresh reads it).
        connection.scope[AUTHENTICATED] = (found, payload)
        return payload

    def csrf_required(self, connection: HTTPConnection) -> bool:
        """Whether a cookie token on this request must pass the CSRF double submit check.

        `verify_csrf=True` always checks and `False` never does. `None` checks
        when `JWT_COOKIE_CSRF_PROTECT` is set and the method is one of
        `JWT_CSRF_METHODS` (WebSocket handshakes have no such method: check
        their `Origin` instead).
        """
        if self.verify_csrf is not None:
            return self.verify_csrf
        config = self.owner.config
        method = connection.scope.get("method")
        return config.JWT_COOKIE_CSRF_PROTECT and method in config.JWT_CSRF_METHODS

    def __repr__(self) -> str:
        return (
            f"TokenRequired(type={self.token_type!r}, verify_type={self.verify_type}, "
            f"verify_fresh={self.verify_fresh}, verify_csrf={self.verify_csrf}, "
            f"locations={self.locations}, optional={self.optional}, scopes={self.scopes})"
        )
