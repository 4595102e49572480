"""Claims: RFC 8725 sections 3.8 to 3.10, RFC 7519 section 4.1, FastJWT's `type`; CVE-2024-53861.

Every token here is signed with the right key: what is attacked is the claims check alone.
Time claims must be JSON numbers, `iss` must equal the configured issuer exactly (PyJWT
2.10.0 took any substring of it, CVE-2024-53861), `aud` must name an accepted audience
exactly, and the `type` claim must be the route's.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from fastjwt.tokens.codec import shown
from tests.support import SECRET
from tests.support.attacks import ACCEPTED, Target, invalid_token
from tests.support.forge import claims, hs_token

MALFORMED = invalid_token("The token is malformed")
INVALID = invalid_token("The token is invalid")


def missing(claim: str) -> object:
    """The refusal of a token without `claim`, which it names."""
    return invalid_token(f"The token lacks the {claim} claim")


def not_accepted(claim: str, value: object) -> object:
    """The refusal of an issuer or audience, which it shows (short, printable)."""
    return invalid_token(f"The token {claim} {shown(value)} is not accepted")


WRONG_TYPES: list[Any] = ["1700000000", True, False, [1], {"t": 1}]
WRONG_TYPE_IDS = ["string", "true", "false", "list", "object"]


def _send(target: Target, token_claims: dict[str, Any], path: str = "/p") -> object:
    method = "GET" if path == "/p" else "POST"
    return target.send(hs_token(token_claims, SECRET), path, method)


# RFC 7519 section 4.1.4 to 4.1.6: time claims are NumericDate values, nothing else.


@pytest.mark.parametrize("value", WRONG_TYPES, ids=WRONG_TYPE_IDS)
@pytest.mark.parametrize("name", ["exp", "nbf"])
def test_exp_and_nbf_of_the_wrong_type(target: Target, name: str, value: object) -> None:
    assert _send(target, claims(**{name: value})) == MALFORMED


@pytest.mark.parametrize("value", WRONG_TYPES, ids=WRONG_TYPE_IDS)
def test_iat_of_the_wrong_type(target: Target, value: object) -> None:
    assert _send(target, claims(iat=value)) == INVALID


@pytest.mark.parametrize("name", ["exp", "nbf"])
def test_null_exp_and_nbf(target: Target, name: str) -> None:
    token = hs_token(
        {**claims(), name: None},
        SECRET,
    )
    # `exp` is required: null is the same as absent. An `nbf` that is there must be a number.
    assert target.send(token) == (missing("exp") if name == "exp" else MALFORMED)


def test_null_iat(target: Target) -> None:
    assert target.send(hs_token({**claims(), "iat": None}, SECRET)) == missing("iat")


@pytest.mark.parametrize("literal", [b"NaN", b"Infinity", b"-Infinity"])
@pytest.mark.parametrize("name", ["exp", "nbf", "iat"])
def test_time_claims_that_are_not_json_numbers(target: Target, name: str, literal: bytes) -> None:
    now = int(time.time())
    body = (
        b'{"sub":"alice","jti":"j","type":"access",'
        + b",".join(
            f'"{claim}":'.encode() + (literal if claim == name else str(now).encode())
            for claim in ("iat", "nbf")
        )
        + (b',"exp":' + (literal if name == "exp" else str(now + 600).encode()))
        + b"}"
    )
    assert target.send(hs_token(body, SECRET)) == MALFORMED


def test_expired(target: Target) -> None:
    token_claims = claims(exp=time.time() - 1)
    assert _send(target, token_claims) == invalid_token("The token has expired")


@pytest.mark.parametrize("name", ["nbf", "iat"])
def test_not_valid_yet(target: Target, name: str) -> None:
    token_claims = claims(**{name: time.time() + 60})
    assert _send(target, token_claims) == invalid_token("The token is not valid yet")


# RFC 8725 section 3.8 and CVE-2024-53861: the issuer is compared exactly.


@pytest.mark.parametrize(
    "issuer",
    ["acb", "ab", "bc", "b", "", "abcd", "xabc", "ABC", "abc ", ["abc"], {"abc": 1}, 1],
    ids=[
        "permuted",
        "prefix",
        "suffix",
        "substring",
        "empty",
        "longer",
        "contains",
        "case",
        "trailing-space",
        "list",
        "object",
        "number",
    ],
)
def test_partial_or_mistyped_issuer(issuer: object) -> None:
    target = Target(JWT_SECRET_KEY=SECRET, JWT_DECODE_ISSUER="abc")
    assert _send(target, claims(iss=issuer)) == not_accepted("issuer", issuer)


def test_missing_issuer() -> None:
    target = Target(JWT_SECRET_KEY=SECRET, JWT_DECODE_ISSUER="abc")
    assert _send(target, claims()) == missing("iss")


def test_exact_issuer_is_accepted() -> None:
    target = Target(JWT_SECRET_KEY=SECRET, JWT_DECODE_ISSUER="abc")
    assert _send(target, claims(iss="abc")) == ACCEPTED


# RFC 8725 section 3.9: the audience is compared exactly, and a token for someone is not for all.

API = "https://api.example.com"


@pytest.mark.parametrize(
    "audience",
    [
        f"{API}.evil.example",
        "https://api.example",
        "api.example.com",
        API.upper(),
        f"{API}/",
        [f"{API}.evil.example"],
        [[API]],
        {API: True},
        [],
        "",
        1,
    ],
    ids=[
        "suffixed",
        "prefix",
        "no-scheme",
        "case",
        "slash",
        "list-of-other",
        "nested-list",
        "object",
        "empty-list",
        "empty",
        "number",
    ],
)
def test_partial_or_mistyped_audience(audience: object) -> None:
    target = Target(JWT_SECRET_KEY=SECRET, JWT_DECODE_AUDIENCE=API)
    assert _send(target, claims(aud=audience)) == not_accepted("audience", audience)


def test_missing_audience() -> None:
    target = Target(JWT_SECRET_KEY=SECRET, JWT_DECODE_AUDIENCE=API)
    assert _send(target, claims()) == missing("aud")


def test_one_accepted_audience_among_others() -> None:
    target = Target(JWT_SECRET_KEY=SECRET, JWT_DECODE_AUDIENCE=API)
    assert _send(target, claims(aud=["https://other.example", API])) == ACCEPTED


def test_a_token_for_an_audience_on_an_app_that_expects_none(target: Target) -> None:
    expected = invalid_token("The token names an audience, and none is accepted")
    assert _send(target, claims(aud="https://anyone.example")) == expected


# FastJWT's `type` claim: access and refresh tokens are not interchangeable.

ACCESS_REQUIRED = "Access token required"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (None, missing("type")),
        ("refresh", "refresh"),
        ("Access", "Access"),
        ("access ", "access "),
        ("", ""),
        (1, invalid_token("The token claims are malformed: type")),
        (["access"], invalid_token("The token claims are malformed: type")),
    ],
    ids=["missing", "refresh", "case", "trailing-space", "empty", "number", "list"],
)
def test_wrong_type_on_an_access_route(target: Target, kind: object, expected: object) -> None:
    if isinstance(expected, str):
        expected = invalid_token(
            f"This route needs a token of type access, got type {expected}", ACCESS_REQUIRED
        )
    assert _send(target, claims(type=kind)) == expected


def test_access_token_on_a_refresh_route(target: Target) -> None:
    expected = invalid_token(
        "This route needs a token of type refresh, got type access", "Refresh token required"
    )
    assert _send(target, claims(), "/refresh") == expected


@pytest.mark.parametrize(
    ("fresh", "expected"),
    [
        (False, "This route needs a fresh token: log in again"),
        (None, "This route needs a fresh token: log in again"),
        ("true", "The token claims are malformed: fresh"),
        (1, "The token claims are malformed: fresh"),
    ],
    ids=["false", "missing", "string", "number"],
)
def test_not_fresh_on_a_fresh_route(target: Target, fresh: object, expected: str) -> None:
    detail = "Unauthorized" if "malformed" in expected else "Fresh token required"
    assert _send(target, claims(fresh=fresh), "/fresh") == invalid_token(expected, detail)


# RFC 7519 section 4.1.2 and 4.1.7: `sub` and `jti` are strings.


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        (None, missing("sub")),
        ("", invalid_token("The token subject must be a non-empty string")),
        (1, INVALID),
        (["alice"], INVALID),
    ],
    ids=["missing", "empty", "number", "list"],
)
def test_subject_that_is_not_a_name(target: Target, subject: object, expected: object) -> None:
    assert _send(target, claims(sub=subject)) == expected


@pytest.mark.parametrize(
    ("jti", "expected"), [(None, missing("jti")), (1, INVALID)], ids=["missing", "number"]
)
def test_jti_that_is_not_a_string(target: Target, jti: object, expected: object) -> None:
    assert _send(target, claims(jti=jti)) == expected


@pytest.mark.parametrize("claim", ["scopes", "csrf"])
def test_fastjwt_claims_of_the_wrong_type(target: Target, claim: str) -> None:
    expected = invalid_token(f"The token claims are malformed: {claim}")
    assert _send(target, claims(**{claim: 7})) == expected
