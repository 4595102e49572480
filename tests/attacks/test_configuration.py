"""Configuration: RFC 8725 sections 3.2 and 3.5, OWASP JWT cheat sheet (weak secrets).

A setting that cannot be right is refused when it is set, with a `BadConfigurationError`
naming it: weak, empty or mistyped secrets and keys, algorithms that could confuse a key of
one kind for another, cookie and claim settings that undo a protection. And no secret ever
shows in what a crash prints: the error, its traceback, the `repr` of what holds keys.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

import pytest

from fastjwt import BadConfigurationError, FastJWT, FJWTConfig
from tests.support import SECRET, secret_of
from tests.support.keys import new_private_key, private_key, private_pem, public_pem, write


def _refused(**settings: Any) -> str:
    with pytest.raises(BadConfigurationError) as caught:
        FastJWT(FJWTConfig(**settings))
    return str(caught.value)


def _crash_output(error: BaseException) -> str:
    return "".join(traceback.format_exception(error))


# Weak, empty and mistyped secrets (RFC 8725 section 3.5).

GUESSABLE = "fewer than 8 distinct bytes, or only whitespace"
LINE_BREAK = "begins or ends with a line break"


@pytest.mark.parametrize(
    ("secret", "reason"),
    [
        ("", "JWT_SECRET_KEY cannot be used with HS256: HMAC key must not be empty"),
        ("secret", "JWT_SECRET_KEY is 6 bytes long"),
        (secret_of(31), "JWT_SECRET_KEY is 31 bytes long"),
        ("x" * 32, GUESSABLE),
        (" " * 32, GUESSABLE),
        ("ab" * 32, GUESSABLE),
        ("\u2003\u2002\u2009\u200a\u2007\u2008\u2004\u2005\u2006\u3000\u205f", GUESSABLE),
        (secret_of(32) + "\n", LINE_BREAK),
        (secret_of(32) + "\r\n", LINE_BREAK),
        ("\n" + secret_of(32), LINE_BREAK),
    ],
    ids=[
        "empty",
        "short",
        "one-byte-short",
        "repeated",
        "spaces",
        "two-characters",
        "unicode-whitespace",
        "newline",
        "crlf",
        "leading-newline",
    ],
)
def test_weak_secret(secret: str, reason: str) -> None:
    message = _refused(JWT_SECRET_KEY=secret)
    assert message.startswith("JWT_SECRET_KEY")
    assert reason in message


def test_secret_from_the_environment_with_a_newline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_SECRET_KEY", secret_of(32) + "\n")
    message = _refused()
    assert message == (
        "JWT_SECRET_KEY begins or ends with a line break, as a value copied from a file does:"
        " strip it (a secret read from JWT_SECRET_KEY_FILE loses one final line break)"
    )


def test_secret_file_with_two_newlines(tmp_path: Path) -> None:
    path = write(tmp_path, "secret", secret_of(32) + "\n\n")
    assert LINE_BREAK in _refused(JWT_SECRET_KEY_FILE=path)


def test_weak_hmac_verification_key() -> None:
    message = _refused(
        JWT_SECRET_KEY=SECRET, JWT_KEY_ID="now", JWT_VERIFICATION_KEYS={"old": "o" * 32}
    )
    assert message.startswith("JWT_VERIFICATION_KEYS['old'] has fewer than 8 distinct bytes")


@pytest.mark.parametrize(
    ("secret", "shown"),
    [(12345, "Input should be a valid string (got <hidden>)"), (b"\x00" * 40, GUESSABLE)],
    ids=["number", "bytes"],
)
def test_mistyped_secret(secret: object, shown: str) -> None:
    assert shown in _refused(JWT_SECRET_KEY=secret)


# Algorithms that would let one kind of key pass for another (RFC 8725 section 3.2).


@pytest.mark.parametrize("algorithm", ["none", "None", "HS265", "hs256", ""])
def test_unknown_algorithm(algorithm: str) -> None:
    assert _refused(JWT_ALGORITHM=algorithm, JWT_SECRET_KEY=SECRET).startswith("JWT_ALGORITHM:")


@pytest.mark.parametrize(
    ("settings", "reason"),
    [
        ({"JWT_DECODE_ALGORITHMS": ["none"]}, "JWT_DECODE_ALGORITHMS:"),
        ({"JWT_DECODE_ALGORITHMS": ["HS256", "RS256"]}, "must list algorithms that verify"),
        ({"JWT_DECODE_ALGORITHMS": []}, "must list algorithms that verify"),
    ],
    ids=["none", "mixed-families", "empty"],
)
def test_decode_algorithms_that_mix_key_kinds(settings: dict[str, Any], reason: str) -> None:
    assert reason in _refused(JWT_SECRET_KEY=SECRET, **settings)


def test_the_public_key_as_an_hmac_secret() -> None:
    # CVE-2022-29217 from the configuration side: PyJWT refuses PEM text as an HMAC secret.
    message = _refused(JWT_SECRET_KEY=public_pem(private_key("RS256")))
    assert message.startswith("JWT_SECRET_KEY cannot be used with HS256")


def test_rsa_key_under_2048_bits() -> None:
    small = private_pem(new_private_key("RS256", rsa_bits=1024))
    assert "JWT_PRIVATE_KEY is too weak for RS256" in _refused(
        JWT_ALGORITHM="RS256", JWT_PRIVATE_KEY=small
    )


def test_key_of_another_family() -> None:
    message = _refused(JWT_ALGORITHM="RS256", JWT_PRIVATE_KEY=private_pem(private_key("ES256")))
    assert message.startswith("JWT_PRIVATE_KEY cannot be used with RS256")


def test_public_key_of_another_pair() -> None:
    message = _refused(
        JWT_ALGORITHM="ES256",
        JWT_PRIVATE_KEY=private_pem(private_key("ES256")),
        JWT_PUBLIC_KEY=public_pem(new_private_key("ES256")),
    )
    assert message.startswith("JWT_PUBLIC_KEY does not match JWT_PRIVATE_KEY")


def test_private_key_where_the_public_one_goes() -> None:
    pem = private_pem(private_key("ES256"))
    message = _refused(JWT_ALGORITHM="ES256", JWT_PUBLIC_KEY=pem)
    assert message.startswith("JWT_PUBLIC_KEY holds a private key")


# Settings that undo a protection.


def test_samesite_none_without_secure() -> None:
    message = _refused(JWT_SECRET_KEY=SECRET, JWT_COOKIE_SAMESITE="None", JWT_COOKIE_SECURE=False)
    assert message.startswith('JWT_COOKIE_SAMESITE="None" requires JWT_COOKIE_SECURE=True')


def test_samesite_none_then_secure_off_keeps_the_old_value() -> None:
    config = FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_COOKIE_SAMESITE="None")
    with pytest.raises(BadConfigurationError, match="JWT_COOKIE_SECURE=True"):
        config.JWT_COOKIE_SECURE = False
    assert config.JWT_COOKIE_SECURE is True


@pytest.mark.parametrize("leeway", [3601, 86400, 10 * 365 * 86400])
def test_leeway_of_more_than_an_hour(leeway: int) -> None:
    message = _refused(JWT_SECRET_KEY=SECRET, JWT_DECODE_LEEWAY=leeway)
    assert message.startswith("JWT_DECODE_LEEWAY: Value error, must be at most 3600 seconds")


@pytest.mark.parametrize(
    "claim", ["aud", "csrf", "exp", "fam", "fresh", "iat", "iss", "jti", "nbf", "scopes", "type"]
)
def test_identity_claim_that_fastjwt_writes(claim: str) -> None:
    message = _refused(JWT_SECRET_KEY=SECRET, JWT_IDENTITY_CLAIM=claim)
    assert message.startswith(f"JWT_IDENTITY_CLAIM: Value error, {claim!r} is a claim FastJWT")


@pytest.mark.parametrize(
    "origin",
    ["*", "null", "app.example.com", "https://app.example.com/", "https://app.example.com/x", ""],
)
def test_websocket_origin_that_is_not_an_origin(origin: str) -> None:
    message = _refused(JWT_SECRET_KEY=SECRET, JWT_WEBSOCKET_ALLOWED_ORIGINS=[origin])
    assert message.startswith("JWT_WEBSOCKET_ALLOWED_ORIGINS: Value error,")


# No secret in crash output.

SHORT_SECRET = "hunter2-but-longer"


@pytest.mark.parametrize(
    "settings",
    [
        {"JWT_SECRET_KEY": SHORT_SECRET},
        {"JWT_SECRET_KEY": SHORT_SECRET * 2 + "\n"},
        {"JWT_SECRET_KEY": SECRET, "JWT_KEY_ID": "a", "JWT_VERIFICATION_KEYS": {"b": SHORT_SECRET}},
        {"JWT_SECRET_KEY": SHORT_SECRET, "JWT_COOKIE_SECURE": "maybe"},
    ],
    ids=["too-short", "newline", "verification-key", "with-another-error"],
)
def test_the_traceback_of_a_refused_secret_never_shows_it(settings: dict[str, Any]) -> None:
    with pytest.raises(BadConfigurationError) as caught:
        FJWTConfig(**settings)
    printed = _crash_output(caught.value)
    assert SHORT_SECRET not in printed
    assert "ValidationError" not in printed
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None


def test_the_traceback_of_an_assignment_never_shows_the_secret() -> None:
    config = FJWTConfig(JWT_SECRET_KEY=SECRET)
    with pytest.raises(BadConfigurationError) as caught:
        config.JWT_SECRET_KEY = SHORT_SECRET
    assert SHORT_SECRET not in _crash_output(caught.value)
    assert config.JWT_SECRET_KEY == SECRET


def test_a_secret_from_the_environment_never_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_SECRET_KEY", SHORT_SECRET)
    with pytest.raises(BadConfigurationError) as caught:
        FJWTConfig()
    assert SHORT_SECRET not in _crash_output(caught.value)


def test_a_malformed_key_set_from_the_environment_never_shows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JWT_VERIFICATION_KEYS", '{"old": "' + SHORT_SECRET)
    with pytest.raises(BadConfigurationError) as caught:
        FJWTConfig()
    printed = _crash_output(caught.value)
    assert SHORT_SECRET not in printed
    assert 'error parsing value for field "JWT_VERIFICATION_KEYS"' in printed


def test_nothing_that_holds_keys_shows_them_in_its_repr() -> None:
    verification = secret_of(32, "v")
    pem = private_pem(private_key("ES256"))
    hmac = FastJWT(
        FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_KEY_ID="a", JWT_VERIFICATION_KEYS={"b": verification})
    )
    ecdsa = FastJWT(FJWTConfig(JWT_ALGORITHM="ES256", JWT_PRIVATE_KEY=pem))
    shown = [
        repr(part)
        for security in (hmac, ecdsa)
        for part in (
            security.config,
            security.keys,
            security.config.key_settings(),
            security.prepared.current(),
        )
    ]
    secrets = [SECRET, SECRET.encode().hex(), verification, pem.splitlines()[1]]
    assert [secret for secret in secrets if any(secret in text for text in shown)] == []
