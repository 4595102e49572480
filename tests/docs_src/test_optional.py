"""The Optional authentication examples (docs_src/optional), driven as the page shows."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

import docs_src.optional.tutorial001 as tutorial001
from fastjwt import TokenRequired

SECRET = "demo-only-secret-replace-me-with-32-random-bytes"
security = tutorial001.security


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(tutorial001.app) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_demo_secret_is_long_enough() -> None:
    assert security.config.JWT_SECRET_KEY == SECRET
    assert len(SECRET.encode()) >= 32


def test_login(client: TestClient) -> None:
    good = client.post("/login", json={"username": "test", "password": "test"})
    bad = client.post("/login", json={"username": "test", "password": "nope"})

    assert good.status_code == 200
    assert bad.status_code == 401


def test_no_token_is_a_stranger(client: TestClient) -> None:
    response = client.get("/greeting")

    assert response.status_code == 200
    assert response.json() == {"message": "Hello, stranger"}


def test_a_valid_token_is_greeted_by_name(client: TestClient) -> None:
    response = client.get("/greeting", headers=bearer(security.create_access_token("test")))

    assert response.json() == {"message": "Hello, test"}


@pytest.mark.parametrize(
    ("headers", "detail", "challenge"),
    [
        (
            bearer("not-a-token"),
            "Unauthorized",
            'Bearer error="invalid_token", error_description="The token is malformed"',
        ),
        (
            {"Authorization": "Basic dGVzdDp0ZXN0"},
            "Authorization header must use the Bearer scheme",
            'Bearer error="invalid_request", '
            'error_description="Expected Authorization: Bearer <token>"',
        ),
        (
            bearer(security.create_access_token("test", expiry=timedelta(seconds=-1))),
            "Unauthorized",
            'Bearer error="invalid_token", error_description="The token has expired"',
        ),
        (
            bearer(security.create_refresh_token("test")),
            "Access token required",
            'Bearer error="invalid_token", '
            'error_description="This route needs a token of type access, got type refresh"',
        ),
    ],
    ids=["garbage", "basic", "expired", "refresh"],
)
def test_a_bad_token_is_still_refused(
    client: TestClient, headers: dict[str, str], detail: str, challenge: str
) -> None:
    response = client.get("/greeting", headers=headers)

    assert response.status_code == 401
    assert response.json() == {"detail": detail}
    assert response.headers["WWW-Authenticate"] == challenge


def test_access_token_optional_is_one_object() -> None:
    optional = security.access_token_optional

    assert isinstance(optional, TokenRequired)
    assert optional.policy.optional
    assert optional is security.access_token_optional


def test_a_custom_optional_dependency_reads_its_locations_only() -> None:
    custom = security.token_required(optional=True, locations=["headers"])

    assert custom.policy.optional
    assert custom.policy.locations == ("headers",)


def test_banner_without_a_token(client: TestClient) -> None:
    assert client.get("/banner").json() == {"banner": "Create an account to save your work"}


def test_banner_with_a_valid_token(client: TestClient) -> None:
    response = client.get("/banner", headers=bearer(security.create_access_token("test")))

    assert response.json() == {"banner": "Welcome back, test"}


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        security.create_access_token("test", expiry=timedelta(seconds=-1)),
        security.create_refresh_token("test"),
    ],
    ids=["garbage", "expired", "refresh"],
)
def test_banner_handles_a_bad_token_itself(client: TestClient, token: str) -> None:
    response = client.get("/banner", headers=bearer(token))

    assert response.status_code == 200
    assert response.json() == {"banner": "Your session has ended: log in again"}


def test_the_unverified_finder_returns_none_or_the_raw_token() -> None:
    finder = security.get_token_from_request(optional=True)
    empty = Request({"type": "http", "method": "GET", "query_string": b"", "headers": []})
    garbage = Request(
        {
            "type": "http",
            "method": "GET",
            "query_string": b"",
            "headers": [(b"authorization", b"Bearer not-a-token")],
        }
    )

    assert asyncio.run(finder(empty)) is None
    found = asyncio.run(finder(garbage))
    assert found is not None
    assert found.token == "not-a-token"
