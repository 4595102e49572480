"""What protecting a route costs per request: FastJWT against PyJWT by hand, and the floors.

Run it from the repository root:

    python -m tests.bench.requests [--batch 200] [--rounds 51] [--algorithms HS256,ES256]
    python -m tests.bench.requests --profile    # cProfile: FastJWT, HS256, same token, 10 batches

For each algorithm (HS256, RS256, ES256, EdDSA) one FastAPI app per variant, each with the
single route `GET /item` answering `{"sub": "alice"}`:

- open: no dependency (the baseline of every ratio);
- header-only: an async dependency that only checks `Authorization` starts with `Bearer `,
  the floor of dependency injection;
- pyjwt: an async dependency calling `jwt.decode` with a key object loaded once;
- fastjwt: `Annotated[TokenPayload, Depends(security.access_token_required)]`.

pyjwt and fastjwt are timed with the same token on every request ("same"), and with a new
token on every request ("new"): a pool minted before timing by `create_access_token`, one
token per timed request of the whole run, so that no token is ever verified twice by the
same app (a cache of verified tokens cannot help the "new" case). Both verify the same pool.

The apps are called in process as ASGI callables (no HTTP client), in one event loop. Each
round runs one batch of `--batch` requests per variant, algorithms and variants shuffled
per round; a variant's ratio to `open` is computed per round and the median over rounds is
reported with its interquartile range and extremes. Every response's status is checked, and
before timing each protected app must refuse a request without a token and, when it verifies
signatures, a token with a forged signature.

Only FastJWT's public API is used, so the same module measures the library before and after
a rewrite of its internals. Counts also come from FASTJWT_BENCH_BATCH, FASTJWT_BENCH_ROUNDS
and FASTJWT_BENCH_SEED.
"""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations at runtime,
# and they name local variables (the dependency of each app).

import asyncio
import cProfile
import pstats
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any

import jwt
from fastapi import Depends, FastAPI, HTTPException, Request
from starlette.types import Scope

from fastjwt import FastJWT, FJWTConfig, TokenPayload
from tests.bench.common import (
    ALGORITHMS,
    Batch,
    KeyMaterial,
    Samples,
    Spread,
    Targets,
    Variant,
    bearer_header,
    counts_parser,
    expect,
    http_get,
    interleave,
    key_material,
    machine_line,
    paired_ratios,
    settle,
    time_requests,
)

PATH = "/item"
BODY = b'{"sub":"alice"}'
WARMUP = 50
"""Requests each app serves before timing (from tokens outside the timed pool)."""

_UNAUTHORIZED = {"WWW-Authenticate": "Bearer"}


def open_app(keys: KeyMaterial) -> FastAPI:  # noqa: ARG001 - every factory takes the keys
    app = FastAPI()

    @app.get(PATH)
    async def item() -> dict[str, str]:
        return {"sub": "alice"}

    return app


async def bearer_present(request: Request) -> str:
    """The floor: a dependency that reads the header and trusts it."""
    if not request.headers.get("authorization", "").startswith("Bearer "):
        raise HTTPException(401, "Not authenticated", headers=_UNAUTHORIZED)
    return "alice"


def header_only_app(keys: KeyMaterial) -> FastAPI:  # noqa: ARG001
    app = FastAPI()

    @app.get(PATH)
    async def item(sub: Annotated[str, Depends(bearer_present)]) -> dict[str, str]:
        return {"sub": sub}

    return app


def pyjwt_app(keys: KeyMaterial) -> FastAPI:
    key, algorithms = keys.verifying_key, [keys.algorithm]

    async def claims(request: Request) -> dict[str, Any]:
        header = request.headers.get("authorization", "")
        if not header.startswith("Bearer "):
            raise HTTPException(401, "Not authenticated", headers=_UNAUTHORIZED)
        try:
            return jwt.decode(header[7:], key, algorithms=algorithms)
        except jwt.PyJWTError as error:
            raise HTTPException(401, "Invalid token", headers=_UNAUTHORIZED) from error

    app = FastAPI()

    @app.get(PATH)
    async def item(payload: Annotated[dict[str, Any], Depends(claims)]) -> dict[str, str]:
        return {"sub": payload["sub"]}

    return app


def fastjwt_app(keys: KeyMaterial) -> FastAPI:
    security = FastJWT(FJWTConfig(**keys.settings))
    app = FastAPI()

    @app.get(PATH)
    async def item(
        payload: Annotated[TokenPayload, Depends(security.access_token_required)],
    ) -> dict[str, str]:
        return {"sub": str(payload.sub)}

    return app


@dataclass(frozen=True)
class Case:
    """One kind of route: how to build its app, the token modes it is timed with, its checks."""

    name: str
    make_app: Callable[[KeyMaterial], FastAPI]
    modes: tuple[str, ...]
    protected: bool
    verifies: bool


CASES = (
    Case("open", open_app, ("same",), protected=False, verifies=False),
    Case("header-only", header_only_app, ("same",), protected=True, verifies=False),
    Case("pyjwt", pyjwt_app, ("same", "new"), protected=True, verifies=True),
    Case("fastjwt", fastjwt_app, ("same", "new"), protected=True, verifies=True),
)
BASELINE = ("open", "same")


@dataclass(frozen=True)
class Tokens:
    """One algorithm's requests: the same-token scope and the pool of new-token scopes."""

    same: Scope
    pool: list[Scope]
    warmup: list[Scope]
    forged: Scope


def mint(keys: KeyMaterial, count: int) -> Tokens:
    """The tokens of one algorithm, all from `create_access_token`, as request scopes."""
    # Two hours, so that a long run (many rounds) never meets an expired token.
    settings: dict[str, Any] = {**keys.settings, "JWT_ACCESS_TOKEN_EXPIRES": timedelta(hours=2)}
    minter = FastJWT(FJWTConfig(**settings))
    same = minter.create_access_token(uid="alice")
    pool = [minter.create_access_token(uid="alice") for _ in range(count + WARMUP)]
    if len(set(pool)) != len(pool) or same in pool:
        raise AssertionError("the token pool repeats a token")
    # A valid header and payload with another token's signature.
    forged = f"{same.rsplit('.', 1)[0]}.{pool[0].rsplit('.', 1)[1]}"
    scopes = [http_get(PATH, bearer_header(token)) for token in pool]
    return Tokens(
        same=http_get(PATH, bearer_header(same)),
        pool=scopes[:count],
        warmup=scopes[count:],
        forged=http_get(PATH, bearer_header(forged)),
    )


def batch(app: FastAPI, templates: Callable[[int], Sequence[Scope]]) -> Batch:
    """The batch of one variant: the requests `templates(round)`, timed."""

    async def run(index: int) -> float:
        return await time_requests(app, templates(index))

    return run


async def prepare(algorithm: str, size: int, rounds: int) -> list[Variant]:
    """Build, check and warm up the apps of one algorithm; return its variants."""
    keys = key_material(algorithm)
    tokens = mint(keys, size * rounds)
    same_batch = [tokens.same] * size
    variants = []
    for case in CASES:
        for mode in case.modes:
            app = case.make_app(keys)
            await expect(app, tokens.same, 200, BODY)
            # A token of the warm-up set: no timed token may reach an app before its round.
            await expect(app, tokens.warmup[0], 200, BODY)
            if case.protected:
                await expect(app, http_get(PATH), 401)
            if case.verifies:
                await expect(app, tokens.forged, 401)
            await time_requests(app, [tokens.same] * WARMUP if mode == "same" else tokens.warmup)
            templates = same_token(same_batch) if mode == "same" else new_tokens(tokens.pool, size)
            variants.append(Variant(algorithm, f"{case.name}/{mode}", batch(app, templates)))
    return variants


def same_token(requests: list[Scope]) -> Callable[[int], Sequence[Scope]]:
    """Every round, the same batch: one token repeated."""
    return lambda _: requests


def new_tokens(pool: list[Scope], size: int) -> Callable[[int], Sequence[Scope]]:
    """Round `index` takes the `index`-th slice of the pool: no token comes back."""
    return lambda index: pool[index * size : (index + 1) * size]


def report(algorithm: str, samples: Samples, targets: Targets) -> None:
    """The table of one algorithm, and its targets."""
    base = samples[algorithm, "/".join(BASELINE)]
    print(f"\n{algorithm}")
    print(f"  {'variant':<12} {'token':<6} {'us/request':>10}   ratio to open (per round)")
    for case in CASES:
        for mode in case.modes:
            times = samples[algorithm, f"{case.name}/{mode}"]
            ratio = Spread.of(paired_ratios(times, base))
            micros = statistics.median(times) * 1e6
            text = "x1.00  (baseline)" if (case.name, mode) == BASELINE else ratio.ratio_text()
            print(f"  {case.name:<12} {mode:<6} {micros:10.1f}   {text}")
    for mode in ("same", "new"):
        fastjwt = samples[algorithm, f"fastjwt/{mode}"]
        pyjwt = samples[algorithm, f"pyjwt/{mode}"]
        ratio = Spread.of(paired_ratios(fastjwt, pyjwt))
        extra = statistics.median(f - p for f, p in zip(fastjwt, pyjwt, strict=True)) * 1e6
        label = f"{mode} token:"
        print(f"  fastjwt / pyjwt, {label:<11} {ratio.ratio_text()}   ({extra:+.1f} us/request)")
        targets.check(f"{algorithm} fastjwt/pyjwt, {mode} token", ratio.median, 1.0, strict=True)
    if algorithm == "HS256":
        for mode, limit in (("same", 1.5), ("new", 2.5)):
            ratio = Spread.of(paired_ratios(samples[algorithm, f"fastjwt/{mode}"], base))
            targets.check(f"HS256 fastjwt/open, {mode} token", ratio.median, limit)


async def profile(size: int) -> None:
    """cProfile of the FastJWT HS256 app with the same token on every request."""
    keys = key_material("HS256")
    tokens = mint(keys, 0)
    app = fastjwt_app(keys)
    await expect(app, tokens.same, 200, BODY)
    await time_requests(app, [tokens.same] * WARMUP)
    profiler = cProfile.Profile()
    profiler.enable()
    seconds = await time_requests(app, [tokens.same] * size)
    profiler.disable()
    print(f"FastJWT HS256, same token, {size} requests under cProfile: {seconds * 1e6:.1f} us each")
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)


async def main(argv: Sequence[str] | None = None) -> int:
    parser = counts_parser("python -m tests.bench.requests", __doc__, batch=200, rounds=51)
    parser.add_argument(
        "--algorithms",
        default=",".join(ALGORITHMS),
        help=f"comma-separated subset of {','.join(ALGORITHMS)}",
    )
    parser.add_argument("--profile", action="store_true", help="profile instead of timing")
    arguments = parser.parse_args(argv)
    size, rounds = arguments.batch, arguments.rounds
    if arguments.profile:
        await profile(size * 10)
        return 0
    algorithms = [name for name in arguments.algorithms.split(",") if name]
    print(machine_line())
    print(
        f"Per-request cost: {size} requests per batch, {rounds} rounds, seed {arguments.seed};"
        f" new-token pools of {size * rounds} distinct tokens per algorithm, none reused"
    )
    variants = [variant for name in algorithms for variant in await prepare(name, size, rounds)]
    settle()
    samples = await interleave(variants, rounds=rounds, seed=arguments.seed)
    targets = Targets()
    for algorithm in algorithms:
        report(algorithm, samples, targets)
    targets.print()
    print(machine_line())
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
