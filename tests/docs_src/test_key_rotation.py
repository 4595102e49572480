"""The Key rotation examples (docs_src/key_rotation): by environment, and in process."""

from __future__ import annotations

import json
from pathlib import Path

import jwt
import pytest
from fastapi.testclient import TestClient

from tests.support import bearer, fresh_import
from tests.support.keys import new_private_key, private_pem, public_pem, write

KIDS = ("2025-01", "2025-06", "2025-12")


@pytest.fixture
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three generations of keys under ./keys, as `fastjwt keygen ES256 --out` writes them."""
    directory = tmp_path / "keys"
    directory.mkdir()
    for kid in KIDS:
        key = new_private_key("ES256")
        write(directory, f"{kid}.pem", private_pem(key))
        write(directory, f"{kid}.pub.pem", public_pem(key))
    monkeypatch.chdir(tmp_path)


@pytest.mark.usefixtures("keys")
def test_rotation_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_KEY_ID", "2025-01")
    monkeypatch.setenv("JWT_PRIVATE_KEY_FILE", "keys/2025-01.pem")
    before = fresh_import("docs_src.key_rotation.tutorial001").security
    old_token = before.create_access_token(uid="alice")

    monkeypatch.setenv("JWT_KEY_ID", "2025-06")
    monkeypatch.setenv("JWT_PRIVATE_KEY_FILE", "keys/2025-06.pem")
    monkeypatch.setenv(
        "JWT_VERIFICATION_KEY_FILES", json.dumps({"2025-01": "keys/2025-01.pub.pem"})
    )
    after = fresh_import("docs_src.key_rotation.tutorial001").security
    new_token = after.create_access_token(uid="bob")

    assert jwt.get_unverified_header(old_token)["kid"] == "2025-01"
    assert jwt.get_unverified_header(new_token)["kid"] == "2025-06"
    assert after.verify_token_claims(old_token)["sub"] == "alice"
    assert after.verify_token_claims(new_token)["sub"] == "bob"


@pytest.mark.usefixtures("keys")
def test_rotation_in_process_never_refuses_a_valid_token() -> None:
    module = fresh_import("docs_src.key_rotation.tutorial002")
    module.rotate("2025-01")

    with TestClient(module.app) as client:
        first = module.security.create_access_token(uid="alice")
        assert client.get("/me", headers=bearer(first)).json() == "alice"

        module.rotate("2025-06", "2025-01")
        second = module.security.create_access_token(uid="bob")
        assert jwt.get_unverified_header(second)["kid"] == "2025-06"
        assert client.get("/me", headers=bearer(first)).json() == "alice"
        assert client.get("/me", headers=bearer(second)).json() == "bob"

        module.rotate("2025-12", "2025-06")
        retired = client.get("/me", headers=bearer(first))
        assert client.get("/me", headers=bearer(second)).json() == "bob"

    assert retired.status_code == 401
    assert "The token key id" in retired.headers["WWW-Authenticate"]
