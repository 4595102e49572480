"""Keys for the tests: one private key per algorithm family, PEM text, and key files."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

from tests.support import secret_of

HMAC_SECRETS: dict[str, str] = {
    "HS256": secret_of(32, "h"),
    "HS384": secret_of(48, "h"),
    "HS512": secret_of(64, "h"),
}
ASYMMETRIC = [
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES256K",
    "ES384",
    "ES512",
    "EdDSA",
]
EVERY_ALGORITHM = [*HMAC_SECRETS, *ASYMMETRIC]

_CURVES: dict[str, type[ec.EllipticCurve]] = {
    "ES256": ec.SECP256R1,
    "ES256K": ec.SECP256K1,
    "ES384": ec.SECP384R1,
    "ES512": ec.SECP521R1,
}


def new_private_key(algorithm: str, *, rsa_bits: int = 2048) -> Any:
    """A fresh private key for an asymmetric algorithm."""
    if algorithm.startswith(("RS", "PS")):
        return rsa.generate_private_key(public_exponent=65537, key_size=rsa_bits)
    if algorithm in _CURVES:
        return ec.generate_private_key(_CURVES[algorithm]())
    return ed25519.Ed25519PrivateKey.generate()


@functools.cache
def private_key(algorithm: str, name: str = "default") -> Any:
    """One private key per algorithm and name, shared by the tests (RSA keys are slow)."""
    if algorithm == "Ed448":
        return ed448.Ed448PrivateKey.generate()
    family = "RSA" if algorithm.startswith(("RS", "PS")) else algorithm
    if family != algorithm:
        return private_key(family, name)
    return new_private_key(algorithm)


def private_pem(key: Any) -> str:
    data: bytes = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return data.decode()


def public_pem(key: Any) -> str:
    data: bytes = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return data.decode()


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path
