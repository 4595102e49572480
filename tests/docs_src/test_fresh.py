"""The Fresh tokens examples (docs_src/fresh), driven as the page shows."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient

import docs_src.fresh.tutorial001 as tutorial001
import docs_src.fresh.tutorial002 as tutorial002
import docs_src.fresh.tutorial003 as tutorial003
from fastjwt import FastJWT, FJWTConfig, FreshTokenRequiredError, RequestToken

SECRET = "demo-only-secret-replace-me-with-32-random-bytes"
NOT_FRESH = (
    'Bearer error="invalid_token", error_description="This route needs a fresh token: log in again"'
)
NO_LONGER_FRESH = (
    'Bearer error="invalid_token", error_description="The token is no longer fresh: log in again"'
)


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(tutorial001.app) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def login(client: TestClient) -> tuple[str, str]:
    response = client.post("/login", json={"username": "test", "password": "test"})
    assert response.status_code == 200
    body = response.json()
    return body["access_token"], body["refresh_token"]


def signed(**claims: Any) -> str:
    """A token signed with the demo secret, with claims the API cannot produce (an old `iat`)."""
    now = int(time.time())
    base = {
        "sub": "test",
        "iat": now,
        "exp": now + 3600,
        "jti": "j",
        "type": "access",
        "fresh": True,
    }
    return jwt.encode({**base, **claims}, SECRET, algorithm="HS256")


def test_demo_secrets_are_long_enough() -> None:
    for module in (tutorial001, tutorial002, tutorial003):
        assert module.security.config.JWT_SECRET_KEY == SECRET
    assert len(SECRET.encode()) >= 32


def test_bad_credentials(client: TestClient) -> None:
    response = client.post("/login", json={"username": "test", "password": "nope"})

    assert response.status_code == 401


def test_a_login_token_is_fresh_and_changes_the_email(client: TestClient) -> None:
    access, _ = login(client)

    assert client.get("/me", headers=bearer(access)).json() == {"user": "test", "fresh": True}
    response = client.put("/email", headers=bearer(access), json={"email": "test@example.com"})
    assert response.status_code == 200
    assert response.json() == {"message": "E-mail address changed to test@example.com"}


def test_a_refreshed_token_is_not_fresh(client: TestClient) -> None:
    _, refresh = login(client)
    refreshed = client.post("/refresh", headers=bearer(refresh)).json()["access_token"]

    me = client.get("/me", headers=bearer(refreshed))
    email = client.put("/email", headers=bearer(refreshed), json={"email": "x@example.com"})

    assert me.json() == {"user": "test", "fresh": False}
    assert email.status_code == 401
    assert email.json() == {"detail": "Fresh token required"}
    assert email.headers["WWW-Authenticate"] == NOT_FRESH


def test_logging_in_again_gives_a_fresh_token(client: TestClient) -> None:
    _, refresh = login(client)
    client.post("/refresh", headers=bearer(refresh))

    access, _ = login(client)

    assert client.put("/email", headers=bearer(access), json={"email": "x@example.com"}).is_success


def test_a_refresh_token_is_never_fresh_nor_accepted(client: TestClient) -> None:
    _, refresh = login(client)

    assert jwt.decode(refresh, SECRET, algorithms=["HS256"])["fresh"] is False
    response = client.put("/email", headers=bearer(refresh), json={"email": "x@example.com"})
    assert response.json() == {"detail": "Access token required"}


def test_without_a_time_limit_an_old_fresh_token_stays_fresh(client: TestClient) -> None:
    old = signed(iat=int(time.time()) - 3600)

    response = client.put("/email", headers=bearer(old), json={"email": "x@example.com"})

    assert response.status_code == 200


@pytest.fixture
def limited() -> Iterator[TestClient]:
    with TestClient(tutorial002.app) as client:
        yield client


def test_the_time_limit_setting() -> None:
    max_age = tutorial002.config.JWT_FRESH_TOKEN_MAX_AGE
    assert max_age == timedelta(minutes=5)


def test_a_recent_fresh_token_passes_the_time_limit(limited: TestClient) -> None:
    token = tutorial002.security.create_access_token(uid="test", fresh=True)

    response = limited.delete("/account", headers=bearer(token))

    assert response.status_code == 200
    assert response.json() == {"message": "Account deleted"}


def test_six_minutes_after_login_the_token_is_no_longer_fresh(limited: TestClient) -> None:
    token = signed(iat=int(time.time()) - 6 * 60, exp=int(time.time()) + 9 * 60)

    response = limited.delete("/account", headers=bearer(token))

    assert response.status_code == 401
    assert response.json() == {"detail": "Fresh token required"}
    assert response.headers["WWW-Authenticate"] == NO_LONGER_FRESH


def test_a_non_fresh_token_is_refused_with_the_first_reason(limited: TestClient) -> None:
    token = tutorial002.security.create_access_token(uid="test")

    response = limited.delete("/account", headers=bearer(token))

    assert response.headers["WWW-Authenticate"] == NOT_FRESH


def test_the_leeway_does_not_stretch_freshness() -> None:
    config = tutorial002.config.model_copy(update={"JWT_DECODE_LEEWAY": 120})
    security = FastJWT(config)
    token = RequestToken(token=signed(iat=int(time.time()) - 6 * 60), location="headers")

    with pytest.raises(FreshTokenRequiredError) as caught:
        security.verify_token(token, verify_fresh=True)
    assert caught.value.headers == {"WWW-Authenticate": NO_LONGER_FRESH}


def test_the_time_limit_is_read_from_seconds_in_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JWT_FRESH_TOKEN_MAX_AGE", "300")

    max_age = FJWTConfig(JWT_SECRET_KEY=SECRET).JWT_FRESH_TOKEN_MAX_AGE
    assert max_age == timedelta(minutes=5)


def test_a_custom_fresh_dependency_reads_the_header_only() -> None:
    security = tutorial003.security
    fresh = security.create_access_token(uid="test", fresh=True)
    stale = security.create_access_token(uid="test")

    with TestClient(tutorial003.app) as client:
        ok = client.post("/api-keys", headers=bearer(fresh))
        not_fresh = client.post("/api-keys", headers=bearer(stale))
        client.cookies.set("access_token_cookie", fresh)
        from_cookie = client.post("/api-keys")

    assert ok.json() == {"owner": "test"}
    assert not_fresh.json() == {"detail": "Fresh token required"}
    assert from_cookie.status_code == 401
    assert from_cookie.json() == {"detail": "Missing JWT in request"}
