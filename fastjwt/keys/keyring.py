"""A configuration's own keys: one key, or a key set by `kid`.

Two ways to verify with keys of one's own, chosen by the settings:

- one key (`JWT_SECRET_KEY`, or `JWT_PRIVATE_KEY`/`JWT_PUBLIC_KEY`): every
  token is checked with it, whatever its header says;
- a key set (`JWT_KEY_ID` names that key, `JWT_VERIFICATION_KEYS` and
  `JWT_VERIFICATION_KEY_FILES` add keys that only verify): new tokens carry
  `kid`, and a token is checked with the key its `kid` names, or refused.

(The third way, another service's JWK Set at `JWT_JWKS_URL`, is
`fastjwt.keys.remote`.) A token's header only ever *names* a key among those
configured: `jwk`, `jku`, `x5u` and `x5c` are never read, and a `kid` is only
a dictionary key, never a path, a URL or part of a query. The algorithms come
from the settings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

from fastjwt.exceptions import BadConfigurationError, JWTDecodeError
from fastjwt.keys.parsing import hmac_minimum_bytes, is_private, prepare_key, read_key_file
from fastjwt.keys.settings import KeySettings, load_pair
from fastjwt.tokens.codec import shown

__all__ = [
    "KeyMaterial",
    "KeySource",
    "VerificationKey",
    "accepted_algorithms",
    "check_jwks_url",
    "check_kid",
    "family",
    "load_keys",
    "redacted",
    "unknown_kid",
]

_KID = re.compile(r"[\x21-\x7e]{1,256}")
_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})


def unknown_kid(kid: object) -> str:
    """The description of a token whose key id names no known key."""
    return f"The token key id {shown(kid)} is unknown"


@dataclass(frozen=True, slots=True)
class VerificationKey:
    """A parsed key that checks signatures, with the algorithms it may check."""

    key: Any = field(repr=False)
    algorithms: tuple[str, ...]


class KeySource(Protocol):
    """Chooses the key a token must be verified with, from its JOSE header.

    The configuration's own keys (`KeyMaterial`) hold still; a JWK Set
    (`JWKSClient`) changes when it is fetched again.
    """

    def select(self, header: Mapping[str, Any]) -> VerificationKey:
        """The key named (or implied) by `header`.

        Raises:
            JWTDecodeError: The header names no key this source holds.
            JWKSUnavailableError: The key may exist but cannot be fetched.
        """

    def holds(self, kid: str | None, key: object) -> bool:
        """Whether `key` is still the key of `kid`."""

    def ready(self, kid: str | None) -> bool:
        """Whether a token naming `kid` can be checked without fetching first."""

    async def prepare(self, kid: str) -> None:
        """Fetch what checking a token naming `kid` needs, if anything."""


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
    signing_key: Any = field(repr=False)
    verifying_key: Any = field(repr=False)
    accepted: tuple[str, ...]
    key_id: str | None = None
    by_kid: Mapping[str, VerificationKey] = field(default_factory=dict)
    no_signing_key: str = ""
    single: VerificationKey | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.verifying_key is not None and not self.by_kid:
            object.__setattr__(self, "single", VerificationKey(self.verifying_key, self.accepted))

    def require_signing_key(self) -> Any:
        """Return the signing key.

        Raises:
            BadConfigurationError: The configuration can only verify tokens.
        """
        if self.signing_key is None:
            raise BadConfigurationError(self.no_signing_key)
        return self.signing_key

    def select(self, header: Mapping[str, Any]) -> VerificationKey:
        """The key a token with this JOSE header must be verified with.

        Raises:
            JWTDecodeError: A key set is configured and the header names none of it.
        """
        if self.single is not None:
            return self.single
        kid = header.get("kid")
        if kid is None:
            raise JWTDecodeError(description="The token names no key id")
        found = self.by_kid.get(kid)
        if found is None:
            raise JWTDecodeError(description=unknown_kid(kid))
        return found

    def holds(self, kid: str | None, key: object) -> bool:  # noqa: ARG002 - a KeySource
        """Always: a configuration's own keys never change under it."""
        return True

    def ready(self, kid: str | None) -> bool:  # noqa: ARG002 - a KeySource
        """Always: nothing needs fetching."""
        return True

    async def prepare(self, kid: str) -> None:
        """Nothing to fetch."""

    def signing_headers(self, headers: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
        """The JOSE header fields of a new token: the caller's, and `kid` with a key set.

        Raises:
            ValueError: `headers` names another `kid` than `JWT_KEY_ID`.
        """
        if self.key_id is None:
            return headers
        merged = dict(headers or {})
        if merged.setdefault("kid", self.key_id) != self.key_id:
            msg = f"headers cannot set kid: JWT_KEY_ID ({self.key_id!r}) names the signing key"
            raise ValueError(msg)
        return merged


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


def check_jwks_url(url: str, setting: str = "JWT_JWKS_URL") -> str:
    """Check a URL keys are fetched from: HTTPS, or plain HTTP to this machine only.

    Raises:
        BadConfigurationError: Any other URL, which would let the keys be
            tampered with on their way (or read a local file), or one with
            credentials in it.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    secure = parts.scheme == "https" or (parts.scheme == "http" and host in _LOOPBACK)
    if not host or not secure:
        msg = (
            f"{setting} must be an https:// URL (http:// only for localhost), got {redacted(url)!r}"
        )
        raise BadConfigurationError(msg)
    return url


def redacted(url: str) -> str:
    """A URL fit for a log line: any `user:password@` replaced by `***@`."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc="***@" + parts.netloc.rpartition("@")[2]).geturl()


def accepted_algorithms(settings: KeySettings) -> tuple[str, ...]:
    """The algorithms tokens may be signed with: `JWT_DECODE_ALGORITHMS`, else `JWT_ALGORITHM`.

    Raises:
        BadConfigurationError: They do not all verify with the key `JWT_ALGORITHM`
            needs, or a JWK Set is configured and one of them is HMAC.
    """
    algorithm = settings.algorithm
    if settings.jwks_url is not None:
        explicit = settings.decode_algorithms is not None
        accepted = (
            settings.decode_algorithms if settings.decode_algorithms is not None else (algorithm,)
        )
        if not accepted or any(name.startswith("HS") for name in accepted):
            setting = "JWT_DECODE_ALGORITHMS" if explicit else "JWT_ALGORITHM"
            msg = (
                f"{setting} must name public-key algorithms with JWT_JWKS_URL (a JWK Set never "
                f"holds HMAC secrets); got {list(accepted)!r}: give the issuer's, e.g. ['RS256']"
            )
            raise BadConfigurationError(msg)
        return accepted
    if settings.decode_algorithms is None:
        return (algorithm,)
    accepted = settings.decode_algorithms
    expected = family(algorithm)
    foreign = [name for name in accepted if family(name) != expected]
    if foreign or not accepted:
        msg = (
            f"JWT_DECODE_ALGORITHMS must list algorithms that verify with {expected}, "
            f"as JWT_ALGORITHM={algorithm} does; got {list(accepted)!r}"
        )
        raise BadConfigurationError(msg)
    return accepted


def load_keys(settings: KeySettings) -> KeyMaterial:
    """Parse and check every key the settings name.

    With `JWT_JWKS_URL` there are no keys of one's own: the result only
    carries the accepted algorithms (see `fastjwt.keys.remote`).

    Raises:
        BadConfigurationError: A key is missing, unreadable, of the wrong kind
            or size, the public key does not match the private key, or the key
            settings contradict each other.
    """
    if settings.jwks_url is not None:
        return _remote(settings)
    algorithm = settings.algorithm
    accepted = accepted_algorithms(settings)
    symmetric = algorithm.startswith("HS")
    parse_as = max(accepted, key=hmac_minimum_bytes) if symmetric else algorithm
    signing, verifying, source = load_pair(settings, parse_as)
    extra = _verification_keys(settings, parse_as, accepted, symmetric=symmetric)
    key_id = settings.key_id
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


def _remote(settings: KeySettings) -> KeyMaterial:
    """Keys from a JWKS URL: nothing local, and only public-key algorithms."""
    local = settings.local
    if local:
        msg = (
            f"JWT_JWKS_URL and {', '.join(local)} are both set: a configuration verifies "
            "either with its own keys or with another service's JWK Set (use two FastJWT "
            "instances for both)"
        )
        raise BadConfigurationError(msg)
    check_jwks_url(str(settings.jwks_url))
    return KeyMaterial(
        settings.algorithm,
        None,
        None,
        accepted_algorithms(settings),
        no_signing_key=(
            "JWT_JWKS_URL is set: this configuration verifies another service's tokens "
            "and cannot create any"
        ),
    )


def _verification_keys(
    settings: KeySettings, algorithm: str, accepted: tuple[str, ...], *, symmetric: bool
) -> dict[str, VerificationKey]:
    """Parse `JWT_VERIFICATION_KEYS` and `JWT_VERIFICATION_KEY_FILES`; keep public halves."""
    sources = [
        (kid, text, f"JWT_VERIFICATION_KEYS[{kid!r}]")
        for kid, text in settings.verification_keys.items()
    ]
    for kid, path in settings.verification_key_files.items():
        setting = f"JWT_VERIFICATION_KEY_FILES[{kid!r}]"
        sources.append((kid, read_key_file(path, setting, secret=symmetric), setting))
    found: dict[str, VerificationKey] = {}
    for kid, text, setting in sources:
        check_kid(kid, setting)
        if kid in found:
            msg = f"{setting}: key id {kid!r} is also given in JWT_VERIFICATION_KEYS"
            raise BadConfigurationError(msg)
        key = prepare_key(algorithm, settings.secret(text, setting) if symmetric else text, setting)
        if not symmetric and is_private(key):
            key = key.public_key()
        found[kid] = VerificationKey(key, accepted)
    return found
