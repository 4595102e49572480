"""Revocation stores: where revoked tokens, subjects and refresh families are kept.

A store answers, in one call (one Redis round trip), whether a verified token
is revoked: by its `jti`, because its subject was logged out everywhere after
it was issued, because its refresh family was revoked, or because it is a
refresh token that was already used (rotation). Each entry is kept until every
token it can match has expired, the decode leeway included.

`MemoryStore` is the default: right for one process and for tests, wrong as
soon as an application runs several workers (each has its own memory).
`RedisStore` (`pip install fastjwt[redis]`) is shared by every worker and server.

The methods that write take the token's payload, so that a store can place an
entry next to the others a check of that token reads (its subject picks the
Redis Cluster hash slot). The calls of the first version of this protocol, with
a bare `jti` or family, are still accepted by both stores (`RedisStore` refuses
them on a cluster, where it could not find the entry again in one round trip);
and a store written for that version, without `consume`, is still called that
way by FastJWT.
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
    or `None` to keep it forever. FastJWT passes the token's `exp` plus the
    decode leeway for a token's own entries, and `None` for subject cut-offs
    and families, whose tokens' lifetimes it cannot bound. A store that cannot
    answer raises `RevocationUnavailableError` (503), never anything else.

    A store written for the first version of this protocol (no `consume`, a
    bare `jti` or family where these methods take the payload) still works:
    FastJWT sees that it has no `consume` and calls it as before, with
    `mark_used` for rotation, and so without the guarantee that a logout
    racing a rotation of the same token wins.
    """

    async def revoke(self, token: TokenPayload | str, expires_at: float | None = None) -> None:
        """Revoke one token, given its payload (or, as before, its `jti`).

        Revoking a refresh token that was already exchanged also revokes its
        family, in the same atomic step: whichever of a logout and a rotation
        of that token comes first, the tokens the rotation issued do not
        outlive the logout.
        """

    async def revoke_subject(self, subject: str, before: float, expires_at: float | None) -> None:
        """Revoke every token of `subject` issued before `before`."""

    async def revoke_family(
        self, token: TokenPayload | str, expires_at: float | None = None
    ) -> None:
        """Revoke every token of the family of `token` (or of the family named by a string)."""

    async def consume(self, payload: TokenPayload, expires_at: float | None) -> Revocation | None:
        """Retire a refresh token for rotation, unless it is revoked: one atomic step.

        Returns:
            `None` when this call retired the token; otherwise why it cannot
            be exchanged (`Revocation.REUSED` when it was retired before). Of
            many concurrent calls for one token, exactly one returns `None`.
        """

    async def mark_used(self, token: TokenPayload | str, expires_at: float | None = None) -> bool:
        """Record that a refresh token was exchanged; `True` only for the first caller.

        The first version's step of rotation, kept for callers: it does not
        look at revocations (`consume` does).
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
