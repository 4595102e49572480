"""The type aliases of fastjwt 0.4.1's `fastjwt.types`, for annotations in applications."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeAlias, TypeVar

from fastjwt._types import (
    AlgorithmType,
    AsymmetricAlgorithmType,
    DateTimeExpression,
    HTTPMethod,
    Numeric,
    SameSitePolicy,
    StrOrSeq,
    SymmetricAlgorithmType,
    TokenLocation,
    TokenLocations,
    TokenType,
)

__all__ = [
    "AlgorithmType",
    "AsymmetricAlgorithmType",
    "DateTimeExpression",
    "HTTPMethod",
    "HTTPMethods",
    "ModelCallback",
    "Numeric",
    "ObjOrSeq",
    "SameSitePolicy",
    "StrOrSeq",
    "SymmetricAlgorithmType",
    "TokenCallback",
    "TokenLocation",
    "TokenLocations",
    "TokenType",
]

T = TypeVar("T")

ObjOrSeq: TypeAlias = T | Sequence[T]
"""One value or a sequence of them."""
HTTPMethods: TypeAlias = Sequence[HTTPMethod]
"""A list of HTTP methods, as `JWT_CSRF_METHODS` takes."""
TokenCallback: TypeAlias = Callable[..., Any]
"""0.4.1's blocklist callback: `(token: str, **kwargs) -> bool`, sync or async."""
ModelCallback: TypeAlias = Callable[..., Any]
"""0.4.1's subject getter: `(uid: str, **kwargs) -> T | None`, sync or async."""
