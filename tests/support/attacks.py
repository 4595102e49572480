"""What the attack suite asserts: exact refusals, and an app under attack with its client."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from fastjwt import FastJWT, FJWTConfig

Outcome = tuple[int, Any, str | None]


def invalid_token(description: str, detail: str = "Unauthorized") -> Outcome:
    """A 401 for a token that is not valid, with its RFC 6750 challenge."""
    return (
        401,
        {"detail": detail},
        f'Bearer error="invalid_token", error_description="{description}"',
    )


def invalid_request(detail: str, description: str | None = None) -> Outcome:
    """A 401 for a request that carries its token in a malformed way."""
    challenge = 'Bearer error="invalid_request"'
    if description is not None:
        challenge += f', error_description="{description}"'
    return 401, {"detail": detail}, challenge


ACCEPTED: Outcome = (200, "ok", None)
BAD_HEADER = invalid_request(
    "Authorization header must hold exactly one token", "Expected Authorization: Bearer <token>"
)


def outcome(response: Any) -> Outcome:
    """The status, body and challenge of a response."""
    return response.status_code, response.json(), response.headers.get("www-authenticate")


class Target:
    """An app protected by one `FastJWT`, and a client for it."""

    def __init__(self, **settings: Any) -> None:
        self.security: FastJWT[object] = FastJWT(FJWTConfig(**settings))
        app = FastAPI()

        @app.get("/p", dependencies=[Depends(self.security.access_token_required)])
        def protected() -> str:
            return "ok"

        @app.post("/p", dependencies=[Depends(self.security.access_token_required)])
        def change() -> str:
            return "ok"

        @app.post("/refresh", dependencies=[Depends(self.security.refresh_token_required)])
        def refresh() -> str:
            return "ok"

        @app.post("/fresh", dependencies=[Depends(self.security.fresh_token_required)])
        def fresh() -> str:
            return "ok"

        self.app = app
        self.client = TestClient(app)

    def send(self, token: str, path: str = "/p", method: str = "GET") -> Outcome:
        """The outcome of `token` in the `Authorization` header."""
        response = self.client.request(
            method, path, headers=[(b"authorization", b"Bearer " + token.encode("latin-1"))]
        )
        return outcome(response)
