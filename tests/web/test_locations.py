"""Strict parsing of the token header."""

from __future__ import annotations

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from fastjwt import FastJWT, FJWTConfig, TokenPayload
from fastjwt.web.locations import _header_rule, _HeaderRule
from tests.support import SECRET, bearer


def test_one_or_more_spaces_after_the_scheme(client: TestClient, security: FastJWT[object]) -> None:
    token = security.create_access_token(uid="alice")
    for spaces in (" ", "  ", "   "):
        response = client.get("/protected", headers={"Authorization": f"Bearer{spaces}{token}"})
        assert response.status_code == 200, repr(spaces)


def test_scheme_is_case_insensitive(client: TestClient, security: FastJWT[object]) -> None:
    token = security.create_access_token(uid="alice")
    for scheme in ("Bearer", "bearer", "BEARER"):
        response = client.get("/protected", headers={"Authorization": f"{scheme} {token}"})
        assert response.status_code == 200, scheme


@pytest.mark.parametrize(
    ("value", "detail"),
    [
        ("", "Authorization header is empty"),
        ("   ", "Authorization header is empty"),
        ("abc.def.ghi", "Authorization header must use the Bearer scheme"),
        ("Basic dXNlcjpwYXNz", "Authorization header must use the Bearer scheme"),
        ("Token abc.def.ghi", "Authorization header must use the Bearer scheme"),
        ("Bearer", "Authorization header must hold exactly one token"),
        ("Bearer ", "Authorization header must hold exactly one token"),
        ("Bearer  abc.def.ghi x", "Authorization header must hold exactly one token"),
        ("Bearer abc.def.ghi extra", "Authorization header must hold exactly one token"),
        ("Bearer abc.def.ghi,abc.def.ghi", "Authorization header must hold exactly one token"),
        ("Bearer abc\tdef", "Authorization header must hold exactly one token"),
        ("Bearer \u00e9t\u00e9", "Authorization header must hold exactly one token"),
        ("B\u00e9arer abc", "Authorization header must use the Bearer scheme"),
    ],
)
def test_malformed_headers_are_clear_401s(client: TestClient, value: str, detail: str) -> None:
    response = client.get("/protected", headers=[(b"Authorization", value.encode("latin-1"))])
    assert response.status_code == 401
    assert response.json() == {"detail": detail}
    assert response.headers["WWW-Authenticate"] == (
        'Bearer error="invalid_request", error_description="Expected Authorization: Bearer <token>"'
    )


def test_utf8_bytes_in_the_header_are_a_401(client: TestClient) -> None:
    response = client.get("/protected", headers=[(b"Authorization", "Bearer \u2603".encode())])
    assert response.status_code == 401


def test_two_authorization_headers_are_refused(
    client: TestClient, security: FastJWT[object]
) -> None:
    token = security.create_access_token(uid="alice")
    response = client.get(
        "/protected", headers=[("Authorization", f"Bearer {token}"), ("Authorization", "Bearer x")]
    )
    assert response.status_code == 401
    assert response.json() == {"detail": "Send one Authorization header, not 2"}
    assert 'error="invalid_request"' in response.headers["WWW-Authenticate"]


def test_custom_header_name_and_type() -> None:
    security = FastJWT(
        FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_HEADER_NAME="X-Token", JWT_HEADER_TYPE="JWT")
    )
    app = FastAPI()

    @app.get("/", dependencies=[Depends(security.access_token_required)])
    def home() -> str:
        return "ok"

    token = security.create_access_token(uid="alice")
    client = TestClient(app)
    assert client.get("/", headers={"X-Token": f"JWT {token}"}).status_code == 200
    assert client.get("/", headers=bearer(token)).json() == {"detail": "Missing JWT in request"}
    response = client.get("/", headers={"X-Token": f"Bearer {token}"})
    assert response.json() == {"detail": "X-Token header must use the JWT scheme"}


def test_bare_token_header_when_type_is_empty() -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_HEADER_TYPE=""))
    app = FastAPI()

    @app.get("/", dependencies=[Depends(security.access_token_required)])
    def home() -> str:
        return "ok"

    token = security.create_access_token(uid="alice")
    client = TestClient(app)
    assert client.get("/", headers={"Authorization": token}).status_code == 200
    response = client.get("/", headers=bearer(token))
    assert response.json() == {"detail": "Authorization header must hold exactly one token"}
    assert response.headers["WWW-Authenticate"].endswith(
        'error_description="Expected Authorization: <token>"'
    )


def test_an_empty_bare_token_header_is_refused() -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_HEADER_TYPE=""))
    app = FastAPI()

    @app.get("/", dependencies=[Depends(security.access_token_required)])
    def home() -> str:
        return "ok"

    response = TestClient(app).get("/", headers={"Authorization": "  "})
    assert (response.status_code, response.json()) == (
        401,
        {"detail": "Authorization header is empty"},
    )


def test_header_values_read_before_are_remembered_within_a_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_HeaderRule, "MEMO_SIZE", 3)
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_HEADER_NAME="X-Memo-Test"))
    app = FastAPI()

    @app.get("/")
    def home(payload: TokenPayload = Depends(security.access_token_required)) -> str:  # noqa: B008
        return str(payload.sub)

    client = TestClient(app)
    users = [f"user{index}" for index in range(5)]
    tokens = [security.create_access_token(uid=user) for user in users]
    for _ in range(2):
        for user, token in zip(users, tokens, strict=True):
            assert client.get("/", headers={"X-Memo-Test": f"Bearer {token}"}).json() == user
    memo = _header_rule("X-Memo-Test", "Bearer").memo["access"]
    assert 0 < len(memo) <= 3
