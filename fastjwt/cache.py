"""Verified tokens remembered by their exact string, so a token seen again skips its signature.

Envoy's JWT filter caches verification results the same way. A hit only
stands for the signature and the claims that cannot change: the time claims
are checked against the clock again, the key that verified the token must
still be a key of the configuration (a JWK Set that drops a key drops its
tokens), and every later stage of the pipeline (type, freshness, CSRF,
revocation, scopes) runs on every request. A new configuration starts with
an empty cache.

The key is the token string itself: another spelling of the same token is
another string, and goes through the full verification (and its canonical
encoding check). Entries are added from the event loop and from worker
threads (sync routes calling `verify_token`), so additions take a lock; reads
are plain dictionary lookups.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fastjwt.exceptions import JWTDecodeError
from fastjwt.payload import PayloadTemplate, TokenPayload, copy_json, to_payload
from fastjwt.tokens import codec

if TYPE_CHECKING:
    from fastjwt.keys.keyring import KeySource

__all__ = ["Verified", "VerifiedTokens"]


@dataclass(frozen=True, slots=True)
class Verified:
    """What a full verification established about one token string."""

    claims: dict[str, Any]
    """The claims, the identity claim already under `sub`; never handed out (see `fresh_claims`)."""
    key: object
    """The key that verified the signature (compared by identity on a hit)."""
    kid: str | None
    """The key id the token's header names."""
    source: KeySource
    """Where the key came from (asked on a hit whether it still holds it)."""
    expiry: float | None
    not_before: float | None
    containers: tuple[str, ...]
    """The claims whose values are lists or objects, which each request gets a copy of."""
    templates: dict[type[TokenPayload], PayloadTemplate] = field(default_factory=dict)
    """The payload validated once per model, copied for each later request."""

    def payload(self, model: type[TokenPayload], *, again: bool) -> TokenPayload:
        """The claims as a new `model` instance: validated, then copied once seen `again`.

        A token seen once (most tokens are, with short sessions) never pays
        for the template; a token seen again is validated one last time.

        Raises:
            JWTDecodeError: The claims do not fit `model`.
        """
        template = self.templates.get(model)
        if template is not None:
            return template.build()
        payload = to_payload(model, self.fresh_claims())
        if again and PayloadTemplate.fits(model):
            self.templates[model] = PayloadTemplate(payload)
        return payload

    def fresh_claims(self) -> dict[str, Any]:
        """The claims, safe to hand to a route: nothing a route changes reaches the cache.

        Strings and numbers are immutable; lists and objects are copied (the
        payload model keeps claims it does not declare as they are given).
        """
        if not self.containers:
            return self.claims
        claims = dict(self.claims)
        for name in self.containers:
            claims[name] = copy_json(claims[name])
        return claims


class VerifiedTokens:
    """A bounded map of token strings to what their verification established.

    Args:
        size: The most entries kept; when full, the oldest entry makes room.
        leeway: The clock skew tolerated when time claims are checked again.
    """

    def __init__(self, size: int, leeway: float) -> None:
        self.size = size
        self.leeway = leeway
        self._entries: dict[str, Verified] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def peek(self, token: str) -> Verified | None:
        """The entry of `token`, if any, without checking anything."""
        return self._entries.get(token)

    def get(self, token: str, now: float) -> Verified | None:
        """The entry of `token`, if any, after checking its time claims against `now`.

        Raises:
            JWTDecodeError: The token has expired, or is not valid yet, since
                it was verified.
        """
        entry = self._entries.get(token)
        if entry is None:
            return None
        if entry.expiry is not None and entry.expiry <= now - self.leeway:
            self._entries.pop(token, None)
            raise JWTDecodeError(description=codec.EXPIRED)
        if entry.not_before is not None and entry.not_before > now + self.leeway:
            raise JWTDecodeError(description=codec.NOT_YET_VALID)
        return entry

    def put(
        self,
        token: str,
        claims: dict[str, Any],
        key: object,
        kid: str | None,
        source: KeySource,
    ) -> Verified:
        """Remember a token whose signature and claims were just verified; return its entry."""
        containers = tuple(name for name, value in claims.items() if isinstance(value, list | dict))
        expiry, not_before = _time(claims, "exp"), _time(claims, "nbf")
        entry = Verified(claims, key, kid, source, expiry, not_before, containers)
        with self._lock:
            if token not in self._entries and len(self._entries) >= self.size:
                del self._entries[next(iter(self._entries))]
            self._entries[token] = entry
        return entry


def _time(claims: dict[str, Any], name: str) -> float | None:
    value = claims.get(name)
    return float(value) if isinstance(value, int | float) else None
