"""Turn the key settings into key objects, once, when the configuration loads.

Parsing a PEM key costs far more than a signature, so FastJWT parses keys here
and hands PyJWT ready key objects on every token. This module also checks
what PyJWT would only warn about at signing time: an HMAC secret shorter than
the hash (RFC 7518 section 3.2), an RSA key under 2048 bits, a key of the
wrong kind for the algorithm, or a public key that does not match the private
key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jwt.algorithms import Algorithm, HMACAlgorithm, get_default_algorithms
from jwt.exceptions import InvalidKeyError

from fastjwt.exceptions import BadConfigurationError

if TYPE_CHECKING:
    from fastjwt.config import FJWTConfig

__all__ = ["KeyMaterial", "load_keys"]

_ALGORITHMS: dict[str, Algorithm] = get_default_algorithms()
_PROBE = b"fastjwt key probe"


@dataclass(frozen=True, slots=True)
class KeyMaterial:
    """The parsed keys of one configuration.

    Attributes:
        algorithm: The signing algorithm (`JWT_ALGORITHM`).
        signing_key: The key tokens are signed with, or `None` when the
            configuration can only verify (a public key without its private key).
        verifying_key: The key signatures are checked with.
        accepted: The algorithms a token may be signed with (`JWT_DECODE_ALGORITHMS`
            when set, else `JWT_ALGORITHM` alone); all of them use the same key.
    """

    algorithm: str
    signing_key: Any
    verifying_key: Any
    accepted: tuple[str, ...]

    def require_signing_key(self) -> Any:
        """Return the signing key.

        Raises:
            BadConfigurationError: Only a public key is configured.
        """
        if self.signing_key is None:
            msg = (
                f"JWT_PRIVATE_KEY is not set: {self.algorithm} needs a private key to create "
                "tokens (JWT_PUBLIC_KEY only verifies them)"
            )
            raise BadConfigurationError(msg)
        return self.signing_key


def hmac_minimum_bytes(algorithm: str) -> int:
    """Return the shortest secret RFC 7518 section 3.2 allows for an HMAC algorithm."""
    return int(algorithm[2:]) // 8


def load_keys(config: FJWTConfig) -> KeyMaterial:
    """Parse and check the keys that `config` names for its algorithm.

    Raises:
        BadConfigurationError: A key is missing, unreadable, of the wrong kind
            or size, or the public key does not match the private key.
    """
    algorithm = config.JWT_ALGORITHM
    accepted = _accepted_algorithms(config)
    if config.is_algo_symmetric:
        longest = max(accepted, key=hmac_minimum_bytes)
        secret = _prepare(_ALGORITHMS[longest], config.JWT_SECRET_KEY, "JWT_SECRET_KEY", longest)
        return KeyMaterial(algorithm, secret, secret, accepted)
    implementation = _ALGORITHMS[algorithm]

    private = _prepare(implementation, config.JWT_PRIVATE_KEY, "JWT_PRIVATE_KEY", algorithm)
    public = _prepare(implementation, config.JWT_PUBLIC_KEY, "JWT_PUBLIC_KEY", algorithm)
    if private is None and public is None:
        msg = (
            f"JWT_PRIVATE_KEY and JWT_PUBLIC_KEY are both unset: {algorithm} needs a private key "
            "(PEM) to create tokens and a public key to verify them"
        )
        raise BadConfigurationError(msg)
    if private is not None and not _is_private(private):
        msg = f"JWT_PRIVATE_KEY holds a public key: give the private half of the {algorithm} pair"
        raise BadConfigurationError(msg)
    if public is not None and _is_private(public):
        msg = f"JWT_PUBLIC_KEY holds a private key: give the public half of the {algorithm} pair"
        raise BadConfigurationError(msg)
    if private is not None:
        if public is None:
            public = private.public_key()
        elif not implementation.verify(_PROBE, public, implementation.sign(_PROBE, private)):
            msg = "JWT_PUBLIC_KEY does not match JWT_PRIVATE_KEY: give the two halves of one pair"
            raise BadConfigurationError(msg)
    return KeyMaterial(algorithm, private, public, accepted)


def _family(algorithm: str) -> str:
    """Algorithms of one family verify with the same key; EC and EdDSA are one per key."""
    if algorithm.startswith("HS"):
        return "an HMAC secret"
    if algorithm.startswith(("RS", "PS")):
        return "an RSA key"
    return f"an {algorithm} key"


def _accepted_algorithms(config: FJWTConfig) -> tuple[str, ...]:
    algorithm = config.JWT_ALGORITHM
    if "JWT_DECODE_ALGORITHMS" not in config.model_fields_set:
        return (algorithm,)
    accepted = tuple(dict.fromkeys(config.JWT_DECODE_ALGORITHMS))
    family = _family(algorithm)
    foreign = [name for name in accepted if _family(name) != family]
    if foreign or not accepted:
        msg = (
            f"JWT_DECODE_ALGORITHMS must list algorithms that verify with {family}, "
            f"as JWT_ALGORITHM={algorithm} does; got {list(accepted)!r}"
        )
        raise BadConfigurationError(msg)
    return accepted


def _is_private(key: object) -> bool:
    return callable(getattr(key, "public_key", None))


def _prepare(implementation: Algorithm, value: str | None, setting: str, algorithm: str) -> Any:
    if value is None:
        if setting == "JWT_SECRET_KEY":
            msg = (
                f"JWT_SECRET_KEY is not set: {algorithm} needs a secret of at least "
                f"{hmac_minimum_bytes(algorithm)} bytes"
            )
            raise BadConfigurationError(msg)
        return None
    try:
        key = implementation.prepare_key(value)
    except (InvalidKeyError, ValueError, TypeError) as error:
        msg = f"{setting} cannot be used with {algorithm}: {error}"
        raise BadConfigurationError(msg) from error
    if isinstance(implementation, HMACAlgorithm):
        minimum = hmac_minimum_bytes(algorithm)
        if len(key) < minimum:
            msg = (
                f"JWT_SECRET_KEY is {len(key)} bytes long; {algorithm} needs at least {minimum} "
                "bytes (RFC 7518 section 3.2). Generate one with: "
                f"python -c 'import secrets; print(secrets.token_urlsafe({minimum}))'"
            )
            raise BadConfigurationError(msg)
    too_short = implementation.check_key_length(key)
    if too_short is not None:
        msg = f"{setting} is too weak for {algorithm}: {too_short}"
        raise BadConfigurationError(msg)
    return key
