"""What a Redis server's settings mean for revocations: the findings of `check_server`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from redis.asyncio import Redis, RedisCluster

__all__ = ["server_findings", "settings_findings"]


async def server_findings(client: Redis | RedisCluster) -> list[str]:
    """What in the settings of the server (of every node of a cluster) can lose revocations.

    It reads them with `CONFIG GET`, and asks a single server whether it is a cluster node.

    Raises:
        As the client does: `RedisStore.check_server` turns every failure into a finding.
    """
    names = ("maxmemory", "maxmemory-policy", "appendonly", "appendfsync")
    if isinstance(client, RedisCluster):
        answers = await client.config_get(*names, target_nodes=RedisCluster.ALL_NODES)
        # Asked of several nodes, the cluster client answers per node (its type says otherwise).
        nodes = cast("Mapping[str, Mapping[Any, Any]]", answers)
        findings = []
        for node, settings in nodes.items():
            findings += settings_findings(settings, f"node {node}")
        return findings
    settings = await client.config_get(*names)
    findings = settings_findings(settings, "the server")
    info = await client.info("cluster")
    if str(info.get("cluster_enabled")) == "1":
        findings.append(
            "The server is a Redis Cluster node: build the store with"
            " RedisStore.from_url(url, cluster=True) (or over a RedisCluster client)"
        )
    return findings


def settings_findings(settings: Mapping[Any, Any], where: str) -> list[str]:
    """What in a server's `CONFIG GET` answer can lose revocations, in plain words."""
    values = {_text(name): _text(value) for name, value in settings.items()}
    findings = []
    policy, maxmemory = values.get("maxmemory-policy"), values.get("maxmemory")
    if policy is not None and policy != "noeviction" and maxmemory not in (None, "0"):
        findings.append(
            f"On {where}, maxmemory-policy is {policy} with maxmemory {maxmemory}: when memory"
            " runs out Redis deletes keys, revocations included, and those tokens are accepted"
            " again; set maxmemory-policy noeviction"
        )
    if values.get("appendonly") == "no":
        findings.append(
            f"On {where}, appendonly is no: a restart of Redis forgets the revocations written"
            " since the last snapshot (all of them without snapshots); set appendonly yes"
        )
    elif values.get("appendfsync") == "no":
        findings.append(
            f"On {where}, appendfsync is no: a crash of the machine can forget the last"
            " revocations; set appendfsync everysec or always"
        )
    return findings


def _text(value: Any) -> str | None:
    """A setting's name or value as text (redis-py gives bytes, or text when it decodes)."""
    if isinstance(value, bytes):
        return value.decode()
    return None if value is None else str(value)
