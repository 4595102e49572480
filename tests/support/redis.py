"""A real Redis server for the tests: the machine's 127.0.0.1:6379, or one started here."""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from redis import Redis
from redis.exceptions import RedisError

from fastjwt.stores.redis_store import RedisStore
from tests.support.redis_servers import ClusterServers, RedisServer, running_cluster, running_server

DEFAULT_URL = "redis://127.0.0.1:6379/0"

# The Redis example of the docs (docs_src/workers) reads its key prefix from the environment
# when it is imported, and the servers the tests start inherit it: one prefix per test run,
# whose keys are deleted when the run ends.
RUN_PREFIX = os.environ.setdefault("FASTJWT_KEY_PREFIX", f"fastjwt-test:{uuid.uuid4().hex}:")


def delete_keys(url: str, prefix: str) -> None:
    """Delete every key under `prefix`."""
    with Redis.from_url(url) as client:
        keys = list(client.scan_iter(match=prefix + "*", count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])


def pytest_sessionfinish() -> None:
    """Remove what the docs examples wrote into the machine's Redis during this run."""
    if _reachable(DEFAULT_URL):
        delete_keys(DEFAULT_URL, RUN_PREFIX)


def _reachable(url: str) -> bool:
    try:
        with Redis.from_url(url, socket_connect_timeout=1) as client:
            return bool(client.ping())
    except RedisError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def _own_server() -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        message = "no Redis on 127.0.0.1:6379 and no redis-server to start"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    port = _free_port()
    with tempfile.TemporaryDirectory() as directory:
        process = subprocess.Popen(
            [
                binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                directory,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"redis://127.0.0.1:{port}/0"
        try:
            deadline = time.monotonic() + 10
            while not _reachable(url):
                if time.monotonic() > deadline:
                    pytest.fail("redis-server did not start")
                time.sleep(0.05)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """The URL of a running Redis; with CI=true its absence fails instead of skipping."""
    url = os.environ.get("FASTJWT_TEST_REDIS_URL", DEFAULT_URL)
    if _reachable(url):
        yield url
        return
    with _own_server() as own:
        yield own


@pytest.fixture
def redis_prefix(redis_url: str) -> Iterator[str]:
    """A key prefix for one test; its keys are deleted afterwards."""
    prefix = f"fastjwt-test:{uuid.uuid4().hex}:"
    yield prefix
    delete_keys(redis_url, prefix)


# The tests' stores wait longer than the default timeout: the machines that run them are shared,
# and a loaded one can stall a healthy Redis call past a second. The timeout tests set their own.
TEST_TIMEOUT = 5.0


@pytest.fixture
async def redis_store(redis_url: str, redis_prefix: str) -> AsyncIterator[RedisStore]:
    store = RedisStore.from_url(redis_url, prefix=redis_prefix, timeout=TEST_TIMEOUT)
    yield store
    await store.aclose()


@pytest.fixture(scope="session")
def own_redis() -> Iterator[RedisServer]:
    """A Redis server these tests started (never the machine's), for the whole session."""
    with running_server("--appendonly", "no") as server:
        yield server


@pytest.fixture(scope="session")
def redis_cluster() -> Iterator[ClusterServers]:
    """Three masters with a replica each, started for this session; no test may kill them."""
    with running_cluster() as cluster:
        yield cluster
