"""The part of bash the in-process replay understands: splitting a command line into words.

Words are separated by spaces; single quotes are literal; double quotes and bare words expand
`$NAME` or `${NAME}` from the variables bound earlier in the page. Anything else a shell would
interpret (pipes, `&`, `$(...)`, globs, backslashes, ...) raises `UnsupportedCommandError`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_VARIABLE = re.compile(
    r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)\}|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)
_WORD_PART = re.compile(
    r"'(?P<single>[^']*)'|\"(?P<double>[^\"]*)\"|(?P<plain>[^\s'\"]+)|(?P<space>\s+)"
)
_SHELL_SPECIAL = set("|&;<>(){}`*?[]!#~\\")


class UnsupportedCommandError(ValueError):
    """The command uses a shell or curl feature the in-process replay does not implement."""


def _expand(text: str, variables: Mapping[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match["braced"] or match["bare"]
        if name not in variables:
            raise UnsupportedCommandError(f"${name} is not set at this point of the page")
        return variables[name]

    if "$" in _VARIABLE.sub("", text):
        raise UnsupportedCommandError(f"unsupported `$` syntax in {text!r}")
    return _VARIABLE.sub(value, text)


def split_words(command: str, variables: Mapping[str, str]) -> list[str]:
    """Split a command line into words the way bash would, for the subset described above."""
    words: list[str] = []
    current: list[str] | None = None
    position = 0
    while position < len(command):
        match = _WORD_PART.match(command, position)
        if match is None:
            raise UnsupportedCommandError(f"unbalanced quotes in {command!r}")
        position = match.end()
        if match["space"] is not None:
            if current is not None:
                words.append("".join(current))
            current = None
            continue
        current = [] if current is None else current
        if match["single"] is not None:
            current.append(match["single"])
        elif match["double"] is not None:
            if set(match["double"]) & {"`", "\\", "!"}:
                raise UnsupportedCommandError(f"unsupported syntax in {match[0]!r}")
            current.append(_expand(match["double"], variables))
        else:
            plain = match["plain"]
            if set(_VARIABLE.sub("", plain)) & _SHELL_SPECIAL:
                raise UnsupportedCommandError(f"unsupported shell syntax in {plain!r}")
            current.append(_expand(plain, variables))
    if current is not None:
        words.append("".join(current))
    return words
