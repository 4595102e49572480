"""FastJWT and three other JOSE libraries (joserfc, jwcrypto, python-jose), both ways.

- Tokens FastJWT makes (HS256, RS256, ES256, EdDSA, each with a `kid`) verify in each
  library the moment they are made: no leeway is given, so an `iat` or `nbf` even a
  fraction of a second ahead of the verifier's clock would fail (jwcrypto also refuses
  a non-integer `iat`).
- FastJWT's published JWK Set (`security.jwk_set()`) loads in each library, and its keys
  verify the tokens their `kid` names.
- Tokens each library makes are accepted: HS256 with a shared secret by an application's
  own configuration (the token carrying FastJWT's claims), and RS256, ES256, ES384 and EdDSA
  from a trusted issuer, whose JWK Set the stand-in issuer serves on 127.0.0.1. The ECDSA
  signatures of those libraries have a high `s` about half of the time: all are accepted.

python-jose has no EdDSA (OKP keys), so its cases leave that algorithm out.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import utils
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from fastjwt import FastJWT, FJWTConfig, TokenPayload, TrustedIssuer
from tests.interop.libraries import LIBRARIES, Library, SigningKey
from tests.support import bearer
from tests.support.issuer import provider_key, stand_in_issuer
from tests.support.keys import private_pem

SECRET = b"an-hmac-secret-shared-by-every-library-0123"
AUDIENCE = "https://api.example.com"
OWN_ALGORITHMS = ("HS256", "RS256", "ES256", "EdDSA")
ISSUER_ALGORITHMS = ("RS256", "ES256", "ES384", "EdDSA")
# P-256 and P-384 group orders: a signature's `s` is "high" above half of it.
ORDERS = {
    "ES256": 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
    "ES384": int(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973",
        16,
    ),
}
ROUNDS = 12
"""Tokens made and verified at once per case: enough to straddle a second boundary."""


def cases(algorithms: tuple[str, ...]) -> list[Any]:
    return [
        pytest.param(library, algorithm, id=f"{library.name}-{algorithm}")
        for library in LIBRARIES
        for algorithm in algorithms
        if algorithm in library.algorithms
    ]


def signing_key(algorithm: str) -> SigningKey:
    return SigningKey(algorithm, SECRET if algorithm == "HS256" else provider_key(algorithm))


def own_security(key: SigningKey, kid: str | None = "own-1") -> FastJWT[Any]:
    settings: dict[str, Any] = {"JWT_ALGORITHM": key.algorithm, "JWT_KEY_ID": kid}
    if key.is_secret:
        settings["JWT_SECRET_KEY"] = key.material.decode()
    else:
        settings["JWT_PRIVATE_KEY"] = private_pem(key.material)
    return FastJWT(FJWTConfig(**settings))


def client_of(security: FastJWT[Any]) -> TestClient:
    app = FastAPI()

    @app.get("/me")
    def me(payload: TokenPayload = Depends(security.access_token_required)) -> dict[str, Any]:  # noqa: B008
        return {"sub": payload.sub, "scopes": payload.scopes}

    return TestClient(app)


# FastJWT's tokens, verified elsewhere.


@pytest.mark.parametrize(("library", "algorithm"), cases(OWN_ALGORITHMS))
def test_fastjwt_tokens_verify_elsewhere_the_moment_they_are_made(
    library: Library, algorithm: str
) -> None:
    key = signing_key(algorithm)
    security = own_security(key)
    for index in range(ROUNDS):
        token = security.create_access_token(uid=f"user-{index}", data={"role": "admin"})
        claims = library.verify(token, key)  # no sleep, no leeway
        assert (claims["sub"], claims["type"], claims["role"]) == (
            f"user-{index}",
            "access",
            "admin",
        )
        assert claims["iat"] == claims["nbf"]
        assert all(isinstance(claims[name], int) for name in ("iat", "nbf", "exp"))
        time.sleep(0.09)  # ROUNDS * 0.09 s: the loop crosses at least one second boundary


@pytest.mark.parametrize(
    ("library", "algorithm"), cases(tuple(name for name in OWN_ALGORITHMS if name != "HS256"))
)
def test_the_published_jwk_set_loads_elsewhere(library: Library, algorithm: str) -> None:
    key = signing_key(algorithm)
    security = own_security(key, kid="2025-06")
    published = security.jwk_set()
    assert [jwk["kid"] for jwk in published["keys"]] == ["2025-06"]
    token = security.create_access_token(uid="alice")
    assert library.verify_with_set(token, published, algorithm)["sub"] == "alice"
    # A token from another key under the same kid is refused by the published set.
    other = own_security(signing_key(algorithm), kid="2025-06").create_access_token(uid="eve")
    with pytest.raises(Exception):  # noqa: B017, PT011 - each library raises its own error
        library.verify_with_set(other, published, algorithm)


# Other libraries' tokens, accepted by FastJWT.


def fastjwt_claims(subject: str) -> dict[str, Any]:
    """The claims FastJWT requires of its own access tokens, written by hand."""
    now = int(time.time())
    return {
        "sub": subject,
        "iat": now,
        "nbf": now,
        "exp": now + 300,
        "jti": str(uuid.uuid4()),
        "type": "access",
        "fresh": False,
        "scopes": ["read"],
    }


@pytest.mark.parametrize("library", LIBRARIES, ids=lambda library: library.name)
def test_hs256_tokens_of_other_libraries_are_accepted_as_own_tokens(library: Library) -> None:
    key = signing_key("HS256")
    # With JWT_KEY_ID the token names the key; without it, there is one key and no kid.
    for kid in ("own-1", None):
        client = client_of(own_security(key, kid))
        token = library.sign(fastjwt_claims("bob"), key, kid)
        response = client.get("/me", headers=bearer(token))
        assert response.status_code == 200, response.headers.get("WWW-Authenticate")
        assert response.json() == {"sub": "bob", "scopes": ["read"]}
        wrong = library.sign(fastjwt_claims("bob"), SigningKey("HS256", b"x" * 43), kid)
        assert client.get("/me", headers=bearer(wrong)).status_code == 401


def provider_claims(issuer: str, subject: str) -> dict[str, Any]:
    now = int(time.time())
    return {
        "iss": issuer,
        "sub": subject,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + 300,
        "scope": "read:items write:items",
    }


@contextlib.contextmanager
def trusting(key: SigningKey) -> Iterator[tuple[str, TestClient]]:
    """A stand-in issuer serving `key`'s public half, and an app that trusts it."""
    with stand_in_issuer(key.algorithm, key=key.material) as provider:
        url = provider.serve_issuer("/")
        settings = TrustedIssuer(issuer=url, audiences=[AUDIENCE], algorithms=[key.algorithm])
        yield url, client_of(FastJWT(FJWTConfig(JWT_TRUSTED_ISSUERS=[settings])))


@pytest.mark.parametrize(("library", "algorithm"), cases(ISSUER_ALGORITHMS))
def test_tokens_of_other_libraries_are_accepted_from_a_trusted_issuer(
    library: Library, algorithm: str
) -> None:
    key = signing_key(algorithm)
    with trusting(key) as (url, client):
        token = library.sign(provider_claims(url, "carol"), key, "stand-in-1")
        response = client.get("/me", headers=bearer(token))
    assert response.status_code == 200, response.headers.get("WWW-Authenticate")
    assert response.json() == {"sub": "carol", "scopes": ["read:items", "write:items"]}


def high_s(token: str, algorithm: str) -> bool:
    from fastjwt.tokens.codec import base64url_decode  # noqa: PLC0415 - test-only helper use

    signature = base64url_decode(token.rsplit(".", 1)[1])
    half = len(signature) // 2
    r, s = int.from_bytes(signature[:half]), int.from_bytes(signature[half:])
    assert utils.encode_dss_signature(r, s)  # a well-formed pair
    return s > ORDERS[algorithm] // 2


@pytest.mark.parametrize(("library", "algorithm"), cases(("ES256", "ES384")))
def test_high_and_low_s_ecdsa_signatures_of_other_libraries_are_accepted(
    library: Library, algorithm: str
) -> None:
    key = signing_key(algorithm)
    with trusting(key) as (url, client):
        seen: dict[bool, int] = {True: 0, False: 0}
        # 64 tokens: the chance that all have the same kind of `s` is 2 ** -63.
        for index in range(64):
            token = library.sign(provider_claims(url, f"user-{index}"), key, "stand-in-1")
            response = client.get("/me", headers=bearer(token))
            assert response.status_code == 200, response.headers.get("WWW-Authenticate")
            seen[high_s(token, algorithm)] += 1
    assert seen[True] > 0
    assert seen[False] > 0
