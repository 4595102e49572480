"""What a trusted issuer's token costs per request, against FastJWT's own RS256 tokens.

Run it from the repository root:

    python -m tests.bench.issuer [--batch 200] [--rounds 31]
    python -m tests.bench.issuer --profile    # cProfile of the issuer app, new tokens

Two apps of the same shape, each with the single route `GET /item` answering
`{"sub": "alice"}` through `Depends(security.access_token_required)`:

- own: FastJWT's own RS256 keys (`JWT_PRIVATE_KEY`), tokens from `create_access_token`;
- issuer: no keys of its own, one `TrustedIssuer` whose JWK Set the stand-in identity
  provider serves on 127.0.0.1 (discovery, then the set), fetched once before timing and
  cached for the whole run; RS256 tokens signed by the stand-in, with the claims a provider
  sends (`iss`, `sub`, `aud`, `iat`, `exp`, `jti`, `scope`).

Both are timed with the same token on every request ("same": the verified-token cache
answers) and with a new token on every request ("new": a pool minted before timing, no
token verified twice). Each round runs one batch per variant, shuffled; the ratio
issuer/own is taken per round and its median reported. Target: <= 1.1 in both modes.
Counts also come from FASTJWT_BENCH_BATCH, FASTJWT_BENCH_ROUNDS and FASTJWT_BENCH_SEED.
"""

# No `from __future__ import annotations`: FastAPI reads the route's annotations at runtime.

import asyncio
import cProfile
import pstats
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Annotated, Any

from fastapi import Depends, FastAPI
from starlette.types import Scope

from fastjwt import FastJWT, FJWTConfig, TokenPayload, TrustedIssuer
from tests.bench.common import (
    Batch,
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
from tests.support.issuer import StandInIssuer, stand_in_issuer

PATH = "/item"
BODY = b'{"sub":"alice"}'
AUDIENCE = "https://api.example.com"
WARMUP = 50
MODES = ("same", "new")
LIMIT = 1.1


def app_of(security: FastJWT[Any]) -> FastAPI:
    app = FastAPI()

    @app.get(PATH)
    async def item(
        payload: Annotated[TokenPayload, Depends(security.access_token_required)],
    ) -> dict[str, str]:
        return {"sub": str(payload.sub)}

    return app


def own_variant() -> tuple[FastAPI, Callable[[], str]]:
    settings: dict[str, Any] = {
        **key_material("RS256").settings,
        "JWT_ACCESS_TOKEN_EXPIRES": timedelta(hours=2),
    }
    security = FastJWT(FJWTConfig(**settings))
    return app_of(security), lambda: security.create_access_token(uid="alice")


def issuer_variant(provider: StandInIssuer) -> tuple[FastAPI, Callable[[], str]]:
    url = provider.serve_issuer("/")
    config = FJWTConfig(
        JWT_TRUSTED_ISSUERS=[TrustedIssuer(issuer=url, audiences=[AUDIENCE])],
        JWT_JWKS_CACHE_LIFETIME=timedelta(hours=2),  # keys cached for the whole run
    )

    def mint() -> str:
        now = int(time.time())
        claims = {
            "iss": url,
            "sub": "alice",
            "aud": AUDIENCE,
            "iat": now,
            "exp": now + 7200,
            "jti": str(uuid.uuid4()),
            "scope": "read:items",
        }
        return provider.token(claims)

    return app_of(FastJWT(config)), mint


async def variants(provider: StandInIssuer, size: int, rounds: int) -> list[Variant]:
    """Both apps, checked (a forged token is refused) and warmed up, in both modes."""
    built = {
        "own": own_variant(),
        "issuer": issuer_variant(provider),
    }
    found = []
    for name, (app, mint) in built.items():
        same = http_get(PATH, bearer_header(mint()))
        pool = [http_get(PATH, bearer_header(mint())) for _ in range(size * rounds + WARMUP)]
        await expect(app, same, 200, BODY)  # the issuer's keys are fetched here, once
        await expect(app, http_get(PATH), 401)
        # A valid header and payload with another token's signature.
        first, second = same["headers"][-1][1], pool[0]["headers"][-1][1]
        forged = first.rsplit(b".", 1)[0] + b"." + second.rsplit(b".", 1)[1]
        await expect(app, http_get(PATH, [(b"authorization", forged)]), 401)
        await time_requests(app, pool[size * rounds :])
        await time_requests(app, [same] * WARMUP)
        found.append(Variant("RS256", f"{name}/same", batch(app, repeated([same] * size))))
        found.append(Variant("RS256", f"{name}/new", batch(app, sliced(pool, size))))
    return found


def repeated(requests: list[Scope]) -> Callable[[int], Sequence[Scope]]:
    """Every round, the same batch: one token repeated."""
    return lambda _: requests


def sliced(pool: list[Scope], size: int) -> Callable[[int], Sequence[Scope]]:
    """Round `index` takes the `index`-th slice of the pool: no token comes back."""
    return lambda index: pool[index * size : (index + 1) * size]


def batch(app: FastAPI, templates: Callable[[int], Sequence[Scope]]) -> Batch:
    async def run(index: int) -> float:
        return await time_requests(app, templates(index))

    return run


async def profile(size: int) -> None:
    with stand_in_issuer() as provider:
        app, mint = issuer_variant(provider)
        tokens = [http_get(PATH, bearer_header(mint())) for _ in range(size)]
        await expect(app, http_get(PATH, bearer_header(mint())), 200, BODY)
        profiler = cProfile.Profile()
        profiler.enable()
        seconds = await time_requests(app, tokens)
        profiler.disable()
    print(f"Trusted issuer, new tokens, {size} requests under cProfile: {seconds * 1e6:.1f} us")
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("tottime").print_stats(30)


async def main(argv: Sequence[str] | None = None) -> int:
    parser = counts_parser("python -m tests.bench.issuer", __doc__, batch=200, rounds=31)
    parser.add_argument("--profile", action="store_true", help="profile instead of timing")
    arguments = parser.parse_args(argv)
    size, rounds = arguments.batch, arguments.rounds
    if arguments.profile:
        await profile(size * 5)
        return 0
    print(machine_line())
    print(
        f"Trusted issuer vs own RS256 tokens: {size} requests per batch, {rounds} rounds,"
        f" seed {arguments.seed}; new-token pools of {size * rounds} tokens per app"
    )
    with stand_in_issuer() as provider:
        found = await variants(provider, size, rounds)
        fetched = list(provider.requests)
        settle()
        samples = await interleave(found, rounds=rounds, seed=arguments.seed)
        if provider.requests != fetched:
            raise AssertionError(f"keys were fetched while timing: {provider.requests}")
    targets = Targets()
    print(f"\n  {'variant':<8} {'token':<6} {'us/request':>10}")
    for name in ("own", "issuer"):
        for mode in MODES:
            micros = statistics.median(samples["RS256", f"{name}/{mode}"]) * 1e6
            print(f"  {name:<8} {mode:<6} {micros:10.1f}")
    for mode in MODES:
        issuer, own = samples["RS256", f"issuer/{mode}"], samples["RS256", f"own/{mode}"]
        ratio = Spread.of(paired_ratios(issuer, own))
        extra = statistics.median(i - o for i, o in zip(issuer, own, strict=True)) * 1e6
        print(f"  issuer / own, {mode} token: {ratio.ratio_text()}   ({extra:+.1f} us/request)")
        targets.check(f"trusted issuer / own RS256, {mode} token", ratio.median, LIMIT)
    targets.print()
    print(f"Stand-in requests (before timing only): {fetched}")
    print(machine_line())
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
