"""Turn key settings into key objects, once, when the configuration loads.

Parsing a PEM key costs far more than a signature, so FastJWT parses keys here
and hands PyJWT ready key objects on every token. This module also checks
what PyJWT would only warn about at signing time: an HMAC secret shorter than
the hash (RFC 7518 section 3.2), an RSA key under 2048 bits, a key of the
wrong kind for the algorithm, or a public key that does not match the private
key. Every error names the setting to fix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jwt.algorithms import Algorithm, HMACAlgorithm, get_default_algorithms
from jwt.exceptions import InvalidKeyError

from fastjwt.exceptions import BadConfigurationError

if TYPE_CHECKING:
    from fastjwt.config import FJWTConfig

__all__ = [
    "ALGORITHMS",
    "KeyMaterial",
    "VerificationKey",
    "hmac_minimum_bytes",
    "is_private",
    "load_pair",
    "prepare_key",
    "read_key_file",
]

ALGORITHMS: dict[str, Algorithm] = get_default_algorithms()
"""PyJWT's implementation of each algorithm name."""
MAX_KEY_FILE_BYTES = 64 * 1024
"""Larger than any PEM key: a bigger file is not a key (and `/dev/zero` never ends)."""
_PROBE = b"fastjwt key probe"
_WRONG_TYPE = re.compile(r"<generator .*got: (\w+)")


@dataclass(frozen=True, slots=True)
class VerificationKey:
    """A parsed key that checks signatures, with the algorithms it may check."""

    key: Any
    algorithms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class KeyMaterial:
    """The parsed keys of one configuration.

    Attributes:
        algorithm: The signing algorithm (`JWT_ALGORITHM`).
        signing_key: The key tokens are signed with, or `None` when the
            configuration can only verify.
        verifying_key: The key signatures are checked with when no key set is
            configured; `None` otherwise.
        accepted: The algorithms a token may be signed with (`JWT_DECODE_ALGORITHMS`
            when set, else `JWT_ALGORITHM` alone).
        key_id: The `kid` written into new tokens (`JWT_KEY_ID`).
        by_kid: The key set: every key that verifies, by `kid`. When it is not
            empty, a token must name one of them in its `kid` header.
        no_signing_key: Why `signing_key` is `None`, for the error message.
    """

    algorithm: str
    signing_key: Any
    verifying_key: Any
    accepted: tuple[str, ...]
    key_id: str | None = None
    by_kid: Mapping[str, VerificationKey] = field(default_factory=dict)
    no_signing_key: str = ""

    def require_signing_key(self) -> Any:
        """Return the signing key.

        Raises:
            BadConfigurationError: The configuration can only verify tokens.
        """
        if self.signing_key is None:
            raise BadConfigurationError(self.no_signing_key)
        return self.signing_key


def hmac_minimum_bytes(algorithm: str) -> int:
    """Return the shortest secret RFC 7518 section 3.2 allows for an HMAC algorithm."""
    return int(algorithm[2:]) // 8


def is_private(key: object) -> bool:
    """Whether a parsed asymmetric key is the private half of its pair."""
    return callable(getattr(key, "public_key", None))


def read_key_file(path: Path, setting: str, *, secret: bool = False) -> str:
    """Read the key file that `setting` names.

    A secret loses one trailing line break, which `echo` and most editors add.

    Raises:
        BadConfigurationError: The file is missing, unreadable, too large or binary.
    """
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_KEY_FILE_BYTES + 1)
    except OSError as error:
        msg = f"{setting}: cannot read {str(path)!r}: {error.strerror or error}"
        raise BadConfigurationError(msg) from error
    if len(data) > MAX_KEY_FILE_BYTES:
        msg = f"{setting}: {str(path)!r} is larger than {MAX_KEY_FILE_BYTES} bytes: not a key file"
        raise BadConfigurationError(msg)
    try:
        text = data.decode()
    except UnicodeDecodeError as error:
        msg = f"{setting}: {str(path)!r} holds binary data; give a PEM file"
        raise BadConfigurationError(msg) from error
    if secret:
        text = text.removesuffix("\n").removesuffix("\r")
    return text


def prepare_key(algorithm: str, value: str, setting: str) -> Any:
    """Parse one key for `algorithm` and check its kind and size.

    Raises:
        BadConfigurationError: The key is unreadable, of the wrong kind, or too weak.
    """
    implementation = ALGORITHMS[algorithm]
    try:
        key = implementation.prepare_key(value)
    except (InvalidKeyError, ValueError, TypeError) as error:
        reason = str(error)
        wrong_type = _WRONG_TYPE.search(reason)
        if wrong_type:  # PyJWT's own message shows the repr of a generator
            reason = f"the key is an {wrong_type[1]}"
        msg = f"{setting} cannot be used with {algorithm}: {reason}"
        raise BadConfigurationError(msg) from error
    if isinstance(implementation, HMACAlgorithm):
        minimum = hmac_minimum_bytes(algorithm)
        if len(key) < minimum:
            msg = (
                f"{setting} is {len(key)} bytes long; {algorithm} needs at least {minimum} "
                "bytes (RFC 7518 section 3.2). Generate one with: fastjwt keygen "
                f"{algorithm}"
            )
            raise BadConfigurationError(msg)
    too_short = implementation.check_key_length(key)
    if too_short is not None:
        msg = f"{setting} is too weak for {algorithm}: {too_short}"
        raise BadConfigurationError(msg)
    return key


def setting_text(config: FJWTConfig, setting: str) -> tuple[str | None, str]:
    """The value of a key setting, from itself or from its `_FILE` twin.

    Returns the text and the name of the setting it came from.

    Raises:
        BadConfigurationError: Both are set, or the file cannot be read.
    """
    text: str | None = getattr(config, setting)
    path: Path | None = getattr(config, f"{setting}_FILE")
    if path is None:
        return text, setting
    if text is not None:
        msg = f"{setting} and {setting}_FILE are both set: give the key one way only"
        raise BadConfigurationError(msg)
    source = f"{setting}_FILE"
    return read_key_file(path, source, secret=setting == "JWT_SECRET_KEY"), source


def load_pair(config: FJWTConfig, algorithm: str, hmac_check: str) -> tuple[Any, Any, str]:
    """Parse the secret, or the private and public keys, of `config`.

    Args:
        config: The settings.
        algorithm: `JWT_ALGORITHM`.
        hmac_check: The accepted HMAC algorithm with the longest hash, whose
            minimum the secret must meet.

    Returns:
        The signing key, the verifying key (either may be `None` when the
        settings do not give it) and the name of the setting that holds the key.

    Raises:
        BadConfigurationError: A key is unreadable, of the wrong kind or size, or
            the public key does not match the private key.
    """
    if algorithm.startswith("HS"):
        text, source = setting_text(config, "JWT_SECRET_KEY")
        secret = None if text is None else prepare_key(hmac_check, text, source)
        return secret, secret, source
    private_text, private_source = setting_text(config, "JWT_PRIVATE_KEY")
    public_text, public_source = setting_text(config, "JWT_PUBLIC_KEY")
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
            if not implementation.verify(_PROBE, public, implementation.sign(_PROBE, private)):
                msg = (
                    f"{public_source} does not match {private_source}: give the two halves "
                    "of one pair"
                )
                raise BadConfigurationError(msg)
    return private, public, private_source if private is not None else public_source
