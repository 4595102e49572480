"""Reading a body for its token: bounded while read, kept for the route, parsed strictly."""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations at runtime.

import asyncio
import json
from typing import Annotated, Any

import pytest
from fastapi import Body, Depends, FastAPI, Request
from starlette.requests import ClientDisconnect
from starlette.types import Message

from fastjwt import FastJWT, FJWTConfig, TokenPayload
from fastjwt.exceptions import MalformedRequestError
from fastjwt.web.body import MAX_BODY_BYTES, _declares_too_much, json_document, read_body
from tests.support import SECRET
from tests.support.asgi import call, scope

JSON = [(b"content-type", b"application/json")]


def _app() -> tuple[FastAPI, FastJWT[object]]:
    security: FastJWT[object] = FastJWT(
        FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_TOKEN_LOCATION=["json"])
    )
    Access = Annotated[TokenPayload, Depends(security.access_token_required)]  # noqa: N806
    app = FastAPI()

    @app.post("/raw")
    async def raw(payload: Access, request: Request) -> dict[str, Any]:
        # FastJWT read the stream; the route reads the same bytes again.
        body = await request.body()
        return {"sub": payload.sub, "length": len(body), "note": (await request.json())["note"]}

    @app.post("/model")
    def model(payload: Access, note: Annotated[str, Body(embed=True)]) -> dict[str, Any]:
        return {"sub": payload.sub, "note": note}

    return app, security


def _post(path: str, chunks: list[bytes], headers: list[tuple[bytes, bytes]] | None = None) -> Any:
    app, _ = _app()
    return asyncio.run(call(app, scope("POST", path, [*JSON, *(headers or [])]), chunks))


@pytest.mark.parametrize("path", ["/raw", "/model"])
def test_the_route_still_gets_a_streamed_body(path: str) -> None:
    app, security = _app()
    token = security.create_access_token(uid="alice")
    body = json.dumps({"access_token": token, "note": "kept"}).encode()
    request = scope("POST", path, JSON)
    exchange = asyncio.run(call(app, request, [body[:10], body[10:50], body[50:]]))
    expected: dict[str, Any] = {"sub": "alice", "note": "kept"}
    if path == "/raw":
        expected["length"] = len(body)
    assert (exchange.status, json.loads(exchange.body)) == (200, expected)


def test_a_body_read_whole_by_the_route_model_is_still_limited() -> None:
    chunks = [b'{"note": "', b"a" * MAX_BODY_BYTES, b'"}']
    exchange = _post("/model", chunks)
    assert exchange.status == 413
    assert exchange.chunks_read == 3  # FastAPI read it all for the model, before FastJWT


def test_exactly_the_limit_is_read() -> None:
    body = b'{"note": "' + b"a" * (MAX_BODY_BYTES - 12) + b'"}'
    assert len(body) == MAX_BODY_BYTES
    exchange = _post("/raw", [body[: MAX_BODY_BYTES // 2], body[MAX_BODY_BYTES // 2 :]])
    assert (exchange.status, json.loads(exchange.body)["detail"]) == (
        401,
        "Missing JWT in request: looked in the access_token field of the JSON body",
    )


@pytest.mark.parametrize(
    ("declared", "too_much"),
    [
        ("1048576", False),
        ("1048577", True),
        ("0001048577", True),
        ("00000000000000000001", False),
        ("0", False),
        ("9" * 5000, True),
        ("\u00b2", False),
        ("\u0661\u0662", False),
        ("-5", False),
        ("", False),
    ],
    ids=[
        "limit",
        "over",
        "zeros-over",
        "zeros-under",
        "zero",
        "5000-digits",
        "superscript",
        "arabic-digits",
        "negative",
        "empty",
    ],
)
def test_declared_lengths(declared: str, too_much: bool) -> None:
    assert _declares_too_much(declared) is too_much


def test_json_document_keeps_the_last_of_other_repeated_keys() -> None:
    document = json_document(b'{"a": 1, "a": 2, "b": {"c": 1, "c": 2}}', "access_token")
    assert document == {"a": 2, "b": {"c": 2}}


def test_json_document_refuses_the_token_key_twice() -> None:
    with pytest.raises(MalformedRequestError, match="names the access_token field more than once"):
        json_document(b'{"access_token": "a", "x": 1, "access_token": "b"}', "access_token")


def test_a_repeated_token_key_deeper_in_the_body_is_not_the_token() -> None:
    document = json_document(b'{"x": {"access_token": 1, "access_token": 2}}', "access_token")
    assert document == {"x": {"access_token": 2}}


def test_a_client_that_leaves_mid_body_is_a_disconnect() -> None:
    messages: list[Message] = [
        {"type": "http.request", "body": b'{"a": ', "more_body": True},
        {"type": "http.disconnect"},
    ]

    async def receive() -> Message:
        return messages.pop(0)

    request = Request(scope("POST", "/raw", JSON), receive)
    with pytest.raises(ClientDisconnect):
        asyncio.run(read_body(request))
