"""The console sessions of the pages, replayed in process and for real; and their parser."""

from __future__ import annotations

import contextlib
import importlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

import httpx2
import pytest
from fastapi import FastAPI, Header, Request, Response
from fastapi.testclient import TestClient

from tests.support import fresh_import
from tests.support.docs.cookiejar import CookieJar
from tests.support.docs.curl import UnsupportedCommandError, parse_curl, run_command, split_words
from tests.support.docs.pages import DOCS_DIR, Page, PageError, all_pages, parse_markdown
from tests.support.docs.server import ServerError, missing_tools, run_bash, serve
from tests.support.docs.setup import environment, first_exports, page_exports, page_setup
from tests.support.docs.transcripts import (
    TranscriptMismatchError,
    match_output,
    page_app,
    page_sessions,
    parse_console,
    replay,
)
from tests.support.docs.tutorial import is_step, load_step, use_database_in

PAGES = all_pages()
REPLAYED = [page for page in PAGES if page_app(page) is not None]
BASE_USAGE = DOCS_DIR / "tutorial" / "first-steps.md"


def load_app(
    target: str, directory: Path, monkeypatch: pytest.MonkeyPatch, *, fresh: bool = False
) -> FastAPI:
    """The page's application; a tutorial step gets an empty database in `directory`.

    It is imported afresh when it must read a new environment.
    """
    module_name, _, attribute = target.partition(":")
    if is_step(module_name):
        module = load_step(module_name)
        use_database_in(module, directory, monkeypatch)
    else:
        module = fresh_import(module_name) if fresh else importlib.import_module(module_name)
    app = getattr(module, attribute)
    assert isinstance(app, FastAPI), f"{target} is not a FastAPI application"
    return app


def replay_in_process(page: Page, directory: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    app_target = page_app(page)
    assert app_target is not None
    files: dict[str, str] = {}
    with page_setup(page) as setup, environment(setup.env), contextlib.ExitStack() as stack:
        app = load_app(app_target, directory, monkeypatch, fresh=bool(setup.env))
        client = stack.enter_context(TestClient(app))
        servers = {
            shown: stack.enter_context(httpx2.Client(base_url=f"http://{real}", trust_env=False))
            for shown, real in setup.servers.items()
        }
        return replay(
            page,
            lambda command, variables: run_command(command, client, variables, files, servers),
        )


def run_curl(command: str, client: TestClient, variables: Mapping[str, str]) -> str:
    return run_command(command, client, variables)


def inline_page(text: str) -> Page:
    return parse_markdown(text, BASE_USAGE)


# The pages themselves.


def test_pages_with_transcripts_are_found() -> None:
    names = {page.name for page in REPLAYED}
    assert {
        "tutorial/first-steps.md",
        "how-to/locations/index.md",
        "how-to/locations/cookies.md",
    } <= names


def test_base_usage_shows_every_step_of_the_session() -> None:
    (page,) = [page for page in REPLAYED if page.name == "tutorial/first-steps.md"]
    sessions = page_sessions(page)

    assert [len(session.steps) for session in sessions] == [2, 3, 3]
    assert sessions[0].steps[0].command == (
        'curl -s -X POST "http://127.0.0.1:8000/login?username=test&password=test"'
    )
    assert sessions[0].steps[0].expected == ('{"access_token":"$TOKEN"}',)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_console_blocks_only_on_pages_that_name_their_app(page: Page) -> None:
    if page_sessions(page):
        assert page_app(page), f"{page.name} shows console sessions but names no fastjwt_app"
    if page_app(page):
        assert page_sessions(page), f"{page.name} names an app but shows no console session"


@pytest.mark.parametrize("page", REPLAYED, ids=lambda page: page.name)
def test_transcripts_replay_in_process(
    page: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = replay_in_process(page, tmp_path, monkeypatch)
    assert count == sum(len(s.steps) for s in page_sessions(page))


@pytest.fixture
def e2e_tools() -> None:
    missing = missing_tools()
    if not missing:
        return
    reason = f"the real replay needs {', '.join(missing)}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI=true makes it mandatory")
    pytest.skip(reason)


@pytest.mark.e2e
@pytest.mark.usefixtures("e2e_tools")
@pytest.mark.parametrize("page", REPLAYED, ids=lambda page: page.name)
def test_transcripts_replay_with_curl_and_uvicorn(page: Page, tmp_path: Path) -> None:
    app_target = page_app(page)
    assert app_target is not None
    # The server runs in the scratch directory too: a tutorial step's database.db lands there.
    with page_setup(page) as setup, serve(app_target, cwd=tmp_path, env=setup.env) as port:
        count = replay(
            page,
            lambda command, variables: run_bash(command, port, variables, tmp_path, setup.servers),
        )
    assert count == sum(len(s.steps) for s in page_sessions(page))


# Drift is caught: a changed transcript, or a command that no longer runs.


def test_a_changed_transcript_fails_the_replay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = inline_page(
        "---\nfastjwt_app: docs_src.base_usage.tutorial001:app\n---\n"
        "```console\n$ curl -s http://127.0.0.1:8000/protected\n"
        '{"detail":"Missing token"}\n```\n'
    )

    with pytest.raises(TranscriptMismatchError, match=r"first-steps\.md:5: \$ curl"):
        replay_in_process(page, tmp_path, monkeypatch)


@pytest.mark.e2e
@pytest.mark.usefixtures("e2e_tools")
def test_the_real_replay_fails_on_a_changed_output_or_a_failing_command(tmp_path: Path) -> None:
    changed = inline_page(
        "```console\n$ curl -s http://127.0.0.1:8000/protected\nsomething else\n```\n"
    )
    with serve("docs_src.base_usage.tutorial001:app") as port:

        def run(command: str, variables: Mapping[str, str]) -> str:
            return run_bash(command, port, variables, tmp_path)

        with pytest.raises(TranscriptMismatchError):
            replay(changed, run)
        with pytest.raises(ServerError, match="exited with"):
            run("curl -s --fail http://127.0.0.1:8000/protected", {})
        with pytest.raises(ServerError, match="exited with"):
            run('echo "$UNSET_IN_THE_PAGE"', {})
        assert run('echo "$TOKEN"', {"TOKEN": "abc"}) == "abc\n"


@pytest.mark.e2e
@pytest.mark.usefixtures("e2e_tools")
def test_a_server_that_cannot_start_is_reported() -> None:
    with pytest.raises(ServerError, match="server exited"), serve("docs_src.nowhere:app"):
        pytest.fail("the server should not have started")


# The console parser.


def test_console_block_is_split_into_steps() -> None:
    session = parse_console(("$ first", "out 1", "out 2", "$ second", "$ third", "x"), lineno=10)

    assert [(s.command, s.expected, s.lineno) for s in session.steps] == [
        ("first", ("out 1", "out 2"), 11),
        ("second", (), 14),
        ("third", ("x",), 15),
    ]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ((), "empty console block"),
        (("output before any command",), "must start with"),
        (("$ curl -s \\", "  http://x"), "fit on one line"),
    ],
)
def test_console_block_errors(lines: tuple[str, ...], message: str) -> None:
    with pytest.raises(PageError, match=message):
        parse_console(lines, lineno=1)


def test_sessions_come_from_console_fences_only() -> None:
    page = inline_page(
        "```bash\n$ not a transcript\n```\n\n"
        "!!! note\n    ```console\n    $ curl -s http://127.0.0.1:8000/a\n    out\n    ```\n"
    )

    (session,) = page_sessions(page)
    assert session.steps[0].command == "curl -s http://127.0.0.1:8000/a"
    assert session.steps[0].expected == ("out",)
    assert session.lineno == 6


# Matching outputs and binding variables.


def test_placeholder_binds_a_token_like_value() -> None:
    bound = match_output(('{"access_token":"$TOKEN"}',), '{"access_token":"a.b-c_d"}', {})

    assert bound == {"TOKEN": "a.b-c_d"}


def test_a_bound_placeholder_must_show_the_same_value() -> None:
    assert match_output(("x=$TOKEN",), "x=abc", {"TOKEN": "abc"}) == {}
    with pytest.raises(TranscriptMismatchError):
        match_output(("x=$TOKEN",), "x=abd", {"TOKEN": "abc"})


def test_a_placeholder_repeated_in_one_output_matches_one_value() -> None:
    assert match_output(("$A $A",), "v v", {}) == {"A": "v"}
    with pytest.raises(TranscriptMismatchError):
        match_output(("$A $A",), "v w", {})


@pytest.mark.parametrize(
    ("expected", "actual"),
    [
        (("same",), "same"),
        (("same",), "same\n"),
        (("two", "lines"), "two\nlines"),
        (("",), ""),
        (("cost $5 and $lower",), "cost $5 and $lower"),
    ],
)
def test_outputs_that_match(expected: tuple[str, ...], actual: str) -> None:
    assert match_output(expected, actual, {}) == {}


@pytest.mark.parametrize(
    ("expected", "actual"),
    [
        (("same",), "same\n\n"),
        (("same",), " same"),
        (("two", "lines"), "two lines"),
        (("$TOKEN",), "has space"),
        (("$TOKEN",), ""),
        (("a.b",), "axb"),
    ],
)
def test_outputs_that_differ(expected: tuple[str, ...], actual: str) -> None:
    with pytest.raises(TranscriptMismatchError):
        match_output(expected, actual, {})


# Shell words and curl options of the in-process replay.


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("curl -s  http://x", ["curl", "-s", "http://x"]),
        ("""a 'b c' "d e" f"g"'h'""", ["a", "b c", "d e", "fgh"]),
        ("""'$TOKEN' "$TOKEN" ${TOKEN}x $TOKEN""", ["$TOKEN", "t1", "t1x", "t1"]),
        ("""-w '%{http_code}\\n'""", ["-w", "%{http_code}\\n"]),
        ('""', [""]),
    ],
)
def test_split_words(command: str, words: list[str]) -> None:
    assert split_words(command, {"TOKEN": "t1"}) == words


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("a 'b", "unbalanced"),
        ("a | b", "unsupported shell syntax"),
        ("a && b", "unsupported shell syntax"),
        ("echo $(date)", "unsupported shell syntax"),
        ('echo "$(date)"', r"unsupported `\$` syntax"),
        ('echo "`date`"', "unsupported syntax"),
        ("echo http://x?a=1&b=2", "unsupported shell syntax"),
        ("echo {a,b}", "unsupported shell syntax"),
        ('echo "$MISSING"', "not set"),
    ],
)
def test_split_words_refuses_what_it_cannot_mimic(command: str, message: str) -> None:
    with pytest.raises(UnsupportedCommandError, match=message):
        split_words(command, {})


def test_parse_curl_reads_the_supported_options() -> None:
    request = parse_curl(
        [
            "curl",
            "-s",
            "-X",
            "PUT",
            "-H",
            "X-One: 1",
            "--oauth2-bearer",
            "tok",
            "-d",
            "a=1",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "http://127.0.0.1:8000/p?q=1",
        ]
    )

    assert request.method == "PUT"
    assert request.headers == [("X-One", "1"), ("Authorization", "Bearer tok")]
    assert request.data == "a=1"
    assert request.discard_body
    assert request.write_out == "%{http_code}"
    assert request.url == "http://127.0.0.1:8000/p?q=1"


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["wget", "http://127.0.0.1:8000/"], "only curl and cat"),
        (["curl", "-L", "http://127.0.0.1:8000/"], "unsupported curl option -L"),
        (["curl", "http://127.0.0.1:8000/", "-H"], "needs a value"),
        (["curl", "http://127.0.0.1:8000/a", "http://127.0.0.1:8000/b"], "more than one URL"),
        (["curl", "http://example.com/"], "must start with"),
        (["curl"], "must start with"),
        (["curl", "-d", "@body.json", "http://127.0.0.1:8000/"], "@file"),
        (["curl", "-o", "out.txt", "http://127.0.0.1:8000/"], "/dev/null"),
    ],
)
def test_parse_curl_refuses_what_it_cannot_mimic(words: list[str], message: str) -> None:
    with pytest.raises(UnsupportedCommandError, match=message):
        parse_curl(words)


@pytest.fixture
def echo_client() -> Iterator[TestClient]:
    app = FastAPI()

    @app.api_route("/echo", methods=["GET", "POST", "PUT"])
    async def echo(
        request: Request, authorization: str | None = Header(default=None)
    ) -> dict[str, str | None]:
        body = (await request.body()).decode()
        return {
            "method": request.method,
            "authorization": authorization,
            "type": request.headers.get("content-type"),
            "body": body,
            "query": request.url.query,
        }

    with TestClient(app) as client:
        yield client


def test_run_curl_sends_what_curl_would(echo_client: TestClient) -> None:
    output = run_curl(
        '''curl -s --oauth2-bearer "$TOKEN" -d 'a=1' "http://127.0.0.1:8000/echo?x=1&y=2"''',
        echo_client,
        {"TOKEN": "t1"},
    )

    assert output == (
        '{"method":"POST","authorization":"Bearer t1",'
        '"type":"application/x-www-form-urlencoded","body":"a=1","query":"x=1&y=2"}'
    )


def test_run_curl_defaults_to_get_and_honours_x(echo_client: TestClient) -> None:
    get = run_curl("curl -s http://127.0.0.1:8000/echo", echo_client, {})
    put = run_curl("curl -s -X PUT http://127.0.0.1:8000/echo", echo_client, {})

    assert '"method":"GET"' in get
    assert '"method":"PUT"' in put


def test_run_curl_write_out(echo_client: TestClient) -> None:
    command = (
        "curl -s -o /dev/null -w '%{http_code} [%header{content-type}]"
        "[%header{x-absent}]\\n' http://127.0.0.1:8000/echo"
    )

    assert run_curl(command, echo_client, {}) == "200 [application/json][]\n"
    assert run_curl("curl -s -w '%{http_code}' http://127.0.0.1:8000/nope", echo_client, {}) == (
        '{"detail":"Not Found"}404'
    )


def test_run_curl_refuses_unknown_write_out_variables(echo_client: TestClient) -> None:
    with pytest.raises(UnsupportedCommandError, match="-w format"):
        run_curl("curl -s -w '%{time_total}' http://127.0.0.1:8000/echo", echo_client, {})


def test_replay_carries_variables_across_blocks(echo_client: TestClient) -> None:
    page = inline_page(
        "```console\n$ curl -s -o /dev/null -w 'tok-1' http://127.0.0.1:8000/echo\n$TOKEN\n```\n"
        "text\n\n"
        '```console\n$ curl -s -o /dev/null -w "$TOKEN" http://127.0.0.1:8000/echo\n$TOKEN\n```\n'
    )

    def run(command: str, variables: Mapping[str, str]) -> str:
        return run_curl(command, echo_client, variables)

    assert replay(page, run) == 2


def test_page_paths_are_relative_to_docs() -> None:
    assert inline_page("").name == "tutorial/first-steps.md"
    assert Path(BASE_USAGE).is_file()


def test_run_curl_sends_json_and_repeated_headers(echo_client: TestClient) -> None:
    output = run_curl(
        """curl -s -H 'X-A: 1' -H 'X-A: 2' --json '{"a": 1}' http://127.0.0.1:8000/echo""",
        echo_client,
        {},
    )

    assert output == (
        '{"method":"POST","authorization":null,"type":"application/json",'
        '"body":"{\\"a\\": 1}","query":""}'
    )


def test_run_curl_keeps_a_given_content_type(echo_client: TestClient) -> None:
    output = run_curl(
        "curl -s -H 'Content-Type: application/json; charset=utf-8' -d '{}' "
        "http://127.0.0.1:8000/echo",
        echo_client,
        {},
    )

    assert '"type":"application/json; charset=utf-8"' in output


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["curl", "-d", "a", "--json", "{}", "http://127.0.0.1:8000/"], "only one -d"),
        (["curl", "-b", "a=1", "-b", "jar", "http://127.0.0.1:8000/"], "only one -b"),
        (["curl", "-c", "-", "http://127.0.0.1:8000/"], "-c -"),
    ],
)
def test_parse_curl_refuses_cookie_and_body_forms_it_cannot_mimic(
    words: list[str], message: str
) -> None:
    with pytest.raises(UnsupportedCommandError, match=message):
        parse_curl(words)


# curl's cookie engine, emulated for -b and -c.


def make_cookie_app() -> FastAPI:
    app = FastAPI()

    @app.post("/set")
    def set_cookies(response: Response) -> str:
        response.set_cookie("a", "1", httponly=True, secure=True)
        response.set_cookie("bb", "2", path="/b")
        response.set_cookie("c", "3")
        return "set"

    @app.post("/replace")
    def replace_cookie(response: Response) -> str:
        response.set_cookie("a", "4", httponly=True, secure=True)
        return "replaced"

    @app.post("/delete")
    def delete_cookie(response: Response) -> str:
        response.delete_cookie("c")
        return "deleted"

    @app.get("/show")
    @app.get("/b/show")
    @app.get("/bx")
    def show(request: Request) -> str | None:
        return request.headers.get("cookie")

    return app


COOKIE_APP = make_cookie_app()
# Each command's output is the same from curl and from the emulation.
COOKIE_SESSION = [
    "curl -s -c jar.txt -X POST http://127.0.0.1:8000/set",
    "cat jar.txt",
    "curl -s -b jar.txt http://127.0.0.1:8000/show",
    "curl -s -b jar.txt http://127.0.0.1:8000/b/show",
    "curl -s -b jar.txt http://127.0.0.1:8000/bx",
    "curl -s -b jar.txt -c jar.txt -X POST http://127.0.0.1:8000/replace",
    "cat jar.txt",
    "curl -s -b jar.txt -c copy.txt http://127.0.0.1:8000/show",
    "cat copy.txt",
    "curl -s -b 'x=1; y=2' http://127.0.0.1:8000/show",
    "curl -s -c fresh.txt -X POST http://127.0.0.1:8000/delete",
    "cat fresh.txt",
]
JAR_HEADER = (
    "# Netscape HTTP Cookie File\n"
    "# https://curl.se/docs/http-cookies.html\n"
    "# This file was generated by libcurl! Edit at your own risk.\n\n"
)
EXPECTED_COOKIE_OUTPUTS = [
    '"set"',
    JAR_HEADER + "127.0.0.1\tFALSE\t/\tFALSE\t0\tc\t3\n"
    "127.0.0.1\tFALSE\t/b\tFALSE\t0\tbb\t2\n"
    "#HttpOnly_127.0.0.1\tFALSE\t/\tTRUE\t0\ta\t1\n",
    '"a=1; c=3"',
    '"bb=2; a=1; c=3"',
    '"a=1; c=3"',
    '"replaced"',
    JAR_HEADER + "#HttpOnly_127.0.0.1\tFALSE\t/\tTRUE\t0\ta\t4\n"
    "127.0.0.1\tFALSE\t/b\tFALSE\t0\tbb\t2\n"
    "127.0.0.1\tFALSE\t/\tFALSE\t0\tc\t3\n",
    '"c=3; a=4"',
    JAR_HEADER + "127.0.0.1\tFALSE\t/\tFALSE\t0\tc\t3\n"
    "127.0.0.1\tFALSE\t/b\tFALSE\t0\tbb\t2\n"
    "#HttpOnly_127.0.0.1\tFALSE\t/\tTRUE\t0\ta\t4\n",
    '"x=1; y=2"',
    '"deleted"',
    JAR_HEADER,
]


def test_the_cookie_engine_emulation_gives_curls_outputs() -> None:
    files: dict[str, str] = {}
    with TestClient(COOKIE_APP) as client:
        outputs = [run_command(command, client, {}, files) for command in COOKIE_SESSION]

    assert outputs == EXPECTED_COOKIE_OUTPUTS
    assert set(files) == {"jar.txt", "copy.txt", "fresh.txt"}


@pytest.mark.e2e
@pytest.mark.usefixtures("e2e_tools")
def test_curl_gives_the_outputs_the_emulation_gives(tmp_path: Path) -> None:
    with serve("tests.test_transcripts:COOKIE_APP") as port:
        outputs = [run_bash(command, port, {}, tmp_path) for command in COOKIE_SESSION]

    assert [output.removesuffix("\n") for output in outputs] == [
        expected.removesuffix("\n") for expected in EXPECTED_COOKIE_OUTPUTS
    ]


def test_a_deleting_response_removes_the_cookie_from_the_jar() -> None:
    jar = CookieJar("127.0.0.1")
    jar.receive("a=1; Path=/")
    jar.receive("b=2; Path=/")
    jar.receive('a=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/')
    jar.receive('b=""; Max-Age=0; Path=/')

    assert jar.cookies == []
    assert jar.header("/") is None


@pytest.mark.parametrize(
    ("set_cookie", "message"),
    [
        ("a=1; Path=/; Domain=example.com", "Domain"),
        ("a=1", "without a Path"),
        ("a; Path=/", "without a value"),
        ("a=1; Path=/; Max-Age=60", "lasting Max-Age"),
        ("a=1; Path=/; Max-Age=soon", "unreadable Max-Age"),
        ("a=1; Path=/; expires=Thu, 01 Jan 2099 00:00:00 GMT", "lasting Expires"),
    ],
)
def test_cookies_the_emulation_does_not_cover_are_refused(set_cookie: str, message: str) -> None:
    with pytest.raises(UnsupportedCommandError, match=message):
        CookieJar("127.0.0.1").receive(set_cookie)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("127.0.0.1\tFALSE\t/\n", "unreadable cookie jar line"),
        ("example.com\tFALSE\t/\tFALSE\t0\ta\t1\n", "a jar cookie for example.com"),
    ],
)
def test_jars_the_emulation_cannot_read_are_refused(text: str, message: str) -> None:
    with pytest.raises(UnsupportedCommandError, match=message):
        CookieJar("127.0.0.1").load(text)


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("cat", "only `cat FILE`"),
        ("cat -n jar.txt", "only `cat FILE`"),
        ("cat other.txt", "no command of the page wrote it"),
        ("curl -s -b missing.txt http://127.0.0.1:8000/show", "no command wrote it"),
    ],
)
def test_files_must_be_written_by_the_page_first(command: str, message: str) -> None:
    with TestClient(COOKIE_APP) as client, pytest.raises(UnsupportedCommandError, match=message):
        run_command(command, client, {}, {"jar.txt": JAR_HEADER})


def test_write_out_shows_the_first_of_repeated_headers() -> None:
    command = "curl -s -o /dev/null -w '%header{set-cookie}' -X POST http://127.0.0.1:8000/set"
    with TestClient(COOKIE_APP) as client:
        assert run_command(command, client, {}).startswith("a=1; HttpOnly; Path=/;")


def test_the_test_client_keeps_no_cookie_between_commands() -> None:
    with TestClient(COOKIE_APP) as client:
        run_command("curl -s -X POST http://127.0.0.1:8000/set", client, {})

        assert run_command("curl -s http://127.0.0.1:8000/show", client, {}) == "null"


# Page setups: the app's environment, other servers, exported settings.


def test_a_page_without_setup_gets_an_empty_one() -> None:
    with page_setup(inline_page("# No setup\n")) as setup:
        assert (dict(setup.env), dict(setup.servers), setup.state) == ({}, {}, None)


def test_exports_are_read_from_bash_blocks_in_order() -> None:
    page = inline_page(
        "```bash\nexport A='1'\nexport B='two words'\nuvicorn app:app\nexport A='3'\n```\n"
        "```console\n$ export C='not read'\n```\n"
    )
    assert page_exports(page) == [("A", "1"), ("B", "two words"), ("A", "3")]
    assert first_exports(page) == {"A": "1", "B": "two words"}
    with pytest.raises(PageError, match="export NAME='value'"):
        page_exports(inline_page('```bash\nexport A="double quotes"\n```\n'))


def test_the_environment_is_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FASTJWT_TEST_KEPT", "before")
    monkeypatch.delenv("FASTJWT_TEST_NEW", raising=False)
    with environment({"FASTJWT_TEST_KEPT": "during", "FASTJWT_TEST_NEW": "new"}):
        assert os.environ["FASTJWT_TEST_KEPT"] == "during"
        assert os.environ["FASTJWT_TEST_NEW"] == "new"
    assert os.environ["FASTJWT_TEST_KEPT"] == "before"
    assert "FASTJWT_TEST_NEW" not in os.environ


def test_commands_reach_the_servers_a_setup_provides() -> None:
    other = FastAPI()

    @other.post("/token")
    def token() -> dict[str, str]:
        return {"access_token": "t"}

    app = FastAPI()

    @app.get("/who")
    def who(authorization: str = Header()) -> str:
        return authorization

    with TestClient(app) as client, TestClient(other) as issuer:
        servers = {"127.0.0.1:9000": issuer}
        assert (
            run_command("curl -s -X POST http://127.0.0.1:9000/token", client, {}, None, servers)
            == '{"access_token":"t"}'
        )
        shown = run_command(
            "curl -s --oauth2-bearer t http://127.0.0.1:8000/who", client, {}, None, servers
        )
        assert shown == '"Bearer t"'
    with pytest.raises(UnsupportedCommandError, match="must start with one of"):
        parse_curl(["curl", "http://127.0.0.1:9001/x"], ["127.0.0.1:9000"])
    assert parse_curl(["curl", "http://127.0.0.1:9000/x"], ["127.0.0.1:9000"]).url.endswith("/x")
