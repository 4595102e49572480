"""Replay commands for real: uvicorn serves a page's app on a free port and bash runs curl."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO

from tests.support.docs.pages import ROOT

HOST = "127.0.0.1"
PAGE_ADDRESS = "127.0.0.1:8000"


class ServerError(RuntimeError):
    """The server did not start, or a command could not run."""


def missing_tools() -> list[str]:
    """The programs the real replay needs and this machine lacks."""
    missing = [tool for tool in ("bash", "curl") if shutil.which(tool) is None]
    if importlib.util.find_spec("uvicorn") is None:
        missing.append("uvicorn (python package)")
    return missing


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _log_text(log: IO[bytes] | None) -> str:
    if log is None:
        return ""
    log.seek(0)
    return log.read().decode(errors="replace")


def wait_until_listening(
    process: subprocess.Popen[bytes], port: int, timeout: float, log: IO[bytes] | None = None
) -> None:
    """Return once `port` accepts connections; raise if `process` exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"the server exited with {process.returncode}:\n{_log_text(log)}")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise ServerError(
        f"the server did not accept connections within {timeout} s:\n{_log_text(log)}"
    )


@contextlib.contextmanager
def serve(
    app: str,
    timeout: float = 30.0,
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Iterator[int]:
    """Run `python -m uvicorn APP` on 127.0.0.1 and a free port; yield the port.

    It runs from the repository's root, or from `cwd` with the root on `PYTHONPATH`, so that
    the files an application writes (a database) land in `cwd`; `env` adds variables. The
    server is always terminated when the block exits.
    """
    port = free_port()
    environment = {**os.environ, **(env or {})}
    if cwd is not None:
        environment["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(ROOT), environment.get("PYTHONPATH")])
        )
    with tempfile.TemporaryFile() as log:
        command = [sys.executable, "-m", "uvicorn", app, "--host", HOST, "--port", str(port)]
        process = subprocess.Popen(
            command,
            cwd=ROOT if cwd is None else cwd,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_listening(process, port, timeout, log)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def run_bash(
    command: str,
    port: int,
    variables: Mapping[str, str],
    cwd: Path,
    servers: Mapping[str, str] | None = None,
) -> str:
    """Run a page's command with bash, pointed at `port`; return its standard output.

    The command runs exactly as written, except that the page's address 127.0.0.1:8000
    becomes the server's real port, and the address the page shows for each of `servers`
    (from the page's setup) becomes the real one. Variables bound earlier in the page are
    exported, and `bash -u` makes an unset variable an error instead of an empty word. It
    runs in `cwd`, a scratch directory kept for the whole page, so the files a command
    writes (a cookie jar) are there for the next one and never land in the repository.
    """
    env = {**os.environ, **variables, "NO_PROXY": HOST, "no_proxy": HOST}
    script = command.replace(PAGE_ADDRESS, f"{HOST}:{port}")
    for shown, real in (servers or {}).items():
        script = script.replace(shown, real)
    try:
        result = subprocess.run(
            ["bash", "-u", "-c", script],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise ServerError(f"command timed out: {command}") from error
    if result.returncode != 0:
        raise ServerError(
            f"command exited with {result.returncode}: {command}\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        )
    return result.stdout
