"""Three JOSE libraries besides PyJWT, each behind the same small interface.

`Library.sign` makes a compact JWS the way an application using that library
would; `Library.verify` checks one with the library's default rules and no
clock leeway at all (jwcrypto allows 60 seconds unless told otherwise), so a
token dated even a fraction of a second into the future fails there as it
would in a strict verifier; `Library.verify_with_set` loads a JWK Set
document with the library's own loader and verifies with the key its `kid`
names.
"""

from __future__ import annotations

import contextlib
import json
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from cryptography.hazmat.primitives import serialization
from jose import jwk as jose_jwk
from jose import jwt as jose_jwt
from joserfc import jwt as rfc_jwt
from joserfc.errors import SecurityWarning
from joserfc.jwk import ECKey, KeySet, OctKey, OKPKey, RSAKey
from jwcrypto import jwk as crypto_jwk
from jwcrypto import jwt as crypto_jwt

Claims = dict[str, Any]


@dataclass(frozen=True)
class SigningKey:
    """A key as the tests hold it: an HMAC secret (bytes) or a `cryptography` private key."""

    algorithm: str
    material: Any

    @property
    def is_secret(self) -> bool:
        return isinstance(self.material, bytes)

    def private_pem(self) -> bytes:
        return bytes(
            self.material.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )

    def public_pem(self) -> bytes:
        return bytes(
            self.material.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )


class Library(Protocol):
    """What the interoperability tests ask of a JOSE library."""

    name: str
    algorithms: frozenset[str]

    def sign(self, claims: Claims, key: SigningKey, kid: str | None) -> str:
        """A compact JWS of `claims`, with `kid` in the header when given."""

    def verify(self, token: str, key: SigningKey) -> Claims:
        """The claims, once the signature and the time claims hold (no leeway)."""

    def verify_with_set(self, token: str, jwk_set: dict[str, Any], algorithm: str) -> Claims:
        """The same, with the key the token's `kid` names in a JWK Set document."""


@contextlib.contextmanager
def _eddsa_allowed() -> Iterator[None]:
    """joserfc warns on `EdDSA` (RFC 9864 prefers `Ed25519`), the name FastJWT writes."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "EdDSA is deprecated", SecurityWarning)
        yield


class Joserfc:
    """joserfc (Authlib's successor): keys as objects, claims checked by a registry."""

    name = "joserfc"
    algorithms = frozenset({"HS256", "RS256", "ES256", "ES384", "EdDSA"})

    @staticmethod
    def _key(key: SigningKey, *, private: bool) -> Any:
        if key.is_secret:
            return OctKey.import_key(key.material)
        pem = key.private_pem() if private else key.public_pem()
        if key.algorithm.startswith("RS"):
            return RSAKey.import_key(pem)
        if key.algorithm.startswith("ES"):
            return ECKey.import_key(pem)
        return OKPKey.import_key(pem)

    def sign(self, claims: Claims, key: SigningKey, kid: str | None) -> str:
        header = {"alg": key.algorithm, **({"kid": kid} if kid else {})}
        # EdDSA is "not recommended" by joserfc's registry (RFC 9864): allowed explicitly.
        with _eddsa_allowed():
            token: str = rfc_jwt.encode(
                header, claims, self._key(key, private=True), algorithms=[key.algorithm]
            )
        return token

    def verify(self, token: str, key: SigningKey) -> Claims:
        return self._checked(token, self._key(key, private=False), key.algorithm)

    def verify_with_set(self, token: str, jwk_set: dict[str, Any], algorithm: str) -> Claims:
        return self._checked(token, KeySet.import_key_set(jwk_set), algorithm)  # type: ignore[arg-type]

    @staticmethod
    def _checked(token: str, key: Any, algorithm: str) -> Claims:
        with _eddsa_allowed():
            decoded = rfc_jwt.decode(token, key, algorithms=[algorithm])
        rfc_jwt.JWTClaimsRegistry(leeway=0).validate(decoded.claims)
        return dict(decoded.claims)


class Jwcrypto:
    """jwcrypto (Latchset): `JWK` objects; `JWT` checks `exp`, `nbf` and an integer `iat`."""

    name = "jwcrypto"
    algorithms = frozenset({"HS256", "RS256", "ES256", "ES384", "EdDSA"})

    @staticmethod
    def _key(key: SigningKey, *, private: bool) -> Any:
        if key.is_secret:
            return crypto_jwk.JWK.from_password(key.material.decode())
        return crypto_jwk.JWK.from_pem(key.private_pem() if private else key.public_pem())

    def sign(self, claims: Claims, key: SigningKey, kid: str | None) -> str:
        header = {"alg": key.algorithm, **({"kid": kid} if kid else {})}
        token = crypto_jwt.JWT(header=header, claims=claims)
        token.make_signed_token(self._key(key, private=True))
        serialized: str = token.serialize()
        return serialized

    def verify(self, token: str, key: SigningKey) -> Claims:
        return self._checked(token, self._key(key, private=False), key.algorithm)

    def verify_with_set(self, token: str, jwk_set: dict[str, Any], algorithm: str) -> Claims:
        return self._checked(token, crypto_jwk.JWKSet.from_json(json.dumps(jwk_set)), algorithm)

    @staticmethod
    def _checked(token: str, key: Any, algorithm: str) -> Claims:
        verifier = crypto_jwt.JWT(algs=[algorithm], expected_type="JWS")
        verifier.leeway = 0
        verifier.deserialize(token, key)
        claims: Claims = json.loads(verifier.claims)
        return claims


class PythonJose:
    """python-jose with its cryptography backend: keys as PEM text or JWK dicts; no EdDSA."""

    name = "python-jose"
    algorithms = frozenset({"HS256", "RS256", "ES256", "ES384"})

    @staticmethod
    def _key(key: SigningKey, *, private: bool) -> Any:
        if key.is_secret:
            return key.material
        return (key.private_pem() if private else key.public_pem()).decode()

    def sign(self, claims: Claims, key: SigningKey, kid: str | None) -> str:
        return jose_jwt.encode(
            claims,
            self._key(key, private=True),
            algorithm=key.algorithm,
            headers={"kid": kid} if kid else None,
        )

    def verify(self, token: str, key: SigningKey) -> Claims:
        return jose_jwt.decode(
            token, self._key(key, private=False), algorithms=[key.algorithm], options={"leeway": 0}
        )

    def verify_with_set(self, token: str, jwk_set: dict[str, Any], algorithm: str) -> Claims:
        kid = jose_jwt.get_unverified_header(token)["kid"]
        (found,) = [key for key in jwk_set["keys"] if key["kid"] == kid]
        constructed = jose_jwk.construct(found, algorithm)
        return jose_jwt.decode(
            token, constructed.to_dict(), algorithms=[algorithm], options={"leeway": 0}
        )


LIBRARIES: tuple[Library, ...] = (Joserfc(), Jwcrypto(), PythonJose())
