"""Find the token a request carries: headers, cookies, query string or JSON body.

Locations are tried in the configured order and the first token found is
used. Parsing is strict, because a request whose token could be read two ways
is a request an attacker can shape: one header of the form `<type> <token>`
(one or more spaces between them, as RFC 6750 allows), one cookie of the
token's name, one query parameter, one JSON field, no empty values, and never
two different tokens in two locations (the JSON body is only read when no
earlier location held a token).

Sizes are checked before anything is decoded: a token is at most
`MAX_TOKEN_LENGTH` characters wherever it is, the token header at most
`MAX_HEADER_LENGTH` bytes, the `Cookie` headers at most `MAX_COOKIE_BYTES`, the
query string at most `MAX_QUERY_BYTES`, and a body at most `MAX_BODY_BYTES`
(counted while it is read). A WebSocket handshake that carries a cookie token
must come from an allowed origin (`fastjwt.web.origin`).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import parse_qs

from starlette.requests import Request

from fastjwt.exceptions import InvalidHeaderError, MalformedRequestError, MissingTokenError
from fastjwt.web.body import MAX_BODY_BYTES, json_document, read_body
from fastjwt.web.cookies import MAX_COOKIE_BYTES, read_cookie, token_cookie_name
from fastjwt.web.origin import check_origin

if TYPE_CHECKING:
    from starlette.requests import HTTPConnection

    from fastjwt._types import TokenLocation, TokenType
    from fastjwt.config import FJWTConfig

__all__ = [
    "FINDER",
    "MAX_BODY_BYTES",
    "MAX_COOKIE_BYTES",
    "MAX_HEADER_LENGTH",
    "MAX_QUERY_BYTES",
    "MAX_TOKEN_LENGTH",
    "Found",
    "describe",
    "find_token",
    "find_token_now",
]

MAX_TOKEN_LENGTH = 8192
"""Longest value accepted as a token, in any location; real JWTs stay far below it."""
MAX_HEADER_LENGTH = MAX_TOKEN_LENGTH + 256
"""Longest token header value read: a token, with room for its scheme and spaces."""
MAX_QUERY_BYTES = 16 * 1024
"""Longest query string searched for a token parameter (16 KiB; proxies refuse 8 KiB URLs)."""

_TOKEN68 = re.compile(r"[A-Za-z0-9\-._~+/]+=*")


class Found(NamedTuple):
    """A token found in a request (a light `RequestToken`, for the pipeline)."""

    token: str
    type: TokenType
    location: TokenLocation
    csrf: str | None = None


class _Lookup(NamedTuple):
    connection: HTTPConnection
    config: FJWTConfig
    token_type: TokenType
    read_form: bool


def describe(where: TokenLocation, config: FJWTConfig, token_type: TokenType) -> str:
    """Name the exact place a location stands for, for error messages."""
    access = token_type == "access"
    if where == "headers":
        return f"the {config.JWT_HEADER_NAME} header"
    if where == "cookies":
        return f"the {token_cookie_name(config, token_type)} cookie"
    if where == "query":
        return f"the {config.JWT_QUERY_STRING_NAME} query parameter"
    key = config.JWT_JSON_KEY if access else config.JWT_REFRESH_JSON_KEY
    return f"the {key} field of the JSON body"


def _checked(value: str, where: str) -> str:
    place = where[0].upper() + where[1:]
    if not value:
        raise MalformedRequestError(f"{place} is empty")
    if len(value) > MAX_TOKEN_LENGTH:
        raise MalformedRequestError(
            f"{place} is too long to be a token",
            description=f"Tokens are at most {MAX_TOKEN_LENGTH} characters",
        )
    if not _TOKEN68.fullmatch(value):
        raise MalformedRequestError(f"{place} must hold exactly one token")
    return value


class _HeaderRule:
    """How one header setting reads tokens, and the header values it has read before.

    Reading the same header value again is common (a client sends its token
    on every request), and its parse is a pure function of the value and the
    settings, so parses are remembered by the raw value (a bounded number).
    """

    MEMO_SIZE = 1024

    def __init__(self, name: str, scheme: str) -> None:
        self.key = name.lower().encode("latin-1")
        self.scheme = scheme
        self.folded = scheme.casefold()
        self.memo: dict[str, dict[bytes, Found]] = {"access": {}, "refresh": {}}

    def remember(self, raw: bytes, found: Found) -> Found:
        memo = self.memo[found.type]
        if len(memo) >= self.MEMO_SIZE:
            memo.clear()  # the values of the moment come back at once
        memo[raw] = found
        return found


@lru_cache(maxsize=16)
def _header_rule(name: str, scheme: str) -> _HeaderRule:
    return _HeaderRule(name, scheme)


def header_token(
    connection: HTTPConnection, config: FJWTConfig, token_type: TokenType
) -> Found | None:
    """The token of the configured header, `None` without the header (this runs on every request).

    Raises:
        InvalidHeaderError: The header is repeated, empty, of another scheme,
            or does not hold exactly one token.
    """
    rule = _header_rule(config.JWT_HEADER_NAME, config.JWT_HEADER_TYPE)
    key = rule.key
    # The raw ASGI headers, read directly: cheaper than building Starlette's `Headers`.
    values = [value for field, value in connection.scope["headers"] if field == key]
    if not values:
        return None
    if len(values) > 1:
        name = config.JWT_HEADER_NAME
        raise _bad_header(config, f"Send one {name} header, not {len(values)}", single=True)
    found = rule.memo[token_type].get(values[0])
    if found is not None:
        return found
    return rule.remember(values[0], _parse_header(values[0], rule, config, token_type))


async def _from_headers(lookup: _Lookup) -> Found | None:
    return header_token(lookup.connection, lookup.config, lookup.token_type)


def _parse_header(
    value: bytes, rule: _HeaderRule, config: FJWTConfig, token_type: TokenType
) -> Found:
    name, scheme = config.JWT_HEADER_NAME, rule.scheme
    if len(value) > MAX_HEADER_LENGTH:  # refused before a byte of it is decoded
        raise _bad_header(config, f"{name} header must hold exactly one token")
    raw = token = value.decode("latin-1")
    if scheme:
        given, _, token = raw.partition(" ")
        token = token.lstrip(" ")  # RFC 6750 section 2.1: one or more spaces
        if given != scheme and given.casefold() != rule.folded:
            if not raw.strip():
                raise _bad_header(config, f"{name} header is empty")
            raise _bad_header(config, f"{name} header must use the {scheme} scheme")
    elif not raw.strip():
        raise _bad_header(config, f"{name} header is empty")
    if len(token) > MAX_TOKEN_LENGTH or not _TOKEN68.fullmatch(token):
        raise _bad_header(config, f"{name} header must hold exactly one token")
    return Found(token, token_type, "headers")


def _bad_header(config: FJWTConfig, message: str, *, single: bool = False) -> InvalidHeaderError:
    name, scheme = config.JWT_HEADER_NAME, config.JWT_HEADER_TYPE
    expected = f"{name}: {scheme} <token>" if scheme else f"{name}: <token>"
    prefix = "Expected a single header" if single else "Expected"
    return InvalidHeaderError(message, description=f"{prefix} {expected}")


def _cookie_token(lookup: _Lookup) -> Found | None:
    config = lookup.config
    name = token_cookie_name(config, lookup.token_type)
    connection = lookup.connection
    value = read_cookie(connection, name)
    if not value:
        # A cleared cookie may come back empty: that is no token, not a malformed one.
        return None
    if connection.scope["type"] == "websocket":
        check_origin(connection, config.JWT_WEBSOCKET_ALLOWED_ORIGINS)
    token = _checked(value, f"the {name} cookie")
    return Found(token, lookup.token_type, "cookies", _csrf_header(lookup))


async def _from_cookies(lookup: _Lookup) -> Found | None:
    found = _cookie_token(lookup)
    if found is None or found.csrf is not None:
        return found
    return found._replace(csrf=await _csrf_field(lookup))


def _csrf_header(lookup: _Lookup) -> str | None:
    config = lookup.config
    access = lookup.token_type == "access"
    header = config.JWT_ACCESS_CSRF_HEADER_NAME if access else config.JWT_REFRESH_CSRF_HEADER_NAME
    values = lookup.connection.headers.getlist(header)
    if len(values) > 1:
        raise MalformedRequestError(f"Send one {header} header, not {len(values)}")
    return values[0] if values else None


async def _csrf_field(lookup: _Lookup) -> str | None:
    config = lookup.config
    access = lookup.token_type == "access"
    connection = lookup.connection
    if not (lookup.read_form and isinstance(connection, Request)):
        return None
    if connection.headers.get("content-type", "").partition(";")[0].strip().lower() != (
        "application/x-www-form-urlencoded"
    ):
        return None
    field = config.JWT_ACCESS_CSRF_FIELD_NAME if access else config.JWT_REFRESH_CSRF_FIELD_NAME
    body = await read_body(connection)
    fields = parse_qs(body.decode("latin-1"), keep_blank_values=True).get(field, [])
    if len(fields) > 1:
        raise MalformedRequestError(f"Send the {field} form field once")
    return fields[0] if fields else None


async def _from_query(lookup: _Lookup) -> Found | None:
    return _query_token(lookup)


def _query_token(lookup: _Lookup) -> Found | None:
    name = lookup.config.JWT_QUERY_STRING_NAME
    if len(lookup.connection.scope["query_string"]) > MAX_QUERY_BYTES:
        raise MalformedRequestError(
            "The query string is too long to look for a token in it",
            description=f"Query strings of more than {MAX_QUERY_BYTES} bytes are not searched",
            status_code=414,
        )
    values = lookup.connection.query_params.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise MalformedRequestError(f"Send the {name} query parameter once, not {len(values)}")
    token = _checked(values[0], f"the {name} query parameter")
    return Found(token, lookup.token_type, "query")


async def _from_json(lookup: _Lookup) -> Found | None:
    request = lookup.connection
    if not isinstance(request, Request):
        return None
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        return None
    config = lookup.config
    key = config.JWT_JSON_KEY if lookup.token_type == "access" else config.JWT_REFRESH_JSON_KEY
    body = await read_body(request)
    if not body:
        return None
    document = json_document(body, key)
    if key not in document:
        return None
    value = document[key]
    if not isinstance(value, str):
        raise MalformedRequestError(f"The {key} field of the JSON body must be a string")
    token = _checked(value, f"the {key} field of the JSON body")
    return Found(token, lookup.token_type, "json")


_GETTERS: dict[str, Callable[[_Lookup], Awaitable[Found | None]]] = {
    "headers": _from_headers,
    "cookies": _from_cookies,
    "query": _from_query,
    "json": _from_json,
}


async def find_token(
    connection: HTTPConnection,
    config: FJWTConfig,
    token_type: TokenType,
    locations: Sequence[TokenLocation] | None = None,
    *,
    read_form: bool = False,
) -> Found:
    """Return the request's token from `locations` (default `JWT_TOKEN_LOCATION`).

    Args:
        connection: The request or WebSocket.
        config: The settings naming headers, cookies, parameters and fields.
        token_type: Which token to look for (their cookie and JSON names differ).
        locations: The locations to try, in order.
        read_form: Look for a cookie token's CSRF value in an urlencoded form
            body when no CSRF header is sent.

    Raises:
        MissingTokenError: No location holds a token; the message names the
            places looked at.
        MalformedRequestError: A location holds something that is not one
            token, or two locations hold different tokens.
    """
    where_to_look = config.JWT_TOKEN_LOCATION if locations is None else locations
    lookup = _Lookup(connection, config, token_type, read_form)
    found: Found | None = None
    for where in where_to_look:
        if found is not None and where == "json":
            continue
        found = _one_token(found, await _GETTERS[where](lookup), config, token_type)
    if found is None:
        raise _missing(where_to_look, config, token_type)
    return found


def _one_token(
    first: Found | None, token: Found | None, config: FJWTConfig, token_type: TokenType
) -> Found | None:
    """The token found so far; two locations with different tokens are refused."""
    if first is None:
        return token
    if token is not None and token.token != first.token:
        places = (describe(w, config, token_type) for w in (first.location, token.location))
        msg = "The request carries different tokens in {} and {}; send one".format(*places)
        raise MalformedRequestError(msg)
    return first


def find_token_now(
    connection: HTTPConnection,
    config: FJWTConfig,
    token_type: TokenType,
    locations: Sequence[TokenLocation] | None = None,
    read_form: bool = False,
) -> Found | None:
    """`find_token` without awaiting, when no body needs reading; `None` when one might.

    A JSON body, or a CSRF value in a form body, can only be read by awaiting;
    headers, cookies and the query string are at hand. This is the path of
    most requests, so the common case of the header alone is made direct.

    Raises:
        As `find_token`.
    """
    where_to_look = config.JWT_TOKEN_LOCATION if locations is None else locations
    if len(where_to_look) == 1 and where_to_look[0] == "headers":
        found = header_token(connection, config, token_type)
        if found is None:
            raise MissingTokenError
        return found
    if "json" in where_to_look or (read_form and "cookies" in where_to_look):
        return None
    lookup = _Lookup(connection, config, token_type, read_form)
    first: Found | None = None
    for where in where_to_look:
        if where == "headers":
            token = header_token(connection, config, token_type)
        elif where == "query":
            token = _query_token(lookup)
        else:
            token = _cookie_token(lookup)
        first = _one_token(first, token, config, token_type)
    if first is None:
        raise _missing(where_to_look, config, token_type)
    return first


class _Finder:
    """The find stage as the pipeline calls it: without awaiting when it can."""

    now = staticmethod(find_token_now)
    later = staticmethod(find_token)


FINDER = _Finder()
"""The find stage of `fastjwt.pipeline.Pipeline`."""


def _missing(
    locations: Sequence[TokenLocation], config: FJWTConfig, token_type: TokenType
) -> MissingTokenError:
    if list(locations) == ["headers"]:
        return MissingTokenError()
    places = ", ".join(describe(where, config, token_type) for where in locations)
    return MissingTokenError(f"Missing JWT in request: looked in {places}")
