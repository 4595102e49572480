"""Console sessions shown in the pages, and how an actual output is matched against them.

A console block is a fenced block with the language `console`. Each line starting with `$ `
is one command; the lines up to the next command are its expected output. In an expected
output, `$NAME` (uppercase) is a placeholder: it matches a token-like value and binds NAME,
which later commands use as the shell variable `"$NAME"`. Once bound, a later `$NAME` in an
expected output must show the same value again.

A command's output is compared exactly, with one allowance: a console block cannot show
whether the last line ended with a newline (curl prints a JSON body without one), so a
single trailing newline of the actual output is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from tests.support.docs.pages import Page, PageError

CONSOLE = "console"
PROMPT = "$ "
APP_KEY = "fastjwt_app"

_PLACEHOLDER = re.compile(r"\$([A-Z][A-Z0-9_]*)")
# What a placeholder may stand for: a JWT, or any base64url/base64 token-like word.
TOKEN_LIKE = r"[A-Za-z0-9._~+/=-]+"


class TranscriptMismatchError(AssertionError):
    """An actual output does not match the expected output shown in a page."""


@dataclass(frozen=True)
class Step:
    """One command typed at the prompt and the output the page shows for it."""

    command: str
    expected: tuple[str, ...]
    lineno: int


@dataclass(frozen=True)
class Session:
    """The steps of one console block."""

    page: str
    lineno: int
    steps: tuple[Step, ...]


def parse_console(lines: tuple[str, ...], lineno: int, page: str = "<inline>") -> Session:
    """Turn the lines of one console block into steps.

    Args:
        lines: the block's content, without the fences.
        lineno: the page line of the opening fence; steps count from the line after it.
        page: the page name, for error messages.
    """
    steps: list[Step] = []
    command: str | None = None
    command_lineno = 0
    expected: list[str] = []
    for offset, line in enumerate(lines, start=1):
        if line.startswith(PROMPT):
            if command is not None:
                steps.append(Step(command, tuple(expected), command_lineno))
            command, command_lineno, expected = line[len(PROMPT) :], lineno + offset, []
            if command.rstrip().endswith("\\"):
                raise PageError(f"{page}:{lineno + offset}: a command must fit on one line")
        elif command is None:
            raise PageError(f"{page}:{lineno + offset}: a console block must start with `$ `")
        else:
            expected.append(line)
    if command is None:
        raise PageError(f"{page}:{lineno}: empty console block")
    steps.append(Step(command, tuple(expected), command_lineno))
    return Session(page=page, lineno=lineno, steps=tuple(steps))


def page_sessions(page: Page) -> list[Session]:
    """All console sessions of a page, in page order."""
    return [
        parse_console(fence.lines, fence.lineno, page.name)
        for fence in page.fences
        if fence.lang == CONSOLE
    ]


def page_app(page: Page) -> str | None:
    """The `module:attribute` the page's transcripts run against, from its front matter."""
    return page.meta.get(APP_KEY)


def match_output(
    expected: tuple[str, ...], actual: str, bound: Mapping[str, str]
) -> dict[str, str]:
    """Match an actual output against an expected one; return the variables it binds.

    Raises:
        TranscriptMismatchError: the output differs from the page.
    """
    if actual.endswith("\n"):
        actual = actual[:-1]
    pattern: list[str] = []
    new: set[str] = set()
    position = 0
    text = "\n".join(expected)
    for placeholder in _PLACEHOLDER.finditer(text):
        pattern.append(re.escape(text[position : placeholder.start()]))
        name = placeholder[1]
        if name in bound:
            pattern.append(re.escape(bound[name]))
        elif name in new:
            pattern.append(f"(?P={name})")
        else:
            pattern.append(f"(?P<{name}>{TOKEN_LIKE})")
            new.add(name)
        position = placeholder.end()
    pattern.append(re.escape(text[position:]))
    found = re.fullmatch("".join(pattern), actual)
    if found is None:
        raise TranscriptMismatchError(f"expected:\n{text}\nactual:\n{actual}")
    return {name: found[name] for name in new}


Runner = Callable[[str, Mapping[str, str]], str]
"""Runs one command with the variables bound so far; returns its standard output."""


def replay(page: Page, run: Runner) -> int:
    """Run every command of a page's console blocks in order; return how many ran.

    Variables bound by one block stay bound for the next, as in the reader's shell.

    Raises:
        TranscriptMismatchError: an output differs from the page (names the page line).
    """
    variables: dict[str, str] = {}
    count = 0
    for session in page_sessions(page):
        for step in session.steps:
            actual = run(step.command, variables)
            try:
                variables.update(match_output(step.expected, actual, variables))
            except TranscriptMismatchError as error:
                raise TranscriptMismatchError(
                    f"{session.page}:{step.lineno}: $ {step.command}\n{error}"
                ) from error
            count += 1
    return count
