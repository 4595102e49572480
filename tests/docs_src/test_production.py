"""The Going to production example (docs_src/production): settings, Redis, CORS, logging."""

import importlib
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from fastapi.testclient import TestClient

from fastjwt import BadConfigurationError
from fastjwt.stores.redis_store import RedisStore
from tests.support.keys import private_key, private_pem

ORIGIN = "https://notes.example.com"
MODULE = "docs_src.production.tutorial001"  # its settings come from the environment


def load() -> ModuleType:
    sys.modules.pop(MODULE, None)
    return importlib.import_module(MODULE)


@pytest.fixture
def production(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, redis_url: str
) -> Iterator[ModuleType]:
    key = tmp_path / "2026-01.pem"
    key.write_text(private_pem(private_key("ES256")))
    monkeypatch.setenv("JWT_ALGORITHM", "ES256")
    monkeypatch.setenv("JWT_PRIVATE_KEY_FILE", str(key))
    monkeypatch.setenv("JWT_KEY_ID", "2026-01")
    monkeypatch.setenv("REDIS_URL", redis_url)
    yield load()
    logging.getLogger("uvicorn.access").filters.clear()


def test_the_keys_come_from_the_environment(production: ModuleType) -> None:
    config = production.security.config
    assert (config.JWT_ALGORITHM, config.JWT_KEY_ID) == ("ES256", "2026-01")
    token = production.security.create_access_token("1")
    assert production.security.verify_token_claims(token)["sub"] == "1"


def test_a_missing_key_stops_the_application(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_ALGORITHM", "ES256")

    with pytest.raises(BadConfigurationError, match="JWT_PRIVATE_KEY"):
        load()


def test_revocations_go_to_redis(production: ModuleType) -> None:
    with TestClient(production.app):
        assert isinstance(production.security.store, RedisStore)
        assert production.security.store.prefix == "notes:"


def test_only_the_front_end_may_send_credentials(production: ModuleType) -> None:
    preflight = {
        "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "x-csrf-token",
    }
    with TestClient(production.app) as client:
        allowed = client.options("/me", headers={"Origin": ORIGIN, **preflight})
        refused = client.options("/me", headers={"Origin": "https://evil.example", **preflight})

    assert allowed.headers["access-control-allow-origin"] == ORIGIN
    assert allowed.headers["access-control-allow-credentials"] == "true"
    assert refused.status_code == 400


def test_access_logs_lose_their_query_strings(production: ModuleType) -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/exports/report.csv?token=eyJ.x.y", "1.1", 200),
        None,
    )
    other = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, "started", (), None)

    (installed,) = logging.getLogger("uvicorn.access").filters
    assert isinstance(installed, production.DropQueryStrings)
    assert installed.filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /exports/report.csv HTTP/1.1" 200'
    assert production.DropQueryStrings().filter(other)
    assert other.getMessage() == "started"
