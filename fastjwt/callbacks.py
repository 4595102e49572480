"""Calling the application's callbacks, sync or async, without blocking the event loop."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool

__all__ = ["call_callback", "is_async"]


def is_async(callback: Callable[..., Any]) -> bool:
    """Whether `callback` is an async function, or an object whose `__call__` is one."""
    return inspect.iscoroutinefunction(callback) or inspect.iscoroutinefunction(
        getattr(callback, "__call__", None)  # noqa: B004 - the object's own __call__ counts
    )


async def call_callback(callback: Callable[..., Any], *arguments: Any) -> Any:
    """Await an async callback, or run a sync one in a worker thread."""
    if is_async(callback):
        return await callback(*arguments)
    return await run_in_threadpool(callback, *arguments)
