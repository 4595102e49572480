"""What FastJWT spends refusing an oversized request, next to refusing an ordinary bad token.

Run it from the repository root:

    python -m tests.bench.limits [--batch 200] [--rounds 21]

One HS256 configuration reads tokens from every location (`headers`, `cookies`, `query`,
`json`). Its access dependency is awaited directly with a Starlette `Request` per request,
the way FastAPI awaits it, and must raise. For each location, two kinds of request are
compared: a forged token there (a valid header and payload with another token's signature:
every check up to the signature runs), and an oversized request:

- header: `Authorization: Bearer` followed by 1 MiB of token characters (401);
- query: the same megabyte as `?token=` (414, by the length of the query string);
- cookie: the same megabyte as the token cookie (431, by the length of the Cookie header);
- JSON body: a 2 MiB body whose `Content-Length` says so (413, unread), and the same body
  in 32 chunks of 64 KiB without `Content-Length` (413 once 1 MiB has arrived; the chunks
  exist before timing, so what is timed is the reading).

The target: in each location, the oversized request costs FastJWT no more than the forged
token does (ratio <= 1): it is refused by its length before anything of it is decoded, and
a chunked body is read no further than the limit. FastAPI itself is left out on purpose: it
parses the whole `Cookie` header and query string of every request to a route with
dependencies, whatever they are, and that cost is the same with or without FastJWT. Each
round runs one batch per variant in a shuffled order, and ratios are paired per round.
Counts also come from FASTJWT_BENCH_BATCH, FASTJWT_BENCH_ROUNDS and
FASTJWT_BENCH_SEED.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

from starlette.requests import Request
from starlette.types import Message

from fastjwt import FastJWT, FJWTConfig
from fastjwt.exceptions import AuthenticationError
from tests.bench.common import (
    Batch,
    Spread,
    Targets,
    Variant,
    counts_parser,
    interleave,
    machine_line,
    paired_ratios,
    settle,
)
from tests.support import SECRET
from tests.support.asgi import scope

MEBIBYTE = 1024 * 1024
TARGET = 1.0
BASELINE = "forged token"
JSON = (b"content-type", b"application/json")


def make_security() -> FastJWT[object]:
    return FastJWT(
        FJWTConfig(
            JWT_SECRET_KEY=SECRET,
            JWT_TOKEN_LOCATION=["headers", "cookies", "query", "json"],
            JWT_COOKIE_CSRF_PROTECT=False,
        )
    )


@dataclass(frozen=True)
class Case:
    """One refused request: its location, headers, query string, body chunks, and status."""

    location: str
    name: str
    headers: list[tuple[bytes, bytes]]
    query: bytes = b""
    chunks: tuple[bytes, ...] = ()
    status: int = 401


def cases(security: FastJWT[object]) -> list[Case]:
    token = security.create_access_token(uid="alice")
    other = security.create_access_token(uid="mallory")
    forged = f"{token.rsplit('.', 1)[0]}.{other.rsplit('.', 1)[1]}".encode()
    huge = b"a" * MEBIBYTE
    body = b'{"pad": "' + b" " * (2 * MEBIBYTE) + b'"}'
    chunk = 64 * 1024
    forged_body = b'{"access_token": "' + forged + b'"}'
    return [
        Case("header", BASELINE, [(b"authorization", b"Bearer " + forged)]),
        Case("header", "1 MiB header", [(b"authorization", b"Bearer " + huge)]),
        Case("query", BASELINE, [], query=b"token=" + forged),
        Case("query", "1 MiB query token", [], query=b"token=" + huge, status=414),
        Case("cookie", BASELINE, [(b"cookie", b"access_token_cookie=" + forged)]),
        Case("cookie", "1 MiB cookie", [(b"cookie", b"access_token_cookie=" + huge)], status=431),
        Case("json", BASELINE, [JSON], chunks=(forged_body,)),
        Case(
            "json",
            "2 MiB body, declared",
            [JSON, (b"content-length", str(len(body)).encode())],
            chunks=(body,),
            status=413,
        ),
        Case(
            "json",
            "2 MiB body, chunked",
            [JSON],
            chunks=tuple(body[i : i + chunk] for i in range(0, len(body), chunk)),
            status=413,
        ),
    ]


def batch(security: FastJWT[object], case: Case, size: int) -> Batch:
    """One batch: the dependency awaited `size` times on the request, each refusal checked."""
    template = scope("POST", "/me", case.headers, case.query)
    dependency = security.access_token_required
    last = len(case.chunks) - 1

    async def run(_: int) -> float:
        start = time.perf_counter()
        for _ in range(size):
            position = 0

            async def receive() -> Message:
                nonlocal position
                index, position = position, position + 1
                body = case.chunks[index] if case.chunks else b""
                return {"type": "http.request", "body": body, "more_body": index < last}

            try:
                await dependency(Request(dict(template), receive))
            except AuthenticationError as error:
                if error.status_code != case.status:
                    raise AssertionError(f"{case.name}: {error.status_code} {error}") from error
            else:
                raise AssertionError(f"{case.name}: accepted")
        return (time.perf_counter() - start) / size

    return run


async def main(argv: Sequence[str] | None = None) -> int:
    parser = counts_parser("python -m tests.bench.limits", __doc__, batch=200, rounds=21)
    arguments = parser.parse_args(argv)
    size, rounds = arguments.batch, arguments.rounds
    print(machine_line())
    print(f"Size limits: {size} refusals per batch, {rounds} rounds, HS256, every location")
    security = make_security()
    variants = []
    for case in cases(security):
        await batch(security, case, 5)(0)  # checks the refusal, and warms up
        variants.append(Variant(case.location, case.name, batch(security, case, size)))
    settle()
    samples = await interleave(variants, rounds=rounds, seed=arguments.seed)
    targets = Targets()
    print(f"\n  {'location':<8} {'request':<22} {'us/refusal':>10}   ratio to {BASELINE!r} there")
    for variant in variants:
        times = samples[variant.group, variant.name]
        ratio = Spread.of(paired_ratios(times, samples[variant.group, BASELINE]))
        text = "x1.00  (baseline)" if variant.name == BASELINE else ratio.ratio_text()
        micros = statistics.median(times) * 1e6
        print(f"  {variant.group:<8} {variant.name:<22} {micros:10.1f}   {text}")
        if variant.name != BASELINE:
            targets.check(
                f"{variant.name} / {BASELINE} in the {variant.group}", ratio.median, TARGET
            )
    targets.print()
    print(machine_line())
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
