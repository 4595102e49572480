"""Every example is shown and tested, every include resolves, every public name is documented."""

from __future__ import annotations

import ast
import functools
import importlib
import re
from pathlib import Path
from types import ModuleType

import pytest

import fastjwt
from tests.support.docs.pages import (
    DOCS_DIR,
    ROOT,
    Fence,
    Include,
    Page,
    PageError,
    all_pages,
    docs_src_modules,
    module_name,
    parse_markdown,
)

PAGES = all_pages()
MODULES = docs_src_modules()
# Files of the examples that are not Python: the browser side of the tutorials.
ASSET_SUFFIXES = {".html", ".js"}
ASSETS = sorted(
    path
    for path in (ROOT / "docs_src").rglob("*")
    if path.suffix in ASSET_SUFFIXES and "__pycache__" not in path.parts
)
PYTHON_LANGS = {"python", "py", "python3", "py3", "pycon"}
API_DIRECTIVE = re.compile(r"^:::[ \t]+(?P<target>[\w.]+)[ \t]*$", re.MULTILINE)
TESTS_DIR = ROOT / "tests"
MIGRATION_GUIDES = "migration/"


def included_paths() -> set[str]:
    return {include.path for page in PAGES for include in page.includes}


def test_the_inventory_sees_the_pages_and_modules() -> None:
    names = {page.name for page in PAGES}
    assert {"index.md", "install.md", "tutorial/first-steps.md"} <= names
    assert len(MODULES) >= 5
    assert all(page.includes for page in PAGES if page.name == "tutorial/first-steps.md")


@pytest.mark.parametrize("module", MODULES, ids=module_name)
def test_every_example_module_is_shown_by_a_page(module: Path) -> None:
    assert module.relative_to(ROOT).as_posix() in included_paths(), (
        f"{module_name(module)} is included by no page under docs/"
    )


@functools.cache
def _names_used_by_tests() -> frozenset[str]:
    """Dotted module names the tests import, or name in a string (e.g. for importlib).

    Parsed once per run: every parametrised case asks the same question of the same files.
    """
    own = Path(__file__).resolve()
    names: set[str] = set()
    for path in sorted(TESTS_DIR.rglob("*.py")):
        if path.resolve() == own:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                names.update(re.findall(r"\bdocs_src(?:\.\w+)+", node.value))
    return frozenset(names)


@pytest.mark.parametrize("module", MODULES, ids=module_name)
def test_every_example_module_is_driven_by_a_test(module: Path) -> None:
    assert module_name(module) in _names_used_by_tests(), (
        f"no test under tests/ imports or names {module_name(module)}"
    )


def _check_include(include: Include) -> str | None:
    path = ROOT / include.path
    if not path.is_file():
        return f"line {include.lineno}: {include.path} does not exist"
    if include.section is None:
        return None
    text = path.read_text(encoding="utf-8")
    for marker in ("start", "end"):
        # `# --8<-- [start:x]` in Python, `// --8<-- [start:x]` in JavaScript.
        if f"--8<-- [{marker}:{include.section}]" not in text:
            return f"line {include.lineno}: {include.target} has no [{marker}:{include.section}]"
    return None


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_include_resolves(page: Page) -> None:
    problems = [problem for include in page.includes if (problem := _check_include(include))]
    assert not problems, f"{page.name}: " + "; ".join(problems)


def is_other_librarys_code(page: Page, fence: Fence) -> bool:
    """A migration guide's "before" app: another library's code, which FastJWT cannot run.

    It is titled `Before: <library>` and must at least be valid Python.
    """
    if not page.name.startswith(MIGRATION_GUIDES) or not (fence.title or "").startswith("Before: "):
        return False
    ast.parse("\n".join(fence.lines), filename=f"{page.name}:{fence.lineno}")
    return True


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_no_python_is_typed_into_a_page(page: Page) -> None:
    typed = [
        fence.lineno
        for fence in page.fences
        if fence.lang in PYTHON_LANGS
        and any(line.strip() and "--8<--" not in line for line in fence.lines)
        and not is_other_librarys_code(page, fence)
    ]
    assert not typed, f"{page.name}: Python typed into the page at lines {typed}; include it"


def test_only_migration_guides_show_other_librarys_code() -> None:
    foreign = '```python title="Before: authx"\nfrom authx import AuthX\n```\n'
    guide = parse_markdown(foreign, DOCS_DIR / "migration" / "inline.md")
    assert is_other_librarys_code(guide, guide.fences[0])
    elsewhere = parse_markdown(foreign, DOCS_DIR / "guide" / "inline.md")
    with pytest.raises(AssertionError, match="typed into the page at lines"):
        test_no_python_is_typed_into_a_page(elsewhere)
    untitled = parse_markdown(foreign.replace("Before: ", ""), DOCS_DIR / "migration" / "x.md")
    assert not is_other_librarys_code(untitled, untitled.fences[0])
    broken = parse_markdown(foreign.replace("from authx", "from"), DOCS_DIR / "migration" / "x.md")
    with pytest.raises(SyntaxError):
        is_other_librarys_code(broken, broken.fences[0])


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_includes_only_pull_examples_from_docs_src(page: Page) -> None:
    outside = [
        i.target for i in page.includes if not re.fullmatch(r"docs_src/.+\.(py|js|html)", i.path)
    ]
    assert not outside, f"{page.name} includes files outside docs_src: {outside}"


def _asset_id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_inventory_sees_the_browser_assets() -> None:
    assert {"docs_src/cookies/static/app.js", "docs_src/cookies/static/index.html"} <= {
        _asset_id(path) for path in ASSETS
    }


@pytest.mark.parametrize("asset", ASSETS, ids=_asset_id)
def test_every_browser_asset_is_shown_by_a_page(asset: Path) -> None:
    assert _asset_id(asset) in included_paths(), f"{_asset_id(asset)} is included by no page"


@pytest.mark.parametrize("asset", ASSETS, ids=_asset_id)
def test_every_browser_asset_is_used_by_a_test(asset: Path) -> None:
    """The browser tests load the assets through the app; a test must at least name them."""
    own = Path(__file__).resolve()
    named = [
        path
        for path in TESTS_DIR.rglob("*.py")
        if path.resolve() != own and asset.name in path.read_text(encoding="utf-8")
    ]
    assert named, f"no test under tests/ names {asset.name}"


def test_checks_catch_missing_files_sections_and_typed_python() -> None:
    page = parse_markdown(
        "```python\n"
        '--8<-- "docs_src/base_usage/tutorial001.py:nowhere"\n'
        '--8<-- "docs_src/base_usage/missing.py"\n'
        "```\n\n```py\nprint('typed')\n```\n",
        DOCS_DIR / "inline.md",
    )

    problems = [_check_include(include) for include in page.includes]
    assert problems[0] is not None
    assert "no [start:nowhere]" in problems[0]
    assert problems[1] is not None
    assert "does not exist" in problems[1]
    with pytest.raises(AssertionError, match="typed into the page at lines"):
        test_no_python_is_typed_into_a_page(page)


@pytest.mark.parametrize(
    "text",
    ['--8<-- "docs_src/a.py" extra', "--8<--\ndocs_src/a.py\n--8<--", "--8<-- 'docs_src/a.py'"],
)
def test_unknown_include_forms_are_refused(text: str) -> None:
    with pytest.raises(PageError, match="use the form"):
        parse_markdown(text, DOCS_DIR / "inline.md")


# The API reference.


def _documented_targets() -> list[str]:
    return [
        match["target"]
        for path in sorted((DOCS_DIR / "api").glob("*.md"))
        for match in API_DIRECTIVE.finditer(path.read_text(encoding="utf-8"))
    ]


def _resolve(target: str) -> object:
    """Import the object a `::: target` directive names."""
    parts = target.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[split:]:
            found = getattr(found, attribute)
        return found
    raise ModuleNotFoundError(target)


def _documents(target: object, name: str) -> bool:
    public = getattr(fastjwt, name)
    if target is public:
        return True
    if isinstance(target, ModuleType):
        return name in getattr(target, "__all__", ()) and getattr(target, name, None) is public
    return False


def test_api_directives_resolve() -> None:
    targets = _documented_targets()
    assert targets, "docs/api/ holds no ::: directive"
    for target in targets:
        _resolve(target)


@pytest.mark.parametrize("name", fastjwt.__all__)
def test_every_public_name_is_in_the_api_reference(name: str) -> None:
    resolved = [_resolve(target) for target in _documented_targets()]
    assert any(_documents(target, name) for target in resolved), (
        f"fastjwt.{name} is missing from docs/api/*.md: add a `::: fastjwt.{name}` directive"
    )
