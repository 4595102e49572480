"""The `fastjwt` command line: `keygen`, `decode`, `verify` and `create`.

`verify` and `create` read the same `JWT_*` environment variables as an
application, and their options override them, so the command line checks
tokens exactly as your app does. Exit codes: 0 success, 1 invalid token,
2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastjwt.cli.parser import build_parser
from fastjwt.config import FJWTConfig
from fastjwt.core import FastJWT
from fastjwt.exceptions import BadConfigurationError, JWTDecodeError
from fastjwt.keys import generate as keygen
from fastjwt.keys.jwk import read_jwk_set
from fastjwt.keys.keyring import KeyMaterial
from fastjwt.keys.parsing import is_private, prepare_key, read_key_file
from fastjwt.keys.remote import JWKSClient
from fastjwt.pipeline import verify_claims
from fastjwt.runtime import Runtime, build_runtime
from fastjwt.tokens import codec

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in the command line or in a file it names (exit code 2)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on `argv` (by default the process's arguments); return the exit code."""
    parser = build_parser(
        keygen=keygen_command, decode=decode_command, verify=verify_command, create=create_command
    )
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a usage error argparse has printed
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    command: Callable[[argparse.Namespace], int] = arguments.run
    try:
        return command(arguments)
    except JWTDecodeError as error:
        print(f"INVALID: {error.description or error.detail}")
        return EXIT_INVALID
    except (UsageError, BadConfigurationError) as error:
        print(f"fastjwt {arguments.command}: error: {error}", file=sys.stderr)
        return EXIT_USAGE


def keygen_command(arguments: argparse.Namespace) -> int:
    """Print or write a new HMAC secret, or a new key pair as PEM or as a JWK Set."""
    algorithm: str = arguments.algorithm
    if algorithm.startswith("HS"):
        if arguments.format != "pem" or arguments.kid or arguments.bits:
            msg = "--format, --kid and --bits do not apply to an HMAC secret"
            raise UsageError(msg)
        return _emit(arguments.out, keygen.new_secret(algorithm) + "\n", None)
    if arguments.bits and not algorithm.startswith(("RS", "PS")):
        msg = "--bits applies to RSA keys only"
        raise UsageError(msg)
    if arguments.bits and arguments.bits < 2048:
        msg = "--bits must be at least 2048"
        raise UsageError(msg)
    key = keygen.new_private_key(algorithm, arguments.bits or 2048)
    if arguments.format == "jwks":
        private = _json(keygen.jwk_set(key, algorithm, arguments.kid))
        public = _json(keygen.jwk_set(key.public_key(), algorithm, arguments.kid))
        return _emit(arguments.out, private, public)
    if arguments.kid:
        msg = "--kid applies to --format jwks (a PEM file holds no key id: see JWT_KEY_ID)"
        raise UsageError(msg)
    private, public = keygen.pem(key), keygen.pem(key.public_key())
    return _emit(arguments.out, private, public, stdout=private + public)


def decode_command(arguments: argparse.Namespace) -> int:
    """Show a token's header and claims, without checking anything."""
    token = _token(arguments.token)
    header = codec.read_header(token)
    try:
        claims = codec.unverified_claims(token)
    except ValueError as error:
        raise JWTDecodeError(description=str(error)) from error
    print("UNVERIFIED: nothing below was checked; anyone can write a token like this one.")
    print(f"header:\n{_json(header)}claims:\n{_json(claims)}", end="")
    return EXIT_OK


def verify_command(arguments: argparse.Namespace) -> int:
    """Verify a token as FastJWT does: signature, algorithm, registered and required claims."""
    token = _token(arguments.token)
    values = _settings(arguments, decode=True)
    moment = _moment(arguments.at)
    if arguments.jwks is None:
        runtime = build_runtime(FJWTConfig(**values))
    elif arguments.jwks.startswith(("https://", "http://")):
        runtime = build_runtime(FJWTConfig(**values, JWT_JWKS_URL=arguments.jwks))
    else:
        document = _read_json(Path(arguments.jwks), "--jwks")
        config = FJWTConfig(**values)
        accepted = tuple(config.JWT_DECODE_ALGORITHMS)
        try:
            by_kid = read_jwk_set(document, accepted)
        except ValueError as error:
            raise UsageError(f"--jwks: {error}") from error
        keys = KeyMaterial(config.JWT_ALGORITHM, None, None, accepted, by_kid=by_kid)
        runtime = build_runtime(config, keys=keys)
    _fetch_keys(token, runtime)
    claims = verify_claims(token, runtime, moment)
    print(f"VALID\nclaims:\n{_json(claims)}", end="")
    return EXIT_OK


def _fetch_keys(token: str, runtime: Runtime) -> None:
    """Fetch the JWK Set the token needs (`JWT_JWKS_URL`, or its trusted issuer's), once."""
    try:
        parsed = codec.parse(token)
    except JWTDecodeError:
        return  # the verification says what is wrong with it
    client: JWKSClient | None = runtime.jwks
    if runtime.issuers is not None:
        try:
            policy = runtime.issuers.match(codec.read_claims(parsed).get("iss"))
        except JWTDecodeError:
            return
        client = client if policy is None else policy.keys
    if client is None:
        return
    client.refresh_now()
    if client.last_error is not None:
        msg = f"cannot fetch the JWK Set at {client.where}: {client.last_error}"
        raise UsageError(msg)


def _moment(value: str | None) -> float | None:
    """`--at`: a Unix time in seconds, or an ISO 8601 date and time (UTC unless it says)."""
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        msg = f"--at takes seconds since 1970 or an ISO 8601 time, got {value!r}"
        raise UsageError(msg) from error
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def create_command(arguments: argparse.Namespace) -> int:
    """Print a new signed token, for local testing."""
    security = FastJWT(FJWTConfig(**_settings(arguments, decode=False)))
    data: dict[str, Any] = {}
    for item in arguments.claim:
        name, equals, raw = item.partition("=")
        if not equals or not name:
            msg = f"--claim takes NAME=VALUE, got {item!r}"
            raise UsageError(msg)
        try:
            data[name] = json.loads(raw)
        except ValueError:
            data[name] = raw
    expiry = None if arguments.expires is None else timedelta(seconds=arguments.expires)
    try:
        if arguments.type == "refresh":
            token = security.create_refresh_token(arguments.subject, expiry=expiry, data=data)
        else:
            token = security.create_access_token(
                arguments.subject, fresh=arguments.fresh, expiry=expiry, data=data
            )
    except ValueError as error:
        raise UsageError(str(error)) from error
    print(token)
    return EXIT_OK


def _settings(arguments: argparse.Namespace, *, decode: bool) -> dict[str, Any]:
    """The settings the options give; the environment gives the rest."""
    values: dict[str, Any] = {}
    algorithms: list[str] = arguments.algorithm or []
    if algorithms:
        values["JWT_ALGORITHM"] = algorithms[0]
        if decode:
            values["JWT_DECODE_ALGORITHMS"] = algorithms
    prefix = "JWT_DECODE_" if decode else "JWT_ENCODE_"
    if arguments.issuer is not None:
        values[f"{prefix}ISSUER"] = arguments.issuer
    if arguments.audience:
        audience: list[str] = arguments.audience
        values[f"{prefix}AUDIENCE"] = audience[0] if len(audience) == 1 else audience
    if getattr(arguments, "leeway", None) is not None:
        values["JWT_DECODE_LEEWAY"] = arguments.leeway
    if getattr(arguments, "kid", None) is not None:
        values["JWT_KEY_ID"] = arguments.kid
    if arguments.key is not None:
        values.update(_key_settings(arguments, values, decode=decode))
    chosen = values.get("JWT_ALGORITHM") or os.environ.get("JWT_ALGORITHM")
    asymmetric = arguments.key is not None and "JWT_SECRET_KEY" not in values
    if not chosen and (asymmetric or getattr(arguments, "jwks", None)):
        msg = "--algorithm is required with a key pair or a JWK Set (never read from the token)"
        raise UsageError(msg)
    return values


def _key_settings(
    arguments: argparse.Namespace, values: dict[str, Any], *, decode: bool
) -> dict[str, Any]:
    """Read `--key`: a PEM key, a JWK or JWK Set, or else an HMAC secret."""
    path = Path(arguments.key)
    text = read_key_file(path, "--key")
    found: dict[str, Any] = {}
    if text.lstrip().startswith(("{", "[")):
        try:
            key, jwk_algorithm, kid = keygen.read_jwk(json.loads(text), arguments.kid)
        except ValueError as error:
            raise UsageError(f"--key: {error}") from error
        values.setdefault("JWT_ALGORITHM", jwk_algorithm)
        if not decode and not is_private(key):
            msg = "--key: the JWK holds no private key, and creating a token needs one"
            raise UsageError(msg)
        if not decode:
            found["JWT_KEY_ID"] = arguments.kid or kid
        text = keygen.pem(key.public_key() if decode and is_private(key) else key)
    # Checked here too, so that a mistake names --key rather than a setting.
    algorithm: str | None = values.get("JWT_ALGORITHM") or os.environ.get("JWT_ALGORITHM")
    if "-----BEGIN" not in text:
        algorithm = algorithm or "HS256"
        if not algorithm.startswith("HS"):
            msg = f"--key: {path} holds neither a PEM key nor a JWK, which {algorithm} needs"
            raise UsageError(msg)
        secret = text.removesuffix("\n").removesuffix("\r")
        prepare_key(algorithm, secret, "--key")
        return {"JWT_SECRET_KEY": secret}
    if algorithm is not None:
        prepare_key(algorithm, text, "--key")
    found["JWT_PRIVATE_KEY" if "PRIVATE KEY-----" in text else "JWT_PUBLIC_KEY"] = text
    return found


def _read_json(path: Path, option: str) -> object:
    try:
        return json.loads(read_key_file(path, option))
    except ValueError as error:
        raise UsageError(f"{option}: {path} is not JSON: {error}") from error


def _token(value: str) -> str:
    token = (sys.stdin.read() if value == "-" else value).strip()
    if not token:
        msg = "no token given"
        raise UsageError(msg)
    return token


def _json(value: object) -> str:
    return json.dumps(value, indent=2) + "\n"


def _emit(out: str | None, private: str, public: str | None, stdout: str | None = None) -> int:
    """Print the new key, or write it (mode 0600) and its public half; never overwrite a file."""
    if out is None:
        print(stdout or private, end="")
        return EXIT_OK
    target = Path(out)
    written = [(target, private, 0o600)]
    if public is not None:
        name = f"{target.stem}.pub{target.suffix}" if target.suffix else f"{target.name}.pub"
        written.append((target.with_name(name), public, 0o644))
    for path, _, _ in written:
        if path.exists():
            msg = f"{path} exists: fastjwt never overwrites a key file"
            raise UsageError(msg)
    for path, text, mode in written:
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        except OSError as error:
            raise UsageError(f"cannot write {path}: {error.strerror}") from error
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(text)
        print(f"wrote {path}")
    return EXIT_OK
