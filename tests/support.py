"""Helpers the library tests share."""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

SECRET = "test-secret-of-at-least-thirty-two-bytes"


def bearer(token: str) -> dict[str, str]:
    """Headers that carry `token` the default way."""
    return {"Authorization": f"Bearer {token}"}


def fresh_import(name: str) -> ModuleType:
    """Import a module afresh, so that an example reads the current environment again."""
    if name in sys.modules:
        return importlib.reload(sys.modules[name])
    return importlib.import_module(name)
