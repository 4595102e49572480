"""FJWTConfig: defaults, assignment, environment, and early configuration errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic_settings import SettingsError

from fastjwt import BadConfigurationError, FastJWT, FJWTConfig
from fastjwt.config import _settings_error
from tests.support import SECRET, keys_of, secret_of

# Every field of fastjwt 0.4.1 with its default (section 2.2 of the API reference).
DEFAULTS_0_4_1: dict[str, object] = {
    "JWT_ACCESS_TOKEN_EXPIRES": timedelta(minutes=15),
    "JWT_ALGORITHM": "HS256",
    "JWT_DECODE_ALGORITHMS": ["HS256"],
    "JWT_DECODE_AUDIENCE": None,
    "JWT_DECODE_ISSUER": None,
    "JWT_DECODE_LEEWAY": 0,
    "JWT_ENCODE_AUDIENCE": None,
    "JWT_ENCODE_ISSUER": None,
    "JWT_ENCODE_NBF": True,
    # 0.4.1 declared "msg" but never read it: its bodies said "message", as ours do by default.
    "JWT_ERROR_MESSAGE_KEY": "message",
    "JWT_IDENTITY_CLAIM": "sub",
    "JWT_PRIVATE_KEY": None,
    "JWT_PUBLIC_KEY": None,
    "JWT_REFRESH_TOKEN_EXPIRES": timedelta(days=20),
    "JWT_SECRET_KEY": None,
    "JWT_TOKEN_LOCATION": ["headers"],
    "JWT_HEADER_NAME": "Authorization",
    "JWT_HEADER_TYPE": "Bearer",
    "JWT_ACCESS_COOKIE_NAME": "access_token_cookie",
    "JWT_ACCESS_COOKIE_PATH": "/",
    "JWT_COOKIE_CSRF_PROTECT": True,
    "JWT_COOKIE_DOMAIN": None,
    "JWT_COOKIE_MAX_AGE": None,
    "JWT_COOKIE_SAMESITE": "Lax",
    "JWT_COOKIE_SECURE": True,
    "JWT_REFRESH_COOKIE_NAME": "refresh_token_cookie",
    "JWT_REFRESH_COOKIE_PATH": "/",
    "JWT_SESSION_COOKIE": True,
    "JWT_ACCESS_CSRF_COOKIE_NAME": "csrf_access_token",
    "JWT_ACCESS_CSRF_COOKIE_PATH": "/",
    "JWT_ACCESS_CSRF_FIELD_NAME": "csrf_token",
    "JWT_ACCESS_CSRF_HEADER_NAME": "X-CSRF-TOKEN",
    "JWT_CSRF_CHECK_FORM": False,
    "JWT_CSRF_IN_COOKIES": True,
    "JWT_CSRF_METHODS": ["POST", "PUT", "PATCH", "DELETE"],
    "JWT_REFRESH_CSRF_COOKIE_NAME": "csrf_refresh_token",
    "JWT_REFRESH_CSRF_COOKIE_PATH": "/",
    "JWT_REFRESH_CSRF_FIELD_NAME": "csrf_token",
    "JWT_REFRESH_CSRF_HEADER_NAME": "X-CSRF-TOKEN",
    "JWT_QUERY_STRING_NAME": "token",
    "JWT_JSON_KEY": "access_token",
    "JWT_REFRESH_JSON_KEY": "refresh_token",
    "JWT_IMPLICIT_REFRESH_ROUTE_EXCLUDE": [],
    "JWT_IMPLICIT_REFRESH_ROUTE_INCLUDE": [],
    "JWT_IMPLICIT_REFRESH_METHOD_EXCLUDE": [],
    "JWT_IMPLICIT_REFRESH_METHOD_INCLUDE": [],
    "JWT_IMPLICIT_REFRESH_DELTATIME": timedelta(minutes=10),
}


NEW_FIELDS: dict[str, object] = {
    "JWT_FRESH_TOKEN_MAX_AGE": None,
    "JWT_SECRET_KEY_FILE": None,
    "JWT_PRIVATE_KEY_FILE": None,
    "JWT_PUBLIC_KEY_FILE": None,
    "JWT_KEY_ID": None,
    "JWT_VERIFICATION_KEYS": {},
    "JWT_VERIFICATION_KEY_FILES": {},
    "JWT_JWKS_URL": None,
    "JWT_JWKS_CACHE_LIFETIME": timedelta(minutes=5),
    "JWT_JWKS_MIN_FETCH_INTERVAL": timedelta(seconds=10),
    "JWT_JWKS_TIMEOUT": timedelta(seconds=5),
    "JWT_VERIFIED_TOKEN_CACHE_SIZE": 1024,
    "JWT_DECODE_TYPES": [],
    "JWT_REQUIRE_EXPIRY": None,
    "JWT_SECRET_KEY_ENCODING": "utf-8",
    "JWT_TRUSTED_ISSUERS": [],
    "JWT_WEBSOCKET_ALLOWED_ORIGINS": [],
    "JWT_TOKEN_URL": None,
}


def test_every_0_4_1_field_keeps_its_default() -> None:
    config = FJWTConfig()
    assert set(DEFAULTS_0_4_1) | set(NEW_FIELDS) == set(FJWTConfig.model_fields)
    for name, default in NEW_FIELDS.items():
        assert getattr(config, name) == default, name
    for name, default in DEFAULTS_0_4_1.items():
        assert getattr(config, name) == default, name


def test_mutable_defaults_are_not_shared() -> None:
    first, second = FJWTConfig(), FJWTConfig()
    first.JWT_IMPLICIT_REFRESH_ROUTE_EXCLUDE.append("/logout")
    assert second.JWT_IMPLICIT_REFRESH_ROUTE_EXCLUDE == []


def test_assignment_after_construction_as_the_seed_does() -> None:
    config = FJWTConfig()
    config.JWT_ALGORITHM = "HS512"
    config.JWT_SECRET_KEY = secret_of(64)
    assert keys_of(config).algorithm == "HS512"
    assert keys_of(config).signing_key == secret_of(64).encode()


def test_environment_sets_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_SECRET_KEY", SECRET)
    monkeypatch.setenv("JWT_ALGORITHM", "HS256")
    monkeypatch.setenv("JWT_TOKEN_LOCATION", '["headers"]')
    config = FJWTConfig()
    assert config.JWT_SECRET_KEY == SECRET
    assert keys_of(config).signing_key == SECRET.encode()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("900", timedelta(minutes=15)),
        ("0.5", timedelta(milliseconds=500)),
        (" 60 ", timedelta(minutes=1)),
        ("PT1H", timedelta(hours=1)),
        ("01:00:00", timedelta(hours=1)),
    ],
)
def test_durations_from_the_environment_accept_seconds(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: timedelta
) -> None:
    monkeypatch.setenv("JWT_ACCESS_TOKEN_EXPIRES", raw)
    monkeypatch.setenv("JWT_REFRESH_TOKEN_EXPIRES", raw)
    monkeypatch.setenv("JWT_IMPLICIT_REFRESH_DELTATIME", raw)
    config = FJWTConfig()
    assert expected == config.JWT_ACCESS_TOKEN_EXPIRES
    assert expected == config.JWT_REFRESH_TOKEN_EXPIRES
    assert expected == config.JWT_IMPLICIT_REFRESH_DELTATIME


def test_duration_that_is_not_one_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_ACCESS_TOKEN_EXPIRES", "soon")
    with pytest.raises(BadConfigurationError, match=r"^JWT_ACCESS_TOKEN_EXPIRES: .*'soon'"):
        FJWTConfig()


def test_unknown_algorithm_is_refused_on_assignment() -> None:
    config = FJWTConfig()
    with pytest.raises(BadConfigurationError, match=r"^JWT_ALGORITHM: .*'HS999'") as caught:
        config.JWT_ALGORITHM = "HS999"  # type: ignore[assignment]
    assert "EdDSA" in str(caught.value)
    assert config.JWT_ALGORITHM == "HS256"


def test_none_algorithm_is_refused() -> None:
    with pytest.raises(BadConfigurationError, match="JWT_ALGORITHM"):
        FJWTConfig(JWT_ALGORITHM="none")


@pytest.mark.parametrize(("algorithm", "minimum"), [("HS256", 32), ("HS384", 48), ("HS512", 64)])
def test_short_hmac_secret_is_refused_on_assignment(algorithm: str, minimum: int) -> None:
    config = FJWTConfig(JWT_ALGORITHM=algorithm)
    with pytest.raises(BadConfigurationError) as caught:
        config.JWT_SECRET_KEY = "x" * (minimum - 1)
    message = str(caught.value)
    assert message.startswith(f"JWT_SECRET_KEY is {minimum - 1} bytes long")
    assert f"{algorithm} needs at least {minimum} bytes (RFC 7518 section 3.2)" in message
    assert config.JWT_SECRET_KEY is None
    config.JWT_SECRET_KEY = secret_of(minimum)
    assert keys_of(config).signing_key == secret_of(minimum).encode()


def test_seed_placeholder_secret_is_too_short() -> None:
    config = FJWTConfig()
    config.JWT_ALGORITHM = "HS256"
    with pytest.raises(BadConfigurationError, match="JWT_SECRET_KEY is 10 bytes long"):
        config.JWT_SECRET_KEY = "SECRET_KEY"


ACCENTS = "éèêëàâîïôûùüçœæÿ"  # 16 characters, 32 bytes in UTF-8


def test_secret_length_counts_bytes_not_characters() -> None:
    with pytest.raises(BadConfigurationError, match="JWT_SECRET_KEY is 30 bytes long"):
        FJWTConfig(JWT_SECRET_KEY=ACCENTS[:15])
    assert keys_of(FJWTConfig(JWT_SECRET_KEY=ACCENTS)).signing_key == ACCENTS.encode()


def test_switching_to_a_longer_hash_rechecks_the_secret() -> None:
    config = FJWTConfig(JWT_SECRET_KEY=SECRET)
    with pytest.raises(BadConfigurationError, match="HS512 needs at least 64 bytes"):
        config.JWT_ALGORITHM = "HS512"
    assert config.JWT_ALGORITHM == "HS256"
    assert keys_of(config).algorithm == "HS256"


def test_missing_secret_is_reported_when_keys_are_needed() -> None:
    security: FastJWT[object] = FastJWT()
    with pytest.raises(BadConfigurationError, match="JWT_SECRET_KEY is not set: HS256 needs"):
        security.keys  # noqa: B018


def test_secret_is_hidden_from_repr_and_errors() -> None:
    config = FJWTConfig(JWT_SECRET_KEY=SECRET)
    assert SECRET not in repr(config)
    with pytest.raises(BadConfigurationError, match=r"^JWT_SECRET_KEY: .*<hidden>") as caught:
        config.JWT_SECRET_KEY = 12345  # type: ignore[assignment]
    assert "12345" not in str(caught.value)


def test_pem_text_is_refused_as_an_hmac_secret() -> None:
    pem = "-----BEGIN PUBLIC KEY-----\n" + "A" * 64 + "\n-----END PUBLIC KEY-----\n"
    with pytest.raises(BadConfigurationError, match="JWT_SECRET_KEY cannot be used with HS256"):
        FJWTConfig(JWT_SECRET_KEY=pem)


def test_keys_are_parsed_once_and_follow_changes() -> None:
    config = FJWTConfig(JWT_SECRET_KEY=SECRET)
    security: FastJWT[object] = FastJWT(config)
    first = security.keys
    assert security.keys is first
    config.JWT_SECRET_KEY = SECRET + "-rotated"
    assert security.keys is not first
    assert security.keys.signing_key == (SECRET + "-rotated").encode()


def test_algorithm_helpers() -> None:
    config = FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_PUBLIC_KEY=None)
    assert config.is_algo_symmetric
    assert not config.is_algo_asymmetric
    assert config.PRIVATE_KEY == SECRET
    assert config.PUBLIC_KEY == SECRET
    assert config.has_location("headers")
    assert not config.has_location("cookies")


def test_key_helpers_without_a_key_raise_as_in_0_4_1() -> None:
    config = FJWTConfig()
    with pytest.raises(BadConfigurationError, match="JWT_SECRET_KEY is not set: HS256 needs it"):
        _ = config.PRIVATE_KEY
    with pytest.raises(BadConfigurationError, match="JWT_SECRET_KEY is not set"):
        _ = config.PUBLIC_KEY


def test_header_type_none_means_the_bare_token() -> None:
    """0.4.1 took `None` for "no scheme"; it is the empty string, on assignment as in code."""
    config = FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_HEADER_TYPE=None)
    assert config.JWT_HEADER_TYPE == ""
    config.JWT_HEADER_TYPE = "JWT"
    config.JWT_HEADER_TYPE = None  # type: ignore[assignment]
    assert config.JWT_HEADER_TYPE == ""


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("JWT_ACCESS_TOKEN_EXPIRES", timedelta(seconds=-1), "must be a positive duration"),
        ("JWT_REFRESH_TOKEN_EXPIRES", timedelta(0), "must be a positive duration"),
        ("JWT_FRESH_TOKEN_MAX_AGE", timedelta(seconds=-5), "must be a positive duration"),
        ("JWT_IMPLICIT_REFRESH_DELTATIME", timedelta(seconds=-1), "must not be negative"),
        ("JWT_DECODE_LEEWAY", -1, "must not be negative"),
        ("JWT_COOKIE_MAX_AGE", -1, "must not be negative"),
    ],
)
def test_negative_durations_are_refused(setting: str, value: object, message: str) -> None:
    config = FJWTConfig()
    with pytest.raises(BadConfigurationError, match=f"^{setting}: Value error, {message}"):
        setattr(config, setting, value)


def test_lists_in_the_environment_must_be_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_TOKEN_LOCATION", "headers,cookies")
    with pytest.raises(BadConfigurationError, match=r"JWT_TOKEN_LOCATION.*read as JSON"):
        FJWTConfig()


def test_a_settings_error_without_a_cause_is_still_explained() -> None:
    message = str(_settings_error(SettingsError("error parsing value")))
    assert message.startswith("error parsing value: lists are read as JSON from the environment")
