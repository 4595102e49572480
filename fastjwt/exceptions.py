"""The FastJWT exception tree.

Every error FastJWT raises derives from `FastJWTException`. Authentication
failures also derive from FastAPI's `HTTPException`, so an application that
registers no handler still answers them with the right status, a
`{"detail": ...}` body and a `WWW-Authenticate` challenge (RFC 6750).

```text
FastJWTException
├── BadConfigurationError (also ValueError)     a setting is wrong; raised at startup
├── RevocationUnavailableError (HTTP 503)       the revocation store cannot be reached
├── JWKSUnavailableError (HTTP 503)             the issuer's JWK Set cannot be fetched
└── AuthenticationError (HTTP 401)
    ├── InsufficientScopeError (HTTP 403)       the token lacks a scope the route needs
    ├── JWTDecodeError                          signature, format or registered claims
    ├── NoAuthorizationError
    ├── CSRFError                               the CSRF double submit check failed
    └── TokenError
        ├── MissingTokenError                   no token where one was looked for
        │   └── MissingCSRFTokenError           no CSRF value sent (also a CSRFError)
        ├── MalformedRequestError               the token is sent in a malformed way
        │   └── InvalidHeaderError              the Authorization header is malformed
        ├── TokenTypeError                      access and refresh tokens swapped
        │   ├── AccessTokenRequiredError
        │   └── RefreshTokenRequiredError
        ├── RevokedTokenError
        ├── UnknownSubjectError                 the subject getter knows no such user
        ├── TokenRequiredError
        └── FreshTokenRequiredError
```
"""

from __future__ import annotations

import re
from typing import ClassVar

from fastapi import HTTPException

__all__ = [
    "AccessTokenRequiredError",
    "AuthenticationError",
    "BadConfigurationError",
    "CSRFError",
    "FastJWTException",
    "FreshTokenRequiredError",
    "InsufficientScopeError",
    "InvalidHeaderError",
    "JWKSUnavailableError",
    "JWTDecodeError",
    "MalformedRequestError",
    "MissingCSRFTokenError",
    "MissingTokenError",
    "NoAuthorizationError",
    "RefreshTokenRequiredError",
    "RevocationUnavailableError",
    "RevokedTokenError",
    "TokenError",
    "TokenRequiredError",
    "TokenTypeError",
    "UnknownSubjectError",
]

# RFC 6750 section 3: error_description may only hold %x20-21 / %x23-5B / %x5D-7E.
_NOT_IN_DESCRIPTION = re.compile(r"[^\x20\x21\x23-\x5b\x5d-\x7e]")


class FastJWTException(Exception):  # noqa: N818 - the name is part of 0.4.1's public API
    """Root of every exception FastJWT raises.

    `str()` of an error is its message, as in fastjwt 0.4.1, also for the
    errors that are HTTP exceptions (whose `str()` would otherwise prefix the
    status code).
    """

    def __str__(self) -> str:
        if isinstance(self, HTTPException):
            return str(self.detail)
        return super().__str__()


class BadConfigurationError(FastJWTException, ValueError):
    """A setting of `FJWTConfig` is missing, malformed or unsafe.

    The message names the setting to fix. FastJWT raises it as early as the
    problem can be known: on assignment, when `FastJWT` receives the
    configuration, or at the latest when the first token is created or verified.
    """


class RevocationUnavailableError(FastJWTException, HTTPException):
    """The revocation store cannot be reached, so the token cannot be trusted (503).

    FastJWT fails closed: a token it cannot check is refused, never accepted.
    """

    def __init__(self, detail: str = "Token revocation check unavailable") -> None:
        super().__init__(status_code=503, detail=detail, headers={"Retry-After": "5"})


class JWKSUnavailableError(FastJWTException, HTTPException):
    """A token names a key only the issuer's JWK Set could hold, and it cannot be fetched (503).

    FastJWT fails closed: the token is refused, and the client is told to try
    again later rather than that its token is bad. Keys fetched before keep
    working.
    """

    def __init__(self, detail: str = "Token keys unavailable") -> None:
        super().__init__(status_code=503, detail=detail, headers={"Retry-After": "10"})


class AuthenticationError(FastJWTException, HTTPException):
    """A request was refused: 401 and a Bearer challenge (403 for missing scopes).

    Subclasses set `default_detail` (the body's `detail`), `error_code` (the
    RFC 6750 `error` attribute of the challenge, or `None` when the request
    carried no credentials at all) and `msg_attribute` (the `FastJWT.MSG_*`
    attribute that `FastJWT.handle_errors` uses for its body).

    Args:
        detail: The client-facing message; the class default when omitted.
        description: A short reason for the `error_description` attribute of the
            `WWW-Authenticate` header; characters RFC 6750 forbids are dropped.
        status_code: The HTTP status, when it is not the class's (a request
            body that cannot be parsed is a 400, for instance).
    """

    status: ClassVar[int] = 401
    default_detail: ClassVar[str] = "Unauthorized"
    error_code: ClassVar[str | None] = "invalid_token"
    msg_attribute: ClassVar[str] = "MSG_DEFAULT"

    def __init__(
        self,
        detail: str | None = None,
        *,
        description: str | None = None,
        status_code: int | None = None,
    ) -> None:
        self.description = description
        super().__init__(
            status_code=self.status if status_code is None else status_code,
            detail=detail if detail is not None else self.default_detail,
            headers={"WWW-Authenticate": self.challenge()},
        )

    def challenge(self) -> str:
        """Build the `WWW-Authenticate` value for this error."""
        if self.error_code is None:
            return "Bearer"
        value = f'Bearer error="{self.error_code}"'
        if self.description:
            value += f', error_description="{_NOT_IN_DESCRIPTION.sub("", self.description)}"'
        return value


class InsufficientScopeError(AuthenticationError):
    """The token is valid but lacks a scope the route requires (RFC 6750 section 3.1).

    Args:
        required: The scopes the route asks for, named in the challenge.
        detail: The client-facing message.
    """

    status = 403
    default_detail = "Insufficient scope"
    error_code = "insufficient_scope"
    msg_attribute = "MSG_INSUFFICIENT_SCOPE_ERROR"

    def __init__(self, required: tuple[str, ...] = (), detail: str | None = None) -> None:
        self.required = required
        super().__init__(detail)

    def challenge(self) -> str:
        """Name the error and, as RFC 6750 suggests, the scopes needed."""
        value = f'Bearer error="{self.error_code}"'
        if self.required:
            value += f', scope="{_NOT_IN_DESCRIPTION.sub("", " ".join(self.required))}"'
        return value


class JWTDecodeError(AuthenticationError):
    """The token is malformed, wrongly signed, expired or fails a registered claim."""

    msg_attribute = "MSG_DECODE_JWT_ERROR"


class NoAuthorizationError(AuthenticationError):
    """The request carries no authorization at all."""

    default_detail = "Missing JWT in request"
    error_code: ClassVar[str | None] = None
    msg_attribute = "MSG_MISSING_TOKEN_ERROR"


class CSRFError(AuthenticationError):
    """The CSRF double submit value does not match the token's `csrf` claim."""

    default_detail = "CSRF double submit does not match"
    msg_attribute = "MSG_CSRF_ERROR"


class TokenError(AuthenticationError):
    """Base class of the errors about the token itself."""

    msg_attribute = "MSG_TOKEN_ERROR"


class MissingTokenError(TokenError):
    """No token was found where the route looks for one."""

    default_detail = "Missing JWT in request"
    error_code: ClassVar[str | None] = None
    msg_attribute = "MSG_MISSING_TOKEN_ERROR"


class MissingCSRFTokenError(MissingTokenError, CSRFError):
    """A cookie token arrived without its CSRF double submit value.

    It is both a `MissingTokenError` and a `CSRFError`, so `except CSRFError`
    catches every failed CSRF check, as with fastjwt 0.4.1's `RequestToken.verify`.
    """

    default_detail = "Missing CSRF double submit token in request"
    error_code = "invalid_request"
    msg_attribute = "MSG_MISSING_CSRF_ERROR"


class MalformedRequestError(TokenError):
    """The request carries its token in a way FastJWT refuses to guess about.

    A repeated query parameter, an empty value, a value too long to be a token,
    different tokens in two locations, or a JSON body that cannot be read.
    """

    default_detail = "Malformed token in request"
    error_code = "invalid_request"
    msg_attribute = "MSG_MALFORMED_REQUEST_ERROR"


class InvalidHeaderError(MalformedRequestError):
    """The token header is present but not of the form `<type> <token>`."""

    default_detail = "Malformed Authorization header"
    error_code = "invalid_request"
    msg_attribute = "MSG_INVALID_HEADER_ERROR"


class TokenTypeError(TokenError):
    """The token is of the wrong type for the route (access or refresh)."""

    default_detail = "Bad token type"
    msg_attribute = "MSG_TOKEN_TYPE_ERROR"


class AccessTokenRequiredError(TokenTypeError):
    """The route needs an access token and got another type."""

    default_detail = "Access token required"
    msg_attribute = "MSG_ACCESS_TOKEN_REQUIRED_ERROR"


class RefreshTokenRequiredError(TokenTypeError):
    """The route needs a refresh token and got another type."""

    default_detail = "Refresh token required"
    msg_attribute = "MSG_REFRESH_TOKEN_REQUIRED_ERROR"


class RevokedTokenError(TokenError):
    """The token was valid but has been revoked."""

    default_detail = "Token has been revoked"
    msg_attribute = "MSG_REVOKED_TOKEN_ERROR"


class TokenRequiredError(TokenError):
    """The route needs a token and none was usable."""

    default_detail = "Token required"
    msg_attribute = "MSG_TOKEN_REQUIRED_ERROR"


class FreshTokenRequiredError(TokenError):
    """The route needs a fresh access token (one issued at login)."""

    default_detail = "Fresh token required"
    msg_attribute = "MSG_FRESH_TOKEN_REQUIRED_ERROR"


class UnknownSubjectError(TokenError):
    """The token is valid but the subject getter knows no such subject."""

    default_detail = "Unknown subject"
    msg_attribute = "MSG_UNKNOWN_SUBJECT_ERROR"
