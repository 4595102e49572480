"""The pytest plugin, run by pytest itself (pytester) on a small application of its own."""

import pytest

APP = """
from typing import Annotated

from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig, TokenPayload

security = FastJWT(FJWTConfig(
    JWT_SECRET_KEY="a-secret-of-thirty-two-bytes-at-least",
    JWT_TOKEN_LOCATION={locations!r},
    JWT_COOKIE_CSRF_PROTECT={csrf!r},
))
app = FastAPI()
Access = Annotated[TokenPayload, Depends(security.access_token_required)]


@app.get("/me")
def me(payload: Access) -> str:
    return str(payload.sub)


@app.post("/notes", dependencies=[Depends(security.fresh_token_required)])
def notes() -> str:
    return "saved"
"""

CONFTEST = """
import pytest

import app as application


@pytest.fixture
def fastjwt_security():
    return application.security


@pytest.fixture
def fastjwt_app():
    return application.app
"""

TESTS = """
from fastapi.testclient import TestClient

from fastjwt import TokenPayload


def test_the_client_is_signed_in(fastjwt_client):
    assert fastjwt_client.get("/me").json() == "user"
    assert fastjwt_client.post("/notes").json() == "saved"


def test_bad_tokens_are_refused(fastjwt_app, fastjwt_tokens):
    with TestClient(fastjwt_app) as client:
        for token in (fastjwt_tokens.expired("user"), fastjwt_tokens.wrongly_signed("user")):
            assert client.get("/me", headers=fastjwt_tokens.headers(token)).status_code == 401


def test_an_override_replaces_one_dependency(fastjwt_app, fastjwt_security, fastjwt_override):
    fastjwt_override(fastjwt_security.access_token_required, TokenPayload(sub="alice"))
    with TestClient(fastjwt_app) as client:
        assert client.get("/me").json() == "alice"
        # The fresh token dependency is another object: still real.
        assert client.post("/notes").status_code == 401


def test_the_override_is_gone(fastjwt_app):
    assert fastjwt_app.dependency_overrides == {}
"""


@pytest.mark.parametrize(
    ("locations", "csrf"),
    [(["headers"], True), (["cookies", "headers"], True), (["cookies"], False)],
)
def test_the_fixtures_test_an_application(
    pytester: pytest.Pytester, locations: list[str], csrf: bool
) -> None:
    pytester.makepyfile(app=APP.format(locations=locations, csrf=csrf), test_app=TESTS)
    pytester.makeconftest(CONFTEST)
    pytester.syspathinsert()

    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")

    result.assert_outcomes(passed=4)


@pytest.mark.parametrize("fixture", ["fastjwt_security", "fastjwt_app"])
def test_a_fixture_left_to_the_user_says_how_to_provide_it(
    pytester: pytest.Pytester, fixture: str
) -> None:
    pytester.makepyfile(test_missing=f"def test_it({fixture}):\n    pass\n")

    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")

    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([f"*override the {fixture} fixture in your conftest.py*"])


def test_the_subject_defaults_to_user(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_subject="def test_it(fastjwt_subject):\n    assert fastjwt_subject == 'user'\n"
    )

    pytester.runpytest_inprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)
