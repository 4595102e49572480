"""Find the token a request carries.

Only the `Authorization`-style header is read today: the header named by
`JWT_HEADER_NAME`, holding `JWT_HEADER_TYPE` and the token separated by one
space. Parsing is strict: one header, the configured scheme (compared without
regard to case), exactly one token made of token68 characters (RFC 7235).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from fastjwt.exceptions import BadConfigurationError, InvalidHeaderError, MissingTokenError
from fastjwt.models import RequestToken

if TYPE_CHECKING:
    from starlette.requests import HTTPConnection

    from fastjwt.config import FJWTConfig
    from fastjwt.types import TokenType

__all__ = ["SUPPORTED_LOCATIONS", "check_locations", "find_token", "token_from_headers"]

SUPPORTED_LOCATIONS: frozenset[str] = frozenset({"headers"})
_TOKEN68 = re.compile(r"[A-Za-z0-9\-._~+/]+=*")


def check_locations(config: FJWTConfig) -> None:
    """Refuse a `JWT_TOKEN_LOCATION` this release cannot read.

    Raises:
        BadConfigurationError: A location other than `headers` is configured.
    """
    unsupported = [where for where in config.JWT_TOKEN_LOCATION if where not in SUPPORTED_LOCATIONS]
    if unsupported or not config.JWT_TOKEN_LOCATION:
        msg = (
            f"JWT_TOKEN_LOCATION: this release reads tokens from ['headers'] only, "
            f"got {list(config.JWT_TOKEN_LOCATION)!r}"
        )
        raise BadConfigurationError(msg)


def token_from_headers(
    connection: HTTPConnection, config: FJWTConfig, token_type: TokenType
) -> RequestToken | None:
    """Read the token from the configured header, or `None` when the header is absent.

    Raises:
        InvalidHeaderError: The header is repeated or not `<type> <token>`.
    """
    name = config.JWT_HEADER_NAME
    values = connection.headers.getlist(name)
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
    if scheme:
        given, _, token = token.partition(" ")
        if given.casefold() != scheme.casefold():
            raise InvalidHeaderError(
                f"{name} header must use the {scheme} scheme",
                description=f"Expected {expected}",
            )
    if not _TOKEN68.fullmatch(token):
        raise InvalidHeaderError(
            f"{name} header must hold exactly one token",
            description=f"Expected {expected}",
        )
    return RequestToken(token=token, type=token_type, location="headers")


def find_token(
    connection: HTTPConnection, config: FJWTConfig, token_type: TokenType
) -> RequestToken:
    """Return the request's token from the configured locations.

    Raises:
        MissingTokenError: No location holds a token.
        InvalidHeaderError: The token header is malformed.
    """
    found = token_from_headers(connection, config, token_type)
    if found is None:
        raise MissingTokenError
    return found
