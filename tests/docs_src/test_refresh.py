"""The Refreshing tokens examples (docs_src/refresh), driven as the page shows."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

import docs_src.refresh.tutorial001 as tutorial001
import docs_src.refresh.tutorial002 as tutorial002
from fastjwt import RequestToken

SECRET = "demo-only-secret-replace-me-with-32-random-bytes"


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(tutorial001.app) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def claims_of(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(token, SECRET, algorithms=["HS256"])
    return claims


def login(client: TestClient) -> tuple[str, str]:
    response = client.post("/login", json={"username": "test", "password": "test"})
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["access_token", "refresh_token"]
    return body["access_token"], body["refresh_token"]


def test_demo_secrets_are_long_enough() -> None:
    for module in (tutorial001, tutorial002):
        assert module.security.config.JWT_SECRET_KEY == SECRET
    assert len(SECRET.encode()) >= 32


def test_lifetimes_come_from_the_settings(client: TestClient) -> None:
    access, refresh = login(client)

    access_claims, refresh_claims = claims_of(access), claims_of(refresh)
    lifetimes = [claims["exp"] - claims["iat"] for claims in (access_claims, refresh_claims)]
    assert lifetimes == [pytest.approx(15 * 60, abs=1), pytest.approx(30 * 24 * 3600, abs=1)]


def test_login_issues_a_fresh_access_token_and_a_refresh_token(client: TestClient) -> None:
    access, refresh = login(client)

    assert (claims_of(access)["type"], claims_of(access)["fresh"]) == ("access", True)
    assert (claims_of(refresh)["type"], claims_of(refresh)["fresh"]) == ("refresh", False)


def test_bad_credentials(client: TestClient) -> None:
    response = client.post("/login", json={"username": "test", "password": "nope"})

    assert response.status_code == 401
    assert response.json() == {"detail": {"message": "Bad credentials"}}


def test_the_refresh_route_issues_a_new_non_fresh_access_token(client: TestClient) -> None:
    access, refresh = login(client)

    response = client.post("/refresh", headers=bearer(refresh))

    assert response.status_code == 200
    new = response.json()["access_token"]
    assert new != access
    assert claims_of(new)["sub"] == "test"
    assert (claims_of(new)["type"], claims_of(new)["fresh"]) == ("access", False)
    assert client.get("/me", headers=bearer(new)).json() == {"user": "test"}


def test_an_expired_access_token_says_so(client: TestClient) -> None:
    expired = tutorial001.security.create_access_token(uid="test", expiry=timedelta(seconds=-1))

    response = client.get("/me", headers=bearer(expired))

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == (
        'Bearer error="invalid_token", error_description="The token has expired"'
    )


def test_an_expired_refresh_token_is_refused(client: TestClient) -> None:
    expired = tutorial001.security.create_refresh_token(uid="test", expiry=-1)

    response = client.post("/refresh", headers=bearer(expired))

    assert response.status_code == 401
    assert "The token has expired" in response.headers["WWW-Authenticate"]


def test_tokens_do_not_stand_in_for_each_other(client: TestClient) -> None:
    access, refresh = login(client)

    on_me = client.get("/me", headers=bearer(refresh))
    on_refresh = client.post("/refresh", headers=bearer(access))

    assert on_me.status_code == 401
    assert on_me.json() == {"detail": "Access token required"}
    assert on_refresh.status_code == 401
    assert on_refresh.json() == {"detail": "Refresh token required"}
    assert on_refresh.headers["WWW-Authenticate"] == (
        'Bearer error="invalid_token", '
        'error_description="This route needs a token of type refresh, got type access"'
    )


@pytest.mark.parametrize(("method", "path"), [("GET", "/me"), ("POST", "/refresh")])
def test_a_token_without_a_type_is_refused_by_both(
    client: TestClient, method: str, path: str
) -> None:
    token = jwt.encode(
        {"sub": "test", "iat": 1, "exp": 2**40, "jti": "j"}, SECRET, algorithm="HS256"
    )

    response = client.request(method, path, headers=bearer(token))

    assert response.status_code == 401
    assert "lacks the type claim" in response.headers["WWW-Authenticate"]


def request_with(token: str) -> Request:
    headers = [(b"authorization", f"Bearer {token}".encode())]
    return Request({"type": "http", "method": "GET", "query_string": b"", "headers": headers})


def test_verify_type_false_accepts_both_types() -> None:
    security = tutorial001.security
    either = security.token_required(verify_type=False)

    for token in (security.create_access_token("test"), security.create_refresh_token("test")):
        payload = asyncio.run(either.authenticate(request_with(token)))
        assert payload is not None
        assert payload.sub == "test"


def test_custom_claims_survive_a_refresh() -> None:
    with TestClient(tutorial002.app) as client:
        tokens = client.post("/login").json()
        assert claims_of(tokens["refresh_token"])["role"] == "editor"
        response = client.post("/refresh", headers=bearer(tokens["refresh_token"]))

    assert response.status_code == 200
    claims = claims_of(response.json()["access_token"])
    assert (claims["sub"], claims["role"], claims["tenant"]) == ("test", "editor", "acme")
    assert (claims["type"], claims["fresh"]) == ("access", False)


def test_copying_absent_scopes_keeps_the_token_valid() -> None:
    security = tutorial001.security
    refresh = security.verify_token(
        RequestToken(
            token=security.create_refresh_token(uid="test"), type="refresh", location="headers"
        )
    )
    assert refresh.scopes is None

    token = security.create_access_token(uid="test", scopes=refresh.scopes)

    payload = security.verify_token(RequestToken(token=token, location="headers"))
    assert payload.scopes is None
