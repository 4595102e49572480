"""How much parsing keys once saves: creating RS256 tokens, measured side by side.

Run it from the repository root:

    python -m tests.bench.keys [--repeat 7]

Three ways to create a token with the same 2048-bit RSA key:

- FastJWT: `create_access_token`, whose configuration parsed the key once;
- PyJWT with a key object parsed once: the floor, the signature alone;
- PyJWT given the PEM text on every call, as fastjwt 0.4.1 and authx do.

Each case runs `repeat` rounds, interleaved so that every case sees the same
machine load; a round times enough calls to last about 0.2 s. The median time
per token of each case and the ratios between them are printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import timeit
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from fastjwt import FastJWT, FJWTConfig

ROUND_SECONDS = 0.2


def claims() -> dict[str, object]:
    """Claims like those FastJWT writes, so that PyJWT signs a payload of the same size."""
    now = datetime.now(UTC)
    return {
        "sub": "alice",
        "iat": now.timestamp(),
        "nbf": now.timestamp(),
        "exp": int((now + timedelta(minutes=15)).timestamp()),
        "jti": str(uuid4()),
        "type": "access",
        "fresh": False,
        "csrf": "x" * 32,
    }


def cases() -> dict[str, Callable[[], object]]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    security = FastJWT(FJWTConfig(JWT_ALGORITHM="RS256", JWT_PRIVATE_KEY=pem))
    return {
        "FastJWT, key parsed once": lambda: security.create_access_token(uid="alice"),
        "PyJWT, key object (floor)": lambda: jwt.encode(claims(), key, algorithm="RS256"),
        "PyJWT, PEM text per call": lambda: jwt.encode(claims(), pem, algorithm="RS256"),
    }


def measure(repeat: int) -> dict[str, float]:
    """The median seconds per call of each case."""
    timers = {name: timeit.Timer(function) for name, function in cases().items()}
    numbers = {}
    for name, timer in timers.items():
        calls, seconds = timer.autorange()
        numbers[name] = max(1, round(calls * ROUND_SECONDS / seconds))
    samples: dict[str, list[float]] = {name: [] for name in timers}
    for _ in range(repeat):
        for name, timer in timers.items():
            samples[name].append(timer.timeit(numbers[name]) / numbers[name])
    return {name: statistics.median(values) for name, values in samples.items()}


def report(medians: dict[str, float]) -> str:
    fastjwt, floor, pem = medians.values()
    lines = [f"{name:<28} {seconds * 1e6:>10.1f} us/token" for name, seconds in medians.items()]
    lines += [
        "",
        f"FastJWT / PyJWT key object:   {fastjwt / floor:6.2f}x",
        f"PEM per call / key object:    {pem / floor:6.1f}x",
        f"PEM per call / FastJWT:       {pem / fastjwt:6.1f}x",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.keys", description=__doc__)
    parser.add_argument("--repeat", type=int, default=7, help="rounds per case (default 7)")
    arguments = parser.parse_args(argv)
    print(f"Python {sys.version.split()[0]}, PyJWT {jwt.__version__}, {arguments.repeat} rounds")
    print(report(measure(arguments.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
