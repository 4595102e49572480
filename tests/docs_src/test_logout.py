"""The Logout and revocation examples (docs_src/logout), driven as the page shows."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

import docs_src.logout.tutorial001 as tutorial001
import docs_src.logout.tutorial002 as tutorial002
import docs_src.logout.tutorial003 as tutorial003
from fastjwt import MemoryStore
from tests.support import bearer

REVOKED = {"detail": "Token has been revoked"}


@pytest.fixture
def client() -> Iterator[TestClient]:
    tutorial001.security.store = MemoryStore()
    with TestClient(tutorial001.app) as client:
        yield client


def login(client: TestClient) -> tuple[str, str]:
    response = client.post("/login", json={"username": "test", "password": "test"})
    assert response.status_code == 200
    tokens = response.json()
    return tokens["access_token"], tokens["refresh_token"]


def test_bad_credentials(client: TestClient) -> None:
    response = client.post("/login", json={"username": "test", "password": "nope"})
    assert (response.status_code, response.json()) == (
        401,
        {"detail": {"message": "Bad credentials"}},
    )


def test_logout_revokes_both_tokens(client: TestClient) -> None:
    access, refresh = login(client)
    assert client.get("/me", headers=bearer(access)).json() == {"user": "test"}
    response = client.post("/logout", headers=bearer(access), json={"refresh_token": refresh})
    assert response.json() == {"message": "Logged out"}
    response = client.get("/me", headers=bearer(access))
    assert (response.status_code, response.json()) == (401, REVOKED)
    assert response.headers["WWW-Authenticate"] == (
        'Bearer error="invalid_token", error_description="The token was revoked (token)"'
    )
    payload = tutorial001.security.verify_token_claims(refresh)
    assert isinstance(tutorial001.security.store, MemoryStore)
    assert len(tutorial001.security.store) == 2
    assert payload["type"] == "refresh"


def test_logout_needs_the_refresh_token_in_the_body(client: TestClient) -> None:
    access, _ = login(client)
    response = client.post("/logout", headers=bearer(access))
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Missing JWT in request: looked in the refresh_token field of the JSON body"
    }


def test_logout_everywhere(client: TestClient) -> None:
    first, _ = login(client)
    second, _ = login(client)
    response = client.post("/logout-everywhere", headers=bearer(second))
    assert response.json() == {"message": "Every session of this user is closed"}
    for token in (first, second):
        response = client.get("/me", headers=bearer(token))
        assert (response.status_code, response.json()) == (401, REVOKED)
        assert "revoked (subject)" in response.headers["WWW-Authenticate"]
    new, _ = login(client)
    assert client.get("/me", headers=bearer(new)).json() == {"user": "test"}


def test_own_revocation_check() -> None:
    security = tutorial002.security
    token = security.create_access_token(uid="test")
    client = TestClient(tutorial002.app)
    assert client.get("/me", headers=bearer(token)).json() == "test"
    jti = security.verify_token_claims(token)["jti"]
    tutorial002.REVOKED_IN_DATABASE[jti] = "stolen laptop"
    try:
        response = client.get("/me", headers=bearer(token))
        assert (response.status_code, response.json()) == (401, REVOKED)
    finally:
        tutorial002.REVOKED_IN_DATABASE.clear()


def test_0_4_1_blocklist_of_raw_tokens() -> None:
    security = tutorial003.security
    token = security.create_access_token(uid="test")
    client = TestClient(tutorial003.app)
    assert client.get("/me", headers=bearer(token)).json() == "test"
    tutorial003.BLOCKLIST.add(token)
    try:
        assert client.get("/me", headers=bearer(token)).json() == REVOKED
        header, payload, signature = token.split(".")
        for respelled in (f"{token}==", f"{header}.{payload}=.{signature}"):
            assert client.get("/me", headers=bearer(respelled)).status_code == 401
    finally:
        tutorial003.BLOCKLIST.clear()
