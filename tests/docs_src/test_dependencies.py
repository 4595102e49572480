"""The Dependencies examples (docs_src/dependencies), driven as the page shows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

import docs_src.dependencies.tutorial001 as tutorial001
import docs_src.dependencies.tutorial002 as tutorial002
import docs_src.dependencies.tutorial003 as tutorial003
from tests.support.docs.tutorial import import_beside

SECRET = "demo-only-secret-replace-me-with-32-random-bytes"
MISSING_EITHER = {
    "detail": "Missing JWT in request: looked in the Authorization header, "
    "the access_token_cookie cookie"
}
CREDENTIALS = {"username": "test", "password": "test"}


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(tutorial001.app) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_demo_secrets_are_long_enough() -> None:
    for module in (tutorial001, tutorial002, tutorial003):
        assert module.security.config.JWT_SECRET_KEY == SECRET
    assert len(SECRET.encode()) >= 32


def test_the_login_returns_the_token_and_sets_the_cookie(client: TestClient) -> None:
    response = client.post("/login", json=CREDENTIALS)

    assert response.status_code == 200
    token = response.json()["access_token"]
    assert response.cookies["access_token_cookie"] == token
    assert "csrf_access_token" in response.cookies


def test_bad_credentials(client: TestClient) -> None:
    response = client.post("/login", json={"username": "test", "password": "nope"})

    assert response.status_code == 401
    assert "set-cookie" not in response.headers


def test_route_level_dependency(client: TestClient) -> None:
    token = tutorial001.security.create_access_token(uid="test")

    assert client.get("/status").json() == MISSING_EITHER
    assert client.get("/status", headers=bearer(token)).json() == {"status": "all systems go"}


def test_annotated_alias_reads_header_or_cookie(client: TestClient) -> None:
    token = tutorial001.security.create_access_token(uid="test")

    from_header = client.get("/me", headers=bearer(token))
    client.cookies.set("access_token_cookie", token)
    from_cookie = client.get("/me")

    assert from_header.json() == from_cookie.json() == {"user": "test"}


def test_router_level_dependency_needs_a_fresh_token(client: TestClient) -> None:
    fresh = bearer(tutorial001.security.create_access_token(uid="test", fresh=True))
    stale = bearer(tutorial001.security.create_access_token(uid="test"))

    assert client.get("/admin/stats", headers=fresh).json() == {"users": 1}
    assert client.get("/admin/audit", headers=fresh).json() == {"auditor": "test"}
    for path in ("/admin/stats", "/admin/audit"):
        response = client.get(path, headers=stale)
        assert response.status_code == 401
        assert response.json() == {"detail": "Fresh token required"}
    assert client.get("/admin/stats").json() == MISSING_EITHER


def test_the_bundle_clears_the_cookies_on_logout(client: TestClient) -> None:
    response = client.post("/logout")

    assert response.json() == {"message": "Logged out"}
    cleared = sorted(header.partition("=")[0] for header in response.headers.get_list("set-cookie"))
    assert cleared == [
        "access_token_cookie",
        "csrf_access_token",
        "csrf_refresh_token",
        "refresh_token_cookie",
    ]
    assert all("Max-Age=0" in header for header in response.headers.get_list("set-cookie"))


def test_app_level_dependency_protects_every_route() -> None:
    token = tutorial002.security.create_access_token(uid="service")

    with TestClient(tutorial002.app) as client:
        for path in ("/reports", "/reports/latest"):
            assert client.get(path).status_code == 401
        assert client.get("/reports", headers=bearer(token)).json() == ["2026-q1.pdf"]
        assert client.get("/reports/latest", headers=bearer(token)).json() == "2026-q1.pdf"
        assert client.get("/docs").status_code == 200
        assert client.get("/openapi.json").status_code == 200


@pytest.fixture
def legacy() -> Iterator[TestClient]:
    with TestClient(tutorial003.app) as client:
        yield client


def test_the_aliases_are_single_objects() -> None:
    security = tutorial003.security

    assert security.ACCESS_REQUIRED.dependency is security.access_token_required
    assert security.REFRESH_REQUIRED.dependency is security.refresh_token_required
    assert security.FRESH_REQUIRED.dependency is security.fresh_token_required
    assert security.CURRENT_SUBJECT.dependency is security.current_subject
    assert security.BUNDLE is security.DEPENDENCY
    assert security.BUNDLE.dependency == security.get_dependency
    assert security.ACCESS_TOKEN is security.ACCESS_TOKEN


def test_access_and_refresh_aliases(legacy: TestClient) -> None:
    security = tutorial003.security
    access = bearer(security.create_access_token(uid="test"))
    refresh = bearer(security.create_refresh_token(uid="test"))

    assert legacy.get("/me", headers=access).json() == {"user": "test"}
    assert legacy.get("/me", headers=refresh).status_code == 401
    new = legacy.post("/refresh", headers=refresh).json()["access_token"]
    assert legacy.get("/me", headers=bearer(new)).json() == {"user": "test"}
    assert legacy.post("/refresh", headers=access).status_code == 401


def test_fresh_alias(legacy: TestClient) -> None:
    security = tutorial003.security
    fresh = bearer(security.create_access_token(uid="test", fresh=True))
    stale = bearer(security.create_access_token(uid="test"))

    assert legacy.post("/email", headers=fresh).json() == {"message": "E-mail address changed"}
    assert legacy.post("/email", headers=stale).json() == {"detail": "Fresh token required"}


def test_access_token_alias_is_unverified(legacy: TestClient) -> None:
    assert legacy.get("/where").json() == {"location": None}
    assert legacy.get("/where", headers=bearer("not-a-token")).json() == {"location": "headers"}


def test_bundle_alias(legacy: TestClient) -> None:
    response = legacy.post("/logout")

    assert response.json() == {"message": "Logged out"}
    assert len(response.headers.get_list("set-cookie")) == 4


def test_overriding_the_dependency_in_tests() -> None:
    tutorial004 = import_beside("docs_src.dependencies.tutorial004", tutorial001)
    with tutorial004.signed_in_as("alice") as client:
        assert client.get("/me").json() == {"user": "alice"}
        assert client.get("/status").json() == {"status": "all systems go"}
        # The admin routes also depend on fresh_token_required, which is not overridden.
        assert client.get("/admin/stats").status_code == 401

    assert tutorial001.app.dependency_overrides == {}
    with TestClient(tutorial001.app) as client:
        assert client.get("/me").status_code == 401
