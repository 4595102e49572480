"""`FJWTConfig`: every FastJWT setting, read from code or from the environment."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, get_args

from pydantic import (
    BeforeValidator,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from fastjwt.exceptions import BadConfigurationError
from fastjwt.jwks_client import JWKSClient
from fastjwt.keys import KeyMaterial
from fastjwt.keyset import load_keys
from fastjwt.types import (
    AlgorithmType,
    HTTPMethod,
    SameSitePolicy,
    SymmetricAlgorithmType,
    TokenLocation,
)

__all__ = ["FJWTConfig"]

_SECONDS = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*")
_SYMMETRIC: frozenset[str] = frozenset(get_args(SymmetricAlgorithmType))
_SECRET_SETTINGS = frozenset({"JWT_SECRET_KEY", "JWT_PRIVATE_KEY", "JWT_VERIFICATION_KEYS"})


def _seconds_to_timedelta(value: object) -> object:
    """Read a bare number of seconds, as environment variables give it, as a duration."""
    if isinstance(value, str) and _SECONDS.fullmatch(value):
        return timedelta(seconds=float(value))
    return value


Duration = Annotated[timedelta, BeforeValidator(_seconds_to_timedelta)]


class FJWTConfig(BaseSettings):
    """The settings of a `FastJWT` instance.

    Each field can be given to the constructor, assigned afterwards (every
    assignment is validated), or set by an environment variable of the same
    name. Durations also accept a number of seconds, so
    `JWT_ACCESS_TOKEN_EXPIRES=900` in the environment means 15 minutes.

    Keys are given as text (`JWT_SECRET_KEY`, `JWT_PRIVATE_KEY`, ...) or as
    the path of a file that holds them (the same names ending in `_FILE`).
    They are read, checked and parsed into key objects as soon as they can be:
    an HMAC secret shorter than the hash of its algorithm (32 bytes for HS256,
    RFC 7518 section 3.2) or an unreadable key file is refused on assignment,
    and a missing key is reported when `FastJWT` receives the configuration.
    Every problem raises `BadConfigurationError`, whose message names the
    setting to fix.

    Example:
        ```python
        from fastjwt import FJWTConfig

        config = FJWTConfig()
        config.JWT_ALGORITHM = "HS256"
        config.JWT_SECRET_KEY = "a-secret-of-thirty-two-bytes-at-least"
        assert config.is_algo_symmetric
        ```
    """

    model_config = SettingsConfigDict(
        validate_assignment=True,
        extra="ignore",
        use_attribute_docstrings=True,
    )

    JWT_ACCESS_TOKEN_EXPIRES: Duration | None = timedelta(minutes=15)
    """Lifetime of access tokens; `None` issues tokens that never expire."""
    JWT_ALGORITHM: AlgorithmType = "HS256"
    """Algorithm used to sign tokens."""
    JWT_DECODE_ALGORITHMS: Sequence[AlgorithmType] = ["HS256"]
    """Algorithms accepted when verifying tokens; when unset, `JWT_ALGORITHM` alone."""
    JWT_DECODE_AUDIENCE: str | Sequence[str] | None = None
    """Audience a token must name in its `aud` claim to be accepted."""
    JWT_DECODE_ISSUER: str | None = None
    """Issuer a token must name in its `iss` claim to be accepted."""
    JWT_DECODE_LEEWAY: int | None = 0
    """Seconds of clock skew tolerated when checking `exp`, `nbf` and `iat`."""
    JWT_ENCODE_AUDIENCE: str | Sequence[str] | None = None
    """Default `aud` claim written into new tokens."""
    JWT_ENCODE_ISSUER: str | None = None
    """`iss` claim written into new tokens."""
    JWT_ENCODE_NBF: bool = True
    """Write a `nbf` (not before) claim equal to `iat` into new tokens."""
    JWT_FRESH_TOKEN_MAX_AGE: Duration | None = None
    """How long after its creation a fresh access token stays fresh; `None`: its whole life."""
    JWT_ERROR_MESSAGE_KEY: str = "msg"
    """Key of the message in the bodies that `FastJWT.handle_errors` writes."""
    JWT_IDENTITY_CLAIM: str = Field(default="sub", min_length=1)
    """Claim that carries the user identifier (`TokenPayload.sub` reads it whatever its name)."""
    JWT_PRIVATE_KEY: str | None = Field(default=None, repr=False)
    """PEM private key, for the asymmetric algorithms."""
    JWT_PRIVATE_KEY_FILE: Path | None = None
    """File holding the PEM private key, read instead of `JWT_PRIVATE_KEY`."""
    JWT_PUBLIC_KEY: str | None = Field(default=None, repr=False)
    """PEM public key, for the asymmetric algorithms (derived from the private key if unset)."""
    JWT_PUBLIC_KEY_FILE: Path | None = None
    """File holding the PEM public key, read instead of `JWT_PUBLIC_KEY`."""
    JWT_REFRESH_TOKEN_EXPIRES: Duration | None = timedelta(days=20)
    """Lifetime of refresh tokens; `None` issues tokens that never expire."""
    JWT_SECRET_KEY: str | None = Field(default=None, repr=False)
    """Secret of the HMAC algorithms; at least as many bytes as the hash (32 for HS256)."""
    JWT_SECRET_KEY_FILE: Path | None = None
    """File holding the HMAC secret, read instead of `JWT_SECRET_KEY` (minus a final newline)."""
    JWT_KEY_ID: str | None = None
    """Key id (`kid`) of the signing key; when set, tokens carry it and are verified by `kid`."""
    JWT_VERIFICATION_KEYS: dict[str, str] = Field(default_factory=dict, repr=False)
    """More keys that verify but never sign, by key id: public keys (PEM), or secrets for HMAC."""
    JWT_VERIFICATION_KEY_FILES: dict[str, Path] = Field(default_factory=dict)
    """Files of more keys that verify but never sign, by key id."""
    JWT_JWKS_URL: str | None = None
    """Verify with the keys of another service's JWK Set at this URL (https)."""
    JWT_JWKS_CACHE_LIFETIME: Duration = timedelta(minutes=5)
    """How long a fetched JWK Set is used before it is fetched again."""
    JWT_JWKS_MIN_FETCH_INTERVAL: Duration = timedelta(seconds=10)
    """Fewest time between two fetches of the JWK Set, whatever asks for them."""
    JWT_JWKS_TIMEOUT: Duration = timedelta(seconds=5)
    """How long a fetch of the JWK Set may take."""
    JWT_TOKEN_LOCATION: Sequence[TokenLocation] = ["headers"]
    """Where requests carry tokens, tried in order."""

    JWT_HEADER_NAME: str = "Authorization"
    """Header that carries the token."""
    JWT_HEADER_TYPE: str = "Bearer"
    """Scheme before the token in the header; an empty string means the bare token."""

    JWT_ACCESS_COOKIE_NAME: str = "access_token_cookie"
    """Name of the access token cookie."""
    JWT_ACCESS_COOKIE_PATH: str = "/"
    """Path of the access token cookie."""
    JWT_COOKIE_CSRF_PROTECT: bool = True
    """Check the CSRF double submit value on cookie tokens."""
    JWT_COOKIE_DOMAIN: str | None = None
    """Domain of the token cookies."""
    JWT_COOKIE_MAX_AGE: int | None = None
    """Max-Age of the token cookies, in seconds."""
    JWT_COOKIE_SAMESITE: SameSitePolicy | None = "Lax"
    """SameSite policy of the token cookies."""
    JWT_COOKIE_SECURE: bool = True
    """Send the token cookies over HTTPS only."""
    JWT_REFRESH_COOKIE_NAME: str = "refresh_token_cookie"
    """Name of the refresh token cookie."""
    JWT_REFRESH_COOKIE_PATH: str = "/"
    """Path of the refresh token cookie."""
    JWT_SESSION_COOKIE: bool = True
    """Make token cookies last for the browser session when no max age is given."""

    JWT_ACCESS_CSRF_COOKIE_NAME: str = "csrf_access_token"
    """Name of the cookie that carries the access token's CSRF value."""
    JWT_ACCESS_CSRF_COOKIE_PATH: str = "/"
    """Path of the access CSRF cookie."""
    JWT_ACCESS_CSRF_FIELD_NAME: str = "csrf_token"
    """Form field that may carry the access CSRF value."""
    JWT_ACCESS_CSRF_HEADER_NAME: str = "X-CSRF-TOKEN"
    """Header that carries the access CSRF value."""
    JWT_CSRF_CHECK_FORM: bool = False
    """Also look for the CSRF value in form fields."""
    JWT_CSRF_IN_COOKIES: bool = True
    """Set the CSRF cookies along with the token cookies."""
    JWT_CSRF_METHODS: Sequence[HTTPMethod] = ["POST", "PUT", "PATCH", "DELETE"]
    """Methods whose requests must pass the CSRF check."""
    JWT_REFRESH_CSRF_COOKIE_NAME: str = "csrf_refresh_token"
    """Name of the cookie that carries the refresh token's CSRF value."""
    JWT_REFRESH_CSRF_COOKIE_PATH: str = "/"
    """Path of the refresh CSRF cookie."""
    JWT_REFRESH_CSRF_FIELD_NAME: str = "csrf_token"
    """Form field that may carry the refresh CSRF value."""
    JWT_REFRESH_CSRF_HEADER_NAME: str = "X-CSRF-TOKEN"
    """Header that carries the refresh CSRF value."""

    JWT_QUERY_STRING_NAME: str = "token"
    """Query parameter that carries the token."""
    JWT_JSON_KEY: str = "access_token"
    """Key of the access token in a JSON body."""
    JWT_REFRESH_JSON_KEY: str = "refresh_token"
    """Key of the refresh token in a JSON body."""

    JWT_IMPLICIT_REFRESH_ROUTE_EXCLUDE: list[str] = []
    """Paths where implicit refresh never happens."""
    JWT_IMPLICIT_REFRESH_ROUTE_INCLUDE: list[str] = []
    """Paths where implicit refresh happens (all when empty)."""
    JWT_IMPLICIT_REFRESH_METHOD_EXCLUDE: list[HTTPMethod] = []
    """Methods for which implicit refresh never happens."""
    JWT_IMPLICIT_REFRESH_METHOD_INCLUDE: list[HTTPMethod] = []
    """Methods for which implicit refresh happens (all when empty)."""
    JWT_IMPLICIT_REFRESH_DELTATIME: Duration = timedelta(minutes=10)
    """Refresh the access cookie when the token expires within this duration."""

    _keys: KeyMaterial | None = PrivateAttr(default=None)
    _jwks_client: JWKSClient | None = PrivateAttr(default=None)

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as error:
            raise _configuration_error(error) from error
        except SettingsError as error:
            msg = (
                f"{error}: lists are read as JSON from the environment, "
                """for example JWT_TOKEN_LOCATION='["headers", "cookies"]'"""
            )
            raise BadConfigurationError(msg) from error

    def __setattr__(self, name: str, value: Any) -> None:
        previous = self.__dict__.get(name)
        try:
            super().__setattr__(name, value)
        except ValidationError as error:
            # pydantic has already stored the value when a model validator refuses it.
            self.__dict__[name] = previous
            raise _configuration_error(error) from error

    @field_validator(
        "JWT_ACCESS_TOKEN_EXPIRES", "JWT_REFRESH_TOKEN_EXPIRES", "JWT_FRESH_TOKEN_MAX_AGE"
    )
    @classmethod
    def _positive_duration(cls, value: timedelta | None) -> timedelta | None:
        if value is not None and value <= timedelta(0):
            msg = "must be a positive duration, or None"
            raise ValueError(msg)
        return value

    @field_validator("JWT_IMPLICIT_REFRESH_DELTATIME")
    @classmethod
    def _not_negative_duration(cls, value: timedelta) -> timedelta:
        if value < timedelta(0):
            msg = "must not be negative"
            raise ValueError(msg)
        return value

    @field_validator("JWT_DECODE_LEEWAY", "JWT_COOKIE_MAX_AGE")
    @classmethod
    def _not_negative(cls, value: int | None) -> int | None:
        if value is not None and value < 0:
            msg = "must not be negative"
            raise ValueError(msg)
        return value

    @model_validator(mode="after")
    def _parse_keys(self) -> FJWTConfig:
        """Parse the keys as soon as the algorithm and a key are both known."""
        own = (
            ("JWT_SECRET_KEY",) if self.is_algo_symmetric else ("JWT_PRIVATE_KEY", "JWT_PUBLIC_KEY")
        )
        ready = (
            any(getattr(self, name) is not None for name in own)
            or any(getattr(self, f"{name}_FILE") is not None for name in own)
            or bool(self.JWT_VERIFICATION_KEYS)
            or bool(self.JWT_VERIFICATION_KEY_FILES)
            or self.JWT_JWKS_URL is not None
        )
        self._keys = load_keys(self) if ready else None
        self._jwks_client = self._matching_jwks_client()
        return self

    def _matching_jwks_client(self) -> JWKSClient | None:
        """The client of `JWT_JWKS_URL`: the current one while its settings are unchanged."""
        if self.JWT_JWKS_URL is None or self._keys is None:
            return None
        client = JWKSClient(
            self.JWT_JWKS_URL,
            algorithms=self._keys.accepted,
            lifetime=self.JWT_JWKS_CACHE_LIFETIME.total_seconds(),
            min_interval=self.JWT_JWKS_MIN_FETCH_INTERVAL.total_seconds(),
            timeout=self.JWT_JWKS_TIMEOUT.total_seconds(),
        )
        current = self._jwks_client
        if current is not None and current.settings == client.settings:
            return current
        return client

    @property
    def keys(self) -> KeyMaterial:
        """The parsed keys of the current settings.

        Raises:
            BadConfigurationError: The algorithm's key is not set.
        """
        # Read the private store directly: pydantic's attribute fallback costs
        # microseconds, and this runs for every token.
        keys: KeyMaterial | None = self.__pydantic_private__["_keys"]  # type: ignore[index]
        if keys is None:
            keys = self._keys = load_keys(self)
        return keys

    @property
    def jwks_client(self) -> JWKSClient | None:
        """The client that fetches and caches the keys of `JWT_JWKS_URL`; `None` without it."""
        client: JWKSClient | None = self.__pydantic_private__["_jwks_client"]  # type: ignore[index]
        return client

    @property
    def is_algo_symmetric(self) -> bool:
        """Whether `JWT_ALGORITHM` is an HMAC algorithm (one shared secret)."""
        return self.JWT_ALGORITHM in _SYMMETRIC

    @property
    def is_algo_asymmetric(self) -> bool:
        """Whether `JWT_ALGORITHM` signs with a private key and verifies with a public one."""
        return not self.is_algo_symmetric

    @property
    def PRIVATE_KEY(self) -> str | None:  # noqa: N802 - 0.4.1's public name
        """The setting tokens are signed with: the secret or the private key."""
        return self.JWT_SECRET_KEY if self.is_algo_symmetric else self.JWT_PRIVATE_KEY

    @property
    def PUBLIC_KEY(self) -> str | None:  # noqa: N802 - 0.4.1's public name
        """The setting tokens are verified with: the secret or the public key."""
        return self.JWT_SECRET_KEY if self.is_algo_symmetric else self.JWT_PUBLIC_KEY

    def has_location(self, location: TokenLocation) -> bool:
        """Whether `JWT_TOKEN_LOCATION` includes `location`."""
        return location in self.JWT_TOKEN_LOCATION


def _configuration_error(error: ValidationError) -> BadConfigurationError:
    """Turn pydantic's report into one error that names each setting to fix."""
    problems: list[str] = []
    for detail in error.errors(include_url=False):
        cause = detail.get("ctx", {}).get("error")
        if isinstance(cause, BadConfigurationError):
            problems.append(str(cause))
            continue
        setting = str(detail["loc"][0]) if detail["loc"] else "FJWTConfig"
        shown = "<hidden>" if setting in _SECRET_SETTINGS else repr(detail["input"])
        problems.append(f"{setting}: {detail['msg']} (got {shown})")
    return BadConfigurationError("; ".join(problems))
