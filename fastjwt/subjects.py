"""The subject getter: from a verified token to the application's user object."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Generic, TypeAlias, TypeVar, cast

from fastapi import Depends
from starlette.concurrency import run_in_threadpool

from fastjwt.exceptions import BadConfigurationError, UnknownSubjectError
from fastjwt.models import TokenPayload

if TYPE_CHECKING:
    from fastjwt.dependencies import TokenRequired

__all__ = ["SubjectGetter", "SubjectRequired", "load_subject"]

T = TypeVar("T")

SubjectGetter: TypeAlias = Callable[..., Awaitable[T | None] | T | None]
"""A sync or async callable that receives the subject (`sub`) and returns the user or `None`."""


async def load_subject(getter: SubjectGetter[T] | None, payload: TokenPayload) -> T:
    """Call the subject getter for a verified payload, without blocking the event loop.

    An async getter is awaited; a sync one runs in a worker thread.

    Raises:
        BadConfigurationError: No subject getter is set.
        UnknownSubjectError: The getter returned `None`.
    """
    if getter is None:
        msg = (
            "No subject getter is set: register one with FastJWT.set_subject_getter "
            "before using get_current_subject or CURRENT_SUBJECT"
        )
        raise BadConfigurationError(msg)
    if inspect.iscoroutinefunction(getter) or inspect.iscoroutinefunction(
        getattr(getter, "__call__", None)  # noqa: B004 - async callable objects count too
    ):
        subject = await cast("Awaitable[T | None]", getter(payload.sub))
    else:
        subject = await run_in_threadpool(cast("Callable[..., T | None]", getter), payload.sub)
    if subject is None:
        raise UnknownSubjectError(description="The token subject does not exist")
    return subject


class SubjectRequired(Generic[T]):
    """A dependency that verifies the access token and returns its subject's user object."""

    def __init__(self, token: TokenRequired, getter: Callable[[], SubjectGetter[T] | None]) -> None:
        self.token = token
        self.getter = getter

    @property
    def __signature__(self) -> inspect.Signature:
        """Depend on the access token dependency, so OpenAPI shows the same schemes."""
        payload = inspect.Parameter(
            "payload", inspect.Parameter.KEYWORD_ONLY, default=Depends(self.token)
        )
        return inspect.Signature([payload])

    async def __call__(self, payload: TokenPayload) -> T:
        """Return the subject of the verified payload."""
        return await load_subject(self.getter(), payload)
