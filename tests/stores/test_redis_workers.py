"""Revocation across restarts and across server processes, through a real Redis."""

import httpx2
import pytest

from fastjwt.stores.redis_store import RedisStore
from tests.support import bearer
from tests.support.docs.server import serve
from tests.support.revocation_app import make_app


@pytest.mark.anyio
async def test_revocations_survive_a_restart(redis_url: str, redis_prefix: str) -> None:
    before = RedisStore.from_url(redis_url, prefix=redis_prefix, timeout=5.0)
    app, security = make_app(before)
    async with httpx2.AsyncClient(
        transport=httpx2.ASGITransport(app=app), base_url="http://test"
    ) as http:
        access = (await http.post("/login")).json()["access_token"]
        assert (await http.post("/logout", headers=bearer(access))).json() == "bye"
    await before.aclose()

    after = RedisStore.from_url(redis_url, prefix=redis_prefix, timeout=5.0)
    restarted, _ = make_app(after)
    async with httpx2.AsyncClient(
        transport=httpx2.ASGITransport(app=restarted), base_url="http://test"
    ) as http:
        response = await http.get("/me", headers=bearer(access))
        assert (response.status_code, response.json()) == (
            401,
            {"detail": "Token has been revoked"},
        )
    await after.aclose()
    assert security.store is before


@pytest.mark.e2e
def test_two_servers_share_revocations(
    redis_url: str, redis_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FASTJWT_TEST_REDIS_URL", redis_url)
    monkeypatch.setenv("FASTJWT_TEST_PREFIX", redis_prefix)
    with (
        serve("tests.support.revocation_app:app") as first,
        serve("tests.support.revocation_app:app") as second,
    ):
        one = httpx2.Client(base_url=f"http://127.0.0.1:{first}", timeout=10)
        two = httpx2.Client(base_url=f"http://127.0.0.1:{second}", timeout=10)
        with one, two:
            tokens = one.post("/login").json()
            access, refresh = tokens["access_token"], tokens["refresh_token"]
            assert two.get("/me", headers=bearer(access)).json() == "alice"
            assert one.post("/logout", headers=bearer(access)).json() == "bye"
            assert two.get("/me", headers=bearer(access)).status_code == 401
            rotated = two.post("/refresh", headers=bearer(refresh))
            assert rotated.status_code == 200
            reused = one.post("/refresh", headers=bearer(refresh))
            assert reused.status_code == 401
            new_access = rotated.json()["access_token"]
            assert two.get("/me", headers=bearer(new_access)).status_code == 401
