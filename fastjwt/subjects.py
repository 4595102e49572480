"""The subject getter: from a verified token to the application's user object."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Generic, TypeAlias, TypeVar

from fastjwt.callbacks import call_callback
from fastjwt.exceptions import BadConfigurationError, UnknownSubjectError

if TYPE_CHECKING:
    from fastjwt.payload import TokenPayload

__all__ = ["NO_SUBJECT_GETTER", "SubjectGetter", "Subjects"]

T = TypeVar("T")

SubjectGetter: TypeAlias = Callable[..., Awaitable[T | None] | T | None]
"""A sync or async callable that receives the subject (`sub`) and returns the user or `None`."""

NO_SUBJECT_GETTER = (
    "No subject getter is set: register one with FastJWT.set_subject_getter "
    "before using get_current_subject or CURRENT_SUBJECT"
)


class Subjects(Generic[T]):
    """The registered subject getter, and the call that turns a payload into its user."""

    def __init__(self) -> None:
        self.getter: SubjectGetter[T] | None = None

    async def load(self, payload: TokenPayload) -> T:
        """Call the subject getter for a verified payload, without blocking the event loop.

        An async getter is awaited; a sync one runs in a worker thread.

        Raises:
            BadConfigurationError: No subject getter is set.
            UnknownSubjectError: The getter returned `None`.
        """
        getter = self.getter
        if getter is None:
            raise BadConfigurationError(NO_SUBJECT_GETTER)
        subject: T | None = await call_callback(getter, payload.sub)
        if subject is None:
            raise UnknownSubjectError(description="The token subject does not exist")
        return subject
