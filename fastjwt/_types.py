"""Type aliases and protocols shared by every layer (the public names are in `fastjwt.types`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Literal, Protocol, TypeAlias

__all__ = [
    "AlgorithmType",
    "AsymmetricAlgorithmType",
    "DateTimeExpression",
    "FoundToken",
    "HTTPMethod",
    "Numeric",
    "SameSitePolicy",
    "StrOrSeq",
    "SymmetricAlgorithmType",
    "TokenLocation",
    "TokenLocations",
    "TokenType",
]

Numeric: TypeAlias = int | float
StrOrSeq: TypeAlias = str | Sequence[str]
DateTimeExpression: TypeAlias = datetime | timedelta | int | float
"""An absolute `datetime`, or a duration as a `timedelta` or a number of seconds."""

SymmetricAlgorithmType: TypeAlias = Literal["HS256", "HS384", "HS512"]
AsymmetricAlgorithmType: TypeAlias = Literal[
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES256K",
    "ES384",
    "ES512",
    "EdDSA",
]
AlgorithmType: TypeAlias = Literal[SymmetricAlgorithmType, AsymmetricAlgorithmType]

TokenType: TypeAlias = Literal["access", "refresh"]
TokenLocation: TypeAlias = Literal["headers", "cookies", "json", "query"]
TokenLocations: TypeAlias = Sequence[TokenLocation]
HTTPMethod: TypeAlias = Literal["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
SameSitePolicy: TypeAlias = Literal["None", "Lax", "Strict"]


class FoundToken(Protocol):
    """A token as found in a request, before verification (`RequestToken` is one)."""

    @property
    def token(self) -> str | None:
        """The encoded token."""

    @property
    def csrf(self) -> str | None:
        """The CSRF double submit value sent with a cookie token."""

    @property
    def type(self) -> TokenType:
        """The type of token the route looks for."""

    @property
    def location(self) -> TokenLocation:
        """Where the token was found."""
