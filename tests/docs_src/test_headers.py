"""The Headers page (docs_src/headers), driven the way the page describes it."""

from __future__ import annotations

from collections.abc import Iterator

import jwt
import pytest
from fastapi.testclient import TestClient

import docs_src.headers.tutorial001 as tutorial001
import docs_src.headers.tutorial002 as tutorial002

CREDENTIALS = {"username": "test", "password": "test"}


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(tutorial001.app) as client:
        yield client


def login(client: TestClient) -> dict[str, str]:
    response = client.post("/login", json=CREDENTIALS)
    assert response.status_code == 200
    tokens: dict[str, str] = response.json()
    assert list(tokens) == ["access_token", "refresh_token"]
    return tokens


def bearer(token: str, scheme: str = "Bearer") -> dict[str, str]:
    return {"Authorization": f"{scheme} {token}"}


def claims(token: str) -> dict[str, object]:
    secret = tutorial001.config.JWT_SECRET_KEY
    assert secret is not None
    decoded: dict[str, object] = jwt.decode(token, secret, algorithms=["HS256"])
    return decoded


def test_headers_are_the_default_location() -> None:
    assert list(tutorial001.config.JWT_TOKEN_LOCATION) == ["headers"]


def test_login_issues_a_fresh_access_token_and_a_refresh_token(client: TestClient) -> None:
    tokens = login(client)

    access, refresh = claims(tokens["access_token"]), claims(tokens["refresh_token"])
    assert (access["type"], access["fresh"], access["sub"]) == ("access", True, "test")
    assert (refresh["type"], refresh["sub"]) == ("refresh", "test")


def test_bad_credentials_are_refused(client: TestClient) -> None:
    response = client.post("/login", json={"username": "other", "password": "test"})

    assert response.status_code == 401
    assert response.json() == {"detail": {"message": "Bad credentials"}}


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_the_access_token_in_the_header(client: TestClient, scheme: str) -> None:
    response = client.get("/me", headers=bearer(login(client)["access_token"], scheme))

    assert response.status_code == 200
    assert response.json() == {"user": "test"}


def test_the_refresh_token_in_the_header_gives_a_new_access_token(client: TestClient) -> None:
    response = client.post("/refresh", headers=bearer(login(client)["refresh_token"]))

    assert response.status_code == 200
    new_token = response.json()["access_token"]
    assert (claims(new_token)["type"], claims(new_token)["fresh"]) == ("access", False)
    assert client.get("/me", headers=bearer(new_token)).json() == {"user": "test"}


def test_each_route_takes_only_its_own_type(client: TestClient) -> None:
    tokens = login(client)

    wrong_for_refresh = client.post("/refresh", headers=bearer(tokens["access_token"]))
    wrong_for_me = client.get("/me", headers=bearer(tokens["refresh_token"]))

    assert (wrong_for_refresh.status_code, wrong_for_refresh.json()) == (
        401,
        {"detail": "Refresh token required"},
    )
    assert (wrong_for_me.status_code, wrong_for_me.json()) == (
        401,
        {"detail": "Access token required"},
    )


@pytest.mark.parametrize(
    ("headers", "detail", "description"),
    [
        (
            [("Authorization", "Basic dGVzdDp0ZXN0")],
            "Authorization header must use the Bearer scheme",
            "Expected Authorization: Bearer <token>",
        ),
        (
            [("Authorization", "Bearer")],
            "Authorization header must hold exactly one token",
            "Expected Authorization: Bearer <token>",
        ),
        (
            [("Authorization", "Bearer a.b.c"), ("Authorization", "Bearer a.b.c")],
            "Send one Authorization header, not 2",
            "Expected a single header Authorization: Bearer <token>",
        ),
    ],
    ids=["basic", "no-token", "two-headers"],
)
def test_malformed_headers(
    client: TestClient, headers: list[tuple[str, str]], detail: str, description: str
) -> None:
    response = client.get("/me", headers=headers)

    assert response.status_code == 401
    assert response.json() == {"detail": detail}
    assert response.headers["WWW-Authenticate"] == (
        f'Bearer error="invalid_request", error_description="{description}"'
    )


def test_a_custom_header_with_the_bare_token() -> None:
    token = tutorial002.security.create_access_token(uid="test")
    with TestClient(tutorial002.app) as client:
        bare = client.get("/me", headers={"X-Auth-Token": token})
        with_scheme = client.get("/me", headers={"X-Auth-Token": f"Bearer {token}"})
        authorization = client.get("/me", headers=bearer(token))

    assert (bare.status_code, bare.json()) == (200, {"user": "test"})
    assert with_scheme.status_code == 401
    assert with_scheme.json() == {"detail": "X-Auth-Token header must hold exactly one token"}
    assert authorization.status_code == 401
    assert authorization.json() == {"detail": "Missing JWT in request"}
