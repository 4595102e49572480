"""Keys read from files named in the settings, and every way a key file can be wrong."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from fastjwt import BadConfigurationError, FastJWT, FJWTConfig
from tests.support import keys_of, secret_of
from tests.support.keys import new_private_key, private_key, private_pem, public_pem, write


def _round_trip(config: FJWTConfig) -> None:
    security = FastJWT(config)
    assert security.verify_token_claims(security.create_access_token(uid="alice"))["sub"] == "alice"


@pytest.mark.parametrize("algorithm", ["RS256", "ES256", "EdDSA"])
def test_key_pair_from_files(tmp_path: Path, algorithm: str) -> None:
    key = private_key(algorithm)
    config = FJWTConfig(
        JWT_ALGORITHM=algorithm,
        JWT_PRIVATE_KEY_FILE=write(tmp_path, "key.pem", private_pem(key)),
        JWT_PUBLIC_KEY_FILE=write(tmp_path, "key.pub.pem", public_pem(key)),
    )

    _round_trip(config)
    assert config.JWT_PRIVATE_KEY is None


def test_public_key_file_alone_verifies(tmp_path: Path) -> None:
    key = private_key("ES256")
    issuer = FastJWT(FJWTConfig(JWT_ALGORITHM="ES256", JWT_PRIVATE_KEY=private_pem(key)))
    verifier = FastJWT(
        FJWTConfig(
            JWT_ALGORITHM="ES256",
            JWT_PUBLIC_KEY_FILE=write(tmp_path, "key.pub.pem", public_pem(key)),
        )
    )

    assert verifier.verify_token_claims(issuer.create_access_token(uid="a"))["sub"] == "a"


@pytest.mark.parametrize("ending", ["", "\n", "\r\n"])
def test_secret_file_loses_one_final_line_break(tmp_path: Path, ending: str) -> None:
    secret = secret_of(40)
    config = FJWTConfig(JWT_SECRET_KEY_FILE=write(tmp_path, "secret", secret + ending))

    assert keys_of(config).signing_key == secret.encode()
    _round_trip(config)


def test_key_files_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    key = private_key("ES384")
    path = write(tmp_path, "key.pem", private_pem(key))
    monkeypatch.setenv("JWT_ALGORITHM", "ES384")
    monkeypatch.setenv("JWT_PRIVATE_KEY_FILE", str(path))

    config = FJWTConfig()

    assert path == config.JWT_PRIVATE_KEY_FILE
    _round_trip(config)


def test_pem_text_keeps_working() -> None:
    """0.4.1's way, PEM text in the settings, is unchanged."""
    _round_trip(
        FJWTConfig(JWT_ALGORITHM="RS256", JWT_PRIVATE_KEY=private_pem(private_key("RS256")))
    )


def test_text_and_file_together_are_refused(tmp_path: Path) -> None:
    pem = private_pem(private_key("ES256"))
    with pytest.raises(
        BadConfigurationError, match=r"JWT_PRIVATE_KEY and JWT_PRIVATE_KEY_FILE are both set"
    ):
        FJWTConfig(
            JWT_ALGORITHM="ES256",
            JWT_PRIVATE_KEY=pem,
            JWT_PRIVATE_KEY_FILE=write(tmp_path, "key.pem", pem),
        )


def test_missing_file_names_the_setting_and_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.pem"
    with pytest.raises(BadConfigurationError) as caught:
        FJWTConfig(JWT_ALGORITHM="RS256", JWT_PRIVATE_KEY_FILE=missing)

    message = str(caught.value)
    assert message.startswith("JWT_PRIVATE_KEY_FILE: cannot read ")
    assert str(missing) in message
    assert "No such file or directory" in message


def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(
        BadConfigurationError, match=r"JWT_PUBLIC_KEY_FILE: cannot read .*directory"
    ):
        FJWTConfig(JWT_ALGORITHM="RS256", JWT_PUBLIC_KEY_FILE=tmp_path)


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "key.der"
    path.write_bytes(b"\x30\x82\x04\xff\xfe")
    with pytest.raises(BadConfigurationError, match=r"JWT_PRIVATE_KEY_FILE: .* holds binary data"):
        FJWTConfig(JWT_ALGORITHM="RS256", JWT_PRIVATE_KEY_FILE=path)


def test_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "big.pem"
    path.write_bytes(b"A" * (1024 * 1024))
    with pytest.raises(BadConfigurationError, match=r"JWT_SECRET_KEY_FILE: .* not a key file"):
        FJWTConfig(JWT_SECRET_KEY_FILE=path)


def test_key_of_the_wrong_type_names_the_file_setting(tmp_path: Path) -> None:
    path = write(tmp_path, "rsa.pem", private_pem(private_key("RS256")))
    with pytest.raises(
        BadConfigurationError, match=r"^JWT_PRIVATE_KEY_FILE cannot be used with ES256"
    ):
        FJWTConfig(JWT_ALGORITHM="ES256", JWT_PRIVATE_KEY_FILE=path)


def test_halves_swapped_in_files_name_the_file_settings(tmp_path: Path) -> None:
    key = private_key("ES256")
    with pytest.raises(BadConfigurationError, match=r"^JWT_PUBLIC_KEY_FILE holds a private key"):
        FJWTConfig(
            JWT_ALGORITHM="ES256",
            JWT_PUBLIC_KEY_FILE=write(tmp_path, "k.pem", private_pem(key)),
        )
    other = new_private_key("ES256")
    with pytest.raises(
        BadConfigurationError, match=r"^JWT_PUBLIC_KEY_FILE does not match JWT_PRIVATE_KEY_FILE"
    ):
        FJWTConfig(
            JWT_ALGORITHM="ES256",
            JWT_PRIVATE_KEY_FILE=write(tmp_path, "a.pem", private_pem(key)),
            JWT_PUBLIC_KEY_FILE=write(tmp_path, "b.pem", public_pem(other)),
        )


def test_too_small_rsa_key_file_is_refused(tmp_path: Path) -> None:
    weak = new_private_key("RS256", rsa_bits=1024)
    path = write(tmp_path, "weak.pem", private_pem(weak))
    with pytest.raises(BadConfigurationError, match=r"^JWT_PRIVATE_KEY_FILE is too weak for RS256"):
        FJWTConfig(JWT_ALGORITHM="RS256", JWT_PRIVATE_KEY_FILE=path)


def test_too_short_secret_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "secret", "SECRET_KEY\n")
    with pytest.raises(BadConfigurationError, match=r"^JWT_SECRET_KEY_FILE is 10 bytes long"):
        FJWTConfig(JWT_SECRET_KEY_FILE=path)


def test_a_bad_file_is_refused_on_assignment_and_the_old_value_kept(tmp_path: Path) -> None:
    good = write(tmp_path, "secret", secret_of(40))
    config = FJWTConfig(JWT_SECRET_KEY_FILE=good)

    with pytest.raises(BadConfigurationError, match=r"JWT_SECRET_KEY_FILE: cannot read"):
        config.JWT_SECRET_KEY_FILE = tmp_path / "missing"

    assert good == config.JWT_SECRET_KEY_FILE
    assert keys_of(config).signing_key == secret_of(40).encode()


def test_file_is_read_when_the_configuration_loads_not_per_token(tmp_path: Path) -> None:
    path = write(tmp_path, "secret", secret_of(40))
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY_FILE=path))
    path.unlink()

    assert security.verify_token_claims(security.create_access_token(uid="alice"))["sub"] == "alice"


@pytest.mark.parametrize(
    ("encoding", "written"),
    [
        ("base64", base64.b64encode(bytes(range(32))).decode()),
        ("base64url", base64.urlsafe_b64encode(bytes(range(32))).decode().rstrip("=")),
        ("hex", bytes(range(32)).hex()),
    ],
)
def test_binary_secrets(encoding: str, written: str, tmp_path: Path) -> None:
    config = FJWTConfig(JWT_SECRET_KEY=written, JWT_SECRET_KEY_ENCODING=encoding)
    assert keys_of(config).signing_key == bytes(range(32))
    path = write(tmp_path, "secret", written + "\n")
    from_file = FJWTConfig(JWT_SECRET_KEY_FILE=path, JWT_SECRET_KEY_ENCODING=encoding)
    assert keys_of(from_file).signing_key == bytes(range(32))
    _round_trip(config)


def test_binary_verification_secrets_and_bad_encodings() -> None:
    # Binary secrets may hold any byte, line breaks and spaces included.
    old_bytes = b"\n" + bytes(range(200, 231)) + b" "
    old = base64.urlsafe_b64encode(old_bytes).decode()
    config = FJWTConfig(
        JWT_SECRET_KEY=base64.urlsafe_b64encode(bytes(range(100, 132))).decode(),
        JWT_SECRET_KEY_ENCODING="base64url",
        JWT_KEY_ID="new",
        JWT_VERIFICATION_KEYS={"old": old},
    )
    assert keys_of(config).by_kid["old"].key == old_bytes
    with pytest.raises(BadConfigurationError, match="fewer than 8 distinct bytes"):
        FJWTConfig(JWT_SECRET_KEY=(b"o" * 32).hex(), JWT_SECRET_KEY_ENCODING="hex")
    with pytest.raises(BadConfigurationError, match="JWT_SECRET_KEY is not valid hex"):
        FJWTConfig(JWT_SECRET_KEY="not hex at all" * 4, JWT_SECRET_KEY_ENCODING="hex")
    with pytest.raises(BadConfigurationError, match="is not valid base64"):
        FJWTConfig(JWT_SECRET_KEY="é" * 44, JWT_SECRET_KEY_ENCODING="base64")
    with pytest.raises(BadConfigurationError, match="16 bytes long; HS256 needs at least 32"):
        FJWTConfig(JWT_SECRET_KEY=(b"x" * 16).hex(), JWT_SECRET_KEY_ENCODING="hex")
