"""The JSON body page (docs_src/json), driven the way the page describes it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

import docs_src.json.tutorial001 as tutorial001

CREDENTIALS = {"username": "test", "password": "test"}
MISSING = {
    "detail": "Missing JWT in request: looked in the Authorization header, "
    "the access_token field of the JSON body"
}


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(tutorial001.app) as client:
        yield client


@pytest.fixture
def tokens(client: TestClient) -> dict[str, str]:
    response = client.post("/login", json=CREDENTIALS)
    assert response.status_code == 200
    found: dict[str, str] = response.json()
    assert list(found) == ["access_token", "refresh_token"]
    return found


def test_the_application_reads_headers_then_json() -> None:
    assert list(tutorial001.config.JWT_TOKEN_LOCATION) == ["headers", "json"]


def test_bad_credentials_are_refused(client: TestClient) -> None:
    response = client.post("/login", json={"username": "x", "password": "test"})

    assert response.status_code == 401
    assert response.json() == {"detail": {"message": "Bad credentials"}}


def test_the_token_and_the_note_share_the_body(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.post("/notes", json={"access_token": tokens["access_token"], "text": "hi"})

    assert (response.status_code, response.json()) == (200, {"author": "test", "text": "hi"})


def test_the_refresh_token_in_the_body(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.post("/refresh", json={"refresh_token": tokens["refresh_token"]})

    assert response.status_code == 200
    new_token = response.json()["access_token"]
    note = client.post("/notes", json={"access_token": new_token, "text": "again"})
    assert note.json() == {"author": "test", "text": "again"}


def test_each_type_has_its_own_field(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.post("/refresh", json={"access_token": tokens["refresh_token"]})

    assert response.status_code == 401
    assert response.json() == {
        "detail": "Missing JWT in request: looked in the Authorization header, "
        "the refresh_token field of the JSON body"
    }


@pytest.mark.parametrize(
    "content_type",
    ["application/json; charset=utf-8", "application/vnd.api+json", "APPLICATION/JSON"],
)
def test_json_media_types(client: TestClient, tokens: dict[str, str], content_type: str) -> None:
    body = f'{{"access_token": "{tokens["access_token"]}", "text": "hi"}}'

    response = client.post("/notes", content=body, headers={"Content-Type": content_type})

    assert response.status_code == 200
    assert response.json() == {"author": "test", "text": "hi"}


def test_other_bodies_are_not_searched(client: TestClient, tokens: dict[str, str]) -> None:
    form = client.post("/notes", data={"access_token": tokens["access_token"]})
    without = client.post("/notes", json={"text": "hello"})

    assert (form.status_code, form.json()) == (401, MISSING)
    assert (without.status_code, without.json()) == (401, MISSING)


def test_the_header_wins_and_the_body_is_left_to_the_route(
    client: TestClient, tokens: dict[str, str]
) -> None:
    response = client.post(
        "/notes",
        json={"access_token": "not checked", "text": "hi"},
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )

    assert (response.status_code, response.json()) == (200, {"author": "test", "text": "hi"})


@pytest.mark.parametrize(
    ("path", "body", "status", "detail"),
    [
        (
            "/notes",
            {"access_token": "", "text": "x"},
            401,
            "The access_token field of the JSON body is empty",
        ),
        (
            "/notes",
            {"access_token": 42, "text": "x"},
            401,
            "The access_token field of the JSON body must be a string",
        ),
        ("/notes", ["hello"], 401, "The request body must be a JSON object to carry a token"),
        (
            "/refresh",
            {"refresh_token": "a" * 8193},
            401,
            "The refresh_token field of the JSON body is too long to be a token",
        ),
    ],
    ids=["empty", "not-a-string", "not-an-object", "too-long"],
)
def test_malformed_bodies(
    client: TestClient, path: str, body: object, status: int, detail: str
) -> None:
    response = client.post(path, json=body)

    assert (response.status_code, response.json()) == (status, {"detail": detail})


def test_invalid_json_is_fastjwts_401_or_fastapis_422(client: TestClient) -> None:
    headers = {"Content-Type": "application/json"}

    refresh = client.post("/refresh", content=b'{"refresh_token": ', headers=headers)
    notes = client.post("/notes", content=b'{"access_token": ', headers=headers)

    assert (refresh.status_code, refresh.json()) == (
        401,
        {"detail": "The request body is not valid JSON"},
    )
    assert refresh.headers["WWW-Authenticate"] == 'Bearer error="invalid_request"'
    assert notes.status_code == 422
    assert notes.json()["detail"][0]["type"] == "json_invalid"


@pytest.mark.parametrize("declared", [True, False], ids=["with-length", "streamed"])
def test_bodies_over_one_mebibyte_are_refused(client: TestClient, declared: bool) -> None:
    body = b'{"pad": "' + b"a" * (1024 * 1024) + b'"}'
    headers = {"Content-Type": "application/json"}

    if declared:
        response = client.post("/refresh", content=body, headers=headers)
    else:
        response = client.post("/refresh", content=iter([body]), headers=headers)

    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large to look for a token in it"}
