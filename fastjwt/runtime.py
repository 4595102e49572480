"""What one configuration turns into: parsed keys, the JWKS client, fixed rules, a cache.

`FJWTConfig` holds settings only. `Runtime` is built from them once, when
`FastJWT` receives the configuration (or, for a configuration read from the
environment, when it is first needed), and again only when the configuration
changes: `Prepared` notices an assignment by the configuration's `revision`,
so nothing that depends on the settings alone is recomputed per request.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastjwt.cache import VerifiedTokens
from fastjwt.issuers import Issuers
from fastjwt.keys.keyring import KeyMaterial, KeySource, load_keys
from fastjwt.keys.remote import JWKSClient
from fastjwt.tokens.claims import REQUIRED_CLAIMS
from fastjwt.tokens.codec import DecodeRules

if TYPE_CHECKING:
    from fastjwt.config import FJWTConfig

__all__ = ["KeySource", "Prepared", "Runtime", "build_runtime"]


@dataclass(frozen=True, slots=True)
class Runtime:
    """One configuration, prepared for use.

    Attributes:
        config: The settings it was built from.
        revision: `config.revision` when it was built.
        keys: The configuration's own keys (and the signing key).
        source: Where verification keys come from: `keys`, or `jwks`.
        jwks: The client of `JWT_JWKS_URL`, if set.
        rules: What registered claims must satisfy.
        identity: The claim that carries the subject (`JWT_IDENTITY_CLAIM`).
        fresh_for: Seconds a fresh token stays fresh (`JWT_FRESH_TOKEN_MAX_AGE`).
        csrf_methods: The methods checked for CSRF when `JWT_COOKIE_CSRF_PROTECT`
            is on; empty when it is off.
        cache: The verified tokens of this configuration, or `None` when off.
        issuers: The trusted issuers, or `None` without any.
        own: Whether the configuration has keys of its own to verify with
            (or `JWT_JWKS_URL`); without, only trusted issuers' tokens pass.
    """

    config: FJWTConfig
    revision: int
    keys: KeyMaterial
    source: KeySource
    jwks: JWKSClient | None
    rules: DecodeRules
    identity: str
    fresh_for: float | None
    csrf_methods: frozenset[str]
    cache: VerifiedTokens | None
    issuers: Issuers | None
    own: bool


def build_runtime(
    config: FJWTConfig, previous: Runtime | None = None, *, keys: KeyMaterial | None = None
) -> Runtime:
    """Prepare `config`; a JWKS client of `previous` with the same settings is kept, cache included.

    Args:
        config: The settings.
        previous: The runtime of the settings before a change, if any.
        keys: Keys to verify with instead of those the settings name (the
            command line's JWK Set file).

    Raises:
        BadConfigurationError: A key is missing or unusable.
    """
    settings = config.key_settings()
    trusted = config.JWT_TRUSTED_ISSUERS
    own = bool(settings.local) or settings.jwks_url is not None or keys is not None
    if keys is None:
        keys = load_keys(settings) if own or not trusted else _no_keys(config)
    jwks = _jwks_client(config, keys, None if previous is None else previous.jwks)
    leeway = float(config.JWT_DECODE_LEEWAY or 0)
    issuers = (
        Issuers(
            trusted,
            leeway=leeway,
            lifetime=config.JWT_JWKS_CACHE_LIFETIME.total_seconds(),
            min_interval=config.JWT_JWKS_MIN_FETCH_INTERVAL.total_seconds(),
            timeout=config.JWT_JWKS_TIMEOUT.total_seconds(),
            previous=None if previous is None else previous.issuers,
        )
        if trusted
        else None
    )
    audience = config.JWT_DECODE_AUDIENCE
    issuer = config.JWT_DECODE_ISSUER
    identity = config.JWT_IDENTITY_CLAIM
    require_expiry = config.JWT_REQUIRE_EXPIRY
    if require_expiry is None:  # required, unless this app issues tokens without it
        require_expiry = (
            config.JWT_ACCESS_TOKEN_EXPIRES is not None
            and config.JWT_REFRESH_TOKEN_EXPIRES is not None
        )
    types = {name.lower().removeprefix("application/") for name in config.JWT_DECODE_TYPES}
    rules = DecodeRules(
        leeway=leeway,
        audience=None
        if audience is None
        else ((audience,) if isinstance(audience, str) else tuple(audience)),
        issuer=None
        if issuer is None
        else ((issuer,) if isinstance(issuer, str) else tuple(issuer)),
        require=(*REQUIRED_CLAIMS, identity, *(("exp",) if require_expiry else ())),
        types=frozenset({"jwt", *types}),
    )
    size = config.JWT_VERIFIED_TOKEN_CACHE_SIZE
    cache = VerifiedTokens(size, leeway) if size else None
    fresh = config.JWT_FRESH_TOKEN_MAX_AGE
    return Runtime(
        config=config,
        revision=config.revision,
        keys=keys,
        source=keys if jwks is None else jwks,
        jwks=jwks,
        rules=rules,
        identity=identity,
        fresh_for=None if fresh is None else fresh.total_seconds(),
        csrf_methods=frozenset(config.JWT_CSRF_METHODS)
        if config.JWT_COOKIE_CSRF_PROTECT
        else frozenset(),
        cache=cache,
        issuers=issuers,
        own=own,
    )


def _no_keys(config: FJWTConfig) -> KeyMaterial:
    """The keys of a configuration that only verifies trusted issuers' tokens: none."""
    return KeyMaterial(
        config.JWT_ALGORITHM,
        None,
        None,
        (),
        no_signing_key=(
            "No signing key is set: this configuration only verifies the tokens of "
            "JWT_TRUSTED_ISSUERS (set JWT_SECRET_KEY or JWT_PRIVATE_KEY to issue tokens)"
        ),
    )


def _jwks_client(
    config: FJWTConfig, keys: KeyMaterial, current: JWKSClient | None
) -> JWKSClient | None:
    if config.JWT_JWKS_URL is None:
        return None
    client = JWKSClient(
        config.JWT_JWKS_URL,
        algorithms=keys.accepted,
        lifetime=config.JWT_JWKS_CACHE_LIFETIME.total_seconds(),
        min_interval=config.JWT_JWKS_MIN_FETCH_INTERVAL.total_seconds(),
        timeout=config.JWT_JWKS_TIMEOUT.total_seconds(),
    )
    if current is not None and current.settings == client.settings:
        return current
    return client


class Prepared:
    """The runtime of a configuration, rebuilt after the configuration changes.

    Args:
        config: The settings; `current()` prepares them when first asked.
    """

    def __init__(self, config: FJWTConfig) -> None:
        self._config = config
        self._runtime: Runtime | None = None
        self._lock = threading.Lock()

    @property
    def config(self) -> FJWTConfig:
        """The settings in use."""
        return self._config

    def load(self, config: FJWTConfig) -> Runtime:
        """Use `config` from now on, prepared at once.

        Raises:
            BadConfigurationError: A key is missing or unusable; the settings in
                use stay as they were.
        """
        runtime = build_runtime(config, self._runtime)
        with self._lock:
            self._config, self._runtime = config, runtime
        return runtime

    def current(self) -> Runtime:
        """The runtime of the settings as they are now.

        Raises:
            BadConfigurationError: A key is missing or unusable.
        """
        runtime = self._runtime
        config = self._config
        if runtime is None or runtime.config is not config or runtime.revision != config.revision:
            runtime = build_runtime(config, runtime)
            with self._lock:
                if self._config is config:
                    self._runtime = runtime
        return runtime
