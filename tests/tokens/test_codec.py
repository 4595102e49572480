"""Token claims, encoding and decoding, and the reasons given for refusals."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

from fastjwt import JWTDecodeError, TokenPayload
from fastjwt.keys.keyring import VerificationKey
from fastjwt.payload import to_payload
from fastjwt.tokens.claims import REQUIRED_CLAIMS, RESERVED_CLAIMS, build_claims
from fastjwt.tokens.codec import DecodeRules, base64url_encode, encode, parse, unverified_claims
from fastjwt.tokens.codec import verify as check
from tests.support import SECRET

KEY = SECRET.encode()


def decode(
    token: str,
    key: bytes,
    *,
    algorithms: list[str],
    audience: str | None = None,
    issuer: str | None = None,
    leeway: float = 0,
    require: tuple[str, ...] = (),
    verify: bool = True,
) -> dict[str, Any]:
    if not verify:
        return unverified_claims(token)
    rules = DecodeRules(
        leeway=leeway,
        audience=None if audience is None else (audience,),
        issuer=None if issuer is None else (issuer,),
        require=require,
    )
    return check(parse(token), VerificationKey(key, tuple(algorithms)), rules, time.time())


def claims(**overrides: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "uid": "alice",
        "token_type": "access",
        "fresh": False,
        "lifetime": timedelta(minutes=5),
        "issuer": None,
        "audience": None,
        "not_before": True,
        "csrf": False,
        "data": None,
        "extra": {},
    }
    arguments.update(overrides)
    return build_claims(**arguments)


def test_claims_of_a_new_token() -> None:
    built = claims(data={"role": "admin"}, extra={"tenant": 7})
    assert built["sub"] == "alice"
    assert built["type"] == "access"
    assert built["fresh"] is False
    assert built["nbf"] == built["iat"]
    assert built["exp"] - built["iat"] == pytest.approx(300, abs=1)
    assert len(built["jti"]) == 36
    assert built["role"] == "admin"
    assert built["tenant"] == 7
    assert "iss" not in built
    assert "aud" not in built


def test_every_token_gets_its_own_jti() -> None:
    assert claims()["jti"] != claims()["jti"]


def test_issuer_and_audiences() -> None:
    assert claims(issuer="auth", audience="api")["iss"] == "auth"
    assert claims(audience="api")["aud"] == "api"
    assert claims(audience=("api", "admin"))["aud"] == ["api", "admin"]


def test_no_nbf_when_disabled_and_no_exp_without_lifetime() -> None:
    built = claims(not_before=False, lifetime=None)
    assert "nbf" not in built
    assert "exp" not in built


@pytest.mark.parametrize(
    "lifetime",
    [
        lambda: timedelta(hours=1),
        lambda: 3600,
        lambda: 3600.0,
        lambda: datetime.now(UTC) + timedelta(hours=1),
    ],
    ids=["timedelta", "int", "float", "datetime"],
)
def test_lifetime_forms(lifetime: Callable[[], Any]) -> None:
    built = claims(lifetime=lifetime())
    assert abs(built["exp"] - built["iat"] - 3600) <= 1


def test_naive_datetime_expiry_is_read_as_utc() -> None:
    moment = datetime(2100, 1, 1, 12, 0, 0)
    assert claims(lifetime=moment)["exp"] == int(moment.replace(tzinfo=UTC).timestamp())


@pytest.mark.parametrize("name", sorted(RESERVED_CLAIMS))
def test_reserved_claim_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match=f"Reserved claim names .*: {name} "):
        claims(data={name: "x"})
    with pytest.raises(ValueError, match=f"Reserved claim names .*: {name} "):
        claims(extra={name: "x"})


def test_uid_must_be_a_non_empty_string() -> None:
    with pytest.raises(TypeError, match=r"uid must be a string .* got int"):
        claims(uid=42)
    with pytest.raises(ValueError, match="uid must not be empty"):
        claims(uid="")


def test_encode_decode_round_trip_with_headers() -> None:
    token = encode(claims(), KEY, "HS256", {"kid": "one"})
    assert jwt.get_unverified_header(token)["kid"] == "one"
    decoded = decode(token, KEY, algorithms=["HS256"], require=REQUIRED_CLAIMS)
    assert decoded["sub"] == "alice"


def _reason(token: str, **options: Any) -> str | None:
    with pytest.raises(JWTDecodeError) as caught:
        decode(token, KEY, **{"algorithms": ["HS256"], **options})
    assert caught.value.detail == "Unauthorized"
    assert caught.value.status_code == 401
    return caught.value.description


def test_refusal_reasons() -> None:
    good = encode(claims(), KEY, "HS256")
    assert _reason("garbage") == "The token is malformed"
    assert _reason(encode(claims(), b"another-secret-of-thirty-two-bytes!", "HS256")) == (
        "The token signature is invalid"
    )
    assert _reason(encode(claims(lifetime=-10), KEY, "HS256")) == "The token has expired"
    future = {**claims(), "nbf": int(datetime.now(UTC).timestamp()) + 600}
    assert _reason(encode(future, KEY, "HS256")) == "The token is not valid yet"
    assert _reason(good, algorithms=["HS512"]) == "The token algorithm is not accepted"
    assert _reason(encode(claims(audience="other"), KEY, "HS256"), audience="api") == (
        "The token audience other is not accepted"
    )
    assert _reason(encode(claims(issuer="other"), KEY, "HS256"), issuer="auth") == (
        "The token issuer other is not accepted"
    )
    untyped = {key: value for key, value in claims().items() if key != "type"}
    assert _reason(encode(untyped, KEY, "HS256"), require=REQUIRED_CLAIMS) == (
        "The token lacks the type claim"
    )
    assert _reason(encode({**claims(), "iat": "yesterday"}, KEY, "HS256")) == "The token is invalid"


def test_leeway_accepts_a_recently_expired_token() -> None:
    token = encode(claims(lifetime=-5), KEY, "HS256")
    assert decode(token, KEY, algorithms=["HS256"], leeway=60)["sub"] == "alice"


def test_decode_without_verification_reads_any_token() -> None:
    token = encode(claims(lifetime=-5), b"another-secret-of-thirty-two-bytes!", "HS256")
    assert decode(token, KEY, algorithms=["HS256"], verify=False)["sub"] == "alice"


@pytest.mark.parametrize(
    ("claim", "value"),
    [("fresh", "yes"), ("type", 1), ("scopes", "read"), ("aud", {"x": 1}), ("exp", "tomorrow")],
)
def test_claims_of_the_wrong_type_are_refused(claim: str, value: object) -> None:
    with pytest.raises(JWTDecodeError) as caught:
        to_payload(TokenPayload, {**claims(), claim: value})
    assert caught.value.description == f"The token claims are malformed: {claim}"


def _segment(document: str) -> str:
    return base64url_encode(document.encode())


def _forged(header: str, payload: str) -> str:
    signing_input = f"{_segment(header)}.{_segment(payload)}"
    signature = hmac.new(KEY, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{base64url_encode(signature)}"


@pytest.mark.parametrize(
    ("header", "payload", "reason"),
    [
        ('{"alg":"HS256","crit":["exp"]}', '{"sub":"a"}', "unsupported critical header"),
        ('{"alg":"HS256","b64":false}', '{"sub":"a"}', "unsupported critical header"),
        ('{"alg":"HS256","kid":7}', '{"sub":"a"}', "The token is invalid"),
        ('{"alg":"HS256"}', '{"sub":"a","exp":NaN}', "The token is malformed"),
        ('{"alg":"HS256"}', '{"sub":"a","exp":Infinity}', "The token is malformed"),
        ('{"alg":"HS256"}', '{"sub":"a","exp":true}', "The token is malformed"),
        ('{"alg":"HS256"}', '{"sub":"a","exp":1e400}', "The token is malformed"),
        ('{"alg":"HS256"}', '{"sub":"a","nbf":-1e400}', "The token is malformed"),
        ('{"alg":"HS256"}', '{"sub":"a","exp":null}', "The token is malformed"),
        ('{"alg":"HS256"}', '{"sub":"a","exp":' + "9" * 5000 + "}", "The token is malformed"),
        ('{"alg":"HS256"}', "[" * 2000 + "]" * 2000, "The token is malformed"),
        ('{"alg":"HS256"}', '["not", "an object"]', "The token is malformed"),
        ('{"alg":["HS256"]}', '{"sub":"a"}', "The token algorithm is not accepted"),
        ('{"alg":"HS256"}', '{"sub":"a","jti":5}', "The token is invalid"),
    ],
)
def test_hostile_headers_and_claims_are_refused(header: str, payload: str, reason: str) -> None:
    assert reason in (_reason(_forged(header, payload)) or "")


def nested(levels: int, opening: str = "[", closing: str = "]") -> str:
    """A claim value of `levels` arrays (or objects) inside one another, around many brackets."""
    if opening == "{":
        return '{"x":' * (levels - 1) + "{}" + "}" * (levels - 1)
    return opening * levels + closing * levels


@pytest.mark.parametrize(("opening", "closing"), [("[", "]"), ("{", "}")])
def test_claims_and_headers_may_nest_64_levels_and_no_deeper(opening: str, closing: str) -> None:
    def payload(value: str) -> str:
        return json.dumps(claims())[:-1] + ', "x": ' + value + "}"

    # 63 levels inside the payload object: 64 in all, the limit.
    deepest = _forged('{"alg":"HS256"}', payload(nested(63, opening, closing)))
    # Many brackets side by side and in a string, but shallow: the walk finds them harmless.
    wide = payload("[" + ",".join(["[]"] * 100) + '], "y": "' + "[" * 100 + '"')
    too_deep = payload(nested(64, opening, closing))
    header = '{"alg":"HS256","x":' + nested(64, opening, closing) + "}"

    assert decode(deepest, KEY, algorithms=["HS256"])["sub"] == "alice"
    assert decode(_forged('{"alg":"HS256"}', wide), KEY, algorithms=["HS256"])["y"] == "[" * 100
    assert _reason(_forged('{"alg":"HS256"}', too_deep)) == "The token is malformed"
    assert _reason(_forged(header, json.dumps(claims()))) == "The token is malformed"


def test_audience_and_issuer_claims_of_every_shape() -> None:
    def with_claims(**extra: Any) -> str:
        return encode({**claims(), **extra}, KEY, "HS256")

    assert _reason(with_claims(aud="api")) == "The token names an audience, and none is accepted"
    assert decode(with_claims(aud=["x", "api"]), KEY, algorithms=["HS256"], audience="api")
    for bad, named in (({"aud": [1]}, "of type list"), ({"aud": {"x": 1}}, "of type dict")):
        assert _reason(with_claims(**bad), audience="api") == (
            f"The token audience {named} is not accepted"
        )
    assert _reason(with_claims(), audience="api") == "The token lacks the aud claim"
    assert _reason(with_claims(), issuer="auth") == "The token lacks the iss claim"
    assert _reason(with_claims(iss=["auth"]), issuer="auth") == (
        "The token issuer auth is not accepted"  # a list is not a string, whatever it holds
    )
    assert _reason(with_claims(iss="authx"), issuer="auth") == (
        "The token issuer authx is not accepted"
    )
    long_issuer = "x" * 100
    assert _reason(with_claims(iss=long_issuer), issuer="auth") == (
        f"The token issuer {'x' * 61}... is not accepted"
    )


def test_header_values_that_are_not_hashable_are_encoded_every_time() -> None:
    headers = {"x5c": ["a", "b"]}
    first = encode(claims(), KEY, "HS256", headers)
    second = encode(claims(), KEY, "HS256", headers)
    assert (
        parse(first).header
        == parse(second).header
        == {
            "alg": "HS256",
            "typ": "JWT",
            "x5c": ["a", "b"],
        }
    )


def test_typ_none_leaves_the_typ_header_out_and_alg_cannot_be_set() -> None:
    token = encode(claims(), KEY, "HS256", {"typ": None})
    assert parse(token).header == {"alg": "HS256"}
    with pytest.raises(ValueError, match="headers cannot set alg"):
        encode(claims(), KEY, "HS256", {"alg": "none"})


def test_many_distinct_headers_only_cost_their_parsing() -> None:
    tokens = [encode(claims(), KEY, "HS256", {"kid": f"k{index}"}) for index in range(300)]
    kids = [parse(token).header["kid"] for token in tokens]
    assert kids == [f"k{index}" for index in range(300)]
    assert parse(tokens[0]).header["kid"] == "k0"
