"""The subject getter: from a verified token to the application's user object."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar

from fastapi import Depends

from fastjwt.calls import call_callback
from fastjwt.exceptions import BadConfigurationError, UnknownSubjectError
from fastjwt.models import TokenPayload

if TYPE_CHECKING:
    from starlette.requests import HTTPConnection

    from fastjwt.dependencies import TokenRequired

__all__ = ["SubjectGetter", "SubjectHandling", "SubjectRequired", "load_subject"]

T = TypeVar("T")
G = TypeVar("G", bound="SubjectGetter[Any]")

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
    subject: T | None = await call_callback(getter, payload.sub)
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


class SubjectHandling(Generic[T]):
    """The subject getter's registration and use; part of `FastJWT`."""

    callback_get_model_instance: SubjectGetter[T] | None = None
    """The registered subject getter (0.4.1's name)."""
    access_token_required: TokenRequired

    def set_subject_getter(self, callback: G) -> G:
        """Register the callable that turns a subject (`sub`) into your user object.

        It may be sync (run in a worker thread) or async (awaited); it returns
        `None` for an unknown subject, which answers 401. It returns the
        callable, so it works as a decorator.
        """
        self.callback_get_model_instance = callback
        return callback

    set_callback_get_model_instance = set_subject_getter

    @property
    def is_model_callback_set(self) -> bool:
        """Whether a subject getter is registered."""
        return self.callback_get_model_instance is not None

    async def get_current_subject(self, request: HTTPConnection) -> T:
        """Verify the request's access token and return its subject's user object.

        Raises:
            BadConfigurationError: No subject getter is set.
            UnknownSubjectError: The getter returned `None`.
            AuthenticationError: The access token is missing or invalid.
        """
        payload = await self.access_token_required.authenticate(request)
        assert payload is not None  # noqa: S101 - the dependency is not optional
        return await load_subject(self.callback_get_model_instance, payload)
