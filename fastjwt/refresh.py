"""Implicit refresh: a new access cookie when the current one is about to expire."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from fastjwt.verification import AUTHENTICATED

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from starlette.requests import Request
    from starlette.responses import Response

    from fastjwt.config import FJWTConfig
    from fastjwt.core import FastJWT
    from fastjwt.models import RequestToken, TokenPayload

__all__ = ["implicit_refresh", "renewal_claims"]


def _route_applies(config: FJWTConfig, request: Request) -> bool:
    path, method = request.url.path, request.method
    if path in config.JWT_IMPLICIT_REFRESH_ROUTE_EXCLUDE:
        return False
    if config.JWT_IMPLICIT_REFRESH_ROUTE_INCLUDE and path not in (
        config.JWT_IMPLICIT_REFRESH_ROUTE_INCLUDE
    ):
        return False
    if method in config.JWT_IMPLICIT_REFRESH_METHOD_EXCLUDE:
        return False
    include = config.JWT_IMPLICIT_REFRESH_METHOD_INCLUDE
    return not include or method in include


def renewal_claims(payload: TokenPayload) -> dict[str, Any]:
    """The claims a renewed token carries over: custom claims and scopes."""
    claims = payload.extra_dict
    if payload.scopes is not None:
        claims["scopes"] = payload.scopes
    return claims


def _sets_access_cookie(response: Response, config: FJWTConfig) -> bool:
    prefix = f"{config.JWT_ACCESS_COOKIE_NAME}=".encode()
    return any(
        name == b"set-cookie" and value.startswith(prefix) for name, value in response.raw_headers
    )


async def implicit_refresh(
    security: FastJWT[Any],
    request: Request,
    call_next: Callable[[Request], Awaitable[Response]],
) -> Response:
    """Run the request, then renew its access cookie if it expires soon.

    Nothing happens unless a FastJWT dependency authenticated this request
    with an access token from its cookie (every check passed, revocation
    included), the token expires within `JWT_IMPLICIT_REFRESH_DELTATIME`, the
    path and method pass the `JWT_IMPLICIT_REFRESH_*` settings, and the
    response does not set or clear that cookie itself (a login or a logout).
    The new token is not fresh and keeps the subject, scopes, audience,
    family and custom claims of the old one.
    """
    response = await call_next(request)
    authenticated: tuple[RequestToken, TokenPayload] | None = request.scope.get(AUTHENTICATED)
    if authenticated is None:
        return response
    found, payload = authenticated
    config = security.config
    if (
        found.location != "cookies"
        or payload.type != "access"
        or not _route_applies(config, request)
        or _sets_access_cookie(response, config)
    ):
        return response
    remaining = (payload.exp or float("inf")) - datetime.now(UTC).timestamp()
    if remaining > config.JWT_IMPLICIT_REFRESH_DELTATIME.total_seconds():
        return response
    renewed = security.create_token(
        "access",
        str(payload.sub),
        data=renewal_claims(payload),
        audience=payload.aud,
        family=payload.fam,
    )
    security.set_access_cookies(renewed, response)
    return response
