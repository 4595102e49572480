"""The Running many workers examples (docs_src/workers): memory breaks, Redis holds."""

import importlib
from collections.abc import Iterator
from types import ModuleType

import httpx2
import pytest
from fastapi.testclient import TestClient

import docs_src.workers.tutorial001 as tutorial001
import docs_src.workers.tutorial002 as tutorial002
import docs_src.workers.tutorial003 as tutorial003
from fastjwt.stores.redis_store import RedisStore
from tests.support import bearer
from tests.support.docs.server import serve
from tests.support.redis_servers import ClusterServers

REVOKED = {"detail": "Token has been revoked"}


@pytest.fixture
def redis_app(
    redis_url: str, redis_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ModuleType]:
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("FASTJWT_KEY_PREFIX", redis_prefix)
    yield importlib.reload(tutorial001)
    monkeypatch.undo()
    importlib.reload(tutorial001)


def test_redis_store_from_the_lifespan(redis_app: ModuleType, redis_prefix: str) -> None:
    with TestClient(redis_app.app) as client:
        store = redis_app.security.store
        assert isinstance(store, RedisStore)
        assert store.prefix == redis_prefix
        bad = client.post("/login", json={"username": "test", "password": "no"})
        assert bad.status_code == 401
        access = client.post("/login", json={"username": "test", "password": "test"}).json()[
            "access_token"
        ]
        assert client.get("/me", headers=bearer(access)).json() == "test"
        assert client.post("/logout", headers=bearer(access)).json() == {"message": "Logged out"}
        assert client.get("/me", headers=bearer(access)).json() == REVOKED
    # A restarted application (a new lifespan, a new client) still refuses the token.
    with TestClient(redis_app.app) as client:
        assert client.get("/me", headers=bearer(access)).json() == REVOKED


def _logout_through_one_check_other(module: str) -> int:
    with serve(module) as first, serve(module) as second:
        one = httpx2.Client(base_url=f"http://127.0.0.1:{first}", timeout=10)
        two = httpx2.Client(base_url=f"http://127.0.0.1:{second}", timeout=10)
        with one, two:
            login = one.post("/login", json={"username": "test", "password": "test"})
            access = login.json()["access_token"]
            assert one.post("/logout", headers=bearer(access)).status_code == 200
            assert one.get("/me", headers=bearer(access)).status_code == 401
            return two.get("/me", headers=bearer(access)).status_code


@pytest.mark.e2e
def test_the_memory_store_breaks_with_two_processes() -> None:
    assert _logout_through_one_check_other("docs_src.workers.tutorial002:app") == 200


@pytest.mark.e2e
def test_the_redis_store_holds_with_two_processes(
    redis_url: str, redis_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("FASTJWT_KEY_PREFIX", redis_prefix)
    assert _logout_through_one_check_other("docs_src.workers.tutorial001:app") == 401


def test_memory_app_in_process() -> None:
    client = TestClient(tutorial002.app)
    access = client.post("/login").json()["access_token"]
    assert client.get("/me", headers=bearer(access)).json() == "test"
    assert client.post("/logout", headers=bearer(access)).json() == {"message": "Logged out"}
    assert client.get("/me", headers=bearer(access)).json() == REVOKED


@pytest.fixture
def cluster_app(
    redis_cluster: ClusterServers, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ModuleType]:
    monkeypatch.setenv("REDIS_CLUSTER_URL", redis_cluster.url)
    yield importlib.reload(tutorial003)
    monkeypatch.undo()
    importlib.reload(tutorial003)


def test_the_cluster_example(cluster_app: ModuleType, caplog: pytest.LogCaptureFixture) -> None:
    with TestClient(cluster_app.app) as client:
        # The test cluster keeps no append-only file: the startup check says so for each node.
        assert "appendonly is no" in caplog.text
        store = cluster_app.security.store
        assert isinstance(store, RedisStore)
        assert store.cluster
        tokens = client.post("/login").json()
        access, refresh = tokens["access_token"], tokens["refresh_token"]
        assert client.get("/me", headers=bearer(access)).json() == "test"
        rotated = client.post("/refresh", headers=bearer(refresh)).json()
        assert client.get("/me", headers=bearer(rotated["access_token"])).json() == "test"
        assert client.post("/logout", headers=bearer(rotated["access_token"])).status_code == 200
        assert client.get("/me", headers=bearer(rotated["access_token"])).json() == REVOKED
        # The first refresh token again: the family goes, the login's access token with it.
        assert client.post("/refresh", headers=bearer(refresh)).status_code == 401
        assert client.get("/me", headers=bearer(access)).json() == REVOKED
        assert client.post("/refresh", headers=bearer(rotated["refresh_token"])).status_code == 401
