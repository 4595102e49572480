"""fastjwt 0.4.1's small helpers: the current time and a random identifier."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

__all__ = ["get_now", "get_now_ts", "get_uuid"]


def get_now() -> datetime:
    """The current time, as an aware UTC datetime."""
    return datetime.now(UTC)


def get_now_ts() -> float:
    """The current time, as a Unix timestamp."""
    return get_now().timestamp()


def get_uuid() -> str:
    """A random UUID (version 4), as text: what FastJWT writes into `jti`."""
    return str(uuid4())
