"""The migration guide from fastjwt 0.4.1 (docs_src/from_fastjwt_0_4_1): its app runs unchanged."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

import docs_src.from_fastjwt_0_4_1.tutorial001 as tutorial001
from fastjwt import BadConfigurationError, FJWTConfig

security = tutorial001.security


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(tutorial001.app) as client:
        yield client
    tutorial001.REVOKED.clear()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_0_4_1_secret_is_refused_and_the_new_one_long_enough() -> None:
    with pytest.raises(BadConfigurationError, match="at least 32 bytes"):
        FJWTConfig(JWT_SECRET_KEY="secret")
    assert len(str(tutorial001.config.JWT_SECRET_KEY).encode()) >= 32


def test_login_profile_logout(client: TestClient) -> None:
    assert client.get("/login", params={"username": "mallory"}).status_code == 401
    token = client.get("/login", params={"username": "alice"}).json()["access_token"]
    assert client.get("/me", headers=bearer(token)).json() == {"username": "alice"}
    assert client.post("/logout", headers=bearer(token)).json() == "Logged out"
    response = client.get("/me", headers=bearer(token))
    assert (response.status_code, response.json()) == (
        401,
        {"message": "Invalid token", "error_type": "RevokedTokenError"},
    )


def test_errors_have_0_4_1s_body_and_a_401(client: TestClient) -> None:
    response = client.get("/me")
    assert (response.status_code, response.json()) == (
        401,
        {"message": "Missing JWT in request", "error_type": "MissingTokenError"},
    )
    expired = security.create_access_token(uid="alice", expiry=-1)
    assert client.get("/me", headers=bearer(expired)).json() == {
        "message": "Signature has expired",
        "error_type": "JWTDecodeError",
    }
    assert client.post("/logout").status_code == 401
