"""Cost of the revocation check per request, with each store, and Redis round trips.

Run with `python -m tests.bench.revocation` (Redis on 127.0.0.1:6379, or set
FASTJWT_TEST_REDIS_URL). Every variant serves the same protected route in
process, through httpx2's ASGI transport, and is timed in the same run.
"""

import asyncio
import os
import statistics
import tracemalloc
import uuid
from typing import Any

import httpx2
from redis import Redis as SyncRedis

from fastjwt import FastJWT, MemoryStore, RequestToken, TokenPayload
from fastjwt.stores.redis_store import RedisStore
from tests.bench.common import median_seconds_async, report
from tests.support import bearer
from tests.support.revocation_app import make_app

URL = os.environ.get("FASTJWT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
NUMBER, REPEAT = 200, 9


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


def _commands_processed(client: SyncRedis) -> int:
    return int(client.info("stats")["total_commands_processed"])


async def main() -> None:
    prefix = f"fastjwt-bench:{uuid.uuid4().hex}:"
    sync = SyncRedis.from_url(URL)
    redis_store = RedisStore.from_url(URL, prefix=prefix)
    try:
        results = await _interleaved(
            {
                "no revocation check": (MemoryStore(), True),
                "MemoryStore": (MemoryStore(), False),
                "RedisStore (127.0.0.1)": (redis_store, False),
            }
        )
        report("Protected GET /me, median per request", results, "no revocation check")
        base = results["no revocation check"]
        for name in ("MemoryStore", "RedisStore (127.0.0.1)"):
            print(f"  added by {name}: {(results[name] - base) * 1e6:.1f} us per request")

        checks: dict[str, float] = {}
        for name, store in (("MemoryStore", MemoryStore()), ("RedisStore", redis_store)):
            _, checker = make_app(store)
            token = checker.create_access_token(uid="alice")
            payload = checker.verify_token(RequestToken(token=token, location="headers"))

            async def check(
                checker: Any = checker, payload: Any = payload, token: str = token
            ) -> None:
                await checker.check_revocation(payload, token)

            checks[name] = await median_seconds_async(check, number=NUMBER, repeat=REPEAT)
        print("\nThe revocation check alone, median per call")
        for name, seconds in checks.items():
            print(f"  {name:<48} {seconds * 1e6:10.1f} us")

        app, security = make_app(redis_store)
        headers = bearer(security.create_access_token(uid="alice"))
        async with httpx2.AsyncClient(
            transport=httpx2.ASGITransport(app=app), base_url="http://bench"
        ) as http:
            before = _commands_processed(sync)
            for _ in range(100):
                await http.get("/me", headers=headers)
            after = _commands_processed(sync)
        # The second INFO call is itself one command.
        print(f"\nRedis commands per request: {(after - before - 1) / 100:.2f}")

        count = 10_000
        memory_before = int(sync.info("memory")["used_memory"])
        for _ in range(count):
            await redis_store.revoke(uuid.uuid4().hex, 4_102_444_800)
        memory_after = int(sync.info("memory")["used_memory"])
        print(f"Redis memory per revoked token: {(memory_after - memory_before) / count:.0f} bytes")

        store = MemoryStore()
        tracemalloc.start()
        start = tracemalloc.take_snapshot()
        for _ in range(count):
            await store.revoke(str(uuid.uuid4()), 4_102_444_800)
        grown = tracemalloc.take_snapshot().compare_to(start, "filename")
        tracemalloc.stop()
        size = sum(stat.size_diff for stat in grown)
        print(f"MemoryStore memory per revoked token: {size / count:.0f} bytes")
    finally:
        keys = list(sync.scan_iter(match=prefix + "*", count=1000))
        for index in range(0, len(keys), 1000):
            sync.delete(*keys[index : index + 1000])
        sync.close()
        await redis_store.aclose()


if __name__ == "__main__":
    asyncio.run(main())
