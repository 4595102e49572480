"""An in-memory revocation store, for one process and for tests."""

from __future__ import annotations

import heapq
import logging
import math
import threading
import time
from typing import TYPE_CHECKING

from fastjwt.exceptions import RevocationUnavailableError
from fastjwt.stores import Revocation

if TYPE_CHECKING:
    from fastjwt.payload import TokenPayload

__all__ = ["DEFAULT_MAX_ENTRIES", "MemoryStore"]

logger = logging.getLogger("fastjwt")

DEFAULT_MAX_ENTRIES = 1_000_000
"""How many entries a `MemoryStore` holds unless told otherwise (about 130 MB of memory)."""

_FOREVER = math.inf
# Expired entries each write forgets, per table: more than a write adds to a table, so expired
# entries never pile up, and a write never does more than this much cleaning.
_PER_WRITE = 2
# Entries per shard when the store is full: growing (or rebuilding) a dict copies all of its
# entries, which at a million entries in one dict stalls the event loop for tens of ms.
_SHARD_SIZE = 4096
# Seconds of expiry each bucket of the wheel spans: few buckets (each a list the garbage
# collector walks), at the price of forgetting an entry up to this much after it expired.
_BUCKET = 64


class _Table:
    """Keys and the moment each may be forgotten: sharded dicts and an expiry wheel.

    The wheel files each key under the end of the minute or so (`_BUCKET`
    seconds) in which it may go; `expire` empties the buckets whose end has
    passed, a bounded number of keys per call.
    A key written again leaves its older bucket entry behind, which `expire`
    skips (it checks the key's current moment before forgetting it).
    """

    __slots__ = ("buckets", "due", "mask", "shards", "values")

    def __init__(self, shards: int, *, values: bool = False) -> None:
        self.shards: list[dict[str, float]] = [{} for _ in range(shards)]
        self.values: list[dict[str, float]] | None = [{} for _ in range(shards)] if values else None
        self.mask = shards - 1
        self.buckets: dict[int, list[str]] = {}
        self.due: list[int] = []

    def until(self, key: str) -> float:
        """When `key` may be forgotten; 0 when absent."""
        return self.shards[hash(key) & self.mask].get(key, 0.0)

    def value(self, key: str) -> float:
        """The value kept with `key` (a subject's cut-off); 0 when absent."""
        assert self.values is not None  # noqa: S101 - only the subjects' table is asked
        return self.values[hash(key) & self.mask].get(key, 0.0)

    def has(self, key: str) -> bool:
        """Whether `key` takes a place in the store (expired but not yet forgotten included)."""
        return key in self.shards[hash(key) & self.mask]

    def put(self, key: str, until: float, value: float | None = None) -> bool:
        """Keep `key` until `until` at least (an entry is never shortened); `True` if it is new."""
        index = hash(key) & self.mask
        shard = self.shards[index]
        previous = shard.get(key)
        if previous is None or previous < until:
            shard[key] = until
            if until != _FOREVER:
                end = math.ceil(until / _BUCKET) * _BUCKET
                bucket = self.buckets.get(end)
                if bucket is None:
                    self.buckets[end] = bucket = []
                    heapq.heappush(self.due, end)
                bucket.append(key)
        if value is not None and self.values is not None:
            values = self.values[index]
            values[key] = max(values.get(key, value), value)
        return previous is None

    def expire(self, now: float, budget: float) -> int:
        """Forget expired keys, looking at `budget` wheel entries at most; how many went."""
        forgotten = 0
        due, buckets = self.due, self.buckets
        while budget > 0 and due and due[0] <= now:
            bucket = buckets[due[0]]
            while budget > 0 and bucket:
                key = bucket.pop()
                budget -= 1
                index = hash(key) & self.mask
                shard = self.shards[index]
                until = shard.get(key)
                if until is not None and until <= now:
                    del shard[key]
                    if self.values is not None:
                        del self.values[index][key]
                    forgotten += 1
            if not bucket:
                del buckets[heapq.heappop(due)]
        return forgotten


class MemoryStore:
    """Revocations kept in this process's memory.

    Every method runs without awaiting anything between its read and its
    write, under a lock, so each is atomic on the event loop and across
    threads. Expiry is incremental: each write forgets a few expired entries,
    so no call ever does work in proportion to the store's size.

    Args:
        max_entries: The most entries kept at once: revoked tokens, subject
            cut-offs, revoked families and exchanged refresh tokens together
            (about 130 bytes each). Past it, an expired entry makes room; when
            none has expired, revoking fails with `RevocationUnavailableError`
            (503) rather than forgetting a revocation.

    Raises:
        ValueError: `max_entries` is below 1.

    Warning:
        Each worker process has its own memory: with `uvicorn --workers 4`,
        a token revoked by one worker is still accepted by the other three.
        Use `RedisStore` as soon as there is more than one process.

    See Also:
        [Revoking tokens](../how-to/revocation.md).

    Example:
        ```python
        import asyncio

        from fastjwt import FastJWT, FJWTConfig, MemoryStore

        store = MemoryStore()
        config = FJWTConfig(JWT_SECRET_KEY="a-secret-of-thirty-two-bytes-at-least")
        security = FastJWT(config, store=store)
        assert security.store is store
        asyncio.run(security.revoke_subject("alice"))
        ```
    """

    def __init__(self, max_entries: int = DEFAULT_MAX_ENTRIES) -> None:
        if max_entries < 1:
            msg = f"max_entries must be at least 1, not {max_entries}"
            raise ValueError(msg)
        self.max_entries = max_entries
        shards = 1 << max(4, math.ceil(math.log2(max(1.0, max_entries / _SHARD_SIZE))))
        self._tokens = _Table(shards)
        self._subjects = _Table(shards, values=True)
        self._families = _Table(shards)
        self._used = _Table(shards)
        self._tables = (self._tokens, self._subjects, self._families, self._used)
        self._count = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many entries are kept (expired ones included until they are forgotten)."""
        return self._count

    async def revoke(self, token: TokenPayload | str, expires_at: float | None = None) -> None:
        """Revoke one token; an exchanged refresh token takes its family with it.

        Raises:
            RevocationUnavailableError: The store is full.
        """
        with self._lock:
            now = time.time()
            if isinstance(token, str):
                self._make_room(now, (self._tokens, token))
                self._put(self._tokens, token, expires_at)
                return
            jti = token.jti or ""
            if token.type == "refresh" and self._used.until(jti) > now:
                family = token.fam or jti
                self._make_room(now, (self._tokens, jti), (self._families, family))
                self._put(self._families, family, None)
            else:
                self._make_room(now, (self._tokens, jti))
            self._put(self._tokens, jti, expires_at)

    async def revoke_subject(self, subject: str, before: float, expires_at: float | None) -> None:
        """Revoke every token of `subject` issued before `before`.

        Raises:
            RevocationUnavailableError: The store is full.
        """
        with self._lock:
            self._make_room(time.time(), (self._subjects, subject))
            self._put(self._subjects, subject, expires_at, before)

    async def revoke_family(
        self, token: TokenPayload | str, expires_at: float | None = None
    ) -> None:
        """Revoke the family of `token` (or the family it names).

        Raises:
            RevocationUnavailableError: The store is full.
        """
        family = token if isinstance(token, str) else token.fam or token.jti or ""
        self.revoke_family_now(family, expires_at)

    def revoke_family_now(self, family: str, expires_at: float | None) -> None:
        """Revoke a refresh-token family, without awaiting (for sync verification).

        Raises:
            RevocationUnavailableError: The store is full.
        """
        with self._lock:
            self._make_room(time.time(), (self._families, family))
            self._put(self._families, family, expires_at)

    async def consume(self, payload: TokenPayload, expires_at: float | None) -> Revocation | None:
        """Retire a refresh token unless it is revoked or was retired before, in one step.

        Raises:
            RevocationUnavailableError: The store is full.
        """
        jti = payload.jti or ""
        with self._lock:
            now = time.time()
            reason = self._reason(payload, now, used=True) if self._count else None
            if reason is not None:
                return reason
            self._make_room(now, (self._used, jti))
            self._put(self._used, jti, _marker_until(expires_at, now))
            return None

    async def mark_used(self, token: TokenPayload | str, expires_at: float | None = None) -> bool:
        """Record a refresh token's exchange; `True` for the first call only.

        Raises:
            RevocationUnavailableError: The store is full.
        """
        jti = token if isinstance(token, str) else token.jti or ""
        with self._lock:
            now = time.time()
            if self._used.until(jti) > now:
                return False
            self._make_room(now, (self._used, jti))
            self._put(self._used, jti, _marker_until(expires_at, now))
            return True

    async def status(self, payload: TokenPayload) -> Revocation | None:
        """Say whether a verified token is revoked, and why."""
        return self.status_now(payload)

    def status_now(self, payload: TokenPayload) -> Revocation | None:
        """Say whether a verified token is revoked, without awaiting (for sync verification)."""
        if not self._count:
            return None  # nothing revoked yet: the common case, answered without a lookup
        return self._reason(payload, time.time(), used=payload.type == "refresh")

    async def aclose(self) -> None:
        """Nothing to release."""

    def sweep(self) -> None:
        """Forget every expired entry now, in time proportional to their number.

        Never needed: writes forget expired entries as they go.
        """
        with self._lock:
            now = time.time()
            for table in self._tables:
                self._count -= table.expire(now, math.inf)

    def _reason(self, payload: TokenPayload, now: float, *, used: bool) -> Revocation | None:
        # Every table has as many shards: the index of a key is the same in each of them.
        mask = self._tokens.mask
        jti = payload.jti or ""
        at = hash(jti) & mask
        if self._tokens.shards[at].get(jti, 0.0) > now:
            return Revocation.TOKEN
        subject = payload.sub or ""
        subjects, where = self._subjects, hash(subject) & mask
        if subjects.shards[where].get(subject, 0.0) > now and (payload.iat or 0.0) < (
            subjects.value(subject)
        ):
            return Revocation.SUBJECT
        family = payload.fam or jti
        if self._families.shards[hash(family) & mask].get(family, 0.0) > now:
            return Revocation.FAMILY
        if used and self._used.shards[at].get(jti, 0.0) > now:
            return Revocation.REUSED
        return None

    def _make_room(self, now: float, *wanted: tuple[_Table, str]) -> None:
        """Forget a few expired entries; refuse when the new ones `wanted` would not fit.

        Raises:
            RevocationUnavailableError: The store is full of entries still needed.
        """
        for table in self._tables:
            self._count -= table.expire(now, _PER_WRITE)
        new = sum(1 for table, key in wanted if not table.has(key))
        if self._count + new <= self.max_entries:
            return
        for table in self._tables:
            self._count -= table.expire(now, 64)
        if self._count + new <= self.max_entries:
            return
        logger.error(
            "MemoryStore full (max_entries=%d): refusing to record a revocation (fail closed)",
            self.max_entries,
        )
        raise RevocationUnavailableError

    def _put(
        self, table: _Table, key: str, expires_at: float | None, value: float | None = None
    ) -> None:
        if table.put(key, _FOREVER if expires_at is None else expires_at, value):
            self._count += 1


def _marker_until(expires_at: float | None, now: float) -> float | None:
    """A "used" marker lives a second at least: one already expired would let a reuse through."""
    return None if expires_at is None else max(expires_at, now + 1.0)
