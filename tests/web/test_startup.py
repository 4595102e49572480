"""Startup checks: an application FastJWT cannot serve fails to start, before any request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from fastapi import APIRouter, Depends, FastAPI, Request, WebSocket
from fastapi.testclient import TestClient

from fastjwt import BadConfigurationError, FastJWT, FJWTConfig
from fastjwt.web.startup import run_at_startup
from tests.support import SECRET, bearer


def make(security: FastJWT[str]) -> FastAPI:
    app = FastAPI()
    router = APIRouter()

    @router.get("/me")
    def me(user: str = security.CURRENT_SUBJECT) -> str:
        return user

    app.include_router(router, prefix="/api")
    return app


def test_a_subject_route_without_a_getter_fails_the_startup() -> None:
    security: FastJWT[str] = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    app = make(security)
    security.check_at_startup(app)
    with (
        pytest.raises(BadConfigurationError, match=r"set_subject_getter .*\(a route depends on"),
        TestClient(app),
    ):
        pytest.fail("the application should not have started")  # pragma: no cover
    security.set_subject_getter(lambda uid: uid)
    with TestClient(app) as client:
        token = security.create_access_token(uid="alice")
        assert client.get("/api/me", headers=bearer(token)).json() == "alice"


def test_handle_errors_checks_at_startup_too() -> None:
    security: FastJWT[str] = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    app = FastAPI()
    security.handle_errors(app)

    @app.websocket("/ws")
    async def ws(websocket: WebSocket, user: str = Depends(security.get_current_subject)) -> None:
        await websocket.send_text(user)  # pragma: no cover - never started

    with pytest.raises(BadConfigurationError, match="No subject getter is set"), TestClient(app):
        pytest.fail("the application should not have started")  # pragma: no cover


def test_an_app_that_does_not_use_the_subject_needs_no_getter() -> None:
    security: FastJWT[str] = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    app = FastAPI()
    security.check_at_startup(app)

    @app.get("/", dependencies=[Depends(security.access_token_required)])
    def home() -> str:
        return "home"

    with TestClient(app) as client:
        assert client.get("/").status_code == 401


def test_missing_keys_fail_the_startup_after_the_apps_own_startup(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The check runs after the app's own startup, inside it."""
    security: FastJWT[str] = FastJWT()
    events: list[str] = []

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[dict[str, str]]:
        events.append("app startup")
        try:
            yield {"db": "connected"}
        finally:  # the failed check is raised here: the app's own cleanup still runs
            events.append("app shutdown")

    app = FastAPI(lifespan=lifespan)
    security.check_at_startup(app)
    with pytest.raises(BadConfigurationError, match="JWT_SECRET_KEY is not set"), TestClient(app):
        pytest.fail("the application should not have started")  # pragma: no cover
    assert events == ["app startup", "app shutdown"]

    monkeypatch.setenv("JWT_SECRET_KEY", SECRET)
    security.load_config(FJWTConfig())

    @app.get("/state")
    def state(request: Request) -> str:
        return str(request.state.db)

    with TestClient(app) as client:
        assert client.get("/state").json() == "connected"


def test_run_at_startup_wraps_a_starlette_lifespan() -> None:
    checked: list[str] = []
    app = FastAPI()
    run_at_startup(app, lambda: checked.append("checked"))
    run_at_startup(app, lambda: checked.append("again"))
    with TestClient(app):
        assert checked == ["checked", "again"]
