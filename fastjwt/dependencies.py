"""The dependency objects that protect routes.

Each is a callable object created once, so `app.dependency_overrides` can
match it. It subclasses FastAPI's `SecurityBase`, so the OpenAPI schema
declares the bearer scheme and Swagger UI's "Authorize" button works.
"""

# No `from __future__ import annotations`: FastAPI reads `__call__`'s
# annotations at runtime to know what to inject.

from typing import TYPE_CHECKING, Any

from fastapi.openapi.models import HTTPBearer as HTTPBearerModel
from fastapi.security.base import SecurityBase
from starlette.requests import HTTPConnection

from fastjwt import locations
from fastjwt.models import TokenPayload
from fastjwt.types import TokenType

if TYPE_CHECKING:
    from fastjwt.core import FastJWT

__all__ = ["TokenRequired"]


class TokenRequired(SecurityBase):
    """A dependency that authenticates a request and returns its `TokenPayload`.

    Use it in `dependencies=[Depends(...)]` to protect a route, or as a
    parameter, `payload: Annotated[TokenPayload, Depends(...)]`, to read the
    claims. Build one with `FastJWT.token_required`, or use the ready-made
    `FastJWT.access_token_required`, `refresh_token_required` and
    `fresh_token_required`.
    """

    def __init__(
        self,
        owner: "FastJWT[Any]",
        *,
        token_type: TokenType = "access",
        verify_type: bool = True,
        verify_fresh: bool = False,
        verify_csrf: bool | None = None,
    ) -> None:
        self.owner = owner
        self.token_type: TokenType = token_type
        self.verify_type = verify_type
        self.verify_fresh = verify_fresh
        self.verify_csrf = verify_csrf
        self.model = HTTPBearerModel(bearerFormat="JWT")
        self.scheme_name = "JWT"

    async def __call__(self, connection: HTTPConnection) -> TokenPayload:
        """Authenticate the request.

        Raises:
            MissingTokenError: The request carries no token.
            InvalidHeaderError: The token header is malformed.
            JWTDecodeError: The token is invalid, expired or foreign.
            TokenTypeError: The token is of the wrong type.
            FreshTokenRequiredError: The route needs a fresh token.
        """
        config = self.owner.config
        found = locations.find_token(connection, config, self.token_type)
        return self.owner.verify_token(
            found,
            verify_type=self.verify_type,
            verify_fresh=self.verify_fresh,
            verify_csrf=self.verify_csrf is not False,
        )

    def __repr__(self) -> str:
        return (
            f"TokenRequired(type={self.token_type!r}, verify_type={self.verify_type}, "
            f"verify_fresh={self.verify_fresh}, verify_csrf={self.verify_csrf})"
        )
