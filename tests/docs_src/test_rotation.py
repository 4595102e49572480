"""The Refresh-token rotation example (docs_src/rotation), driven as the page shows."""

import asyncio
from collections.abc import Iterator

import httpx2
import pytest
from fastapi.testclient import TestClient

import docs_src.rotation.tutorial001 as tutorial001
from fastjwt import MemoryStore
from tests.support import bearer

REVOKED = {"detail": "Token has been revoked"}


@pytest.fixture
def client() -> Iterator[TestClient]:
    tutorial001.security.store = MemoryStore()
    with TestClient(tutorial001.app) as client:
        yield client


def login(client: TestClient) -> tuple[str, str]:
    tokens = client.post("/login", json={"username": "test", "password": "test"}).json()
    return tokens["access_token"], tokens["refresh_token"]


def test_bad_credentials(client: TestClient) -> None:
    response = client.post("/login", json={"username": "x", "password": "y"})
    assert response.status_code == 401


def test_rotation_and_reuse(client: TestClient) -> None:
    login_access, refresh = login(client)
    rotated = client.post("/refresh", headers=bearer(refresh)).json()
    assert set(rotated) == {"access_token", "refresh_token"}
    assert client.get("/me", headers=bearer(rotated["access_token"])).json() == "test"
    claims = tutorial001.security.verify_token_claims(rotated["refresh_token"])
    # The family the login started carries on.
    assert claims["fam"] == tutorial001.security.verify_token_claims(refresh)["fam"]
    assert claims["fam"] == tutorial001.security.verify_token_claims(login_access)["fam"]

    reused = client.post("/refresh", headers=bearer(refresh))
    assert (reused.status_code, reused.json()) == (401, REVOKED)
    assert "Refresh token reused" in reused.headers["WWW-Authenticate"]
    for response in (
        client.get("/me", headers=bearer(login_access)),
        client.get("/me", headers=bearer(rotated["access_token"])),
        client.post("/refresh", headers=bearer(rotated["refresh_token"])),
    ):
        assert (response.status_code, response.json()) == (401, REVOKED)
        assert "revoked (family)" in response.headers["WWW-Authenticate"]


def test_fifty_concurrent_refreshes_have_one_winner() -> None:
    tutorial001.security.store = MemoryStore()

    async def race() -> list[int]:
        transport = httpx2.ASGITransport(app=tutorial001.app)
        async with httpx2.AsyncClient(transport=transport, base_url="http://docs") as http:
            login = await http.post("/login", json={"username": "test", "password": "test"})
            refresh = login.json()["refresh_token"]
            responses = await asyncio.gather(
                *(http.post("/refresh", headers=bearer(refresh)) for _ in range(50))
            )
        return sorted(response.status_code for response in responses)

    assert asyncio.run(race()) == [200] + [401] * 49
