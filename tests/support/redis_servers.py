"""Redis servers the tests start themselves: one server, or a cluster with replicas.

Each server listens on a free port of 127.0.0.1 and keeps its files in a directory of
its own; each is stopped by its PID, never by name, so a test can kill, freeze
(`SIGSTOP`) or restart exactly the process it means.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from redis import Redis
from redis.exceptions import RedisError

from tests.support.docs.server import free_port

__all__ = ["ClusterServers", "RedisServer", "redis_binaries", "running_cluster", "running_server"]

START_TIMEOUT = 10.0


def redis_binaries() -> tuple[str, str]:
    """`redis-server` and `redis-cli`; their absence skips, or fails with CI=true."""
    server, cli = shutil.which("redis-server"), shutil.which("redis-cli")
    if server is None or cli is None:
        message = "redis-server and redis-cli are needed (Debian's redis-server package)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return server, cli


class RedisServer:
    """One `redis-server` process on a free port, with its own directory.

    Args:
        directory: Where it keeps its files (AOF, cluster state).
        options: More `redis-server` options, as `("--appendonly", "yes")`.
    """

    def __init__(self, directory: Path, options: Sequence[str] = ()) -> None:
        self.directory = directory
        self.options = tuple(options)
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self) -> None:
        """Start it (again, on the same port and directory) and wait until it answers."""
        binary, _ = redis_binaries()
        command = [
            binary,
            "--bind",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--dir",
            str(self.directory),
            "--save",
            "",
            *self.options,
        ]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + START_TIMEOUT
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"redis-server did not start: {' '.join(command)}")
            time.sleep(0.02)

    def answers(self) -> bool:
        try:
            with Redis(port=self.port, socket_timeout=0.5, socket_connect_timeout=0.5) as client:
                return bool(client.ping())
        except RedisError:
            return False

    def client(self) -> Redis:
        return Redis(port=self.port, socket_timeout=5, socket_connect_timeout=5)

    def signal(self, number: signal.Signals) -> None:
        """Send a signal to this server's process (by PID)."""
        os.kill(self.pid, number)

    def kill(self) -> None:
        """Kill it at once (`SIGKILL`), as a crash would."""
        process = self.process
        if process is not None and process.poll() is None:
            os.kill(process.pid, signal.SIGCONT)
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def stop(self) -> None:
        """Stop it (`SIGTERM`, then `SIGKILL` after 10 s), waking it first if frozen."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        os.kill(process.pid, signal.SIGCONT)
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextlib.contextmanager
def running_server(*options: str) -> Iterator[RedisServer]:
    """A started server, stopped (by PID) and its directory removed when the block ends."""
    with tempfile.TemporaryDirectory(prefix="fastjwt-redis-") as directory:
        server = RedisServer(Path(directory), options)
        try:
            server.start()
            yield server
        finally:
            server.stop()


class ClusterServers:
    """Three masters and three replicas, made a cluster by `redis-cli --cluster create`."""

    def __init__(self, servers: list[RedisServer]) -> None:
        self.servers = servers

    @property
    def startup_nodes(self) -> list[tuple[str, int]]:
        return [("127.0.0.1", server.port) for server in self.servers]

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.servers[0].port}/0"

    def master_of(self, key: str) -> RedisServer:
        """The server that holds `key`'s slot now."""
        for server in self.servers:
            if server.process is None or server.process.poll() is not None:
                continue
            with server.client() as client:
                slot = int(client.execute_command("CLUSTER KEYSLOT", key))
                for start, end, master, *_ in client.execute_command("CLUSTER SLOTS"):
                    if start <= slot <= end:
                        port = int(master[1])
                        return next(s for s in self.servers if s.port == port)
        raise AssertionError("no live node knows the slot")  # pragma: no cover

    def wait_until_ok(self, timeout: float = 20.0) -> None:
        """Wait until every live node says the cluster is ok, and every replica is in sync."""
        deadline = time.monotonic() + timeout
        while not self._ok():
            if time.monotonic() > deadline:
                pytest.fail("the Redis cluster did not become ok")
            time.sleep(0.05)

    def _ok(self) -> bool:
        live = [s for s in self.servers if s.process is not None and s.process.poll() is None]
        for server in live:
            with server.client() as client:
                if client.execute_command("CLUSTER INFO").get("cluster_state") != "ok":
                    return False
                info = client.info("replication")
                if info["role"] == "slave" and info.get("master_link_status") != "up":
                    return False
        return True


@contextlib.contextmanager
def running_cluster(node_timeout_ms: int = 1000) -> Iterator[ClusterServers]:
    """Six servers on free ports, three masters with a replica each; all stopped at the end."""
    _, cli = redis_binaries()
    with tempfile.TemporaryDirectory(prefix="fastjwt-cluster-") as directory:
        servers = []
        try:
            for index in range(6):
                node = Path(directory) / str(index)
                node.mkdir()
                options = (
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes.conf",
                    "--cluster-node-timeout",
                    str(node_timeout_ms),
                    "--cluster-port",
                    str(free_port()),
                    "--appendonly",
                    "no",
                    # Replicas sync at once (Redis 7 waits 5 s for more replicas by default).
                    "--repl-diskless-sync-delay",
                    "0",
                )
                server = RedisServer(node, options)
                servers.append(server)
                server.start()
            addresses = [f"127.0.0.1:{server.port}" for server in servers]
            create = [cli, "--cluster", "create", *addresses, "--cluster-replicas", "1"]
            subprocess.run(
                [*create, "--cluster-yes"],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=60,
            )
            cluster = ClusterServers(servers)
            cluster.wait_until_ok()
            yield cluster
        finally:
            for server in servers:
                server.stop()
