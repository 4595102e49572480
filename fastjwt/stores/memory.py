"""An in-memory revocation store, for one process and for tests."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from fastjwt.stores import Revocation

if TYPE_CHECKING:
    from fastjwt.payload import TokenPayload

__all__ = ["MemoryStore"]

_FOREVER = float("inf")


class MemoryStore:
    """Revocations kept in this process's memory.

    Every method runs without awaiting anything in between its read and its
    write, so on one event loop each is atomic. Expired entries are dropped
    as new ones are written.

    Warning:
        Each worker process has its own memory: with `uvicorn --workers 4`,
        a token revoked by one worker is still accepted by the other three.
        Use `RedisStore` as soon as there is more than one process.
    """

    def __init__(self) -> None:
        self._tokens: dict[str, float] = {}
        self._subjects: dict[str, tuple[float, float]] = {}
        self._families: dict[str, float] = {}
        self._used: dict[str, float] = {}
        self._writes = 0

    def __len__(self) -> int:
        """How many entries are kept (expired ones included until the next sweep)."""
        return len(self._tokens) + len(self._subjects) + len(self._families) + len(self._used)

    async def revoke(self, jti: str, expires_at: float | None) -> None:
        """Revoke one token."""
        self._tokens[jti] = _until(expires_at)
        self._written()

    async def revoke_subject(self, subject: str, before: float, expires_at: float | None) -> None:
        """Revoke every token of `subject` issued before `before`."""
        previous = self._subjects.get(subject, (0.0, 0.0))[0]
        self._subjects[subject] = (max(previous, before), _until(expires_at))
        self._written()

    async def revoke_family(self, family: str, expires_at: float | None) -> None:
        """Revoke a refresh-token family."""
        self.revoke_family_now(family, expires_at)

    def revoke_family_now(self, family: str, expires_at: float | None) -> None:
        """Revoke a refresh-token family, without awaiting (for sync verification)."""
        self._families[family] = _until(expires_at)
        self._written()

    async def mark_used(self, jti: str, expires_at: float | None) -> bool:
        """Record a refresh token's exchange; `True` for the first call only."""
        now = time.time()
        if self._used.get(jti, 0.0) > now:
            return False
        self._used[jti] = _until(expires_at)
        self._written()
        return True

    async def status(self, payload: TokenPayload) -> Revocation | None:
        """Say whether a verified token is revoked, and why."""
        return self.status_now(payload)

    def status_now(self, payload: TokenPayload) -> Revocation | None:
        """Say whether a verified token is revoked, without awaiting (for sync verification)."""
        if not (self._tokens or self._subjects or self._families or self._used):
            return None  # nothing revoked yet: the common case, answered without a lookup
        now = time.time()
        jti = payload.jti or ""
        if self._tokens.get(jti, 0.0) > now:
            return Revocation.TOKEN
        cutoff, kept_until = self._subjects.get(payload.sub or "", (0.0, 0.0))
        if kept_until > now and (payload.iat or 0.0) < cutoff:
            return Revocation.SUBJECT
        if self._families.get(payload.fam or jti, 0.0) > now:
            return Revocation.FAMILY
        if payload.type == "refresh" and self._used.get(jti, 0.0) > now:
            return Revocation.REUSED
        return None

    async def aclose(self) -> None:
        """Nothing to release."""

    def _written(self) -> None:
        self._writes += 1
        if self._writes % 1024 == 0:
            self.sweep()

    def sweep(self) -> None:
        """Forget the entries whose tokens have expired anyway."""
        now = time.time()
        for table in (self._tokens, self._families, self._used):
            for key in [key for key, until in table.items() if until <= now]:
                del table[key]
        for key in [key for key, (_, until) in self._subjects.items() if until <= now]:
            del self._subjects[key]


def _until(expires_at: float | None) -> float:
    return _FOREVER if expires_at is None else expires_at
