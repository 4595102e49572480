"""New keys for the command line: HMAC secrets, key pairs as PEM, and JWK Sets.

Also the conversions the command line needs to read what it writes: a JWK to
a key object, a key object to PEM.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from fastjwt.keys.jwk import key_algorithms
from fastjwt.keys.parsing import ALGORITHMS, hmac_minimum_bytes, is_private
from fastjwt.tokens.codec import InvalidKeyError, base64url_encode

__all__ = [
    "jwk_set",
    "jwk_thumbprint",
    "new_private_key",
    "new_secret",
    "pem",
    "read_jwk",
]

_CURVES: dict[str, type[ec.EllipticCurve]] = {
    "ES256": ec.SECP256R1,
    "ES256K": ec.SECP256K1,
    "ES384": ec.SECP384R1,
    "ES512": ec.SECP521R1,
}
# RFC 7638 section 3.2: the members a thumbprint hashes, per key type.
_THUMBPRINT_MEMBERS = {
    "RSA": ("e", "kty", "n"),
    "EC": ("crv", "kty", "x", "y"),
    "OKP": ("crv", "kty", "x"),
}


def new_secret(algorithm: str) -> str:
    """A random secret for an HMAC algorithm, URL-safe, longer than its minimum in bytes."""
    return secrets.token_urlsafe(hmac_minimum_bytes(algorithm))


def new_private_key(algorithm: str, rsa_bits: int = 2048) -> Any:
    """A new private key for an asymmetric algorithm (Ed25519 for EdDSA)."""
    if algorithm.startswith(("RS", "PS")):
        return rsa.generate_private_key(public_exponent=65537, key_size=rsa_bits)
    if algorithm in _CURVES:
        return ec.generate_private_key(_CURVES[algorithm]())
    return ed25519.Ed25519PrivateKey.generate()


def pem(key: Any) -> str:
    """A key as PEM text: PKCS #8 for a private key, SubjectPublicKeyInfo for a public one."""
    if is_private(key):
        data: bytes = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    else:
        data = key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    return data.decode()


def jwk_thumbprint(jwk: Mapping[str, Any]) -> str:
    """The RFC 7638 thumbprint (SHA-256, base64url) of a public JWK: a key id made from the key."""
    members = _THUMBPRINT_MEMBERS[str(jwk["kty"])]
    canonical = json.dumps({name: jwk[name] for name in members}, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64url_encode(digest)


def jwk_set(key: Any, algorithm: str, kid: str | None) -> dict[str, list[dict[str, Any]]]:
    """A JWK Set holding `key` (private or public), with `kid`, `use` and `alg`.

    Without `kid`, the key id is the key's RFC 7638 thumbprint.
    """
    jwk: dict[str, Any] = dict(ALGORITHMS[algorithm].to_jwk(key, as_dict=True))
    jwk.pop("key_ops", None)
    public_key = key.public_key() if is_private(key) else key
    public = dict(ALGORITHMS[algorithm].to_jwk(public_key, as_dict=True))
    jwk.update(kid=kid or jwk_thumbprint(public), use="sig", alg=algorithm)
    return {"keys": [jwk]}


def read_jwk(document: object, kid: str | None) -> tuple[Any, str, str | None]:
    """Pick a key from a JWK or a JWK Set, by `kid` or as the only key.

    Returns:
        The key object, its algorithm (its `alg`, else the first its type
        allows) and its key id.

    Raises:
        ValueError: No key, several keys and no `kid`, or a key that cannot be read.
    """
    if isinstance(document, dict) and isinstance(document.get("keys"), list):
        candidates = [jwk for jwk in document["keys"] if isinstance(jwk, dict)]
    elif isinstance(document, dict):
        candidates = [document]
    else:
        msg = "not a JWK or a JWK Set"
        raise ValueError(msg)  # noqa: TRY004 - a malformed file, whatever its JSON type
    if kid is not None:
        candidates = [jwk for jwk in candidates if jwk.get("kid") == kid]
    if len(candidates) != 1:
        found = "no key" if not candidates else f"{len(candidates)} keys"
        msg = f"{found} {'with that kid' if kid else 'in the file'}; name one with --kid"
        raise ValueError(msg)
    (jwk,) = candidates
    fits = key_algorithms(jwk)
    algorithm = jwk.get("alg") if jwk.get("alg") in fits else (fits[0] if fits else None)
    if algorithm is None:
        msg = f"unsupported key type {jwk.get('kty')!r} (HMAC secrets are not read from JWKs)"
        raise ValueError(msg)
    try:
        key = ALGORITHMS[algorithm].from_jwk(jwk)
    except (InvalidKeyError, ValueError, TypeError) as error:
        msg = f"the key cannot be read: {error}"
        raise ValueError(msg) from error
    found_kid = jwk.get("kid")
    return key, algorithm, found_kid if isinstance(found_kid, str) else None
