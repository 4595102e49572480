"""The Command line page: every `shell-session` block is replayed through `fastjwt.cli.main`.

The blocks use the `shell-session` language, not `console`: `console` blocks are curl
transcripts replayed against the page's app, and this page has no app. Each command runs in
a fresh directory, with the words the shell would give it and the environment assignments
that prefix it; its standard output and error, as a terminal shows them, must match the page,
where `$NAME` placeholders bind values (tokens, timestamps) for the commands that follow.
The exit code must be the one the output implies: 1 after `INVALID:`, 2 after an error line,
0 otherwise.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fastjwt.cli import main
from tests.support.docs.curl import split_words
from tests.support.docs.pages import DOCS_DIR, parse_page
from tests.support.docs.transcripts import (
    Session,
    TranscriptMismatchError,
    match_output,
    parse_console,
)

PAGE = DOCS_DIR / "reference" / "cli.md"
ASSIGNMENT = re.compile(r"(?P<name>[A-Z_][A-Z0-9_]*)=(?P<value>.*)", re.DOTALL)


def sessions() -> list[Session]:
    page = parse_page(PAGE)
    return [
        parse_console(fence.lines, fence.lineno, page.name)
        for fence in page.fences
        if fence.lang == "shell-session"
    ]


def expected_code(output: str) -> int:
    if output.startswith("INVALID: "):
        return 1
    if re.match(r"fastjwt \w+: error: ", output):
        return 2
    return 0


def test_the_page_shows_every_command() -> None:
    commands = [step.command.split()[:2] for session in sessions() for step in session.steps]

    assert {tuple(words) for words in commands} >= {
        ("fastjwt", "keygen"),
        ("fastjwt", "create"),
        ("fastjwt", "decode"),
        ("fastjwt", "verify"),
    }


def test_every_session_of_the_page_replays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    variables: dict[str, str] = {}
    count = 0
    for session in sessions():
        for step in session.steps:
            words = split_words(step.command, variables)
            with monkeypatch.context() as scoped:
                while (assignment := ASSIGNMENT.fullmatch(words[0])) is not None:
                    scoped.setenv(assignment["name"], assignment["value"])
                    words = words[1:]
                assert words[0] == "fastjwt", f"{session.page}:{step.lineno}: not a fastjwt command"
                code = main(words[1:])
            captured = capsys.readouterr()
            output = captured.out + captured.err
            try:
                variables.update(match_output(step.expected, output, variables))
            except TranscriptMismatchError as error:
                raise TranscriptMismatchError(
                    f"{session.page}:{step.lineno}: $ {step.command}\n{error}"
                ) from error
            assert code == expected_code(output), f"{session.page}:{step.lineno}: exit {code}"
            count += 1

    assert count == sum(len(session.steps) for session in sessions()) >= 20
