"""JSON Web Keys (RFC 7517): publish the public half of a key set, read another's.

Publishing only ever writes public keys of asymmetric algorithms: an HMAC
secret or a private key never leaves the process. Reading keeps, from another
service's JWK Set, the signature keys whose type fits an algorithm the local
configuration accepts; anything else in the set is skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastjwt.exceptions import BadConfigurationError
from fastjwt.keys.keyring import KeyMaterial, VerificationKey
from fastjwt.keys.parsing import ALGORITHMS, is_private
from fastjwt.tokens.codec import InvalidKeyError

__all__ = ["check_publishable", "jwk_set", "key_algorithms", "read_jwk_set"]

_RSA = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512")
_BY_CURVE: dict[tuple[str, str], tuple[str, ...]] = {
    ("EC", "P-256"): ("ES256",),
    ("EC", "secp256k1"): ("ES256K",),
    ("EC", "P-384"): ("ES384",),
    ("EC", "P-521"): ("ES512",),
    ("OKP", "Ed25519"): ("EdDSA",),
    ("OKP", "Ed448"): ("EdDSA",),
}


def key_algorithms(jwk: Mapping[str, Any]) -> tuple[str, ...]:
    """The algorithms a JWK's type and curve can verify; none for `oct` (HMAC) keys."""
    kty = jwk.get("kty")
    if kty == "RSA":
        return _RSA
    return _BY_CURVE.get((str(kty), str(jwk.get("crv"))), ())


def _public_jwk(key: Any, kid: str, algorithm: str, alg: str | None) -> dict[str, Any]:
    jwk: dict[str, Any] = dict(ALGORITHMS[algorithm].to_jwk(key, as_dict=True))
    jwk.pop("key_ops", None)  # RFC 7517 section 4.3: not together with "use"
    jwk.update(kid=kid, use="sig")
    if alg is not None:
        jwk["alg"] = alg
    return jwk


def jwk_set(keys: KeyMaterial) -> dict[str, list[dict[str, Any]]]:
    """The public keys of a key set, as a JWK Set; the signing key's first.

    Each key carries its `kid`, `"use": "sig"` and, when only one algorithm
    can be meant, `alg`. HMAC secrets are never published (the set is empty),
    and neither are keys without a key id.
    """
    if keys.algorithm.startswith("HS"):
        return {"keys": []}
    published = []
    for kid, key in keys.by_kid.items():
        if kid == keys.key_id:
            alg: str | None = keys.algorithm
        else:
            alg = key.algorithms[0] if len(key.algorithms) == 1 else None
        published.append(_public_jwk(key.key, kid, keys.algorithm, alg))
    return {"keys": published}


def check_publishable(keys: KeyMaterial) -> None:
    """Refuse a configuration whose JWK Set would be useless.

    Raises:
        BadConfigurationError: The keys are HMAC secrets, or have no key id.
    """
    if keys.algorithm.startswith("HS"):
        msg = (
            f"JWT_ALGORITHM is {keys.algorithm}: an HMAC secret is never published; a JWK Set "
            "needs a public-key algorithm (RS256, ES256, EdDSA, ...)"
        )
        raise BadConfigurationError(msg)
    if not keys.by_kid:
        msg = (
            "JWT_KEY_ID is not set: published keys need a key id, which tokens carry so that "
            "verifiers can pick the key (with JWT_JWKS_URL there are no keys of your own)"
        )
        raise BadConfigurationError(msg)


def read_jwk_set(document: object, accepted: tuple[str, ...]) -> dict[str, VerificationKey]:
    """The keys of a JWK Set that can verify tokens of the accepted algorithms, by `kid`.

    A key without `kid` is kept (under the empty key id) only when it is the
    set's one usable key. A key is skipped when it is not meant for signatures, has a
    type or `alg` that fits none of `accepted`, cannot be parsed, or is too
    weak; for a `kid` listed twice, the first usable key counts. Private
    parameters, if a careless issuer publishes them, are dropped.

    Raises:
        ValueError: `document` is not a JWK Set (an object with a `keys` list).
    """
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        msg = 'not a JWK Set: expected an object with a "keys" list'
        raise ValueError(msg)  # noqa: TRY004 - a malformed document, whatever its type
    found: dict[str, VerificationKey] = {}
    usable = 0
    for jwk in document["keys"]:
        read = _read_jwk(jwk, accepted)
        if read is not None:
            usable += 1
            found.setdefault(*read)
    if "" in found and usable > 1:
        del found[""]  # a key without kid only stands for "the" key of a one-key set
    return found


def _read_jwk(jwk: object, accepted: tuple[str, ...]) -> tuple[str, VerificationKey] | None:
    if not isinstance(jwk, dict):
        return None
    kid = jwk.get("kid", "")
    operations = jwk.get("key_ops", ["verify"])
    if (
        not isinstance(kid, str)
        or jwk.get("use", "sig") != "sig"
        or not isinstance(operations, list)
        or "verify" not in operations
    ):
        return None
    fits = key_algorithms(jwk)
    declared = jwk.get("alg")
    algorithms = tuple(name for name in accepted if name in fits and declared in (None, name))
    if not algorithms:
        return None
    implementation = ALGORITHMS[algorithms[0]]
    try:
        key = implementation.from_jwk(jwk)
    except (InvalidKeyError, ValueError, TypeError):
        return None
    if is_private(key):
        key = key.public_key()
    if implementation.check_key_length(key) is not None:
        return None
    return kid, VerificationKey(key, algorithms)
