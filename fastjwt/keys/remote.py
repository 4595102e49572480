"""Another service's keys, fetched from its JWKS URL, cached, and refetched at a bounded rate.

The rules, for a verifier configured with `JWT_JWKS_URL`:

- the JWK Set is fetched in a worker thread (never on the event loop), at most
  once per `JWT_JWKS_MIN_FETCH_INTERVAL` whatever asks for it, and waited for
  at most `JWT_JWKS_TIMEOUT`;
- it is used for `JWT_JWKS_CACHE_LIFETIME`, then fetched again when a token
  arrives; a token naming an unknown `kid` also triggers a fetch, so that a
  new key is picked up at once;
- a fetch that fails (the service is down, slow, or answers garbage) changes
  nothing: the keys already known keep working, and a token naming an unknown
  key is refused with 503 (its key may exist, it cannot be checked) instead of
  the 401 of a key the service does not list.

Only the configured URL is ever fetched: nothing in a token (`kid`, `jku`,
`x5u`) is sent anywhere. Redirects are not followed.
"""

from __future__ import annotations

import http.client
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import anyio
import anyio.to_thread
from anyio.lowlevel import RunVar

from fastjwt.exceptions import JWKSUnavailableError, JWTDecodeError
from fastjwt.keys.jwk import read_jwk_set
from fastjwt.keys.keyring import unknown_kid

if TYPE_CHECKING:
    from fastjwt.keys.keyring import VerificationKey

__all__ = ["JWKSClient"]

logger = logging.getLogger("fastjwt")

MAX_JWKS_BYTES = 512 * 1024
"""A JWK Set is a few kilobytes; a larger answer is refused unread."""


class JWKSFetchError(Exception):
    """The JWK Set could not be fetched or read; the message says why."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Answer a redirect with an error: the JWKS URL is the one configured, nowhere else."""

    def redirect_request(self, *_arguments: object, **_keywords: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


class JWKSClient:
    """The keys of a JWKS URL: a cache, refreshed as the module docstring describes.

    `FastJWT` creates one per `JWT_JWKS_URL` (see `FastJWT.jwks_client`) and
    keeps it, with its cache, while those settings stay the same; the
    verification pipeline calls `prepare` before it verifies a token.

    Args:
        url: The JWK Set's address.
        algorithms: The algorithms accepted locally; keys fitting none are skipped.
        lifetime: Seconds a fetched set is used before it is fetched again.
        min_interval: Fewest seconds between two fetches.
        timeout: Seconds a fetch may take.
        clock: Where the client reads the time, in seconds (monotonic by
            default; tests give their own).
    """

    def __init__(
        self,
        url: str,
        *,
        algorithms: Sequence[str],
        lifetime: float = 300.0,
        min_interval: float = 10.0,
        timeout: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.clock = clock
        self.algorithms = tuple(algorithms)
        self.lifetime = lifetime
        self.min_interval = min_interval
        self.timeout = timeout
        self.fetches = 0
        """How many fetches were attempted."""
        self.last_error: str | None = None
        """Why the last fetch failed; `None` once one succeeds."""
        self._keys: Mapping[str, VerificationKey] = {}
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None
        self._locks: RunVar[anyio.Lock] = RunVar(f"fastjwt.jwks.{id(self)}")

    @property
    def settings(self) -> tuple[str, tuple[str, ...], float, float, float]:
        """What the client was created with: URL, algorithms, lifetime, interval, timeout."""
        return (self.url, self.algorithms, self.lifetime, self.min_interval, self.timeout)

    @property
    def keys(self) -> Mapping[str, VerificationKey]:
        """The keys known now, by `kid`."""
        return self._keys

    def get(self, kid: str) -> VerificationKey:
        """The cached key named `kid`.

        Raises:
            JWTDecodeError: The last fetch succeeded and does not list `kid`.
            JWKSUnavailableError: `kid` is unknown and the set could not be fetched.
        """
        found = self._keys.get(kid)
        if found is not None:
            return found
        if self._fetched_at is None or self.last_error is not None:
            raise JWKSUnavailableError
        raise JWTDecodeError(description=unknown_kid(kid))

    def select(self, header: Mapping[str, Any]) -> VerificationKey:
        """The cached key named by the `kid` of a token's header.

        Raises:
            JWTDecodeError: The header names no key id, or one the set does not list.
            JWKSUnavailableError: As for `get`.
        """
        kid = header.get("kid")
        if kid is None:
            raise JWTDecodeError(description="The token names no key id")
        return self.get(kid)

    async def prepare(self, kid: str) -> None:
        """Fetch the set if it is stale or does not list `kid`, and a fetch is allowed."""
        if kid in self._keys and self._is_fresh():
            return
        async with self._lock():
            # Another request may have fetched it while this one waited.
            if kid in self._keys and self._is_fresh():
                return
            if (
                self._attempted_at is not None
                and self._since(self._attempted_at) < self.min_interval
            ):
                return
            await self.refresh()

    async def refresh(self) -> None:
        """Fetch the set now, in a worker thread; on failure keep the keys known so far."""
        self._attempted_at = self.clock()
        self.fetches += 1
        try:
            with anyio.fail_after(self.timeout):
                keys = await anyio.to_thread.run_sync(self._fetch, abandon_on_cancel=True)
        except TimeoutError:
            self._failed(f"no answer within {self.timeout:g} s")
        except JWKSFetchError as error:
            self._failed(str(error))
        else:
            self._keys, self._fetched_at, self.last_error = keys, self.clock(), None

    def refresh_now(self) -> None:
        """Fetch the set in this thread: for scripts and the command line, never on a loop."""
        self._attempted_at = self.clock()
        self.fetches += 1
        try:
            keys = self._fetch()
        except JWKSFetchError as error:
            self._failed(str(error))
        else:
            self._keys, self._fetched_at, self.last_error = keys, self.clock(), None

    def _failed(self, reason: str) -> None:
        self.last_error = reason
        logger.warning("fastjwt: cannot fetch the JWK Set at %s: %s", self.url, reason)

    def _is_fresh(self) -> bool:
        return self._fetched_at is not None and self._since(self._fetched_at) < self.lifetime

    def _since(self, moment: float) -> float:
        return self.clock() - moment

    def _lock(self) -> anyio.Lock:
        """One lock per event loop, so concurrent requests share one fetch."""
        try:
            return self._locks.get()
        except LookupError:
            lock = anyio.Lock()
            self._locks.set(lock)
            return lock

    def _fetch(self) -> dict[str, VerificationKey]:
        """Download and read the set (blocking).

        Raises:
            JWKSFetchError: The download failed, or the answer is not a JWK Set.
        """
        request = urllib.request.Request(  # noqa: S310 - the URL's scheme was checked
            self.url, headers={"Accept": "application/jwk-set+json, application/json"}
        )
        try:
            with _OPENER.open(request, timeout=self.timeout) as response:
                body: bytes = response.read(MAX_JWKS_BYTES + 1)
        except urllib.error.HTTPError as error:
            error.close()
            msg = f"the server answered HTTP {error.code}"
            raise JWKSFetchError(msg) from error
        except (OSError, http.client.HTTPException) as error:
            reason = getattr(error, "reason", None) or error
            msg = f"cannot connect: {reason}"
            raise JWKSFetchError(msg) from error
        if len(body) > MAX_JWKS_BYTES:
            msg = f"the answer is larger than {MAX_JWKS_BYTES} bytes"
            raise JWKSFetchError(msg)
        try:
            return read_jwk_set(json.loads(body), self.algorithms)
        except (ValueError, RecursionError) as error:
            msg = f"the answer is not a JWK Set: {error}"
            raise JWKSFetchError(msg) from error
