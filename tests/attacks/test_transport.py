"""Transport: ambiguous requests, and the OWASP CSRF cheat sheet (double submit, Origin).

A request that carries a token in a way that can be read two ways is refused: a proxy, a
framework and FastJWT could each pick a different one. Cookie tokens need their CSRF value
in the CSRF header (POST, PUT, PATCH, DELETE), and WebSocket handshakes that carry a cookie
token need an allowed `Origin`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx2 import Headers as ClientHeaders
from starlette.websockets import WebSocketDisconnect

from fastjwt import FastJWT
from tests.support.asgi import Exchange, call, scope
from tests.support.attacks import Outcome, invalid_request, invalid_token, outcome
from tests.support.locations_app import make_app

Headers = list[tuple[bytes, bytes]]
JSON = (b"content-type", b"application/json")


@pytest.fixture
def pair() -> tuple[Any, FastJWT[object]]:
    return make_app()


def _token(pair: tuple[Any, FastJWT[object]], uid: str = "alice") -> str:
    return pair[1].create_access_token(uid=uid)


def _send(
    pair: tuple[Any, FastJWT[object]],
    headers: Headers,
    query: bytes = b"",
    method: str = "GET",
    body: bytes = b"",
) -> Outcome:
    exchange: Exchange = asyncio.run(
        call(pair[0], scope(method, "/me", headers, query), [body] if body else [])
    )
    assert exchange.escaped is None
    return exchange.status, json.loads(exchange.body), exchange.header("www-authenticate")


def _alice(status: int = 200) -> object:
    return status, "alice", None


# Ambiguity: one token, in one place, spelt one way.


def test_two_authorization_headers(pair: tuple[Any, FastJWT[object]]) -> None:
    token = _token(pair).encode()
    headers = [(b"authorization", b"Bearer " + token), (b"authorization", b"Bearer " + token)]
    assert _send(pair, headers) == invalid_request(
        "Send one Authorization header, not 2",
        "Expected a single header Authorization: Bearer <token>",
    )


def test_two_schemes_in_one_header(pair: tuple[Any, FastJWT[object]]) -> None:
    token = _token(pair).encode()
    header = b"Bearer " + token + b", Bearer " + _token(pair, "mallory").encode()
    assert _send(pair, [(b"authorization", header)]) == invalid_request(
        "Authorization header must hold exactly one token",
        "Expected Authorization: Bearer <token>",
    )


@pytest.mark.parametrize(
    ("first", "second", "places"),
    [
        ("header", "query", "the Authorization header and the token query parameter"),
        ("header", "cookie", "the Authorization header and the access_token_cookie cookie"),
        ("cookie", "query", "the access_token_cookie cookie and the token query parameter"),
    ],
)
def test_different_tokens_in_two_locations(
    pair: tuple[Any, FastJWT[object]], first: str, second: str, places: str
) -> None:
    tokens = iter([_token(pair), _token(pair, "mallory")])
    headers: Headers = []
    query = b""
    for where in (first, second):
        token = next(tokens).encode()
        if where == "header":
            headers.append((b"authorization", b"Bearer " + token))
        elif where == "cookie":
            headers.append((b"cookie", b"access_token_cookie=" + token))
        else:
            query = b"token=" + token
    assert _send(pair, headers, query) == invalid_request(
        f"The request carries different tokens in {places}; send one"
    )


def test_the_same_token_in_two_locations_is_one_token(pair: tuple[Any, FastJWT[object]]) -> None:
    token = _token(pair).encode()
    assert _send(pair, [(b"authorization", b"Bearer " + token)], b"token=" + token) == _alice()


TWO_COOKIES = invalid_request("Send the access_token_cookie cookie once, not 2")


@pytest.mark.parametrize(
    "cookies",
    [
        [b"access_token_cookie={a}; access_token_cookie={b}"],
        [b"access_token_cookie={a}", b"access_token_cookie={b}"],
        [b"access_token_cookie={a};access_token_cookie  =  {b}"],
        [b"other=1; access_token_cookie={a}; x=2; \taccess_token_cookie={b}"],
        [b'access_token_cookie="{a}"; access_token_cookie={b}'],
    ],
    ids=["one-header", "two-headers", "spaced-name", "among-others", "quoted"],
)
def test_two_cookies_of_the_token_name(
    pair: tuple[Any, FastJWT[object]], cookies: list[bytes]
) -> None:
    a, b = _token(pair), _token(pair, "mallory")
    headers = [
        (b"cookie", value.replace(b"{a}", a.encode()).replace(b"{b}", b.encode()))
        for value in cookies
    ]
    assert _send(pair, headers) == TWO_COOKIES


def test_two_cookies_of_the_same_token_are_still_two(pair: tuple[Any, FastJWT[object]]) -> None:
    token = _token(pair).encode()
    header = b"access_token_cookie=" + token + b"; access_token_cookie=" + token
    assert _send(pair, [(b"cookie", header)]) == TWO_COOKIES


@pytest.mark.parametrize(
    "cookie",
    [
        b"xaccess_token_cookie={a}",
        b"access_token_cookie2={a}",
        b"other=access_token_cookie={a}",
        b"access_token_cookie",
    ],
    ids=["prefixed-name", "suffixed-name", "in-a-value", "no-value"],
)
def test_look_alike_cookie_names_carry_no_token(
    pair: tuple[Any, FastJWT[object]], cookie: bytes
) -> None:
    header = cookie.replace(b"{a}", _token(pair).encode())
    status, body, challenge = _send(pair, [(b"cookie", header)])
    assert (status, challenge) == (401, "Bearer")
    assert body["detail"].startswith("Missing JWT in request")


def test_a_quoted_cookie_is_one_token(pair: tuple[Any, FastJWT[object]]) -> None:
    header = b'access_token_cookie="' + _token(pair).encode() + b'"'
    assert _send(pair, [(b"cookie", header)]) == _alice()


@pytest.mark.parametrize(
    "query",
    [
        b"token={a}&token={b}",
        b"token={a}&%74oken={b}",
        b"token={a}&token={a}",
        b"token={a};token={b}",
    ],
    ids=["plain", "percent-encoded-name", "same-twice", "semicolon"],
)
def test_two_token_query_parameters(pair: tuple[Any, FastJWT[object]], query: bytes) -> None:
    a, b = _token(pair).encode(), _token(pair, "mallory").encode()
    expected: object = invalid_request("Send the token query parameter once, not 2")
    if b";" in query:
        # `;` does not separate parameters (WHATWG URL): one value, holding both tokens.
        expected = invalid_request("The token query parameter must hold exactly one token")
    assert _send(pair, [], query.replace(b"{a}", a).replace(b"{b}", b)) == expected


@pytest.mark.parametrize(
    "body",
    [
        b'{"access_token": "{a}", "access_token": "{b}"}',
        b'{"access_token": "{a}", "access\\u005ftoken": "{b}"}',
        b'{"access_token": "{a}", "access_token": "{a}"}',
    ],
    ids=["plain", "escaped-name", "same-twice"],
)
def test_two_token_fields_in_one_json_body(pair: tuple[Any, FastJWT[object]], body: bytes) -> None:
    a, b = _token(pair).encode(), _token(pair, "mallory").encode()
    content = body.replace(b"{a}", a).replace(b"{b}", b)
    assert _send(pair, [JSON], method="POST", body=content) == invalid_request(
        "The JSON body names the access_token field more than once"
    )


def test_a_token_field_nested_deeper_is_not_a_token(pair: tuple[Any, FastJWT[object]]) -> None:
    content = json.dumps({"data": {"access_token": _token(pair)}}).encode()
    status, body, _ = _send(pair, [JSON], method="POST", body=content)
    assert (status, body["detail"].startswith("Missing JWT in request")) == (401, True)


def test_repeated_other_fields_are_the_routes_business(pair: tuple[Any, FastJWT[object]]) -> None:
    content = b'{"access_token": "' + _token(pair).encode() + b'", "note": 1, "note": 2}'
    assert _send(pair, [JSON], method="POST", body=content) == _alice()


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "The request body is not valid JSON"),
        (b'{"access_token": ' + b"9" * 5000 + b"}", "The request body is not valid JSON"),
        (b'{"access_token": "a.b.c"', "The request body is not valid JSON"),
        (b'"a.b.c"', "The request body must be a JSON object to carry a token"),
        (b"null", "The request body must be a JSON object to carry a token"),
    ],
    ids=["nested-100000-deep", "5000-digit-number", "truncated", "string", "null"],
)
def test_json_bodies_that_cannot_carry_a_token(
    pair: tuple[Any, FastJWT[object]], body: bytes, detail: str
) -> None:
    assert _send(pair, [JSON], method="POST", body=body) == invalid_request(detail)


# CSRF (OWASP CSRF cheat sheet: double submit cookie): the value must come in the header.


@pytest.fixture
def browser(pair: tuple[Any, FastJWT[object]]) -> Iterator[TestClient]:
    with TestClient(pair[0]) as client:
        client.post("/login")
        yield client


MISSING_CSRF = (
    401,
    {"detail": "Missing CSRF double submit token in request"},
    'Bearer error="invalid_request", error_description="Send the CSRF cookie value in the CSRF'
    ' header"',
)
WRONG_CSRF = invalid_token(
    "The CSRF value does not match the token", "CSRF double submit does not match"
)


def test_csrf_missing(browser: TestClient) -> None:
    assert outcome(browser.post("/me")) == MISSING_CSRF


def test_csrf_wrong(browser: TestClient) -> None:
    assert outcome(browser.post("/me", headers={"X-CSRF-TOKEN": "guess"})) == WRONG_CSRF


def test_csrf_empty(browser: TestClient) -> None:
    assert outcome(browser.post("/me", headers={"X-CSRF-TOKEN": ""})) == MISSING_CSRF


@pytest.mark.parametrize(
    "value",
    ["\u00e9t\u00e9".encode("latin-1"), "\u00e9t\u00e9".encode(), b"\x00\x01"],
    ids=["latin-1", "utf-8", "control"],
)
def test_csrf_not_ascii(browser: TestClient, value: bytes) -> None:
    response = browser.post("/me", headers=[(b"X-CSRF-TOKEN", value)])
    assert outcome(response) == WRONG_CSRF


def test_csrf_of_another_login(browser: TestClient, pair: tuple[Any, FastJWT[object]]) -> None:
    with TestClient(pair[0]) as other:
        other.post("/login")
        stolen = other.cookies["csrf_access_token"]
    assert outcome(browser.post("/me", headers={"X-CSRF-TOKEN": stolen})) == WRONG_CSRF


def test_two_csrf_headers(browser: TestClient) -> None:
    csrf = browser.cookies["csrf_access_token"]
    response = browser.post("/me", headers=[("X-CSRF-TOKEN", csrf), ("X-CSRF-TOKEN", csrf)])
    assert outcome(response) == invalid_request("Send one X-CSRF-TOKEN header, not 2")


@pytest.mark.parametrize(
    "place", ["query", "json", "form", "cookie-only"], ids=["query", "json", "form", "cookie-only"]
)
def test_csrf_in_the_wrong_place(browser: TestClient, place: str) -> None:
    csrf = browser.cookies["csrf_access_token"]
    if place == "query":
        response = browser.post("/me", params={"csrf_token": csrf})
    elif place == "json":
        response = browser.post("/me", json={"csrf_token": csrf})
    elif place == "form":  # JWT_CSRF_CHECK_FORM is off
        response = browser.post("/me", data={"csrf_token": csrf})
    else:  # the CSRF cookie alone is what a cross-site form sends: it proves nothing
        response = browser.post("/me")
        assert "csrf_access_token" in browser.cookies
    assert outcome(response) == MISSING_CSRF


def test_csrf_header_passes(browser: TestClient) -> None:
    csrf = browser.cookies["csrf_access_token"]
    assert outcome(browser.post("/me", headers={"X-CSRF-TOKEN": csrf})) == _alice()


def test_header_tokens_need_no_csrf(pair: tuple[Any, FastJWT[object]]) -> None:
    token = _token(pair).encode()
    assert _send(pair, [(b"authorization", b"Bearer " + token)], method="POST") == _alice()


# Cross-site WebSocket hijacking (OWASP CSRF cheat sheet: verify the origin).

NOT_ALLOWED = "The handshake's Origin is not allowed to use the cookie token"


@pytest.mark.parametrize(
    ("origin", "reason"),
    [
        ([b"https://evil.example"], NOT_ALLOWED),
        ([b"null"], NOT_ALLOWED),
        ([b"http://testserver.evil.example"], NOT_ALLOWED),
        ([b"http://evil.example/testserver"], NOT_ALLOWED),
        ([b"http://user@testserver"], NOT_ALLOWED),
        ([b"testserver"], NOT_ALLOWED),
        ([b"ws://testserver"], NOT_ALLOWED),
        ([b"http://testserver:8080"], NOT_ALLOWED),
        ([b"http://testserver", b"https://evil.example"], "Send one Origin header, not 2"),
    ],
    ids=[
        "other-site",
        "null",
        "look-alike",
        "host-in-path",
        "userinfo",
        "no-scheme",
        "ws-scheme",
        "other-port",
        "two-origins",
    ],
)
def test_cross_site_websocket_with_the_cookie(
    browser: TestClient, origin: list[bytes], reason: str
) -> None:
    headers = ClientHeaders([(b"origin", value) for value in origin])
    with (
        pytest.raises(WebSocketDisconnect) as refused,
        browser.websocket_connect("/ws", headers=headers),
    ):
        pass  # pragma: no cover - the handshake is refused
    assert (refused.value.code, refused.value.reason) == (1008, reason)


@pytest.mark.parametrize("origin", ["http://testserver", "HTTP://TestServer"], ids=["same", "case"])
def test_same_origin_websocket_with_the_cookie(browser: TestClient, origin: str) -> None:
    with browser.websocket_connect("/ws", headers={"Origin": origin}) as socket:
        assert socket.receive_text() == "hello alice"


def test_websocket_with_a_header_token_from_any_origin(pair: tuple[Any, FastJWT[object]]) -> None:
    headers = {"Origin": "https://evil.example", "Authorization": f"Bearer {_token(pair)}"}
    with TestClient(pair[0]).websocket_connect("/ws", headers=headers) as socket:
        assert socket.receive_text() == "hello alice"
