"""The Implicit refresh examples (docs_src/implicit_refresh), driven as the page shows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx2
import jwt
import pytest
from fastapi.testclient import TestClient

import docs_src.implicit_refresh.tutorial001 as tutorial001
import docs_src.implicit_refresh.tutorial002 as tutorial002
from fastjwt import FJWTConfig

SECRET = "demo-only-secret-replace-me-with-32-random-bytes"
COOKIE = "access_token_cookie"
CREDENTIALS = {"username": "test", "password": "test"}


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(tutorial001.app) as client:
        yield client


def claims_of(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(token, SECRET, algorithms=["HS256"])
    return claims


def lifetime(token: str) -> float:
    """Seconds from `iat` to `exp` (`iat` has microseconds, `exp` whole seconds)."""
    claims = claims_of(token)
    return float(claims["exp"] - claims["iat"])


def renewed(response: httpx2.Response) -> str | None:
    """The access token a response sets, if it sets one."""
    for header in response.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        if name == COOKIE:
            value, _, _ = rest.partition(";")
            return value
    return None


def get_data(client: TestClient, token: str) -> httpx2.Response:
    client.cookies.clear()
    client.cookies.set(COOKIE, token)
    return client.get("/data")


def login_cookie(client: TestClient, minutes: int | None = None) -> str:
    params = {} if minutes is None else {"minutes": minutes}
    response = client.post("/login", json=CREDENTIALS, params=params)
    assert response.status_code == 200
    assert response.json() == {"message": f"Logged in for {minutes or 15} minutes"}
    token = renewed(response)
    assert token is not None
    return token


def test_the_demo_secrets_are_long_enough() -> None:
    for module in (tutorial001, tutorial002):
        assert module.security.config.JWT_SECRET_KEY == SECRET
    assert len(SECRET.encode()) >= 32


def test_bad_credentials(client: TestClient) -> None:
    response = client.post("/login", json={"username": "test", "password": "nope"})

    assert response.status_code == 401
    assert renewed(response) is None


def test_a_token_with_time_left_is_left_alone(client: TestClient) -> None:
    token = login_cookie(client)

    response = get_data(client, token)

    assert response.json() == {"user": "test", "fresh": True}
    assert "set-cookie" not in response.headers


def test_a_token_about_to_expire_is_renewed(client: TestClient) -> None:
    old = login_cookie(client, minutes=3)
    assert lifetime(old) == pytest.approx(180, abs=1)

    response = get_data(client, old)

    assert response.json() == {"user": "test", "fresh": True}  # answered with the old token
    new = renewed(response)
    assert new is not None
    assert new != old
    claims = claims_of(new)
    assert (claims["sub"], claims["type"], claims["fresh"]) == ("test", "access", False)
    assert lifetime(new) == pytest.approx(15 * 60, abs=1)
    assert claims["jti"] != claims_of(old)["jti"]
    assert response.headers.get_list("set-cookie")[0].endswith(
        "; HttpOnly; Path=/; SameSite=lax; Secure"
    )
    assert get_data(client, new).json() == {"user": "test", "fresh": False}
    assert "set-cookie" not in get_data(client, new).headers


def test_the_csrf_cookie_is_renewed_with_the_token(client: TestClient) -> None:
    response = get_data(client, login_cookie(client, minutes=3))

    new = renewed(response)
    assert new is not None
    assert response.cookies["csrf_access_token"] == claims_of(new)["csrf"]


def test_custom_claims_and_scopes_are_kept() -> None:
    security = tutorial001.security
    old = security.create_access_token(
        uid="test", expiry=timedelta(minutes=2), role="admin", scopes=["read"]
    )

    with TestClient(tutorial001.app) as client:
        new = renewed(get_data(client, old))

    assert new is not None
    claims = claims_of(new)
    assert (claims["role"], claims["scopes"]) == ("admin", ["read"])


@pytest.mark.parametrize(
    "token",
    [
        "not-a-jwt",
        jwt.encode({"sub": "test", "type": "access"}, "another-secret-that-is-long-enough-1"),
    ],
    ids=["garbage", "foreign"],
)
def test_an_invalid_token_is_never_renewed(client: TestClient, token: str) -> None:
    response = get_data(client, token)

    assert response.status_code == 401
    assert renewed(response) is None


def test_an_expired_token_is_never_renewed(client: TestClient) -> None:
    expired = tutorial001.security.create_access_token(uid="test", expiry=timedelta(seconds=-1))

    response = get_data(client, expired)

    assert response.status_code == 401
    assert "The token has expired" in response.headers["WWW-Authenticate"]
    assert renewed(response) is None


def test_a_request_without_a_cookie_gets_none(client: TestClient) -> None:
    client.cookies.clear()

    response = client.get("/data")

    assert response.status_code == 401
    assert response.json() == {
        "detail": "Missing JWT in request: looked in the access_token_cookie cookie"
    }
    assert "set-cookie" not in response.headers


def test_a_logout_is_never_undone(client: TestClient) -> None:
    client.cookies.set(COOKIE, login_cookie(client, minutes=3))

    response = client.post("/logout")

    assert response.json() == {"message": "Logged out"}
    cookies = response.headers.get_list("set-cookie")
    assert [header.partition(";")[0] for header in cookies] == [
        f'{COOKIE}=""',
        'csrf_access_token=""',
    ]
    assert all("Max-Age=0" in header for header in cookies)


def test_a_login_is_not_overridden(client: TestClient) -> None:
    client.cookies.set(COOKIE, login_cookie(client, minutes=3))

    response = client.post("/login", json=CREDENTIALS, params={"minutes": 4})

    token = renewed(response)
    assert token is not None
    assert lifetime(token) == pytest.approx(240, abs=1)
    assert len(response.headers.get_list("set-cookie")) == 2


@pytest.fixture
def filtered() -> Iterator[TestClient]:
    with TestClient(tutorial002.app) as client:
        yield client


def soon() -> str:
    return tutorial002.security.create_access_token(uid="test", expiry=timedelta(minutes=3))


def test_filters_let_ordinary_requests_renew(filtered: TestClient) -> None:
    filtered.cookies.set(COOKIE, soon())

    response = filtered.get("/data")

    assert response.json() == {"user": "test"}
    assert renewed(response) is not None


def test_an_excluded_route_does_not_renew(filtered: TestClient) -> None:
    filtered.cookies.set(COOKIE, soon())

    response = filtered.get("/notifications")

    assert response.json() == {"user": "test", "unread": []}
    assert renewed(response) is None


@pytest.mark.parametrize("method", ["HEAD", "OPTIONS"])
def test_excluded_methods_do_not_renew(filtered: TestClient, method: str) -> None:
    filtered.cookies.set(COOKIE, soon())

    response = filtered.request(method, "/data")

    assert renewed(response) is None


def test_the_filters_read_json_lists_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_IMPLICIT_REFRESH_ROUTE_EXCLUDE", '["/notifications"]')

    config = FJWTConfig(JWT_SECRET_KEY=SECRET)

    assert config.JWT_IMPLICIT_REFRESH_ROUTE_EXCLUDE == ["/notifications"]
