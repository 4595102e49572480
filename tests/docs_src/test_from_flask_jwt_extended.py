"""The migration guide from flask-jwt-extended (docs_src/from_flask_jwt_extended)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

import docs_src.from_flask_jwt_extended.tutorial001 as tutorial001


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(tutorial001.app) as client:
        yield client
    tutorial001.BLOCKLIST.clear()


def login(client: TestClient, username: str = "alice") -> str:
    response = client.post("/login", json={"username": username})
    assert response.status_code == 200
    token: str = response.json()["access_token"]
    return token


def test_current_user_and_claims_in_the_header_or_the_query(client: TestClient) -> None:
    token = login(client)
    expected = {"user": "alice", "role": "admin"}
    assert client.get("/me", headers={"Authorization": f"Bearer {token}"}).json() == expected
    assert client.get("/me", params={"token": token}).json() == expected
    assert client.post("/login", json={"username": "bob"}).status_code == 401


def test_the_blocklist_check(client: TestClient) -> None:
    token = login(client)
    assert client.delete("/logout", params={"token": token}).json() == {"msg": "Logged out"}
    response = client.get("/me", params={"token": token})
    assert (response.status_code, response.json()) == (401, {"detail": "Token has been revoked"})


def test_an_unknown_subject_is_a_401(client: TestClient) -> None:
    ghost = tutorial001.security.create_access_token(uid="ghost", data={"role": "none"})
    response = client.get("/me", params={"token": ghost})
    assert (response.status_code, response.json()) == (401, {"detail": "Unknown subject"})
