"""Helpers the library tests share."""

from __future__ import annotations

SECRET = "test-secret-of-at-least-thirty-two-bytes"


def bearer(token: str) -> dict[str, str]:
    """Headers that carry `token` the default way."""
    return {"Authorization": f"Bearer {token}"}
