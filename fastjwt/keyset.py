"""The keys of a configuration as a whole: one key, a key set by `kid`, or a JWKS URL.

Three ways to verify, chosen by the settings:

- one key (`JWT_SECRET_KEY`, or `JWT_PRIVATE_KEY`/`JWT_PUBLIC_KEY`): every
  token is checked with it, whatever its header says;
- a key set (`JWT_KEY_ID` names that key, `JWT_VERIFICATION_KEYS` and
  `JWT_VERIFICATION_KEY_FILES` add keys that only verify): new tokens carry
  `kid`, and a token is checked with the key its `kid` names, or refused;
- a JWKS URL (`JWT_JWKS_URL`): the key named by `kid` comes from another
  service's JWK Set (see `fastjwt.jwks_client`).

A token's header only ever *names* a key among those configured: `jwk`, `jku`,
`x5u` and `x5c` are never read, and a `kid` is only a dictionary key, never a
path, a URL or part of a query. The algorithms come from the settings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from fastjwt import tokens
from fastjwt.exceptions import BadConfigurationError, JWTDecodeError
from fastjwt.keys import (
    KeyMaterial,
    VerificationKey,
    hmac_minimum_bytes,
    is_private,
    load_pair,
    prepare_key,
    read_key_file,
)

if TYPE_CHECKING:
    from fastjwt.config import FJWTConfig

__all__ = [
    "check_jwks_url",
    "check_kid",
    "load_keys",
    "select_key",
    "signing_headers",
    "token_key_id",
]

_KID = re.compile(r"[\x21-\x7e]{1,256}")
_LOCAL_SETTINGS = (
    "JWT_SECRET_KEY",
    "JWT_SECRET_KEY_FILE",
    "JWT_PRIVATE_KEY",
    "JWT_PRIVATE_KEY_FILE",
    "JWT_PUBLIC_KEY",
    "JWT_PUBLIC_KEY_FILE",
    "JWT_KEY_ID",
)
_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})


def family(algorithm: str) -> str:
    """Algorithms of one family verify with the same key; EC and EdDSA are one per key."""
    if algorithm.startswith("HS"):
        return "an HMAC secret"
    if algorithm.startswith(("RS", "PS")):
        return "an RSA key"
    return f"an {algorithm} key"


def check_kid(kid: object, setting: str) -> str:
    """Check a configured key id: 1 to 256 visible ASCII characters.

    Raises:
        BadConfigurationError: It is not.
    """
    if not isinstance(kid, str) or not _KID.fullmatch(kid):
        msg = f"{setting}: a key id is 1 to 256 visible ASCII characters, got {kid!r}"
        raise BadConfigurationError(msg)
    return kid


def load_keys(config: FJWTConfig) -> KeyMaterial:
    """Parse and check every key `config` names.

    Raises:
        BadConfigurationError: A key is missing, unreadable, of the wrong kind
            or size, the public key does not match the private key, or the key
            settings contradict each other.
    """
    if config.JWT_JWKS_URL is not None:
        return _remote(config)
    algorithm = config.JWT_ALGORITHM
    accepted = _accepted_algorithms(config)
    symmetric = algorithm.startswith("HS")
    parse_as = max(accepted, key=hmac_minimum_bytes) if symmetric else algorithm
    signing, verifying, source = load_pair(config, algorithm, parse_as)
    extra = _verification_keys(config, parse_as, accepted, symmetric=symmetric)
    key_id = config.JWT_KEY_ID
    by_kid: dict[str, VerificationKey] = {}
    if key_id is not None:
        check_kid(key_id, "JWT_KEY_ID")
        if verifying is None:
            msg = f"JWT_KEY_ID names the key of {source}, which is not set"
            raise BadConfigurationError(msg)
        if key_id in extra:
            msg = f"JWT_KEY_ID {key_id!r} is also a key id of the verification keys"
            raise BadConfigurationError(msg)
        by_kid[key_id] = VerificationKey(verifying, accepted)
    elif extra and verifying is not None:
        msg = (
            f"JWT_KEY_ID is not set: with verification keys, the key of {source} needs "
            "a key id too, so that tokens can name it"
        )
        raise BadConfigurationError(msg)
    by_kid.update(extra)
    if verifying is None and not by_kid:
        raise BadConfigurationError(_missing_key(algorithm, accepted))
    if symmetric:
        why = f"JWT_SECRET_KEY is not set: {algorithm} needs a secret to create tokens"
    else:
        why = f"JWT_PRIVATE_KEY is not set: {algorithm} needs a private key to create tokens"
    return KeyMaterial(
        algorithm,
        signing,
        None if by_kid else verifying,
        accepted,
        key_id,
        by_kid,
        no_signing_key=f"{why} (the other key settings only verify them)",
    )


def _missing_key(algorithm: str, accepted: tuple[str, ...]) -> str:
    if algorithm.startswith("HS"):
        longest = max(accepted, key=hmac_minimum_bytes)
        return (
            f"JWT_SECRET_KEY is not set: {longest} needs a secret of at least "
            f"{hmac_minimum_bytes(longest)} bytes (or a file in JWT_SECRET_KEY_FILE). "
            f"Generate one with: fastjwt keygen {longest}"
        )
    return (
        f"JWT_PRIVATE_KEY and JWT_PUBLIC_KEY are both unset: {algorithm} needs a private key "
        "(PEM) to create tokens and a public key to verify them (or their _FILE settings)"
    )


def _remote(config: FJWTConfig) -> KeyMaterial:
    """Keys from a JWKS URL: nothing local, and only public-key algorithms."""
    local = [name for name in _LOCAL_SETTINGS if getattr(config, name) is not None]
    local += [
        name
        for name in ("JWT_VERIFICATION_KEYS", "JWT_VERIFICATION_KEY_FILES")
        if getattr(config, name)
    ]
    if local:
        msg = (
            f"JWT_JWKS_URL and {', '.join(local)} are both set: a configuration verifies "
            "either with its own keys or with another service's JWK Set (use two FastJWT "
            "instances for both)"
        )
        raise BadConfigurationError(msg)
    check_jwks_url(str(config.JWT_JWKS_URL))
    for setting in ("JWT_JWKS_CACHE_LIFETIME", "JWT_JWKS_TIMEOUT"):
        if getattr(config, setting).total_seconds() <= 0:
            msg = f"{setting} must be a positive duration"
            raise BadConfigurationError(msg)
    if config.JWT_JWKS_MIN_FETCH_INTERVAL.total_seconds() < 0:
        msg = "JWT_JWKS_MIN_FETCH_INTERVAL must not be negative"
        raise BadConfigurationError(msg)
    explicit = "JWT_DECODE_ALGORITHMS" in config.model_fields_set
    accepted = (
        tuple(dict.fromkeys(config.JWT_DECODE_ALGORITHMS)) if explicit else (config.JWT_ALGORITHM,)
    )
    if not accepted or any(name.startswith("HS") for name in accepted):
        setting = "JWT_DECODE_ALGORITHMS" if explicit else "JWT_ALGORITHM"
        msg = (
            f"{setting} must name public-key algorithms with JWT_JWKS_URL (a JWK Set never "
            f"holds HMAC secrets); got {list(accepted)!r}: give the issuer's, e.g. ['RS256']"
        )
        raise BadConfigurationError(msg)
    return KeyMaterial(
        config.JWT_ALGORITHM,
        None,
        None,
        accepted,
        no_signing_key=(
            "JWT_JWKS_URL is set: this configuration verifies another service's tokens "
            "and cannot create any"
        ),
    )


def check_jwks_url(url: str) -> str:
    """Check a JWKS URL: HTTPS, or plain HTTP to this machine only.

    Raises:
        BadConfigurationError: Any other URL, which would let the keys be
            tampered with on their way (or read a local file).
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    secure = parts.scheme == "https" or (parts.scheme == "http" and host in _LOOPBACK)
    if not host or not secure:
        msg = f"JWT_JWKS_URL must be an https:// URL (http:// only for localhost), got {url!r}"
        raise BadConfigurationError(msg)
    return url


def _accepted_algorithms(config: FJWTConfig) -> tuple[str, ...]:
    algorithm = config.JWT_ALGORITHM
    if "JWT_DECODE_ALGORITHMS" not in config.model_fields_set:
        return (algorithm,)
    accepted = tuple(dict.fromkeys(config.JWT_DECODE_ALGORITHMS))
    expected = family(algorithm)
    foreign = [name for name in accepted if family(name) != expected]
    if foreign or not accepted:
        msg = (
            f"JWT_DECODE_ALGORITHMS must list algorithms that verify with {expected}, "
            f"as JWT_ALGORITHM={algorithm} does; got {list(accepted)!r}"
        )
        raise BadConfigurationError(msg)
    return accepted


def _verification_keys(
    config: FJWTConfig, algorithm: str, accepted: tuple[str, ...], *, symmetric: bool
) -> dict[str, VerificationKey]:
    """Parse `JWT_VERIFICATION_KEYS` and `JWT_VERIFICATION_KEY_FILES`; keep public halves."""
    sources = [
        (kid, text, f"JWT_VERIFICATION_KEYS[{kid!r}]")
        for kid, text in config.JWT_VERIFICATION_KEYS.items()
    ]
    for kid, path in config.JWT_VERIFICATION_KEY_FILES.items():
        setting = f"JWT_VERIFICATION_KEY_FILES[{kid!r}]"
        sources.append((kid, read_key_file(path, setting, secret=symmetric), setting))
    found: dict[str, VerificationKey] = {}
    for kid, text, setting in sources:
        check_kid(kid, setting)
        if kid in found:
            msg = f"{setting}: key id {kid!r} is also given in JWT_VERIFICATION_KEYS"
            raise BadConfigurationError(msg)
        key = prepare_key(algorithm, text, setting)
        if not symmetric and is_private(key):
            key = key.public_key()
        found[kid] = VerificationKey(key, accepted)
    return found


def token_key_id(token: str) -> str:
    """Read the `kid` a token's header names, without verifying anything.

    Raises:
        JWTDecodeError: The token is malformed or names no key.
    """
    kid = tokens.read_header(token).get("kid")
    # PyJWT already refuses a header whose `kid` is not a string.
    if not isinstance(kid, str):
        raise JWTDecodeError(description="The token names no key id")
    return kid


def select_key(token: str, config: FJWTConfig) -> VerificationKey:
    """Choose the key, and the algorithms, that `token` must be verified with.

    Raises:
        JWTDecodeError: A key set is configured and the token names no key of it.
        JWKSUnavailableError: The key may exist, but the JWKS URL cannot be fetched.
    """
    keys = config.keys
    client = config.jwks_client
    if client is not None:
        return client.get(token_key_id(token))
    if not keys.by_kid:
        return VerificationKey(keys.verifying_key, keys.accepted)
    found = keys.by_kid.get(token_key_id(token))
    if found is None:
        raise JWTDecodeError(description="The token key id is unknown")
    return found


def signing_headers(
    keys: KeyMaterial, headers: Mapping[str, Any] | None
) -> Mapping[str, Any] | None:
    """The JOSE header fields of a new token: the caller's, and `kid` with a key set.

    Raises:
        ValueError: `headers` names another `kid` than `JWT_KEY_ID`.
    """
    if keys.key_id is None:
        return headers
    merged = dict(headers or {})
    if merged.setdefault("kid", keys.key_id) != keys.key_id:
        msg = f"headers cannot set kid: JWT_KEY_ID ({keys.key_id!r}) names the signing key"
        raise ValueError(msg)
    return merged
