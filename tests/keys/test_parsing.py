"""Asymmetric keys: parsed once, checked against the algorithm and against each other."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.utils import base64url_encode

from fastjwt import BadConfigurationError, FastJWT, FJWTConfig, JWTDecodeError, RequestToken
from fastjwt.keys import parsing
from fastjwt.keys.parsing import hmac_minimum_bytes
from tests.support import keys_of
from tests.support.keys import (
    ASYMMETRIC,
    EVERY_ALGORITHM,
    HMAC_SECRETS,
    private_key,
    private_pem,
    public_pem,
)


def _private_pem(key: Any) -> str:
    data: bytes = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return data.decode()


def _public_pem(key: Any) -> str:
    data: bytes = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return data.decode()


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def other_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


KEY_MAKERS: dict[str, Any] = {
    "ES256": lambda: ec.generate_private_key(ec.SECP256R1()),
    "ES384": lambda: ec.generate_private_key(ec.SECP384R1()),
    "EdDSA": ed25519.Ed25519PrivateKey.generate,
}


def _round_trip(config: FJWTConfig) -> None:
    security = FastJWT(config=config)
    token = security.create_access_token(uid="alice")
    payload = security.verify_token(RequestToken(token=token, location="headers"))
    assert payload.sub == "alice"


@pytest.mark.parametrize("algorithm", ["RS256", "RS512", "PS256"])
def test_rsa_pair_round_trip(algorithm: str, rsa_key: rsa.RSAPrivateKey) -> None:
    _round_trip(
        FJWTConfig(
            JWT_ALGORITHM=algorithm,
            JWT_PRIVATE_KEY=_private_pem(rsa_key),
            JWT_PUBLIC_KEY=_public_pem(rsa_key),
        )
    )


@pytest.mark.parametrize("algorithm", sorted(KEY_MAKERS))
def test_ec_and_eddsa_round_trip(algorithm: str) -> None:
    key = KEY_MAKERS[algorithm]()
    _round_trip(
        FJWTConfig(
            JWT_ALGORITHM=algorithm,
            JWT_PRIVATE_KEY=_private_pem(key),
            JWT_PUBLIC_KEY=_public_pem(key),
        )
    )


def test_public_key_is_derived_from_the_private_key(rsa_key: rsa.RSAPrivateKey) -> None:
    config = FJWTConfig(JWT_ALGORITHM="RS256", JWT_PRIVATE_KEY=_private_pem(rsa_key))
    assert isinstance(keys_of(config).verifying_key, rsa.RSAPublicKey)
    _round_trip(config)


def test_keys_are_parsed_into_key_objects(rsa_key: rsa.RSAPrivateKey) -> None:
    config = FJWTConfig()
    config.JWT_ALGORITHM = "RS256"
    config.JWT_PRIVATE_KEY = _private_pem(rsa_key)
    assert isinstance(keys_of(config).signing_key, rsa.RSAPrivateKey)
    assert config.PRIVATE_KEY == config.JWT_PRIVATE_KEY
    assert _public_pem(rsa_key) == config.PUBLIC_KEY
    assert config.is_algo_asymmetric


def test_public_key_alone_verifies_but_cannot_sign(rsa_key: rsa.RSAPrivateKey) -> None:
    issuer = FastJWT(FJWTConfig(JWT_ALGORITHM="RS256", JWT_PRIVATE_KEY=_private_pem(rsa_key)))
    verifier = FastJWT(FJWTConfig(JWT_ALGORITHM="RS256", JWT_PUBLIC_KEY=_public_pem(rsa_key)))
    token = issuer.create_access_token(uid="alice")
    assert verifier.verify_token(RequestToken(token=token, location="headers")).sub == "alice"
    with pytest.raises(BadConfigurationError, match="JWT_PRIVATE_KEY is not set: RS256 needs"):
        verifier.create_access_token(uid="alice")


def test_mismatched_pair_is_refused(
    rsa_key: rsa.RSAPrivateKey, other_rsa_key: rsa.RSAPrivateKey
) -> None:
    with pytest.raises(
        BadConfigurationError, match="JWT_PUBLIC_KEY does not match JWT_PRIVATE_KEY"
    ):
        FJWTConfig(
            JWT_ALGORITHM="RS256",
            JWT_PRIVATE_KEY=_private_pem(rsa_key),
            JWT_PUBLIC_KEY=_public_pem(other_rsa_key),
        )


def test_halves_swapped_are_refused(rsa_key: rsa.RSAPrivateKey) -> None:
    with pytest.raises(BadConfigurationError, match="JWT_PRIVATE_KEY holds a public key"):
        FJWTConfig(JWT_ALGORITHM="RS256", JWT_PRIVATE_KEY=_public_pem(rsa_key))
    with pytest.raises(BadConfigurationError, match="JWT_PUBLIC_KEY holds a private key"):
        FJWTConfig(JWT_ALGORITHM="RS256", JWT_PUBLIC_KEY=_private_pem(rsa_key))


def test_key_of_the_wrong_kind_is_refused(rsa_key: rsa.RSAPrivateKey) -> None:
    with pytest.raises(BadConfigurationError, match="JWT_PRIVATE_KEY cannot be used with ES256"):
        FJWTConfig(JWT_ALGORITHM="ES256", JWT_PRIVATE_KEY=_private_pem(rsa_key))
    with pytest.raises(BadConfigurationError) as caught:
        FJWTConfig(JWT_ALGORITHM="RS256", JWT_PUBLIC_KEY=public_pem(private_key("ES256")))
    assert str(caught.value) == (
        "JWT_PUBLIC_KEY cannot be used with RS256: the key is an ECPublicKey"
    )


def test_garbage_pem_is_refused() -> None:
    with pytest.raises(BadConfigurationError, match="JWT_PUBLIC_KEY cannot be used with RS256"):
        FJWTConfig(JWT_ALGORITHM="RS256", JWT_PUBLIC_KEY="not a key")


def test_weak_rsa_key_is_refused() -> None:
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 - on purpose
    with pytest.raises(BadConfigurationError, match="JWT_PRIVATE_KEY is too weak for RS256"):
        FJWTConfig(JWT_ALGORITHM="RS256", JWT_PRIVATE_KEY=_private_pem(weak))


def test_no_key_for_an_asymmetric_algorithm() -> None:
    config = FJWTConfig(JWT_ALGORITHM="ES256")
    with pytest.raises(BadConfigurationError, match="JWT_PRIVATE_KEY and JWT_PUBLIC_KEY are both"):
        FastJWT(config=config)


def test_hmac_minimum_bytes() -> None:
    assert [hmac_minimum_bytes(a) for a in ("HS256", "HS384", "HS512")] == [32, 48, 64]


def test_decode_algorithms_of_the_rsa_family(rsa_key: rsa.RSAPrivateKey) -> None:
    issuer = FastJWT(FJWTConfig(JWT_ALGORITHM="PS256", JWT_PRIVATE_KEY=_private_pem(rsa_key)))
    verifier = FastJWT(
        FJWTConfig(
            JWT_ALGORITHM="RS256",
            JWT_PUBLIC_KEY=_public_pem(rsa_key),
            JWT_DECODE_ALGORITHMS=["RS256", "PS256"],
        )
    )
    token = issuer.create_access_token(uid="alice")
    assert verifier.verify_token(RequestToken(token=token, location="headers")).sub == "alice"


def test_ec_keys_accept_their_own_algorithm_only() -> None:
    key = KEY_MAKERS["ES256"]()
    with pytest.raises(BadConfigurationError, match="verify with an ES256 key"):
        FJWTConfig(
            JWT_ALGORITHM="ES256",
            JWT_PRIVATE_KEY=_private_pem(key),
            JWT_DECODE_ALGORITHMS=["ES256", "ES384"],
        )


# Every algorithm PyJWT supports, and the key confusion that must never happen.


def _config_for(algorithm: str) -> FJWTConfig:
    if algorithm in HMAC_SECRETS:
        return FJWTConfig(JWT_ALGORITHM=algorithm, JWT_SECRET_KEY=HMAC_SECRETS[algorithm])
    return FJWTConfig(JWT_ALGORITHM=algorithm, JWT_PRIVATE_KEY=private_pem(private_key(algorithm)))


@pytest.mark.parametrize("algorithm", EVERY_ALGORITHM)
def test_every_algorithm_signs_and_verifies(algorithm: str) -> None:
    security = FastJWT(config=_config_for(algorithm))
    token = security.create_access_token(uid="alice")

    assert jwt.get_unverified_header(token)["alg"] == algorithm
    assert security.verify_token(RequestToken(token=token, location="headers")).sub == "alice"


@pytest.mark.parametrize("algorithm", ASYMMETRIC)
def test_every_asymmetric_algorithm_verifies_with_the_public_key_alone(algorithm: str) -> None:
    key = private_key(algorithm)
    issuer = FastJWT(FJWTConfig(JWT_ALGORITHM=algorithm, JWT_PRIVATE_KEY=private_pem(key)))
    verifier = FastJWT(FJWTConfig(JWT_ALGORITHM=algorithm, JWT_PUBLIC_KEY=public_pem(key)))

    token = issuer.create_access_token(uid="alice")

    assert verifier.verify_token_claims(token)["sub"] == "alice"


def test_eddsa_accepts_ed448_keys() -> None:
    _round_trip(
        FJWTConfig(JWT_ALGORITHM="EdDSA", JWT_PRIVATE_KEY=private_pem(private_key("Ed448")))
    )


@pytest.mark.parametrize(
    ("algorithm", "other"),
    [("ES256", "ES384"), ("ES384", "ES512"), ("ES256K", "ES256"), ("EdDSA", "ES256")],
)
def test_a_key_for_another_curve_is_refused(algorithm: str, other: str) -> None:
    with pytest.raises(
        BadConfigurationError, match=f"JWT_PRIVATE_KEY cannot be used with {algorithm}"
    ):
        FJWTConfig(JWT_ALGORITHM=algorithm, JWT_PRIVATE_KEY=private_pem(private_key(other)))


def _forge_hmac(secret: bytes, claims: dict[str, Any]) -> str:
    """Sign a token with HS256 by hand: PyJWT itself refuses a PEM key as an HMAC secret."""
    header = base64url_encode(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = base64url_encode(json.dumps(claims).encode())
    signing_input = header + b"." + payload
    signature = base64url_encode(hmac.new(secret, signing_input, hashlib.sha256).digest())
    return (signing_input + b"." + signature).decode()


def test_an_rsa_public_key_is_never_used_as_an_hmac_secret(rsa_key: rsa.RSAPrivateKey) -> None:
    public = _public_pem(rsa_key)
    with pytest.raises(BadConfigurationError, match="JWT_SECRET_KEY cannot be used with HS256"):
        FJWTConfig(JWT_ALGORITHM="HS256", JWT_SECRET_KEY=public)
    verifier = FastJWT(FJWTConfig(JWT_ALGORITHM="RS256", JWT_PUBLIC_KEY=public))
    genuine = FastJWT(FJWTConfig(JWT_ALGORITHM="RS256", JWT_PRIVATE_KEY=_private_pem(rsa_key)))
    claims = jwt.decode(
        genuine.create_access_token(uid="alice"), options={"verify_signature": False}
    )
    claims["sub"] = "admin"

    forged = _forge_hmac(public.encode(), claims)

    with pytest.raises(JWTDecodeError) as caught:
        verifier.verify_token_claims(forged)
    assert caught.value.description == "The token algorithm is not accepted"


def test_hmac_algorithms_cannot_be_accepted_next_to_rsa(rsa_key: rsa.RSAPrivateKey) -> None:
    with pytest.raises(BadConfigurationError, match="verify with an RSA key"):
        FJWTConfig(
            JWT_ALGORITHM="RS256",
            JWT_PUBLIC_KEY=_public_pem(rsa_key),
            JWT_DECODE_ALGORITHMS=["RS256", "HS256"],
        )


def test_the_algorithm_comes_from_the_configuration_not_the_token() -> None:
    es256 = FastJWT(_config_for("ES256"))
    verifier = FastJWT(
        FJWTConfig(JWT_ALGORITHM="ES256", JWT_PUBLIC_KEY=public_pem(private_key("ES256")))
    )
    none_token = jwt.encode({"sub": "alice"}, "", algorithm="none")

    with pytest.raises(JWTDecodeError) as caught:
        verifier.verify_token_claims(none_token)
    assert caught.value.description == "The token algorithm is not accepted"
    assert verifier.verify_token_claims(es256.create_access_token(uid="alice"))["sub"] == "alice"


def test_key_helpers_read_files_and_derive_the_public_key(tmp_path: Path) -> None:
    """0.4.1's PRIVATE_KEY and PUBLIC_KEY: the key text, wherever the settings keep it."""
    ec_key = private_key("ES256")
    private_file = tmp_path / "es256.pem"
    private_file.write_text(private_pem(ec_key))
    config = FJWTConfig(JWT_ALGORITHM="ES256", JWT_PRIVATE_KEY_FILE=private_file)
    assert private_pem(ec_key) == config.PRIVATE_KEY
    assert public_pem(ec_key) == config.PUBLIC_KEY
    public_only = FJWTConfig(JWT_ALGORITHM="ES256", JWT_PUBLIC_KEY=public_pem(ec_key))
    assert public_pem(ec_key) == public_only.PUBLIC_KEY
    with pytest.raises(BadConfigurationError, match="JWT_PRIVATE_KEY is not set: ES256 needs it"):
        _ = public_only.PRIVATE_KEY
    with pytest.raises(BadConfigurationError, match="JWT_PUBLIC_KEY is not set: RS256 needs it"):
        _ = FJWTConfig(JWT_ALGORITHM="RS256").PUBLIC_KEY


def test_the_public_half_of_a_public_key_is_refused() -> None:
    ec_key = private_key("ES256")
    with pytest.raises(BadConfigurationError, match="holds a public key"):
        parsing.public_pem("ES256", public_pem(ec_key), "JWT_PRIVATE_KEY")
