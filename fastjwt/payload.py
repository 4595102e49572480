"""`TokenPayload`: the claims of a verified token, as the route receives them."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import uuid4

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from fastjwt.exceptions import JWTDecodeError
from fastjwt.keys.keyring import VerificationKey
from fastjwt.tokens import codec

if TYPE_CHECKING:
    from fastjwt._types import AlgorithmType, StrOrSeq

__all__ = ["PayloadTemplate", "TokenPayload", "copy_json", "decode_with_key", "to_payload"]

P = TypeVar("P", bound="TokenPayload")


def _now_timestamp() -> int:
    return int(datetime.now(UTC).timestamp())


class TokenPayload(BaseModel):
    """The claims of a verified token.

    Claims FastJWT does not define (those given with `data=` or as keyword
    arguments when the token was created) are kept and read as attributes;
    `extra_dict` holds them all.

    See Also:
        [Payload data and custom claims](../how-to/payload.md), and the
        [claims reference](../reference/claims.md).

    Example:
        ```python
        from fastjwt import TokenPayload

        payload = TokenPayload(sub="alice", type="access", role="admin")
        assert payload.role == "admin"
        assert payload.extra_dict == {"role": "admin"}
        ```
    """

    # Assignments are validated too, so `payload.exp = timedelta(...)` stores a timestamp and
    # `expiry_datetime` keeps working (as in fastjwt 0.4.1, which converted such values).
    model_config = ConfigDict(extra="allow", validate_assignment=True)

    jti: str | None = Field(default_factory=lambda: str(uuid4()))
    """The token's unique id: what a revocation records."""
    iss: str | None = None
    """The issuer (`JWT_ENCODE_ISSUER`), when the token names one."""
    sub: str | None = None
    """The subject: the `uid` the token was created for (whatever `JWT_IDENTITY_CLAIM` names)."""
    aud: str | list[str] | None = None
    """The audience: one string, or a list of them."""
    exp: float | int | None = None
    """When the token expires, in seconds since 1970 (UTC); `None` for a token that never does."""
    nbf: float | int | None = None
    """Not valid before this moment, in seconds since 1970 (`JWT_ENCODE_NBF`)."""
    iat: float | int | None = Field(default_factory=_now_timestamp)
    """When the token was created, in seconds since 1970."""
    type: str | None = None
    """`"access"` or `"refresh"`."""
    csrf: str | None = None
    """The value a cookie token's CSRF double submit must repeat (`JWT_COOKIE_CSRF_PROTECT`)."""
    scopes: list[str] | None = None
    """What the token may do, checked by `FastJWT.scopes_required`."""
    fresh: bool = False
    """Whether the access token was issued at login (`create_access_token(fresh=True)`)."""
    fam: str | None = None
    """The refresh-token family of a rotated token (`FastJWT.rotate_refresh_token`)."""

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
        implementation = codec.ALGORITHMS[algorithm]
        try:
            prepared = implementation.prepare_key(key)
        except (codec.InvalidKeyError, ValueError, TypeError) as error:
            msg = f"The key cannot be used with {algorithm}: {error}"
            raise ValueError(msg) from error
        return codec.encode(claims, prepared, algorithm, headers)

    @classmethod
    def decode(
        cls,
        token: str,
        key: Any,
        algorithms: Sequence[AlgorithmType] = ("HS256",),
        audience: StrOrSeq | None = None,
        issuer: str | None = None,
        verify: bool = True,
        *,
        at: datetime | None = None,
    ) -> TokenPayload:
        """Decode a token into a payload: its signature checked with `key`, its registered claims.

        This is the decode stage alone, with an explicit key: no token type,
        freshness, CSRF or revocation check (`FastJWT.verify_token` runs them all).
        It reads any library's tokens: claims FastJWT writes are not required,
        and ECDSA signatures with a high `s` are accepted (the raw-string
        revocation that needs one spelling per token does not take part).

        Warning:
            With `verify=False` nothing is checked: not the signature, not the
            expiry. Use it to inspect a token, never to trust one.

        Raises:
            JWTDecodeError: The token is malformed, wrongly signed or its
                claims do not hold.
        """
        moment = None if at is None else at.timestamp()
        claims = decode_with_key(
            token, key, algorithms, audience, issuer, verify, now=moment, low_s=False
        )
        return to_payload(cls, claims)


def to_payload(model: type[P], claims: Mapping[str, Any]) -> P:
    """Validate verified claims into `model`, strictly: no type coercion.

    A token without `iat` or `jti` (a provider's, or one decoded with
    `TokenPayload.decode`) reads as `None` there, never as the time of
    reading or a random id, which are the defaults for a payload being made.

    Raises:
        JWTDecodeError: A claim has the wrong type for `model`.
    """
    if "iat" not in claims or "jti" not in claims:
        claims = {"iat": None, "jti": None, **claims}
    try:
        return model.model_validate(claims, strict=True)
    except ValidationError as error:
        fields = ", ".join(sorted({str(item["loc"][0]) for item in error.errors() if item["loc"]}))
        raise JWTDecodeError(description=f"The token claims are malformed: {fields}") from error


def copy_json(value: Any) -> Any:
    """A copy of a JSON value, deep where it holds lists or objects."""
    if isinstance(value, list):
        return [copy_json(item) for item in value]
    if isinstance(value, dict):
        return {name: copy_json(item) for name, item in value.items()}
    return value


_new = object.__new__
_set = object.__setattr__


class PayloadTemplate:
    """Builds copies of one validated payload, for a token verified again.

    Validation is the costly part of reading a payload a second time; a copy
    made from the validated one is the same object for the route, and shares
    nothing with the template that a route could change (lists and objects
    are copied each time). Only models whose instances are their fields and
    extra claims qualify: no private attributes, no `model_post_init`.
    """

    def __init__(self, payload: TokenPayload) -> None:
        self.model = type(payload)
        self.fields = {name: copy_json(value) for name, value in payload.__dict__.items()}
        extra = payload.__pydantic_extra__
        self.extra = None if extra is None else {k: copy_json(v) for k, v in extra.items()}
        self.fields_set = frozenset(payload.__pydantic_fields_set__)
        self.deep = tuple(
            name for name, value in self.fields.items() if isinstance(value, list | dict)
        )
        self.deep_extra = tuple(
            name for name, value in (self.extra or {}).items() if isinstance(value, list | dict)
        )

    @staticmethod
    def fits(model: type[TokenPayload]) -> bool:
        """Whether instances of `model` can be built from a template."""
        return not model.__private_attributes__ and model.__pydantic_post_init__ is None

    def build(self) -> TokenPayload:
        """A new payload equal to the template's."""
        fields = dict(self.fields)
        for name in self.deep:
            fields[name] = copy_json(fields[name])
        extra = None if self.extra is None else dict(self.extra)
        for name in self.deep_extra:
            extra[name] = copy_json(extra[name])  # type: ignore[index]
        payload: TokenPayload = _new(self.model)
        _set(payload, "__dict__", fields)
        _set(payload, "__pydantic_fields_set__", set(self.fields_set))
        _set(payload, "__pydantic_extra__", extra)
        _set(payload, "__pydantic_private__", None)
        return payload


def decode_with_key(
    token: str,
    key: Any,
    algorithms: Sequence[str],
    audience: StrOrSeq | None = None,
    issuer: str | None = None,
    verify: bool = True,
    *,
    require: tuple[str, ...] = (),
    types: frozenset[str] | None = None,
    now: float | None = None,
    low_s: bool = True,
) -> dict[str, Any]:
    """Decode a token with a key given as text or as a key object, as 0.4.1's helpers did.

    The key is prepared for the algorithm the token declares, if it is one of
    `algorithms`; HMAC secrets that look like public keys are refused by
    PyJWT's own rule, so an RSA public key can never act as an HMAC secret.
    `require`, `types` and `low_s` are as in `DecodeRules` (any `typ` by default).

    Raises:
        JWTDecodeError: The token is malformed, of another algorithm, wrongly
            signed, or its registered claims fail.
    """
    parsed = codec.parse(token)
    if not verify:
        try:
            return codec.unverified_claims(token)
        except ValueError as error:
            raise JWTDecodeError(description=codec.MALFORMED) from error
    algorithm = parsed.header.get("alg")
    if not isinstance(algorithm, str) or algorithm not in tuple(algorithms):
        raise JWTDecodeError(description=codec.BAD_ALGORITHM)
    try:
        prepared = codec.ALGORITHMS[algorithm].prepare_key(key)
    except (codec.InvalidKeyError, ValueError, TypeError) as error:
        raise JWTDecodeError(description=codec.INVALID) from error
    rules = codec.DecodeRules(
        audience=None if audience is None else _names(audience),
        issuer=None if issuer is None else (issuer,),
        require=require,
        types=types,
        low_s=low_s,
    )
    moment = time.time() if now is None else now
    return codec.verify(parsed, VerificationKey(prepared, (algorithm,)), rules, moment)


def _names(value: StrOrSeq) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)
