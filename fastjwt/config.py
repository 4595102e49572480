"""`FJWTConfig`: every FastJWT setting, read from code or from the environment."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BeforeValidator,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from fastjwt._types import (
    AlgorithmType,
    HTTPMethod,
    SameSitePolicy,
    SymmetricAlgorithmType,
    TokenLocation,
)
from fastjwt.exceptions import BadConfigurationError
from fastjwt.issuer_settings import TrustedIssuer
from fastjwt.keys.keyring import load_keys
from fastjwt.keys.parsing import public_pem
from fastjwt.keys.settings import KeySettings
from fastjwt.tokens.claims import RESERVED_CLAIMS

__all__ = ["MAX_LEEWAY", "FJWTConfig"]

_SECONDS = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*")
_SYMMETRIC: frozenset[str] = frozenset(get_args(SymmetricAlgorithmType))
_SECRET_SETTINGS = frozenset({"JWT_SECRET_KEY", "JWT_PRIVATE_KEY", "JWT_VERIFICATION_KEYS"})
# Claims FastJWT writes or reads itself: naming one the subject would give every user the
# same subject (`type`), a random one (`jti`), or one the client chose (`scopes`).
_NOT_IDENTITY = (RESERVED_CLAIMS - {"sub"}) | {"scopes"}
_ORIGIN = re.compile(r"https?://[a-z0-9.\-]+(:[0-9]{1,5})?|https?://\[[0-9a-f:.]+\](:[0-9]{1,5})?")
MAX_LEEWAY = 3600
"""Most seconds of clock skew `JWT_DECODE_LEEWAY` may tolerate (one hour)."""


def _seconds_to_timedelta(value: object) -> object:
    """Read a bare number of seconds, as environment variables give it, as a duration."""
    if isinstance(value, str) and _SECONDS.fullmatch(value):
        return timedelta(seconds=float(value))
    return value


Duration = Annotated[timedelta, BeforeValidator(_seconds_to_timedelta)]


def _none_is_empty(value: object) -> object:
    """Read `None`, 0.4.1's "no scheme", as the empty string: the bare token."""
    return "" if value is None else value


HeaderType = Annotated[str, BeforeValidator(_none_is_empty)]


class FJWTConfig(BaseSettings):
    """The settings of a `FastJWT` instance.

    Each field can be given to the constructor, assigned afterwards (every
    assignment is validated), or set by an environment variable of the same
    name. Durations also accept a number of seconds, so
    `JWT_ACCESS_TOKEN_EXPIRES=900` in the environment means 15 minutes.

    Keys are given as text (`JWT_SECRET_KEY`, `JWT_PRIVATE_KEY`, ...) or as
    the path of a file that holds them (the same names ending in `_FILE`).
    They are checked as soon as they can be: an HMAC secret shorter than the
    hash of its algorithm (32 bytes for HS256, RFC 7518 section 3.2) or an
    unreadable key file is refused on assignment, and a missing key is
    reported when `FastJWT` receives the configuration. Every problem raises
    `BadConfigurationError`, whose message names the setting to fix.

    The configuration only holds settings: `FastJWT` turns them into parsed
    keys, a JWKS client and verification rules when it receives them, and
    again after any assignment (see `revision`).

    See Also:
        The [configuration reference](../reference/configuration.md) lists every
        setting with an example for the environment.

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
    )

    JWT_ACCESS_TOKEN_EXPIRES: Duration | None = timedelta(minutes=15)
    """Lifetime of access tokens; `None` issues tokens that never expire."""
    JWT_ALGORITHM: AlgorithmType = "HS256"
    """Algorithm used to sign tokens."""
    JWT_DECODE_ALGORITHMS: Sequence[AlgorithmType] = ["HS256"]
    """Algorithms accepted when verifying tokens; when unset, `JWT_ALGORITHM` alone."""
    JWT_DECODE_AUDIENCE: str | Sequence[str] | None = None
    """Audience a token must name in its `aud` claim to be accepted."""
    JWT_DECODE_ISSUER: str | list[str] | None = None
    """Issuer a token must name in its `iss` claim to be accepted (or one of several)."""
    JWT_DECODE_LEEWAY: int | None = 0
    """Seconds of clock skew tolerated when checking `exp`, `nbf` and `iat` (at most an hour)."""
    JWT_DECODE_TYPES: list[str] = []
    """Values of the `typ` header accepted besides `JWT` (a token without `typ` passes too)."""
    JWT_REQUIRE_EXPIRY: bool | None = None
    """Refuse tokens without `exp`; `None`: refuse them unless this app issues such tokens
    itself (`JWT_ACCESS_TOKEN_EXPIRES` or `JWT_REFRESH_TOKEN_EXPIRES` is `None`)."""
    JWT_ENCODE_AUDIENCE: str | Sequence[str] | None = None
    """Default `aud` claim written into new tokens."""
    JWT_ENCODE_ISSUER: str | None = None
    """`iss` claim written into new tokens."""
    JWT_ENCODE_NBF: bool = True
    """Write a `nbf` (not before) claim equal to `iat` into new tokens."""
    JWT_FRESH_TOKEN_MAX_AGE: Duration | None = None
    """How long after its creation a fresh access token stays fresh; `None`: its whole life."""
    JWT_ERROR_MESSAGE_KEY: str = "message"
    """Key of the message in the bodies that `FastJWT.handle_errors` writes."""
    JWT_IDENTITY_CLAIM: str = Field(default="sub", min_length=1)
    """Claim that carries the user identifier (`TokenPayload.sub` reads it whatever its name);
    never one of the claims FastJWT writes itself, such as `jti` or `type`."""
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
    JWT_SECRET_KEY_ENCODING: Literal["utf-8", "base64", "base64url", "hex"] = "utf-8"
    """How HMAC secrets are written: as text (UTF-8), or binary in base64, base64url or hex."""
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
    JWT_TRUSTED_ISSUERS: list[TrustedIssuer] = []
    """Identity providers whose tokens are accepted too, each checked with its own keys and
    rules (see `TrustedIssuer`); as JSON in the environment."""
    JWT_VERIFIED_TOKEN_CACHE_SIZE: int = Field(default=1024, ge=0)
    """How many verified tokens are remembered, so a token seen again skips its signature check
    (its expiry and every other check still run each time); 0 turns the cache off."""
    JWT_TOKEN_LOCATION: Sequence[TokenLocation] = ["headers"]
    """Where requests carry tokens, tried in order."""

    JWT_HEADER_NAME: str = "Authorization"
    """Header that carries the token."""
    JWT_HEADER_TYPE: HeaderType = "Bearer"
    """Scheme before the token in the header; an empty string (or `None`) means the bare token."""
    JWT_TOKEN_URL: str | None = None
    """Your login route for the OAuth2 password form (e.g. `"/token"`): OpenAPI then documents
    the `Authorization` header as an OAuth2 password flow, so that Swagger UI's Authorize
    button logs in with a username and password. Only the documentation changes."""

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
    """SameSite policy of the token cookies; `"None"` requires `JWT_COOKIE_SECURE`."""
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

    JWT_WEBSOCKET_ALLOWED_ORIGINS: list[str] = []
    """Origins (`https://host[:port]`) whose pages may open WebSockets authenticated by a cookie;
    when empty, the application's own origin only (the `Origin` host is the `Host` header)."""

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

    _revision: int = PrivateAttr(default=0)

    def __init__(self, **values: Any) -> None:
        # Each problem is raised outside the `except` block, so that no traceback chains
        # pydantic's report to it: that report repeats the input, secrets included.
        try:
            super().__init__(**values)
        except ValidationError as error:
            problem = _configuration_error(error)
        except SettingsError as error:
            problem = _settings_error(error)
        else:
            return
        raise problem

    def __setattr__(self, name: str, value: Any) -> None:
        previous = self.__dict__.get(name)
        try:
            super().__setattr__(name, value)
        except ValidationError as error:
            # pydantic has already stored the value when a model validator refuses it.
            self.__dict__[name] = previous
            problem = _configuration_error(error)
        else:
            self.__pydantic_private__["_revision"] += 1  # type: ignore[index]
            return
        raise problem

    @property
    def revision(self) -> int:
        """How many assignments this configuration has taken; `FastJWT` rebuilds on a change."""
        revision: int = self.__pydantic_private__["_revision"]  # type: ignore[index]
        return revision

    @field_validator(
        "JWT_ACCESS_TOKEN_EXPIRES", "JWT_REFRESH_TOKEN_EXPIRES", "JWT_FRESH_TOKEN_MAX_AGE"
    )
    @classmethod
    def _positive_duration(cls, value: timedelta | None) -> timedelta | None:
        if value is not None and value <= timedelta(0):
            msg = "must be a positive duration, or None"
            raise ValueError(msg)
        return value

    @field_validator("JWT_IMPLICIT_REFRESH_DELTATIME", "JWT_JWKS_MIN_FETCH_INTERVAL")
    @classmethod
    def _not_negative_duration(cls, value: timedelta) -> timedelta:
        if value < timedelta(0):
            msg = "must not be negative"
            raise ValueError(msg)
        return value

    @field_validator("JWT_JWKS_CACHE_LIFETIME", "JWT_JWKS_TIMEOUT")
    @classmethod
    def _strictly_positive_duration(cls, value: timedelta) -> timedelta:
        if value <= timedelta(0):
            msg = "must be a positive duration"
            raise ValueError(msg)
        return value

    @field_validator("JWT_DECODE_LEEWAY", "JWT_COOKIE_MAX_AGE")
    @classmethod
    def _not_negative(cls, value: int | None) -> int | None:
        if value is not None and value < 0:
            msg = "must not be negative"
            raise ValueError(msg)
        return value

    @field_validator("JWT_DECODE_LEEWAY")
    @classmethod
    def _sane_leeway(cls, value: int | None) -> int | None:
        if value is not None and value > MAX_LEEWAY:
            msg = (
                f"must be at most {MAX_LEEWAY} seconds: a leeway is for clocks that differ by "
                "seconds, and every second of it keeps expired tokens valid"
            )
            raise ValueError(msg)
        return value

    @field_validator("JWT_IDENTITY_CLAIM")
    @classmethod
    def _own_identity(cls, value: str) -> str:
        if value in _NOT_IDENTITY:
            msg = (
                f"{value!r} is a claim FastJWT writes itself ({', '.join(sorted(_NOT_IDENTITY))});"
                " name the claim of the user identifier, e.g. 'sub' or 'user_id'"
            )
            raise ValueError(msg)
        return value

    @field_validator("JWT_WEBSOCKET_ALLOWED_ORIGINS")
    @classmethod
    def _origins(cls, value: list[str]) -> list[str]:
        origins = [origin.lower() for origin in value]
        for origin in origins:
            if not _ORIGIN.fullmatch(origin):
                msg = (
                    f"{origin!r} is not an origin: write scheme://host[:port], as browsers send"
                    " it in the Origin header, e.g. 'https://app.example.com' (no path, no slash)"
                )
                raise ValueError(msg)
        return origins

    @model_validator(mode="after")
    def _secure_samesite_none(self) -> FJWTConfig:
        """`SameSite=None` cookies without `Secure` are dropped by browsers: refuse the pair."""
        if self.JWT_COOKIE_SAMESITE == "None" and not self.JWT_COOKIE_SECURE:
            msg = (
                'JWT_COOKIE_SAMESITE="None" requires JWT_COOKIE_SECURE=True: browsers drop '
                "SameSite=None cookies that are not Secure"
            )
            raise BadConfigurationError(msg)
        return self

    @model_validator(mode="after")
    def _check_keys(self) -> FJWTConfig:
        """Check the keys as soon as the algorithm and a key are both known."""
        settings = self.key_settings()
        if any(name != "JWT_KEY_ID" for name in settings.local) or settings.jwks_url is not None:
            load_keys(settings)
        return self

    def key_settings(self) -> KeySettings:
        """The key settings, as the plain values the key layer reads."""
        explicit = "JWT_DECODE_ALGORITHMS" in self.model_fields_set
        return KeySettings(
            algorithm=self.JWT_ALGORITHM,
            decode_algorithms=tuple(dict.fromkeys(self.JWT_DECODE_ALGORITHMS))
            if explicit
            else None,
            secret_key=self.JWT_SECRET_KEY,
            secret_key_file=self.JWT_SECRET_KEY_FILE,
            secret_encoding=self.JWT_SECRET_KEY_ENCODING,
            private_key=self.JWT_PRIVATE_KEY,
            private_key_file=self.JWT_PRIVATE_KEY_FILE,
            public_key=self.JWT_PUBLIC_KEY,
            public_key_file=self.JWT_PUBLIC_KEY_FILE,
            key_id=self.JWT_KEY_ID,
            verification_keys=dict(self.JWT_VERIFICATION_KEYS),
            verification_key_files=dict(self.JWT_VERIFICATION_KEY_FILES),
            jwks_url=self.JWT_JWKS_URL,
        )

    @property
    def is_algo_symmetric(self) -> bool:
        """Whether `JWT_ALGORITHM` is an HMAC algorithm (one shared secret)."""
        return self.JWT_ALGORITHM in _SYMMETRIC

    @property
    def is_algo_asymmetric(self) -> bool:
        """Whether `JWT_ALGORITHM` signs with a private key and verifies with a public one."""
        return not self.is_algo_symmetric

    @property
    def PRIVATE_KEY(self) -> str:  # noqa: N802 - 0.4.1's public name
        """The key text tokens are signed with: the secret, or the private key (PEM).

        It is read from its setting or from the file its `_FILE` setting names.

        Raises:
            BadConfigurationError: The algorithm's signing key is not set (as
                in fastjwt 0.4.1), or its file cannot be read.
        """
        setting = "JWT_SECRET_KEY" if self.is_algo_symmetric else "JWT_PRIVATE_KEY"
        text, _ = self.key_settings().text(setting)
        if text is None:
            raise BadConfigurationError(_key_not_set(setting, self.JWT_ALGORITHM))
        return text

    @property
    def PUBLIC_KEY(self) -> str:  # noqa: N802 - 0.4.1's public name
        """The key text tokens are verified with: the secret, or the public key (PEM).

        It is read from its setting or its file; without them, an asymmetric
        algorithm's public key is derived from the private key.

        Raises:
            BadConfigurationError: No key that verifies is set (as in fastjwt
                0.4.1), or it cannot be read.
        """
        if self.is_algo_symmetric:
            return self.PRIVATE_KEY
        settings = self.key_settings()
        public, _ = settings.text("JWT_PUBLIC_KEY")
        if public is not None:
            return public
        private, source = settings.text("JWT_PRIVATE_KEY")
        if private is None:
            raise BadConfigurationError(_key_not_set("JWT_PUBLIC_KEY", self.JWT_ALGORITHM))
        return public_pem(self.JWT_ALGORITHM, private, source)

    def has_location(self, location: TokenLocation) -> bool:
        """Whether `JWT_TOKEN_LOCATION` includes `location`."""
        return location in self.JWT_TOKEN_LOCATION


def _key_not_set(setting: str, algorithm: str) -> str:
    return f"{setting} is not set: {algorithm} needs it (or a file in {setting}_FILE)"


def _settings_error(error: SettingsError) -> BadConfigurationError:
    """A value of the environment that cannot be parsed (lists and mappings are JSON there)."""
    cause = error.__cause__
    # JSON's own message gives a position, never the text: it cannot show a secret.
    reason = f" ({cause})" if isinstance(cause, ValueError) else ""
    msg = (
        f"{error}{reason}: lists are read as JSON from the environment, "
        """for example JWT_TOKEN_LOCATION='["headers", "cookies"]'"""
    )
    return BadConfigurationError(msg)


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
