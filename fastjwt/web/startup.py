"""Checks that run when an application starts, so a misconfigured one never serves a request.

A check runs inside the application's lifespan, after the application's own
startup code (which may load the configuration): when it raises, the server
reports the startup as failed and stops, and no client ever sees the 500 the
same mistake would cause at the first request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = ["run_at_startup"]


def run_at_startup(app: Starlette, check: Callable[[], None]) -> None:
    """Run `check` when `app` starts, once its own startup code has run.

    It works whether the application has a `lifespan` of its own or none, and
    with routers included afterwards (FastAPI wraps their lifespans around it).
    """
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: Any) -> AsyncIterator[Any]:
        async with inner(application) as state:
            check()
            yield state

    app.router.lifespan_context = lifespan
