"""Run an app with uvicorn on a port the test chooses, so that it can restart on the same one."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping

from tests.support.docs.pages import ROOT
from tests.support.docs.server import HOST, ServerError, free_port

__all__ = ["HOST", "free_port", "serve_on"]


@contextlib.contextmanager
def serve_on(
    app: str, port: int, settings: Mapping[str, str], timeout: float = 30.0
) -> Iterator[None]:
    """Run `python -m uvicorn APP` on 127.0.0.1:`port`, configured by `settings` alone.

    The server gets this process's environment without its `JWT_*` variables,
    plus `settings`.

    The server is always stopped when the block exits.

    Raises:
        ServerError: It exited, or did not listen within `timeout` seconds.
    """
    command = [sys.executable, "-m", "uvicorn", app, "--host", HOST, "--port", str(port)]
    with tempfile.TemporaryFile() as log:
        env = {name: value for name, value in os.environ.items() if not name.startswith("JWT_")}
        env.update(settings)
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while True:
                if process.poll() is not None:
                    log.seek(0)
                    output = log.read().decode(errors="replace")
                    raise ServerError(f"uvicorn exited with {process.returncode}:\n{output}")
                with contextlib.suppress(OSError), socket.create_connection((HOST, port), 0.5):
                    break
                if time.monotonic() > deadline:
                    raise ServerError(f"{app} did not listen on {port} within {timeout} s")
                time.sleep(0.05)
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
