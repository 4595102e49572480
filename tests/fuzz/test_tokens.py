"""Fuzz the token itself: random JOSE headers and claims, signed with the right key.

Each header parameter and claim is drawn from values the model knows to be acceptable or
not, plus random extra parameters and claims that FastJWT must ignore. The token is signed
with the app's own secret, so every refusal here is the claims and header rules', never the
signature's. `typ` and a missing `exp` are left out: their rules are another issue's.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.conftest import ErrorLog, Target, target_for
from tests.support import SECRET
from tests.support.asgi import scope
from tests.support.forge import hs_token

ABSENT = object()
NOW = time.time()

# For each header parameter and claim: values that pass, and values that must be refused.
HEADER: dict[str, tuple[list[Any], list[Any]]] = {
    "alg": (
        ["HS256"],
        ["none", "None", "", "HS384", "hs256", "RS256", None, 256, ["HS256"], ABSENT],
    ),
    "kid": ([ABSENT, None, "k1", "../../dev/null", ""], [1, ["k1"], {"k": 1}, True]),
    "crit": ([ABSENT], [["exp"], [], "b64"]),
    "b64": ([ABSENT], [False, True]),
}
CLAIMS: dict[str, tuple[list[Any], list[Any]]] = {
    "sub": (["alice"], [ABSENT, None, "", 1, ["alice"], {"id": "alice"}]),
    "iat": ([NOW - 10, int(NOW) - 10], [ABSENT, None, "1", True, NOW + 3600, [NOW]]),
    "nbf": ([ABSENT, NOW - 10, int(NOW) - 10], [None, NOW + 3600, "0", False]),
    "exp": ([NOW + 600, int(NOW) + 600], [NOW - 10, None, "9999999999", True, [NOW + 600]]),
    "jti": (["j", "0b9e4f"], [ABSENT, None, 1, ["j"]]),
    "type": (["access"], [ABSENT, None, "refresh", "Access", "", 1]),
    "fresh": ([ABSENT, True, False], ["yes", 1, None]),
    "scopes": ([ABSENT, [], ["read", "write"]], ["read", [1], {"read": True}]),
    "csrf": ([ABSENT, "c"], [1, ["c"]]),
    "iss": ([ABSENT, "https://anyone.example"], [1, ["x"]]),
    "aud": ([ABSENT], ["https://api.example", ["https://api.example"], None]),
    "fam": ([ABSENT, "family"], [1]),
}
OWN_NAMES = {*HEADER, *CLAIMS, "typ"}
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)
extras = st.dictionaries(
    st.text(min_size=1, max_size=6).filter(lambda name: name not in OWN_NAMES),
    json_values,
    max_size=3,
)


@pytest.fixture(scope="module")
def headers_only() -> Iterator[Target]:
    yield from target_for("headers")


@st.composite
def fields(
    draw: st.DrawFn, table: dict[str, tuple[list[Any], list[Any]]]
) -> tuple[dict[str, Any], bool]:
    """A mapping drawn from `table` (mostly acceptable values), and whether all are."""
    chosen: dict[str, Any] = {}
    acceptable = True
    for name, (good, bad) in table.items():
        refuse = draw(st.integers(0, 7)) == 0  # one in eight values is one to refuse
        value = draw(st.sampled_from(bad if refuse else good))
        acceptable = acceptable and not refuse
        if value is not ABSENT:
            chosen[name] = value
    return chosen, acceptable


@given(header=fields(HEADER), claims=fields(CLAIMS), extra_header=extras, extra_claims=extras)
def test_tokens_from_random_headers_and_claims(
    headers_only: Target,
    error_log: ErrorLog,
    header: tuple[dict[str, Any], bool],
    claims: tuple[dict[str, Any], bool],
    extra_header: dict[str, Any],
    extra_claims: dict[str, Any],
) -> None:
    (jose, header_ok), (payload, claims_ok) = header, claims
    token = hs_token({**extra_claims, **payload}, SECRET, {**extra_header, "typ": "JWT", **jose})
    request = scope("GET", "/p", [(b"authorization", f"Bearer {token}".encode())])
    exchange = headers_only.send(request)
    accepted = exchange.status == 200
    assert accepted is (header_ok and claims_ok), json.loads(exchange.body)
    if accepted:
        assert json.loads(exchange.body) == "alice"
    else:
        assert exchange.status == 401
        challenge = exchange.header("www-authenticate") or ""
        assert challenge.startswith('Bearer error="invalid_token"'), challenge
    assert error_log.records == []
