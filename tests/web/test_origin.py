"""The Origin check of cookie-authenticated WebSocket handshakes."""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations at runtime.

from typing import Annotated

import pytest
from fastapi import Depends, FastAPI, WebSocket
from fastapi.testclient import TestClient
from httpx2 import Headers
from starlette.requests import HTTPConnection
from starlette.websockets import WebSocketDisconnect

from fastjwt import FastJWT, FJWTConfig, TokenPayload
from fastjwt.exceptions import CSRFError, MalformedRequestError
from fastjwt.web.origin import NOT_ALLOWED, check_origin, origin_host
from tests.support import SECRET


def _client(**settings: object) -> TestClient:
    security: FastJWT[object] = FastJWT(
        FJWTConfig(
            JWT_SECRET_KEY=SECRET,
            JWT_TOKEN_LOCATION=["cookies", "query"],
            JWT_COOKIE_SECURE=False,
            **settings,
        )
    )
    app = FastAPI()

    @app.websocket("/ws")
    async def socket(
        websocket: WebSocket,
        payload: Annotated[TokenPayload, Depends(security.access_token_required)],
    ) -> None:
        await websocket.accept()
        await websocket.send_text(f"hello {payload.sub}")
        await websocket.close()

    client = TestClient(app)
    client.cookies.set("access_token_cookie", security.create_access_token(uid="alice"))
    return client


def _refusal(client: TestClient, headers: Headers) -> tuple[int, str]:
    with (
        pytest.raises(WebSocketDisconnect) as refused,
        client.websocket_connect("/ws", headers=headers),
    ):
        pass  # pragma: no cover - the handshake is refused
    return refused.value.code, refused.value.reason


ALLOWED = ["https://app.example.com", "http://localhost:5173"]


@pytest.mark.parametrize("origin", [*ALLOWED, "HTTPS://App.Example.com"])
def test_listed_origins_open_the_socket(origin: str) -> None:
    client = _client(JWT_WEBSOCKET_ALLOWED_ORIGINS=ALLOWED)
    with client.websocket_connect("/ws", headers={"Origin": origin}) as socket:
        assert socket.receive_text() == "hello alice"


@pytest.mark.parametrize(
    "origin", ["http://testserver", "https://app.example.com:443", "http://localhost:5174"]
)
def test_a_list_replaces_the_same_origin_rule(origin: str) -> None:
    client = _client(JWT_WEBSOCKET_ALLOWED_ORIGINS=ALLOWED)
    assert _refusal(client, Headers({"Origin": origin})) == (1008, NOT_ALLOWED)


def _handshake(*headers: tuple[bytes, bytes]) -> HTTPConnection:
    return HTTPConnection({"type": "websocket", "headers": list(headers)})


def test_same_origin_needs_one_host_header() -> None:
    origin = (b"origin", b"http://testserver")
    with pytest.raises(CSRFError):
        check_origin(_handshake(origin), ())
    with pytest.raises(MalformedRequestError, match="Send one Host header, not 2"):
        check_origin(_handshake(origin, (b"host", b"testserver"), (b"host", b"x")), ())
    check_origin(_handshake(origin, (b"host", b"TestServer")), ())


def test_without_origin_nothing_is_checked() -> None:
    check_origin(_handshake((b"host", b"testserver")), ["https://app.example.com"])


@pytest.mark.parametrize(
    ("origin", "host"),
    [
        ("https://app.example.com", "app.example.com"),
        ("http://[::1]:8000", "[::1]:8000"),
        ("HTTP://LOCALHOST:3000", "localhost:3000"),
        ("ws://app.example.com", None),
        ("app.example.com", None),
        ("https://", None),
        ("https://a.com/path", None),
        ("https://user@a.com", None),
        ("https://a.com?x", None),
        ("https://a b.com", None),
        ("https://\u00e9.com", None),
        ("null", None),
    ],
)
def test_origin_host(origin: str, host: str | None) -> None:
    assert origin_host(origin) == host
