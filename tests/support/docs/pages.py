"""Read the Markdown pages under docs/: front matter, fenced code blocks and snippet includes.

The parser understands only what the pages are allowed to use, and raises `PageError` on
anything it does not understand, so that a page cannot slip past the tests unread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DOCS_DIR = ROOT / "docs"
DOCS_SRC_DIR = ROOT / "docs_src"

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*)$")
# The one include form the pages use: a whole line `--8<-- "path"` or `--8<-- "path:section"`.
_INCLUDE = re.compile(
    r'^[ \t]*--8<--[ \t]+"(?P<path>[^":]+)(?::(?P<section>[a-z][-_0-9a-z]*))?"[ \t]*$'
)
_NOT_PLAIN_YAML = re.compile(r": | #|^[\[\]{}&*!|>'\"%@`,?-] |^[\[\]{}&*!|>'\"%@`]")
_TITLE = re.compile(r'\btitle="(?P<title>[^"]*)"')
_FRONT_MATTER_LINE = re.compile(r"^(?P<key>[A-Za-z_][A-Za-z0-9_]*):[ \t]*(?P<value>.*?)[ \t]*$")


class PageError(ValueError):
    """A page uses a construct the docs tools do not understand, or is malformed."""


@dataclass(frozen=True)
class Include:
    """One `--8<--` include line: a file under the repository root, maybe one section of it."""

    path: str
    section: str | None
    lineno: int

    @property
    def target(self) -> str:
        """The include as written between the quotes."""
        return self.path if self.section is None else f"{self.path}:{self.section}"


@dataclass(frozen=True)
class Fence:
    """A fenced code block: its language, its content lines, where it starts, its title."""

    lang: str
    lines: tuple[str, ...]
    lineno: int
    title: str | None = None


@dataclass(frozen=True)
class Page:
    """A parsed Markdown page."""

    path: Path
    meta: dict[str, str]
    fences: tuple[Fence, ...]
    includes: tuple[Include, ...]

    @property
    def name(self) -> str:
        """The page's path relative to docs/, e.g. `tutorial/first-steps.md`."""
        return self.path.relative_to(DOCS_DIR).as_posix()


def parse_front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """Split `key: value` front matter off the top of a page.

    Returns the mapping and the index of the first body line. Only `key: value` pairs are
    accepted, and one level of nesting under a `key:` of its own (Material's `search:` with
    `  boost: 2`), read as `"search.boost"`: the pages need nothing more, and a YAML parser
    would hide typos.
    """
    if not lines or lines[0].rstrip() != "---":
        return {}, 0
    meta: dict[str, str] = {}
    parent: str | None = None
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() == "---":
            return meta, index + 1
        nested = line.startswith("  ") and parent is not None
        match = _FRONT_MATTER_LINE.match(line.strip() if nested else line)
        if match is None:
            raise PageError(f"line {index + 1}: front matter must be `key: value`, got {line!r}")
        if _NOT_PLAIN_YAML.search(match["value"]):
            # MkDocs reads front matter as YAML, and drops a page's whole front matter when
            # one value is not a plain scalar (`a: b: c`): refuse what YAML would misread.
            raise PageError(f"line {index + 1}: quote-free values only, without ': ' or ' #'")
        if nested:
            meta[f"{parent}.{match['key']}"] = match["value"]
        elif match["value"]:
            meta[match["key"]], parent = match["value"], None
        else:
            parent = match["key"]
    raise PageError("front matter opened with `---` is never closed")


def parse_fences(lines: list[str], first_lineno: int = 1) -> tuple[Fence, ...]:
    """Find the fenced code blocks, including those indented inside admonitions or tabs."""
    fences: list[Fence] = []
    index = 0
    while index < len(lines):
        opening = _FENCE_OPEN.match(lines[index])
        if opening is None:
            index += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        lang = opening["info"].split("{")[0].strip().split(" ")[0]
        title = _TITLE.search(opening["info"])
        body: list[str] = []
        end = index + 1
        while end < len(lines):
            line = lines[end]
            if line.strip().startswith(fence) and set(line.strip()) == {fence[0]}:
                break
            body.append(line[len(indent) :] if line.startswith(indent) else line.lstrip())
            end += 1
        else:
            raise PageError(f"line {first_lineno + index}: code fence is never closed")
        fences.append(
            Fence(
                lang=lang,
                lines=tuple(body),
                lineno=first_lineno + index,
                title=None if title is None else title["title"],
            )
        )
        index = end + 1
    return tuple(fences)


def parse_includes(lines: list[str], first_lineno: int = 1) -> tuple[Include, ...]:
    """Find every `--8<--` line; any form other than the single-line quoted one is an error."""
    includes: list[Include] = []
    for offset, line in enumerate(lines):
        if "--8<--" not in line:
            continue
        match = _INCLUDE.match(line)
        if match is None:
            raise PageError(
                f'line {first_lineno + offset}: use the form --8<-- "docs_src/...py[:section]", '
                f"got {line.strip()!r}"
            )
        includes.append(Include(match["path"], match["section"], first_lineno + offset))
    return tuple(includes)


def parse_page(path: Path) -> Page:
    """Parse one Markdown page."""
    return parse_markdown(path.read_text(encoding="utf-8"), path)


def parse_markdown(text: str, path: Path) -> Page:
    """Parse Markdown text as if it were the page at `path`."""
    lines = text.splitlines()
    meta, body_start = parse_front_matter(lines)
    body = lines[body_start:]
    first_lineno = body_start + 1
    return Page(
        path=path,
        meta=meta,
        fences=parse_fences(body, first_lineno),
        includes=parse_includes(body, first_lineno),
    )


def all_pages() -> list[Page]:
    """Every Markdown page under docs/, in a stable order."""
    return [parse_page(path) for path in sorted(DOCS_DIR.rglob("*.md"))]


def docs_src_modules() -> list[Path]:
    """Every example module under docs_src/ (package `__init__` files excluded)."""
    return sorted(
        path
        for path in DOCS_SRC_DIR.rglob("*.py")
        if path.name != "__init__.py" and "__pycache__" not in path.parts
    )


def module_name(path: Path) -> str:
    """The dotted import name of a file under the repository root."""
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)
