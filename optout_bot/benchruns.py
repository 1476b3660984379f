"""The runs every benchmark is made of: one ``check`` or ``apply`` of some platforms against
the sandbox, timed, and the platforms that can be measured at all."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from optout_bot import registry
from optout_bot.accounts import Credentials
from optout_bot.benchprocess import ProcessSampler, cpu_seconds
from optout_bot.flow import Flow
from optout_bot.home import Home
from optout_bot.outcomes import PlatformResult
from optout_bot.runner import RunOptions, run_flows
from optout_bot.sites import parse_origin


@dataclass
class Target:
    """The sandbox and demo accounts the runs go to."""

    flows: dict[str, Flow]
    sites: dict[str, str]
    accounts: dict[str, tuple[str, str]]  # platform -> (username, password)
    sampler: ProcessSampler = field(default_factory=ProcessSampler)

    def options(self, names: list[str], jobs: int, dry_run: bool = True) -> RunOptions:
        return RunOptions(
            dry_run=dry_run, jobs=jobs,
            sites={n: parse_origin(self.sites[n]) for n in names},
            credentials={n: Credentials(*self.accounts[n], source="bench") for n in names})


@dataclass
class Timed:
    seconds: float
    cpu_seconds: float
    results: list[PlatformResult]


def run_once(target: Target, names: list[str], home: Home, jobs: int,
             dry_run: bool = True) -> Timed:
    """One ``check`` (or ``apply``) of the named platforms, timed from the browser's start
    to its close."""
    flows = [target.flows[n] for n in names]
    cpu, started = cpu_seconds(target.sampler), time.perf_counter()
    results = asyncio.run(run_flows(flows, home, target.options(names, jobs, dry_run)))
    seconds = time.perf_counter() - started
    return Timed(seconds, cpu_seconds(target.sampler) - cpu, results)


def median_of(runs: list[Timed], measure: Callable[[Timed], float]) -> float:
    return statistics.median(measure(t) for t in runs)


def new_home(root: Path) -> Home:
    return Home.resolve(tempfile.mkdtemp(prefix="home-", dir=root)).ensure()




def selected_platforms(wanted: list[str] | None) -> tuple[list[str], dict[str, str]]:
    """Platforms to measure, and the ones that cannot be measured with why."""
    from optout_bot.sandbox import replica_classes, replica_names

    loaded = registry.load()
    names = wanted or sorted(set(loaded.flows) | set(loaded.broken))
    skipped: dict[str, str] = {}
    runnable = []
    replicas = set(replica_names())
    for name in names:
        if name in loaded.broken:
            skipped[name] = f"the flow could not be loaded ({loaded.broken[name]})"
        elif name not in loaded.flows:
            skipped[name] = "no such platform"
        elif name not in replicas:
            skipped[name] = "no replica in the sandbox"
        else:
            try:
                replica_classes([name])
            except Exception as exc:  # noqa: BLE001 - one broken replica must not stop the rest
                skipped[name] = f"the replica could not be loaded ({type(exc).__name__}: {exc})"
                continue
            runnable.append(name)
    return runnable, skipped
