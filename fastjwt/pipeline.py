"""The verification pipeline: the one order in which every token is checked.

```text
Request | WebSocket
  -> find        the token, in the configured locations (fastjwt.web.locations)
  -> keys        the key its header names: own key set, or the JWK Set (fastjwt.keys)
  -> decode      signature and registered claims (fastjwt.tokens.codec), or a cache hit
  -> claims      into the route's payload model, strictly (fastjwt.payload)
  -> checks      type, freshness, CSRF double submit (fastjwt.checks)
  -> revocation  the store and the callbacks (fastjwt.revocation)
  -> scopes      403 when one is missing (fastjwt.checks)
  -> publish     the verified payload, for the route and for implicit refresh
```

Every public way to verify a token goes through this module: the HTTP and
WebSocket dependencies and `get_current_subject` through `Pipeline.authenticate`,
`FastJWT.verify_token_async` through `Pipeline.verify`, the sync
`FastJWT.verify_token` through `Pipeline.verify_now` (the same stages, with a
revocation check that cannot await), `RequestToken.verify` through
`verify_with_key` (an explicit key and no store), and `verify_token_claims`
and the command line through `verify_claims` (the stages up to decode).
Everything that depends on the settings alone was fixed when the
configuration was prepared (`fastjwt.runtime`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from fastjwt.checks import check_csrf, check_payload, check_scopes
from fastjwt.exceptions import JWTDecodeError, MissingTokenError
from fastjwt.payload import TokenPayload, decode_with_key, to_payload
from fastjwt.tokens import codec
from fastjwt.tokens.claims import REQUIRED_CLAIMS

if TYPE_CHECKING:
    from starlette.requests import HTTPConnection

    from fastjwt._types import FoundToken, StrOrSeq, TokenLocation, TokenType
    from fastjwt.cache import Verified
    from fastjwt.config import FJWTConfig
    from fastjwt.issuers import IssuerPolicy
    from fastjwt.keys.keyring import KeySource, VerificationKey
    from fastjwt.revocation import Revocations
    from fastjwt.runtime import Prepared, Runtime

__all__ = [
    "AUTHENTICATED",
    "Finder",
    "Pending",
    "Pipeline",
    "Policy",
    "Unverified",
    "verify_claims",
    "verify_with_key",
]

AUTHENTICATED = "fastjwt.authenticated"
"""Scope key where the pipeline leaves `(found token, payload)` once every check passed."""


class Finder(Protocol):
    """The find stage: the token of a request, from the given locations.

    Both methods raise `MissingTokenError` or `MalformedRequestError`.
    """

    def now(
        self,
        connection: HTTPConnection,
        config: FJWTConfig,
        token_type: TokenType,
        locations: Sequence[TokenLocation] | None = None,
        read_form: bool = False,
    ) -> FoundToken | None:
        """Find the token without awaiting; `None` when a body may have to be read."""

    async def later(
        self,
        connection: HTTPConnection,
        config: FJWTConfig,
        token_type: TokenType,
        locations: Sequence[TokenLocation] | None = None,
        *,
        read_form: bool = False,
    ) -> FoundToken:
        """Find the token, reading the body if need be."""


@dataclass(frozen=True, slots=True)
class Policy:
    """What one route requires of its token; built once, with its dependency.

    Attributes:
        token_type: The type of token the route takes.
        verify_type: Refuse tokens of the other type.
        verify_fresh: Require a fresh token.
        verify_csrf: Check the CSRF value of cookie tokens always (`True`),
            never (`False`), or for the `JWT_CSRF_METHODS` when
            `JWT_COOKIE_CSRF_PROTECT` is on (`None`). WebSocket handshakes have
            no method, so `None` never checks them: their `Origin` is what
            tells a cross-site page.
        locations: Where to look, in order; `JWT_TOKEN_LOCATION` when `None`.
        optional: A request without any token gets `None` instead of a 401.
        payload_type: The model the claims are validated into.
        scopes: Scopes the token must carry.
        any_scope: One of `scopes` is enough.
    """

    token_type: TokenType = "access"
    verify_type: bool = True
    verify_fresh: bool = False
    verify_csrf: bool | None = None
    locations: tuple[TokenLocation, ...] | None = None
    optional: bool = False
    payload_type: type[TokenPayload] = TokenPayload
    scopes: tuple[str, ...] = ()
    any_scope: bool = False


class Pipeline:
    """The verification of one `FastJWT`: its prepared settings, revocations and finder.

    Dependency objects hold this, not the facade.

    Args:
        prepared: The configuration, prepared (and rebuilt when it changes).
        revocations: The revocation stage.
        find: The find stage.
    """

    def __init__(self, prepared: Prepared, revocations: Revocations, find: Finder) -> None:
        self.prepared = prepared
        self.revocations = revocations
        self.find = find

    async def authenticate(self, connection: HTTPConnection, policy: Policy) -> TokenPayload | None:
        """Run every stage on a request or WebSocket, and publish the payload.

        Returns:
            The verified payload; `None` for an optional policy when the
            request carries no token at all.

        Raises:
            AuthenticationError: A stage refused the token (401, 403 for scopes).
            RevocationUnavailableError: The revocation store cannot be reached (503).
            JWKSUnavailableError: The token's key cannot be fetched (503).
        """
        result = self.authenticate_now(connection, policy)
        if isinstance(result, Pending):
            return await self.finish(connection, policy, result)
        return result

    def authenticate_now(
        self, connection: HTTPConnection, policy: Policy
    ) -> TokenPayload | Pending | None:
        """`authenticate` as far as it goes without awaiting: most requests, all the way.

        A body to read, a JWK Set to consult or a store to ask over the network
        (or a callback) needs awaiting: then the stages done so far come back
        as a `Pending`, for `finish`.

        Raises:
            As `authenticate`.
        """
        runtime = self.prepared.current()
        config = runtime.config
        verify_csrf = policy.verify_csrf
        csrf = (
            verify_csrf
            if verify_csrf is not None
            else connection.scope.get("method") in runtime.csrf_methods
        )
        read_form = csrf and config.JWT_CSRF_CHECK_FORM
        try:
            found = self.find.now(
                connection, config, policy.token_type, policy.locations, read_form
            )
        except MissingTokenError as error:
            _allow_absent(policy, error)
            return None
        revocations = self.revocations
        if found is None or not revocations.immediate:
            return Pending(found, csrf, runtime)
        token = _token_of(found)
        ready, read = _at_hand(token, runtime)
        if not ready:
            return Pending(found, csrf, runtime, read)
        payload = _verified(found, token, policy, csrf, runtime, None, read)
        revocations.check_store_now(payload)
        if policy.scopes:
            check_scopes(payload, policy.scopes, any_of=policy.any_scope)
        connection.scope[AUTHENTICATED] = (found, payload)
        return payload

    async def finish(
        self, connection: HTTPConnection, policy: Policy, pending: Pending
    ) -> TokenPayload | None:
        """The stages `authenticate_now` left, awaiting what they need.

        Raises:
            As `authenticate`.
        """
        found, csrf, runtime, read = pending
        if found is None:
            config = runtime.config
            read_form = csrf and config.JWT_CSRF_CHECK_FORM
            try:
                found = await self.find.later(
                    connection, config, policy.token_type, policy.locations, read_form=read_form
                )
            except MissingTokenError as error:
                _allow_absent(policy, error)
                return None
        payload = await self._after_find(found, policy, csrf, runtime, None, read)
        connection.scope[AUTHENTICATED] = (found, payload)
        return payload

    async def verify(
        self,
        found: FoundToken,
        policy: Policy,
        *,
        csrf: bool,
        runtime: Runtime | None = None,
        now: float | None = None,
    ) -> TokenPayload:
        """Run the stages after find on a token; fetch a missing JWKS key first.

        Raises:
            As `authenticate`, and `MissingTokenError` for an empty token.
        """
        runtime = self.prepared.current() if runtime is None else runtime
        return await self._after_find(found, policy, csrf, runtime, now)

    async def _after_find(
        self,
        found: FoundToken,
        policy: Policy,
        csrf: bool,
        runtime: Runtime,
        now: float | None,
        read: Unverified | None = None,
    ) -> TokenPayload:
        token = _token_of(found)
        if runtime.jwks is not None or runtime.issuers is not None:
            # Fetch a JWK Set when it is stale or lacks the key, whether the token is cached or not.
            entry = None if read is not None or runtime.cache is None else runtime.cache.peek(token)
            if entry is not None:
                source, kid = entry.source, entry.kid
            else:
                read = _read(token, runtime) if read is None else read
                source, kid = read.source(runtime), read.parsed.header.get("kid")
            await source.prepare("" if kid is None else kid)
        payload = _verified(found, token, policy, csrf, runtime, now, read)
        revocations = self.revocations
        if revocations.immediate:
            revocations.check_now(payload, token)
        else:
            await revocations.check(payload, token)
        if policy.scopes:
            check_scopes(payload, policy.scopes, any_of=policy.any_scope)
        return payload

    def verify_now(
        self, found: FoundToken, policy: Policy, *, csrf: bool, now: float | None = None
    ) -> TokenPayload:
        """The same stages without awaiting, for sync callers: JWKS keys already fetched only.

        Raises:
            As `verify`, and `TypeError` when the revocation check cannot run
            without awaiting (see `Revocations.check_now`).
        """
        runtime = self.prepared.current()
        token = _token_of(found)
        payload = _verified(found, token, policy, csrf, runtime, now, None)
        self.revocations.check_now(payload, token)
        if policy.scopes:
            check_scopes(payload, policy.scopes, any_of=policy.any_scope)
        return payload


def verify_claims(token: str, runtime: Runtime, now: float | None = None) -> dict[str, Any]:
    """The stages up to decode: the claims of a token whose signature and registered claims hold.

    The claim named by `JWT_IDENTITY_CLAIM` is returned as `sub`.

    Raises:
        JWTDecodeError: The token is malformed, wrongly signed, expired, not yet
            valid, for another audience or issuer, has no subject, or names no
            configured key.
        JWKSUnavailableError: Its key may exist, but the JWK Set cannot be fetched.
    """
    return _claims(token, runtime, now)


def verify_with_key(
    found: FoundToken,
    key: Any,
    algorithms: Sequence[str],
    *,
    audience: StrOrSeq | None,
    issuer: str | None,
    verify_jwt: bool,
    policy: Policy,
    csrf: bool,
) -> TokenPayload:
    """The stages after find with an explicit key and no revocation store (`RequestToken.verify`).

    The claims every FastJWT token carries are required, `exp` included, as
    with the configured keys by default, so both ways accept the same tokens.

    Raises:
        As `Pipeline.verify_now`, but never `TypeError`.
    """
    token = _token_of(found)
    claims = decode_with_key(
        token,
        key,
        algorithms,
        audience,
        issuer,
        verify_jwt,
        require=(*REQUIRED_CLAIMS, "sub", "exp"),
        types=frozenset({"jwt"}),
    )
    if verify_jwt:
        claims = _subject(claims, "sub")
    payload = to_payload(policy.payload_type, claims)
    return _checked(found, payload, policy, csrf, None, time.time())


class Unverified(NamedTuple):
    """A token parsed, and the trusted issuer its `iss` names, before anything is verified.

    Attributes:
        parsed: The token, split and decoded.
        claims: Its payload, read to learn the issuer (`None` without trusted issuers).
        issuer: The policy of the trusted issuer it names; `None`: the own keys.
    """

    parsed: codec.Parsed
    claims: dict[str, Any] | None
    issuer: IssuerPolicy | None

    def source(self, runtime: Runtime) -> KeySource:
        """The keys the token is checked with: its trusted issuer's, or the configuration's."""
        return runtime.source if self.issuer is None else self.issuer.keys


class Pending(NamedTuple):
    """Where `Pipeline.authenticate_now` stopped: the token, if found, and what it decided."""

    found: FoundToken | None
    csrf: bool
    runtime: Runtime
    read: Unverified | None = None
    """The token as parsed to learn whether its keys were at hand, if it was."""


def _allow_absent(policy: Policy, error: MissingTokenError) -> None:
    """Raise `error`, unless the policy is optional and the request carries no token at all.

    Optional means "no token is fine"; a cookie token without its CSRF value is not.
    """
    if not (policy.optional and type(error) is MissingTokenError):
        raise error


def _token_of(found: FoundToken) -> str:
    if not found.token:
        raise MissingTokenError
    return found.token


def _verified(
    found: FoundToken,
    token: str,
    policy: Policy,
    csrf: bool,
    runtime: Runtime,
    now: float | None,
    read: Unverified | None,
) -> TokenPayload:
    """The stages keys, decode, claims and checks, as of `now` (the present when `None`)."""
    moment = time.time() if now is None else now
    # A given `now` verifies "as of" another time: the cache only speaks for the present.
    cache = runtime.cache if now is None else None
    model = policy.payload_type
    if cache is not None:
        entry = cache.get(token, moment)
        if entry is not None and (entry.source is runtime.keys or _key_kept(entry)):
            payload = entry.payload(model, again=True)
        else:
            entry = cache.put(token, *_decoded(token, runtime, moment, read))
            payload = entry.payload(model, again=False)
    else:
        payload = to_payload(model, _decoded(token, runtime, moment, read)[0])
    if (
        policy.verify_fresh
        or (policy.verify_type and payload.type != found.type)
        or (csrf and found.location == "cookies")
    ):
        _checked(found, payload, policy, csrf, runtime.fresh_for, moment)
    return payload


def _checked(
    found: FoundToken,
    payload: TokenPayload,
    policy: Policy,
    csrf: bool,
    fresh_for: float | None,
    now: float,
) -> TokenPayload:
    if policy.verify_fresh or (policy.verify_type and payload.type != found.type):
        check_payload(
            payload,
            expected_type=found.type,
            verify_type=policy.verify_type,
            verify_fresh=policy.verify_fresh,
            fresh_for=fresh_for,
            now=now,
        )
    if csrf and found.location == "cookies":
        check_csrf(found, payload)
    return payload


def _claims(token: str, runtime: Runtime, now: float | None) -> dict[str, Any]:
    moment = time.time() if now is None else now
    cache = runtime.cache if now is None else None
    if cache is not None:
        entry = cache.get(token, moment)
        if entry is not None and _key_kept(entry):
            return entry.fresh_claims()
    return _decoded(token, runtime, moment, None)[0]


def _key_kept(entry: Verified) -> bool:
    """Whether the key that verified a cached token still verifies (a JWK Set may drop it)."""
    return entry.source.holds(entry.kid, entry.key)


def _at_hand(token: str, runtime: Runtime) -> tuple[bool, Unverified | None]:
    """Whether the keys a token needs are at hand, so that checking it needs no await.

    A cached token names its keys; another is parsed to learn them, and the
    parse comes back, for the decode stage to use.

    Raises:
        JWTDecodeError: The token is malformed.
    """
    if runtime.jwks is None and runtime.issuers is None:
        return True, None
    entry = None if runtime.cache is None else runtime.cache.peek(token)
    if entry is not None:
        return entry.source.ready(entry.kid), None
    read = _read(token, runtime)
    return read.source(runtime).ready(read.parsed.header.get("kid")), read


def _read(token: str, runtime: Runtime) -> Unverified:
    """Parse a token, and find the trusted issuer it names, if any.

    Raises:
        JWTDecodeError: The token is malformed, or its payload is not a JSON object.
    """
    parsed = codec.parse(token)
    if runtime.issuers is None:
        return Unverified(parsed, None, None)
    claims = codec.read_claims(parsed)  # not trusted yet: it only names the issuer
    return Unverified(parsed, claims, runtime.issuers.match(claims.get("iss")))


def _decoded(
    token: str, runtime: Runtime, now: float, read: Unverified | None
) -> tuple[dict[str, Any], VerificationKey, str | None, KeySource]:
    """The keys and decode stages: the claims, the key that verified them, its `kid`, its source.

    A token naming a trusted issuer is checked with that issuer's keys and
    rules only; any other token with the configuration's own keys, if it has any.
    """
    parsed, claims, policy = _read(token, runtime) if read is None else read
    kid = parsed.header.get("kid")
    if claims is not None:
        if policy is not None:
            key = policy.keys.select(parsed.header)
            verified = codec.verify(parsed, key, policy.rules, now, claims)
            return policy.accept(token, verified), key, kid, policy.keys
        issuer = claims.get("iss")
        if not runtime.own:
            raise JWTDecodeError(
                description=codec.missing("iss")
                if issuer is None
                else f"The token issuer {codec.shown(issuer)} is not accepted"
            )
    key = runtime.source.select(parsed.header)
    verified = codec.verify(parsed, key, runtime.rules, now, claims)
    return _subject(verified, runtime.identity), key, kid, runtime.source


def _subject(claims: dict[str, Any], identity: str) -> dict[str, Any]:
    """Check the subject, and put the identity claim under `sub`."""
    subject = claims[identity]
    if not isinstance(subject, str) or not subject:
        raise JWTDecodeError(description="The token subject must be a non-empty string")
    if identity == "sub":
        return claims
    if "sub" in claims:
        raise JWTDecodeError(description=f"The token has both sub and {identity}")
    return {"sub" if name == identity else name: value for name, value in claims.items()}
