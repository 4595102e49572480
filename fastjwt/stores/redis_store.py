"""A Redis revocation store, shared by every worker and server (`pip install fastjwt[redis]`)."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
import re
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from redis.asyncio import Redis, RedisCluster
from redis.exceptions import AskError, ClusterCrossSlotError, RedisClusterException, RedisError

from fastjwt.exceptions import RevocationUnavailableError
from fastjwt.stores import Revocation
from fastjwt.stores.redis_scripts import CONSUME, CUT_OFF, REVOKE
from fastjwt.stores.redis_server import server_findings

if TYPE_CHECKING:
    from fastjwt.payload import TokenPayload

__all__ = ["DEFAULT_TIMEOUT", "STORE_FAILURES", "RedisStore"]

logger = logging.getLogger("fastjwt")

T = TypeVar("T")

DEFAULT_TIMEOUT = 1.0
"""Seconds one call to Redis may take, connecting and retrying included, before a 503."""

STORE_FAILURES: tuple[type[Exception], ...] = (
    RedisError,  # connection, timeout, protocol, MOVED, OOM, READONLY, ...
    RedisClusterException,  # the cluster client's own errors, which are not RedisErrors
    OSError,  # sockets, and TimeoutError (the store's timeout)
    AttributeError,  # raised inside redis-py while it reconnects during a failover
    LookupError,  # likewise, from its table of cluster nodes
    TypeError,  # an unexpected reply
    ValueError,  # likewise
)
"""What a call to Redis may raise that means "no answer": each becomes the 503 (or fail-open)."""

_REASONS = {reason.value: reason for reason in Revocation} | {"ok": None}
_CREDENTIALS = re.compile(r"(://)[^@/\s]*@")


class RedisStore:
    """Revocations kept in Redis, under keys that expire with the tokens they concern.

    Keys (with the default prefix): `fastjwt:jti:<jti>` for a revoked token,
    `fastjwt:sub:<subject>` holding the moment before which the subject's
    tokens are revoked, `fastjwt:fam:<family>` for a revoked refresh family,
    and `fastjwt:used:<jti>` for a refresh token already exchanged. On a
    cluster, a hash tag derived from the token's subject follows the prefix
    (`fastjwt:{1a2b3c4d}jti:<jti>`): the keys of one check share a slot, and
    subjects spread over every master. A check is one `MGET`: one round trip.

    Args:
        client: A `redis.asyncio.Redis` client, or a `redis.asyncio.RedisCluster`.
        prefix: Put before every key, so several applications (or test runs)
            can share one Redis database. It may not contain `{`, which would
            put every key in one cluster slot.
        fail_open: When Redis cannot answer, accept tokens instead of
            refusing them (503). This keeps the service up during a Redis
            outage, at the price of accepting revoked tokens meanwhile.
            Revoking still fails with 503: a logout never looks done when it is not.
        timeout: Seconds each call may take in all, whatever the client's own
            settings (its retries included), before it counts as a failure;
            `None` leaves it to the client.

    Raises:
        ValueError: The prefix contains `{`, or the timeout is not positive.

    See Also:
        [Running many workers and servers](../how-to/workers.md), and
        [Going to production](../tutorial/production.md#revocations-in-redis).
    """

    def __init__(
        self,
        client: Redis | RedisCluster,
        *,
        prefix: str = "fastjwt:",
        fail_open: bool = False,
        timeout: float | None = DEFAULT_TIMEOUT,
    ) -> None:
        if "{" in prefix:
            msg = f"The key prefix may not contain '{{' (FastJWT chooses the hash tags): {prefix!r}"
            raise ValueError(msg)
        if timeout is not None and not timeout > 0:
            msg = f"timeout must be a positive number of seconds or None, not {timeout!r}"
            raise ValueError(msg)
        self.client = client
        self.prefix = prefix
        self.fail_open = fail_open
        self.timeout = timeout
        self.cluster = isinstance(client, RedisCluster)
        # A cluster client's first commands, sent concurrently before it has read the
        # cluster's layout, can fail inside redis-py (AttributeError): it learns it first, once.
        self._unprepared = self.cluster
        self._preparing: asyncio.Lock | None = None

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        prefix: str = "fastjwt:",
        fail_open: bool = False,
        timeout: float | None = DEFAULT_TIMEOUT,
        cluster: bool = False,
        **client_options: Any,
    ) -> RedisStore:
        """Build a store over a new client for `url` (`redis://host:port/db`).

        The connection is opened on first use, so this can run at import time.

        Args:
            url: Where Redis listens; with `cluster`, any node of the cluster.
            prefix: As for `RedisStore`.
            fail_open: As for `RedisStore`.
            timeout: As for `RedisStore`; it is also the client's socket and
                connect timeouts unless `client_options` set them.
            cluster: Build a `RedisCluster` client: the server is a node of a
                Redis Cluster (`await store.check_server()` says when it is).
            **client_options: Given to `Redis.from_url` (or `RedisCluster.from_url`).
        """
        if timeout is not None:
            client_options.setdefault("socket_timeout", timeout)
            client_options.setdefault("socket_connect_timeout", timeout)
        client: Redis | RedisCluster = (
            RedisCluster.from_url(url, **client_options)
            if cluster
            else Redis.from_url(url, **client_options)
        )
        return cls(client, prefix=prefix, fail_open=fail_open, timeout=timeout)

    async def revoke(self, token: TokenPayload | str, expires_at: float | None = None) -> None:
        """Revoke one token; an exchanged refresh token takes its family with it, atomically.

        Raises:
            RevocationUnavailableError: Redis did not answer.
            TypeError: `token` is a bare `jti` and the client is a cluster's.
        """
        if isinstance(token, str):
            await self._set(self._legacy(token, "jti:"), expires_at)
            return
        jti = token.jti or ""
        tag = self._tag(token.sub)
        keys = [f"{tag}jti:{jti}"]
        if token.type == "refresh":
            keys += [f"{tag}used:{jti}", f"{tag}fam:{token.fam or jti}"]
        keys = [self.prefix + key for key in keys]
        exat = _exat(expires_at)
        await self._call(lambda: self.client.eval(REVOKE, len(keys), *keys, exat))

    async def revoke_subject(self, subject: str, before: float, expires_at: float | None) -> None:
        """Revoke every token of `subject` issued before `before`.

        Raises:
            RevocationUnavailableError: Redis did not answer.
        """
        key = f"{self.prefix}{self._tag(subject)}sub:{subject}"
        moment, exat = repr(float(before)), _exat(expires_at)
        await self._call(lambda: self.client.eval(CUT_OFF, 1, key, moment, exat))

    async def revoke_family(
        self, token: TokenPayload | str, expires_at: float | None = None
    ) -> None:
        """Revoke the family of `token` (or the family it names).

        Raises:
            RevocationUnavailableError: Redis did not answer.
            TypeError: `token` is a bare family and the client is a cluster's.
        """
        if isinstance(token, str):
            key = self._legacy(token, "fam:")
        else:
            key = f"{self.prefix}{self._tag(token.sub)}fam:{token.fam or token.jti or ''}"
        await self._set(key, expires_at)

    async def consume(self, payload: TokenPayload, expires_at: float | None) -> Revocation | None:
        """Retire a refresh token unless it is revoked or was retired before: one Lua script.

        Raises:
            RevocationUnavailableError: Redis did not answer, or answered nonsense.
        """
        keys = self._keys(payload, used=True)
        iat = repr(float(payload.iat or 0.0))

        async def run() -> Revocation | None:
            exat = _exat(expires_at, marker=True)
            answer = await self.client.eval(CONSUME, len(keys), *keys, iat, exat)
            text = answer.decode() if isinstance(answer, bytes) else answer
            return _REASONS[text]

        return await self._call(run)

    async def mark_used(self, token: TokenPayload | str, expires_at: float | None = None) -> bool:
        """Record a refresh token's exchange atomically (`SET NX`); `True` for the first call.

        Raises:
            RevocationUnavailableError: Redis did not answer.
            TypeError: `token` is a bare `jti` and the client is a cluster's.
        """
        if isinstance(token, str):
            key = self._legacy(token, "used:")
        else:
            key = f"{self.prefix}{self._tag(token.sub)}used:{token.jti or ''}"
        exat = None if expires_at is None else int(_exat(expires_at, marker=True))
        done = await self._call(lambda: self.client.set(key, "1", nx=True, exat=exat))
        return bool(done)

    async def status(self, payload: TokenPayload) -> Revocation | None:
        """Say whether a verified token is revoked, and why, in one round trip.

        Raises:
            RevocationUnavailableError: Redis did not answer, or answered nonsense
                (unless `fail_open`).
        """
        used = payload.type == "refresh"
        keys = self._keys(payload, used=used)

        async def read() -> Revocation | None:
            values = await self.client.mget(keys)
            if not isinstance(values, list) or len(values) != len(keys):
                raise TypeError("MGET answered " + type(values).__name__)
            token, cutoff, family, *marker = (_text(value) for value in values)
            if token is not None:
                return Revocation.TOKEN
            if cutoff is not None and (payload.iat or 0.0) < _moment(cutoff):
                return Revocation.SUBJECT
            if family is not None:
                return Revocation.FAMILY
            if used and marker[0] is not None:
                return Revocation.REUSED
            return None

        try:
            return await self._call(read, failing=not self.fail_open)
        except _UnansweredError:
            return None

    async def check_server(self) -> list[str]:
        """Warn about server settings that can lose revocations; call it at startup.

        It reads `maxmemory`, `maxmemory-policy`, `appendonly` and
        `appendfsync` with `CONFIG GET` (on every node of a cluster), and
        whether the server is a cluster node. Each finding is logged as a
        warning of the `fastjwt` logger, and returned. It never raises: a
        server that cannot be reached, or that refuses `CONFIG GET` (some
        managed services do), gives a warning saying what was not checked.
        """
        try:
            findings = await self._call(
                lambda: server_findings(self.client), failing=True, quiet=True
            )
        except RevocationUnavailableError as error:
            findings = [
                f"Redis settings not checked ({_describe(error.__cause__ or error)}): make sure"
                " that maxmemory-policy is noeviction and appendonly is yes"
            ]
        for finding in findings:
            logger.warning("%s", _redact(finding))
        return findings

    async def aclose(self) -> None:
        """Close the client's connections."""
        await self.client.aclose()

    async def _prepare(self) -> None:
        """Read the cluster's layout before the first command (one caller at a time)."""
        if self._preparing is None:
            self._preparing = asyncio.Lock()
        async with self._preparing:
            if self._unprepared and isinstance(self.client, RedisCluster):
                await self.client.initialize()
            self._unprepared = False

    def _tag(self, subject: str | None) -> str:
        """The hash tag of `subject`'s keys on a cluster; nothing on a single server."""
        if not self.cluster:
            return ""
        digest = hashlib.blake2b((subject or "").encode(), digest_size=4).hexdigest()
        return "{" + digest + "}"

    def _keys(self, payload: TokenPayload, *, used: bool) -> list[str]:
        prefix, jti = self.prefix + self._tag(payload.sub), payload.jti or ""
        keys = [
            f"{prefix}jti:{jti}",
            f"{prefix}sub:{payload.sub or ''}",
            f"{prefix}fam:{payload.fam or jti}",
        ]
        if used:
            keys.append(f"{prefix}used:{jti}")
        return keys

    def _legacy(self, name: str, kind: str) -> str:
        """The key of a bare `jti` or family: only a single server can find it again."""
        if self.cluster:
            msg = (
                "On a Redis Cluster, RedisStore needs the token's payload (its subject picks the"
                f" hash slot), not a bare {kind[:-1]!r}: pass the TokenPayload"
            )
            raise TypeError(msg)
        return f"{self.prefix}{kind}{name}"

    async def _set(self, key: str, expires_at: float | None) -> None:
        exat = None if expires_at is None else int(_exat(expires_at))
        await self._call(lambda: self.client.set(key, "1", exat=exat))

    async def _call(
        self, call: Callable[[], Awaitable[T]], *, failing: bool = True, quiet: bool = False
    ) -> T:
        """Run one call to Redis within the timeout; a failure becomes the 503.

        With `failing` false (fail-open), a failure is logged as a warning and
        raises `_UnansweredError` instead.

        Raises:
            RevocationUnavailableError: The call failed (`failing`).
            _UnansweredError: The call failed (not `failing`).
        """
        try:
            async with asyncio.timeout(self.timeout):
                if self._unprepared:
                    await self._prepare()
                return await call()
        except STORE_FAILURES as error:
            reason = _describe(error)
            if not failing:
                logger.warning("Redis unavailable (%s): accepting the token unchecked", reason)
                raise _UnansweredError from error
            if not quiet:
                # One line, no traceback: the cause is in the message.
                logger.error("Redis unavailable (%s): refusing the request (fail closed)", reason)  # noqa: TRY400
            raise RevocationUnavailableError from error


class _UnansweredError(Exception):
    """A failed call, in fail-open mode."""


def _text(value: Any) -> str | None:
    """A value read back from Redis, as text; anything but bytes, text or nothing is nonsense."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode()
    raise TypeError("Redis answered " + type(value).__name__)


def _moment(text: str) -> float:
    moment = float(text)
    if not math.isfinite(moment):
        raise ValueError("not a finite moment: " + text[:20])
    return moment


def _exat(expires_at: float | None, *, marker: bool = False) -> str:
    """Redis expires keys on whole seconds: round up.

    A "used" marker (`marker`) never expires in the past, where `SET NX` would
    succeed every time: it lives a second at least.
    """
    if expires_at is None:
        return ""
    seconds = math.ceil(expires_at)
    return str(max(seconds, math.ceil(time.time()) + 1) if marker else seconds)


def _describe(error: BaseException) -> str:
    text = str(error) or "no message"
    if isinstance(error, AskError | ClusterCrossSlotError):  # a cluster node, a plain client
        text += "; is this a cluster node? use RedisStore.from_url(url, cluster=True)"
    return f"{type(error).__name__}: {_redact(text)[:300]}"


def _redact(text: str) -> str:
    """Drop the user and password of any URL in `text`."""
    return _CREDENTIALS.sub(r"\1***@", text)
