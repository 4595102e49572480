"""What a Redis restart and a full Redis do to revocations, on servers these tests start."""

import pytest
from redis.exceptions import OutOfMemoryError

from fastjwt import RevocationUnavailableError, TokenPayload
from fastjwt.stores import Revocation
from fastjwt.stores.redis_store import RedisStore
from tests.support.redis import TEST_TIMEOUT
from tests.support.redis_servers import RedisServer, running_server

pytestmark = pytest.mark.anyio


def tokens(count: int) -> list[TokenPayload]:
    return [TokenPayload(sub="alice", type="access") for _ in range(count)]


async def revoke_all(server: RedisServer, payloads: list[TokenPayload]) -> None:
    store = RedisStore.from_url(server.url, timeout=TEST_TIMEOUT)
    for payload in payloads:
        await store.revoke(payload, 4_102_444_800)
    await store.aclose()


async def revoked_count(server: RedisServer, payloads: list[TokenPayload]) -> int:
    store = RedisStore.from_url(server.url, timeout=TEST_TIMEOUT)
    found = [await store.status(payload) for payload in payloads]
    await store.aclose()
    return found.count(Revocation.TOKEN)


@pytest.mark.e2e
@pytest.mark.parametrize(("appendonly", "kept"), [("yes", 20), ("no", 0)])
async def test_a_crash_and_restart(appendonly: str, kept: int) -> None:
    with running_server("--appendonly", appendonly, "--appendfsync", "always") as server:
        payloads = tokens(20)
        await revoke_all(server, payloads)
        assert await revoked_count(server, payloads) == 20
        server.kill()  # SIGKILL, by PID: no chance to save anything on the way out
        server.start()
        # With the append-only file every revocation is back; without, every one is gone.
        assert await revoked_count(server, payloads) == kept


def limit_memory(server: RedisServer, room: int) -> None:
    """Set `maxmemory` to what the server uses now plus `room` bytes (negative: already full)."""
    with server.client() as raw:
        used = int(raw.info("memory")["used_memory"])
        raw.config_set("maxmemory", max(1, used + room))


def fill(server: RedisServer) -> None:
    """Write 8 kB values that expire, 300 of them, or until Redis refuses."""
    with server.client() as raw:
        for index in range(300):
            try:
                raw.set(f"filler:{index}", b"x" * 8192, ex=3600)
            except OutOfMemoryError:
                return


async def test_eviction_drops_revocations_and_the_check_says_so() -> None:
    with running_server("--maxmemory-policy", "volatile-lru") as server:
        payloads = tokens(300)
        await revoke_all(server, payloads)
        limit_memory(server, 256 * 1024)
        store = RedisStore.from_url(server.url)
        findings = await store.check_server()
        await store.aclose()
        assert any("volatile-lru" in finding for finding in findings)
        fill(server)
        # Redis made room by deleting keys that expire, revocations among them: those tokens
        # would be accepted again.
        assert await revoked_count(server, payloads) < 300


async def test_a_full_redis_without_eviction_refuses_to_revoke() -> None:
    with running_server("--maxmemory-policy", "noeviction") as server:
        payloads = tokens(50)
        await revoke_all(server, payloads)
        limit_memory(server, -1)
        store = RedisStore.from_url(server.url, timeout=TEST_TIMEOUT)
        with pytest.raises(RevocationUnavailableError):
            await store.revoke(TokenPayload(sub="alice", type="access"), None)
        await store.aclose()
        # Nothing was dropped: every earlier revocation still holds.
        assert await revoked_count(server, payloads) == 50
