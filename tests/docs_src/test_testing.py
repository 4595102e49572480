"""The Testing page's conftest.py and test_main.py, run by pytest on the tutorial's main.py."""

import sys
from collections.abc import Iterator

import pytest

from tests.support.docs.pages import DOCS_SRC_DIR
from tests.support.docs.tutorial import STEPS, load_step

EXAMPLES = DOCS_SRC_DIR / "testing"
# The Testing page's files sit next to the tutorial's last main.py.
MAIN = STEPS[-1]
# pytest imports them from their own folder, under these names.
RUN = ("docs_src.testing.conftest", "docs_src.testing.test_main")


@pytest.fixture
def main() -> Iterator[None]:
    sys.modules["main"] = load_step(MAIN)
    yield
    del sys.modules["main"]


@pytest.mark.usefixtures("main")
def test_the_page_tests_pass_on_the_tutorial_application(pytester: pytest.Pytester) -> None:
    # An ini file of its own: the project's addopts would turn the plugin off.
    pytester.makeini("[pytest]\nfilterwarnings = error\n")
    result = pytester.runpytest_inprocess(
        str(EXAMPLES), "-c", str(pytester.path / "tox.ini"), "-p", "no:cacheprovider"
    )

    result.assert_outcomes(passed=5)
