"""Replay a page's console command in process, against an ASGI app, through Starlette's TestClient.

Only the shell and curl features the pages use are understood; anything else raises
`UnsupportedCommandError`, so the in-process replay never quietly differs from bash and curl.

Shell: see `tests.support.docs.shell`. Commands: `curl ...`, and `cat FILE` for a cookie jar that
an earlier command of the page wrote.

curl: `-s`/`--silent`, `-X`/`--request`, `-H`/`--header`, `--oauth2-bearer`, `-d`/`--data`,
`--json`, `-b`/`--cookie` (a jar file written earlier, or a literal `name=value` string),
`-c`/`--cookie-jar FILE`, `-o /dev/null`, `-w`/`--write-out` (with `%{http_code}`,
`%header{name}` and `\\n`), and one URL on `http://127.0.0.1:8000`, or on the address of
another server the page's setup provides (see `tests.support.docs.setup`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlsplit

import httpx2

from tests.support.docs.cookiejar import CookieJar
from tests.support.docs.shell import UnsupportedCommandError, split_words

__all__ = [
    "SERVER",
    "CurlRequest",
    "UnsupportedCommandError",
    "parse_curl",
    "run_command",
    "split_words",
]

SERVER = "http://127.0.0.1:8000"
HOST = "127.0.0.1"

_WRITE_OUT = re.compile(r"%\{http_code\}|%header\{(?P<header>[A-Za-z0-9-]+)\}|\\n")


@dataclass
class CurlRequest:
    """What a curl command line asks for."""

    url: str = ""
    method: str | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    data: str | None = None
    json: bool = False
    write_out: str | None = None
    discard_body: bool = False
    cookie: str | None = None
    cookie_file: str | None = None
    cookie_jar: str | None = None


def _set_header(request: CurlRequest, value: str) -> None:
    name, _, header_value = value.partition(":")
    request.headers.append((name.strip(), header_value.strip()))


def _set_data(request: CurlRequest, value: str) -> None:
    if value.startswith("@"):
        raise UnsupportedCommandError("reading the body from a file (@file) is not supported")
    if request.data is not None:
        raise UnsupportedCommandError("only one -d or --json per command is supported")
    request.data = value


def _set_json(request: CurlRequest, value: str) -> None:
    _set_data(request, value)
    request.json = True


def _set_cookie(request: CurlRequest, value: str) -> None:
    if request.cookie is not None or request.cookie_file is not None:
        raise UnsupportedCommandError("only one -b per command is supported")
    # curl's rule: a value with `=` is the cookies themselves, otherwise a file to read.
    if "=" in value:
        request.cookie = value
    else:
        request.cookie_file = value


def _set_cookie_jar(request: CurlRequest, value: str) -> None:
    if value == "-":
        raise UnsupportedCommandError("-c - (the jar on standard output) is not supported")
    request.cookie_jar = value


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
    "--json": _set_json,
    "-b": _set_cookie,
    "--cookie": _set_cookie,
    "-c": _set_cookie_jar,
    "--cookie-jar": _set_cookie_jar,
    "-o": _set_output,
    "--output": _set_output,
    "-w": _set_write_out,
    "--write-out": _set_write_out,
}


class Client(Protocol):
    """What a replayed request is sent through: the app's TestClient, or a real HTTP client."""

    @property
    def cookies(self) -> httpx2.Cookies:
        """The client's cookie jar (emptied around every request: curl keeps none)."""

    def request(
        self, method: str, url: str, *, headers: list[tuple[str, str]], content: str | None
    ) -> httpx2.Response:
        """Send one request."""


def parse_curl(words: list[str], servers: Collection[str] = ()) -> CurlRequest:
    """Read curl's options from the words of a command line.

    Args:
        words: The command line, split into words.
        servers: Addresses (`127.0.0.1:9000`) the URL may name besides the app's.
    """
    if not words or words[0] != "curl":
        raise UnsupportedCommandError(f"only curl and cat can be replayed, got {words[:1]}")
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
    allowed = [SERVER, *(f"http://{address}" for address in servers)]
    if not any(request.url.startswith(base + "/") for base in allowed):
        raise UnsupportedCommandError(
            f"the URL must start with one of {', '.join(allowed)} and /, got {request.url!r}"
        )
    return request


def _request_headers(request: CurlRequest, jar: CookieJar | None) -> list[tuple[str, str]]:
    """The headers curl sends: the given ones, then those its options imply."""
    headers = list(request.headers)
    given = {name.lower() for name, _ in headers}
    implied: list[tuple[str, str]] = []
    if request.json:
        implied += [("Content-Type", "application/json"), ("Accept", "application/json")]
    elif request.data is not None:
        implied.append(("Content-Type", "application/x-www-form-urlencoded"))
    cookies = [request.cookie, None if jar is None else jar.header(urlsplit(request.url).path)]
    if any(cookies):
        implied.append(("Cookie", "; ".join(cookie for cookie in cookies if cookie)))
    return headers + [(name, value) for name, value in implied if name.lower() not in given]


def _write_out(template: str, status: int, headers: Callable[[str], list[str]]) -> str:
    if "%" in _WRITE_OUT.sub("", template):
        raise UnsupportedCommandError(f"unsupported -w format {template!r}")

    def write(match: re.Match[str]) -> str:
        if match[0] == "\\n":
            return "\n"
        if match["header"] is not None:
            # curl prints the first of repeated headers (set-cookie, for one).
            values = headers(match["header"])
            return values[0] if values else ""
        return str(status)

    return _WRITE_OUT.sub(write, template)


def _curl(request: CurlRequest, client: Client, files: MutableMapping[str, str]) -> str:
    jar: CookieJar | None = None
    if request.cookie_file is not None or request.cookie_jar is not None:
        jar = CookieJar(HOST)
        if request.cookie_file is not None:
            if request.cookie_file not in files:
                raise UnsupportedCommandError(f"-b {request.cookie_file}: no command wrote it")
            jar.load(files[request.cookie_file])
    method = request.method or ("POST" if request.data is not None else "GET")
    # The TestClient keeps cookies between requests; curl keeps only what its jar holds.
    client.cookies.clear()
    response = client.request(
        method,
        "/" + request.url.split("/", 3)[3],
        headers=_request_headers(request, jar),
        content=request.data,
    )
    client.cookies.clear()
    if jar is not None:
        for value in response.headers.get_list("set-cookie"):
            jar.receive(value)
        if request.cookie_jar is not None:
            files[request.cookie_jar] = jar.dump()
    output = "" if request.discard_body else response.content.decode()
    if request.write_out is not None:
        output += _write_out(request.write_out, response.status_code, response.headers.get_list)
    return output


def _cat(words: list[str], files: Mapping[str, str]) -> str:
    if len(words) != 2 or words[1].startswith("-"):
        raise UnsupportedCommandError("only `cat FILE` is supported")
    if words[1] not in files:
        raise UnsupportedCommandError(f"cat {words[1]}: no command of the page wrote it")
    return files[words[1]]


def run_command(
    command: str,
    client: Client,
    variables: Mapping[str, str],
    files: MutableMapping[str, str] | None = None,
    servers: Mapping[str, Client] | None = None,
) -> str:
    """Run one console command in process; return what it would print.

    Args:
        command: The command line, as the page shows it.
        client: The client of the page's application.
        variables: The shell variables bound so far.
        files: The files earlier commands wrote (cookie jars), by name; updated in place.
        servers: Clients of the other servers the page's setup provides, by the address
            the page shows for them.
    """
    files = {} if files is None else files
    servers = {} if servers is None else servers
    words = split_words(command, variables)
    if words[:1] == ["cat"]:
        return _cat(words, files)
    request = parse_curl(words, servers)
    address = urlsplit(request.url).netloc
    return _curl(request, servers.get(address, client), files)
