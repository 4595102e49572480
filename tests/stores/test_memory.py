"""MemoryStore: incremental expiry, a bounded size that fails closed, one-step operations."""

import logging
import time
from collections.abc import Awaitable, Callable
from types import SimpleNamespace

import pytest

from fastjwt import RevocationUnavailableError, TokenPayload
from fastjwt.stores import Revocation
from fastjwt.stores import memory as memory_module
from fastjwt.stores.memory import DEFAULT_MAX_ENTRIES, MemoryStore

pytestmark = pytest.mark.anyio


def token(jti: str, **claims: object) -> TokenPayload:
    return TokenPayload(**{"sub": "bob", "jti": jti, "type": "access", "iat": 100.0, **claims})


def at(monkeypatch: pytest.MonkeyPatch, moment: float) -> None:
    """Move the store's clock (only the store's) to `moment`.

    The store forgets an entry up to about a minute after it expired (a bucket of its wheel
    spans 64 s), so the tests move in steps of minutes.
    """
    monkeypatch.setattr(memory_module, "time", SimpleNamespace(time=lambda: moment))


async def test_writes_forget_expired_entries_a_few_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = MemoryStore()
    now = time.time()
    for index in range(100):
        await store.revoke(token(f"old{index}"), now + 1000)
    await store.revoke(token("forever"), None)
    assert len(store) == 101
    at(monkeypatch, now + 2000)
    await store.revoke(token("new"), now + 100000)
    # One write forgot two of the expired tokens, not all hundred.
    assert len(store) == 100
    for index in range(60):
        await store.revoke(token(f"new{index}"), now + 100000)
    assert len(store) == 1 + 61  # the expired ones are all gone, the others all kept
    assert await store.status(token("forever")) is Revocation.TOKEN
    assert await store.status(token("old1")) is None


async def test_sweep_forgets_every_expired_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    store = MemoryStore()
    now = time.time()
    for index in range(50):
        await store.revoke(token(f"j{index}"), now + 500)
    await store.revoke_subject("bob", now, now + 500)
    await store.revoke_family("fam", None)
    assert await store.mark_used(token("used"), now + 500)
    at(monkeypatch, now + 1000)
    store.sweep()
    assert len(store) == 1
    assert await store.status(token("x", fam="fam")) is Revocation.FAMILY


async def test_an_entry_is_never_shortened(monkeypatch: pytest.MonkeyPatch) -> None:
    store = MemoryStore()
    now = time.time()
    await store.revoke(token("j"), now + 10000)
    await store.revoke(token("j"), now + 100)
    assert len(store) == 1
    at(monkeypatch, now + 5000)
    store.sweep()
    assert await store.status(token("j")) is Revocation.TOKEN
    at(monkeypatch, now + 10100)
    store.sweep()
    assert len(store) == 0


async def test_the_cap_fails_closed_and_expired_entries_make_room(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    store = MemoryStore(max_entries=3)
    now = time.time()
    await store.revoke(token("a"), now + 1000)
    await store.revoke(token("b"), None)
    await store.revoke_subject("bob", now, None)
    calls: list[Callable[[], Awaitable[object]]] = [
        lambda: store.revoke(token("c"), None),
        lambda: store.revoke_subject("carol", now, None),
        lambda: store.revoke_family(token("d"), None),
        lambda: store.consume(token("e", type="refresh", sub="zed"), None),
        lambda: store.mark_used(token("f"), None),
    ]
    with caplog.at_level(logging.ERROR, logger="fastjwt"):
        for call in calls:
            with pytest.raises(RevocationUnavailableError):
                await call()
    assert caplog.text.count("MemoryStore full (max_entries=3)") == len(calls)
    with pytest.raises(RevocationUnavailableError):
        store.revoke_family_now("d", None)
    # Writing an entry that is already kept needs no room.
    await store.revoke(token("b"), None)
    assert len(store) == 3
    at(monkeypatch, now + 2000)
    await store.revoke(token("c"), None)  # "a" expired: its place is taken
    assert len(store) == 3
    assert await store.status(token("c")) is Revocation.TOKEN


async def test_a_full_store_looks_further_for_expired_entries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = MemoryStore(max_entries=2)
    now = time.time()
    for until in (now + 100, now + 200, now + 10000):  # extended twice: two outdated wheel entries
        await store.revoke(token("live"), until)
    await store.revoke(token("dead"), now + 500)
    at(monkeypatch, now + 1000)
    # The first look, two wheel entries, finds only the outdated ones; the second finds "dead".
    await store.revoke(token("new"), None)
    assert len(store) == 2
    assert await store.status(token("live")) is Revocation.TOKEN
    assert await store.status(token("dead")) is None


async def test_a_full_store_refuses_a_logout_that_needs_a_family_entry() -> None:
    store = MemoryStore(max_entries=2)
    refresh = token("r", type="refresh", fam="f")
    assert await store.consume(refresh, None) is None
    await store.revoke(token("other"), None)
    with pytest.raises(RevocationUnavailableError):
        await store.revoke(refresh, None)  # its own entry and its family's: no room for two
    assert await store.status(token("a", fam="f")) is None


def test_the_cap_must_be_positive() -> None:
    assert MemoryStore().max_entries == DEFAULT_MAX_ENTRIES
    with pytest.raises(ValueError, match="at least 1"):
        MemoryStore(max_entries=0)


async def test_a_used_marker_lives_a_second_at_least() -> None:
    store = MemoryStore()
    refresh = token("r", type="refresh")
    assert await store.consume(refresh, time.time() - 5) is None
    assert await store.consume(refresh, time.time() - 5) is Revocation.REUSED
    assert await store.mark_used(token("m"), 1.0) is True
    assert await store.mark_used(token("m"), 1.0) is False


async def test_a_subject_cut_off_only_moves_forward() -> None:
    store = MemoryStore()
    await store.revoke_subject("bob", 300.0, None)
    await store.revoke_subject("bob", 200.0, None)
    assert await store.status(token("j", iat=250.0)) is Revocation.SUBJECT
    assert await store.status(token("j", iat=350.0)) is None
    assert len(store) == 1


async def test_nothing_revoked_answers_without_a_lookup() -> None:
    store = MemoryStore()
    assert store.status_now(token("j")) is None
    await store.aclose()
