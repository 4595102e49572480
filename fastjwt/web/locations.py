"""Find the token a request carries: headers, cookies, query string or JSON body.

Locations are tried in the configured order and the first token found is
used. Parsing is strict, because a request whose token could be read two ways
is a request an attacker can shape: one header of the form `<type> <token>`
(one or more spaces between them, as RFC 6750 allows), one query parameter,
no empty values, nothing longer than `MAX_TOKEN_LENGTH`, and never two
different tokens in two locations (the JSON body is only read when no
earlier location held a token).
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from starlette.requests import Request

from fastjwt.exceptions import InvalidHeaderError, MalformedRequestError, MissingTokenError

if TYPE_CHECKING:
    from starlette.requests import HTTPConnection

    from fastjwt._types import TokenLocation, TokenType
    from fastjwt.config import FJWTConfig

__all__ = ["MAX_BODY_BYTES", "MAX_TOKEN_LENGTH", "Found", "describe", "find_token"]

MAX_TOKEN_LENGTH = 8192
"""Longest value accepted as a token; real JWTs stay far below it."""
MAX_BODY_BYTES = 1024 * 1024
"""Largest JSON body FastJWT parses to look for a token."""

_TOKEN68 = re.compile(r"[A-Za-z0-9\-._~+/]+=*")


@dataclass(frozen=True, slots=True)
class Found:
    """A token found in a request (a light `RequestToken`, for the pipeline)."""

    token: str
    type: TokenType
    location: TokenLocation
    csrf: str | None = None


@dataclass(frozen=True, slots=True)
class _Lookup:
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
        name = config.JWT_ACCESS_COOKIE_NAME if access else config.JWT_REFRESH_COOKIE_NAME
        return f"the {name} cookie"
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


async def _from_headers(lookup: _Lookup) -> Found | None:
    config = lookup.config
    name = config.JWT_HEADER_NAME
    values = lookup.connection.headers.getlist(name)
    if not values:
        return None
    scheme = config.JWT_HEADER_TYPE
    expected = f"{name}: {scheme} <token>" if scheme else f"{name}: <token>"
    if len(values) > 1:
        raise InvalidHeaderError(
            f"Send one {name} header, not {len(values)}",
            description=f"Expected a single header {expected}",
        )
    token = values[0]
    if not token.strip():
        raise InvalidHeaderError(f"{name} header is empty", description=f"Expected {expected}")
    if scheme:
        given, _, token = token.partition(" ")
        token = token.lstrip(" ")  # RFC 6750 section 2.1: one or more spaces
        if given.casefold() != scheme.casefold():
            raise InvalidHeaderError(
                f"{name} header must use the {scheme} scheme", description=f"Expected {expected}"
            )
    if len(token) > MAX_TOKEN_LENGTH or not _TOKEN68.fullmatch(token):
        raise InvalidHeaderError(
            f"{name} header must hold exactly one token", description=f"Expected {expected}"
        )
    return Found(token=token, type=lookup.token_type, location="headers")


async def _from_cookies(lookup: _Lookup) -> Found | None:
    config = lookup.config
    access = lookup.token_type == "access"
    name = config.JWT_ACCESS_COOKIE_NAME if access else config.JWT_REFRESH_COOKIE_NAME
    value = lookup.connection.cookies.get(name)
    if not value:
        # A cleared cookie may come back empty: that is no token, not a malformed one.
        return None
    token = _checked(value, f"the {name} cookie")
    csrf = await _csrf_value(lookup)
    return Found(token=token, csrf=csrf, type=lookup.token_type, location="cookies")


async def _csrf_value(lookup: _Lookup) -> str | None:
    config = lookup.config
    access = lookup.token_type == "access"
    header = config.JWT_ACCESS_CSRF_HEADER_NAME if access else config.JWT_REFRESH_CSRF_HEADER_NAME
    values = lookup.connection.headers.getlist(header)
    if len(values) > 1:
        raise MalformedRequestError(f"Send one {header} header, not {len(values)}")
    if values:
        return values[0]
    connection = lookup.connection
    if not (lookup.read_form and isinstance(connection, Request)):
        return None
    if connection.headers.get("content-type", "").partition(";")[0].strip().lower() != (
        "application/x-www-form-urlencoded"
    ):
        return None
    field = config.JWT_ACCESS_CSRF_FIELD_NAME if access else config.JWT_REFRESH_CSRF_FIELD_NAME
    body = await _body(connection)
    fields = parse_qs(body.decode("latin-1"), keep_blank_values=True).get(field, [])
    if len(fields) > 1:
        raise MalformedRequestError(f"Send the {field} form field once")
    return fields[0] if fields else None


async def _from_query(lookup: _Lookup) -> Found | None:
    name = lookup.config.JWT_QUERY_STRING_NAME
    values = lookup.connection.query_params.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise MalformedRequestError(f"Send the {name} query parameter once, not {len(values)}")
    token = _checked(values[0], f"the {name} query parameter")
    return Found(token=token, type=lookup.token_type, location="query")


async def _from_json(lookup: _Lookup) -> Found | None:
    request = lookup.connection
    if not isinstance(request, Request):
        return None
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        return None
    config = lookup.config
    key = config.JWT_JSON_KEY if lookup.token_type == "access" else config.JWT_REFRESH_JSON_KEY
    body = await _body(request)
    if not body:
        return None
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MalformedRequestError(
            "The request body is not valid JSON", status_code=400
        ) from error
    if not isinstance(document, dict):
        raise MalformedRequestError(
            "The request body must be a JSON object to carry a token", status_code=400
        )
    if key not in document:
        return None
    value = document[key]
    if not isinstance(value, str):
        raise MalformedRequestError(f"The {key} field of the JSON body must be a string")
    token = _checked(value, f"the {key} field of the JSON body")
    return Found(token=token, type=lookup.token_type, location="json")


async def _body(request: Request) -> bytes:
    """Read the body once (Starlette keeps it for the route), refusing huge ones."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _too_large()
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise _too_large()
    return body


def _too_large() -> MalformedRequestError:
    return MalformedRequestError(
        "The request body is too large to look for a token in it",
        description=f"Bodies of more than {MAX_BODY_BYTES} bytes are not searched",
        status_code=413,
    )


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
        token = await _GETTERS[where](lookup)
        if token is None:
            continue
        if found is None:
            found = token
        elif token.token != found.token:
            first, second = (describe(w, config, token_type) for w in (found.location, where))
            msg = f"The request carries different tokens in {first} and {second}; send one"
            raise MalformedRequestError(msg)
    if found is None:
        raise _missing(where_to_look, config, token_type)
    return found


def _missing(
    locations: Sequence[TokenLocation], config: FJWTConfig, token_type: TokenType
) -> MissingTokenError:
    if list(locations) == ["headers"]:
        return MissingTokenError()
    places = ", ".join(describe(where, config, token_type) for where in locations)
    return MissingTokenError(f"Missing JWT in request: looked in {places}")
