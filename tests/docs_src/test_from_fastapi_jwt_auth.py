"""The migration guide from fastapi-jwt-auth (docs_src/from_fastapi_jwt_auth)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

import docs_src.from_fastapi_jwt_auth.tutorial001 as tutorial001
from fastjwt import MemoryStore


@pytest.fixture
def client() -> Iterator[TestClient]:
    tutorial001.security.store = MemoryStore()
    with TestClient(tutorial001.app) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def login(client: TestClient) -> tuple[str, str]:
    tokens = client.post("/login", json={"username": "test", "password": "test"}).json()
    return tokens["access_token"], tokens["refresh_token"]


def test_bad_credentials(client: TestClient) -> None:
    response = client.post("/login", json={"username": "test", "password": "nope"})
    assert (response.status_code, response.json()) == (401, {"detail": "Bad username or password"})


def test_the_dependencies_replace_authjwt(client: TestClient) -> None:
    access, refresh = login(client)
    assert client.get("/user", headers=bearer(access)).json() == {"user": "test"}
    assert client.post("/refresh", headers=bearer(access)).status_code == 401
    renewed = client.post("/refresh", headers=bearer(refresh)).json()["access_token"]
    assert client.get("/user", headers=bearer(renewed)).json() == {"user": "test"}
    missing = client.get("/user")
    assert (missing.status_code, missing.json()) == (401, {"detail": "Missing JWT in request"})
    assert missing.headers["WWW-Authenticate"] == "Bearer"


def test_logout_revokes_the_access_token(client: TestClient) -> None:
    access, _ = login(client)
    assert client.delete("/logout", headers=bearer(access)).json() == {
        "msg": "Access token has been revoked"
    }
    response = client.get("/user", headers=bearer(access))
    assert (response.status_code, response.json()) == (401, {"detail": "Token has been revoked"})
