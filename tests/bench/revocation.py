"""Cost of the revocation check per request, with each store; Redis round trips and memory.

Run with `python -m tests.bench.revocation`. It starts its own Redis servers on free ports
of 127.0.0.1 (one server, and a cluster of three masters with a replica each) and stops them
at the end. Every variant serves the same protected route in process, through httpx2's ASGI
transport, timed in turn within each repeat.
"""

import asyncio
import statistics
from typing import Any

import httpx2

from fastjwt import FastJWT, MemoryStore, RequestToken, TokenPayload
from fastjwt.stores.redis_store import RedisStore
from tests.bench.common import machine_line, median_seconds_async, report
from tests.support import bearer
from tests.support.redis_servers import RedisServer, running_cluster, running_server
from tests.support.revocation_app import make_app

NUMBER, REPEAT = 200, 9
SAMPLE = 20_000
# Sizing: logouts a day, each revoking an access token (15 minutes) and a refresh token
# (20 days): the keys live as long as the tokens they cover.
LOGOUTS_PER_DAY = 1_000_000
ACCESS_DAYS, REFRESH_DAYS = 15 / 1440, 20


class _NoRevocation(FastJWT[Any]):
    """The same application with the revocation check skipped: the baseline."""

    async def check_revocation(self, payload: TokenPayload, token: str) -> None:  # noqa: ARG002
        return None


async def _interleaved(variants: dict[str, tuple[Any, bool]]) -> dict[str, float]:
    """Time every variant in turn within each repeat, so machine noise hits them alike."""
    clients: dict[str, tuple[httpx2.AsyncClient, dict[str, str]]] = {}
    for name, (store, skip_check) in variants.items():
        app, security = make_app(store)
        if skip_check:
            security.__class__ = _NoRevocation
        http = httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url="http://b")
        clients[name] = (http, bearer(security.create_access_token(uid="alice")))
    samples: dict[str, list[float]] = {name: [] for name in variants}
    try:
        for _ in range(REPEAT):
            for name, (http, headers) in clients.items():

                async def one(
                    http: httpx2.AsyncClient = http, headers: dict[str, str] = headers
                ) -> None:
                    response = await http.get("/me", headers=headers)
                    assert response.status_code == 200

                await one()
                samples[name].append(await median_seconds_async(one, number=NUMBER, repeat=1))
    finally:
        for http, _ in clients.values():
            await http.aclose()
    return {name: statistics.median(values) for name, values in samples.items()}


def _commands(servers: list[RedisServer]) -> dict[str, int]:
    """Commands processed by the servers, by name, less those of this function's connections."""
    counts: dict[str, int] = {}
    for server in servers:
        with server.client() as client:
            for name, stats in client.info("commandstats").items():
                counts[name] = counts.get(name, 0) + int(stats["calls"])
    for own in ("cmdstat_info", "cmdstat_hello", "cmdstat_client|setinfo"):
        counts.pop(own, None)
    return counts


async def _commands_per_check(store: RedisStore, servers: list[RedisServer]) -> float:
    app, security = make_app(store)
    headers = bearer(security.create_access_token(uid="alice"))
    transport = httpx2.ASGITransport(app=app)
    async with httpx2.AsyncClient(transport=transport, base_url="http://bench") as http:
        await http.get("/me", headers=headers)
        before = _commands(servers)
        for _ in range(100):
            assert (await http.get("/me", headers=headers)).status_code == 200
        after = _commands(servers)
    return sum(after.values()) / 100 - sum(before.values()) / 100


def _is_master(server: RedisServer) -> bool:
    with server.client() as client:
        return bool(client.info("replication")["role"] == "master")


def _used_memory(servers: list[RedisServer]) -> int:
    total = 0
    for server in servers:
        with server.client() as client:
            total += int(client.info("memory")["used_memory"])
    return total


async def _bytes_per_key(store: RedisStore, servers: list[RedisServer], kind: str) -> float:
    """Redis memory per revoked access token (`jti`) or per exchanged refresh token (`used`)."""
    before = _used_memory(servers)
    for index in range(SAMPLE):
        payload = TokenPayload(sub=f"user-{index % 5000}", type="refresh", exp=4_102_444_800)
        if kind == "jti":
            await store.revoke(payload.model_copy(update={"type": "access"}), payload.exp)
        else:
            assert await store.consume(payload, payload.exp) is None
    return (_used_memory(servers) - before) / SAMPLE


async def main() -> None:
    print(machine_line())
    with running_server("--appendonly", "no") as server, running_cluster() as cluster:
        primaries = [node for node in cluster.servers if _is_master(node)]
        single = RedisStore.from_url(server.url, prefix="fastjwt:")
        spread = RedisStore.from_url(cluster.url, cluster=True, prefix="fastjwt:")
        try:
            results = await _interleaved(
                {
                    "no revocation check": (MemoryStore(), True),
                    "MemoryStore": (MemoryStore(), False),
                    "RedisStore, one server (127.0.0.1)": (single, False),
                    "RedisStore, cluster (127.0.0.1)": (spread, False),
                }
            )
            report("Protected GET /me, median per request", results, "no revocation check")
            base = results["no revocation check"]
            for name in list(results)[1:]:
                print(f"  added by {name}: {(results[name] - base) * 1e6:.1f} us per request")

            checks: dict[str, float] = {}
            for name, store in (("MemoryStore", MemoryStore()), ("RedisStore", single)):
                _, checker = make_app(store)
                token = checker.create_access_token(uid="alice")
                found = RequestToken(token=token, location="headers")
                payload = await checker.verify_token_async(found)

                async def check(
                    checker: Any = checker, payload: Any = payload, token: str = token
                ) -> None:
                    await checker.check_revocation(payload, token)

                checks[name] = await median_seconds_async(check, number=NUMBER, repeat=REPEAT)
            print("\nThe revocation check alone, median per call")
            for name, seconds in checks.items():
                print(f"  {name:<48} {seconds * 1e6:10.1f} us")

            print("\nRedis commands (round trips) per protected request")
            print(f"  one server: {await _commands_per_check(single, [server]):.2f}")
            print(f"  cluster:    {await _commands_per_check(spread, cluster.servers):.2f}")

            print(f"\nRedis memory, {SAMPLE:,} entries each")
            sizes = {
                "one server, revoked token": await _bytes_per_key(single, [server], "jti"),
                "one server, exchanged refresh token": await _bytes_per_key(
                    single, [server], "used"
                ),
                "cluster (masters), revoked token": await _bytes_per_key(spread, primaries, "jti"),
            }
            for name, size in sizes.items():
                print(f"  {name:<40} {size:6.0f} bytes")
            per_key = sizes["one server, revoked token"]
            live = LOGOUTS_PER_DAY * (ACCESS_DAYS + REFRESH_DAYS)
            day = LOGOUTS_PER_DAY * (1 + ACCESS_DAYS / REFRESH_DAYS) * per_key
            print(
                f"  one day of {LOGOUTS_PER_DAY:,} logouts (access + refresh token each):"
                f" {day / 2**20:.0f} MiB, kept {REFRESH_DAYS} days"
            )
            print(
                f"  at that rate every day: {live / 1e6:.1f}M live keys,"
                f" {live * per_key / 2**30:.2f} GiB"
            )
        finally:
            await single.aclose()
            await spread.aclose()


if __name__ == "__main__":
    asyncio.run(main())
