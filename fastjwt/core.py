"""`FastJWT`, the facade that wires configuration, tokens and dependencies together."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from fastjwt import cookies, locations, tokens
from fastjwt.bundle import FastJWTDeps
from fastjwt.config import FJWTConfig
from fastjwt.dependencies import TokenRequired
from fastjwt.exceptions import AuthenticationError, MissingTokenError
from fastjwt.models import RequestToken, TokenPayload
from fastjwt.validation import check_csrf, check_payload

if TYPE_CHECKING:
    from collections.abc import Sequence

    from starlette.applications import Starlette
    from starlette.requests import HTTPConnection

    from fastjwt.types import DateTimeExpression, StrOrSeq, TokenLocation, TokenType

__all__ = ["FastJWT"]

T = TypeVar("T")


class FastJWT(Generic[T]):
    """JWT authentication for a FastAPI application.

    It holds the configuration, creates tokens, and offers the dependencies
    that protect routes. Without any further setup, an authentication failure
    answers 401 with a `{"detail": ...}` body and a `WWW-Authenticate: Bearer`
    challenge; `handle_errors` customises the bodies.

    Args:
        config: The settings. When given, its keys are checked at once, so a
            misconfigured app fails at startup. When omitted, a new
            `FJWTConfig` reads the environment, and its keys are checked when
            `load_config` is called or the first token is created or verified.
        model: The type of the subject your subject getter returns; it only
            serves type checkers (`FastJWT[User]` does the same).

    Example:
        ```python
        from fastjwt import FastJWT, FJWTConfig

        security = FastJWT(FJWTConfig(JWT_SECRET_KEY="a-secret-of-thirty-two-bytes-at-least"))
        token = security.create_access_token(uid="alice", data={"role": "admin"})
        assert token.count(".") == 2
        ```
    """

    MSG_DEFAULT = "FastJWTException"
    MSG_TOKEN_ERROR = "Token Error"
    MSG_MISSING_TOKEN_ERROR = "Missing JWT in request"
    MSG_MISSING_CSRF_ERROR = "Missing CSRF double submit token in request"
    MSG_MALFORMED_REQUEST_ERROR = "Malformed token in request"
    MSG_INVALID_HEADER_ERROR = "Malformed Authorization header"
    MSG_TOKEN_TYPE_ERROR = "Bad token type"
    MSG_REVOKED_TOKEN_ERROR = "Invalid token"
    MSG_TOKEN_REQUIRED_ERROR = "Token required"
    MSG_FRESH_TOKEN_REQUIRED_ERROR = "Fresh token required"
    MSG_ACCESS_TOKEN_REQUIRED_ERROR = "Access token required"
    MSG_REFRESH_TOKEN_REQUIRED_ERROR = "Refresh token required"
    MSG_CSRF_ERROR = "CSRF double submit does not match"
    MSG_DECODE_JWT_ERROR = "Invalid Token"

    @overload
    def __init__(self: FastJWT[Any], config: FJWTConfig | None = None) -> None: ...
    @overload
    def __init__(self, config: FJWTConfig | None = None, *, model: type[T]) -> None: ...
    @overload
    def __init__(self, config: FJWTConfig | None, model: type[T]) -> None: ...

    def __init__(self, config: FJWTConfig | None = None, model: type[T] | None = None) -> None:
        self.model = model
        self._config = FJWTConfig() if config is None else config
        if config is not None:
            self.load_config(config)
        self._access_token_required = TokenRequired(self, token_type="access")
        self._refresh_token_required = TokenRequired(self, token_type="refresh")
        self._fresh_token_required = TokenRequired(self, token_type="access", verify_fresh=True)

    def load_config(self, config: FJWTConfig) -> None:
        """Use `config` from now on, after checking its keys.

        Raises:
            BadConfigurationError: A key is missing or unusable.
        """
        config.keys  # noqa: B018 - parses the keys now, so errors surface at startup
        self._config = config

    @property
    def config(self) -> FJWTConfig:
        """The settings in use."""
        return self._config

    @property
    def access_token_required(self) -> TokenRequired:
        """Dependency that requires a valid access token (the same object on every access)."""
        return self._access_token_required

    @property
    def refresh_token_required(self) -> TokenRequired:
        """Dependency that requires a valid refresh token."""
        return self._refresh_token_required

    @property
    def fresh_token_required(self) -> TokenRequired:
        """Dependency that requires a valid, fresh access token (one issued at login)."""
        return self._fresh_token_required

    def token_required(
        self,
        type: TokenType = "access",
        verify_type: bool = True,
        verify_fresh: bool = False,
        verify_csrf: bool | None = None,
        locations: Sequence[TokenLocation] | None = None,
    ) -> TokenRequired:
        """Build a dependency with its own checks.

        Create it once, at import time, and reuse it: each call makes a new object.

        Args:
            type: The token type the route accepts.
            verify_type: Refuse tokens of the other type.
            verify_fresh: Require a fresh token.
            verify_csrf: Check the CSRF double submit value of cookie tokens:
                always (`True`), never (`False`), or when `JWT_COOKIE_CSRF_PROTECT`
                is set and the method is in `JWT_CSRF_METHODS` (`None`).
            locations: Where this route looks for the token, in order;
                `JWT_TOKEN_LOCATION` when omitted.
        """
        return TokenRequired(
            self,
            token_type=type,
            verify_type=verify_type,
            verify_fresh=verify_fresh,
            verify_csrf=verify_csrf,
            locations=locations,
        )

    def create_access_token(
        self,
        uid: str,
        fresh: bool = False,
        headers: Mapping[str, Any] | None = None,
        expiry: DateTimeExpression | None = None,
        data: Mapping[str, Any] | None = None,
        audience: StrOrSeq | None = None,
        **extra_claims: Any,
    ) -> str:
        """Create a signed access token for the user `uid`.

        Args:
            uid: The user's identifier, stored in `sub`. Prefer an opaque id
                to a name or an email: anyone holding the token can read it.
            fresh: Mark the token fresh, as at login.
            headers: Extra JOSE header fields.
            expiry: When the token expires: a `datetime`, or a duration as a
                `timedelta` or seconds. Defaults to `JWT_ACCESS_TOKEN_EXPIRES`.
            data: Extra claims to store in the token.
            audience: The `aud` claim; defaults to `JWT_ENCODE_AUDIENCE`.
            **extra_claims: More extra claims.

        Raises:
            ValueError: A claim in `data` or `extra_claims` is one FastJWT
                writes itself (`sub`, `exp`, `type`, ...).
            BadConfigurationError: The signing key is not configured.
        """
        return self._create_token(
            "access", uid, fresh, headers, expiry, data, audience, extra_claims
        )

    def create_refresh_token(
        self,
        uid: str,
        headers: Mapping[str, Any] | None = None,
        expiry: DateTimeExpression | None = None,
        data: Mapping[str, Any] | None = None,
        audience: StrOrSeq | None = None,
        **extra_claims: Any,
    ) -> str:
        """Create a signed refresh token for the user `uid`.

        It takes the arguments of `create_access_token` but `fresh`; its
        default lifetime is `JWT_REFRESH_TOKEN_EXPIRES`.
        """
        return self._create_token(
            "refresh", uid, False, headers, expiry, data, audience, extra_claims
        )

    def _create_token(
        self,
        token_type: TokenType,
        uid: str,
        fresh: bool,
        headers: Mapping[str, Any] | None,
        expiry: DateTimeExpression | None,
        data: Mapping[str, Any] | None,
        audience: StrOrSeq | None,
        extra_claims: Mapping[str, Any],
    ) -> str:
        config = self._config
        if expiry is None:
            expiry = (
                config.JWT_ACCESS_TOKEN_EXPIRES
                if token_type == "access"
                else config.JWT_REFRESH_TOKEN_EXPIRES
            )
        claims = tokens.build_claims(
            uid=uid,
            token_type=token_type,
            fresh=fresh,
            lifetime=expiry,
            issuer=config.JWT_ENCODE_ISSUER,
            audience=config.JWT_ENCODE_AUDIENCE if audience is None else audience,
            not_before=config.JWT_ENCODE_NBF,
            csrf=config.JWT_COOKIE_CSRF_PROTECT,
            data=data,
            extra=extra_claims,
        )
        keys = config.keys
        return tokens.encode(claims, keys.require_signing_key(), keys.algorithm, headers)

    def verify_token(
        self,
        token: RequestToken,
        verify_type: bool = True,
        verify_fresh: bool = False,
        verify_csrf: bool = True,
    ) -> TokenPayload:
        """Verify a token found in a request and return its claims.

        The signature, `exp`, `nbf`, `iat`, and the configured audience and
        issuer are checked first; then the token type, freshness, and for a
        cookie token the CSRF double submit value.

        Raises:
            MissingTokenError: `token.token` is empty.
            JWTDecodeError: The token is malformed, wrongly signed, expired or
                foreign.
            TokenTypeError: The token is not of type `token.type`.
            FreshTokenRequiredError: `verify_fresh` is set and the token is not fresh.
            MissingCSRFTokenError: `verify_csrf` is set and a cookie token
                came without its CSRF value.
            CSRFError: `verify_csrf` is set and the CSRF value does not match.
        """
        if not token.token:
            raise MissingTokenError
        payload = tokens.to_payload(TokenPayload, self.verify_token_claims(token.token))
        check_payload(
            payload,
            expected_type=token.type,
            verify_type=verify_type,
            verify_fresh=verify_fresh,
        )
        if verify_csrf:
            check_csrf(token, payload)
        return payload

    def verify_token_claims(self, token: str) -> dict[str, Any]:
        """Verify an encoded token with the configured keys and return its raw claims.

        Only the signature and the registered claims are checked, not the type.

        Raises:
            JWTDecodeError: The token is malformed, wrongly signed, expired or foreign.
        """
        config = self._config
        keys = config.keys
        return tokens.decode(
            token,
            keys.verifying_key,
            algorithms=(keys.algorithm,),
            audience=config.JWT_DECODE_AUDIENCE,
            issuer=config.JWT_DECODE_ISSUER,
            leeway=config.JWT_DECODE_LEEWAY or 0,
            require=tokens.REQUIRED_CLAIMS,
        )

    async def get_access_token_from_request(self, request: HTTPConnection) -> RequestToken:
        """Find the access token in a request, without verifying it.

        Raises:
            MissingTokenError: The request carries no token.
            InvalidHeaderError: The token header is malformed.
        """
        return await locations.find_token(request, self._config, "access")

    async def get_refresh_token_from_request(self, request: HTTPConnection) -> RequestToken:
        """Find the refresh token in a request, without verifying it.

        Raises:
            MissingTokenError: The request carries no token.
            InvalidHeaderError: The token header is malformed.
        """
        return await locations.find_token(request, self._config, "refresh")

    def set_access_cookies(
        self, token: str, response: Response, max_age: int | None = None
    ) -> None:
        """Store an access token in its HttpOnly cookie, and its CSRF value in a readable one."""
        cookies.set_token_cookies(response, token, "access", self._config, max_age)

    def set_refresh_cookies(
        self, token: str, response: Response, max_age: int | None = None
    ) -> None:
        """Store a refresh token in its HttpOnly cookie, and its CSRF value in a readable one."""
        cookies.set_token_cookies(response, token, "refresh", self._config, max_age)

    def unset_access_cookies(self, response: Response) -> None:
        """Clear the access token cookie and its CSRF cookie."""
        cookies.unset_token_cookies(response, "access", self._config)

    def unset_refresh_cookies(self, response: Response) -> None:
        """Clear the refresh token cookie and its CSRF cookie."""
        cookies.unset_token_cookies(response, "refresh", self._config)

    def unset_cookies(self, response: Response) -> None:
        """Clear every token cookie: what a logout route does."""
        self.unset_access_cookies(response)
        self.unset_refresh_cookies(response)

    def get_dependency(self, request: Request, response: Response) -> FastJWTDeps[T]:
        """Dependency that gives a route the `FastJWTDeps` bundle for its request.

        Use it as `deps: Annotated[FastJWTDeps, Depends(security.get_dependency)]`.
        """
        return FastJWTDeps(self, request, response)

    def handle_errors(self, app: Starlette) -> None:
        """Answer FastJWT's errors with custom bodies.

        Each authentication error then gets the body
        `{JWT_ERROR_MESSAGE_KEY: <message>, "error_type": <exception class name>}`,
        where the message is the `MSG_*` attribute of this instance for that
        error (assign them to change the wording). Status and
        `WWW-Authenticate` header stay as without this call.
        """
        app.add_exception_handler(AuthenticationError, self._error_response)  # type: ignore[arg-type]

    async def _error_response(self, _request: Request, error: AuthenticationError) -> Response:
        message = getattr(self, error.msg_attribute, self.MSG_DEFAULT)
        return JSONResponse(
            {self._config.JWT_ERROR_MESSAGE_KEY: message, "error_type": type(error).__name__},
            status_code=error.status_code,
            headers=error.headers,
        )
