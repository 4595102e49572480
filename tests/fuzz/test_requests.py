"""Fuzz each place a token can travel: the Authorization header, cookies, query, JSON body.

The models below restate the rules of `docs/how-to/locations/index.md` in the plainest code:
one value, in one place, spelt exactly as the token was issued (the scheme aside).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import parse_qsl, quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.conftest import ErrorLog, Target, target_for
from tests.support.asgi import Exchange, scope

TOKEN68 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/="


@pytest.fixture(scope="module")
def headers_only() -> Iterator[Target]:
    yield from target_for("headers")


@pytest.fixture(scope="module")
def cookies_only() -> Iterator[Target]:
    yield from target_for("cookies")


@pytest.fixture(scope="module")
def query_only() -> Iterator[Target]:
    yield from target_for("query")


@pytest.fixture(scope="module")
def json_only() -> Iterator[Target]:
    yield from target_for("json")


@pytest.fixture(scope="module")
def everywhere() -> Iterator[Target]:
    yield from target_for("headers", "cookies", "query", "json")


def _accepted(exchange: Exchange) -> bool:
    if exchange.status == 200:
        assert json.loads(exchange.body) == "alice"
        return True
    return False


@st.composite
def tokens(draw: st.DrawFn, valid: frozenset[str]) -> str:
    """A valid token, a near miss of one, or something else that looks like a token."""
    token = draw(st.sampled_from(sorted(valid)))
    kind = draw(st.integers(0, 5))
    if kind <= 1:
        return token
    if kind == 2:  # one character changed, dropped or added
        index = draw(st.integers(0, len(token) - 1))
        edit = draw(st.sampled_from(["change", "drop", "add"]))
        character = draw(st.sampled_from(TOKEN68 + ' \t,;"\\\x00é'))
        if edit == "drop":
            return token[:index] + token[index + 1 :]
        skip = 1 if edit == "change" else 0
        return token[:index] + character + token[index + skip :]
    if kind == 3:
        return draw(st.text(alphabet=TOKEN68, max_size=80))
    if kind == 4:
        return token.upper() if draw(st.booleans()) else token + "=" * draw(st.integers(1, 2))
    return draw(st.text(max_size=40))


def _latin1(text: str) -> bytes:
    """The bytes of a header value: latin-1 when the text fits it, UTF-8 otherwise."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode()


# The Authorization header.


def header_model(values: list[bytes], valid: frozenset[str]) -> bool:
    if len(values) != 1:
        return False
    scheme, _, rest = values[0].decode("latin-1").partition(" ")
    return scheme.casefold() == "bearer" and rest.lstrip(" ") in valid


@given(data=st.data())
def test_authorization_header(
    headers_only: Target, error_log: ErrorLog, data: st.DataObject
) -> None:
    target = headers_only
    scheme = data.draw(
        st.sampled_from(["Bearer", "bearer", "BEARER", "Basic", "", "Bearer,", "Bearer\t"])
    )
    value = data.draw(
        st.one_of(
            st.builds(
                lambda s, spaces, token: _latin1(f"{s}{spaces}{token}"),
                st.just(scheme),
                st.text(alphabet=" \t", max_size=3),
                tokens(target.valid),
            ),
            st.binary(max_size=120),
        )
    )
    values = [value] * data.draw(st.integers(1, 2))
    if len(values) == 2 and data.draw(st.booleans()):
        values[1] = _latin1("Bearer " + data.draw(tokens(target.valid)))
    exchange = target.send(scope("GET", "/p", [(b"authorization", v) for v in values]))
    assert _accepted(exchange) is header_model(values, target.valid)
    assert error_log.records == []


# Cookies.

COOKIE_NAMES = [
    "access_token_cookie",
    " access_token_cookie",
    "access_token_cookie\t",
    "xaccess_token_cookie",
    "access_token_cookie2",
    "Access_Token_Cookie",
    "csrf_access_token",
    "",
]


def cookie_model(headers: list[str], valid: frozenset[str]) -> bool:
    values: list[str] = []
    for header in headers:
        for chunk in header.split(";"):
            key, separator, value = chunk.partition("=")
            if not separator:
                key, value = "", chunk
            if key.strip() == "access_token_cookie":
                values.append(value.strip())
    if len(values) != 1:
        return False
    value = values[0]
    if len(value) > 1 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return value in valid


def _cookie_pair(name: str, spaces: str, value: str, quoted: bool) -> str:
    shown = f'"{value}"' if quoted else value
    return f"{name}{spaces}={spaces}{shown}"


@given(data=st.data())
def test_cookies(cookies_only: Target, error_log: ErrorLog, data: st.DataObject) -> None:
    target = cookies_only
    pair = st.builds(
        _cookie_pair,
        st.sampled_from(COOKIE_NAMES),
        st.sampled_from(["", " ", "\t"]),
        tokens(target.valid),
        st.booleans(),
    )
    separator = st.sampled_from(["; ", ";", " ; ", ";\t", ";;"])
    header = st.one_of(
        st.builds(
            lambda pairs, sep: sep.join(pairs), st.lists(pair, min_size=1, max_size=4), separator
        ),
        st.text(max_size=60),
    )
    headers = data.draw(st.lists(header, min_size=1, max_size=2))
    raw = [_latin1(text) for text in headers]
    exchange = target.send(scope("GET", "/p", [(b"cookie", value) for value in raw]))
    decoded = [value.decode("latin-1") for value in raw]
    assert _accepted(exchange) is cookie_model(decoded, target.valid)
    assert error_log.records == []


# The query string.

QUERY_NAMES = ["token", "%74oken", "tok%65n", "Token", "token[]", "tokens", "", "token "]


def query_model(query: bytes, valid: frozenset[str]) -> bool:
    values = [
        v for k, v in parse_qsl(query.decode("latin-1"), keep_blank_values=True) if k == "token"
    ]
    return len(values) == 1 and values[0] in valid


@given(data=st.data())
def test_query_string(query_only: Target, error_log: ErrorLog, data: st.DataObject) -> None:
    target = query_only
    pair = st.builds(
        lambda name, value, encode: f"{name}={quote(value, safe='') if encode else value}",
        st.sampled_from(QUERY_NAMES),
        tokens(target.valid),
        st.booleans(),
    )
    query = data.draw(
        st.one_of(
            st.builds("&".join, st.lists(pair, max_size=4)),
            st.builds(";".join, st.lists(pair, min_size=2, max_size=3)),
            st.text(max_size=60),
        )
    )
    raw = _latin1(query)
    exchange = target.send(scope("GET", "/p", query=raw))
    assert _accepted(exchange) is query_model(raw, target.valid)
    assert error_log.records == []


# The JSON body.

JSON_KEYS = ['"access_token"', '"access\\u005ftoken"', '"refresh_token"', '"Access_token"', '"x"']
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


class Members(list[tuple[str, object]]):
    """A JSON object as the list of its members, repeated names kept."""


def json_model(body: bytes, valid: frozenset[str]) -> bool:
    try:
        document = json.loads(body, object_pairs_hook=Members)
    except (ValueError, RecursionError):
        return False
    if not isinstance(document, Members):
        return False
    values = [value for key, value in document if key == "access_token"]
    return len(values) == 1 and isinstance(values[0], str) and values[0] in valid


@given(data=st.data())
def test_json_body(json_only: Target, error_log: ErrorLog, data: st.DataObject) -> None:
    target = json_only
    member = st.builds(
        lambda key, value: f"{key}: {json.dumps(value)}",
        st.sampled_from(JSON_KEYS),
        st.one_of(tokens(target.valid), json_values),
    )
    body = data.draw(
        st.one_of(
            st.builds(
                lambda members: "{" + ", ".join(members) + "}", st.lists(member, max_size=4)
            ).map(str.encode),
            json_values.map(lambda value: json.dumps(value).encode()),
            st.binary(max_size=60),
            st.integers(1, 3000).map(lambda depth: b"[" * depth + b"]" * depth),
        )
    )
    chunks = data.draw(st.sampled_from([[body], [body[:5], body[5:]]]))
    exchange = target.send(scope("POST", "/p", [(b"content-type", b"application/json")]), chunks)
    assert _accepted(exchange) is json_model(body, target.valid)
    assert error_log.records == []


# Several locations at once: one token, or refused.


@given(data=st.data())
def test_every_location_at_once(
    everywhere: Target, error_log: ErrorLog, data: st.DataObject
) -> None:
    target = everywhere
    carried = st.one_of(st.none(), st.sampled_from(sorted(target.valid)), st.just("a.b.c"))
    header, cookie, query, body = (data.draw(carried) for _ in range(4))
    headers: list[tuple[bytes, bytes]] = [(b"content-type", b"application/json")]
    if header is not None:
        headers.append((b"authorization", f"Bearer {header}".encode()))
    if cookie is not None:
        headers.append((b"cookie", f"access_token_cookie={cookie}".encode()))
    raw_query = b"" if query is None else f"token={query}".encode()
    chunks = [] if body is None else [json.dumps({"access_token": body}).encode()]
    exchange = target.send(scope("GET", "/p", headers, raw_query), chunks)
    found = [token for token in (header, cookie, query) if token is not None]
    expected = (
        all(token == found[0] for token in found) and found[0] in target.valid
        if found
        else body in target.valid
    )
    assert _accepted(exchange) is expected
    assert error_log.records == []
