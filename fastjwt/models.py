"""The token as found in a request (`RequestToken`) and its verified claims (`TokenPayload`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from pydantic import BaseModel, ConfigDict, Field, field_validator

from fastjwt import tokens
from fastjwt.exceptions import MissingTokenError
from fastjwt.types import AlgorithmType, StrOrSeq, TokenLocation, TokenType
from fastjwt.validation import check_payload

__all__ = ["RequestToken", "TokenPayload"]


def _now_timestamp() -> int:
    return int(datetime.now(UTC).timestamp())


class TokenPayload(BaseModel):
    """The claims of a verified token.

    Claims FastJWT does not define (those given with `data=` or as keyword
    arguments when the token was created) are kept and read as attributes.

    Example:
        ```python
        from fastjwt import TokenPayload

        payload = TokenPayload(sub="alice", type="access", role="admin")
        assert payload.role == "admin"
        assert payload.extra_dict == {"role": "admin"}
        ```
    """

    model_config = ConfigDict(extra="allow")

    jti: str | None = Field(default_factory=lambda: str(uuid4()))
    iss: str | None = None
    sub: str | None = None
    aud: str | list[str] | None = None
    exp: float | int | None = None
    nbf: float | int | None = None
    iat: float | int | None = Field(default_factory=_now_timestamp)
    type: str | None = None
    csrf: str | None = None
    scopes: list[str] | None = None
    fresh: bool = False
    fam: str | None = None

    if TYPE_CHECKING:
        # Extra claims are read as attributes; tell type checkers so.
        def __getattr__(self, name: str) -> Any: ...

    @field_validator("exp", "nbf", "iat", mode="before")
    @classmethod
    def _to_timestamp(cls, value: object) -> object:
        """Accept datetimes and durations (from now) where a timestamp is stored."""
        if isinstance(value, datetime):
            return value.timestamp()
        if isinstance(value, timedelta):
            return (datetime.now(UTC) + value).timestamp()
        return value

    @property
    def extra_dict(self) -> dict[str, Any]:
        """The claims that are not FastJWT's own."""
        return dict(self.__pydantic_extra__ or {})

    @property
    def issued_at(self) -> datetime | None:
        """`iat` as an aware UTC datetime."""
        return None if self.iat is None else datetime.fromtimestamp(self.iat, tz=UTC)

    @property
    def expiry_datetime(self) -> datetime | None:
        """`exp` as an aware UTC datetime, or `None` for a token that never expires."""
        return None if self.exp is None else datetime.fromtimestamp(self.exp, tz=UTC)

    @property
    def time_until_expiry(self) -> timedelta | None:
        """How long the token stays valid (negative once expired)."""
        expiry = self.expiry_datetime
        return None if expiry is None else expiry - datetime.now(UTC)

    @property
    def time_since_issued(self) -> timedelta | None:
        """How long ago the token was issued."""
        issued = self.issued_at
        return None if issued is None else datetime.now(UTC) - issued

    def has_scopes(self, *scopes: str) -> bool:
        """Whether the token carries every scope given."""
        return set(scopes).issubset(self.scopes or ())

    def encode(
        self,
        key: Any,
        algorithm: AlgorithmType = "HS256",
        ignore_errors: bool = True,  # noqa: ARG002 - kept for 0.4.1 callers
        headers: dict[str, Any] | None = None,
    ) -> str:
        """Sign these claims into a token, extra claims included."""
        claims = self.model_dump(exclude_none=True)
        return tokens.encode(claims, key, algorithm, headers)

    @classmethod
    def decode(
        cls,
        token: str,
        key: Any,
        algorithms: Sequence[AlgorithmType] = ("HS256",),
        audience: StrOrSeq | None = None,
        issuer: str | None = None,
        verify: bool = True,
    ) -> TokenPayload:
        """Decode a token into a payload.

        Warning:
            With `verify=False` nothing is checked: not the signature, not the
            expiry. Use it to inspect a token, never to trust one.

        Raises:
            JWTDecodeError: The token is malformed, wrongly signed or its
                claims do not hold.
        """
        claims = tokens.decode(
            token,
            key,
            algorithms=algorithms,
            audience=audience,
            issuer=issuer,
            verify=verify,
        )
        return tokens.to_payload(cls, claims)


class RequestToken(BaseModel):
    """A token found in a request, before it is verified."""

    token: str | None = None
    csrf: str | None = None
    type: TokenType = "access"
    location: TokenLocation

    def verify(
        self,
        key: Any,
        algorithms: Sequence[AlgorithmType] = ("HS256",),
        audience: StrOrSeq | None = None,
        issuer: str | None = None,
        verify_jwt: bool = True,
        verify_type: bool = True,
        verify_csrf: bool = True,  # noqa: ARG002 - cookie tokens, with the locations work
        verify_fresh: bool = False,
    ) -> TokenPayload:
        """Decode and check this token with an explicit key.

        `FastJWT.verify_token` does the same with the configured keys; prefer it.

        Raises:
            MissingTokenError: `token` is empty.
            JWTDecodeError: The token is malformed, wrongly signed or expired.
            TokenTypeError: The token is not of type `type`.
            FreshTokenRequiredError: `verify_fresh` is set and the token is not fresh.
        """
        if not self.token:
            raise MissingTokenError
        payload = TokenPayload.decode(
            self.token, key, algorithms, audience=audience, issuer=issuer, verify=verify_jwt
        )
        check_payload(
            payload, expected_type=self.type, verify_type=verify_type, verify_fresh=verify_fresh
        )
        return payload
