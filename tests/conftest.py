"""Shared fixtures: a fresh configuration and app per test, no leaked environment."""

import os
from collections.abc import Iterator
from typing import Annotated

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from fastjwt import FastJWT, FJWTConfig, TokenPayload
from tests.support import SECRET

pytest_plugins = ["tests.support.redis", "pytester", "fastjwt.testing.plugin"]


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep JWT_* variables of the machine out of every test."""
    for name in list(os.environ):
        if name.upper().startswith("JWT_"):
            monkeypatch.delenv(name)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def config() -> FJWTConfig:
    return FJWTConfig(JWT_SECRET_KEY=SECRET)


@pytest.fixture
def security(config: FJWTConfig) -> FastJWT[object]:
    return FastJWT(config=config)


@pytest.fixture
def app(security: FastJWT[object]) -> FastAPI:
    app = FastAPI()

    @app.get("/protected", dependencies=[Depends(security.access_token_required)])
    def protected() -> str:
        return "ok"

    @app.get("/payload")
    def payload(
        payload: Annotated[TokenPayload, Depends(security.access_token_required)],
    ) -> dict[str, object]:
        return payload.model_dump()

    @app.post("/refresh")
    def refresh(
        payload: Annotated[TokenPayload, Depends(security.refresh_token_required)],
    ) -> dict[str, str]:
        assert payload.sub is not None
        return {"access_token": security.create_access_token(uid=payload.sub)}

    @app.post("/sensitive", dependencies=[Depends(security.fresh_token_required)])
    def sensitive() -> str:
        return "fresh"

    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client
