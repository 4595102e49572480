"""The argument parser of the `fastjwt` command line, with its help texts."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, get_args

from fastjwt import __version__
from fastjwt.types import AlgorithmType

__all__ = ["build_parser"]

Command = Callable[[argparse.Namespace], int]

ALGORITHMS: tuple[str, ...] = get_args(AlgorithmType)

DESCRIPTION = """\
Make keys and tokens, and look inside tokens, the way FastJWT does.

`verify` and `create` read the JWT_* environment variables your application
reads (JWT_ALGORITHM, JWT_SECRET_KEY, JWT_PRIVATE_KEY_FILE, JWT_JWKS_URL, ...);
their options override them.

exit codes: 0 success, 1 invalid token, 2 usage or configuration error
"""

KEYGEN_EPILOG = """\
examples:
  fastjwt keygen HS256                        a secret for JWT_SECRET_KEY
  fastjwt keygen ES256 --out keys/2025-06.pem writes keys/2025-06.pem (private,
                                              mode 0600) and keys/2025-06.pub.pem
  fastjwt keygen RS256 --format jwks --kid 2025-06 --out keys/2025-06.json
"""

VERIFY_EPILOG = """\
examples:
  JWT_SECRET_KEY_FILE=secret fastjwt verify "$TOKEN"
  fastjwt verify -a ES256 --key keys/2025-06.pub.pem "$TOKEN"
  fastjwt verify -a RS256 --jwks https://auth.example.com/.well-known/jwks.json "$TOKEN"

The algorithms are never read from the token: give them with --algorithm
(repeat it to accept several) or JWT_ALGORITHM.
"""

CREATE_EPILOG = """\
examples:
  fastjwt create --key secret alice
  fastjwt create -a ES256 --key keys/2025-06.pem --kid 2025-06 alice --claim role=admin
  fastjwt create --key secret alice --expires -60     an expired token, for tests
"""


def build_parser(
    *, keygen: Command, decode: Command, verify: Command, create: Command
) -> argparse.ArgumentParser:
    """The parser; each sub-command stores its function as `run`."""
    parser = argparse.ArgumentParser(
        prog="fastjwt",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"fastjwt {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: Command, summary: str, epilog: str | None = None) -> Any:
        sub = commands.add_parser(
            name,
            help=summary,
            description=summary,
            epilog=epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(run=run)
        return sub

    new = command(
        "keygen",
        keygen,
        "Generate an HMAC secret, or a key pair as PEM or as a JWK Set.",
        KEYGEN_EPILOG,
    )
    new.add_argument("algorithm", choices=ALGORITHMS, metavar="ALGORITHM", help=_choices())
    new.add_argument(
        "--format",
        choices=["pem", "jwks"],
        default="pem",
        help="pem (default) or jwks: a JWK Set holding the key, with kid, use and alg",
    )
    new.add_argument("--kid", help="key id of the JWK (default: its RFC 7638 thumbprint)")
    new.add_argument("--bits", type=int, help="size of an RSA key (default 2048)")
    new.add_argument(
        "--out",
        metavar="FILE",
        help="write the secret or private key to FILE (mode 0600) and the public key next to "
        "it (FILE with .pub before its suffix) instead of printing; never overwrites",
    )

    show = command(
        "decode",
        decode,
        "Show the header and claims of a token WITHOUT verifying it (labelled UNVERIFIED).",
    )
    show.add_argument("token", metavar="TOKEN", help="the token, or - to read it from stdin")

    check = command(
        "verify",
        verify,
        "Verify a token's signature and claims as FastJWT does; print its claims.",
        VERIFY_EPILOG,
    )
    check.add_argument("token", metavar="TOKEN", help="the token, or - to read it from stdin")
    _common(check)
    source = check.add_mutually_exclusive_group()
    source.add_argument(
        "--key",
        metavar="FILE",
        help="a public or private key (PEM), a JWK or JWK Set, or a file holding an HMAC secret",
    )
    source.add_argument("--jwks", metavar="FILE_OR_URL", help="a JWK Set file, or its https URL")
    check.add_argument("--leeway", type=float, help="seconds of clock skew to tolerate")
    check.add_argument(
        "--at",
        metavar="TIME",
        help="verify as of TIME (seconds since 1970, or ISO 8601 such as 2026-01-31T12:00:00Z)",
    )
    check.add_argument(
        "--kid", help="the key id the token must name; picks the key of a JWK Set in --key"
    )

    make = command("create", create, "Create a signed token for local testing.", CREATE_EPILOG)
    make.add_argument("subject", metavar="SUBJECT", help="the user id, stored in sub")
    _common(make)
    make.add_argument(
        "--key",
        metavar="FILE",
        help="a private key (PEM), a JWK Set with a private key, or a file holding an HMAC secret",
    )
    make.add_argument("--kid", help="key id written into the header (JWT_KEY_ID)")
    make.add_argument("--type", choices=["access", "refresh"], default="access")
    make.add_argument("--fresh", action="store_true", help="mark an access token fresh")
    make.add_argument(
        "--expires",
        type=float,
        metavar="SECONDS",
        help="lifetime in seconds, negative for an expired token (default: the setting)",
    )
    make.add_argument(
        "--claim",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="an extra claim; VALUE is read as JSON when it can be (repeatable)",
    )
    return parser


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-a",
        "--algorithm",
        action="append",
        choices=ALGORITHMS,
        metavar="ALGORITHM",
        help="the algorithm (repeat to accept several when verifying); default JWT_ALGORITHM",
    )
    parser.add_argument("--issuer", help="the iss claim to write or to require")
    parser.add_argument(
        "--audience", action="append", help="the aud claim to write or to require (repeatable)"
    )


def _choices() -> str:
    return "one of " + ", ".join(ALGORITHMS)
