"""Custom error bodies: the `MSG_*` messages and `handle_errors`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.responses import JSONResponse

from fastjwt.exceptions import AuthenticationError

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

    from fastjwt.config import FJWTConfig

__all__ = ["ErrorMessages"]


class ErrorMessages:
    """The messages `handle_errors` writes, one per error; assign them to reword.

    `FastJWT` inherits them, so `security.MSG_MISSING_TOKEN_ERROR = "..."`
    changes the message of a missing token once `handle_errors(app)` is set up.
    """

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

    _config: FJWTConfig  # `JWT_ERROR_MESSAGE_KEY` names the message's key in the body

    def handle_errors(self, app: Starlette) -> None:
        """Answer FastJWT's errors with custom bodies.

        Each authentication error then gets the body
        `{JWT_ERROR_MESSAGE_KEY: <message>, "error_type": <exception class name>}`,
        where the message is the `MSG_*` attribute of this instance for that
        error (assign them to change the wording). Status and
        `WWW-Authenticate` header stay as without this call.
        """
        app.add_exception_handler(AuthenticationError, self._error_response)  # type: ignore[arg-type]

    async def _error_response(self, _request: Request, error: AuthenticationError) -> Response:
        message = getattr(self, error.msg_attribute, self.MSG_DEFAULT)
        return JSONResponse(
            {self._config.JWT_ERROR_MESSAGE_KEY: message, "error_type": type(error).__name__},
            status_code=error.status_code,
            headers=error.headers,
        )
