"""Timing helpers: medians of repeated runs, measured side by side in one process."""

import statistics
import time
from collections.abc import Awaitable, Callable


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
