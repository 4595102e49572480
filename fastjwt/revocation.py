"""Revocation: the pipeline's revocation stage, and the operations that revoke.

One `Revocations` object holds the store and the two callbacks. Its checks run
after the token's signature and claims are verified, so forged tokens never
reach the store or the application's database.
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, NoReturn, TypeAlias

import anyio

from fastjwt.callbacks import call_callback, is_async
from fastjwt.exceptions import RevokedTokenError
from fastjwt.stores import Revocation, RevocationStore, SyncRevocationStore

if TYPE_CHECKING:
    from fastjwt.payload import TokenPayload

__all__ = ["PayloadCheck", "Revocations", "TokenStringCheck"]

PayloadCheck: TypeAlias = Callable[["TokenPayload"], bool | Awaitable[bool]]
"""A sync or async callable that receives a verified payload and says whether it is revoked."""
TokenStringCheck: TypeAlias = Callable[..., bool | Awaitable[bool]]
"""0.4.1's blocklist callback: it receives the encoded token string."""

_REUSED = "Refresh token reused: its session is revoked"


class Revocations:
    """The store and the callbacks that say whether a verified token is revoked.

    Every entry it writes outlives the tokens it can match: a token's own
    entries (its revocation, the "used" marker of rotation) are kept until its
    `exp` plus the decode leeway, since until then the token is still
    accepted; subject cut-offs and revoked families are kept for good, since
    tokens created with a long `expiry=` (by any process) may belong to them.

    Args:
        store: Where revocations are kept.
        leeway: Returns the decode leeway in seconds (`JWT_DECODE_LEEWAY`).
    """

    def __init__(self, store: RevocationStore, leeway: Callable[[], float]) -> None:
        self._payload_check: PayloadCheck | None = None
        self._token_check: TokenStringCheck | None = None
        self.store = store
        self._leeway = leeway

    @property
    def store(self) -> RevocationStore:
        """Where revocations are kept."""
        return self._store

    @store.setter
    def store(self, store: RevocationStore) -> None:
        self._store = store
        # A store that answers without awaiting is asked directly, on every request.
        self._sync: SyncRevocationStore | None = (
            store if isinstance(store, SyncRevocationStore) else None
        )
        # A store written for the first protocol (no `consume`) takes bare ids, as it did then.
        self._bare = not callable(getattr(store, "consume", None))
        self._decide()

    @property
    def payload_check(self) -> PayloadCheck | None:
        """The application's check of verified payloads (`FastJWT.set_revocation_check`)."""
        return self._payload_check

    @payload_check.setter
    def payload_check(self, callback: PayloadCheck | None) -> None:
        self._payload_check = callback
        self._decide()

    @property
    def token_check(self) -> TokenStringCheck | None:
        """0.4.1's blocklist callback, given token strings (`FastJWT.set_token_blocklist`)."""
        return self._token_check

    @token_check.setter
    def token_check(self, callback: TokenStringCheck | None) -> None:
        self._token_check = callback
        self._decide()

    def _decide(self) -> None:
        # Whether `check_store_now` can stand for `check` on the event loop: no I/O and no
        # callback (sync callbacks may block, so `check` runs them in a worker thread).
        self.immediate = (
            self._sync is not None and self._payload_check is None and self._token_check is None
        )

    def _until(self, payload: TokenPayload) -> float | None:
        """When a token's own entries may go: once it is refused anyway, leeway included."""
        return None if payload.exp is None else float(payload.exp) + self._leeway()

    async def _revoke_family(self, payload: TokenPayload) -> None:
        if self._bare:
            await self._store.revoke_family(payload.fam or payload.jti or "", None)
        else:
            await self._store.revoke_family(payload, None)

    async def check(self, payload: TokenPayload, token: str) -> None:
        """Refuse a verified token that the store or a callback says is revoked.

        A refresh token presented after it was exchanged (rotation) revokes
        its whole family: its legitimate holder and the thief are both logged out.

        Raises:
            RevokedTokenError: The token is revoked.
            RevocationUnavailableError: The store cannot be reached (503).
        """
        sync = self._sync
        reason = sync.status_now(payload) if sync is not None else await self._store.status(payload)
        if reason is not None:
            if reason is Revocation.REUSED:
                await self._revoke_family(payload)
            _refuse(reason)
        if self._payload_check is not None and bool(
            await call_callback(self._payload_check, payload)
        ):
            raise RevokedTokenError(description="The token was revoked")
        if self.token_check is not None and bool(await call_callback(self.token_check, token)):
            raise RevokedTokenError(description="The token was revoked")

    def check_store_now(self, payload: TokenPayload) -> None:
        """The store's check alone, without awaiting: for `immediate` revocations.

        Raises:
            RevokedTokenError: The token is revoked.
        """
        store = self._sync
        assert store is not None  # noqa: S101 - only called when `immediate`
        reason = store.status_now(payload)
        if reason is not None:
            if reason is Revocation.REUSED:
                store.revoke_family_now(payload.fam or payload.jti or "", None)
            _refuse(reason)

    def check_now(self, payload: TokenPayload, token: str) -> None:
        """The same check, without awaiting, for sync callers.

        Raises:
            RevokedTokenError: The token is revoked.
            TypeError: The store can only answer asynchronously (`RedisStore`),
                or a callback is async: await `FastJWT.verify_token_async` instead.
        """
        store = self._sync
        if store is None:
            msg = (
                f"{type(self._store).__name__} answers only asynchronously, so verify_token cannot "
                "check revocations: use `await security.verify_token_async(...)`"
            )
            raise TypeError(msg)
        for callback in (self.payload_check, self.token_check):
            if callback is not None and is_async(callback):
                msg = (
                    "A revocation callback is async, so verify_token cannot call it: use "
                    "`await security.verify_token_async(...)`"
                )
                raise TypeError(msg)
        self.check_store_now(payload)
        if self.payload_check is not None and bool(self.payload_check(payload)):
            raise RevokedTokenError(description="The token was revoked")
        if self.token_check is not None and bool(self.token_check(token)):
            raise RevokedTokenError(description="The token was revoked")

    def is_token_in_blocklist(self, token: str, **_: Any) -> bool:
        """Call 0.4.1's sync blocklist callback with `token` (`False` when none is set).

        Raises:
            TypeError: The callback is async: use `await check_revocation(...)` instead.
        """
        callback = self.token_check
        if callback is None:
            return False
        if is_async(callback):
            msg = "The blocklist callback is async: call `await security.check_revocation(...)`"
            raise TypeError(msg)
        return bool(callback(token))

    async def revoke(self, *payloads: TokenPayload) -> None:
        """Revoke tokens until they expire (leeway included).

        A refresh token that was already exchanged takes its family with it.
        """
        for payload in payloads:
            until = self._until(payload)
            if self._bare:
                await self._store.revoke(payload.jti or "", until)
            else:
                await self._store.revoke(payload, until)

    async def revoke_subject(self, subject: str) -> None:
        """Revoke, for good, every token of `subject` issued so far; return in the next second.

        Tokens carry their creation time in whole seconds, so the cut-off is the
        start of the next second: every token issued so far, this second
        included, is before it. Waiting for that second (at most one, without
        blocking the event loop) means a token created after this returns (a
        password change handing out new tokens) is never caught by it.
        """
        cutoff = math.floor(time.time()) + 1
        await self._store.revoke_subject(subject, cutoff, None)
        await anyio.sleep(max(0.0, cutoff - time.time()))

    async def consume_refresh_token(self, payload: TokenPayload) -> str:
        """Retire a refresh token for rotation and return its family.

        Exactly one of several concurrent calls for one token succeeds, and a
        token revoked meanwhile (a logout racing the rotation) is refused.

        Raises:
            RevokedTokenError: The token was already exchanged (its family is
                now revoked), or it is revoked.
        """
        family = payload.fam or payload.jti or ""
        until = self._until(payload)
        if self._bare:
            reason = (
                None if await self._store.mark_used(payload.jti or "", until) else Revocation.REUSED
            )
        else:
            reason = await self._store.consume(payload, until)
        if reason is Revocation.REUSED:
            await self._revoke_family(payload)
        if reason is not None:
            _refuse(reason)
        return family


def _refuse(reason: Revocation) -> NoReturn:
    if reason is Revocation.REUSED:
        raise RevokedTokenError(description=_REUSED)
    raise RevokedTokenError(description=f"The token was revoked ({reason.value})")
