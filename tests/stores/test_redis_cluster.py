"""RedisStore on a Redis Cluster with replicas: one round trip, spread slots, a master killed."""

import asyncio
import time
from collections.abc import Iterator

import httpx2
import pytest
from redis import Redis

from fastjwt import RevocationUnavailableError, TokenPayload
from fastjwt.stores.redis_store import RedisStore
from tests.support import bearer
from tests.support.redis import TEST_TIMEOUT
from tests.support.redis_servers import ClusterServers, RedisServer, running_cluster
from tests.support.revocation_app import make_app

pytestmark = pytest.mark.anyio


def commands(servers: list[RedisServer]) -> dict[str, int]:
    """Commands the servers have processed, by name (those of this function's own connections,
    which greet the server and ask for INFO, are left out)."""
    counts: dict[str, int] = {}
    for server in servers:
        with server.client() as client:
            for name, stats in client.info("commandstats").items():
                counts[name] = counts.get(name, 0) + int(stats["calls"])
    for own in ("cmdstat_info", "cmdstat_hello", "cmdstat_client|setinfo"):
        counts.pop(own, None)
    return counts


def difference(after: dict[str, int], before: dict[str, int]) -> dict[str, int]:
    return {
        name: after[name] - before.get(name, 0)
        for name in after
        if after[name] != before.get(name, 0)
    }


@pytest.mark.parametrize("where", ["server", "cluster"])
async def test_a_check_is_one_command(
    where: str, own_redis: RedisServer, redis_cluster: ClusterServers, redis_prefix: str
) -> None:
    if where == "server":
        servers, store = [own_redis], RedisStore.from_url(own_redis.url, prefix=redis_prefix)
    else:
        servers = redis_cluster.servers
        store = RedisStore.from_url(
            redis_cluster.url, cluster=True, prefix=redis_prefix, timeout=TEST_TIMEOUT
        )
    app, security = make_app(store)
    access = security.create_access_token(uid="alice")
    refresh = security.create_refresh_token(uid="alice")
    transport = httpx2.ASGITransport(app=app)
    async with httpx2.AsyncClient(transport=transport, base_url="http://test") as http:
        assert (await http.get("/me", headers=bearer(access))).status_code == 200  # connected
        before = commands(servers)
        for _ in range(50):
            assert (await http.get("/me", headers=bearer(access))).status_code == 200
        checked = commands(servers)
        assert (await http.post("/refresh", headers=bearer(refresh))).status_code == 200
        rotated = commands(servers)
    await store.aclose()
    assert difference(checked, before) == {"cmdstat_mget": 50}
    # A rotation: the check, then the script that retires the token (Redis also counts the
    # commands the script runs inside the server).
    rotation = difference(rotated, checked)
    assert (rotation["cmdstat_mget"], rotation["cmdstat_eval"]) == (1, 1)


async def test_subjects_spread_over_every_master(redis_cluster: ClusterServers) -> None:
    store = RedisStore.from_url(
        redis_cluster.url, cluster=True, prefix="spread:", timeout=TEST_TIMEOUT
    )
    for index in range(90):
        await store.revoke(TokenPayload(sub=f"user{index}", type="access"), None)
    await store.aclose()
    per_master = []
    for server in redis_cluster.servers:
        with server.client() as client:
            if client.info("replication")["role"] == "master":
                per_master.append(len(list(client.scan_iter(match="spread:*"))))
    assert len(per_master) == 3
    assert sum(per_master) == 90
    assert min(per_master) >= 15  # about 30 each; never all on one


@pytest.fixture
def own_cluster() -> Iterator[ClusterServers]:
    """A cluster for one test alone, which may kill its nodes."""
    with running_cluster(node_timeout_ms=1000) as cluster:
        yield cluster


@pytest.mark.e2e
async def test_a_master_killed_while_requests_run(own_cluster: ClusterServers) -> None:
    store = RedisStore.from_url(own_cluster.url, cluster=True, prefix="failover:", timeout=0.5)
    app, security = make_app(store)
    valid = security.create_access_token(uid="alice")
    revoked = security.create_access_token(uid="alice")
    payload = TokenPayload(**security.verify_token_claims(revoked))
    await security.revoke(payload)
    tag = store._tag("alice")  # the slot of every key a check of alice's tokens reads
    master = own_cluster.master_of(f"failover:{tag}")
    with Redis(port=master.port, socket_timeout=5) as raw:
        # Replication is asynchronous: make sure the replica has the revocation before the crash.
        assert raw.execute_command("WAIT", 1, 5000) >= 1, "the replica did not acknowledge"

    seen: list[tuple[float, int, int]] = []
    transport = httpx2.ASGITransport(app=app)
    async with httpx2.AsyncClient(transport=transport, base_url="http://test") as http:

        async def probe() -> None:
            answers = await asyncio.gather(
                http.get("/me", headers=bearer(valid)), http.get("/me", headers=bearer(revoked))
            )
            seen.append((time.monotonic(), answers[0].status_code, answers[1].status_code))

        for _ in range(10):
            await probe()
        killed = time.monotonic()
        master.kill()
        deadline = killed + 30
        while time.monotonic() < deadline:
            await probe()
            after = [valid for moment, valid, _ in seen if moment > killed]
            if 503 in after and after[-10:] == [200] * 10:
                break
            await asyncio.sleep(0.02)
        # After the failover, revoking works again, on the promoted replica (a client retries
        # a logout that answered 503).
        valid_payload = TokenPayload(**security.verify_token_claims(valid))
        for _ in range(50):
            try:
                await security.revoke(valid_payload)
                break
            except RevocationUnavailableError:
                await asyncio.sleep(0.1)
        assert (await http.get("/me", headers=bearer(valid))).status_code == 401
    await store.aclose()

    timeline = [(round(moment - killed, 2), v, r) for moment, v, r in seen]
    assert {revoked_status for *_, revoked_status in seen} <= {401, 503}, timeline
    assert {valid_status for _, valid_status, _ in seen} == {200, 503}, timeline
    unavailable = [moment for moment, valid_status, _ in seen if valid_status == 503]
    recovered = next(m for m, v, _ in seen if m > unavailable[-1] and v == 200)
    window = recovered - killed
    print(f"failover: 503 from {unavailable[0] - killed:.2f} s to {window:.2f} s after the kill")
    assert window < 30
