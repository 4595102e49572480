"""The Token locations overview (docs_src/locations), driven the way the page describes it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

import docs_src.locations.tutorial001 as tutorial001
from fastjwt import FJWTConfig

CREDENTIALS = {"username": "test", "password": "test"}
EVERY_PLACE = (
    "Missing JWT in request: looked in the Authorization header, the access_token_cookie "
    "cookie, the token query parameter, the access_token field of the JSON body"
)
INVALID_REQUEST = 'Bearer error="invalid_request"'


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(tutorial001.app) as client:
        yield client


def login(client: TestClient) -> str:
    response = client.post("/login", json=CREDENTIALS)
    assert response.status_code == 200
    token = response.json()["access_token"]
    assert isinstance(token, str)
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_application_reads_every_location_in_the_page_order() -> None:
    assert list(tutorial001.config.JWT_TOKEN_LOCATION) == ["headers", "cookies", "query", "json"]


def test_bad_credentials_are_refused(client: TestClient) -> None:
    response = client.post("/login", json={"username": "test", "password": "wrong"})

    assert response.status_code == 401
    assert response.json() == {"detail": {"message": "Bad credentials"}}


def test_a_missing_token_names_every_place_looked_at(client: TestClient) -> None:
    response = client.get("/protected")

    assert response.status_code == 401
    assert response.json() == {"detail": EVERY_PLACE}
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("where", ["header", "query", "cookie", "json"])
def test_the_token_is_accepted_from_every_location(client: TestClient, where: str) -> None:
    token = login(client)
    if where == "header":
        response = client.get("/protected", headers=bearer(token))
    elif where == "query":
        response = client.get("/protected", params={"token": token})
    elif where == "cookie":
        client.cookies.set("access_token_cookie", token)
        response = client.get("/protected")
    else:
        response = client.request("GET", "/protected", json={"access_token": token})

    assert response.status_code == 200
    assert response.json() == {"user": "test"}


def test_the_header_only_route(client: TestClient) -> None:
    token = login(client)

    assert client.get("/api/profile", headers=bearer(token)).json() == {"user": "test"}
    refused = client.get("/api/profile", params={"token": token})
    assert refused.status_code == 401
    assert refused.json() == {"detail": "Missing JWT in request"}


def test_the_same_token_twice_is_accepted(client: TestClient) -> None:
    token = login(client)
    client.cookies.set("access_token_cookie", token)

    response = client.get("/protected", params={"token": token}, headers=bearer(token))

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("second", "place"),
    [("query", "the token query parameter"), ("cookie", "the access_token_cookie cookie")],
)
def test_two_different_tokens_are_refused(client: TestClient, second: str, place: str) -> None:
    token, other = login(client), login(client)
    assert token != other
    if second == "query":
        response = client.get("/protected", params={"token": other}, headers=bearer(token))
    else:
        client.cookies.set("access_token_cookie", other)
        response = client.get("/protected", headers=bearer(token))

    assert response.status_code == 401
    assert response.json() == {
        "detail": f"The request carries different tokens in the Authorization header and {place}"
        "; send one"
    }
    assert response.headers["WWW-Authenticate"] == INVALID_REQUEST


def test_a_repeated_or_empty_or_huge_query_parameter(client: TestClient) -> None:
    token = login(client)
    cases = {
        f"token={token}&token={token}": "Send the token query parameter once, not 2",
        "token=": "The token query parameter is empty",
        "token=" + "a" * 8193: "The token query parameter is too long to be a token",
    }
    for query, detail in cases.items():
        response = client.get(f"/protected?{query}")
        assert response.status_code == 401
        assert response.json() == {"detail": detail}
        assert response.headers["WWW-Authenticate"].startswith(INVALID_REQUEST)


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        ([("Authorization", "Bearer x.y.z"), ("Authorization", "Bearer x.y.z")], "Send one"),
        ([("Authorization", "Bearer")], "must hold exactly one token"),
        ([("Authorization", "Basic dGVzdDp0ZXN0")], "must use the Bearer scheme"),
    ],
)
def test_malformed_headers_are_refused(
    client: TestClient, headers: list[tuple[str, str]], detail: str
) -> None:
    response = client.get("/protected", headers=headers)

    assert response.status_code == 401
    assert detail in response.json()["detail"]
    assert response.headers["WWW-Authenticate"].startswith(INVALID_REQUEST)


def test_an_empty_cookie_counts_as_no_token(client: TestClient) -> None:
    client.cookies.set("access_token_cookie", "")

    response = client.get("/protected")

    assert response.status_code == 401
    assert response.json() == {"detail": EVERY_PLACE}


def test_json_bodies_that_cannot_carry_a_token(client: TestClient) -> None:
    json_type = {"Content-Type": "application/json"}
    not_json = client.request("GET", "/protected", content=b"{", headers=json_type)
    not_object = client.request("GET", "/protected", json=[1])
    huge = client.request("GET", "/protected", content=b" " * (1024 * 1024 + 1), headers=json_type)

    assert (not_json.status_code, not_json.json()) == (
        401,
        {"detail": "The request body is not valid JSON"},
    )
    assert not_object.status_code == 401
    assert huge.status_code == 413
    assert huge.json() == {"detail": "The request body is too large to look for a token in it"}


def test_the_locations_setting_reads_a_json_list_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JWT_TOKEN_LOCATION", '["headers", "cookies"]')

    assert list(FJWTConfig().JWT_TOKEN_LOCATION) == ["headers", "cookies"]
