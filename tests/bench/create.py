"""Token creation: FastJWT's `create_access_token` against `jwt.encode` of the same claims.

Run it from the repository root:

    python -m tests.bench.create [--batch 200] [--rounds 51] [--algorithms HS256,RS256]

For each algorithm (HS256, RS256, ES256, EdDSA), PyJWT signs with a key object loaded once
a claim set equivalent to FastJWT's (sub, iat, nbf, exp, jti, type, fresh, csrf), built per
call as a hand-written version would. Before timing, both tokens are decoded and their claim
names compared, so a drift in what FastJWT writes is reported instead of silently measured.

Each round runs one batch of `--batch` calls per variant, algorithms and variants shuffled
per round; the ratio FastJWT / PyJWT is computed per round and its median reported with the
interquartile range and extremes. Counts also come from FASTJWT_BENCH_BATCH,
FASTJWT_BENCH_ROUNDS and FASTJWT_BENCH_SEED.
"""

import asyncio
import secrets
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any
from uuid import uuid4

import jwt

from fastjwt import FastJWT, FJWTConfig
from tests.bench.common import (
    ALGORITHMS,
    Batch,
    KeyMaterial,
    Spread,
    Targets,
    Variant,
    counts_parser,
    interleave,
    key_material,
    machine_line,
    paired_ratios,
    settle,
    time_calls,
)

EXPIRES_SECONDS = 900  # FastJWT's default JWT_ACCESS_TOKEN_EXPIRES
TARGET = 1.0


def pyjwt_claims(uid: str) -> dict[str, Any]:
    """The claims FastJWT writes into an access token, as a hand-written version builds them."""
    now = time.time()
    return {
        "sub": uid,
        "iat": now,
        "nbf": now,
        "exp": int(now + EXPIRES_SECONDS),
        "jti": str(uuid4()),
        "type": "access",
        "fresh": False,
        "csrf": secrets.token_urlsafe(24),
    }


def creators(keys: KeyMaterial) -> dict[str, Callable[[], str]]:
    """The two ways to create a token with `keys`, checked to produce the same claim names."""
    security = FastJWT(FJWTConfig(**keys.settings))
    key, algorithm = keys.signing_key, keys.algorithm

    def fastjwt() -> str:
        return security.create_access_token(uid="alice")

    def pyjwt() -> str:
        return jwt.encode(pyjwt_claims("alice"), key, algorithm=algorithm)

    names = {}
    for name, create in (("fastjwt", fastjwt), ("pyjwt", pyjwt)):
        token = create()
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, keys.verifying_key, algorithms=[algorithm])
        names[name] = (sorted(header), sorted(claims))
    if names["fastjwt"] != names["pyjwt"]:
        print(f"  note: {algorithm} tokens differ in shape (header, claims): {names}")
    return {"fastjwt": fastjwt, "pyjwt": pyjwt}


def batch(create: Callable[[], str], size: int) -> Batch:
    """One batch: `size` tokens created in a row."""

    async def run(_: int) -> float:
        return time_calls(create, size)

    return run


async def main(argv: Sequence[str] | None = None) -> int:
    parser = counts_parser("python -m tests.bench.create", __doc__, batch=200, rounds=51)
    parser.add_argument(
        "--algorithms",
        default=",".join(ALGORITHMS),
        help=f"comma-separated subset of {','.join(ALGORITHMS)}",
    )
    arguments = parser.parse_args(argv)
    size, rounds = arguments.batch, arguments.rounds
    algorithms = [name for name in arguments.algorithms.split(",") if name]
    print(machine_line())
    print(f"Token creation: {size} tokens per batch, {rounds} rounds, seed {arguments.seed}")
    variants = []
    for algorithm in algorithms:
        for name, create in creators(key_material(algorithm)).items():
            time_calls(create, 20)  # warm up
            variants.append(Variant(algorithm, name, batch(create, size)))
    settle()
    samples = await interleave(variants, rounds=rounds, seed=arguments.seed)
    targets = Targets()
    print(f"\n  {'algorithm':<9} {'fastjwt us':>10} {'pyjwt us':>9}   fastjwt / pyjwt (per round)")
    for algorithm in algorithms:
        fastjwt, pyjwt = samples[algorithm, "fastjwt"], samples[algorithm, "pyjwt"]
        ratio = Spread.of(paired_ratios(fastjwt, pyjwt))
        print(
            f"  {algorithm:<9} {statistics.median(fastjwt) * 1e6:10.1f}"
            f" {statistics.median(pyjwt) * 1e6:9.1f}   {ratio.ratio_text()}"
        )
        targets.check(f"{algorithm} create fastjwt/pyjwt", ratio.median, TARGET)
    targets.print()
    print(machine_line())
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
