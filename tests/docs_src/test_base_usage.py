"""The Base Usage examples (docs_src/base_usage), driven the way the page describes them."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from datetime import timedelta
from types import ModuleType

import jwt
import pytest
from fastapi.testclient import TestClient

import docs_src.base_usage.tutorial001 as tutorial001
import docs_src.base_usage.tutorial002 as tutorial002
import docs_src.base_usage.tutorial004 as tutorial004
import docs_src.base_usage.tutorial005 as tutorial005
from fastjwt import BadConfigurationError

ENV_MODULE = "docs_src.base_usage.tutorial003"
OTHER_SECRET = "another-secret-that-is-long-enough-for-hs256"
MISSING = {"detail": "Missing JWT in request"}
UNAUTHORIZED = {"detail": "Unauthorized"}
PROTECTED = "You have access to a protected endpoint"


def demo_secret(module: ModuleType) -> str:
    secret = module.security.config.JWT_SECRET_KEY
    assert isinstance(secret, str)
    return secret


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(tutorial001.app) as client:
        yield client


def login(client: TestClient) -> str:
    response = client.post("/login", params={"username": "test", "password": "test"})
    assert response.status_code == 200
    token = response.json()["access_token"]
    assert isinstance(token, str)
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_demo_secrets_are_long_enough_for_hs256() -> None:
    for module in (tutorial001, tutorial002, tutorial004, tutorial005):
        assert len(demo_secret(module).encode()) >= 32


def test_login_with_good_credentials_returns_a_signed_access_token(client: TestClient) -> None:
    response = client.post("/login", params={"username": "test", "password": "test"})

    assert response.status_code == 200
    assert list(response.json()) == ["access_token"]
    claims = jwt.decode(
        response.json()["access_token"], demo_secret(tutorial001), algorithms=["HS256"]
    )
    assert claims["sub"] == "test"
    assert claims["type"] == "access"


@pytest.mark.parametrize(("username", "password"), [("test", "wrong"), ("other", "test")])
def test_login_with_bad_credentials_is_refused(
    client: TestClient, username: str, password: str
) -> None:
    response = client.post("/login", params={"username": username, "password": password})

    assert response.status_code == 401
    assert response.json() == {"detail": {"message": "Bad credentials"}}


def test_login_answers_post_only(client: TestClient) -> None:
    response = client.get("/login", params={"username": "test", "password": "test"})

    assert response.status_code == 405


def test_protected_route_without_a_token(client: TestClient) -> None:
    response = client.get("/protected")

    assert response.status_code == 401
    assert response.json() == MISSING
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        ("dummytoken", "The token is malformed"),
        (jwt.encode({"sub": "test", "type": "access"}, OTHER_SECRET), "signature is invalid"),
        (
            tutorial001.security.create_access_token(uid="test", expiry=timedelta(seconds=-1)),
            "expired",
        ),
    ],
    ids=["garbage", "foreign-key", "expired"],
)
def test_protected_route_with_an_invalid_token(client: TestClient, token: str, reason: str) -> None:
    response = client.get("/protected", headers=bearer(token))

    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED
    challenge = response.headers["WWW-Authenticate"]
    assert challenge.startswith('Bearer error="invalid_token", error_description="')
    assert reason in challenge


def test_protected_route_refuses_a_refresh_token(client: TestClient) -> None:
    token = tutorial001.security.create_refresh_token(uid="test")

    response = client.get("/protected", headers=bearer(token))

    assert response.status_code == 401
    assert response.json() == {"detail": "Access token required"}
    assert response.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')


@pytest.mark.parametrize(
    "authorization", ["Basic dGVzdDp0ZXN0", "Bearer one two", "Bearer", ""], ids=repr
)
def test_protected_route_with_a_malformed_header(client: TestClient, authorization: str) -> None:
    response = client.get("/protected", headers={"Authorization": authorization})

    assert response.status_code == 401
    assert set(response.json()) == {"detail"}
    assert response.headers["WWW-Authenticate"].startswith('Bearer error="invalid_request"')


def test_protected_route_with_the_login_token(client: TestClient) -> None:
    response = client.get("/protected", headers=bearer(login(client)))

    assert response.status_code == 200
    assert response.json() == PROTECTED


def test_load_config_after_init_configures_the_instance() -> None:
    assert tutorial002.security.config is tutorial002.config
    token = tutorial002.security.create_access_token(uid="test")
    assert jwt.decode(token, demo_secret(tutorial002), algorithms=["HS256"])["sub"] == "test"

    with TestClient(tutorial002.app) as client:
        assert client.get("/protected", headers=bearer(token)).json() == PROTECTED
        assert client.get("/protected").json() == MISSING


def load_env_module() -> ModuleType:
    """Import the environment example afresh, so it reads the current environment."""
    if ENV_MODULE in sys.modules:
        return importlib.reload(sys.modules[ENV_MODULE])
    return importlib.import_module(ENV_MODULE)


def test_secret_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_SECRET_KEY", OTHER_SECRET)

    module = load_env_module()

    token = module.security.create_access_token(uid="test")
    assert jwt.decode(token, OTHER_SECRET, algorithms=["HS256"])["sub"] == "test"


@pytest.mark.parametrize(
    ("environment", "message"),
    [({}, "JWT_SECRET_KEY"), ({"JWT_SECRET_KEY": "SECRET_KEY"}, "32")],
    ids=["missing", "too-short"],
)
def test_a_missing_or_short_secret_stops_the_app_at_startup(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], message: str
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(BadConfigurationError, match=message):
        load_env_module()


def test_payload_as_a_route_parameter() -> None:
    token = tutorial004.security.create_access_token(uid="test")
    jti = jwt.decode(token, demo_secret(tutorial004), algorithms=["HS256"])["jti"]

    with TestClient(tutorial004.app) as client:
        response = client.get("/whoami", headers=bearer(token))
        assert response.status_code == 200
        assert response.json() == {"uid": "test", "token_id": jti}
        assert client.get("/whoami").status_code == 401
        # The rest of main.py is the first version's.
        login = client.post("/login", params={"username": "test", "password": "test"})
        assert client.get("/protected", headers=bearer(login.json()["access_token"])).json() == (
            PROTECTED
        )
        bad = client.post("/login", params={"username": "test", "password": "no"})
        assert bad.status_code == 401


def test_handle_errors_customises_the_body_only() -> None:
    with TestClient(tutorial005.app) as client:
        missing = client.get("/protected")
        garbage = client.get("/protected", headers=bearer("dummytoken"))
        good = client.get(
            "/protected", headers=bearer(tutorial005.security.create_access_token("u"))
        )

    assert missing.status_code == 401
    assert missing.json() == {
        "message": "Missing JWT in request",
        "error_type": "MissingTokenError",
    }
    assert missing.headers["WWW-Authenticate"] == "Bearer"
    assert garbage.status_code == 401
    assert garbage.json() == {
        "message": "Your session is not valid: log in again",
        "error_type": "JWTDecodeError",
    }
    assert tutorial005.security.MSG_DECODE_JWT_ERROR == "Your session is not valid: log in again"
    assert garbage.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')
    assert good.status_code == 200
    assert good.json() == PROTECTED
