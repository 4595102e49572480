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
from starlette.exceptions import WebSocketException
from starlette.requests import HTTPConnection

from fastjwt import locations
from fastjwt.exceptions import AuthenticationError
from fastjwt.models import TokenPayload
from fastjwt.types import TokenLocation, TokenType

if TYPE_CHECKING:
    from fastjwt.config import FJWTConfig
    from fastjwt.core import FastJWT

__all__ = ["LocationScheme", "TokenRequired"]

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


class TokenRequired:
    """A dependency that authenticates a request and returns its `TokenPayload`.

    Use it in `dependencies=[Depends(...)]` to protect a route, or as a
    parameter, `payload: Annotated[TokenPayload, Depends(...)]`, to read the
    claims. Build one with `FastJWT.token_required`, or use the ready-made
    `FastJWT.access_token_required`, `refresh_token_required` and
    `fresh_token_required`. On a WebSocket route, a refused connection is
    closed with code 1008 (policy violation) before it is accepted, with the
    error's message as the reason.
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
    ) -> None:
        self.owner = owner
        self.token_type: TokenType = token_type
        self.verify_type = verify_type
        self.verify_fresh = verify_fresh
        self.verify_csrf = verify_csrf
        self.locations: tuple[TokenLocation, ...] | None = (
            None if locations is None else tuple(locations)
        )

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
        parameters.extend(
            inspect.Parameter(
                f"_{scheme.scheme_name}",
                inspect.Parameter.KEYWORD_ONLY,
                default=Security(scheme),
            )
            for scheme in location_schemes(config, self.token_type, where)
        )
        return inspect.Signature(parameters, return_annotation=TokenPayload)

    async def __call__(self, connection: HTTPConnection, **_schemes: None) -> TokenPayload:
        """Authenticate the request.

        Raises:
            MissingTokenError: The request carries no token.
            MalformedRequestError: The token is sent in a malformed way.
            JWTDecodeError: The token is invalid, expired or foreign.
            TokenTypeError: The token is of the wrong type.
            FreshTokenRequiredError: The route needs a fresh token.
            MissingCSRFTokenError: A cookie token came without its CSRF value.
            CSRFError: The CSRF value does not match.
            WebSocketException: Any of the above, on a WebSocket route.
        """
        try:
            return await self.authenticate(connection)
        except AuthenticationError as error:
            if connection.scope["type"] != "websocket":
                raise
            reason = str(error.detail).encode()[:_CLOSE_REASON_BYTES].decode(errors="ignore")
            raise WebSocketException(status.WS_1008_POLICY_VIOLATION, reason) from error

    async def authenticate(self, connection: HTTPConnection) -> TokenPayload:
        """Find, verify and check the token of `connection`."""
        config = self.owner.config
        csrf = self.csrf_required(connection)
        found = await locations.find_token(
            connection,
            config,
            self.token_type,
            self.locations,
            read_form=csrf and config.JWT_CSRF_CHECK_FORM,
        )
        return self.owner.verify_token(
            found, verify_type=self.verify_type, verify_fresh=self.verify_fresh, verify_csrf=csrf
        )

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
            f"locations={self.locations})"
        )
