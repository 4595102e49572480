"""The Query string page (docs_src/query), driven the way the page describes it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

import docs_src.query.tutorial001 as tutorial001

CREDENTIALS = {"username": "test", "password": "test"}
ONLY_QUERY = {"detail": "Missing JWT in request: looked in the token query parameter"}


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(tutorial001.app) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def login(client: TestClient) -> str:
    response = client.post("/login", json=CREDENTIALS)
    assert response.status_code == 200
    token: str = response.json()["access_token"]
    return token


def link(client: TestClient) -> str:
    response = client.post("/exports", headers=bearer(login(client)))
    assert response.status_code == 200
    url: str = response.json()["url"]
    return url


def link_token(url: str) -> str:
    (token,) = parse_qs(urlsplit(url).query)["token"]
    return token


def test_the_application_keeps_the_header() -> None:
    assert list(tutorial001.config.JWT_TOKEN_LOCATION) == ["headers"]


def test_bad_credentials_are_refused(client: TestClient) -> None:
    response = client.post("/login", json={"username": "test", "password": "x"})

    assert response.status_code == 401
    assert response.json() == {"detail": {"message": "Bad credentials"}}


def test_the_link_carries_a_token_valid_for_sixty_seconds(client: TestClient) -> None:
    url = link(client)

    assert urlsplit(url).path == "/exports/report.csv"
    claims = tutorial001.security.verify_token_claims(link_token(url))
    assert claims["sub"] == "test"
    assert claims["exp"] - int(claims["iat"]) == 60


def test_the_link_downloads_the_report(client: TestClient) -> None:
    response = client.get(link(client))

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == "user,notes\ntest,3\n"


def test_the_download_route_reads_only_the_query_string(client: TestClient) -> None:
    token = link_token(link(client))

    response = client.get("/exports/report.csv", headers=bearer(token))

    assert (response.status_code, response.json()) == (401, ONLY_QUERY)


def test_the_other_routes_do_not_read_the_query_string(client: TestClient) -> None:
    response = client.post("/exports", params={"token": login(client)})

    assert (response.status_code, response.json()) == (
        401,
        {"detail": "Missing JWT in request"},
    )


def test_an_expired_link_is_refused(client: TestClient) -> None:
    token = tutorial001.security.create_access_token(uid="test", expiry=timedelta(seconds=-1))

    response = client.get("/exports/report.csv", params={"token": token})

    assert response.status_code == 401
    assert "expired" in response.headers["WWW-Authenticate"]


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("token={t}&token={t}", "Send the token query parameter once, not 2"),
        ("token=", "The token query parameter is empty"),
        ("token=" + "a" * 8193, "The token query parameter is too long to be a token"),
    ],
    ids=["repeated", "empty", "too-long"],
)
def test_malformed_query_strings(client: TestClient, query: str, detail: str) -> None:
    token = link_token(link(client))

    response = client.get("/exports/report.csv?" + query.format(t=token))

    assert (response.status_code, response.json()) == (401, {"detail": detail})
    assert response.headers["WWW-Authenticate"].startswith('Bearer error="invalid_request"')
