"""Custom error bodies: the `MSG_*` messages and the handler `handle_errors` installs."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from starlette.responses import JSONResponse

from fastjwt.exceptions import AuthenticationError, JWTDecodeError
from fastjwt.tokens import codec

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

    from fastjwt.runtime import Prepared

__all__ = ["ErrorBodies", "ErrorMessages", "MessageAttribute", "decode_reason"]

# fastjwt 0.4.1 gave PyJWT's message as the reason: the same words, where PyJWT has them, so
# that clients matching "Signature has expired" to trigger a refresh keep working.
_PYJWT_WORDS = {
    codec.EXPIRED: "Signature has expired",
    codec.BAD_SIGNATURE: "Signature verification failed",
    codec.BAD_ALGORITHM: "The specified alg value is not allowed",
}
# Descriptions that name a value: matched by their opening words.
_PYJWT_OPENINGS = (
    ("The token audience ", "Invalid audience"),
    ("The token names an audience", "Invalid audience"),
    ("The token issuer ", "Invalid issuer"),
)
_MISSING = re.compile(re.escape(codec.missing("@")).replace("@", "(.+)"))


class ErrorMessages:
    """The messages `handle_errors` writes, one per error; assign them to reword."""

    MSG_DEFAULT = "FastJWTException"
    MSG_TOKEN_ERROR = "Token Error"
    MSG_MISSING_TOKEN_ERROR = "Missing JWT in request"
    MSG_MISSING_CSRF_ERROR = "Missing CSRF double submit token in request"
    MSG_MALFORMED_REQUEST_ERROR = "Malformed token in request"
    MSG_INVALID_HEADER_ERROR = "Malformed Authorization header"
    MSG_TOKEN_TYPE_ERROR = "Bad token type"
    MSG_REVOKED_TOKEN_ERROR = "Invalid token"
    MSG_TOKEN_REQUIRED_ERROR = "Token required"
    MSG_FRESH_TOKEN_REQUIRED_ERROR = "Fresh token required"
    MSG_ACCESS_TOKEN_REQUIRED_ERROR = "Access token required"
    MSG_REFRESH_TOKEN_REQUIRED_ERROR = "Refresh token required"
    MSG_CSRF_ERROR = "CSRF double submit does not match"
    MSG_DECODE_JWT_ERROR = "Invalid Token"
    MSG_INSUFFICIENT_SCOPE_ERROR = "Insufficient scope"
    MSG_UNKNOWN_SUBJECT_ERROR = "Unknown subject"


class MessageAttribute:
    """A `MSG_*` attribute of `FastJWT`, read from and written to its `ErrorMessages`."""

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type[Any]) -> str:
        """The message of `instance` (the default one, read on the class)."""
        source = getattr(instance, "messages", ErrorMessages)
        value: str = getattr(source, self.name)
        return value

    def __set__(self, instance: object, value: str) -> None:
        setattr(getattr(instance, "messages"), self.name, value)  # noqa: B009


def decode_reason(error: JWTDecodeError) -> str:
    """Why a token was refused, in the words fastjwt 0.4.1 used (PyJWT's) where it had them."""
    reason = error.description
    if reason is None:
        return str(error.detail)
    if reason in _PYJWT_WORDS:
        return _PYJWT_WORDS[reason]
    for opening, words in _PYJWT_OPENINGS:
        if reason.startswith(opening):
            return words
    missing = _MISSING.fullmatch(reason)
    if missing is not None:
        return f'Token is missing the "{missing[1]}" claim'
    return reason


class ErrorBodies:
    """Writes `{JWT_ERROR_MESSAGE_KEY: message, "error_type": ...}` bodies for FastJWT's errors.

    The message is the `MSG_*` attribute of the error, but for an invalid
    token (`JWTDecodeError`): its body gives the reason, as fastjwt 0.4.1's
    did (`"Signature has expired"`), unless `MSG_DECODE_JWT_ERROR` was
    assigned, which then serves for every invalid token.

    Args:
        messages: Where each error's message is read, at each error.
        prepared: The configuration, for `JWT_ERROR_MESSAGE_KEY`.
    """

    def __init__(self, messages: ErrorMessages, prepared: Prepared) -> None:
        self.messages = messages
        self.prepared = prepared

    def install(self, app: Starlette) -> None:
        """Answer every `AuthenticationError` of `app` with these bodies."""
        app.add_exception_handler(AuthenticationError, self.respond)  # type: ignore[arg-type]

    async def respond(self, _request: Request, error: AuthenticationError) -> Response:
        """The response of one error: its status and challenge, the custom body."""
        name = error.msg_attribute
        if isinstance(error, JWTDecodeError) and name not in vars(self.messages):
            message = decode_reason(error)
        else:
            message = getattr(self.messages, name, self.messages.MSG_DEFAULT)
        key = self.prepared.config.JWT_ERROR_MESSAGE_KEY
        return JSONResponse(
            {key: message, "error_type": type(error).__name__},
            status_code=error.status_code,
            headers=error.headers,
        )
