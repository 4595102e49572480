"""The OpenAPI security schemes of the token locations, so Swagger UI's Authorize button works."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from fastapi.openapi.models import (
    APIKey,
    APIKeyIn,
    OAuthFlowAuthorizationCode,
    OAuthFlowPassword,
    OAuthFlows,
)
from fastapi.openapi.models import HTTPBearer as HTTPBearerModel
from fastapi.openapi.models import OAuth2 as OAuth2Model
from fastapi.openapi.models import SecurityBase as SecurityBaseModel
from fastapi.security.base import SecurityBase

from fastjwt.web.cookies import token_cookie_name

if TYPE_CHECKING:
    from fastjwt._types import TokenLocation, TokenType
    from fastjwt.config import FJWTConfig

__all__ = [
    "SCHEME_NAMES",
    "LocationScheme",
    "bearer_scheme",
    "location_schemes",
    "password_scheme",
]

SCHEME_NAMES: frozenset[str] = frozenset(
    {"JWT", "JWTHeader", "JWTCookie", "JWTRefreshCookie", "JWTQuery", "OAuth2"}
)
"""The security scheme names FastJWT's dependencies declare."""


class LocationScheme(SecurityBase):
    """The OpenAPI description of one place a token can come from.

    It only documents: the dependencies read the token themselves, with
    FastJWT's strict parsing and error messages.
    """

    def __init__(self, model: SecurityBaseModel, scheme_name: str) -> None:
        self.model = model
        self.scheme_name = scheme_name

    async def __call__(self) -> None:
        """Contribute nothing to the request: the scheme is for the schema."""


def bearer_scheme(header: str = "Authorization") -> LocationScheme:
    """The HTTP bearer scheme of a JWT in the `Authorization` header."""
    model = HTTPBearerModel(bearerFormat="JWT", description=f"A JWT in the {header} header")
    return LocationScheme(model, "JWT")


def _authorization_code(config: FJWTConfig) -> LocationScheme | None:
    """The OAuth2 authorization-code flow of the first trusted issuer that gives its endpoints.

    Swagger UI then logs in at the provider (with PKCE when the application's
    `swagger_ui_init_oauth` asks for it) and sends the token as a bearer header.
    """
    for issuer in config.JWT_TRUSTED_ISSUERS:
        if issuer.authorization_url and issuer.token_url:
            flow = OAuthFlowAuthorizationCode(
                authorizationUrl=issuer.authorization_url,
                tokenUrl=issuer.token_url,
                scopes=dict(issuer.openapi_scopes),
            )
            model = OAuth2Model(
                flows=OAuthFlows(authorizationCode=flow),
                description=f"Log in at {issuer.issuer[0]}",
            )
            return LocationScheme(model, "OAuth2")
    return None


def password_scheme(token_url: str) -> LocationScheme:
    """The `Authorization` header as an OAuth2 password flow whose login route is `token_url`.

    Swagger UI then asks for a username and password, posts them as the OAuth2 password form
    (RFC 6749 section 4.3) to `token_url`, and sends the `access_token` of the answer as a
    bearer token. The scheme keeps the name `JWT`: only its description changes.
    """
    flows = OAuthFlows(password=OAuthFlowPassword(tokenUrl=token_url, scopes={}))
    model = OAuth2Model(
        flows=flows, description="A JWT in the Authorization header, from the login form"
    )
    return LocationScheme(model, "JWT")


def location_schemes(
    config: FJWTConfig, token_type: TokenType, where: Sequence[TokenLocation]
) -> list[LocationScheme]:
    """The schemes that document the locations `where` for `token_type` tokens.

    The `Authorization` header with a scheme is HTTP bearer (`JWT`), or an OAuth2 password
    flow when `JWT_TOKEN_URL` names the login route; a trusted issuer that gives its
    endpoints adds its authorization-code flow (`OAuth2`), in place of the plain bearer
    scheme. Another header name, or a bare token (`JWT_HEADER_TYPE=""`), is an API key in
    that header (`JWTHeader`). A token in the JSON body has no OpenAPI scheme.
    """
    schemes: list[LocationScheme] = []
    refresh = token_type == "refresh"
    for location in where:
        if location == "headers":
            name, kind = config.JWT_HEADER_NAME, config.JWT_HEADER_TYPE
            if name.lower() == "authorization" and kind.lower() == "bearer":
                # Swagger UI offers each scheme: the provider's login, FastJWT's own form.
                flow = _authorization_code(config)
                url = config.JWT_TOKEN_URL
                if flow is not None:
                    schemes.append(flow)
                if url is not None:
                    schemes.append(password_scheme(url))
                elif flow is None:
                    schemes.append(bearer_scheme(name))
            else:
                shape = f"{kind} <token>" if kind else "the bare token"
                model: SecurityBaseModel = APIKey(
                    **{"in": APIKeyIn.header},
                    name=name,
                    description=f"A JWT in the {name} header, as {shape}",
                )
                schemes.append(LocationScheme(model, "JWTHeader"))
        elif location == "cookies":
            name = token_cookie_name(config, token_type)
            model = APIKey(**{"in": APIKeyIn.cookie}, name=name, description="A JWT in a cookie")
            schemes.append(LocationScheme(model, "JWTRefreshCookie" if refresh else "JWTCookie"))
        elif location == "query":
            model = APIKey(
                **{"in": APIKeyIn.query},
                name=config.JWT_QUERY_STRING_NAME,
                description="A JWT in the query string",
            )
            schemes.append(LocationScheme(model, "JWTQuery"))
    return schemes
