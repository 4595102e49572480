"""`TokenPayload`'s own encode and decode with explicit keys, and JSON copies."""

from __future__ import annotations

import time

import pytest

from fastjwt import (
    AccessTokenRequiredError,
    CSRFError,
    JWTDecodeError,
    MissingCSRFTokenError,
    RequestToken,
    TokenPayload,
)
from fastjwt.keys.generate import new_private_key, pem
from fastjwt.payload import copy_json
from tests.support import SECRET


def test_encode_refuses_a_key_that_does_not_fit_the_algorithm() -> None:
    with pytest.raises(ValueError, match="cannot be used with RS256"):
        TokenPayload(sub="a").encode("not a PEM key", algorithm="RS256")


def test_decode_with_a_pem_key() -> None:
    key = new_private_key("ES256")
    token = TokenPayload(sub="a", aud=["api"], iss="me").encode(pem(key), algorithm="ES256")
    public = pem(key.public_key())
    decoded = TokenPayload.decode(token, public, ["ES256"], audience="api", issuer="me")
    assert (decoded.sub, decoded.aud, decoded.iss) == ("a", ["api"], "me")
    with pytest.raises(JWTDecodeError) as audience:
        TokenPayload.decode(token, public, ["ES256"], audience=["other"], issuer="me")
    assert audience.value.description == "The token audience api is not accepted"


def test_decode_refuses_another_algorithm_and_unusable_keys() -> None:
    token = TokenPayload(sub="a").encode(SECRET)
    with pytest.raises(JWTDecodeError) as algorithm:
        TokenPayload.decode(token, SECRET, ["HS512"])
    assert algorithm.value.description == "The token algorithm is not accepted"
    public = pem(new_private_key("RS256").public_key())
    with pytest.raises(JWTDecodeError) as confusion:  # an RSA public key as an HMAC secret
        TokenPayload.decode(token, public, ["HS256"])
    assert confusion.value.description == "The token is invalid"


def test_decode_without_verification_still_needs_a_jwt() -> None:
    header = "eyJhbGciOiJIUzI1NiJ9"
    with pytest.raises(JWTDecodeError) as caught:
        TokenPayload.decode(f"{header}.bm90LWpzb24.c2ln", SECRET, verify=False)
    assert caught.value.description == "The token is malformed"


def test_request_token_verify_checks_csrf_of_cookie_tokens() -> None:
    token = TokenPayload(sub="a", type="access", csrf="value", exp=time.time() + 60).encode(SECRET)
    assert RequestToken(token=token, csrf="value", location="cookies").verify(SECRET).sub == "a"
    with pytest.raises(CSRFError):
        RequestToken(token=token, csrf="other", location="cookies").verify(SECRET)
    with pytest.raises(MissingCSRFTokenError):
        RequestToken(token=token, location="cookies").verify(SECRET)
    unchecked = RequestToken(token=token, csrf="other", location="cookies")
    assert unchecked.verify(SECRET, verify_csrf=False).sub == "a"


def test_copy_json_is_deep_for_lists_and_objects() -> None:
    value = {"a": [1, {"b": ["c"]}], "d": "e"}
    copied = copy_json(value)
    assert copied == value
    assert copied is not value
    assert copied["a"] is not value["a"]
    assert copied["a"][1]["b"] is not value["a"][1]["b"]  # type: ignore[index]
    assert copy_json("text") == "text"


def test_request_token_verify_without_the_signature_still_runs_the_checks() -> None:
    forged = TokenPayload(sub="a", type="refresh").encode("another-secret-of-thirty-two-bytes!")
    found = RequestToken(token=forged, type="refresh", location="headers")
    assert found.verify(SECRET, verify_jwt=False).sub == "a"  # nothing about the key is checked
    with pytest.raises(AccessTokenRequiredError):
        RequestToken(token=forged, location="headers").verify(SECRET, verify_jwt=False)
