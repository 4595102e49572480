"""Revocation stores: where revoked tokens, subjects and refresh families are kept.

A store answers, in one call (one Redis round trip), whether a verified token
is revoked: by its `jti`, because its subject was logged out everywhere after
it was issued, because its refresh family was revoked, or because it is a
refresh token that was already used (rotation). Entries expire when the
tokens they concern would have expired anyway.

`MemoryStore` is the default: right for one process and for tests, wrong as
soon as an application runs several workers (each has its own memory).
`RedisStore` (`pip install fastjwt[redis]`) is shared by every worker and server.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from fastjwt.payload import TokenPayload

__all__ = ["Revocation", "RevocationStore", "SyncRevocationStore"]


class Revocation(StrEnum):
    """Why a token is refused."""

    TOKEN = "token"
    """The token itself was revoked (logout)."""
    SUBJECT = "subject"
    """Every token of its subject issued before a moment was revoked."""
    FAMILY = "family"
    """Its refresh-token family was revoked (a reused refresh token)."""
    REUSED = "reused"
    """It is a refresh token that was already exchanged."""


@runtime_checkable
class RevocationStore(Protocol):
    """What FastJWT needs from a revocation store; every method may do I/O.

    `expires_at` is a Unix timestamp after which the entry may be forgotten,
    or `None` to keep it forever (for tokens that never expire).
    """

    async def revoke(self, jti: str, expires_at: float | None) -> None:
        """Revoke one token."""

    async def revoke_subject(self, subject: str, before: float, expires_at: float | None) -> None:
        """Revoke every token of `subject` issued before `before`."""

    async def revoke_family(self, family: str, expires_at: float | None) -> None:
        """Revoke every token of a refresh-token family."""

    async def mark_used(self, jti: str, expires_at: float | None) -> bool:
        """Record that a refresh token was exchanged; `True` only for the first caller.

        It must be atomic: of many concurrent calls for one `jti`, exactly
        one returns `True`.
        """

    async def status(self, payload: TokenPayload) -> Revocation | None:
        """Say whether a verified token is revoked, and why."""

    async def aclose(self) -> None:
        """Release connections."""


@runtime_checkable
class SyncRevocationStore(Protocol):
    """A store that can also answer without awaiting, so sync code can check revocations.

    `MemoryStore` is one; a store over the network (`RedisStore`) is not, and
    `FastJWT.verify_token` then asks for `verify_token_async`.
    """

    def status_now(self, payload: TokenPayload) -> Revocation | None:
        """Say whether a verified token is revoked, and why."""

    def revoke_family_now(self, family: str, expires_at: float | None) -> None:
        """Revoke a refresh-token family."""
