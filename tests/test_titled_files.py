"""A block titled as a file is that whole file: saved under its title, as a reader would, it runs.

A title is a file's when it looks like a path (`main.py`, `static/app.js`, `conftest.py`). Such
a block must include one whole file of docs_src/ and nothing else. Then each page's titled
files are written into an empty folder and run there, as a reader who copies them would: every
module imports, `pytest` passes where there are tests, and an application starts under uvicorn
and answers; the page's console sessions are then replayed against that server when they are
about that application. A page whose blocks share a title (two versions of `main.py`) is run
once per version.

Front matter may add what the page's prose asks the reader to do first:
`fastjwt_files.setup` (a command, run in the folder), `fastjwt_files.env_<module>` (the
environment a module needs, as `NAME=value` words) and `fastjwt_files.from` (another page whose
titled files come along, for a page that builds on them).

A page that names a setup (`fastjwt_setup`, see tests/support/docs/setup.py) has it open for
the whole run, as for its console sessions: its environment comes before the page's own
`env_<module>` words, and the commands replayed reach its servers (a stand-in identity
provider at the address the page shows) as well as the application.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.docs.pages import DOCS_DIR, ROOT, Page, all_pages, parse_markdown
from tests.support.docs.server import missing_tools, run_bash, serve
from tests.support.docs.setup import Setup, page_setup
from tests.support.docs.transcripts import page_app, page_sessions, replay

PAGES = all_pages()
BY_NAME = {page.name: page for page in PAGES}
FILE_TITLE = re.compile(r"[\w.-]+(?:/[\w.-]+)*\.\w+")
_SECTION_MARKER = re.compile(r"^\s*(#|//)\s*--8<-- \[(start|end):[\w-]+\]\s*$")


@dataclass(frozen=True)
class TitledFile:
    """A block of a page titled as a file, and the file of docs_src/ it shows."""

    page: str
    title: str
    lineno: int
    lines: tuple[str, ...]

    @property
    def source(self) -> Path:
        (include,) = [line.strip() for line in self.lines if line.strip()]
        return ROOT / include.split('"')[1]

    def text(self) -> str:
        """The file as the page renders it: the section markers are left out."""
        lines = self.source.read_text(encoding="utf-8").splitlines(keepends=True)
        return "".join(line for line in lines if not _SECTION_MARKER.match(line))


def titled_files(page: Page) -> list[TitledFile]:
    return [
        TitledFile(page.name, fence.title, fence.lineno, fence.lines)
        for fence in page.fences
        if fence.title is not None and FILE_TITLE.fullmatch(fence.title)
    ]


def whole_file_problem(block: TitledFile) -> str | None:
    """Why a file-titled block is not one whole file of docs_src/, or None."""
    content = [line.strip() for line in block.lines if line.strip()]
    where = f"{block.page}:{block.lineno} ({block.title})"
    if len(content) != 1 or not re.fullmatch(r'--8<-- "docs_src/[^":]+"', content[0]):
        return f"{where}: a block titled as a file must include one whole file, no section"
    if "docs_src" in block.text():
        return f"{where}: the file names docs_src, which a reader does not have"
    return None


def versions(page: Page) -> list[dict[str, TitledFile]]:
    """The sets of files to run together: one per version of a title shared by several blocks."""
    base: dict[str, TitledFile] = {}
    origin = page.meta.get("fastjwt_files.from")
    if origin is not None:
        base.update(versions(BY_NAME[origin])[-1])
    own = titled_files(page)
    titles = [block.title for block in own]
    unique = {block.title: block for block in own if titles.count(block.title) == 1}
    shared = [block for block in own if titles.count(block.title) > 1]
    if not shared:
        return [{**base, **unique}] if own else []
    return [{**base, **unique, block.title: block} for block in shared]


PAGES_WITH_FILES = [page for page in PAGES if titled_files(page)]
CASES = [
    pytest.param(page, number, files, id=f"{page.name}-{number}")
    for page in PAGES_WITH_FILES
    for number, files in enumerate(versions(page), start=1)
]


def test_the_tutorial_pages_have_their_files() -> None:
    names = {page.name for page in PAGES_WITH_FILES}
    assert {"tutorial/first-steps.md", "tutorial/database.md", "how-to/testing.md"} <= names


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_blocks_titled_as_files_are_whole_files(page: Page) -> None:
    problems = [problem for block in titled_files(page) if (problem := whole_file_problem(block))]
    assert not problems, "; ".join(problems)


def test_a_fragment_titled_as_a_file_is_caught() -> None:
    page = parse_markdown(
        '```python title="main.py"\n--8<-- "docs_src/base_usage/tutorial001.py:login"\n```\n\n'
        '```json title="/openapi.json: a part"\n{}\n```\n',
        DOCS_DIR / "inline.md",
    )

    (fragment,) = titled_files(page)
    assert "no section" in str(whole_file_problem(fragment))


def environment(page: Page, module: str, setup: Setup | None = None) -> dict[str, str]:
    """The machine's environment without JWT_* variables, plus what the page asks for.

    That is the environment of the page's setup, if it names one, then the page's own
    `fastjwt_files.env_<module>` words, which win.
    """
    env = {name: value for name, value in os.environ.items() if not name.startswith("JWT_")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.update(setup.env if setup is not None else {})
    words = shlex.split(page.meta.get(f"fastjwt_files.env_{module}", ""))
    env.update(word.partition("=")[::2] for word in words)
    return env


def test_the_page_setup_comes_before_the_pages_own_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JWT_SECRET_KEY", "from-the-machine")
    page = parse_markdown(
        "---\nfastjwt_files:\n  env_main: JWT_KEY_ID=from-the-page\n---\n# A page\n",
        DOCS_DIR / "inline.md",
    )
    setup = Setup(env={"JWT_KEY_ID": "from-the-setup", "JWT_TRUSTED_ISSUERS": "[]"})

    env = environment(page, "main", setup)
    assert "JWT_SECRET_KEY" not in env
    assert (env["JWT_KEY_ID"], env["JWT_TRUSTED_ISSUERS"]) == ("from-the-page", "[]")
    assert environment(page, "other", setup)["JWT_KEY_ID"] == "from-the-setup"
    assert "JWT_KEY_ID" not in environment(page, "other")


def run(command: list[str], directory: Path, env: dict[str, str]) -> None:
    result = subprocess.run(
        command, cwd=directory, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, f"{shlex.join(command)}:\n{result.stdout}\n{result.stderr}"


@pytest.fixture
def e2e_tools() -> None:
    missing = missing_tools()
    if missing:
        reason = f"running the titled files needs {', '.join(missing)}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI=true makes it mandatory")
        pytest.skip(reason)


@pytest.mark.e2e
@pytest.mark.usefixtures("e2e_tools")
@pytest.mark.parametrize(("page", "number", "files"), CASES)
def test_the_titled_files_run_as_saved(
    page: Page, number: int, files: dict[str, TitledFile], tmp_path: Path
) -> None:
    del number  # only names the case
    for title, block in files.items():
        (tmp_path / title).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / title).write_text(block.text(), encoding="utf-8")
    with page_setup(page) as setup:
        run_saved_files(page, files, tmp_path, setup)


def run_saved_files(
    page: Page, files: dict[str, TitledFile], directory: Path, setup: Setup
) -> None:
    """Do in `directory` what the reader does with the saved files: import, test, serve, call."""
    first = page.meta.get("fastjwt_files.setup")
    if first is not None:
        run(["bash", "-c", first], directory, environment(page, "", setup))
    modules = [Path(title).stem for title in files if title.endswith(".py")]
    apps = []
    for module in modules:
        if module == "conftest" or module.startswith("test_"):
            continue
        run([sys.executable, "-c", f"import {module}"], directory, environment(page, module, setup))
        if re.search(r"^app = ", files[f"{module}.py"].text(), re.MULTILINE):
            apps.append(module)
    if any(module.startswith("test_") for module in modules):
        pytest_command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        run(pytest_command, directory, environment(page, "main", setup))
    for module in apps:
        env = environment(page, module, setup)
        with serve(f"{module}:app", cwd=directory, env=env) as port:
            status = run_bash(
                "curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8000/openapi.json",
                port,
                {},
                directory,
            )
            assert status == "200"
            target = page_app(page)
            shown = target is not None and target.split(":")[0].replace(".", "/") + ".py"
            if shown and files[f"{module}.py"].source == ROOT / shown and page_sessions(page):
                replay(
                    page,
                    lambda command, variables: run_bash(
                        command, port, variables, directory, setup.servers
                    ),
                )
