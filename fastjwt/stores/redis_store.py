"""A Redis revocation store, shared by every worker and server (`pip install fastjwt[redis]`)."""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING, Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from fastjwt.exceptions import RevocationUnavailableError
from fastjwt.stores import Revocation

if TYPE_CHECKING:
    from fastjwt.payload import TokenPayload

__all__ = ["RedisStore"]

logger = logging.getLogger("fastjwt")


class RedisStore:
    """Revocations kept in Redis, under keys that expire with the tokens they concern.

    Keys (with the default prefix): `fastjwt:jti:<jti>` for a revoked token,
    `fastjwt:sub:<subject>` holding the moment before which the subject's
    tokens are revoked, `fastjwt:fam:<family>` for a revoked refresh family,
    and `fastjwt:used:<jti>` for a refresh token already exchanged. A check
    is one `MGET`: one round trip per request.

    Args:
        client: A `redis.asyncio.Redis` client.
        prefix: Put before every key, so several applications (or test runs)
            can share one Redis database.
        fail_open: When Redis cannot be reached, accept tokens instead of
            refusing them (503). This keeps the service up during a Redis
            outage, at the price of accepting revoked tokens meanwhile.
    """

    def __init__(self, client: Redis, *, prefix: str = "fastjwt:", fail_open: bool = False) -> None:
        self.client = client
        self.prefix = prefix
        self.fail_open = fail_open

    @classmethod
    def from_url(cls, url: str, **options: Any) -> RedisStore:
        """Build a store over a new client for `url` (`redis://host:port/db`).

        The connection is opened on first use, so this can run at import time.
        `options` go to `RedisStore` (`prefix`, `fail_open`).
        """
        return cls(Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2), **options)

    async def revoke(self, jti: str, expires_at: float | None) -> None:
        """Revoke one token."""
        await self._write(f"jti:{jti}", "1", expires_at)

    async def revoke_subject(self, subject: str, before: float, expires_at: float | None) -> None:
        """Revoke every token of `subject` issued before `before`."""
        await self._write(f"sub:{subject}", repr(before), expires_at)

    async def revoke_family(self, family: str, expires_at: float | None) -> None:
        """Revoke a refresh-token family."""
        await self._write(f"fam:{family}", "1", expires_at)

    async def mark_used(self, jti: str, expires_at: float | None) -> bool:
        """Record a refresh token's exchange atomically (`SET NX`); `True` for the first call."""
        try:
            done = await self.client.set(
                self.prefix + f"used:{jti}", "1", nx=True, exat=_exat(expires_at)
            )
        except RedisError as error:
            raise self._unavailable(error) from error
        return bool(done)

    async def status(self, payload: TokenPayload) -> Revocation | None:
        """Say whether a verified token is revoked, and why, in one round trip."""
        jti = payload.jti or ""
        keys = [
            self.prefix + f"jti:{jti}",
            self.prefix + f"sub:{payload.sub or ''}",
            self.prefix + f"fam:{payload.fam or jti}",
        ]
        if payload.type == "refresh":
            keys.append(self.prefix + f"used:{jti}")
        try:
            values = await self.client.mget(keys)
        except RedisError as error:
            if self.fail_open:
                logger.warning("Redis unreachable, accepting the token unchecked: %s", error)
                return None
            raise self._unavailable(error) from error
        token, cutoff, family, *used = values
        if token is not None:
            return Revocation.TOKEN
        if cutoff is not None and (payload.iat or 0.0) < float(cutoff):
            return Revocation.SUBJECT
        if family is not None:
            return Revocation.FAMILY
        if used and used[0] is not None:
            return Revocation.REUSED
        return None

    async def aclose(self) -> None:
        """Close the client's connections."""
        await self.client.aclose()

    async def _write(self, key: str, value: str, expires_at: float | None) -> None:
        try:
            await self.client.set(self.prefix + key, value, exat=_exat(expires_at))
        except RedisError as error:
            raise self._unavailable(error) from error

    @staticmethod
    def _unavailable(error: RedisError) -> RevocationUnavailableError:
        logger.error("Redis unreachable, refusing the request (fail closed): %s", error)
        return RevocationUnavailableError()


def _exat(expires_at: float | None) -> int | None:
    """Redis expires keys on whole seconds; round up so an entry never ends early."""
    return None if expires_at is None else math.ceil(expires_at)
