"""The same dependencies on WebSocket routes: accepted, or closed with 1008 before accept."""

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from tests.support import bearer
from tests.support.locations_app import make_app


@pytest.fixture
def client() -> TestClient:
    app, _ = make_app()
    return TestClient(app)


def _token(client: TestClient) -> str:
    token: str = client.post("/login").json()["access_token"]
    client.cookies.clear()
    return token


def test_header_token(client: TestClient) -> None:
    token = _token(client)
    with client.websocket_connect("/ws", headers=bearer(token)) as socket:
        assert socket.receive_text() == "hello alice"


def test_query_token(client: TestClient) -> None:
    token = _token(client)
    with client.websocket_connect(f"/ws?token={token}") as socket:
        assert socket.receive_text() == "hello alice"


def test_cookie_token_needs_no_csrf_on_the_handshake(client: TestClient) -> None:
    client.post("/login")
    with client.websocket_connect("/ws") as socket:
        assert socket.receive_text() == "hello alice"


@pytest.mark.parametrize(
    ("path", "headers", "reason"),
    [
        (
            "/ws",
            {},
            "Missing JWT in request: looked in the Authorization header, the access_token_cookie "
            "cookie, the token query parameter, the access_token field of the JSON body",
        ),
        ("/ws", bearer("garbage"), "Unauthorized"),
        ("/ws?token=a&token=b", {}, "Send the token query parameter once, not 2"),
    ],
    ids=["missing", "invalid", "repeated"],
)
def test_refused_before_accept_with_1008(
    client: TestClient, path: str, headers: dict[str, str], reason: str
) -> None:
    with (
        pytest.raises(WebSocketDisconnect) as caught,
        client.websocket_connect(path, headers=headers),
    ):
        pass  # pragma: no cover - the handshake is refused
    assert caught.value.code == 1008
    assert caught.value.reason == reason[:123]


def test_refresh_token_is_refused(client: TestClient) -> None:
    refresh = client.post("/login").json()["refresh_token"]
    client.cookies.clear()
    with (
        pytest.raises(WebSocketDisconnect) as caught,
        client.websocket_connect("/ws", headers=bearer(refresh)),
    ):
        pass  # pragma: no cover - the handshake is refused
    assert (caught.value.code, caught.value.reason) == (1008, "Access token required")
