"""RedisStore on servers these tests start: failures, nonsense, timeouts, and the server check."""

import asyncio
import logging
import signal
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, cast

import httpx2
import pytest
from redis.asyncio import Redis, RedisCluster
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisClusterException

from fastjwt import RevocationUnavailableError, TokenPayload
from fastjwt.stores import Revocation
from fastjwt.stores.redis_server import settings_findings
from fastjwt.stores.redis_store import DEFAULT_TIMEOUT, RedisStore
from tests.support import bearer
from tests.support.redis import TEST_TIMEOUT
from tests.support.redis_servers import ClusterServers, RedisServer, running_server
from tests.support.revocation_app import make_app

pytestmark = pytest.mark.anyio

PAYLOAD = TokenPayload(sub="bob", jti="j1", type="refresh", iat=100.0)


@pytest.fixture
async def store(own_redis: RedisServer, redis_prefix: str) -> AsyncIterator[RedisStore]:
    store = RedisStore.from_url(own_redis.url, prefix=redis_prefix, timeout=TEST_TIMEOUT)
    yield store
    await store.aclose()


class FakeClient:
    """Stands for a redis-py client that fails, or answers what no Redis would."""

    def __init__(self, answer: Any = None, error: Exception | None = None) -> None:
        self.answer, self.error = answer, error

    async def _reply(self, *_: Any, **__: Any) -> Any:
        if self.error is not None:
            raise self.error
        return self.answer

    mget = eval = set = config_get = info = _reply

    async def aclose(self) -> None:
        return None


def over(client: FakeClient, **options: Any) -> RedisStore:
    return RedisStore(cast("Redis", client), **options)


@pytest.mark.parametrize(
    "error",
    [
        RedisConnectionError("Error 111 connecting to redis://admin:hunter2@10.0.0.1:6379"),
        RedisClusterException("MGET - all keys must map to the same key slot"),
        AttributeError("'NoneType' object has no attribute 'writelines'"),
        KeyError("127.0.0.1:7001"),
        OSError("Network is unreachable"),
    ],
    ids=lambda error: type(error).__name__,
)
async def test_every_failure_is_unavailable_with_one_log_line(
    error: Exception, caplog: pytest.LogCaptureFixture
) -> None:
    store = over(FakeClient(error=error))
    calls: list[Callable[[], Awaitable[object]]] = [
        lambda: store.status(PAYLOAD),
        lambda: store.revoke(PAYLOAD, None),
        lambda: store.consume(PAYLOAD, None),
        lambda: store.revoke_subject("bob", 1.0, None),
    ]
    with caplog.at_level(logging.WARNING, logger="fastjwt"):
        for call in calls:
            with pytest.raises(RevocationUnavailableError):
                await call()
    assert len(caplog.records) == 4
    assert all("\n" not in record.getMessage() for record in caplog.records)
    assert type(error).__name__ in caplog.records[0].getMessage()
    assert "hunter2" not in caplog.text


@pytest.mark.parametrize(
    "answer",
    [7, [b"1", None], [1, None, None, None], "OK", [None, b"garbage", None, None]],
    ids=["int", "short", "int-value", "text", "garbage-cut-off"],
)
async def test_nonsense_from_redis_is_unavailable(answer: Any) -> None:
    with pytest.raises(RevocationUnavailableError):
        await over(FakeClient(answer)).status(PAYLOAD)


async def test_an_unknown_script_answer_is_unavailable() -> None:
    with pytest.raises(RevocationUnavailableError):
        await over(FakeClient(b"maybe")).consume(PAYLOAD, None)


async def test_fail_open_accepts_what_it_cannot_read(caplog: pytest.LogCaptureFixture) -> None:
    store = over(FakeClient([None, b"inf", None, None]), fail_open=True)
    with caplog.at_level(logging.WARNING, logger="fastjwt"):
        assert await store.status(PAYLOAD) is None
    assert "accepting the token unchecked" in caplog.text
    with pytest.raises(RevocationUnavailableError):
        await over(FakeClient(error=OSError("down")), fail_open=True).revoke(PAYLOAD, None)


async def test_garbage_written_under_the_store_keys(
    store: RedisStore, own_redis: RedisServer, redis_prefix: str
) -> None:
    with own_redis.client() as raw:
        raw.set(f"{redis_prefix}sub:bob", "not a moment")
        raw.set(f"{redis_prefix}jti:j2", "anything")
    with pytest.raises(RevocationUnavailableError):
        await store.status(PAYLOAD)
    with pytest.raises(RevocationUnavailableError):
        await store.consume(PAYLOAD, None)
    # Any value under a token's key revokes it: the key is what counts.
    assert await store.status(PAYLOAD.model_copy(update={"jti": "j2", "sub": "x"})) is (
        Revocation.TOKEN
    )
    # A cut-off written anew replaces the garbage.
    await store.revoke_subject("bob", 200.0, None)
    assert await store.status(PAYLOAD) is Revocation.SUBJECT


def test_from_url_builds_the_client_asked_for() -> None:
    default = RedisStore.from_url("redis://127.0.0.1:1/0")
    kwargs = default.client.connection_pool.connection_kwargs  # type: ignore[union-attr]
    assert (default.timeout, kwargs["socket_timeout"]) == (DEFAULT_TIMEOUT, DEFAULT_TIMEOUT)
    assert kwargs["socket_connect_timeout"] == DEFAULT_TIMEOUT
    own = RedisStore.from_url("redis://127.0.0.1:1", timeout=0.25, socket_timeout=9, db=3)
    kwargs = own.client.connection_pool.connection_kwargs  # type: ignore[union-attr]
    assert (own.timeout, kwargs["socket_timeout"], kwargs["db"]) == (0.25, 9, 3)
    unbounded = RedisStore.from_url("redis://127.0.0.1:1/0", timeout=None)
    kwargs = unbounded.client.connection_pool.connection_kwargs  # type: ignore[union-attr]
    assert unbounded.timeout is None
    assert kwargs.get("socket_timeout") is None
    cluster = RedisStore.from_url("redis://127.0.0.1:1", cluster=True, prefix="app:")
    assert isinstance(cluster.client, RedisCluster)
    assert (cluster.cluster, cluster.prefix) == (True, "app:")


@pytest.mark.parametrize(
    ("options", "message"),
    [({"prefix": "{app}:"}, "may not contain"), ({"timeout": 0}, "positive")],
)
def test_settings_that_would_break_are_refused(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RedisStore(Redis(), **options)


async def test_a_bare_id_needs_a_payload_on_a_cluster() -> None:
    store = RedisStore(RedisCluster(host="127.0.0.1", port=1))
    with pytest.raises(TypeError, match="needs the token's payload"):
        await store.revoke("jti", None)


@pytest.fixture
def frozen_server() -> Iterator[RedisServer]:
    with running_server("--appendonly", "no") as server:
        yield server


@pytest.mark.e2e
async def test_the_store_timeout_bounds_every_request_to_a_hung_server(
    frozen_server: RedisServer,
) -> None:
    # A client without any socket timeout of its own would wait forever.
    client = Redis(port=frozen_server.port, socket_timeout=None, socket_connect_timeout=None)
    store = RedisStore(client, prefix="hung:", timeout=0.3)
    app, security = make_app(store)
    access = security.create_access_token(uid="alice")
    transport = httpx2.ASGITransport(app=app)
    async with httpx2.AsyncClient(transport=transport, base_url="http://test") as http:
        assert (await http.get("/me", headers=bearer(access))).status_code == 200
        frozen_server.signal(signal.SIGSTOP)
        try:
            started = time.monotonic()
            responses = await asyncio.gather(
                *(http.get("/me", headers=bearer(access)) for _ in range(20))
            )
            elapsed = time.monotonic() - started
        finally:
            frozen_server.signal(signal.SIGCONT)
        assert {response.status_code for response in responses} == {503}
        assert all(response.headers["Retry-After"] == "5" for response in responses)
        assert elapsed < 3.0  # 0.3 s each, concurrently; far from forever
        # The connections the timeout cut are replaced: the next request is answered.
        assert (await http.get("/me", headers=bearer(access))).status_code == 200
    await store.aclose()


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"maxmemory-policy": "volatile-lru", "maxmemory": "100mb"}, ["maxmemory-policy"]),
        ({"maxmemory-policy": "allkeys-lru", "maxmemory": "0"}, []),
        ({b"maxmemory-policy": b"noeviction", b"maxmemory": b"1gb"}, []),
        ({"appendonly": "no"}, ["appendonly is no"]),
        ({"appendonly": "yes", "appendfsync": "no"}, ["appendfsync is no"]),
        ({"appendonly": "yes", "appendfsync": "everysec"}, []),
    ],
)
def test_settings_findings(settings: dict[Any, Any], expected: list[str]) -> None:
    findings = settings_findings(settings, "the server")
    assert len(findings) == len(expected)
    for finding, words in zip(findings, expected, strict=True):
        assert words in finding


async def test_check_server_reads_the_server(caplog: pytest.LogCaptureFixture) -> None:
    options = ("--maxmemory", "50mb", "--maxmemory-policy", "volatile-lru")
    with running_server(*options, "--appendonly", "no") as risky:
        store = RedisStore.from_url(risky.url)
        with caplog.at_level(logging.WARNING, logger="fastjwt"):
            findings = await store.check_server()
        await store.aclose()
    assert [("volatile-lru" in f, "appendonly" in f) for f in findings] == [
        (True, False),
        (False, True),
    ]
    assert caplog.text.count("WARNING") == 2
    with running_server("--appendonly", "yes", "--appendfsync", "everysec") as safe:
        store = RedisStore.from_url(safe.url)
        assert await store.check_server() == []
        with safe.client() as raw:
            raw.execute_command(
                "ACL", "SETUSER", "app", "on", ">secret-pw", "~*", "+@all", "-config"
            )
        limited = RedisStore.from_url(safe.url.replace("//", "//app:secret-pw@"))
        (finding,) = await limited.check_server()
        assert "not checked" in finding
        assert "secret-pw" not in finding
        await store.aclose()
        await limited.aclose()


async def test_check_server_without_a_server() -> None:
    store = RedisStore.from_url("redis://127.0.0.1:1/0", timeout=0.5)
    (finding,) = await store.check_server()
    assert "not checked" in finding
    await store.aclose()


async def test_check_server_on_a_cluster(
    redis_cluster: ClusterServers, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = RedisStore.from_url(redis_cluster.url, timeout=TEST_TIMEOUT)
    findings = await wrong.check_server()
    assert any("cluster=True" in finding for finding in findings)
    # A single-server client on a cluster node is told where to look when Redis moves it.
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="fastjwt"):
        for subject in ("a", "b", "c", "d", "e", "f"):
            try:
                await wrong.status(TokenPayload(sub=subject, jti=subject * 3))
            except RevocationUnavailableError:
                break
    assert "CrossSlot" in caplog.text or "MovedError" in caplog.text
    assert "cluster=True" in caplog.text
    await wrong.aclose()
    right = RedisStore.from_url(redis_cluster.url, cluster=True, timeout=TEST_TIMEOUT)
    # Two first calls at once: one reads the cluster's layout, the other waits for it.
    payload = TokenPayload(sub="bob", jti="first")
    assert list(await asyncio.gather(right.status(payload), right.status(payload))) == [None, None]
    findings = await right.check_server()
    # Every node the client knows (masters, and replicas once Redis lists them) says that
    # appendonly is no: the test cluster keeps no AOF.
    assert len(findings) >= 3
    assert all("appendonly is no" in finding for finding in findings)
    await right.aclose()
