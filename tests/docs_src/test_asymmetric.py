"""The Asymmetric keys examples (docs_src/asymmetric): a service that signs, one that verifies."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fastjwt import BadConfigurationError
from tests.support import bearer, fresh_import
from tests.support.keys import new_private_key, private_pem, public_pem, write

ISSUER = "docs_src.asymmetric.tutorial001"
VERIFIER = "docs_src.asymmetric.tutorial002"


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    key = new_private_key("ES256")
    return (
        write(tmp_path, "2025-06.pem", private_pem(key)),
        write(tmp_path, "2025-06.pub.pem", public_pem(key)),
    )


def test_the_issuer_signs_with_its_private_key_file(
    keys: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JWT_PRIVATE_KEY_FILE", str(keys[0]))
    issuer = fresh_import(ISSUER)

    with TestClient(issuer.app) as client:
        token = client.post("/login", params={"username": "alice", "password": "wonderland"})
        refused = client.post("/login", params={"username": "alice", "password": "x"})
        me = client.get("/me", headers=bearer(token.json()["access_token"]))

    assert refused.status_code == 401
    assert me.json() == "user-1"


def test_the_verifier_needs_only_the_public_key(
    keys: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JWT_PRIVATE_KEY_FILE", str(keys[0]))
    token = fresh_import(ISSUER).security.create_access_token(uid="user-1")
    monkeypatch.delenv("JWT_PRIVATE_KEY_FILE")
    monkeypatch.setenv("JWT_PUBLIC_KEY_FILE", str(keys[1]))
    verifier = fresh_import(VERIFIER)

    with TestClient(verifier.app) as client:
        good = client.get("/orders", headers=bearer(token))
        bad = client.get("/orders", headers=bearer(token[:-4] + "AAAA"))

    assert good.json() == {"user": "user-1", "orders": []}
    assert bad.status_code == 401
    with pytest.raises(BadConfigurationError, match="JWT_PRIVATE_KEY is not set"):
        verifier.security.create_access_token(uid="user-1")


@pytest.mark.parametrize(
    ("setting", "content", "message"),
    [
        ("JWT_PRIVATE_KEY_FILE", None, "JWT_PRIVATE_KEY_FILE: cannot read"),
        ("JWT_PRIVATE_KEY_FILE", "rsa", "JWT_PRIVATE_KEY_FILE cannot be used with ES256"),
        ("JWT_PUBLIC_KEY_FILE", "private", "JWT_PUBLIC_KEY_FILE holds a private key"),
    ],
)
def test_a_bad_key_file_stops_the_app_at_startup(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    setting: str,
    content: str | None,
    message: str,
) -> None:
    path = tmp_path / "key.pem"
    if content == "rsa":
        write(tmp_path, "key.pem", private_pem(new_private_key("RS256")))
    elif content == "private":
        write(tmp_path, "key.pem", private_pem(new_private_key("ES256")))
    monkeypatch.setenv(setting, str(path))

    with pytest.raises(BadConfigurationError, match=message):
        fresh_import(ISSUER if setting == "JWT_PRIVATE_KEY_FILE" else VERIFIER)
