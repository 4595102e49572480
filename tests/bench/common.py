"""Timing helpers: variants measured side by side in one process, medians and paired ratios.

Also the shared setup of the benchmarks: keys for each algorithm, and a minimal in-process
ASGI driver (a scope dict, `receive` and `send`), with no HTTP client in the way.
"""

import argparse
import gc
import os
import random
import secrets
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from starlette.types import ASGIApp, Message, Scope


def median_seconds(function: Callable[[], object], *, number: int, repeat: int) -> float:
    """Median over `repeat` runs of the time one call of `function` takes."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            function()
        samples.append((time.perf_counter() - start) / number)
    return statistics.median(samples)


async def median_seconds_async(
    function: Callable[[], Awaitable[object]], *, number: int, repeat: int
) -> float:
    """Median over `repeat` runs of the time one awaited call of `function` takes."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            await function()
        samples.append((time.perf_counter() - start) / number)
    return statistics.median(samples)


def report(title: str, results: dict[str, float], baseline: str) -> None:
    """Print each variant's median in microseconds and its ratio to `baseline`."""
    print(f"\n{title}")
    base = results[baseline]
    for name, seconds in results.items():
        print(f"  {name:<48} {seconds * 1e6:10.1f} us   x{seconds / base:6.2f}")


# --- Interleaved rounds and paired ratios -----------------------------------------------------
#
# A shared, noisy machine makes absolute times drift by tens of percent within a minute, and a
# burst of load can land on one variant only. So every variant runs one batch per round, in an
# order shuffled per round, and each variant is compared with its baseline *of the same round*:
# the median of those paired ratios barely moves when the machine's speed does.

Batch = Callable[[int], Awaitable[float]]
"""Runs one batch for the given round index and returns the seconds one operation took."""


@dataclass(frozen=True)
class Variant:
    """One measured case: a name, the group it is compared within, and its batch."""

    group: str
    name: str
    batch: Batch


@dataclass(frozen=True)
class Spread:
    """The median of per-round values with their interquartile range and extremes."""

    median: float
    q1: float
    q3: float
    low: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> "Spread":
        """The spread of `values` (one per round)."""
        if len(values) == 1:
            q1 = q3 = values[0]
        else:
            q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
        return cls(statistics.median(values), q1, q3, min(values), max(values))

    def ratio_text(self) -> str:
        """`x1.23 (IQR 1.20..1.26, range 1.10..1.40)`."""
        return (
            f"x{self.median:.2f}  IQR {self.q1:.2f}..{self.q3:.2f}"
            f"  range {self.low:.2f}..{self.high:.2f}"
        )


Samples = dict[tuple[str, str], list[float]]
"""Seconds per operation, one value per round, by (group, variant name)."""


async def interleave(variants: Sequence[Variant], *, rounds: int, seed: int) -> Samples:
    """Run every variant once per round: groups and, within each, variants in a shuffled order.

    Variants of one group run back to back, so a variant and its baseline are measured within
    a few tens of milliseconds of each other; the shuffle keeps any position from being
    systematically favoured (the first batch after a switch of group, for one).
    """
    rng = random.Random(seed)  # noqa: S311 - a reproducible order, not a secret
    groups: dict[str, list[Variant]] = {}
    for variant in variants:
        groups.setdefault(variant.group, []).append(variant)
    samples: Samples = {(variant.group, variant.name): [] for variant in variants}
    for index in range(rounds):
        order = list(groups)
        rng.shuffle(order)
        for group in order:
            members = list(groups[group])
            rng.shuffle(members)
            for variant in members:
                samples[variant.group, variant.name].append(await variant.batch(index))
    return samples


def paired_ratios(numerator: Sequence[float], denominator: Sequence[float]) -> list[float]:
    """Round by round, `numerator / denominator`."""
    return [top / bottom for top, bottom in zip(numerator, denominator, strict=True)]


def settle() -> None:
    """Collect garbage once, then freeze what setup built (apps, token pools) out of the GC.

    A full collection would otherwise walk the pre-built pools on every pass, a cost that
    belongs to the benchmark, not to the code measured. Collections of what requests
    allocate still happen, as they would in a server.
    """
    gc.collect()
    gc.freeze()


@dataclass
class Targets:
    """Pass/fail lines, gathered while reporting and printed together at the end."""

    lines: list[str] = field(default_factory=list)

    def check(self, label: str, value: float, limit: float, *, strict: bool = False) -> bool:
        """Record whether `value <= limit` (`<` when `strict`)."""
        held = value < limit if strict else value <= limit
        sign = "<" if strict else "<="
        verdict = "PASS" if held else "FAIL"
        self.lines.append(f"  [{verdict}] {label}: {value:.2f} (target {sign} {limit:g})")
        return held

    def print(self, title: str = "Targets") -> None:
        """Print every recorded line."""
        print(f"\n{title}")
        for line in self.lines:
            print(line)


def env_int(name: str, default: int) -> int:
    """The integer in environment variable `name`, or `default`."""
    value = os.environ.get(name)
    return default if value is None or not value.strip() else int(value)


def counts_parser(
    prog: str, doc: str | None, *, batch: int, rounds: int
) -> argparse.ArgumentParser:
    """An argument parser with `--batch`, `--rounds` and `--seed`, defaulting to the environment.

    The environment variables are FASTJWT_BENCH_BATCH, FASTJWT_BENCH_ROUNDS and
    FASTJWT_BENCH_SEED; the command line wins over them.
    """
    parser = argparse.ArgumentParser(
        prog=prog, description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--batch",
        type=int,
        default=env_int("FASTJWT_BENCH_BATCH", batch),
        help=f"operations per batch (FASTJWT_BENCH_BATCH, default {batch})",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=env_int("FASTJWT_BENCH_ROUNDS", rounds),
        help=f"rounds of one batch per variant (FASTJWT_BENCH_ROUNDS, default {rounds})",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=env_int("FASTJWT_BENCH_SEED", 0),
        help="seed of the per-round shuffle (FASTJWT_BENCH_SEED, default 0)",
    )
    return parser


def machine_line() -> str:
    """Python, library versions and the load average, printed at the top of every report."""
    import fastapi  # noqa: PLC0415 - only for the version line
    import jwt  # noqa: PLC0415

    try:
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:  # pragma: no cover - platforms without a load average
        load = "n/a"
    return (
        f"Python {sys.version.split()[0]}, FastAPI {fastapi.__version__}, PyJWT {jwt.__version__},"
        f" {os.cpu_count()} CPUs, load average {load}"
    )


# --- Keys -------------------------------------------------------------------------------------

ALGORITHMS: tuple[str, ...] = ("HS256", "RS256", "ES256", "EdDSA")


@dataclass(frozen=True)
class KeyMaterial:
    """One algorithm's keys: settings for FastJWT, key objects for PyJWT."""

    algorithm: str
    settings: dict[str, str]
    """`JWT_ALGORITHM` and either `JWT_SECRET_KEY` or `JWT_PRIVATE_KEY` (PEM text)."""
    signing_key: Any
    """What PyJWT signs with: the secret's bytes, or a private key object."""
    verifying_key: Any
    """What PyJWT verifies with: the secret's bytes, or a public key object."""


def key_material(algorithm: str) -> KeyMaterial:
    """New keys for `algorithm` (HS256, RS256 with 2048 bits, ES256 or EdDSA with Ed25519)."""
    if algorithm == "HS256":
        secret = secrets.token_urlsafe(32)  # 43 characters: above PyJWT's 32-byte minimum
        return KeyMaterial(
            algorithm,
            {"JWT_ALGORITHM": algorithm, "JWT_SECRET_KEY": secret},
            secret.encode(),
            secret.encode(),
        )
    private: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey
    if algorithm == "RS256":
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    elif algorithm == "ES256":
        private = ec.generate_private_key(ec.SECP256R1())
    elif algorithm == "EdDSA":
        private = ed25519.Ed25519PrivateKey.generate()
    else:
        raise ValueError(f"no key for {algorithm!r}")
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return KeyMaterial(
        algorithm,
        {"JWT_ALGORITHM": algorithm, "JWT_PRIVATE_KEY": pem},
        private,
        private.public_key(),
    )


# --- Driving an ASGI app in process -----------------------------------------------------------
#
# No HTTP client: httpx's ASGI transport costs more per request than a FastAPI route, and would
# hide the differences measured here. A request is a scope dict, a `receive` that hands over an
# empty body, and a `send` that keeps the status and the body.

Headers = list[tuple[bytes, bytes]]


def http_get(path: str, headers: Headers | None = None) -> Scope:
    """The scope of `GET path` over HTTP/1.1 from 127.0.0.1 (a template: copy it per request)."""
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
        "root_path": "",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [
            (b"host", b"127.0.0.1:8000"),
            (b"user-agent", b"fastjwt-bench"),
            (b"accept", b"*/*"),
            *(headers or []),
        ],
    }


def bearer_header(token: str) -> Headers:
    """The `Authorization: Bearer` header carrying `token`."""
    return [(b"authorization", b"Bearer " + token.encode())]


_REQUEST: Message = {"type": "http.request", "body": b"", "more_body": False}
_DISCONNECT: Message = {"type": "http.disconnect"}


class Exchange:
    """The two ends of one request: `receive` gives an empty body, `send` records the answer."""

    __slots__ = ("body", "headers", "received", "status")

    def __init__(self) -> None:
        self.status = 0
        self.headers: Headers = []
        self.body = b""
        self.received = False

    async def receive(self) -> Message:
        """The empty request body, then a disconnect, as a server would after the response."""
        if self.received:
            return _DISCONNECT
        self.received = True
        return _REQUEST

    async def send(self, message: Message) -> None:
        """Keep the status and the body."""
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = message.get("headers", [])
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")


async def call(app: ASGIApp, template: Scope) -> Exchange:
    """Send one request built from `template` and return what came back."""
    exchange = Exchange()
    await app(dict(template), exchange.receive, exchange.send)
    return exchange


async def expect(app: ASGIApp, template: Scope, status: int, body: bytes | None = None) -> Exchange:
    """The answer to one request; fail unless it has `status` (and `body`, when given)."""
    exchange = await call(app, template)
    if exchange.status != status or (body is not None and exchange.body != body):
        raise AssertionError(
            f"{template['path']}: expected {status} {body!r}, got {exchange.status}"
            f" {exchange.body[:200]!r}"
        )
    return exchange


async def time_requests(app: ASGIApp, templates: Sequence[Scope], status: int = 200) -> float:
    """Seconds per request over `templates`, in order; every answer must have `status`.

    The check stays inside the timed loop on purpose: a variant that broke (a 401, a 500)
    must fail the run rather than look fast. It costs every variant the same.
    """
    start = time.perf_counter()
    for template in templates:
        exchange = Exchange()
        await app(dict(template), exchange.receive, exchange.send)
        if exchange.status != status:
            raise AssertionError(
                f"{template['path']}: expected {status}, got {exchange.status}"
                f" {exchange.body[:200]!r}"
            )
    return (time.perf_counter() - start) / len(templates)


def time_calls(function: Callable[[], object], count: int) -> float:
    """Seconds per call of `function`, over `count` calls."""
    start = time.perf_counter()
    for _ in range(count):
        function()
    return (time.perf_counter() - start) / count
