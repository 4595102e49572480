"""Turn key text into key objects, and check them, once per configuration.

Parsing a PEM key costs far more than a signature, so FastJWT parses keys here
and hands PyJWT ready key objects on every token; the last parses are kept, so
checking a setting when it is assigned and using it later parse it once. This module also checks
what PyJWT would only warn about at signing time: an HMAC secret shorter than
the hash (RFC 7518 section 3.2), an RSA key under 2048 bits, a key of the
wrong kind for the algorithm, or a public key that does not match the private
key; and what no library checks: an HMAC secret of fewer than
`MIN_DISTINCT_SECRET_BYTES` distinct bytes (`"x" * 32`), of whitespace only, or
one that begins or ends with a line break (a copy from a file). Every error names the
setting to fix, and none repeats the key.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization

from fastjwt.exceptions import BadConfigurationError
from fastjwt.tokens.codec import ALGORITHMS, HMACAlgorithm, InvalidKeyError

__all__ = [
    "ALGORITHMS",
    "MIN_DISTINCT_SECRET_BYTES",
    "PROBE",
    "hmac_minimum_bytes",
    "is_private",
    "prepare_key",
    "public_pem",
    "read_key_file",
]

MAX_KEY_FILE_BYTES = 64 * 1024
"""Larger than any PEM key: a bigger file is not a key (and `/dev/zero` never ends)."""
MIN_DISTINCT_SECRET_BYTES = 8
"""Fewest distinct bytes an HMAC secret may have; random secrets of 32 bytes have about 28."""
PROBE = b"fastjwt key probe"
"""What a private key signs, and its public key must verify, to prove they are one pair."""
_WRONG_TYPE = re.compile(r"<generator .*got: (\w+)")


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


def prepare_key(algorithm: str, value: str | bytes, setting: str) -> Any:
    """Parse one key for `algorithm` and check its kind and size.

    Raises:
        BadConfigurationError: The key is unreadable, of the wrong kind, or too weak.
    """
    return _prepare(algorithm, value, setting)


def public_pem(algorithm: str, private_text: str, setting: str) -> str:
    """The public half of a private key, as PEM text (SubjectPublicKeyInfo).

    Raises:
        BadConfigurationError: The key is unreadable, of the wrong kind, too
            weak, or a public key already.
    """
    key = prepare_key(algorithm, private_text, setting)
    if not is_private(key):
        msg = f"{setting} holds a public key: give the private half of the {algorithm} pair"
        raise BadConfigurationError(msg)
    data: bytes = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return data.decode()


def _check_secret(secret: bytes, algorithm: str, setting: str, *, text: bool) -> None:
    """Refuse HMAC secrets that are too short, guessable, or carry a line break from a file.

    The line-break and whitespace rules are for secrets given as text: the
    bytes of a binary secret (`JWT_SECRET_KEY_ENCODING`) may be anything.
    """
    generate = f"Generate one with: fastjwt keygen {algorithm}"
    minimum = hmac_minimum_bytes(algorithm)
    if len(secret) < minimum:
        msg = (
            f"{setting} is {len(secret)} bytes long; {algorithm} needs at least {minimum} "
            f"bytes (RFC 7518 section 3.2). {generate}"
        )
        raise BadConfigurationError(msg)
    if text and (secret.endswith((b"\n", b"\r")) or secret.startswith((b"\n", b"\r"))):
        msg = (
            f"{setting} begins or ends with a line break, as a value copied from a file does:"
            " strip it (a secret read from JWT_SECRET_KEY_FILE loses one final line break)"
        )
        raise BadConfigurationError(msg)
    # Bytes of ASCII whitespace are six: a secret of them has too few distinct bytes already.
    blank = text and not secret.decode(errors="replace").strip()
    if len(set(secret)) < MIN_DISTINCT_SECRET_BYTES or blank:
        msg = (
            f"{setting} has fewer than {MIN_DISTINCT_SECRET_BYTES} distinct bytes, or only "
            f"whitespace: a repeated character or blank text is easy to guess. {generate}"
        )
        raise BadConfigurationError(msg)


@lru_cache(maxsize=32)
def _prepare(algorithm: str, value: str | bytes, setting: str) -> Any:
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
        _check_secret(key, algorithm, setting, text=isinstance(value, str))
    too_short = implementation.check_key_length(key)
    if too_short is not None:
        msg = f"{setting} is too weak for {algorithm}: {too_short}"
        raise BadConfigurationError(msg)
    return key
