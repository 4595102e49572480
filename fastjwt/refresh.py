"""Implicit refresh: a new access cookie when the current one is about to expire."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from fastjwt.exceptions import (
    AuthenticationError,
    JWKSUnavailableError,
    RevocationUnavailableError,
)
from fastjwt.models import RequestToken

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from starlette.requests import Request
    from starlette.responses import Response

    from fastjwt.config import FJWTConfig
    from fastjwt.core import FastJWT
    from fastjwt.models import TokenPayload

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


def renewal_claims(payload: TokenPayload, config: FJWTConfig) -> dict[str, Any]:
    """The claims a renewed token carries over: custom claims, scopes and family."""
    claims = payload.extra_dict
    claims.pop(config.JWT_IDENTITY_CLAIM, None)
    if payload.scopes is not None:
        claims["scopes"] = payload.scopes
    if payload.fam is not None:
        claims["fam"] = payload.fam
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

    Nothing happens unless the request carried a valid access token cookie that
    expires within `JWT_IMPLICIT_REFRESH_DELTATIME`, on a path and method the
    `JWT_IMPLICIT_REFRESH_*` settings allow, and the response does not set or
    clear that cookie itself (a login or a logout). The new token is not fresh
    and keeps the subject, scopes, audience and custom claims of the old one.
    """
    response = await call_next(request)
    config = security.config
    token = request.cookies.get(config.JWT_ACCESS_COOKIE_NAME)
    if not token or not _route_applies(config, request) or _sets_access_cookie(response, config):
        return response
    try:
        payload = security.verify_token(
            RequestToken(token=token, location="cookies"), verify_csrf=False
        )
        await security.check_revocation(payload, token)
    except (AuthenticationError, JWKSUnavailableError, RevocationUnavailableError):
        return response
    remaining = (payload.exp or float("inf")) - datetime.now(UTC).timestamp()
    if remaining > config.JWT_IMPLICIT_REFRESH_DELTATIME.total_seconds():
        return response
    assert payload.sub is not None  # noqa: S101 - verified tokens always have a subject
    renewed = security.create_access_token(
        uid=payload.sub, data=renewal_claims(payload, config), audience=payload.aud
    )
    security.set_access_cookies(renewed, response)
    return response
