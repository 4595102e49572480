"""The Security page's example (docs_src/security): each protection it configures, at work."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

import docs_src.security.tutorial001 as tutorial001
from fastjwt import FastJWT, FJWTConfig

ORIGIN = "https://app.example.com"


@pytest.fixture
def browser() -> Iterator[TestClient]:
    with TestClient(tutorial001.app, base_url="https://testserver") as client:
        response = client.post("/login", json={"username": "test", "password": "test"})
        assert response.json() == {"message": "Logged in as test"}
        yield client


def test_bad_credentials() -> None:
    response = TestClient(tutorial001.app).post("/login", json={"username": "x", "password": "y"})
    assert (response.status_code, response.json()) == (
        401,
        {"detail": {"message": "Bad credentials"}},
    )


def test_the_cookies_are_secure_strict_and_http_only(browser: TestClient) -> None:
    response = browser.post("/login", json={"username": "test", "password": "test"})
    cookies = response.headers.get_list("set-cookie")
    access = next(c for c in cookies if c.startswith("access_token_cookie="))
    refresh = next(c for c in cookies if c.startswith("refresh_token_cookie="))
    assert {"HttpOnly", "Secure", "SameSite=strict", "Path=/"} <= {
        part.strip() for part in access.split(";")
    }
    assert "Path=/refresh" in refresh


def test_a_get_needs_no_csrf_a_post_does(browser: TestClient) -> None:
    assert browser.get("/me").json() == {"user": "test"}
    refused = browser.post("/notes")
    assert (refused.status_code, refused.json()) == (
        401,
        {"detail": "Missing CSRF double submit token in request"},
    )
    csrf = browser.cookies["csrf_access_token"]
    assert browser.post("/notes", headers={"X-CSRF-TOKEN": csrf}).json() == {"author": "test"}


@pytest.mark.parametrize(
    ("issuer", "audience", "reason"),
    [
        (
            "https://evil.example",
            "https://app.example.com/api",
            "The token issuer https://evil.example is not accepted",
        ),
        (
            "https://app.example.com",
            "https://other.example",
            "The token audience https://other.example is not accepted",
        ),
    ],
)
def test_tokens_of_another_issuer_or_audience_are_refused(
    issuer: str, audience: str, reason: str
) -> None:
    secret = tutorial001.config.JWT_SECRET_KEY
    other = FastJWT(
        FJWTConfig(JWT_SECRET_KEY=secret, JWT_ENCODE_ISSUER=issuer, JWT_ENCODE_AUDIENCE=audience)
    )
    client = TestClient(tutorial001.app)
    client.cookies.set("access_token_cookie", other.create_access_token(uid="test"))
    response = client.get("/me")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].endswith(f'error_description="{reason}"')


def test_a_tossed_second_cookie_is_refused(browser: TestClient) -> None:
    token = browser.cookies["access_token_cookie"]
    response = TestClient(tutorial001.app).get(
        "/me", headers={"Cookie": f"access_token_cookie={token}; access_token_cookie=other"}
    )
    assert (response.status_code, response.json()) == (
        401,
        {"detail": "Send the access_token_cookie cookie once, not 2"},
    )


def test_the_websocket_opens_from_the_listed_origin_only(browser: TestClient) -> None:
    # wss: the cookies are Secure, so the client sends them over TLS only.
    url = "wss://testserver/events"
    with browser.websocket_connect(url, headers={"Origin": ORIGIN}) as socket:
        assert socket.receive_json() == {"to": "test"}
    with (
        pytest.raises(WebSocketDisconnect) as refused,
        browser.websocket_connect(url, headers={"Origin": "https://evil.example"}),
    ):
        pass  # pragma: no cover - the handshake is refused
    assert (refused.value.code, refused.value.reason) == (
        1008,
        "The handshake's Origin is not allowed to use the cookie token",
    )
