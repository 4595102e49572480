"""Publishing the public half of a key set as a JWK Set, and reading another service's."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from fastjwt import BadConfigurationError, FastJWT, FJWTConfig
from fastjwt.keys.jwk import key_algorithms, read_jwk_set
from tests.support import secret_of
from tests.support.keys import new_private_key, private_key, private_pem, public_pem

OLD = private_key("ES256", "old")
NEW = private_key("ES256", "new")
PRIVATE_PARAMETERS = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}


def es256(kid: str = "new", key: Any = NEW, **old: str) -> FastJWT[Any]:
    return FastJWT(
        FJWTConfig(
            JWT_ALGORITHM="ES256",
            JWT_KEY_ID=kid,
            JWT_PRIVATE_KEY=private_pem(key),
            JWT_VERIFICATION_KEYS=old,
        )
    )


def test_the_set_holds_public_keys_with_their_kid_signing_key_first() -> None:
    security = es256(old=public_pem(OLD))

    published = security.jwk_set()["keys"]

    assert [jwk["kid"] for jwk in published] == ["new", "old"]
    for jwk in published:
        assert jwk["kty"] == "EC"
        assert jwk["crv"] == "P-256"
        assert jwk["use"] == "sig"
        assert jwk["alg"] == "ES256"
        assert not PRIVATE_PARAMETERS & set(jwk)
        assert "key_ops" not in jwk


@pytest.mark.parametrize("algorithm", ["RS256", "PS384", "ES256K", "ES384", "ES512", "EdDSA"])
def test_every_asymmetric_family_is_published(algorithm: str) -> None:
    security = FastJWT(
        FJWTConfig(
            JWT_ALGORITHM=algorithm,
            JWT_KEY_ID="k",
            JWT_PRIVATE_KEY=private_pem(private_key(algorithm)),
        )
    )

    (jwk,) = security.jwk_set()["keys"]

    assert jwk["alg"] == algorithm
    assert not PRIVATE_PARAMETERS & set(jwk)
    keys = read_jwk_set(security.jwk_set(), (algorithm,))
    token = security.create_access_token(uid="alice")
    assert jwt.decode(token, keys["k"].key, algorithms=[algorithm])["sub"] == "alice"


def test_old_keys_name_no_alg_when_several_are_accepted() -> None:
    rsa_old = private_key("RS256", "old")
    security = FastJWT(
        FJWTConfig(
            JWT_ALGORITHM="PS256",
            JWT_DECODE_ALGORITHMS=["PS256", "RS256"],
            JWT_KEY_ID="new",
            JWT_PRIVATE_KEY=private_pem(private_key("RS256", "new")),
            JWT_VERIFICATION_KEYS={"old": public_pem(rsa_old)},
        )
    )

    new, old = security.jwk_set()["keys"]

    assert new["alg"] == "PS256"
    assert "alg" not in old
    assert set(old) == {"kty", "n", "e", "kid", "use"}


def test_hmac_secrets_are_never_published() -> None:
    security = FastJWT(FJWTConfig(JWT_KEY_ID="k", JWT_SECRET_KEY=secret_of(32)))

    assert security.jwk_set() == {"keys": []}
    with pytest.raises(BadConfigurationError, match="an HMAC secret is never published"):
        security.jwks_router()


def test_keys_without_a_key_id_are_not_published() -> None:
    security = FastJWT(FJWTConfig(JWT_ALGORITHM="ES256", JWT_PRIVATE_KEY=private_pem(NEW)))

    assert security.jwk_set() == {"keys": []}
    with pytest.raises(BadConfigurationError, match="JWT_KEY_ID is not set: published keys"):
        security.jwks_router()


def test_the_route_publishes_the_current_configuration() -> None:
    security = es256("old", OLD)
    app = FastAPI()
    app.include_router(security.jwks_router())

    with TestClient(app) as client:
        before = client.get("/.well-known/jwks.json")
        security.load_config(es256("new", NEW, old=public_pem(OLD)).config)
        after = client.get("/.well-known/jwks.json")

    assert before.status_code == 200
    assert before.headers["content-type"] == "application/json"
    assert before.headers["cache-control"] == "public, max-age=300"
    assert [jwk["kid"] for jwk in before.json()["keys"]] == ["old"]
    assert [jwk["kid"] for jwk in after.json()["keys"]] == ["new", "old"]
    assert "/.well-known/jwks.json" not in app.openapi()["paths"]


def test_the_route_path_and_cache_lifetime_can_be_chosen() -> None:
    app = FastAPI()
    app.include_router(es256().jwks_router(path="/keys", max_age=60), prefix="/auth")

    with TestClient(app) as client:
        response = client.get("/auth/keys")

    assert response.headers["cache-control"] == "public, max-age=60"
    assert response.json() == es256().jwk_set()


# Reading a JWK Set.


def _jwk(key: Any, **extra: Any) -> dict[str, Any]:
    algorithm = "RS256" if extra.pop("rsa", False) else "ES256"
    jwk = dict(jwt.get_algorithm_by_name(algorithm).to_jwk(key, as_dict=True))
    jwk.pop("key_ops", None)
    jwk.update(extra)
    return jwk


@pytest.mark.parametrize("document", [[], "keys", None, {"keys": {}}, {"other": []}], ids=repr)
def test_a_document_that_is_not_a_jwk_set_is_refused(document: object) -> None:
    with pytest.raises(ValueError, match="not a JWK Set"):
        read_jwk_set(document, ("ES256",))


def test_usable_keys_are_kept_and_others_skipped() -> None:
    weak = new_private_key("RS256", rsa_bits=1024)
    document = {
        "keys": [
            "not an object",
            _jwk(OLD.public_key()),  # no kid
            _jwk(OLD.public_key(), kid=""),
            _jwk(OLD.public_key(), kid=7),
            _jwk(OLD.public_key(), kid="enc", use="enc"),
            _jwk(OLD.public_key(), kid="ops", key_ops=["encrypt"]),
            _jwk(OLD.public_key(), kid="ops2", key_ops="verify"),
            {"kty": "oct", "kid": "secret", "k": "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"},
            _jwk(OLD.public_key(), kid="alg", alg="ES384"),
            _jwk(OLD.public_key(), kid="hs", alg="HS256"),
            {"kty": "EC", "crv": "P-256", "kid": "broken", "x": "AA", "y": "AA"},
            {"kty": "EC", "crv": "P-256", "kid": "typed", "x": 5, "y": None},
            {"kty": "OKP", "crv": "X25519", "kid": "x25519", "x": "A" * 43},
            _jwk(weak.public_key(), kid="weak", rsa=True),
            _jwk(OLD.public_key(), kid="good", key_ops=["verify"], alg="ES256"),
            _jwk(NEW.public_key(), kid="good"),
            _jwk(NEW, kid="careless"),  # private parameters published by mistake
        ]
    }

    keys = read_jwk_set(document, ("ES256", "RS256"))

    assert set(keys) == {"good", "careless"}
    assert keys["good"].algorithms == ("ES256",)
    assert keys["good"].key.public_numbers() == OLD.public_key().public_numbers()
    assert not hasattr(keys["careless"].key, "private_numbers")


def test_only_locally_accepted_algorithms_are_kept_in_local_order() -> None:
    rsa_key = private_key("RS256").public_key()
    document = {"keys": [_jwk(rsa_key, kid="r", rsa=True), _jwk(OLD.public_key(), kid="e")]}

    keys = read_jwk_set(document, ("PS256", "RS256"))

    assert set(keys) == {"r"}
    assert keys["r"].algorithms == ("PS256", "RS256")


@pytest.mark.parametrize(
    ("jwk", "expected"),
    [
        ({"kty": "RSA"}, ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512")),
        ({"kty": "EC", "crv": "P-256"}, ("ES256",)),
        ({"kty": "EC", "crv": "secp256k1"}, ("ES256K",)),
        ({"kty": "EC", "crv": "P-521"}, ("ES512",)),
        ({"kty": "OKP", "crv": "Ed448"}, ("EdDSA",)),
        ({"kty": "oct"}, ()),
        ({"kty": "EC"}, ()),
        ({}, ()),
    ],
)
def test_key_algorithms(jwk: dict[str, Any], expected: tuple[str, ...]) -> None:
    assert key_algorithms(jwk) == expected
