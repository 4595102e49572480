"""Every public way to verify a token accepts and refuses the same tokens, for the same reason.

Tokens are built from generated headers and claims and signed with the right
key (or a wrong one), so most of them reach past the signature. For each, the
dependency, `verify_token`, `verify_token_async`, `RequestToken.verify`, the
subject dependency, and the same FastJWT without its cache of verified tokens
must agree: the same payload, or the same error and description. The claims
path (`verify_token_claims`) and the command line agree with each other.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import io
import json
import time
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from starlette.requests import Request

from fastjwt import FastJWT, FJWTConfig, RequestToken
from fastjwt.cli import main as cli
from fastjwt.exceptions import FastJWTException
from tests.support import SECRET

NOW = time.time()
WRONG = "another-secret-of-thirty-two-bytes-at-least"

Outcome = tuple[str, Any]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _sign(header: dict[str, Any], claims: dict[str, Any], secret: str) -> str:
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    digest = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(digest)}"


times = st.one_of(
    st.floats(min_value=NOW - 3600, max_value=NOW + 3600, allow_nan=False),
    st.integers(min_value=int(NOW) - 3600, max_value=int(NOW) + 3600),
    st.sampled_from(["soon", None, True, [1]]),
)
DROP = object()
# Each claim keeps its valid value most of the time, else takes another or goes away.
mutations: dict[str, st.SearchStrategy[Any]] = {
    "sub": st.one_of(st.sampled_from(["bob", "", DROP]), st.integers(0, 3)),
    "iat": st.one_of(times, st.just(DROP)),
    "nbf": st.one_of(times, st.just(DROP)),
    "exp": st.one_of(times, st.just(DROP)),
    "jti": st.one_of(st.just(DROP), st.integers(0, 3)),
    "type": st.sampled_from(["refresh", "session", None, 1, DROP]),
    "fresh": st.sampled_from([True, "yes", 1, DROP]),
    "scopes": st.one_of(st.lists(st.sampled_from(["read", "write"]), max_size=2), st.just("read")),
    "aud": st.sampled_from(["api", ["api"], 5]),
    "role": st.sampled_from(["admin", ["a", "b"], {"nested": [1]}]),
}


@st.composite
def claims_strategy(draw: st.DrawFn) -> dict[str, Any]:
    claims: dict[str, Any] = {
        "sub": "alice",
        "iat": int(NOW) - 10,
        "nbf": int(NOW) - 10,
        "exp": int(NOW) + 600,
        "jti": draw(st.sampled_from(["j1", "j2", "j3"])),
        "type": "access",
        "fresh": False,
    }
    for name in draw(st.lists(st.sampled_from(sorted(mutations)), max_size=3, unique=True)):
        value = draw(mutations[name])
        if value is DROP:
            claims.pop(name, None)
        else:
            claims[name] = value
    return claims


@st.composite
def header_strategy(draw: st.DrawFn) -> dict[str, Any]:
    header: dict[str, Any] = {"alg": "HS256", "typ": "JWT"}
    if draw(st.integers(0, 3)) == 0:
        header["alg"] = draw(st.sampled_from(["HS512", "none", "RS256", 7]))
    if draw(st.integers(0, 5)) == 0:
        header.update(
            draw(st.sampled_from([{"kid": "k1"}, {"kid": 3}, {"crit": ["exp"]}, {"typ": "at+jwt"}]))
        )
    return header


def _outcome(call: Any) -> Outcome:
    try:
        payload = call()
    except FastJWTException as error:
        return (type(error).__name__, getattr(error, "description", str(error)))
    return ("accepted", payload.model_dump() if hasattr(payload, "model_dump") else payload)


async def _outcome_async(call: Any) -> Outcome:
    try:
        payload = await call()
    except FastJWTException as error:
        return (type(error).__name__, getattr(error, "description", str(error)))
    return ("accepted", payload.model_dump() if hasattr(payload, "model_dump") else payload)


def _request(token: str) -> Request:
    headers = [(b"authorization", f"Bearer {token}".encode())]
    return Request({"type": "http", "method": "GET", "path": "/", "headers": headers})


def _paths(security: FastJWT[Any], token: str) -> dict[str, Outcome]:
    found = RequestToken(token=token, location="headers")

    async def run() -> dict[str, Outcome]:
        return {
            "dependency": await _outcome_async(
                lambda: security.access_token_required(_request(token))
            ),
            "verify_token_async": await _outcome_async(lambda: security.verify_token_async(found)),
            "subject": await _outcome_async(lambda: security.get_current_subject(_request(token))),
        }

    outcomes = asyncio.run(run())
    outcomes["verify_token"] = _outcome(lambda: security.verify_token(found))
    outcomes["RequestToken.verify"] = _outcome(lambda: found.verify(SECRET))
    return outcomes


SECURITIES: dict[str, FastJWT[Any]] = {}


def _security(cache: bool) -> FastJWT[Any]:
    name = "cached" if cache else "uncached"
    if name not in SECURITIES:
        config = FJWTConfig(
            JWT_SECRET_KEY=SECRET, JWT_VERIFIED_TOKEN_CACHE_SIZE=1024 if cache else 0
        )
        security: FastJWT[Any] = FastJWT(config)
        SECURITIES[name] = security
    return SECURITIES[name]


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(header=header_strategy(), claims=claims_strategy(), right_key=st.integers(0, 4))
def test_every_verify_path_agrees(
    header: dict[str, Any], claims: dict[str, Any], right_key: int
) -> None:
    token = _sign(header, claims, SECRET if right_key else WRONG)  # wrong one time in five
    results: list[dict[str, Outcome]] = []
    for cache in (True, False):
        security = _security(cache)
        security.set_subject_getter(lambda uid: uid)
        outcomes = _paths(security, token)
        subject = outcomes.pop("subject")
        reference = outcomes["verify_token"]
        if reference[0] == "accepted":
            assert subject == ("accepted", reference[1]["sub"])
        else:
            assert subject == reference
        results.append(outcomes)
        assert len(set(map(repr, outcomes.values()))) == 1, outcomes
        event(reference[0] if reference[0] == "accepted" else f"refused: {reference[1]}")
    assert results[0] == results[1]


@settings(max_examples=100, deadline=None)
@given(header=header_strategy(), claims=claims_strategy(), right_key=st.integers(0, 4))
def test_the_claims_path_and_the_command_line_agree(
    header: dict[str, Any], claims: dict[str, Any], right_key: int, tmp_path_factory: Any
) -> None:
    token = _sign(header, claims, SECRET if right_key else WRONG)  # wrong one time in five
    security = _security(cache=True)
    claims_outcome = _outcome(lambda: security.verify_token_claims(token))
    key = tmp_path_factory.mktemp("key") / "secret"
    key.write_text(SECRET)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = cli(["verify", "--key", str(key), token])
    if claims_outcome[0] == "accepted":
        assert code == 0
        assert json.loads(out.getvalue().split("claims:\n", 1)[1]) == claims_outcome[1]
    else:
        assert code == 1
        assert out.getvalue() == f"INVALID: {claims_outcome[1]}\n"
