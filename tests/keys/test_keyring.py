"""Key sets: tokens name their key by `kid`, old keys keep verifying, headers pick nothing else."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jwt
import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from jwt.utils import base64url_encode

from fastjwt import BadConfigurationError, FastJWT, FJWTConfig, JWTDecodeError
from tests.support import bearer, secret_of
from tests.support.keys import new_private_key, private_key, private_pem, public_pem, write

OLD = private_key("ES256", "old")
NEW = private_key("ES256", "new")
ATTACKER = private_key("ES256", "attacker")


def issuer(kid: str, key: Any, **old_keys: str) -> FastJWT[Any]:
    return FastJWT(
        FJWTConfig(
            JWT_ALGORITHM="ES256",
            JWT_KEY_ID=kid,
            JWT_PRIVATE_KEY=private_pem(key),
            JWT_VERIFICATION_KEYS=old_keys,
        )
    )


def reason(security: FastJWT[Any], token: str) -> str | None:
    with pytest.raises(JWTDecodeError) as caught:
        security.verify_token_claims(token)
    return caught.value.description


def test_tokens_carry_the_key_id() -> None:
    token = issuer("2025-01", OLD).create_access_token(uid="alice")

    assert jwt.get_unverified_header(token) == {"alg": "ES256", "kid": "2025-01", "typ": "JWT"}


def test_rotation_keeps_old_tokens_valid_and_signs_with_the_new_key() -> None:
    before = issuer("2025-01", OLD)
    old_token = before.create_access_token(uid="alice")

    after = issuer("2025-06", NEW, **{"2025-01": public_pem(OLD)})
    new_token = after.create_access_token(uid="bob")

    assert after.verify_token_claims(old_token)["sub"] == "alice"
    assert after.verify_token_claims(new_token)["sub"] == "bob"
    assert jwt.get_unverified_header(new_token)["kid"] == "2025-06"
    # Once the old key is dropped, its tokens are refused.
    retired = issuer("2025-06", NEW)
    assert reason(retired, old_token) == "The token key id 2025-01 is unknown"


def test_a_private_verification_key_verifies_with_its_public_half() -> None:
    after = issuer("new", NEW, old=private_pem(OLD))

    key = after.keys.by_kid["old"].key
    assert not hasattr(key, "private_bytes")
    assert after.verify_token_claims(issuer("old", OLD).create_access_token(uid="a"))["sub"] == "a"


def test_verification_key_files_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    old_token = issuer("old", OLD).create_access_token(uid="a")
    monkeypatch.setenv("JWT_ALGORITHM", "ES256")
    monkeypatch.setenv("JWT_KEY_ID", "new")
    monkeypatch.setenv("JWT_PRIVATE_KEY_FILE", str(write(tmp_path, "new.pem", private_pem(NEW))))
    old_file = write(tmp_path, "old.pub.pem", public_pem(OLD))
    monkeypatch.setenv("JWT_VERIFICATION_KEY_FILES", json.dumps({"old": str(old_file)}))

    security = FastJWT(FJWTConfig())

    assert set(security.keys.by_kid) == {"new", "old"}
    assert security.verify_token_claims(old_token)["sub"] == "a"


def test_verification_only_key_set_cannot_sign() -> None:
    verifier = FastJWT(
        FJWTConfig(
            JWT_ALGORITHM="ES256",
            JWT_VERIFICATION_KEYS={"old": public_pem(OLD), "new": public_pem(NEW)},
        )
    )

    assert verifier.verify_token_claims(issuer("new", NEW).create_access_token(uid="a"))["sub"]
    with pytest.raises(BadConfigurationError, match="JWT_PRIVATE_KEY is not set: ES256 needs"):
        verifier.create_access_token(uid="a")


def test_hmac_secrets_rotate_the_same_way(tmp_path: Path) -> None:
    old_secret, new_secret = secret_of(32, "o"), secret_of(32, "n")
    before = FastJWT(FJWTConfig(JWT_KEY_ID="one", JWT_SECRET_KEY=old_secret))
    after = FastJWT(
        FJWTConfig(
            JWT_KEY_ID="two",
            JWT_SECRET_KEY=new_secret,
            JWT_VERIFICATION_KEY_FILES={"one": write(tmp_path, "one", old_secret + "\n")},
        )
    )
    token = before.create_access_token(uid="alice")

    assert after.verify_token_claims(token)["sub"] == "alice"
    assert reason(after, jwt.encode({"sub": "a"}, old_secret, headers={"kid": "two"})) == (
        "The token signature is invalid"
    )


def test_hmac_verification_only_key_set_explains_what_is_missing() -> None:
    verifier = FastJWT(FJWTConfig(JWT_VERIFICATION_KEYS={"one": secret_of(32, "o")}))
    with pytest.raises(BadConfigurationError, match="JWT_SECRET_KEY is not set: HS256 needs"):
        verifier.create_access_token(uid="a")


def test_explicit_headers_may_repeat_the_key_id_but_not_change_it() -> None:
    security = issuer("k1", OLD)

    token = security.create_access_token(uid="a", headers={"kid": "k1", "x-extra": 1})
    assert jwt.get_unverified_header(token)["x-extra"] == 1
    with pytest.raises(ValueError, match="headers cannot set kid"):
        security.create_access_token(uid="a", headers={"kid": "k2"})


def test_without_a_key_set_the_kid_header_is_ignored() -> None:
    security = FastJWT(FJWTConfig(JWT_ALGORITHM="ES256", JWT_PRIVATE_KEY=private_pem(OLD)))

    token = security.create_access_token(uid="a", headers={"kid": "anything"})

    assert security.verify_token_claims(token)["sub"] == "a"


# What a token's header may not do.


def _signed_by_attacker(headers: dict[str, Any]) -> str:
    claims = jwt.decode(
        issuer("k1", OLD).create_access_token(uid="alice"), options={"verify_signature": False}
    )
    claims["sub"] = "admin"
    return jwt.encode(claims, ATTACKER, algorithm="ES256", headers=headers)


def _attacker_jwk() -> dict[str, Any]:
    return dict(jwt.algorithms.ECAlgorithm.to_jwk(ATTACKER.public_key(), as_dict=True))


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, "The token names no key id"),
        ({"kid": "k2"}, "The token key id k2 is unknown"),
        ({"kid": ""}, "The token key id (empty) is unknown"),
        ({"kid": "k1"}, "The token signature is invalid"),
        ({"kid": "../../../../etc/passwd"}, "The token key id ../../../../etc/passwd is unknown"),
        ({"kid": "k1/../k1"}, "The token key id k1/../k1 is unknown"),
        ({"kid": "' OR '1'='1"}, "The token key id ' OR '1'='1 is unknown"),
        (
            {"kid": "k1'; DROP TABLE keys; --"},
            "The token key id k1'; DROP TABLE keys; -- is unknown",
        ),
        ({"kid": "k1\x00"}, "The token key id k1\x00 is unknown"),
        (
            {"kid": "http://127.0.0.1:9/jwks.json"},
            "The token key id http://127.0.0.1:9/jwks.json is unknown",
        ),
    ],
    ids=repr,
)
def test_a_token_only_names_a_configured_key(headers: dict[str, Any], expected: str) -> None:
    assert reason(issuer("k1", OLD), _signed_by_attacker(headers)) == expected


@pytest.mark.parametrize("kid", [7, ["k1"], {"kid": "k1"}, None], ids=repr)
def test_a_kid_that_is_not_a_string_is_refused(kid: object) -> None:
    header = base64url_encode(json.dumps({"alg": "ES256", "kid": kid}).encode())
    good = issuer("k1", OLD).create_access_token(uid="a")
    token = header.decode() + good[good.index(".") :]

    assert reason(issuer("k1", OLD), token) in {
        "The token is invalid",
        "The token names no key id",
    }


@pytest.mark.parametrize("field", ["jwk", "jku", "x5u", "x5c"])
@pytest.mark.parametrize("kid", [None, "k1"])
def test_key_carrying_header_fields_are_never_used(field: str, kid: str | None) -> None:
    values: dict[str, Any] = {
        "jwk": _attacker_jwk(),
        "jku": "http://127.0.0.1:9/jwks.json",
        "x5u": "http://127.0.0.1:9/cert.pem",
        "x5c": ["MIIBszCCAVmgAwIBAgIUAttacker"],
    }
    headers: dict[str, Any] = {field: values[field]}
    if kid is not None:
        headers["kid"] = kid
    token = _signed_by_attacker(headers)
    with_key_set = issuer("k1", OLD)
    single_key = FastJWT(FJWTConfig(JWT_ALGORITHM="ES256", JWT_PUBLIC_KEY=public_pem(OLD)))

    assert reason(with_key_set, token) == (
        "The token names no key id" if kid is None else "The token signature is invalid"
    )
    assert reason(single_key, token) == "The token signature is invalid"


def test_requests_with_a_bad_kid_are_401_with_a_challenge() -> None:
    security = issuer("k1", OLD)
    app = FastAPI()

    @app.get("/protected", dependencies=[Depends(security.access_token_required)])
    def protected() -> str:
        return "ok"

    with TestClient(app) as client:
        good = client.get("/protected", headers=bearer(security.create_access_token(uid="a")))
        unknown = client.get("/protected", headers=bearer(_signed_by_attacker({"kid": "../k1"})))

    assert good.status_code == 200
    assert unknown.status_code == 401
    assert unknown.headers["WWW-Authenticate"] == (
        'Bearer error="invalid_token", error_description="The token key id ../k1 is unknown"'
    )


# Configuration errors.


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"JWT_KEY_ID": "k1", "JWT_PUBLIC_KEY": None}, "JWT_KEY_ID names the key of"),
        (
            {"JWT_KEY_ID": None, "JWT_VERIFICATION_KEYS": {"old": public_pem(OLD)}},
            "JWT_KEY_ID is not set: with verification keys",
        ),
        (
            {"JWT_KEY_ID": "k1", "JWT_VERIFICATION_KEYS": {"k1": public_pem(OLD)}},
            "JWT_KEY_ID 'k1' is also a key id of the verification keys",
        ),
        ({"JWT_KEY_ID": "has space"}, "JWT_KEY_ID: a key id is 1 to 256 visible ASCII"),
        ({"JWT_KEY_ID": ""}, "JWT_KEY_ID: a key id is"),
        ({"JWT_KEY_ID": "k" * 257}, "JWT_KEY_ID: a key id is"),
        (
            {"JWT_KEY_ID": "k1", "JWT_VERIFICATION_KEYS": {"é": public_pem(OLD)}},
            r"JWT_VERIFICATION_KEYS\['é'\]: a key id is",
        ),
        (
            {
                "JWT_KEY_ID": "k1",
                "JWT_VERIFICATION_KEYS": {"rsa": public_pem(private_key("RS256"))},
            },
            r"^JWT_VERIFICATION_KEYS\['rsa'\] cannot be used with ES256",
        ),
        (
            {"JWT_KEY_ID": "k1", "JWT_VERIFICATION_KEYS": {"old": "not a key"}},
            r"^JWT_VERIFICATION_KEYS\['old'\] cannot be used with ES256",
        ),
    ],
    ids=lambda value: str(value)[:40],
)
def test_key_set_mistakes_are_configuration_errors(settings: dict[str, Any], message: str) -> None:
    values: dict[str, Any] = {"JWT_ALGORITHM": "ES256", "JWT_PUBLIC_KEY": public_pem(NEW)}
    values.update(settings)
    with pytest.raises(BadConfigurationError, match=message):
        FastJWT(FJWTConfig(**values))


def test_a_kid_given_twice_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BadConfigurationError, match="key id 'old' is also given"):
        FJWTConfig(
            JWT_ALGORITHM="ES256",
            JWT_VERIFICATION_KEYS={"old": public_pem(OLD)},
            JWT_VERIFICATION_KEY_FILES={"old": write(tmp_path, "old.pem", public_pem(OLD))},
        )


def test_verification_key_files_name_their_kid_when_wrong(tmp_path: Path) -> None:
    weak = write(tmp_path, "weak.pem", public_pem(new_private_key("RS256", rsa_bits=1024)))
    with pytest.raises(
        BadConfigurationError, match=r"^JWT_VERIFICATION_KEY_FILES\['old'\] is too weak for RS256"
    ):
        FJWTConfig(JWT_ALGORITHM="RS256", JWT_VERIFICATION_KEY_FILES={"old": weak})
    with pytest.raises(
        BadConfigurationError, match=r"^JWT_VERIFICATION_KEY_FILES\['old'\]: cannot read"
    ):
        FJWTConfig(JWT_ALGORITHM="RS256", JWT_VERIFICATION_KEY_FILES={"old": tmp_path / "x"})


def test_hmac_verification_keys_are_hidden_from_errors_and_repr() -> None:
    config = FJWTConfig(
        JWT_KEY_ID="a",
        JWT_SECRET_KEY=secret_of(32),
        JWT_VERIFICATION_KEYS={"b": secret_of(32, "v")},
    )
    assert secret_of(32, "v") not in repr(config)
    with pytest.raises(BadConfigurationError, match="<hidden>") as caught:
        config.JWT_VERIFICATION_KEYS = {"b": 5}  # type: ignore[dict-item]
    assert "5" not in str(caught.value).split("<hidden>")[0][-5:]
