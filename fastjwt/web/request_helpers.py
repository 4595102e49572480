"""`FastJWTDeps`: the FastJWT operations bound to one request and its response."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Generic, Protocol

from typing_extensions import TypeVar

from fastjwt.issuing import warn_ignored

if TYPE_CHECKING:
    from starlette.requests import HTTPConnection, Request
    from starlette.responses import Response

    from fastjwt._types import DateTimeExpression, StrOrSeq

__all__ = ["FastJWTDeps"]

# The default lets `FastJWTDeps` stand alone in annotations (FastAPI requires typing-extensions).
T = TypeVar("T", default=Any)
T_co = TypeVar("T_co", covariant=True)


class _Operations(Protocol[T_co]):
    """What the bundle delegates to: `FastJWT`'s token, cookie and subject operations."""

    def create_access_token(
        self,
        uid: str,
        fresh: bool = ...,
        headers: Mapping[str, Any] | None = ...,
        expiry: DateTimeExpression | None = ...,
        data: Mapping[str, Any] | None = ...,
        audience: StrOrSeq | None = ...,
        **extra_claims: Any,
    ) -> str: ...

    def create_refresh_token(
        self,
        uid: str,
        headers: Mapping[str, Any] | None = ...,
        expiry: DateTimeExpression | None = ...,
        data: Mapping[str, Any] | None = ...,
        audience: StrOrSeq | None = ...,
        **extra_claims: Any,
    ) -> str: ...

    def set_access_cookies(
        self, token: str, response: Response, max_age: int | None = ...
    ) -> None: ...

    def set_refresh_cookies(
        self, token: str, response: Response, max_age: int | None = ...
    ) -> None: ...

    def unset_access_cookies(self, response: Response) -> None: ...

    def unset_refresh_cookies(self, response: Response) -> None: ...

    def unset_cookies(self, response: Response) -> None: ...

    async def get_current_subject(self, request: HTTPConnection) -> T_co: ...


class FastJWTDeps(Generic[T]):
    """FastJWT's token and cookie helpers, bound to the current request and response.

    A route gets one from `FastJWT.get_dependency` and can then set or clear
    cookies without declaring a `Response` parameter of its own: the cookies
    land on the response FastAPI sends.

    Args:
        _from: The `FastJWT` instance to delegate to.
        request: The current request.
        response: The response the cookie helpers write to when none is given.

    See Also:
        [The request bundle](../how-to/dependencies.md#the-request-bundle).
    """

    def __init__(
        self,
        _from: _Operations[T],
        request: Request | None = None,
        response: Response | None = None,
    ) -> None:
        self._security = _from
        self._request = request
        self._response = response

    @property
    def request(self) -> Request | None:
        """The request this bundle was made for."""
        return self._request

    @property
    def response(self) -> Response | None:
        """The response the cookie helpers write to by default."""
        return self._response

    def create_access_token(
        self,
        uid: str,
        fresh: bool = False,
        headers: Mapping[str, Any] | None = None,
        expiry: DateTimeExpression | None = None,
        data: Mapping[str, Any] | None = None,
        audience: StrOrSeq | None = None,
        *args: Any,
        **extra_claims: Any,
    ) -> str:
        """Same as `FastJWT.create_access_token`."""
        if args:
            warn_ignored("create_access_token", args)
        return self._security.create_access_token(
            uid, fresh, headers, expiry, data, audience, **extra_claims
        )

    def create_refresh_token(
        self,
        uid: str,
        headers: Mapping[str, Any] | None = None,
        expiry: DateTimeExpression | None = None,
        data: Mapping[str, Any] | None = None,
        audience: StrOrSeq | None = None,
        *args: Any,
        fresh: bool = False,
        **extra_claims: Any,
    ) -> str:
        """Same as `FastJWT.create_refresh_token`."""
        if args or fresh:
            warn_ignored("create_refresh_token", args, fresh=fresh)
        return self._security.create_refresh_token(
            uid, headers, expiry, data, audience, **extra_claims
        )

    def set_access_cookies(
        self, token: str, response: Response | None = None, max_age: int | None = None
    ) -> None:
        """Same as `FastJWT.set_access_cookies`, on the bound response by default."""
        self._security.set_access_cookies(token, self._target(response), max_age)

    def set_refresh_cookies(
        self, token: str, response: Response | None = None, max_age: int | None = None
    ) -> None:
        """Same as `FastJWT.set_refresh_cookies`, on the bound response by default."""
        self._security.set_refresh_cookies(token, self._target(response), max_age)

    def unset_access_cookies(self, response: Response | None = None) -> None:
        """Same as `FastJWT.unset_access_cookies`, on the bound response by default."""
        self._security.unset_access_cookies(self._target(response))

    def unset_refresh_cookies(self, response: Response | None = None) -> None:
        """Same as `FastJWT.unset_refresh_cookies`, on the bound response by default."""
        self._security.unset_refresh_cookies(self._target(response))

    def unset_cookies(self, response: Response | None = None) -> None:
        """Same as `FastJWT.unset_cookies`, on the bound response by default."""
        self._security.unset_cookies(self._target(response))

    async def get_current_subject(self) -> T:
        """Same as `FastJWT.get_current_subject`, for the bound request.

        Raises:
            ValueError: The bundle has no request (it was not given by a route).
            AuthenticationError: As `FastJWT.get_current_subject`.
        """
        if self._request is None:
            msg = "No request to authenticate: get the bundle from a route"
            raise ValueError(msg)
        return await self._security.get_current_subject(self._request)

    def _target(self, response: Response | None) -> Response:
        target = response if response is not None else self._response
        if target is None:
            msg = "No response to write cookies to: pass one, or get the bundle from a route"
            raise ValueError(msg)
        return target
