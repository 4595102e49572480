"""FastJWT: JWT authentication for FastAPI.

Everything public is importable from here; the submodules are private.
"""

from fastjwt.bundle import FastJWTDeps
from fastjwt.config import FJWTConfig
from fastjwt.core import FastJWT
from fastjwt.dependencies import TokenRequired
from fastjwt.exceptions import (
    AccessTokenRequiredError,
    AuthenticationError,
    BadConfigurationError,
    CSRFError,
    FastJWTException,
    FreshTokenRequiredError,
    InvalidHeaderError,
    JWTDecodeError,
    MalformedRequestError,
    MissingCSRFTokenError,
    MissingTokenError,
    NoAuthorizationError,
    RefreshTokenRequiredError,
    RevokedTokenError,
    TokenError,
    TokenRequiredError,
    TokenTypeError,
)
from fastjwt.models import RequestToken, TokenPayload
from fastjwt.openapi import add_error_responses

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
    "InvalidHeaderError",
    "JWTDecodeError",
    "MalformedRequestError",
    "MissingCSRFTokenError",
    "MissingTokenError",
    "NoAuthorizationError",
    "RefreshTokenRequiredError",
    "RequestToken",
    "RevokedTokenError",
    "TokenError",
    "TokenPayload",
    "TokenRequired",
    "TokenRequiredError",
    "TokenTypeError",
    "__version__",
    "add_error_responses",
]
