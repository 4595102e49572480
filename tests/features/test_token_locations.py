"""Tokens in headers, cookies, the query string and JSON bodies, and their bad inputs."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

from fastjwt import FastJWT
from tests.support import bearer
from tests.support.locations_app import make_app

Carry = Callable[[str], dict[str, Any]]

CARRIERS: dict[str, Carry] = {
    "headers": lambda token: {"headers": bearer(token)},
    "cookies": lambda token: {"cookies": {"access_token_cookie": token}},
    "query": lambda token: {"params": {"token": token}},
    "json": lambda token: {"json": {"access_token": token}},
}


@pytest.fixture
def pair() -> tuple[TestClient, FastJWT[object]]:
    app, security = make_app()
    return TestClient(app), security


def _request(client: TestClient, method: str, path: str, carry: dict[str, Any]) -> Any:
    cookies = carry.pop("cookies", None)
    if cookies:
        client.cookies.update(cookies)
    return client.request(method, path, **carry)


@pytest.mark.parametrize("location", sorted(CARRIERS))
def test_access_token_from_each_location(
    pair: tuple[TestClient, FastJWT[object]], location: str
) -> None:
    client, security = pair
    token = security.create_access_token(uid="alice")
    method = "POST" if location == "json" else "GET"
    carry = CARRIERS[location](token)
    if location == "cookies":
        # A GET is not a CSRF method: the cookie alone is enough.
        method = "GET"
    response = _request(client, method, "/me", carry)
    assert (response.status_code, response.json()) == (200, "alice")


@pytest.mark.parametrize("location", ["headers", "query", "json"])
def test_refresh_token_from_each_location(
    pair: tuple[TestClient, FastJWT[object]], location: str
) -> None:
    client, security = pair
    token = security.create_refresh_token(uid="alice")
    carry = {"json": {"refresh_token": token}} if location == "json" else CARRIERS[location](token)
    response = client.post("/refresh", **carry)
    assert response.status_code == 200, response.text
    assert "access_token_cookie" in response.cookies


def test_refresh_token_from_its_cookie(pair: tuple[TestClient, FastJWT[object]]) -> None:
    client, _ = pair
    login = client.post("/login")
    csrf = login.cookies["csrf_refresh_token"]
    client.cookies.delete("access_token_cookie")
    response = client.post("/refresh", headers={"X-CSRF-TOKEN": csrf})
    assert response.status_code == 200, response.text


def test_missing_token_names_every_place_looked(pair: tuple[TestClient, FastJWT[object]]) -> None:
    client, _ = pair
    response = client.get("/me")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Missing JWT in request: looked in the Authorization header, "
        "the access_token_cookie cookie, the token query parameter, "
        "the access_token field of the JSON body"
    }
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_route_locations_override_the_config(pair: tuple[TestClient, FastJWT[object]]) -> None:
    client, security = pair
    token = security.create_access_token(uid="alice")
    assert client.get("/query-only", params={"token": token}).json() == "alice"
    response = client.get("/query-only", headers=bearer(token))
    assert response.json() == {
        "detail": "Missing JWT in request: looked in the token query parameter"
    }


def test_configured_order_and_same_token_twice(pair: tuple[TestClient, FastJWT[object]]) -> None:
    client, security = pair
    token = security.create_access_token(uid="alice")
    response = client.get("/me", headers=bearer(token), params={"token": token})
    assert response.json() == "alice"


def test_the_route_still_reads_the_body(pair: tuple[TestClient, FastJWT[object]]) -> None:
    client, security = pair
    token = security.create_access_token(uid="alice")
    response = client.post("/echo", json={"access_token": token, "note": "kept"})
    assert response.json() == {"sub": "alice", "body": {"access_token": token, "note": "kept"}}


def test_json_with_a_charset_parameter(pair: tuple[TestClient, FastJWT[object]]) -> None:
    client, security = pair
    token = security.create_access_token(uid="alice")
    response = client.post(
        "/me",
        content=f'{{"access_token": "{token}"}}'.encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert response.json() == "alice"


def test_other_content_types_are_not_searched(pair: tuple[TestClient, FastJWT[object]]) -> None:
    client, security = pair
    token = security.create_access_token(uid="alice")
    response = client.post("/me", content=token, headers={"Content-Type": "text/plain"})
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Missing JWT in request")
    response = client.post("/me", content=b"", headers={"Content-Type": "application/json"})
    assert response.json()["detail"].startswith("Missing JWT in request")
    response = client.post("/me", json={"other": token})
    assert response.json()["detail"].startswith("Missing JWT in request")


@pytest.mark.parametrize(
    ("request_kwargs", "status", "detail"),
    [
        (
            {"params": [("token", "a.b.c"), ("token", "d.e.f")]},
            401,
            "Send the token query parameter once, not 2",
        ),
        ({"params": {"token": ""}}, 401, "The token query parameter is empty"),
        (
            {"params": {"token": "a" * 8193}},
            401,
            "The token query parameter is too long to be a token",
        ),
        (
            {"params": {"token": "a b"}},
            401,
            "The token query parameter must hold exactly one token",
        ),
        (
            {"content": b"{not json", "headers": {"Content-Type": "application/json"}},
            401,
            "The request body is not valid JSON",
        ),
        (
            {"content": b"\xff\xfe", "headers": {"Content-Type": "application/json"}},
            401,
            "The request body is not valid JSON",
        ),
        ({"json": ["a.b.c"]}, 401, "The request body must be a JSON object to carry a token"),
        (
            {"json": {"access_token": 42}},
            401,
            "The access_token field of the JSON body must be a string",
        ),
        ({"json": {"access_token": ""}}, 401, "The access_token field of the JSON body is empty"),
        (
            {
                "content": b'{"access_token": "' + b"a" * (1024 * 1024) + b'"}',
                "headers": {"Content-Type": "application/json"},
            },
            413,
            "The request body is too large to look for a token in it",
        ),
        (
            {"cookies": {"access_token_cookie": "a b"}},
            401,
            "The access_token_cookie cookie must hold exactly one token",
        ),
    ],
    ids=[
        "repeated-query",
        "empty-query",
        "long-query",
        "spaced-query",
        "not-json",
        "not-utf8",
        "json-array",
        "json-number",
        "json-empty",
        "huge-body",
        "bad-cookie",
    ],
)
def test_bad_input_is_a_clear_4xx(
    pair: tuple[TestClient, FastJWT[object]],
    request_kwargs: dict[str, Any],
    status: int,
    detail: str,
) -> None:
    client, _ = pair
    response = _request(client, "POST", "/me", dict(request_kwargs))
    assert (response.status_code, response.json()) == (status, {"detail": detail})
    assert 'Bearer error="invalid_request"' in response.headers["WWW-Authenticate"]


def test_huge_body_is_refused_even_without_a_length(
    pair: tuple[TestClient, FastJWT[object]],
) -> None:
    client, _ = pair

    def chunks() -> Any:
        yield b'{"access_token": "'
        yield b"a" * (1024 * 1024)
        yield b'"}'

    response = client.post("/me", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_different_tokens_in_two_locations_are_refused(
    pair: tuple[TestClient, FastJWT[object]],
) -> None:
    client, security = pair
    mine = security.create_access_token(uid="alice")
    other = security.create_access_token(uid="mallory")
    client.cookies.set("access_token_cookie", other)
    response = client.get("/me", headers=bearer(mine))
    assert response.status_code == 401
    assert response.json() == {
        "detail": "The request carries different tokens in the Authorization header and "
        "the access_token_cookie cookie; send one"
    }


def test_json_is_not_read_once_a_token_is_found(pair: tuple[TestClient, FastJWT[object]]) -> None:
    client, security = pair
    token = security.create_access_token(uid="alice")
    response = client.post(
        "/me",
        headers=bearer(token),
        content=b"{not json",
        params={},
    )
    assert response.json() == "alice"


@pytest.mark.anyio
async def test_get_tokens_from_request_in_cookies() -> None:
    _, security = make_app()
    token = security.create_access_token(uid="alice")
    request = Request(
        {
            "type": "http",
            "method": "GET",
            "query_string": b"",
            "headers": [(b"cookie", f"access_token_cookie={token}".encode())],
        }
    )
    found = await security.get_access_token_from_request(request)
    assert (found.token, found.location, found.csrf) == (token, "cookies", None)
