"""The `Origin` check of WebSocket handshakes that carry a cookie token.

A browser sends a site's cookies with every WebSocket handshake to it, even
one a page of another site opens, and the CSRF double submit cannot help (a
handshake is a `GET` whose headers no script chooses). What tells the two
apart is the `Origin` header, which browsers set on every handshake to the
origin of the page and which no page can change (RFC 6455 section 10.2). So a
handshake authenticated by a cookie is refused unless its `Origin` is the
application's own (the same host and port as its `Host` header) or one of
`JWT_WEBSOCKET_ALLOWED_ORIGINS`.

A handshake without `Origin` does not come from a browser (RFC 6455 section
4.1 makes browsers send it), so no page can have made it: it is not refused
here. `Origin: null`, sent by sandboxed frames and local files, never matches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastjwt.exceptions import CSRFError, MalformedRequestError

if TYPE_CHECKING:
    from collections.abc import Collection

    from starlette.requests import HTTPConnection

__all__ = ["check_origin", "origin_host"]

NOT_ALLOWED = "The handshake's Origin is not allowed to use the cookie token"


def origin_host(origin: str) -> str | None:
    """The `host[:port]` of a serialized origin (`scheme://host[:port]`), lowercase; else `None`."""
    scheme, separator, host = origin.lower().partition("://")
    if not separator or scheme not in {"http", "https"} or not host:
        return None
    if any(character in host for character in "/?#@\\ ") or not host.isascii():
        return None
    return host


def _single(connection: HTTPConnection, field: bytes, name: str) -> str | None:
    values = [value for key, value in connection.scope["headers"] if key == field]
    if len(values) > 1:
        raise MalformedRequestError(f"Send one {name} header, not {len(values)}")
    return values[0].decode("latin-1") if values else None


def check_origin(connection: HTTPConnection, allowed: Collection[str]) -> None:
    """Refuse a WebSocket handshake from another origin than the allowed ones.

    Args:
        connection: The handshake.
        allowed: The allowed origins, lowercase (`JWT_WEBSOCKET_ALLOWED_ORIGINS`);
            when empty, the application's own origin only.

    Raises:
        CSRFError: The `Origin` is not allowed.
        MalformedRequestError: The handshake repeats `Origin` or `Host`.
    """
    origin = _single(connection, b"origin", "Origin")
    if origin is None:
        return
    if allowed:
        if origin.lower() in allowed:
            return
    else:
        host = _single(connection, b"host", "Host")
        own = origin_host(origin)
        if own is not None and host is not None and own == host.lower():
            return
    raise CSRFError(NOT_ALLOWED, description="Origin not allowed")
