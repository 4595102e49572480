"""The key settings of a configuration as plain values, and the pair of keys they name.

The key layer never sees `FJWTConfig`: the configuration hands it a
`KeySettings`, so keys can be loaded (and tested) from values alone.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastjwt.exceptions import BadConfigurationError
from fastjwt.keys.parsing import ALGORITHMS, PROBE, is_private, prepare_key, read_key_file

__all__ = ["KeySettings", "load_pair"]


@dataclass(frozen=True, slots=True)
class KeySettings:
    """The settings keys are read from; each field is the `JWT_*` setting of the same name.

    `decode_algorithms` is `None` when `JWT_DECODE_ALGORITHMS` was not set
    explicitly (then `JWT_ALGORITHM` alone is accepted).
    """

    algorithm: str
    decode_algorithms: tuple[str, ...] | None = None
    secret_key: str | None = field(default=None, repr=False)
    secret_key_file: Path | None = None
    secret_encoding: str = "utf-8"
    private_key: str | None = field(default=None, repr=False)
    private_key_file: Path | None = None
    public_key: str | None = None
    public_key_file: Path | None = None
    key_id: str | None = None
    verification_keys: Mapping[str, str] = field(default_factory=dict, repr=False)
    verification_key_files: Mapping[str, Path] = field(default_factory=dict)
    jwks_url: str | None = None

    def text(self, setting: str) -> tuple[str | None, str]:
        """The value of a key setting, from itself or from its `_FILE` twin.

        Args:
            setting: `JWT_SECRET_KEY`, `JWT_PRIVATE_KEY` or `JWT_PUBLIC_KEY`.

        Returns:
            The text, and the name of the setting it came from.

        Raises:
            BadConfigurationError: Both are set, or the file cannot be read.
        """
        name = setting.removeprefix("JWT_").lower()
        text: str | None = getattr(self, name)
        path: Path | None = getattr(self, f"{name}_file")
        if path is None:
            return text, setting
        if text is not None:
            msg = f"{setting} and {setting}_FILE are both set: give the key one way only"
            raise BadConfigurationError(msg)
        source = f"{setting}_FILE"
        return read_key_file(path, source, secret=setting == "JWT_SECRET_KEY"), source

    def secret(self, text: str, setting: str) -> str | bytes:
        """An HMAC secret as its bytes, read with `JWT_SECRET_KEY_ENCODING`.

        Raises:
            BadConfigurationError: The text is not in that encoding.
        """
        encoding = self.secret_encoding
        if encoding == "utf-8":
            return text
        try:
            if encoding == "hex":
                return bytes.fromhex(text)
            alphabet = b"-_" if encoding == "base64url" else b"+/"
            data = text.strip().rstrip("=").encode("ascii")
            return base64.b64decode(
                data + b"=" * (-len(data) % 4), altchars=alphabet, validate=True
            )
        except ValueError as error:  # binascii.Error and non-ASCII text are ValueErrors
            msg = f"{setting} is not valid {encoding} (JWT_SECRET_KEY_ENCODING={encoding})"
            raise BadConfigurationError(msg) from error

    @property
    def local(self) -> list[str]:
        """The settings that give keys of this configuration's own (not from a JWK Set)."""
        names = [
            setting
            for setting, value in (
                ("JWT_SECRET_KEY", self.secret_key),
                ("JWT_SECRET_KEY_FILE", self.secret_key_file),
                ("JWT_PRIVATE_KEY", self.private_key),
                ("JWT_PRIVATE_KEY_FILE", self.private_key_file),
                ("JWT_PUBLIC_KEY", self.public_key),
                ("JWT_PUBLIC_KEY_FILE", self.public_key_file),
                ("JWT_KEY_ID", self.key_id),
            )
            if value is not None
        ]
        if self.verification_keys:
            names.append("JWT_VERIFICATION_KEYS")
        if self.verification_key_files:
            names.append("JWT_VERIFICATION_KEY_FILES")
        return names


def load_pair(settings: KeySettings, hmac_check: str) -> tuple[Any, Any, str]:
    """Parse the secret, or the private and public keys, the settings give.

    Args:
        settings: The key settings.
        hmac_check: The accepted HMAC algorithm with the longest hash, whose
            minimum the secret must meet.

    Returns:
        The signing key, the verifying key (either may be `None` when the
        settings do not give it) and the name of the setting that holds the key.

    Raises:
        BadConfigurationError: A key is unreadable, of the wrong kind or size, or
            the public key does not match the private key.
    """
    algorithm = settings.algorithm
    if algorithm.startswith("HS"):
        text, source = settings.text("JWT_SECRET_KEY")
        secret = (
            None if text is None else prepare_key(hmac_check, settings.secret(text, source), source)
        )
        return secret, secret, source
    private_text, private_source = settings.text("JWT_PRIVATE_KEY")
    public_text, public_source = settings.text("JWT_PUBLIC_KEY")
    private = None if private_text is None else prepare_key(algorithm, private_text, private_source)
    public = None if public_text is None else prepare_key(algorithm, public_text, public_source)
    if private is not None and not is_private(private):
        msg = f"{private_source} holds a public key: give the private half of the {algorithm} pair"
        raise BadConfigurationError(msg)
    if public is not None and is_private(public):
        msg = f"{public_source} holds a private key: give the public half of the {algorithm} pair"
        raise BadConfigurationError(msg)
    if private is not None:
        if public is None:
            public = private.public_key()
        else:
            implementation = ALGORITHMS[algorithm]
            if not implementation.verify(PROBE, public, implementation.sign(PROBE, private)):
                msg = (
                    f"{public_source} does not match {private_source}: give the two halves "
                    "of one pair"
                )
                raise BadConfigurationError(msg)
    return private, public, private_source if private is not None else public_source
