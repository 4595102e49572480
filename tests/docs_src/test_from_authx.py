"""The migration guide from authx (docs_src/from_authx): key set, scopes and errors."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import jwt
import pytest
from fastapi.testclient import TestClient

import docs_src.from_authx.tutorial001 as tutorial001

OLD_SECRET = "demo-only-previous-secret-of-32-bytes-too"
security = tutorial001.security


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(tutorial001.app) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def old_token(**header: str) -> str:
    """A token as authx signed it with the previous secret: the claims 0.4.1 and authx write."""
    now = time.time()
    claims = {"sub": "test", "jti": str(uuid.uuid4()), "type": "access", "iat": now}
    claims |= {"exp": now + 60, "fresh": False}
    return jwt.encode(claims, OLD_SECRET, algorithm="HS256", headers=header or None)


def test_login_and_scopes(client: TestClient) -> None:
    assert client.post("/login", params={"username": "test", "password": "x"}).status_code == 401
    response = client.post("/login", params={"username": "test", "password": "test"})
    token = response.json()["access_token"]
    assert jwt.get_unverified_header(token)["kid"] == "2026-06"
    assert client.get("/posts", headers=bearer(token)).json() == ["Hello"]
    assert client.get("/me", headers=bearer(token)).json() == {"user": "test"}
    denied = client.delete("/posts", headers=bearer(token))
    assert (denied.status_code, denied.json()) == (
        403,
        {"message": "Insufficient scope", "error_type": "InsufficientScopeError"},
    )
    assert denied.headers["WWW-Authenticate"] == (
        'Bearer error="insufficient_scope", scope="posts:delete"'
    )
    editor = security.create_access_token(uid="test", scopes=["posts:read", "posts:delete"])
    assert client.delete("/posts", headers=bearer(editor)).json() == "Deleted"


def test_the_previous_key_verifies_tokens_that_name_it(client: TestClient) -> None:
    assert client.get("/me", headers=bearer(old_token(kid="2025-12"))).json() == {"user": "test"}
    response = client.get("/me", headers=bearer(old_token()))  # no kid: as authx wrote them
    assert (response.status_code, response.json()["message"]) == (
        401,
        "The token names no key id",
    )
