"""The Choosing an algorithm examples (docs_src/algorithms): EdDSA, and an RS256 to PS256 move."""

from __future__ import annotations

from pathlib import Path

import jwt
import pytest

from fastjwt import JWTDecodeError
from tests.support import fresh_import
from tests.support.keys import new_private_key, private_pem, write


def test_eddsa_signs_and_verifies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = new_private_key("EdDSA")
    monkeypatch.setenv(
        "JWT_PRIVATE_KEY_FILE", str(write(tmp_path, "ed25519.pem", private_pem(key)))
    )

    module = fresh_import("docs_src.algorithms.tutorial001")
    token = module.security.create_access_token(uid="alice")

    assert jwt.get_unverified_header(token)["alg"] == "EdDSA"
    assert jwt.decode(token, key.public_key(), algorithms=["EdDSA"])["sub"] == "alice"
    assert module.security.verify_token_claims(token)["sub"] == "alice"


def test_moving_from_rs256_to_ps256(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = new_private_key("RS256")
    monkeypatch.setenv("JWT_PRIVATE_KEY_FILE", str(write(tmp_path, "rsa.pem", private_pem(key))))
    module = fresh_import("docs_src.algorithms.tutorial002")
    claims = jwt.decode(
        module.security.create_access_token(uid="alice"), options={"verify_signature": False}
    )
    before_the_switch = jwt.encode(claims, key, algorithm="RS256")
    new = module.security.create_access_token(uid="bob")
    hmac_with_the_public_key = jwt.encode(claims, "x" * 32, algorithm="HS256")

    assert jwt.get_unverified_header(new)["alg"] == "PS256"
    assert module.security.verify_token_claims(new)["sub"] == "bob"
    assert module.security.verify_token_claims(before_the_switch)["sub"] == "alice"
    with pytest.raises(JWTDecodeError) as caught:
        module.security.verify_token_claims(hmac_with_the_public_key)
    assert caught.value.description == "The token algorithm is not accepted"
