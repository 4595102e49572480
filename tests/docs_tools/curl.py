"""Replay a `curl` command line in process, against an ASGI app, through Starlette's TestClient.

Only the shell and curl features the pages use are understood; anything else raises
`UnsupportedCommandError`, so the in-process replay never quietly differs from bash and curl.

Shell: words separated by spaces, single quotes (literal), double quotes, and `$NAME` or
`${NAME}` expansion of variables bound earlier in the page (outside single quotes).

curl: `-s`/`--silent`, `-X`/`--request`, `-H`/`--header`, `--oauth2-bearer`, `-d`/`--data`,
`-o /dev/null`, `-w`/`--write-out` (with `%{http_code}`, `%header{name}` and `\\n`), and one
URL on `http://127.0.0.1:8000`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from fastapi.testclient import TestClient

SERVER = "http://127.0.0.1:8000"

_VARIABLE = re.compile(
    r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)\}|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)
_WORD_PART = re.compile(
    r"'(?P<single>[^']*)'|\"(?P<double>[^\"]*)\"|(?P<plain>[^\s'\"]+)|(?P<space>\s+)"
)
_SHELL_SPECIAL = set("|&;<>(){}`*?[]!#~\\")
_WRITE_OUT = re.compile(r"%\{http_code\}|%header\{(?P<header>[A-Za-z0-9-]+)\}|\\n")


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


@dataclass
class CurlRequest:
    """What a curl command line asks for."""

    url: str = ""
    method: str | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    data: str | None = None
    write_out: str | None = None
    discard_body: bool = False


def _set_header(request: CurlRequest, value: str) -> None:
    name, _, header_value = value.partition(":")
    request.headers.append((name.strip(), header_value.strip()))


def _set_data(request: CurlRequest, value: str) -> None:
    if value.startswith("@"):
        raise UnsupportedCommandError("-d @file is not supported")
    request.data = value


def _set_output(request: CurlRequest, value: str) -> None:
    if value != "/dev/null":
        raise UnsupportedCommandError(f"-o {value}: only -o /dev/null is supported")
    request.discard_body = True


def _set_method(request: CurlRequest, value: str) -> None:
    request.method = value


def _set_bearer(request: CurlRequest, value: str) -> None:
    request.headers.append(("Authorization", f"Bearer {value}"))


def _set_write_out(request: CurlRequest, value: str) -> None:
    request.write_out = value


_OPTIONS: dict[str, Callable[[CurlRequest, str], None]] = {
    "-X": _set_method,
    "--request": _set_method,
    "-H": _set_header,
    "--header": _set_header,
    "--oauth2-bearer": _set_bearer,
    "-d": _set_data,
    "--data": _set_data,
    "-o": _set_output,
    "--output": _set_output,
    "-w": _set_write_out,
    "--write-out": _set_write_out,
}


def parse_curl(words: list[str]) -> CurlRequest:
    """Read curl's options from the words of a command line."""
    if not words or words[0] != "curl":
        raise UnsupportedCommandError(f"only curl commands can be replayed, got {words[:1]}")
    request = CurlRequest()
    args = iter(words[1:])
    for arg in args:
        if arg in {"-s", "--silent"}:
            continue
        if not arg.startswith("-"):
            if request.url:
                raise UnsupportedCommandError("more than one URL")
            request.url = arg
            continue
        if arg not in _OPTIONS:
            raise UnsupportedCommandError(f"unsupported curl option {arg}")
        value = next(args, None)
        if value is None:
            raise UnsupportedCommandError(f"{arg} needs a value")
        _OPTIONS[arg](request, value)
    if not request.url.startswith(SERVER + "/"):
        raise UnsupportedCommandError(f"the URL must start with {SERVER}/, got {request.url!r}")
    return request


def run_curl(command: str, client: TestClient, variables: Mapping[str, str]) -> str:
    """Send the request a curl command line describes; return what curl would print."""
    request = parse_curl(split_words(command, variables))
    headers = dict(request.headers)
    if request.data is not None:
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    method = request.method or ("POST" if request.data is not None else "GET")
    response = client.request(
        method,
        request.url.removeprefix(SERVER),
        headers=headers,
        content=request.data,
    )
    output = "" if request.discard_body else response.content.decode()
    if request.write_out is not None:

        def write(match: re.Match[str]) -> str:
            if match[0] == "\\n":
                return "\n"
            if match["header"] is not None:
                return response.headers.get(match["header"], "")
            return str(response.status_code)

        if "%" in _WRITE_OUT.sub("", request.write_out):
            raise UnsupportedCommandError(f"unsupported -w format {request.write_out!r}")
        output += _WRITE_OUT.sub(write, request.write_out)
    return output
