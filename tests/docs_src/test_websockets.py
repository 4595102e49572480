"""The WebSockets page (docs_src/websockets), driven the way the page describes it."""

from __future__ import annotations

import base64
import http.client
import importlib.util
import os
import secrets
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

import docs_src.websockets.tutorial001 as tutorial001
import docs_src.websockets.tutorial002 as tutorial002
from tests.support.docs.server import HOST, missing_tools, serve
from tests.support.docs.tutorial import import_beside

ALLOWED = "https://app.example.com"


def test_the_pages_tests_pass() -> None:
    tutorial003 = import_beside("docs_src.websockets.tutorial003", tutorial001)
    tutorial003.test_chat_with_a_token_in_the_query_string()
    tutorial003.test_chat_with_a_token_in_the_header()
    tutorial003.test_chat_refuses_a_handshake_without_a_token()


def test_login_gives_a_token_for_the_chat() -> None:
    with TestClient(tutorial001.app) as client:
        refused = client.post("/login", json={"username": "test", "password": "x"})
        token = client.post("/login", json={"username": "test", "password": "test"}).json()
        with client.websocket_connect(f"/chat?token={token['access_token']}") as ws:
            greeting = ws.receive_text()

    assert (refused.status_code, refused.json()) == (
        401,
        {"detail": {"message": "Bad credentials"}},
    )
    assert greeting == "Hello, test!"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/chat?token=garbage", "Unauthorized"),
        ("/chat?token=", "The token query parameter is empty"),
    ],
)
def test_refused_handshakes_carry_the_reason(path: str, reason: str) -> None:
    client = TestClient(tutorial001.app)
    with pytest.raises(WebSocketDisconnect) as refused, client.websocket_connect(path):
        pass  # pragma: no cover - the handshake is refused
    assert (refused.value.code, refused.value.reason) == (1008, reason)


def test_the_browser_client_is_served() -> None:
    with TestClient(tutorial001.app) as client:
        response = client.get("/static/client.js")

    assert response.status_code == 200
    assert "export function openChat" in response.text
    assert 'url.searchParams.set("token", token)' in response.text
    assert tutorial001.config.JWT_QUERY_STRING_NAME == "token"


@pytest.fixture
def cookie_client() -> Iterator[TestClient]:
    token = tutorial002.security.create_access_token(uid="test")
    with TestClient(tutorial002.app, base_url="https://testserver") as client:
        client.cookies.set("access_token_cookie", token)
        yield client


def test_a_cookie_and_an_allowed_origin_open_the_socket(cookie_client: TestClient) -> None:
    # No CSRF value: the handshake is a GET.
    with cookie_client.websocket_connect("/notifications", headers={"Origin": ALLOWED}) as ws:
        assert ws.receive_json() == {"to": "test", "unread": 0}


def test_a_cookie_without_any_origin_is_a_program_and_opens_the_socket(
    cookie_client: TestClient,
) -> None:
    with cookie_client.websocket_connect("/notifications") as ws:
        assert ws.receive_json() == {"to": "test", "unread": 0}


NOT_ALLOWED = "The handshake's Origin is not allowed to use the cookie token"


@pytest.mark.parametrize(
    ("origin", "with_cookie", "reason"),
    [
        ("https://evil.example", True, NOT_ALLOWED),
        ("null", True, NOT_ALLOWED),
        ("https://app.example.com.evil.example", True, NOT_ALLOWED),
        ("http://app.example.com", True, NOT_ALLOWED),
        ("https://testserver", True, NOT_ALLOWED),
        (ALLOWED, False, "Missing JWT in request: looked in the access_token_cookie cookie"),
        (
            "https://evil.example",
            False,
            "Missing JWT in request: looked in the access_token_cookie cookie",
        ),
    ],
    ids=[
        "other-origin",
        "null",
        "look-alike",
        "other-scheme",
        "own-host-not-listed",
        "no-cookie",
        "no-cookie-other-origin",
    ],
)
def test_a_cookie_handshake_from_another_origin_is_refused(
    cookie_client: TestClient, origin: str, with_cookie: bool, reason: str
) -> None:
    if not with_cookie:
        cookie_client.cookies.clear()
    with (
        pytest.raises(WebSocketDisconnect) as refused,
        cookie_client.websocket_connect("/notifications", headers={"Origin": origin}),
    ):
        pass  # pragma: no cover - the handshake is refused
    assert (refused.value.code, refused.value.reason) == (1008, reason)


# With uvicorn: a refused handshake is an HTTP 403.


def missing_websocket_tools() -> list[str]:
    missing = missing_tools()
    if not any(importlib.util.find_spec(name) for name in ("websockets", "wsproto")):
        missing.append("websockets (python package, for uvicorn's WebSocket support)")
    return missing


@pytest.fixture
def websocket_tools() -> None:
    missing = missing_websocket_tools()
    if not missing:
        return
    reason = f"the real WebSocket handshake needs {', '.join(missing)}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI=true makes it mandatory")
    pytest.skip(reason)


def handshake(port: int, path: str) -> int:
    """Send a WebSocket opening handshake; return the HTTP status of the answer."""
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request(
            "GET",
            path,
            headers={
                "Connection": "Upgrade",
                "Upgrade": "websocket",
                "Sec-WebSocket-Version": "13",
                "Sec-WebSocket-Key": base64.b64encode(secrets.token_bytes(16)).decode(),
            },
        )
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.e2e
@pytest.mark.usefixtures("websocket_tools")
def test_uvicorn_answers_a_refused_handshake_with_403() -> None:
    token = tutorial001.security.create_access_token(uid="test")
    with serve("docs_src.websockets.tutorial001:app") as port:
        accepted = handshake(port, f"/chat?token={token}")
        refused = handshake(port, "/chat")

    assert (accepted, refused) == (101, 403)
