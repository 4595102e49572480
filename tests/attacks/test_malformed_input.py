"""Malformed input: RFC 7515 section 5.2, RFC 8725 section 3.1, OWASP; CVE-2024-33664; sizes.

A token has one spelling: three segments of canonical base64url, a header and claims that
are JSON objects. Anything else is refused before a signature is checked, and sizes are
checked before anything is decoded: a 1 MB header or token costs a length comparison, a JWE
(five segments) is refused without a byte of it being decompressed.
"""

from __future__ import annotations

import asyncio
import json
import zlib
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.support import SECRET
from tests.support.asgi import call, scope
from tests.support.attacks import BAD_HEADER, Target, invalid_request, invalid_token, outcome
from tests.support.forge import b64, claims, hs_token, segment
from tests.support.locations_app import make_app

MALFORMED = invalid_token("The token is malformed")
NOT_CANONICAL = invalid_token("The token is not canonically encoded")
MEGABYTE = 1024 * 1024


# Segments, and CVE-2024-33664: a JWE is five segments, refused before anything is read.


@pytest.mark.parametrize(
    "token", ["a", "a.b", ".", "..", "a.b.c.d", "....", "a.b.c.d.e"], ids=str.__repr__
)
def test_not_three_segments(target: Target, token: str) -> None:
    assert target.send(token) == MALFORMED


def test_jwe_decompression_bomb_is_never_inflated(
    target: Target, monkeypatch: pytest.MonkeyPatch
) -> None:
    def inflate(*_: Any) -> bytes:
        raise AssertionError("a JWE was decompressed")

    monkeypatch.setattr(zlib, "decompress", inflate)
    monkeypatch.setattr(zlib, "decompressobj", inflate)
    # 4 MB of zeros deflated to a few kilobytes: python-jose inflated it whole.
    bomb = zlib.compress(b"\0" * (4 * MEGABYTE), 9)
    header = segment({"alg": "dir", "enc": "A128GCM", "zip": "DEF"})
    token = f"{header}..{b64(b'iv' * 6)}.{b64(bomb)}.{b64(b'tag' * 5)}"
    assert len(token) < 8192
    assert target.send(token) == MALFORMED


def test_huge_jwe_is_refused_by_its_length(target: Target) -> None:
    token = ".".join(
        [segment({"alg": "dir", "enc": "A128GCM", "zip": "DEF"}), *["A" * MEGABYTE] * 4]
    )
    assert target.send(token) == BAD_HEADER


# base64url: one alphabet, no padding, no stray bits, no impossible lengths.


def _respelled(token: str, part: int, change: Any) -> str:
    segments = token.split(".")
    segments[part] = change(segments[part])
    return ".".join(segments)


def _impossible_length(segment: str) -> str:
    return segment + "A" * ((1 - len(segment)) % 4 or 4)


@pytest.mark.parametrize("part", [0, 1, 2], ids=["header", "payload", "signature"])
@pytest.mark.parametrize(
    "change",
    [lambda s: s[:4] + "+/" + s[4:], _impossible_length],
    ids=["standard-alphabet", "impossible-length"],
)
def test_non_canonical_base64url(target: Target, part: int, change: Any) -> None:
    token = _respelled(hs_token(claims(), SECRET), part, change)
    assert target.send(token) == NOT_CANONICAL


def test_padded_signature(target: Target) -> None:
    assert target.send(hs_token(claims(), SECRET) + "=") == NOT_CANONICAL


@pytest.mark.parametrize("part", [0, 1], ids=["header", "payload"])
def test_padding_inside_the_token(target: Target, part: int) -> None:
    # Padding can only end a token68 value: the header itself is refused.
    assert (
        target.send(_respelled(hs_token(claims(), SECRET), part, lambda s: s + "==")) == BAD_HEADER
    )


def test_non_zero_unused_bits(target: Target) -> None:
    # "e30" is "{}": the last character carries two unused bits, here not zero ("e31").
    assert target.send("e31.e30.AAAA") == NOT_CANONICAL


@pytest.mark.parametrize("part", [0, 1, 2])
def test_characters_outside_base64url_inside_a_segment(target: Target, part: int) -> None:
    token = _respelled(hs_token(claims(), SECRET), part, lambda s: s[:4] + "~" + s[4:])
    assert target.send(token) == NOT_CANONICAL


# JSON: objects only, UTF-8 only, nothing deeper or longer than the parser takes.


@pytest.mark.parametrize(
    "header",
    [b"not json", b"[]", b'"HS256"', b"null", b"\xff\xfe{}", b'{"alg": "HS256"', b"{'alg': 1}"],
    ids=["text", "array", "string", "null", "not-utf8", "truncated", "single-quotes"],
)
def test_header_that_is_not_a_json_object(target: Target, header: bytes) -> None:
    assert target.send(hs_token(claims(), SECRET, header)) == MALFORMED


@pytest.mark.parametrize(
    "payload",
    [b"not json", b"[]", b'"alice"', b"\xff", b'{"sub": "alice"'],
    ids=["text", "array", "string", "not-utf8", "truncated"],
)
def test_validly_signed_payload_that_is_not_a_json_object(target: Target, payload: bytes) -> None:
    assert target.send(hs_token(payload, SECRET)) == MALFORMED


def test_deeply_nested_header(target: Target) -> None:
    header = b'{"alg": "HS256", "x": ' + b"[" * 2500 + b"]" * 2500 + b"}"
    assert target.send(hs_token(claims(), SECRET, header)) == MALFORMED


def test_deeply_nested_payload(target: Target) -> None:
    payload = json.dumps(claims())[:-1].encode() + b', "x": ' + b"[" * 2500 + b"]" * 2500 + b"}"
    assert target.send(hs_token(payload, SECRET)) == MALFORMED


def test_5000_digit_number_in_the_header(target: Target) -> None:
    header = b'{"alg": "HS256", "n": ' + b"9" * 5000 + b"}"
    assert target.send(hs_token(claims(), SECRET, header)) == MALFORMED


def test_5000_digit_expiry(target: Target) -> None:
    payload = json.dumps(claims())[:-1].encode() + b', "exp": ' + b"9" * 5000 + b"}"
    assert target.send(hs_token(payload, SECRET)) == MALFORMED


# Sizes: a token is at most 8192 characters anywhere; bodies at most 1 MiB, counted as read.


@pytest.fixture
def everywhere() -> TestClient:
    app, _ = make_app()
    return TestClient(app)


def test_one_megabyte_authorization_header(target: Target) -> None:
    assert target.send("a" * MEGABYTE) == BAD_HEADER


def test_one_megabyte_of_spaces_before_a_valid_token(target: Target) -> None:
    token = target.security.create_access_token(uid="alice")
    assert target.send(" " * MEGABYTE + token) == BAD_HEADER


@pytest.mark.parametrize(
    ("headers", "query", "expected"),
    [
        (
            [],
            b"token=" + b"a" * MEGABYTE,
            (
                414,
                {"detail": "The query string is too long to look for a token in it"},
                'Bearer error="invalid_request", error_description="Query strings of more than'
                ' 16384 bytes are not searched"',
            ),
        ),
        (
            [(b"cookie", b"access_token_cookie=" + b"a" * MEGABYTE)],
            b"",
            (
                431,
                {"detail": "The Cookie header is too long to look for a token in it"},
                'Bearer error="invalid_request", error_description="Cookie headers of more than'
                ' 16384 bytes are not searched"',
            ),
        ),
    ],
    ids=["query", "cookie"],
)
def test_one_megabyte_token_in_other_locations(
    headers: list[tuple[bytes, bytes]], query: bytes, expected: object
) -> None:
    app, _ = make_app()
    exchange = asyncio.run(call(app, scope("GET", "/me", headers, query)))
    assert _answer(exchange) == expected


def test_cookie_headers_count_together() -> None:
    app, _ = make_app()
    headers = [(b"cookie", b"a=" + b"b" * 9000), (b"cookie", b"c=" + b"d" * 9000)]
    assert asyncio.run(call(app, scope("GET", "/me", headers))).status == 431


@pytest.mark.parametrize(
    ("headers", "query", "place"),
    [
        ([], b"token=" + b"a" * 8193, "The token query parameter"),
        (
            [(b"cookie", b"access_token_cookie=" + b"a" * 8193)],
            b"",
            "The access_token_cookie cookie",
        ),
    ],
    ids=["query", "cookie"],
)
def test_token_of_8193_characters_in_other_locations(
    headers: list[tuple[bytes, bytes]], query: bytes, place: str
) -> None:
    app, _ = make_app()
    exchange = asyncio.run(call(app, scope("GET", "/me", headers, query)))
    assert _answer(exchange) == invalid_request(
        f"{place} is too long to be a token", "Tokens are at most 8192 characters"
    )


def test_token_of_8193_characters_in_the_json_body(everywhere: TestClient) -> None:
    response = everywhere.post("/me", json={"access_token": "a" * 8193})
    assert outcome(response) == invalid_request(
        "The access_token field of the JSON body is too long to be a token",
        "Tokens are at most 8192 characters",
    )


TOO_LARGE = (
    413,
    {"detail": "The request body is too large to look for a token in it"},
    'Bearer error="invalid_request", error_description="Bodies of more than 1048576 bytes are'
    ' not searched"',
)
JSON = [(b"content-type", b"application/json")]


def _exchange(chunks: list[bytes], headers: list[tuple[bytes, bytes]]) -> Any:
    app, _ = make_app()
    request = scope("POST", "/me", [*JSON, *headers])
    return asyncio.run(call(app, request, chunks))


def _answer(exchange: Any) -> object:
    return exchange.status, json.loads(exchange.body), exchange.header("www-authenticate")


def test_declared_length_over_the_limit_is_refused_before_reading() -> None:
    exchange = _exchange([b"{}"], [(b"content-length", b"1048577")])
    assert (_answer(exchange), exchange.chunks_read) == (TOO_LARGE, 0)


def test_200_megabyte_chunked_body_is_refused_after_one_mebibyte() -> None:
    chunk = b" " * (64 * 1024)
    chunks = [b'{"pad": "', *[chunk] * 3200, b'"}']  # 200 MiB, none of it declared
    exchange = _exchange(chunks, [])
    assert _answer(exchange) == TOO_LARGE
    assert exchange.chunks_read == 17  # 1 MiB and one chunk, of 3,202


@pytest.mark.parametrize(
    "declared",
    ["9" * 5000, "\u00b2", "-1", "1e9", ""],
    ids=["5000-digits", "superscript", "negative", "float", "empty"],
)
def test_odd_content_length_never_breaks_the_request(declared: str) -> None:
    exchange = _exchange([b"{}"], [(b"content-length", declared.encode("latin-1"))])
    assert exchange.escaped is None
    expected = TOO_LARGE if declared.isascii() and declared.isdigit() else _missing()
    assert _answer(exchange) == expected


def _missing() -> object:
    detail = (
        "Missing JWT in request: looked in the Authorization header, the access_token_cookie"
        " cookie, the token query parameter, the access_token field of the JSON body"
    )
    return 401, {"detail": detail}, "Bearer"


# Control characters and look-alikes never pass for a token.


@pytest.mark.parametrize(
    "value",
    [
        b"Bearer a.b.c\x00",
        b"Bearer a.b\nc",
        b"Bearer\x0ba.b.c",
        b"Bearer a.b.c\x7f",
        b"Bearer \xef\xbd\x85.b.c",
    ],
    ids=["nul", "newline", "vertical-tab", "delete", "fullwidth-utf8"],
)
def test_control_characters_in_the_header(value: bytes) -> None:
    target = Target(JWT_SECRET_KEY=SECRET)
    exchange = asyncio.run(call(target.app, scope("GET", "/p", [(b"authorization", value)])))
    expected = (
        invalid_request(
            "Authorization header must use the Bearer scheme",
            "Expected Authorization: Bearer <token>",
        )
        if value.startswith(b"Bearer\x0b")
        else BAD_HEADER
    )
    assert _answer(exchange) == expected


@pytest.mark.parametrize("value", ["a.b\x00c", "a.b\nc", "a.b c"], ids=["nul", "newline", "space"])
def test_control_characters_in_the_query(everywhere: TestClient, value: str) -> None:
    response = everywhere.get("/me", params={"token": value})
    assert outcome(response) == invalid_request(
        "The token query parameter must hold exactly one token"
    )


def test_nul_in_the_json_field(everywhere: TestClient) -> None:
    response = everywhere.post("/me", json={"access_token": "a.b\u0000c"})
    assert outcome(response) == invalid_request(
        "The access_token field of the JSON body must hold exactly one token"
    )
