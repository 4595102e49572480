"""Helpers the library tests share."""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

from fastjwt import FJWTConfig
from fastjwt.keys.keyring import KeyMaterial, load_keys

SECRET = "test-secret-of-at-least-thirty-two-bytes"
_SECRET_CHARACTERS = "-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" * 2


def secret_of(length: int, tag: str = "s") -> str:
    """A test HMAC secret of `length` ASCII bytes, `tag` first (varied enough to be accepted)."""
    return (tag + _SECRET_CHARACTERS)[:length]


def bearer(token: str) -> dict[str, str]:
    """Headers that carry `token` the default way."""
    return {"Authorization": f"Bearer {token}"}


def fresh_import(name: str) -> ModuleType:
    """Import a module afresh, so that an example reads the current environment again."""
    if name in sys.modules:
        return importlib.reload(sys.modules[name])
    return importlib.import_module(name)


def keys_of(config: FJWTConfig) -> KeyMaterial:
    """The keys a configuration names, parsed as `FastJWT` parses them."""
    return load_keys(config.key_settings())
