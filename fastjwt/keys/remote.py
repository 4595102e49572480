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

from fastjwt.exceptions import BadConfigurationError, JWKSUnavailableError, JWTDecodeError
from fastjwt.keys.jwk import read_jwk_set
from fastjwt.keys.keyring import check_jwks_url, redacted, unknown_kid

if TYPE_CHECKING:
    from fastjwt.keys.keyring import VerificationKey

__all__ = ["JWKSClient"]

logger = logging.getLogger("fastjwt")

MAX_JWKS_BYTES = 512 * 1024
"""A JWK Set is a few kilobytes; a larger answer is refused unread."""
_CHUNK = 16 * 1024


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
        url: The JWK Set's address; `None` to find it in the provider's metadata.
        algorithms: The algorithms accepted locally; keys fitting none are skipped.
        lifetime: Seconds a fetched set is used before it is fetched again.
        min_interval: Fewest seconds between two fetches.
        timeout: Seconds a fetch may take.
        clock: Where the client reads the time, in seconds (monotonic by
            default; tests give their own).
        discovery: Metadata documents to read the JWK Set's address from
            (OpenID Connect discovery, RFC 8414), tried in order, when `url` is `None`.
        issuer: The issuer the metadata must name (OpenID Connect requires it to
            be the issuer the tokens name).

    See Also:
        [Sharing tokens between services](../how-to/keys/jwks.md).
    """

    def __init__(
        self,
        url: str | None,
        *,
        algorithms: Sequence[str],
        lifetime: float = 300.0,
        min_interval: float = 10.0,
        timeout: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        discovery: Sequence[str] = (),
        issuer: str | None = None,
    ) -> None:
        self.url = url
        self.discovery = tuple(discovery)
        self.issuer = issuer
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
    def settings(self) -> tuple[object, ...]:
        """What the client was created with: URL, issuer, algorithms, lifetime, interval, timeout.

        Two clients with the same settings fetch the same keys.
        """
        return (
            self.url or self.discovery,
            self.issuer,
            self.algorithms,
            self.lifetime,
            self.min_interval,
            self.timeout,
        )

    @property
    def where(self) -> str:
        """Where the keys come from, for messages (credentials left out)."""
        return redacted(self.url or (self.discovery[0] if self.discovery else ""))

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

        A token without `kid` takes the set's only key when that key has no
        `kid` either.

        Raises:
            JWTDecodeError: The header names no key id, or one the set does not list.
            JWKSUnavailableError: As for `get`.
        """
        kid = header.get("kid")
        if kid is None:
            if "" in self._keys:
                return self._keys[""]
            raise JWTDecodeError(description="The token names no key id")
        return self.get(kid)

    def holds(self, kid: str | None, key: object) -> bool:
        """Whether `key` is still the key of `kid` (a fetched set may have dropped it)."""
        return self._keys.get(kid or "") is key

    def ready(self, kid: str | None) -> bool:
        """Whether a token naming `kid` can be checked now, without a fetch."""
        return (kid or "") in self._keys and self._is_fresh()

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
        logger.warning("fastjwt: cannot fetch the JWK Set at %s: %s", self.where, reason)

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
        """Find, download and read the set (blocking), all within `timeout` seconds.

        Raises:
            JWKSFetchError: A download failed or took too long, the metadata is
                wrong, or the answer is not a JWK Set.
        """
        deadline = time.monotonic() + self.timeout
        url = self.url if self.url is not None else self._discover(deadline)
        document = _download(url, "application/jwk-set+json, application/json", deadline)
        try:
            return read_jwk_set(document, self.algorithms)
        except ValueError as error:
            msg = f"the answer is not a JWK Set: {error}"
            raise JWKSFetchError(msg) from error

    def _discover(self, deadline: float) -> str:
        """The JWK Set's address, from the first metadata document that answers."""
        failures: list[str] = []
        for url in self.discovery:
            try:
                metadata = _download(url, "application/json", deadline)
            except JWKSFetchError as error:
                failures.append(f"{redacted(url)}: {error}")
                continue
            if not isinstance(metadata, dict):
                failures.append(f"{redacted(url)}: the metadata is not a JSON object")
                continue
            if self.issuer is not None and metadata.get("issuer") != self.issuer:
                msg = f"the metadata at {redacted(url)} is not the issuer's {self.issuer!r}"
                raise JWKSFetchError(msg)
            jwks_uri = metadata.get("jwks_uri")
            try:
                return check_jwks_url(str(jwks_uri), "jwks_uri")
            except BadConfigurationError as error:
                raise JWKSFetchError(str(error)) from error
        msg = f"no metadata found ({'; '.join(failures) or 'no metadata URL'})"
        raise JWKSFetchError(msg)


def _download(url: str, accept: str, deadline: float) -> object:
    """GET `url` and read it as JSON, refusing large answers and stopping at `deadline`.

    Reading goes chunk by chunk, so a server that trickles bytes cannot hold
    the worker thread (and its connection) past the deadline.

    Raises:
        JWKSFetchError: The request failed, the answer is too large or not
            JSON, or the deadline passed.
    """
    try:
        request = urllib.request.Request(url, headers={"Accept": accept})  # noqa: S310 - checked
    except ValueError as error:
        msg = f"the URL cannot be fetched: {error}"
        raise JWKSFetchError(msg) from error
    chunks: list[bytes] = []
    size = 0
    try:
        with _OPENER.open(request, timeout=max(0.001, deadline - time.monotonic())) as response:
            while chunk := response.read1(_CHUNK):
                size += len(chunk)
                if size > MAX_JWKS_BYTES:
                    msg = f"the answer is larger than {MAX_JWKS_BYTES} bytes"
                    raise JWKSFetchError(msg)
                if time.monotonic() > deadline:
                    msg = "the answer was still coming at the deadline"
                    raise JWKSFetchError(msg)
                chunks.append(chunk)
    except urllib.error.HTTPError as error:
        error.close()
        msg = f"the server answered HTTP {error.code}"
        raise JWKSFetchError(msg) from error
    except (OSError, http.client.HTTPException) as error:
        reason = getattr(error, "reason", None) or error
        msg = f"cannot connect: {reason}"
        raise JWKSFetchError(msg) from error
    try:
        return json.loads(b"".join(chunks))
    except (ValueError, RecursionError) as error:
        msg = f"the answer is not JSON: {error}"
        raise JWKSFetchError(msg) from error
