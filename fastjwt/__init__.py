"""FastJWT: JWT authentication for FastAPI.

Everything public is importable from here; the submodules are private (but
for the modules 0.4.1 documented). `RedisStore` is imported on first use,
since it needs the `redis` extra.
"""

from typing import TYPE_CHECKING, Any

from fastjwt.config import FJWTConfig
from fastjwt.core import FastJWT
from fastjwt.exceptions import (
    AccessTokenRequiredError,
    AuthenticationError,
    BadConfigurationError,
    CSRFError,
    FastJWTException,
    FreshTokenRequiredError,
    InsufficientScopeError,
    InvalidHeaderError,
    JWKSUnavailableError,
    JWTDecodeError,
    MalformedRequestError,
    MissingCSRFTokenError,
    MissingTokenError,
    NoAuthorizationError,
    RefreshTokenRequiredError,
    RevocationUnavailableError,
    RevokedTokenError,
    TokenError,
    TokenRequiredError,
    TokenTypeError,
    UnknownSubjectError,
)
from fastjwt.issuer_settings import TrustedIssuer
from fastjwt.keys.remote import JWKSClient
from fastjwt.models import RequestToken, TokenPayload
from fastjwt.stores import Revocation, RevocationStore
from fastjwt.stores.memory import MemoryStore
from fastjwt.web.dependencies import SubjectRequired, TokenFinder, TokenRequired
from fastjwt.web.implicit_refresh import ImplicitRefresh, ImplicitRefreshMiddleware
from fastjwt.web.openapi import add_error_responses
from fastjwt.web.request_helpers import FastJWTDeps

if TYPE_CHECKING:
    from fastjwt.stores.redis_store import RedisStore

__version__ = "0.5.0"

__all__ = [
    "AccessTokenRequiredError",
    "AuthenticationError",
    "BadConfigurationError",
    "CSRFError",
    "FJWTConfig",
    "FastJWT",
    "FastJWTDeps",
    "FastJWTException",
    "FreshTokenRequiredError",
    "ImplicitRefresh",
    "ImplicitRefreshMiddleware",
    "InsufficientScopeError",
    "InvalidHeaderError",
    "JWKSClient",
    "JWKSUnavailableError",
    "JWTDecodeError",
    "MalformedRequestError",
    "MemoryStore",
    "MissingCSRFTokenError",
    "MissingTokenError",
    "NoAuthorizationError",
    "RedisStore",
    "RefreshTokenRequiredError",
    "RequestToken",
    "Revocation",
    "RevocationStore",
    "RevocationUnavailableError",
    "RevokedTokenError",
    "SubjectRequired",
    "TokenError",
    "TokenFinder",
    "TokenPayload",
    "TokenRequired",
    "TokenRequiredError",
    "TokenTypeError",
    "TrustedIssuer",
    "UnknownSubjectError",
    "__version__",
    "add_error_responses",
]


def __getattr__(name: str) -> Any:
    """Import `RedisStore` when asked for: it needs `pip install fastjwt[redis]`."""
    if name == "RedisStore":
        from fastjwt.stores.redis_store import RedisStore  # noqa: PLC0415

        return RedisStore
    msg = f"module 'fastjwt' has no attribute {name!r}"
    raise AttributeError(msg)
