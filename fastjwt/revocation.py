"""Revocation: the store, the blocklist callbacks, logout everywhere, refresh rotation.

`FastJWT` inherits these methods; the state lives in the store and in two
callbacks. Every check runs after the token's signature and claims are
verified, so forged tokens never reach the store or your database.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from fastjwt.calls import call_callback, is_async
from fastjwt.exceptions import RevokedTokenError
from fastjwt.refresh import renewal_claims
from fastjwt.stores import Revocation, RevocationStore

if TYPE_CHECKING:
    from fastjwt.config import FJWTConfig
    from fastjwt.models import TokenPayload

__all__ = ["PayloadCheck", "RevocationHandling", "TokenStringCheck"]

PayloadCheck: TypeAlias = Callable[["TokenPayload"], bool | Awaitable[bool]]
"""A sync or async callable that receives a verified payload and says whether it is revoked."""
TokenStringCheck: TypeAlias = Callable[..., bool | Awaitable[bool]]
"""0.4.1's blocklist callback: it receives the encoded token string."""

C = TypeVar("C", bound=Callable[..., Any])


class RevocationHandling:
    """Revoking tokens and checking revocations; part of `FastJWT`."""

    _config: FJWTConfig
    store: RevocationStore
    """Where revocations are kept: a `MemoryStore` unless you give another."""
    revocation_check: PayloadCheck | None = None
    """Your own check, given the verified payload (see `set_revocation_check`)."""
    callback_is_token_in_blocklist: TokenStringCheck | None = None
    """0.4.1's blocklist callback, given the token string (see `set_token_blocklist`)."""
    create_token: Callable[..., str]

    def set_revocation_check(self, callback: C) -> C:
        """Register a check of your own: `callback(payload) -> bool`, `True` meaning revoked.

        It runs after the built-in store, only for tokens whose signature and
        claims are valid; it may be sync (run in a worker thread) or async.
        Key your records on `payload.jti`. Returns `callback`, so it works as
        a decorator.
        """
        self.revocation_check = callback
        return callback

    def set_token_blocklist(self, callback: C) -> C:
        """Register 0.4.1's blocklist callback: `callback(token: str) -> bool`.

        It receives the encoded token, for applications that store raw
        tokens. FastJWT accepts exactly one spelling of each token, so a
        stored string cannot be dodged by re-encoding it. Prefer
        `set_revocation_check`, which keys on `jti`.
        """
        self.callback_is_token_in_blocklist = callback
        return callback

    set_callback_token_blocklist = set_token_blocklist

    @property
    def is_token_callback_set(self) -> bool:
        """Whether a blocklist callback (either kind) is registered."""
        return self.callback_is_token_in_blocklist is not None or self.revocation_check is not None

    def is_token_in_blocklist(self, token: str, **_: Any) -> bool:
        """Call 0.4.1's sync blocklist callback with `token` (`False` when none is set).

        Raises:
            TypeError: The callback is async: use `await check_revocation(...)` instead.
        """
        callback = self.callback_is_token_in_blocklist
        if callback is None:
            return False
        if is_async(callback):
            msg = "The blocklist callback is async: call `await security.check_revocation(...)`"
            raise TypeError(msg)
        return bool(callback(token))

    async def check_revocation(self, payload: TokenPayload, token: str) -> None:
        """Refuse a verified token that is revoked by the store or by a callback.

        A refresh token presented a second time (rotation) revokes its whole
        family: its legitimate holder and the thief are both logged out.

        Raises:
            RevokedTokenError: The token is revoked.
            RevocationUnavailableError: The store cannot be reached (503).
        """
        reason = await self.store.status(payload)
        if reason is Revocation.REUSED:
            await self.store.revoke_family(payload.fam or payload.jti or "", self._family_end())
            raise RevokedTokenError(description="Refresh token reused: its session is revoked")
        if reason is not None:
            raise RevokedTokenError(description=f"The token was revoked ({reason.value})")
        if self.revocation_check is not None and bool(
            await call_callback(self.revocation_check, payload)
        ):
            raise RevokedTokenError(description="The token was revoked")
        blocklist = self.callback_is_token_in_blocklist
        if blocklist is not None and bool(await call_callback(blocklist, token)):
            raise RevokedTokenError(description="The token was revoked")

    async def revoke(self, *payloads: TokenPayload) -> None:
        """Revoke tokens (a logout revokes the access and the refresh token) until they expire."""
        for payload in payloads:
            await self.store.revoke(payload.jti or "", _expiry(payload))

    async def revoke_subject(self, subject: str) -> None:
        """Revoke every token of `subject` issued until now: "log out everywhere".

        Tokens created afterwards are accepted, so a password change can
        revoke the old sessions and hand out new tokens in one request.
        """
        await self.store.revoke_subject(subject, time.time(), self._family_end())

    async def consume_refresh_token(self, payload: TokenPayload) -> str:
        """Retire a refresh token for rotation and return its family.

        Exactly one of several concurrent calls for one token succeeds.

        Raises:
            RevokedTokenError: The token was already exchanged; its family is
                now revoked.
        """
        family = payload.fam or payload.jti or ""
        if not await self.store.mark_used(payload.jti or "", _expiry(payload)):
            await self.store.revoke_family(family, self._family_end())
            raise RevokedTokenError(description="Refresh token reused: its session is revoked")
        return family

    async def rotate_refresh_token(self, payload: TokenPayload) -> tuple[str, str]:
        """Exchange a verified refresh token for a new access token and a new refresh token.

        The old refresh token is retired; presenting it again revokes every
        token of its family (reuse detection). Of concurrent exchanges of one
        token, exactly one succeeds.

        Raises:
            RevokedTokenError: The token was already exchanged.
            RevocationUnavailableError: The store cannot be reached (503).
        """
        family = await self.consume_refresh_token(payload)
        claims, subject = renewal_claims(payload), str(payload.sub)
        return (
            self.create_token("access", subject, data=claims, audience=payload.aud, family=family),
            self.create_token("refresh", subject, data=claims, audience=payload.aud, family=family),
        )

    def _family_end(self) -> float | None:
        """Until when a family or subject revocation must be kept: the longest token life."""
        access = self._config.JWT_ACCESS_TOKEN_EXPIRES
        refresh = self._config.JWT_REFRESH_TOKEN_EXPIRES
        if access is None or refresh is None:
            return None
        return time.time() + max(access, refresh).total_seconds()


def _expiry(payload: TokenPayload) -> float | None:
    return None if payload.exp is None else float(payload.exp)
