"""What the implicit refresh middleware costs per request when it has nothing to renew.

Run it from the repository root:

    python -m tests.bench.middleware [--batch 200] [--rounds 51]

One HS256 app (tokens in headers or cookies) with an open route `GET /open` and a protected
route `GET /me`, built once per way of registering `security.implicit_refresh_middleware`
and once without it. Three requests: the open route, the protected route with the token in
the `Authorization` header, and with the token in its cookie (set by `set_access_cookies`;
not close to expiry, so nothing is renewed and no response sets a cookie, which is checked).

To time another way of registering the middleware, add one line to `REGISTRATIONS`.

The apps are called in process as ASGI callables in one event loop; each round runs one
batch per app and request, in an order shuffled per round, and each registration's ratio
to the app without middleware is computed per round, for the same request. Counts also come
from FASTJWT_BENCH_BATCH, FASTJWT_BENCH_ROUNDS and FASTJWT_BENCH_SEED.
"""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations at runtime,
# and they name a local variable (the app's FastJWT).

import asyncio
import statistics
import sys
from collections.abc import Callable, Sequence
from typing import Annotated, Any

from fastapi import Depends, FastAPI
from starlette.responses import Response
from starlette.types import Scope

from fastjwt import FastJWT, FJWTConfig, TokenPayload
from tests.bench.common import (
    Batch,
    Headers,
    KeyMaterial,
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

Registration = Callable[[FastAPI, FastJWT[Any]], object]

REGISTRATIONS: list[tuple[str, Registration]] = [
    ("no middleware", lambda _app, _security: None),
    (
        'app.middleware("http") (0.4.1)',
        lambda app, security: app.middleware("http")(security.implicit_refresh_middleware),
    ),
    (
        "app.add_middleware(security.implicit_refresh)",
        lambda app, security: app.add_middleware(security.implicit_refresh),
    ),
]
BASELINE = REGISTRATIONS[0][0]
# The target applies to the documented registration; 0.4.1's (BaseHTTPMiddleware) is shown
# for comparison, since apps written for 0.4.1 keep it until they switch.
TARGETED = frozenset({"app.add_middleware(security.implicit_refresh)"})
TARGET = 1.10
BODY = b'{"sub":"alice"}'
WARMUP = 50


def make_app(keys: KeyMaterial, register: Registration) -> FastAPI:
    security = FastJWT(FJWTConfig(**keys.settings, JWT_TOKEN_LOCATION=["headers", "cookies"]))
    app = FastAPI()

    @app.get("/open")
    async def open_route() -> dict[str, str]:
        return {"sub": "alice"}

    @app.get("/me")
    async def me(
        payload: Annotated[TokenPayload, Depends(security.access_token_required)],
    ) -> dict[str, str]:
        return {"sub": str(payload.sub)}

    register(app, security)
    return app


def cookie_header(security: FastJWT[Any], token: str) -> Headers:
    """The `Cookie` header a browser sends back after `set_access_cookies`."""
    response = Response()
    security.set_access_cookies(token, response)
    pairs = [value.split(";", 1)[0] for value in response.headers.getlist("set-cookie")]
    return [(b"cookie", "; ".join(pairs).encode())]


def requests(keys: KeyMaterial) -> dict[str, Scope]:
    minter = FastJWT(FJWTConfig(**keys.settings))
    token = minter.create_access_token(uid="alice")
    return {
        "open route": http_get("/open", bearer_header(token)),
        "protected, header token": http_get("/me", bearer_header(token)),
        "protected, cookie token": http_get("/me", cookie_header(minter, token)),
    }


def batch(app: FastAPI, request: Scope, size: int) -> Batch:
    """One batch: the same request `size` times."""
    templates = [request] * size

    async def run(_: int) -> float:
        return await time_requests(app, templates)

    return run


async def main(argv: Sequence[str] | None = None) -> int:
    parser = counts_parser("python -m tests.bench.middleware", __doc__, batch=200, rounds=51)
    arguments = parser.parse_args(argv)
    size, rounds = arguments.batch, arguments.rounds
    print(machine_line())
    print(f"Implicit refresh middleware: {size} requests per batch, {rounds} rounds, HS256")
    keys = key_material("HS256")
    cases = requests(keys)
    variants = []
    for registration, register in REGISTRATIONS:
        # One app per request kind, so that each batch runs against an app of its own.
        for case, request in cases.items():
            app = make_app(keys, register)
            exchange = await expect(app, request, 200, BODY)
            if any(name == b"set-cookie" for name, _ in exchange.headers):
                raise AssertionError(f"{registration}, {case}: the response sets a cookie")
            if case != "open route":
                await expect(app, http_get("/me"), 401)
            await time_requests(app, [request] * WARMUP)
            variants.append(Variant(case, registration, batch(app, request, size)))
    settle()
    samples = await interleave(variants, rounds=rounds, seed=arguments.seed)

    targets = Targets()
    for case in cases:
        base = samples[case, BASELINE]
        print(f"\n{case}")
        print(f"  {'registration':<46} {'us/request':>10}   ratio to {BASELINE!r} (per round)")
        for registration, _ in REGISTRATIONS:
            times = samples[case, registration]
            ratio = Spread.of(paired_ratios(times, base))
            text = "x1.00  (baseline)" if registration == BASELINE else ratio.ratio_text()
            print(f"  {registration:<46} {statistics.median(times) * 1e6:10.1f}   {text}")
            if registration in TARGETED:
                targets.check(f"{case}, {registration}", ratio.median, TARGET)
    targets.print()
    print(machine_line())
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
