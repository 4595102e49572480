"""Implicit refresh: a new access cookie when the current one is about to expire.

Register it as plain ASGI middleware, `app.add_middleware(security.implicit_refresh)`:
it looks at a request only when its response starts, and only does work when
a FastJWT dependency authenticated that request. (0.4.1's
`app.middleware("http")(security.implicit_refresh_middleware)` still works,
through Starlette's `BaseHTTPMiddleware`, which costs every request far more.)

The `JWT_IMPLICIT_REFRESH_ROUTE_*` paths are the application's route paths:
they are compared with the request's path less the `root_path` it had when it
reached the middleware, so an application served under a prefix (`uvicorn
--root-path /api` behind a proxy) lists `/items`, not `/api/items`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from starlette.responses import Response

from fastjwt.pipeline import AUTHENTICATED
from fastjwt.tokens.claims import renewal_claims
from fastjwt.web.cookies import set_token_cookies

if TYPE_CHECKING:
    from collections.abc import Awaitable, MutableMapping

    from starlette.requests import Request
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from fastjwt._types import FoundToken
    from fastjwt.config import FJWTConfig
    from fastjwt.payload import TokenPayload
    from fastjwt.runtime import Prepared

__all__ = ["ImplicitRefresh", "ImplicitRefreshMiddleware", "route_path"]

CreateToken = Callable[..., str]


class ImplicitRefresh:
    """Decides whether a response renews its request's access cookie, and renews it.

    Calling it with an ASGI app wraps the app in `ImplicitRefreshMiddleware`,
    which is what `app.add_middleware(security.implicit_refresh)` does.

    Args:
        prepared: The configuration, prepared.
        create_token: Creates the renewed token (`FastJWT.create_token`).

    See Also:
        [Implicit refresh](../how-to/implicit-refresh.md).

    Example:
        ```python
        from fastapi import FastAPI

        from fastjwt import FastJWT, FJWTConfig

        config = FJWTConfig(
            JWT_SECRET_KEY="a-secret-of-thirty-two-bytes-at-least", JWT_TOKEN_LOCATION=["cookies"]
        )
        security = FastJWT(config)
        app = FastAPI()
        app.add_middleware(security.implicit_refresh)
        ```
    """

    def __init__(self, prepared: Prepared, create_token: CreateToken) -> None:
        self.prepared = prepared
        self.create_token = create_token

    def __call__(self, app: ASGIApp) -> ImplicitRefreshMiddleware:
        """Wrap `app` in the middleware."""
        return ImplicitRefreshMiddleware(app, self)

    def renewal(
        self,
        scope: MutableMapping[str, Any],
        headers: Sequence[tuple[bytes, bytes]],
        root_path: str | None = None,
    ) -> str | None:
        """The renewed access token for this request's response, or `None`.

        Nothing is renewed unless a FastJWT dependency authenticated the
        request with an access token from its cookie (every check passed,
        revocation included), the token expires within
        `JWT_IMPLICIT_REFRESH_DELTATIME`, the path and method pass the
        `JWT_IMPLICIT_REFRESH_*` settings, and the response (with `headers`)
        does not set or clear that cookie itself (a login or a logout). The
        new token is not fresh and keeps the subject, scopes, audience, family
        and custom claims of the old one.

        Args:
            scope: The request's scope.
            headers: The headers of the response.
            root_path: The request's `root_path` when it reached the middleware
                (routing inside the app may lengthen it); the scope's when `None`.
        """
        authenticated: tuple[FoundToken, TokenPayload] | None = scope.get(AUTHENTICATED)
        if authenticated is None:
            return None
        found, payload = authenticated
        config = self.prepared.config
        if (
            found.location != "cookies"
            or payload.type != "access"
            or not _route_applies(config, scope, root_path)
            or _sets_access_cookie(headers, config)
        ):
            return None
        remaining = (payload.exp or float("inf")) - time.time()
        if remaining > config.JWT_IMPLICIT_REFRESH_DELTATIME.total_seconds():
            return None
        return self.create_token(
            "access",
            str(payload.sub),
            data=renewal_claims(payload.extra_dict, payload.scopes),
            audience=payload.aud,
            family=payload.fam,
        )

    def cookie_headers(self, token: str) -> list[tuple[bytes, bytes]]:
        """The `Set-Cookie` headers that store a renewed access token."""
        scratch = Response()
        set_token_cookies(scratch, token, "access", self.prepared.config)
        return [(name, value) for name, value in scratch.raw_headers if name == b"set-cookie"]

    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """Starlette HTTP middleware (`app.middleware("http")`): 0.4.1's way of registering."""
        root_path = request.scope.get("root_path", "")
        response = await call_next(request)
        renewed = self.renewal(request.scope, response.raw_headers, root_path)
        if renewed is not None:
            set_token_cookies(response, renewed, "access", self.prepared.config)
        return response


class ImplicitRefreshMiddleware:
    """ASGI middleware that adds the renewed access cookie to a response as it starts.

    Args:
        app: The application it wraps.
        refresh: The renewal rules (`FastJWT.implicit_refresh`).
    """

    def __init__(self, app: ASGIApp, refresh: ImplicitRefresh) -> None:
        self.app = app
        self.refresh = refresh

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app; renew the cookie on the response's first message when due."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refresh = self.refresh
        root_path = scope.get("root_path", "")

        async def start(message: Message) -> None:
            if message["type"] == "http.response.start" and AUTHENTICATED in scope:
                headers = list(message.get("headers", ()))
                renewed = refresh.renewal(scope, headers, root_path)
                if renewed is not None:
                    message = {**message, "headers": headers + refresh.cookie_headers(renewed)}
            await send(message)

        await self.app(scope, receive, start)


def route_path(path: str, root_path: str) -> str:
    """The path of a request within its application: `path` less `root_path`, as Starlette routes.

    Under the ASGI specification `path` includes `root_path` (uvicorn's
    `--root-path /api` serves `/api/items` with `root_path="/api"`).
    """
    if root_path and path.startswith(root_path):
        rest = path[len(root_path) :]
        if not rest or rest[0] == "/":
            return rest
    return path


def _route_applies(
    config: FJWTConfig, scope: MutableMapping[str, Any], root_path: str | None
) -> bool:
    root = scope.get("root_path", "") if root_path is None else root_path
    path, method = route_path(scope.get("path", ""), root), scope.get("method", "")
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


def _sets_access_cookie(headers: Sequence[tuple[bytes, bytes]], config: FJWTConfig) -> bool:
    prefix = f"{config.JWT_ACCESS_COOKIE_NAME}=".encode()
    return any(name == b"set-cookie" and value.startswith(prefix) for name, value in headers)
