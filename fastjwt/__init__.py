"""FastJWT: JWT authentication for FastAPI.

Everything public is importable from here; the submodules are private.
"""

from fastjwt.bundle import FastJWTDeps
from fastjwt.config import FJWTConfig
from fastjwt.core import FastJWT
from fastjwt.dependencies import TokenFinder, TokenRequired
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
from fastjwt.jwks_client import JWKSClient
from fastjwt.models import RequestToken, TokenPayload
from fastjwt.openapi import add_error_responses
from fastjwt.stores import Revocation, RevocationStore
from fastjwt.stores.memory import MemoryStore
from fastjwt.subjects import SubjectRequired

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
    "UnknownSubjectError",
    "__version__",
    "add_error_responses",
]
