"""The How verification works example (docs_src/verification), driven as the page shows."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

import docs_src.verification.tutorial001 as tutorial001
from fastjwt import MemoryStore
from tests.support import bearer


@pytest.fixture
def client() -> Iterator[TestClient]:
    tutorial001.security.store = MemoryStore()
    with TestClient(tutorial001.app) as client:
        yield client


def login(client: TestClient) -> str:
    response = client.post("/login", json={"username": "test", "password": "test"})
    assert response.status_code == 200
    token: str = response.json()["access_token"]
    return token


def test_bad_credentials(client: TestClient) -> None:
    response = client.post("/login", json={"username": "test", "password": "nope"})
    assert response.status_code == 401


def test_every_way_agrees_before_and_after_a_logout(client: TestClient) -> None:
    token = login(client)
    valid = {"valid": "yes", "sub": "test"}
    assert client.post("/inspect", json={"token": token}).json() == valid
    assert client.post("/inspect-async", json={"token": token}).json() == valid
    assert client.get("/me", headers=bearer(token)).json() == "test"
    assert client.post("/logout", headers=bearer(token)).json() == {"message": "Logged out"}
    assert client.get("/me", headers=bearer(token)).status_code == 401
    revoked = {"valid": "no", "reason": "The token was revoked (token)"}
    assert client.post("/inspect", json={"token": token}).json() == revoked
    assert client.post("/inspect-async", json={"token": token}).json() == revoked


def test_a_garbage_token_is_refused_by_both(client: TestClient) -> None:
    for path in ("/inspect", "/inspect-async"):
        assert client.post(path, json={"token": "not-a-token"}).json() == {
            "valid": "no",
            "reason": "The token is malformed",
        }
