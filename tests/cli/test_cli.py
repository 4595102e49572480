"""The `fastjwt` command line, driven in process through `main`, and once as `python -m fastjwt`."""

from __future__ import annotations

import io
import json
import os
import runpy
import stat
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from _pytest.assertion.rewrite import AssertionRewritingHook

from fastjwt import FastJWT, FJWTConfig, __version__
from fastjwt.cli import main
from tests.support import keys_of, secret_of
from tests.support.docs.pages import ROOT
from tests.support.issuer import stand_in_issuer
from tests.support.jwks import stub_jwks
from tests.support.keys import private_key, private_pem, public_pem, write

SECRET_TEXT = "a-command-line-secret-of-32-bytes-or-more"
Run = tuple[int, str, str]


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def token_of(out: str) -> str:
    token = out.strip()
    assert token.count(".") == 2
    return token


# keygen


@pytest.mark.parametrize(("algorithm", "minimum"), [("HS256", 32), ("HS384", 48), ("HS512", 64)])
def test_keygen_prints_a_secret_long_enough(
    capsys: pytest.CaptureFixture[str], algorithm: str, minimum: int
) -> None:
    code, out, _ = run(capsys, "keygen", algorithm)

    assert code == 0
    secret = out.strip()
    assert len(secret.encode()) >= minimum
    assert keys_of(FJWTConfig(JWT_ALGORITHM=algorithm, JWT_SECRET_KEY=secret)).signing_key


@pytest.mark.parametrize(
    "algorithm", ["RS256", "PS512", "ES256", "ES256K", "ES384", "ES512", "EdDSA"]
)
def test_keygen_writes_a_key_pair(capsys: pytest.CaptureFixture[str], algorithm: str) -> None:
    code, out, _ = run(capsys, "keygen", algorithm, "--out", "keys.pem")

    assert code == 0
    assert out == "wrote keys.pem\nwrote keys.pub.pem\n"
    assert stat.S_IMODE(os.stat("keys.pem").st_mode) == 0o600
    config = FJWTConfig(
        JWT_ALGORITHM=algorithm,
        JWT_PRIVATE_KEY_FILE=Path("keys.pem"),
        JWT_PUBLIC_KEY_FILE=Path("keys.pub.pem"),
    )
    assert FastJWT(config).create_access_token(uid="a")


def test_keygen_prints_a_pair_without_out(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "keygen", "ES256")

    assert code == 0
    assert out.startswith("-----BEGIN PRIVATE KEY-----\n")
    assert "-----END PRIVATE KEY-----\n-----BEGIN PUBLIC KEY-----\n" in out


def test_keygen_rsa_bits(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "keygen", "RS256", "--bits", "3072", "--out", "k")[1] == (
        "wrote k\nwrote k.pub\n"
    )
    config = FJWTConfig(JWT_ALGORITHM="RS256", JWT_PUBLIC_KEY_FILE=Path("k.pub"))
    assert keys_of(config).verifying_key.key_size == 3072


def test_keygen_writes_a_jwk_set(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(
        capsys, "keygen", "ES256", "--format", "jwks", "--kid", "k1", "--out", "k.json"
    )

    assert code == 0
    private = json.loads(Path("k.json").read_text())["keys"][0]
    public = json.loads(Path("k.pub.json").read_text())["keys"][0]
    assert (private["kid"], private["alg"], private["use"], "d" in private) == (
        "k1",
        "ES256",
        "sig",
        True,
    )
    assert "d" not in public
    assert public["kid"] == "k1"


def test_keygen_jwk_set_kid_defaults_to_the_thumbprint(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "keygen", "EdDSA", "--format", "jwks")

    (jwk,) = json.loads(out)["keys"]
    assert code == 0
    assert len(jwk["kid"]) == 43
    assert "d" in jwk


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["keygen", "HS256", "--format", "jwks"], "do not apply to an HMAC secret"),
        (["keygen", "HS256", "--kid", "k"], "do not apply to an HMAC secret"),
        (["keygen", "ES256", "--bits", "4096"], "--bits applies to RSA keys only"),
        (["keygen", "RS256", "--bits", "1024"], "--bits must be at least 2048"),
        (["keygen", "ES256", "--kid", "k"], "--kid applies to --format jwks"),
        (["keygen", "ES256", "--out", "afile/k.pem"], "cannot write afile/k.pem"),
    ],
)
def test_keygen_usage_errors(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    Path("afile").write_text("not a directory")
    code, out, err = run(capsys, *argv)

    assert (code, out) == (2, "")
    assert err.startswith("fastjwt keygen: error: ")
    assert message in err


def test_keygen_never_overwrites(capsys: pytest.CaptureFixture[str]) -> None:
    Path("k.pub.pem").write_text("keep me")

    code, _, err = run(capsys, "keygen", "ES256", "--out", "k.pem")

    assert code == 2
    assert "k.pub.pem exists: fastjwt never overwrites a key file" in err
    assert not Path("k.pem").exists()
    assert Path("k.pub.pem").read_text() == "keep me"


def test_keygen_secret_to_a_file_in_a_new_directory(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "keygen", "HS512", "--out", "keys/secret")[1] == "wrote keys/secret\n"
    assert len(Path("keys/secret").read_text().strip()) >= 64
    assert stat.S_IMODE(os.stat("keys").st_mode) == 0o700
    assert keys_of(FJWTConfig(JWT_ALGORITHM="HS512", JWT_SECRET_KEY_FILE=Path("keys/secret")))


# create, decode, verify


def test_create_decode_and_verify_with_a_secret(capsys: pytest.CaptureFixture[str]) -> None:
    write(Path(), "secret", secret_of(32) + "\n")
    code, out, _ = run(
        capsys, "create", "--key", "secret", "alice", "--claim", "role=admin", "--claim", "n=[1]"
    )
    token = token_of(out)
    assert code == 0

    code, out, _ = run(capsys, "decode", token)
    assert code == 0
    assert out.startswith("UNVERIFIED: nothing below was checked")
    assert '"alg": "HS256"' in out
    assert '"role": "admin"' in out

    code, out, _ = run(capsys, "verify", "--key", "secret", token)
    assert code == 0
    assert out.startswith("VALID\nclaims:\n")
    claims = json.loads(out.split("claims:\n", 1)[1])
    assert (claims["sub"], claims["role"], claims["n"], claims["type"]) == (
        "alice",
        "admin",
        [1],
        "access",
    )


def test_create_with_a_key_pair_and_verify_with_the_public_key(
    capsys: pytest.CaptureFixture[str],
) -> None:
    key = private_key("ES256")
    write(Path(), "k.pem", private_pem(key))
    write(Path(), "k.pub.pem", public_pem(key))

    out = run(capsys, "create", "-a", "ES256", "--key", "k.pem", "--kid", "k1", "alice")[1]
    token = token_of(out)

    assert jwt.get_unverified_header(token)["kid"] == "k1"
    assert run(capsys, "verify", "-a", "ES256", "--key", "k.pub.pem", token)[0] == 0
    assert run(capsys, "verify", "-a", "ES256", "--key", "k.pem", token)[0] == 0
    assert run(capsys, "verify", "-a", "ES256", "--key", "k.pub.pem", "--kid", "k1", token)[0] == 0
    code, out, _ = run(capsys, "verify", "-a", "ES256", "--key", "k.pub.pem", "--kid", "k2", token)
    assert (code, out) == (1, "INVALID: The token key id k1 is unknown\n")


def test_create_options(capsys: pytest.CaptureFixture[str]) -> None:
    write(Path(), "secret", secret_of(48))
    argv = ["create", "-a", "HS384", "--key", "secret", "bob", "--issuer", "me", "--audience", "x"]
    refresh = token_of(run(capsys, *argv, "--type", "refresh", "--expires", "60")[1])
    fresh = token_of(run(capsys, *argv, "--fresh", "--audience", "y")[1])

    refresh_claims = jwt.decode(refresh, options={"verify_signature": False})
    fresh_claims = jwt.decode(fresh, options={"verify_signature": False})
    assert (refresh_claims["type"], refresh_claims["iss"], refresh_claims["aud"]) == (
        "refresh",
        "me",
        "x",
    )
    assert refresh_claims["exp"] - refresh_claims["iat"] == pytest.approx(60, abs=1)
    assert (fresh_claims["fresh"], fresh_claims["aud"]) == (True, ["x", "y"])
    verify = ["verify", "-a", "HS384", "--key", "secret", "--issuer", "me"]
    assert run(capsys, *verify, "--audience", "x", refresh)[0] == 0
    code, out, _ = run(capsys, *verify, "--audience", "z", refresh)
    assert (code, out) == (1, "INVALID: The token audience x is not accepted\n")


def test_an_expired_token_for_tests_and_the_leeway(capsys: pytest.CaptureFixture[str]) -> None:
    write(Path(), "secret", secret_of(32))
    token = token_of(run(capsys, "create", "--key", "secret", "a", "--expires", "-5")[1])

    assert run(capsys, "verify", "--key", "secret", token)[1] == "INVALID: The token has expired\n"
    assert run(capsys, "verify", "--key", "secret", "--leeway", "60", token)[0] == 0


def test_settings_come_from_the_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(Path(), "secret", secret_of(32, "e"))
    monkeypatch.setenv("JWT_SECRET_KEY_FILE", "secret")
    monkeypatch.setenv("JWT_ENCODE_ISSUER", "env-issuer")
    token = token_of(run(capsys, "create", "alice")[1])

    assert jwt.decode(token, secret_of(32, "e"), algorithms=["HS256"])["iss"] == "env-issuer"
    assert run(capsys, "verify", token)[0] == 0


def test_tokens_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(Path(), "secret", secret_of(32))
    token = token_of(run(capsys, "create", "--key", "secret", "alice")[1])
    monkeypatch.setattr(sys, "stdin", io.StringIO(token + "\n"))

    assert run(capsys, "verify", "--key", "secret", "-")[0] == 0


def test_jwk_set_files_for_create_and_verify(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "keygen", "RS256", "--format", "jwks", "--kid", "r1", "--out", "r.json")
    token = token_of(run(capsys, "create", "--key", "r.json", "alice")[1])

    assert jwt.get_unverified_header(token) == {"alg": "RS256", "kid": "r1", "typ": "JWT"}
    assert run(capsys, "verify", "-a", "RS256", "--jwks", "r.pub.json", token)[0] == 0
    assert run(capsys, "verify", "-a", "RS256", "--jwks", "r.json", token)[0] == 0
    assert run(capsys, "verify", "--key", "r.pub.json", token)[0] == 0
    assert run(capsys, "verify", "-a", "PS256", "--jwks", "r.pub.json", token)[1] == (
        "INVALID: The token key id r1 is unknown\n"
    )


def test_verify_with_a_jwks_url(capsys: pytest.CaptureFixture[str]) -> None:
    issuer = FastJWT(
        FJWTConfig(
            JWT_ALGORITHM="ES256",
            JWT_KEY_ID="k1",
            JWT_PRIVATE_KEY=private_pem(private_key("ES256")),
        )
    )
    token = issuer.create_access_token(uid="alice")
    with stub_jwks() as stub:
        stub.publish(issuer.jwk_set())
        good = run(capsys, "verify", "-a", "ES256", "--jwks", stub.url, token)
        stub.publish({"keys": []})
        unknown = run(capsys, "verify", "-a", "ES256", "--jwks", stub.url, token)
        stub.answer.status = 500
        down = run(capsys, "verify", "-a", "ES256", "--jwks", stub.url, token)

    assert good[0] == 0
    assert good[1].startswith("VALID")
    assert unknown[:2] == (1, "INVALID: The token key id k1 is unknown\n")
    assert down[0] == 2
    assert "cannot fetch the JWK Set at" in down[2]
    assert "HTTP 500" in down[2]


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["decode", "not-a-token"], 1, "INVALID: The token is malformed"),
        (["decode", "a.b.c"], 1, "INVALID: The token is not canonically encoded"),
        (["decode", "e30.e30.e30=="], 1, "INVALID: The token is not canonically encoded"),
        (["verify", "--key", "secret", "x"], 1, "INVALID: The token is malformed"),
        (["decode", "  "], 2, "no token given"),
        (["verify", "--key", "missing.pem", "x.y.z"], 2, "--key: cannot read 'missing.pem'"),
        (["verify", "--key", "k.pub.pem", "x.y.z"], 2, "--algorithm is required"),
        (["verify", "--jwks", "jwks.json", "x.y.z"], 2, "--algorithm is required"),
        (["verify", "-a", "ES256", "--jwks", "secret", "x.y.z"], 2, "is not JSON"),
        (["verify", "-a", "ES256", "--jwks", "list.json", "x.y.z"], 2, "--jwks: not a JWK Set"),
        (
            ["verify", "-a", "ES256", "--key", "secret", "x.y.z"],
            2,
            "neither a PEM key nor a JWK",
        ),
        (
            ["verify", "-a", "RS256", "--key", "k.pub.pem", "x"],
            2,
            "--key cannot be used with RS256",
        ),
        (
            ["verify", "-a", "HS256", "--key", "k.pub.pem", "x"],
            2,
            "--key cannot be used with HS256",
        ),
        (["verify", "--key", "short", "x"], 2, "--key is 5 bytes long; HS256 needs at least 32"),
        (["verify", "x.y.z"], 2, "JWT_SECRET_KEY is not set"),
        (["verify", "--key", "list.json", "x.y.z"], 2, "--key: not a JWK or a JWK Set"),
        (["verify", "--key", "empty.json", "x.y.z"], 2, "--key: no key in the file"),
        (["verify", "--key", "two.json", "x.y.z"], 2, "--key: 2 keys in the file; name one"),
        (["verify", "--key", "two.json", "--kid", "c", "x.y.z"], 2, "no key with that kid"),
        (["verify", "--key", "oct.json", "x.y.z"], 2, "unsupported key type 'oct'"),
        (["verify", "--key", "broken.json", "x.y.z"], 2, "--key: the key cannot be read"),
        (["create", "--key", "k.pub.json", "alice"], 2, "the JWK holds no private key"),
        (["create", "--key", "k.pub.pem", "-a", "ES256", "a"], 2, "JWT_PRIVATE_KEY is not set"),
        (
            ["create", "--key", "secret", "alice", "--claim", "novalue"],
            2,
            "--claim takes NAME=VALUE",
        ),
        (["create", "--key", "secret", "alice", "--claim", "=x"], 2, "--claim takes NAME=VALUE"),
        (["create", "--key", "secret", "alice", "--claim", "sub=x"], 2, "Reserved claim names"),
        (["create", "--key", "secret", ""], 2, "uid must not be empty"),
    ],
)
def test_errors_are_clear_and_have_their_exit_code(
    capsys: pytest.CaptureFixture[str], argv: list[str], code: int, message: str
) -> None:
    key = private_key("ES256")
    write(Path(), "secret", secret_of(32))
    write(Path(), "short", "short\n")
    write(Path(), "k.pub.pem", public_pem(key))
    write(Path(), "jwks.json", '{"keys": []}')
    write(Path(), "list.json", "[]")
    write(Path(), "empty.json", '{"keys": []}')
    public_jwk = dict(jwt.get_algorithm_by_name("ES256").to_jwk(key.public_key(), as_dict=True))
    write(Path(), "k.pub.json", json.dumps(public_jwk))
    write(
        Path(),
        "two.json",
        json.dumps({"keys": [{**public_jwk, "kid": "a"}, {**public_jwk, "kid": "b"}]}),
    )
    write(Path(), "oct.json", json.dumps({"kty": "oct", "k": "c2VjcmV0"}))
    write(Path(), "broken.json", json.dumps({"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"}))

    actual, out, err = run(capsys, *argv)

    assert actual == code
    assert message in (out if code == 1 else err)
    assert "Traceback" not in out + err
    if code == 2:
        assert out == ""
        assert err.startswith(f"fastjwt {argv[0]}: error: ")


def test_decode_refuses_a_payload_that_is_not_json(capsys: pytest.CaptureFixture[str]) -> None:
    header = jwt.utils.base64url_encode(b'{"alg":"HS256"}').decode()
    payload = jwt.utils.base64url_encode(b"not json").decode()

    code, out, _ = run(capsys, "decode", f"{header}.{payload}.c2ln")

    assert code == 1
    assert out.startswith("INVALID: Not a JWT")


# Help, version, and the program itself.


@pytest.mark.parametrize("command", ["keygen", "decode", "verify", "create"])
def test_every_command_has_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, out, _ = run(capsys, command, "--help")

    assert code == 0
    assert out.startswith(f"usage: fastjwt {command}")


def test_help_version_and_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    help_code, help_out, _ = run(capsys, "--help")
    assert help_code == 0
    assert "exit codes: 0 success, 1 invalid token, 2 usage or configuration error" in help_out
    assert run(capsys, "--version")[:2] == (0, f"fastjwt {__version__}\n")
    missing = run(capsys)
    assert missing[0] == 2
    assert "required: COMMAND" in missing[2]
    bad_algorithm = run(capsys, "keygen", "none")
    assert bad_algorithm[0] == 2
    assert "invalid choice: 'none'" in bad_algorithm[2]


def test_python_dash_m_fastjwt_in_process(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["fastjwt", "keygen", "HS256"])
    # FastJWT ships a pytest plugin, so pytest's assertion rewriter claims its modules; runpy
    # needs a loader that gives code objects, which the rewriter is not.
    finders = [finder for finder in sys.meta_path if not isinstance(finder, AssertionRewritingHook)]
    monkeypatch.setattr(sys, "meta_path", finders)
    with pytest.raises(SystemExit) as stop:
        runpy.run_module("fastjwt", run_name="__main__")

    assert stop.value.code == 0
    assert len(capsys.readouterr().out.strip()) >= 32


def test_python_dash_m_fastjwt_in_a_subprocess(tmp_path: Path) -> None:
    env: dict[str, Any] = {**os.environ, "PYTHONPATH": str(ROOT)}
    created = subprocess.run(
        [sys.executable, "-m", "fastjwt", "create", "--key", "secret", "alice"],
        input="",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
        timeout=60,
    )
    write(tmp_path, "secret", secret_of(32))
    good = subprocess.run(
        [sys.executable, "-m", "fastjwt", "create", "--key", "secret", "alice"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=True,
        timeout=60,
    )
    bad = subprocess.run(
        [sys.executable, "-m", "fastjwt", "verify", "--key", "secret", good.stdout.strip() + "x"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
        timeout=60,
    )

    assert created.returncode == 2
    assert (
        created.stderr
        == "fastjwt create: error: --key: cannot read 'secret': No such file or directory\n"
    )
    assert good.stdout.count(".") == 2
    assert bad.returncode == 1
    assert bad.stdout.startswith("INVALID: ")
    assert bad.stderr == ""


def test_verify_as_of_another_time(capsys: pytest.CaptureFixture[str]) -> None:
    Path("secret").write_text(SECRET_TEXT)
    token = token_of(run(capsys, "create", "--key", "secret", "alice", "--expires", "60")[1])
    assert run(capsys, "verify", "--key", "secret", token, "--at", str(time.time() + 30))[0] == 0
    later = datetime.now(UTC) + timedelta(minutes=5)
    code, out, _ = run(capsys, "verify", "--key", "secret", token, "--at", later.isoformat())
    assert (code, out) == (1, "INVALID: The token has expired\n")
    naive = (datetime.now(UTC) - timedelta(minutes=5)).replace(tzinfo=None).isoformat()
    code, out, _ = run(capsys, "verify", "--key", "secret", token, "--at", naive)
    assert (code, out) == (1, "INVALID: The token is not valid yet\n")
    code, _, err = run(capsys, "verify", "--key", "secret", token, "--at", "yesterday")
    assert code == 2
    assert "--at takes seconds since 1970 or an ISO 8601 time" in err


def test_verify_fetches_the_keys_of_the_tokens_trusted_issuer(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with stand_in_issuer() as provider:
        url = provider.serve_issuer("/")
        monkeypatch.setenv(
            "JWT_TRUSTED_ISSUERS", json.dumps([{"issuer": url, "audiences": ["api"]}])
        )
        token = provider.token({"iss": url, "sub": "auth0|7", "aud": "api", "scope": "a b"})
        code, out, _ = run(capsys, "verify", token)
        assert code == 0
        assert json.loads(out.split("claims:\n", 1)[1])["scopes"] == ["a", "b"]
        code, out, _ = run(capsys, "verify", "not.a.jwt")
        assert code == 1
        stranger = provider.token({"iss": "https://elsewhere.example.com/", "sub": "s"})
        assert run(capsys, "verify", stranger)[1] == (
            "INVALID: The token issuer https://elsewhere.example.com/ is not accepted\n"
        )
        garbage = "eyJhbGciOiJSUzI1NiJ9.bm90LWpzb24.c2ln"
        assert run(capsys, "verify", garbage)[1] == "INVALID: The token is malformed\n"
        provider.status = 500
        monkeypatch.setenv(
            "JWT_TRUSTED_ISSUERS", json.dumps([{"issuer": url, "audiences": ["other"]}])
        )
        code, _, err = run(capsys, "verify", token)
    assert code == 2
    assert "cannot fetch the JWK Set at http://127.0.0.1" in err


def test_verify_with_jwks_url_in_the_environment_says_what_failed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    issuer = FastJWT(
        FJWTConfig(
            JWT_ALGORITHM="ES256",
            JWT_KEY_ID="k1",
            JWT_PRIVATE_KEY=private_pem(private_key("ES256")),
        )
    )
    token = issuer.create_access_token(uid="alice")
    monkeypatch.setenv("JWT_JWKS_URL", "http://127.0.0.1:9/jwks.json")
    monkeypatch.setenv("JWT_ALGORITHM", "ES256")
    code, out, err = run(capsys, "verify", token)
    assert (code, out) == (2, "")
    assert "cannot fetch the JWK Set at http://127.0.0.1:9/jwks.json" in err
