"""Describe FastJWT's error responses in an application's OpenAPI schema."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from fastjwt.web.schemes import SCHEME_NAMES

__all__ = ["add_error_responses"]

_ERROR_BODY = {
    "title": "AuthenticationErrorBody",
    "type": "object",
    "properties": {"detail": {"title": "Detail", "type": "string"}},
    "required": ["detail"],
}

UNAUTHORIZED: dict[str, Any] = {
    "description": "Authentication failed: the token is missing, malformed, invalid or expired",
    "headers": {
        "WWW-Authenticate": {
            "description": "The Bearer challenge of RFC 6750, with the error and its reason",
            "schema": {"type": "string"},
        }
    },
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/AuthenticationErrorBody"}}
    },
}
"""The 401 response of an operation protected by FastJWT."""


def add_error_responses(app: FastAPI) -> None:
    """Make `app.openapi()` list the 401 response of every operation FastJWT protects.

    An operation counts as protected when its `security` names one of
    FastJWT's schemes; operations that already document a 401 keep theirs.

    See Also:
        [Swagger UI and OpenAPI](../how-to/openapi.md#the-401-response).

    Example:
        ```python
        from fastapi import Depends, FastAPI

        from fastjwt import FastJWT, FJWTConfig, add_error_responses

        security = FastJWT(FJWTConfig(JWT_SECRET_KEY="a-secret-of-thirty-two-bytes-at-least"))
        app = FastAPI()

        @app.get("/me", dependencies=[Depends(security.access_token_required)])
        def me() -> str:
            return "me"

        add_error_responses(app)
        assert "401" in app.openapi()["paths"]["/me"]["get"]["responses"]
        ```
    """
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        schema = build()  # FastAPI caches it: the edits below are made once and kept
        protected = False
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                names = {name for item in operation.get("security", []) for name in item}
                if names & SCHEME_NAMES:
                    protected = True
                    operation.setdefault("responses", {}).setdefault("401", UNAUTHORIZED)
        if protected:
            schema.setdefault("components", {}).setdefault("schemas", {})[
                "AuthenticationErrorBody"
            ] = _ERROR_BODY
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
