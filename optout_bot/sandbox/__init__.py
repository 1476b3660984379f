"""Replica sites of every platform, for tests, the demo and flow authors.

Each module in this package (other than ``base`` and ``kit``, what replicas are built
from, and the ``_`` helpers) exports ``REPLICA``, a ``Replica``
subclass for one platform. ``Sandbox`` starts them all on loopback and hands back the
``--site`` origins to reach them.
"""

from __future__ import annotations

import importlib
import pkgutil
import secrets
from dataclasses import dataclass

from optout_bot.sandbox.base import Replica, ReplicaServer


def replica_names() -> list[str]:
    return sorted(info.name for info in pkgutil.iter_modules(__path__)
                  if info.name not in ("base", "kit") and not info.name.startswith("_"))


def replica_classes(names: list[str] | None = None) -> dict[str, type[Replica]]:
    """The replica class of each named platform (module name = platform name)."""
    found: dict[str, type[Replica]] = {}
    for name in names or replica_names():
        module = importlib.import_module(f"{__name__}.{name}")
        found[name] = module.REPLICA
    return found


@dataclass
class DemoAccount:
    username: str
    password: str


class Sandbox:
    """Every replica (or the ones named), each on its own loopback port."""

    def __init__(self, platforms: list[str] | None = None, ports: dict[str, int] | None = None):
        names = platforms or replica_names()
        unknown = [n for n in names if n not in replica_names()]
        if unknown:
            raise ValueError(f"no replica for {', '.join(unknown)}")
        classes = replica_classes(names)
        self.replicas: dict[str, Replica] = {n: classes[n]() for n in names}
        self.servers = {n: ReplicaServer(r, (ports or {}).get(n, 0))
                        for n, r in self.replicas.items()}

    def start(self) -> Sandbox:
        for server in self.servers.values():
            server.start()
        return self

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()

    def renew(self, platform: str) -> Replica:
        """A fresh replica of ``platform`` behind its running server, so tests can share
        one server without sharing accounts, faults or request logs."""
        replica = replica_classes([platform])[platform]()
        self.replicas[platform] = replica
        self.servers[platform].serve(replica)
        return replica

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def sites(self) -> dict[str, str]:
        return {n: s.origin for n, s in self.servers.items()}

    def seed_demo(self) -> dict[str, DemoAccount]:
        """One account per replica with every AI-data setting at the platform's default."""
        accounts = {}
        for name, replica in self.replicas.items():
            account = DemoAccount(f"demo-{name}@example.com", secrets.token_urlsafe(12))
            replica.add_account(account.username, account.password)
            accounts[name] = account
        return accounts
