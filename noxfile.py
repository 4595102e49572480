"""The project's tasks: `nox -s tests docs lint` checks everything, `nox -s serve` shows the docs.

Each session runs in its own Python 3.11 virtual environment under .nox/, kept between runs;
the project is installed in editable mode, and installed again only when pyproject.toml
changes. A missing interpreter or tool fails the session instead of skipping it.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import nox

nox.options.error_on_missing_interpreters = True
nox.options.error_on_external_run = True
nox.options.reuse_venv = "yes"
nox.options.sessions = ["tests", "docs", "lint"]

PYTHON = "3.11"
EVERY_TEST = ("-m", "e2e or not e2e")
# Two workers: the suite waits on real servers and a browser as much as it computes.
PARALLEL = ("-n", "2")
# Python sources only: ruff would also format the Python fences of the Markdown pages, and
# mangle their `--8<--` include lines.
PYTHON_SOURCES = ("fastjwt", "tests", "docs_src", "noxfile.py")
DOCS_TESTS = (
    "tests/docs_src",
    "tests/browser",
    "tests/test_transcripts.py",
    "tests/test_docs_inventory.py",
)


def install(session: nox.Session, *arguments: str) -> None:
    """`pip install` into the session, unless the same request already ran against this pyproject.

    The editable install follows source changes by itself; only new dependencies need pip.
    """
    location = getattr(session.virtualenv, "location", None)
    wanted = hashlib.sha256(Path("pyproject.toml").read_bytes() + repr(arguments).encode())
    stamp = Path(location) / ".fastjwt-installed" if location else None
    if stamp is not None and stamp.is_file() and stamp.read_text() == wanted.hexdigest():
        return
    session.install(*arguments)
    if stamp is not None:
        stamp.write_text(wanted.hexdigest())


def require_curl(session: nox.Session) -> None:
    """The transcript replay runs the pages' curl commands: without curl, stop here."""
    if shutil.which("curl") is None:
        session.error("curl is required to replay the documentation's console sessions")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Every test, the end-to-end replays and the browser tests included, 100% branch coverage."""
    require_curl(session)
    install(session, "-e", ".[test]")
    session.run(
        "pytest",
        *PARALLEL,
        "--cov",
        "--cov-branch",
        "--cov-report=term-missing",
        *EVERY_TEST,
        *session.posargs,
    )


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """The docs examples, the transcript replays, the browser tests and the strict build."""
    require_curl(session)
    install(session, "-e", ".[test,docs]")
    session.run("pytest", *PARALLEL, *EVERY_TEST, *DOCS_TESTS, *session.posargs)
    session.run("mkdocs", "build", "--strict", env={"NO_MKDOCS_2_WARNING": "1"})


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Ruff (lint and format) and mypy --strict over the package, the tests and the examples."""
    install(session, "-e", ".[lint,test]", "nox")
    session.run("ruff", "check", *PYTHON_SOURCES)
    session.run("ruff", "format", "--check", *PYTHON_SOURCES)
    session.run("mypy", "--strict", *PYTHON_SOURCES)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmarks (never part of the tests): variants timed side by side, medians and ratios.

    The revocation benchmark needs Redis on 127.0.0.1:6379 (or FASTJWT_TEST_REDIS_URL).
    """
    install(session, "-e", ".[test]")
    for module in ("keys", "verify", "revocation", *session.posargs):
        session.run("python", "-m", f"tests.bench.{module}")


@nox.session(python=PYTHON)
def serve(session: nox.Session) -> None:
    """The documentation site, rebuilt on every change, on http://127.0.0.1:8000."""
    install(session, "-e", ".[docs]")
    session.run(
        "mkdocs",
        "serve",
        "-a",
        "127.0.0.1:8000",
        *session.posargs,
        env={"NO_MKDOCS_2_WARNING": "1"},
    )
