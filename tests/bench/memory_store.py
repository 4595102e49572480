"""MemoryStore at a million entries: the longest pause of a write, a check's cost, the memory.

Run with `python -m tests.bench.memory_store [--entries 1000000] [--writes 200000]`.

The store is filled to `--entries`, then kept there: each timed write revokes a new token
while the store's clock (its module's `time`, replaced here) moves on, so that as many
entries expire as are written, as in a server that runs for days. Every write is timed
twice: by the thread's CPU time, which a busy shared machine does not inflate (the store's
own work: dict growth, expiry), and by the wall clock (that, plus whatever else ran). The
old store swept every table every 1,024 writes; the same pass over this store's entries is
timed as a reference.
"""

import argparse
import asyncio
import gc
import statistics
import time
import tracemalloc
import uuid
from types import SimpleNamespace
from unittest import mock

from fastjwt import TokenPayload
from fastjwt.stores import memory as memory_module
from fastjwt.stores.memory import MemoryStore
from tests.bench.common import Targets, machine_line

PAUSE_LIMIT_MS = 1.0


class Clock:
    """The store's clock: moved by hand."""

    def __init__(self) -> None:
        self.now = time.time()

    def time(self) -> float:
        return self.now


def percentile(values: list[int], fraction: float) -> float:
    return values[min(len(values) - 1, int(len(values) * fraction))] / 1e6


async def pauses(entries: int, writes: int) -> tuple[list[int], list[int], MemoryStore, Clock]:
    clock = Clock()
    with mock.patch.object(memory_module, "time", SimpleNamespace(time=clock.time)):
        return await _pauses(entries, writes, clock)


async def _pauses(
    entries: int, writes: int, clock: Clock
) -> tuple[list[int], list[int], MemoryStore, Clock]:
    store = MemoryStore(max_entries=entries + writes)
    # Entries expire one per write from the first timed write on: the store stays this full.
    lifetime = 1.0  # seconds of store time between writes
    start = clock.now
    for index in range(entries):
        payload = TokenPayload(sub="bench", jti=uuid.uuid4().hex, type="access")
        await store.revoke(payload, start + (index + 1) * lifetime)
    gc.collect()
    cpu, wall = [], []
    thread_ns, wall_ns = time.thread_time_ns, time.perf_counter_ns
    for index in range(writes):
        # Made outside the timed call, and dropped after it, as a request's payload is.
        payload = TokenPayload(sub="bench", jti=uuid.uuid4().hex, type="access")
        clock.now = start + index * lifetime
        until = clock.now + entries * lifetime
        began_cpu, began_wall = thread_ns(), wall_ns()
        await store.revoke(payload, until)
        cpu.append(thread_ns() - began_cpu)
        wall.append(wall_ns() - began_wall)
    return cpu, wall, store, clock


def full_pass_ms(store: MemoryStore, now: float) -> float:
    """What the old store's sweep did every 1,024 writes: a pass over every entry."""
    tables = [shard for table in store._tables for shard in table.shards]
    began = time.thread_time_ns()
    expired = [key for shard in tables for key, until in shard.items() if until <= now]
    elapsed = (time.thread_time_ns() - began) / 1e6
    del expired
    return elapsed


def check_cost_us(store: MemoryStore) -> float:
    revoked = TokenPayload(sub="bench", jti="never-revoked", type="refresh", fam="f")
    samples = []
    for _ in range(9):
        began = time.perf_counter()
        for _ in range(10_000):
            store.status_now(revoked)
        samples.append((time.perf_counter() - began) / 10_000)
    return statistics.median(samples) * 1e6


async def bytes_per_entry(count: int) -> float:
    """Memory the store holds per revoked token, the `jti` strings included."""
    store = MemoryStore()
    until = time.time() + 3600
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(count):
        await store.revoke(TokenPayload(sub="bench", jti=str(uuid.uuid4()), type="access"), until)
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert len(store) == count
    return grown / count


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--writes", type=int, default=200_000)
    arguments = parser.parse_args()
    print(machine_line())
    cpu, wall, store, clock = await pauses(arguments.entries, arguments.writes)
    print(
        f"MemoryStore with {len(store):,} entries, {arguments.writes:,} writes at that size"
        " (as many entries expiring as written)"
    )
    cpu.sort()
    wall.sort()
    print("  per write, ms        median   p99.9  p99.99     max")
    for name, values in (("CPU of the thread", cpu), ("wall clock", wall)):
        print(
            f"  {name:<18} {percentile(values, 0.5):8.4f} {percentile(values, 0.999):7.3f}"
            f" {percentile(values, 0.9999):7.3f} {values[-1] / 1e6:7.3f}"
        )
    reference = full_pass_ms(store, clock.now)
    print(f"  the old sweep's pass over every entry (every 1,024 writes): {reference:.1f} ms")
    print(f"  a check (status_now, nothing revoked for that token): {check_cost_us(store):.2f} us")
    print(
        f"  memory per entry (100,000 revoked tokens): {await bytes_per_entry(100_000):.0f} bytes"
    )
    targets = Targets()
    targets.check("longest write pause at 1M entries, CPU ms", cpu[-1] / 1e6, PAUSE_LIMIT_MS)
    targets.print()


if __name__ == "__main__":
    asyncio.run(main())
