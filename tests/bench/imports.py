"""Import time: a whole `python -c "import fastjwt"` against `import fastapi, jwt`.

Run it from the repository root:

    python -m tests.bench.imports [--rounds 21]

Each command is a new interpreter (`sys.executable`), timed from launch to exit, so the
figure is what a user waits for at startup; `python -c pass` is timed too, as the floor of
the interpreter alone. The children's CPU time is reported as well: on a busy machine it
drifts less than wall time, though wall time is the target. Each round runs every command
once (`--batch` times, if asked), in an order shuffled per round; the ratio to
`import fastapi, jwt` is computed per round and its median reported with the interquartile
range and extremes. Every command must exit 0.
The modules each command loads are counted once, untimed, as a hint of where time goes.

Every child imports from compiled bytecode, as an installed package does: with
PYTHONDONTWRITEBYTECODE set (as on some machines), fastjwt's sources would be compiled on
every start while fastapi's installed bytecode is read, which measures the compiler. The
children write and read their bytecode under a temporary PYTHONPYCACHEPREFIX, warmed
before timing.
Counts also come from FASTJWT_BENCH_BATCH, FASTJWT_BENCH_ROUNDS and FASTJWT_BENCH_SEED.
"""

import asyncio
import atexit
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence

from tests.bench.common import (
    Batch,
    Spread,
    Targets,
    Variant,
    counts_parser,
    interleave,
    machine_line,
    paired_ratios,
)

COMMANDS = {
    "import fastjwt": "import fastjwt",
    "import fastapi, jwt": "import fastapi, jwt",
    "python -c pass": "pass",
}
BASELINE = "import fastapi, jwt"
FLOOR = "python -c pass"
TARGET = 1.1


_CACHE = tempfile.mkdtemp(prefix="fastjwt-bench-pycache-")
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
CHILD_ENV = {
    **{name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPYCACHEPREFIX": _CACHE,
}


def run(code: str) -> None:
    subprocess.run(
        [sys.executable, "-c", code], check=True, stdout=subprocess.DEVNULL, env=CHILD_ENV
    )


def children_cpu() -> float:
    """CPU seconds (user and system) used so far by this process's finished children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def batch(code: str, size: int, cpu: list[float]) -> Batch:
    """One batch: `size` interpreters started in a row; their CPU time goes to `cpu`."""

    async def timed(_: int) -> float:
        cpu_start, start = children_cpu(), time.perf_counter()
        for _ in range(size):
            run(code)
        seconds = (time.perf_counter() - start) / size
        cpu.append((children_cpu() - cpu_start) / size)
        return seconds

    return timed


def loaded_modules(code: str) -> set[str]:
    """The top-level packages in `sys.modules` after `code` ran in a new interpreter."""
    listing = "import sys\n" + code + "\nprint('\\n'.join(sorted(sys.modules)))"
    output = subprocess.run(
        [sys.executable, "-c", listing], check=True, capture_output=True, text=True, env=CHILD_ENV
    ).stdout
    return set(output.split())


async def main(argv: Sequence[str] | None = None) -> int:
    parser = counts_parser("python -m tests.bench.imports", __doc__, batch=1, rounds=21)
    arguments = parser.parse_args(argv)
    size, rounds = arguments.batch, arguments.rounds
    print(machine_line())
    print(f"Import time: {size} run(s) per batch, {rounds} rounds, seed {arguments.seed}")
    for code in COMMANDS.values():
        run(code)  # warm up the bytecode caches and the file system cache
    cpu: dict[str, list[float]] = {name: [] for name in COMMANDS}
    variants = [
        Variant("imports", name, batch(code, size, cpu[name])) for name, code in COMMANDS.items()
    ]
    samples = await interleave(variants, rounds=rounds, seed=arguments.seed)

    base, floor = samples["imports", BASELINE], samples["imports", FLOOR]
    print(f"\n  {'command':<22} {'ms':>7}   ratio to {BASELINE!r} (per round)")
    for name in COMMANDS:
        times = samples["imports", name]
        ratio = Spread.of(paired_ratios(times, base))
        text = "x1.00  (baseline)" if name == BASELINE else ratio.ratio_text()
        print(f"  {name:<22} {statistics.median(times) * 1e3:7.1f}   {text}")
    fastjwt = samples["imports", "import fastjwt"]
    net = Spread.of([(f - p) / (b - p) for f, b, p in zip(fastjwt, base, floor, strict=True)])
    print(f"  net of the interpreter's own start: {net.ratio_text()}")
    cpu_ratio = Spread.of(paired_ratios(cpu["import fastjwt"], cpu[BASELINE]))
    print(
        f"  CPU time (user + system): {statistics.median(cpu['import fastjwt']) * 1e3:.1f} ms"
        f" against {statistics.median(cpu[BASELINE]) * 1e3:.1f} ms, {cpu_ratio.ratio_text()}"
    )

    modules = {name: loaded_modules(code) for name, code in COMMANDS.items()}
    extra = modules["import fastjwt"] - modules[BASELINE]
    roots = sorted({name.split(".")[0] for name in extra})
    print(
        f"\n  modules loaded: fastjwt {len(modules['import fastjwt'])},"
        f" fastapi + jwt {len(modules[BASELINE])}, interpreter alone {len(modules[FLOOR])}"
    )
    print(f"  {len(extra)} more with fastjwt, under: {', '.join(roots)}")

    targets = Targets()
    targets.check(
        "import fastjwt / import fastapi, jwt",
        Spread.of(paired_ratios(fastjwt, base)).median,
        TARGET,
    )
    targets.print()
    print(machine_line())
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
