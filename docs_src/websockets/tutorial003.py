import pytest
from fastapi.testclient import TestClient
from main import app, security
from starlette.websockets import WebSocketDisconnect


def test_chat_with_a_token_in_the_query_string() -> None:
    token = security.create_access_token(uid="test")
    with TestClient(app) as client, client.websocket_connect(f"/chat?token={token}") as ws:
        assert ws.receive_text() == "Hello, test!"
        ws.send_text("hi")
        assert ws.receive_text() == "test: hi"


def test_chat_with_a_token_in_the_header() -> None:
    headers = {"Authorization": f"Bearer {security.create_access_token(uid='test')}"}
    with TestClient(app) as client, client.websocket_connect("/chat", headers=headers) as ws:
        assert ws.receive_text() == "Hello, test!"


def test_chat_refuses_a_handshake_without_a_token() -> None:
    client = TestClient(app)
    with pytest.raises(WebSocketDisconnect) as refused, client.websocket_connect("/chat"):
        pass  # pragma: no cover - the handshake is refused, so the block never runs
    assert refused.value.code == 1008
    assert refused.value.reason == (
        "Missing JWT in request: looked in the Authorization header, the token query parameter"
    )
