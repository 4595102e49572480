"""The Scopes examples (docs_src/scopes), driven as the page shows."""

from __future__ import annotations

from collections.abc import Iterator

import jwt
import pytest
from fastapi.testclient import TestClient

import docs_src.scopes.tutorial001 as tutorial001

SECRET = "demo-only-secret-replace-me-with-32-random-bytes"
ARTICLE = {"title": "Hello"}


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(tutorial001.app) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def login(client: TestClient, username: str, password: str) -> dict[str, str]:
    response = client.post("/login", json={"username": username, "password": password})
    assert response.status_code == 200
    return bearer(response.json()["access_token"])


@pytest.fixture
def alice(client: TestClient) -> dict[str, str]:
    return login(client, "alice", "wonderland")


@pytest.fixture
def bob(client: TestClient) -> dict[str, str]:
    return login(client, "bob", "builder")


def test_the_demo_secret_is_long_enough() -> None:
    assert tutorial001.security.config.JWT_SECRET_KEY == SECRET
    assert len(SECRET.encode()) >= 32


def test_tokens_carry_the_scopes_of_the_user(client: TestClient) -> None:
    token = client.post("/login", json={"username": "bob", "password": "builder"}).json()
    claims = jwt.decode(token["access_token"], SECRET, algorithms=["HS256"])

    assert claims["scopes"] == ["articles:read"]


@pytest.mark.parametrize(
    ("username", "password"), [("bob", "wonderland"), ("mallory", "x")], ids=repr
)
def test_bad_credentials(client: TestClient, username: str, password: str) -> None:
    response = client.post("/login", json={"username": username, "password": password})

    assert response.status_code == 401


def test_bob_reads_published_articles_only(client: TestClient, bob: dict[str, str]) -> None:
    assert client.get("/articles", headers=bob).json() == ["Published article"]


def test_bob_cannot_write(client: TestClient, bob: dict[str, str]) -> None:
    response = client.post("/articles", headers=bob, json=ARTICLE)

    assert response.status_code == 403
    assert response.json() == {"detail": "Insufficient scope"}
    assert response.headers["WWW-Authenticate"] == (
        'Bearer error="insufficient_scope", scope="articles:read articles:write"'
    )


def test_alice_reads_drafts_and_writes(client: TestClient, alice: dict[str, str]) -> None:
    assert client.get("/articles", headers=alice).json() == ["Published article", "Draft article"]
    response = client.post("/articles", headers=alice, json=ARTICLE)
    assert response.status_code == 201
    assert response.json() == {"created": "Hello"}


def test_any_of_needs_one_scope(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    admin = bearer(tutorial001.security.create_access_token(uid="root", scopes=["admin"]))

    assert client.get("/reports", headers=alice).json() == {"articles": 2}
    assert client.get("/reports", headers=admin).json() == {"articles": 2}
    refused = client.get("/reports", headers=bob)
    assert refused.status_code == 403
    assert refused.headers["WWW-Authenticate"] == (
        'Bearer error="insufficient_scope", scope="reports admin"'
    )


def test_all_of_needs_every_scope(client: TestClient) -> None:
    writer_only = tutorial001.security.create_access_token(uid="w", scopes=["articles:write"])

    response = client.post("/articles", headers=bearer(writer_only), json=ARTICLE)

    assert response.status_code == 403


def test_a_token_without_scopes_is_forbidden_not_unauthorized(client: TestClient) -> None:
    token = tutorial001.security.create_access_token(uid="nobody")

    assert client.get("/articles", headers=bearer(token)).status_code == 403


@pytest.mark.parametrize(("method", "path"), [("GET", "/reports"), ("POST", "/articles")])
def test_authentication_comes_first(client: TestClient, method: str, path: str) -> None:
    missing = client.request(method, path)
    invalid = client.request(method, path, headers=bearer("not-a-token"))

    assert (missing.status_code, missing.headers["WWW-Authenticate"]) == (401, "Bearer")
    assert invalid.status_code == 401


def test_openapi_lists_the_scopes() -> None:
    paths = tutorial001.app.openapi()["paths"]

    assert paths["/articles"]["get"]["security"] == [{"JWT": ["articles:read"]}]
    assert paths["/articles"]["post"]["security"] == [{"JWT": ["articles:read", "articles:write"]}]
    assert paths["/reports"]["get"]["security"] == [{"JWT": ["reports", "admin"]}]
    assert "security" not in paths["/login"]["post"]
