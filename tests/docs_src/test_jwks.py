"""The JWKS page (docs_src/jwks): an issuer that publishes its keys, a service that verifies.

In process, the verifier reads the issuer's JWK Set from a stub endpoint; end to end, the
two apps run under uvicorn on 127.0.0.1, the issuer rotates its key, and the verifier follows.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import jwt
import pytest
from fastapi.testclient import TestClient

from tests.support import bearer, fresh_import
from tests.support.jwks import StubJWKS, stub_jwks, wait_until
from tests.support.keys import new_private_key, private_pem, public_pem, write
from tests.support.services import HOST, free_port, serve_on

ISSUER = "docs_src.jwks.tutorial001"
VERIFIER = "docs_src.jwks.tutorial002"
LOGIN = {"username": "alice", "password": "wonderland"}


class Keys:
    """Two generations of the issuer's key pair, as files, the way `fastjwt keygen` writes them."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        for kid in ("2025-01", "2025-06"):
            key = new_private_key("ES256")
            write(directory, f"{kid}.pem", private_pem(key))
            write(directory, f"{kid}.pub.pem", public_pem(key))

    def issuer_env(self, kid: str, *old: str) -> dict[str, str]:
        return {
            "JWT_ALGORITHM": "ES256",
            "JWT_KEY_ID": kid,
            "JWT_PRIVATE_KEY_FILE": str(self.directory / f"{kid}.pem"),
            "JWT_VERIFICATION_KEY_FILES": json.dumps(
                {name: str(self.directory / f"{name}.pub.pem") for name in old}
            ),
        }


@pytest.fixture
def keys(tmp_path: Path) -> Keys:
    return Keys(tmp_path)


@pytest.fixture
def stub() -> Iterator[StubJWKS]:
    with stub_jwks() as stub:
        yield stub


def set_env(monkeypatch: pytest.MonkeyPatch, values: dict[str, str]) -> None:
    for name, value in values.items():
        monkeypatch.setenv(name, value)


def test_the_issuer_publishes_its_public_key_and_signs_with_its_kid(
    keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_env(monkeypatch, keys.issuer_env("2025-01"))
    issuer = fresh_import(ISSUER)

    with TestClient(issuer.app) as client:
        published = client.get("/.well-known/jwks.json").json()
        token = client.post("/login", params=LOGIN).json()["access_token"]
        refused = client.post("/login", params={**LOGIN, "password": "x"})

    (jwk,) = published["keys"]
    assert (jwk["kid"], jwk["alg"], jwk["use"], "d" in jwk) == ("2025-01", "ES256", "sig", False)
    assert jwt.get_unverified_header(token)["kid"] == "2025-01"
    claims = jwt.decode(token, options={"verify_signature": False})
    assert (claims["iss"], claims["aud"], claims["sub"]) == (
        "https://auth.example.com",
        "orders",
        "user-1",
    )
    assert refused.status_code == 401


def test_the_verifier_checks_tokens_with_the_published_keys(
    keys: Keys, stub: StubJWKS, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_env(monkeypatch, keys.issuer_env("2025-01"))
    issuer = fresh_import(ISSUER)
    stub.publish(issuer.security.jwk_set())
    token = issuer.security.create_access_token(uid="user-1")
    foreign = issuer.security.create_access_token(uid="user-1", audience="billing")
    for name in keys.issuer_env("2025-01"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("JWT_JWKS_URL", stub.url)
    verifier = fresh_import(VERIFIER)

    with TestClient(verifier.app) as client:
        good = client.get("/orders", headers=bearer(token))
        wrong_audience = client.get("/orders", headers=bearer(foreign))
        missing = client.get("/orders")

    assert good.json() == {"user": "user-1", "orders": []}
    assert wrong_audience.status_code == 401
    assert "audience" in wrong_audience.headers["WWW-Authenticate"]
    assert missing.status_code == 401


@pytest.mark.e2e
def test_two_services_and_a_key_rotation(keys: Keys) -> None:
    issuer_port, verifier_port = free_port(), free_port()
    verifier_env = {
        "JWT_JWKS_URL": f"http://{HOST}:{issuer_port}/.well-known/jwks.json",
        "JWT_JWKS_CACHE_LIFETIME": "1",
        "JWT_JWKS_MIN_FETCH_INTERVAL": "0",
    }
    auth = httpx2.Client(base_url=f"http://{HOST}:{issuer_port}", timeout=10, trust_env=False)
    orders = httpx2.Client(base_url=f"http://{HOST}:{verifier_port}", timeout=10, trust_env=False)

    def login() -> str:
        token = auth.post("/login", params=LOGIN).json()["access_token"]
        assert isinstance(token, str)
        return token

    def status(token: str) -> int:
        return orders.get("/orders", headers=bearer(token)).status_code

    with auth, orders, serve_on(VERIFIER + ":app", verifier_port, verifier_env):
        # The issuer starts with its first key; the verifier has no key of its own.
        with serve_on(ISSUER + ":app", issuer_port, keys.issuer_env("2025-01")):
            first = login()
            assert status(first) == 200

        # The issuer is down: known keys keep working from the cache, unknown ones get 503.
        unknown = jwt.encode(
            jwt.decode(first, options={"verify_signature": False}),
            new_private_key("ES256"),
            algorithm="ES256",
            headers={"kid": "2025-06"},
        )
        time.sleep(1.1)  # past the verifier's cache lifetime: it tries, and fails, to refetch
        assert status(first) == 200
        assert status(unknown) == 503

        # Rotation: sign with the new key, keep the old one for verification only.
        with serve_on(ISSUER + ":app", issuer_port, keys.issuer_env("2025-06", "2025-01")):
            second = login()
            assert jwt.get_unverified_header(second)["kid"] == "2025-06"
            assert status(second) == 200
            assert status(first) == 200
            assert status(unknown) == 401
            kids = [jwk["kid"] for jwk in auth.get("/.well-known/jwks.json").json()["keys"]]
            assert kids == ["2025-06", "2025-01"]

        # Once no token signed with the old key can still be valid, the old key goes.
        with serve_on(ISSUER + ":app", issuer_port, keys.issuer_env("2025-06")):
            assert status(second) == 200
            assert wait_until(lambda: status(first) == 401, timeout=10)
            assert status(second) == 200
