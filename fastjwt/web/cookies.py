"""Set, clear and read the token cookies, for either token type, with one implementation.

A token cookie is HttpOnly: scripts cannot read it, so a cross-site scripting
bug cannot steal it. Its CSRF companion cookie is readable by scripts on
purpose: the page copies it into the CSRF header (double submit), which a
cross-site form cannot do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from fastjwt.exceptions import MalformedRequestError
from fastjwt.tokens import codec

if TYPE_CHECKING:
    from starlette.requests import HTTPConnection
    from starlette.responses import Response

    from fastjwt._types import TokenType
    from fastjwt.config import FJWTConfig

__all__ = [
    "MAX_COOKIE_BYTES",
    "read_cookie",
    "set_token_cookies",
    "token_cookie_name",
    "unset_token_cookies",
]

MAX_COOKIE_BYTES = 16 * 1024
"""Largest `Cookie` header (all of them together) searched for a token cookie (16 KiB).

Browsers keep each cookie under 4 KiB, and common proxies refuse header lines over 8 KiB."""


@dataclass(frozen=True, slots=True)
class _Names:
    token: str
    token_path: str
    csrf: str
    csrf_path: str


def token_cookie_name(config: FJWTConfig, token_type: TokenType) -> str:
    """The name of the cookie that carries `token_type` tokens."""
    if token_type == "access":
        return config.JWT_ACCESS_COOKIE_NAME
    return config.JWT_REFRESH_COOKIE_NAME


def _names(config: FJWTConfig, token_type: TokenType) -> _Names:
    if token_type == "access":
        return _Names(
            token_cookie_name(config, token_type),
            config.JWT_ACCESS_COOKIE_PATH,
            config.JWT_ACCESS_CSRF_COOKIE_NAME,
            config.JWT_ACCESS_CSRF_COOKIE_PATH,
        )
    return _Names(
        token_cookie_name(config, token_type),
        config.JWT_REFRESH_COOKIE_PATH,
        config.JWT_REFRESH_CSRF_COOKIE_NAME,
        config.JWT_REFRESH_CSRF_COOKIE_PATH,
    )


def _samesite(config: FJWTConfig) -> Literal["lax", "strict", "none"] | None:
    policy = config.JWT_COOKIE_SAMESITE
    if policy is None:
        return None
    lowered: Literal["lax", "strict", "none"] = policy.lower()  # type: ignore[assignment]
    return lowered


def set_token_cookies(
    response: Response,
    token: str,
    token_type: TokenType,
    config: FJWTConfig,
    max_age: int | None = None,
) -> None:
    """Put `token` in its cookie, and its CSRF value in the CSRF cookie.

    The lifetime is `max_age`, else `JWT_COOKIE_MAX_AGE`, else a browser
    session cookie when `JWT_SESSION_COOKIE` is set, else the token's own
    remaining lifetime.
    """
    names = _names(config, token_type)
    claims = codec.unverified_claims(token)
    if max_age is None:
        max_age = config.JWT_COOKIE_MAX_AGE
    if max_age is None and not config.JWT_SESSION_COOKIE and "exp" in claims:
        max_age = max(0, int(claims["exp"] - datetime.now(UTC).timestamp()))
    _write(response, config, names.token, token, names.token_path, httponly=True, max_age=max_age)
    csrf = claims.get("csrf")
    if config.JWT_CSRF_IN_COOKIES and isinstance(csrf, str):
        _write(response, config, names.csrf, csrf, names.csrf_path, httponly=False, max_age=max_age)


def unset_token_cookies(response: Response, token_type: TokenType, config: FJWTConfig) -> None:
    """Tell the browser to drop the token cookie and its CSRF cookie."""
    names = _names(config, token_type)
    _write(response, config, names.token, "", names.token_path, httponly=True, max_age=0)
    if config.JWT_CSRF_IN_COOKIES:
        _write(response, config, names.csrf, "", names.csrf_path, httponly=False, max_age=0)


def _write(
    response: Response,
    config: FJWTConfig,
    name: str,
    value: str,
    path: str,
    *,
    httponly: bool,
    max_age: int | None,
) -> None:
    """Set one cookie; a `max_age` of 0 with an empty value deletes it."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        expires=0 if max_age == 0 else None,
        path=path,
        domain=config.JWT_COOKIE_DOMAIN,
        secure=config.JWT_COOKIE_SECURE,
        httponly=httponly,
        samesite=_samesite(config),
    )


def read_cookie(connection: HTTPConnection, name: str) -> str | None:
    """The value of the cookie `name` in the `Cookie` headers, `None` without it.

    Read from the raw headers, as Starlette splits them (pairs separated by
    `;`, name and value stripped), but every pair counts: Starlette's
    `request.cookies` keeps the last of two cookies of one name, and two
    cookies of the token's name (another path, a parent domain's "tossed"
    cookie) are refused instead. Cookie headers longer than `MAX_COOKIE_BYTES`
    in all are refused before any of them is decoded.

    Raises:
        MalformedRequestError: The cookie is sent more than once (401), or the
            `Cookie` headers are too long (431).
    """
    headers = [raw for field, raw in connection.scope["headers"] if field == b"cookie"]
    if sum(map(len, headers)) > MAX_COOKIE_BYTES:
        raise MalformedRequestError(
            "The Cookie header is too long to look for a token in it",
            description=f"Cookie headers of more than {MAX_COOKIE_BYTES} bytes are not searched",
            status_code=431,
        )
    key = name.encode("latin-1")
    values = [value for raw in headers if key in raw for value in _pairs_named(raw, name)]
    if len(values) > 1:
        raise MalformedRequestError(f"Send the {name} cookie once, not {len(values)}")
    if not values:
        return None
    value = values[0]
    if len(value) > 1 and value[0] == value[-1] == '"':  # RFC 6265 allows a quoted value
        value = value[1:-1]
    return value


def _pairs_named(raw: bytes, name: str) -> list[str]:
    """The values of the pairs of one `Cookie` header whose name is `name`."""
    header = raw.decode("latin-1")
    values: list[str] = []
    start = header.find(name)
    while start >= 0:
        end = start + len(name)
        before = start
        while before and header[before - 1].isspace():
            before -= 1
        equals = end
        while equals < len(header) and header[equals].isspace():
            equals += 1
        if (before == 0 or header[before - 1] == ";") and header.startswith("=", equals):
            stop = header.find(";", equals)
            stop = len(header) if stop < 0 else stop
            values.append(header[equals + 1 : stop].strip())
            end = stop
        start = header.find(name, end)
    return values
