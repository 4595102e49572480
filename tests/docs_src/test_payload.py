"""The Payload data and custom claims examples (docs_src/payload), driven as the page shows."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import jwt
import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

import docs_src.payload.tutorial001 as tutorial001
from docs_src.payload.tutorial001 import StaffClaims, security
from fastjwt import RequestToken

SECRET = "demo-only-secret-replace-me-with-32-random-bytes"


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(tutorial001.app) as client:
        yield client


def login(client: TestClient, username: str, password: str) -> str:
    response = client.post("/login", json={"username": username, "password": password})
    assert response.status_code == 200
    token = response.json()["access_token"]
    assert isinstance(token, str)
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_demo_secret_is_long_enough() -> None:
    assert security.config.JWT_SECRET_KEY == SECRET
    assert len(SECRET.encode()) >= 32


def test_data_and_keyword_claims_both_land_in_the_token(client: TestClient) -> None:
    claims = jwt.decode(login(client, "alice", "wonderland"), SECRET, algorithms=["HS256"])

    assert claims["sub"] == "alice"
    assert claims["role"] == "admin"
    assert claims["team"] == "core"
    assert claims["type"] == "access"


def test_a_none_keyword_claim_is_written_as_null(client: TestClient) -> None:
    claims = jwt.decode(login(client, "bob", "builder"), SECRET, algorithms=["HS256"])

    assert claims["role"] == "guest"
    assert claims["team"] is None


@pytest.mark.parametrize(
    ("username", "password"), [("alice", "builder"), ("carol", "wonderland")], ids=repr
)
def test_bad_credentials_are_refused(client: TestClient, username: str, password: str) -> None:
    response = client.post("/login", json={"username": username, "password": password})

    assert response.status_code == 401
    assert response.json() == {"detail": {"message": "Bad credentials"}}


def test_profile_reads_claims_as_attributes(client: TestClient) -> None:
    response = client.get("/profile", headers=bearer(login(client, "alice", "wonderland")))

    assert response.status_code == 200
    assert response.json() == {
        "user": "alice",
        "role": "admin",
        "extra": {"role": "admin", "team": "core"},
    }


def test_profile_needs_a_token(client: TestClient) -> None:
    response = client.get("/profile")

    assert response.status_code == 401
    assert response.json() == {"detail": "Missing JWT in request"}


def test_a_missing_claim_is_an_attribute_error() -> None:
    token = security.create_access_token(uid="carol")
    payload = security.verify_token_claims(token)
    assert "role" not in payload

    verified = security.verify_token(RequestToken(token=token, location="headers"))
    with pytest.raises(AttributeError):
        _ = verified.role
    assert getattr(verified, "role", None) is None
    assert verified.extra_dict.get("team") is None


@pytest.mark.parametrize(
    "claims",
    [{"data": {"sub": "mallory"}}, {"data": {"fresh": True}}, {"exp": 0}, {"jti": "x"}],
    ids=repr,
)
def test_reserved_claims_raise_value_error(claims: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="Reserved claim names"):
        security.create_access_token(uid="alice", **claims)  # type: ignore[arg-type]


def test_scopes_is_an_ordinary_claim() -> None:
    token = security.create_access_token(uid="alice", scopes=["read"])

    assert jwt.decode(token, SECRET, algorithms=["HS256"])["scopes"] == ["read"]


def test_typed_claims_fit(client: TestClient) -> None:
    response = client.get("/team", headers=bearer(login(client, "alice", "wonderland")))

    assert response.status_code == 200
    assert response.json() == {"team": "core", "role": "admin"}


def test_typed_dependency_hands_the_route_the_model() -> None:
    token = security.create_access_token(uid="dana", role="editor", team="docs")
    request = Request(
        {
            "type": "http",
            "method": "GET",
            "path": "/team",
            "query_string": b"",
            "headers": [(b"authorization", f"Bearer {token}".encode())],
        }
    )

    claims = asyncio.run(tutorial001.staff_token_required.authenticate(request))

    assert isinstance(claims, StaffClaims)
    assert (claims.sub, claims.role, claims.team) == ("dana", "editor", "docs")


def test_claims_that_do_not_fit_are_a_401(client: TestClient) -> None:
    token = login(client, "bob", "builder")

    assert client.get("/profile", headers=bearer(token)).json() == {
        "user": "bob",
        "role": "guest",
        "extra": {"role": "guest", "team": None},
    }
    response = client.get("/team", headers=bearer(token))
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
    assert response.headers["WWW-Authenticate"] == (
        'Bearer error="invalid_token", '
        'error_description="The token claims are malformed: role, team"'
    )


@pytest.mark.parametrize(
    ("claims", "fields"),
    [
        ({"role": "admin"}, "team"),
        ({"role": "admin", "team": 7}, "team"),
        ({"role": "owner", "team": "core"}, "role"),
    ],
    ids=repr,
)
def test_typed_validation_is_strict(
    client: TestClient, claims: dict[str, object], fields: str
) -> None:
    token = security.create_access_token(uid="eve", data=claims)

    response = client.get("/team", headers=bearer(token))

    assert response.status_code == 401
    assert f"The token claims are malformed: {fields}" in response.headers["WWW-Authenticate"]


@pytest.mark.parametrize(
    ("claims", "field"),
    [({"fresh": "yes"}, "fresh"), ({"scopes": "read"}, "scopes")],
    ids=repr,
)
def test_fastjwt_claims_of_the_wrong_type_are_refused(
    client: TestClient, claims: dict[str, object], field: str
) -> None:
    base = {"sub": "eve", "iat": 1, "exp": 2**40, "jti": "j", "type": "access"}
    token = jwt.encode({**base, **claims}, SECRET, algorithm="HS256")

    response = client.get("/profile", headers=bearer(token))

    assert response.status_code == 401
    assert f"The token claims are malformed: {field}" in response.headers["WWW-Authenticate"]
