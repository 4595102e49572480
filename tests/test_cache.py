"""The cache of verified tokens: hits re-check time claims, copies keep the cache intact."""

from __future__ import annotations

import time
from typing import Any

import pytest
from pydantic import ConfigDict, PrivateAttr

from fastjwt import FastJWT, FJWTConfig, JWTDecodeError, RequestToken, TokenPayload
from fastjwt.cache import VerifiedTokens
from fastjwt.keys.keyring import load_keys
from tests.support import SECRET

KEY = object()
SOURCE = load_keys(FJWTConfig(JWT_SECRET_KEY=SECRET).key_settings())


def found(token: str) -> RequestToken:
    return RequestToken(token=token, location="headers")


def test_a_hit_checks_the_time_claims_again() -> None:
    cache = VerifiedTokens(size=8, leeway=0)
    now = time.time()
    cache.put("late", {"sub": "a", "exp": now - 1}, KEY, None, SOURCE)
    cache.put("early", {"sub": "a", "nbf": now + 60}, KEY, None, SOURCE)
    cache.put("fine", {"sub": "a", "exp": now + 60, "nbf": now - 1}, KEY, "k1", SOURCE)
    with pytest.raises(JWTDecodeError) as expired:
        cache.get("late", now)
    assert expired.value.description == "The token has expired"
    assert cache.get("late", now) is None  # an expired token leaves the cache
    with pytest.raises(JWTDecodeError) as early:
        cache.get("early", now)
    assert early.value.description == "The token is not valid yet"
    entry = cache.get("fine", now)
    assert entry is not None
    peeked = cache.peek("fine")
    assert peeked is not None
    assert (peeked.kid, peeked.source) == ("k1", SOURCE)
    assert cache.peek("unknown") is None


def test_leeway_applies_to_hits() -> None:
    cache = VerifiedTokens(size=8, leeway=30)
    now = time.time()
    cache.put("t", {"sub": "a", "exp": now - 10, "nbf": now + 10}, KEY, None, SOURCE)
    assert cache.get("t", now) is not None


def test_the_oldest_entry_makes_room() -> None:
    cache = VerifiedTokens(size=2, leeway=0)
    for token in ("one", "two", "three"):
        cache.put(token, {"sub": token}, KEY, None, SOURCE)
    assert len(cache) == 2
    assert cache.get("one", time.time()) is None
    cache.put("two", {"sub": "again"}, KEY, None, SOURCE)  # replacing an entry evicts nothing
    assert len(cache) == 2
    assert cache.get("three", time.time()) is not None


def test_claims_handed_out_share_nothing_with_the_cache() -> None:
    cache = VerifiedTokens(size=8, leeway=0)
    claims: dict[str, Any] = {"sub": "a", "roles": ["reader"], "meta": {"teams": ["x"]}}
    entry = cache.put("t", claims, KEY, None, SOURCE)
    handed = entry.fresh_claims()
    handed["roles"].append("admin")
    handed["meta"]["teams"].append("y")
    assert claims == {"sub": "a", "roles": ["reader"], "meta": {"teams": ["x"]}}
    plain = cache.put("p", {"sub": "a"}, KEY, None, SOURCE)
    assert plain.fresh_claims() is plain.claims  # nothing mutable: no copy needed


def test_payloads_of_a_cached_token_are_independent_objects() -> None:
    security: FastJWT[Any] = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    token = security.create_access_token(uid="alice", scopes=["read"], data={"teams": ["x"]})
    first = security.verify_token(found(token))
    first.scopes.append("admin")  # type: ignore[union-attr]
    first.teams.append("y")
    first.sub = "mallory"
    for _ in range(3):  # validated, then built from the template, then built again
        again = security.verify_token(found(token))
        assert again is not first
        assert (again.sub, again.scopes, again.teams) == ("alice", ["read"], ["x"])
        again.scopes.append("admin")  # type: ignore[union-attr]
        again.teams.append("z")
    assert again.model_dump() == security.verify_token(found(token)).model_dump() | {
        "scopes": ["read", "admin"],
        "teams": ["x", "z"],
    }


class Private(TokenPayload):
    _seen: int = PrivateAttr(default=0)


class Strict(TokenPayload):
    model_config = ConfigDict(extra="ignore")


@pytest.mark.parametrize("model", [Private, Strict])
def test_models_without_templates_are_validated_each_time(model: type[TokenPayload]) -> None:
    security: FastJWT[Any] = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    token = security.create_access_token(uid="alice", role="x")
    dependency = security.token_required(payload_type=model)
    for _ in range(3):
        payload = security.pipeline.verify_now(found(token), dependency.policy, csrf=False)
        assert isinstance(payload, model)
        assert payload.sub == "alice"
    if model is Private:
        assert payload._seen == 0
    else:
        assert payload.extra_dict == {}


def test_the_cache_can_be_turned_off() -> None:
    security: FastJWT[Any] = FastJWT(
        FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_VERIFIED_TOKEN_CACHE_SIZE=0)
    )
    assert security.prepared.current().cache is None
    token = security.create_access_token(uid="alice")
    assert security.verify_token(found(token)).sub == "alice"
    assert security.verify_token_claims(token)["sub"] == "alice"


def test_a_configuration_change_empties_the_cache() -> None:
    security: FastJWT[Any] = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    token = security.create_access_token(uid="alice")
    security.verify_token(found(token))
    before = security.prepared.current().cache
    assert before is not None
    assert len(before) == 1
    security.config.JWT_SECRET_KEY = SECRET + "-rotated"
    after = security.prepared.current().cache
    assert after is not None
    assert len(after) == 0
    with pytest.raises(JWTDecodeError):
        security.verify_token(found(token))


def test_verify_token_claims_uses_the_cache_and_hands_out_copies() -> None:
    security: FastJWT[Any] = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    token = security.create_access_token(uid="alice", scopes=["read"])
    first = security.verify_token_claims(token)
    first["scopes"].append("admin")
    assert security.verify_token_claims(token)["scopes"] == ["read"]
