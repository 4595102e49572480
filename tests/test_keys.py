"""Asymmetric keys: parsed once, checked against the algorithm and against each other."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from fastjwt import BadConfigurationError, FastJWT, FJWTConfig, RequestToken
from fastjwt.keys import hmac_minimum_bytes


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
    assert isinstance(config.keys.verifying_key, rsa.RSAPublicKey)
    _round_trip(config)


def test_keys_are_parsed_into_key_objects(rsa_key: rsa.RSAPrivateKey) -> None:
    config = FJWTConfig()
    config.JWT_ALGORITHM = "RS256"
    config.JWT_PRIVATE_KEY = _private_pem(rsa_key)
    assert isinstance(config.keys.signing_key, rsa.RSAPrivateKey)
    assert config.PRIVATE_KEY == config.JWT_PRIVATE_KEY
    assert config.PUBLIC_KEY is None
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
