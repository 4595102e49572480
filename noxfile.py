"""The project's tasks: `nox -s tests docs lint` checks everything, `nox -s serve` shows the docs.

Each session runs in its own virtual environment under .nox/ (Python 3.11, except
`tests-3.13`), kept between runs; the project is installed in editable mode, and installed
again only when pyproject.toml changes. A missing interpreter or tool fails the session instead
of skipping it, and nox never downloads an interpreter.

`tests` runs the library's tests and `docs` the documentation's, so `nox -s tests docs` runs
every test once. Both record branch coverage under .nox/.coverage-data/; the second of the two
to finish in the same nox run combines both records and requires 100% over `fastjwt` and
`docs_src`. Run alone, each session checks what its own tests are responsible for (see
`report_coverage`).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import nox

nox.options.error_on_missing_interpreters = True
nox.options.error_on_external_run = True
nox.options.reuse_venv = "yes"
if hasattr(nox.options, "download_python"):  # nox 2025.10.14 and later
    # A missing interpreter fails its session (above): nox would otherwise try to download one
    # first, from sites this project's machines do not reach.
    nox.options.download_python = "never"
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
    "tests/test_titled_files.py",
    "tests/test_site.py",
    "tests/test_reference_links.py",
)
# Every test outside DOCS_TESTS (pyproject's testpaths, less these), or those named after `--`.
LIBRARY_TESTS = tuple(f"--ignore={path}" for path in DOCS_TESTS)

# One data file per session, `<session>.coverage`, and `combined.coverage`. None is named
# `<another>.*`: coverage's reports first merge (and delete) the files named after their data
# file plus a suffix, the way it merges parallel runs.
COVERAGE_DATA = Path(__file__).parent / ".nox" / ".coverage-data"
# The sessions whose pytest run passed, with coverage, in this nox run. Only their data counts:
# a data file left by an earlier run is never read (and the first such session of a run
# deletes every one).
FRESH_COVERAGE: list[str] = []
# The code each coverage session's tests are responsible for on their own.
OWN_CODE = {"tests": "fastjwt", "docs": "docs_src"}


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


def coverage_file(name: str) -> Path:
    """Where session `name` records its coverage, emptied now so that it starts from nothing."""
    if not FRESH_COVERAGE:
        shutil.rmtree(COVERAGE_DATA, ignore_errors=True)
    COVERAGE_DATA.mkdir(parents=True, exist_ok=True)
    data = COVERAGE_DATA / f"{name}.coverage"
    data.unlink(missing_ok=True)
    return data


def run_pytest_with_coverage(session: nox.Session, name: str, *arguments: str) -> None:
    """Pytest under branch coverage, recorded (not reported: see `report_coverage`) for `name`.

    pytest-cov collects the xdist workers' data and merges it into the session's file; the
    threshold (pyproject's fail_under) applies to the reports of `report_coverage` only.
    """
    data = coverage_file(name)
    session.run(
        "pytest",
        *PARALLEL,
        "--cov",
        "--cov-branch",
        "--cov-report=",
        "--cov-fail-under=0",
        *EVERY_TEST,
        *arguments,
        *session.posargs,
        env={"COVERAGE_FILE": str(data)},
    )
    FRESH_COVERAGE.append(name)


def report_coverage(session: nox.Session, name: str) -> None:
    """Check the coverage of session `name`, and of both sessions once both passed in this run.

    Each session's own tests must cover its own code completely: `tests` all of `fastjwt` (the
    library's tests exercise the whole library, whatever the examples happen to reach), `docs`
    all of `docs_src` (every example is driven by its test). Once `tests` and `docs` have both
    passed in this nox run, their data is combined and must cover both packages: the project's
    check. A session run without the other says what it left unchecked.
    """
    own = {"COVERAGE_FILE": str(COVERAGE_DATA / f"{name}.coverage")}
    session.log(f"coverage: the {name} session alone, over {OWN_CODE[name]}")
    session.run("coverage", "report", f"--include={OWN_CODE[name]}/*", "--fail-under=100", env=own)
    other = "docs" if name == "tests" else "tests"
    # Only a session that passed in this same nox run counts: data of an earlier run never does.
    if other not in FRESH_COVERAGE:
        if name == "tests":
            session.log(
                "coverage: docs_src is the `docs` session's to check; when both pass in one nox"
                " run (`nox -s tests docs`), it also checks their data combined"
            )
        else:
            session.warn(
                "coverage: fastjwt NOT checked: no `tests` session passed earlier in this nox"
                " run; `nox -s tests docs` checks 100% of fastjwt and docs_src, combined"
            )
        return
    combined = COVERAGE_DATA / "combined.coverage"
    combined.unlink(missing_ok=True)
    parts = (str(COVERAGE_DATA / f"{part}.coverage") for part in ("tests", "docs"))
    env = {"COVERAGE_FILE": str(combined)}
    session.run("coverage", "combine", "--keep", "--quiet", *parts, env=env)
    session.log("coverage: the tests and docs sessions of this run, combined")
    session.run("coverage", "report", "--fail-under=100", env=env)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The library's tests (all but DOCS_TESTS), end-to-end ones included, under coverage."""
    require_curl(session)
    install(session, "-e", ".[test]")
    run_pytest_with_coverage(session, "tests", *LIBRARY_TESTS)
    report_coverage(session, "tests")


@nox.session(name="tests-3.13", python="3.13")
def tests_3_13(session: nox.Session) -> None:
    """The library's tests on Python 3.13, without coverage (the 3.11 sessions check it)."""
    require_curl(session)
    install(session, "-e", ".[test]")
    session.run("pytest", *PARALLEL, *EVERY_TEST, *LIBRARY_TESTS, *session.posargs)


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """The docs examples, the transcript replays, the browser tests and the strict build."""
    require_curl(session)
    install(session, "-e", ".[test,docs]")
    run_pytest_with_coverage(session, "docs", *DOCS_TESTS)
    session.run("mkdocs", "build", "--strict", env={"NO_MKDOCS_2_WARNING": "1"})
    report_coverage(session, "docs")


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Ruff (lint and format), mypy --strict and the import-linter contracts (layers, cycles)."""
    install(session, "-e", ".[lint,test]", "nox")
    session.run("ruff", "check", *PYTHON_SOURCES)
    session.run("ruff", "format", "--check", *PYTHON_SOURCES)
    session.run("mypy", "--strict", *PYTHON_SOURCES)
    session.run("lint-imports")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmarks (never part of the tests): variants timed side by side, medians and ratios.

    `nox -s bench -- requests create` runs only the modules named. The revocation benchmark
    starts its own Redis servers (one, and a cluster with replicas): it needs `redis-server`
    and `redis-cli`.
    """
    install(session, "-e", ".[test]")
    modules = session.posargs or [
        "requests",
        "create",
        "middleware",
        "imports",
        "keys",
        "verify",
        "revocation",
        "issuer",
        "memory_store",
        "limits",
    ]
    for module in modules:
        session.run("python", "-m", f"tests.bench.{module}")


@nox.session(python=PYTHON)
def zensical(session: nox.Session) -> None:
    """Build the site with Zensical too (it reads mkdocs.yml), and report what differs.

    Not part of `nox` by default: Zensical is young, and its package may change what it
    builds from one release to the next. The report lists pages and features (descriptions,
    console blocks, API objects, cross-references, task lists, the extra CSS and JavaScript,
    search boosts) that differ from the MkDocs build; a missing page or feature fails it.
    """
    install(session, "-e", ".[docs]", "zensical")
    output = Path(session.create_tmp())
    mkdocs_site, zensical_site = output / "mkdocs-site", Path("site")
    env = {"NO_MKDOCS_2_WARNING": "1"}
    session.run("mkdocs", "build", "--strict", "--quiet", "-d", str(mkdocs_site), env=env)
    session.run("zensical", "build", "--clean", "--strict")
    session.run(
        "python", "-m", "tests.support.docs.compare_sites", str(mkdocs_site), str(zensical_site)
    )


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
