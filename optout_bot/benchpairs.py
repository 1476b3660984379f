"""``optout apply`` against the floor, pair by pair.

Each pair is one ``apply`` of a platform (a new home, so it signs in, with its evidence
screenshots) and then one run of its hand-written script (``optout_bot.benchfloor``), each
on a new copy of the demo account, so both find every setting at the platform's default and
turn it off. A pair's ratio is taken right away, so a machine whose load drifts between
pairs moves both sides alike; the figure is the median of the pairs' ratios. ``apply --all``
at the default jobs is paired the same way with the slowest platform alone, and the peak
memory of those runs is the memory goal's figure.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from optout_bot import registry
from optout_bot.benchfloor import SCRIPTS, FloorRun, run_floor
from optout_bot.benchprocess import (
    ProcessSampler,
    cpu_seconds,
    machine,
    machine_lines,
    own_peak_mb,
)
from optout_bot.benchruns import Target, Timed, new_home, run_once, selected_platforms
from optout_bot.outcomes import Outcome
from optout_bot.sites import parse_origin

if TYPE_CHECKING:  # pragma: no cover
    from optout_bot.sandbox import Sandbox

GOAL_FLOOR_RATIO = 1.3  # apply, wall time, against the hand-written script
GOAL_ALL_RATIO = 1.5  # apply --all at the default jobs, against the slowest platform alone
GOAL_MEMORY_MB = 600  # peak PSS at the default jobs
SAFE = (Outcome.OFF.value, Outcome.TURNED_OFF.value)


def load_now() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


class FreshAccounts:
    """A new demo account per run: every setting at its default (on), nothing signed in."""

    def __init__(self, sandbox: Sandbox):
        self.sandbox = sandbox
        self.made = 0

    def __call__(self, platform: str) -> tuple[str, str]:
        self.made += 1
        username, password = f"bench{self.made}-{platform}@example.com", secrets.token_hex(8)
        self.sandbox.replicas[platform].add_account(username, password)
        return username, password


@dataclass
class Pair:
    tool_s: float
    tool_cpu_s: float
    floor_s: float
    floor_cpu_s: float
    load: float  # 1-minute load average when the pair started
    tool_safe: int  # settings the tool read back off
    floor_safe: int  # switches the script read back at the safe state

    @property
    def wall_ratio(self) -> float:
        return self.tool_s / self.floor_s

    @property
    def cpu_ratio(self) -> float:
        return self.tool_cpu_s / self.floor_cpu_s if self.floor_cpu_s else 0.0


@dataclass
class PairFigures:
    platform: str
    pairs: list[Pair]
    outcomes: dict[str, int] = field(default_factory=dict)  # the tool's, last pair

    def median(self, measure: Callable[[Pair], float]) -> float:
        return statistics.median(measure(p) for p in self.pairs)


@dataclass
class AllFigures:
    jobs: int
    slowest: str
    runs: list[tuple[float, float, float]]  # (all s, all CPU s, slowest alone s) per pair
    peak_pss_mb: float
    peak_rss_mb: float

    @property
    def ratio(self) -> float:
        return statistics.median(all_s / alone_s for all_s, _, alone_s in self.runs)


def apply_once(target: Target, names: list[str], fresh: FreshAccounts, root: Path,
               jobs: int) -> Timed:
    accounts = {**target.accounts, **{n: fresh(n) for n in names}}
    return run_once(replace(target, accounts=accounts), names, new_home(root), jobs,
                    dry_run=False)


def floor_once(target: Target, name: str, fresh: FreshAccounts) -> tuple[float, float, FloorRun]:
    username, password = fresh(name)
    origin = parse_origin(target.sites[name])
    cpu, started = cpu_seconds(target.sampler), time.perf_counter()
    run = asyncio.run(run_floor(name, origin, target.flows[name].hosts, username, password))
    return time.perf_counter() - started, cpu_seconds(target.sampler) - cpu, run


def measure_pairs(target: Target, name: str, repeat: int, fresh: FreshAccounts,
                  root: Path) -> PairFigures:
    figures = PairFigures(name, [])
    for _ in range(repeat):
        load = load_now()
        tool = apply_once(target, [name], fresh, root, jobs=1)
        floor_s, floor_cpu, floor = floor_once(target, name, fresh)
        settings = [s for r in tool.results for s in r.settings]
        figures.pairs.append(Pair(tool.seconds, tool.cpu_seconds, floor_s, floor_cpu, load,
                                  sum(s.outcome.value in SAFE for s in settings),
                                  floor.safe_after))
        figures.outcomes = {}
        for setting in settings:
            figures.outcomes[setting.outcome.value] = (
                figures.outcomes.get(setting.outcome.value, 0) + 1)
    return figures


def measure_all(target: Target, names: list[str], slowest: str, jobs: int, repeat: int,
                fresh: FreshAccounts, root: Path, sampler: ProcessSampler) -> AllFigures:
    runs = []
    sampler.reset_peak()
    for _ in range(repeat):
        alone = apply_once(target, [slowest], fresh, root, jobs)
        together = apply_once(target, names, fresh, root, jobs)
        runs.append((together.seconds, together.cpu_seconds, alone.seconds))
    return AllFigures(jobs, slowest, runs, round(sampler.peak_pss_mb, 1),
                      round(sampler.peak_mb, 1))


@dataclass
class FloorReport:
    machine: dict[str, str]
    repeat: int
    platforms: list[PairFigures]
    together: AllFigures | None
    own_mb: float  # this process's peak memory (it also serves the replicas)
    not_measured: dict[str, str]  # platform -> why

    def to_json(self) -> dict:
        data = asdict(self)
        for figures, entry in zip(self.platforms, data["platforms"], strict=True):
            entry["wall_ratio"] = figures.median(lambda p: p.wall_ratio)
            entry["cpu_ratio"] = figures.median(lambda p: p.cpu_ratio)
        if self.together is not None:
            data["together"]["ratio"] = self.together.ratio
        data["goals"] = [{"goal": g, "met": m, "figure": f}
                         for g, m, f in goals(self.platforms, self.together, self.own_mb)]
        return data


def against_floor(repeat: int = 3, platforms: list[str] | None = None,
                  say: Callable[[str], None] = lambda _: None, jobs: int = 2) -> FloorReport:
    """Pairs for every switch platform with a script (or the named ones), then ``apply
    --all`` of every platform with a replica at ``jobs``, paired with the slowest alone."""
    from optout_bot.sandbox import Sandbox

    runnable, skipped = selected_platforms(platforms)
    names = [n for n in runnable if n in SCRIPTS]
    skipped.update({n: "no hand-written script" for n in runnable if n not in SCRIPTS}
                   if platforms else {})
    figures: list[PairFigures] = []
    together = None
    with tempfile.TemporaryDirectory(prefix="optout-bench-") as tmp, \
            ProcessSampler() as sampler, Sandbox(runnable or None) as sandbox:
        target = Target(registry.load().flows, sandbox.sites, {}, sampler)
        fresh = FreshAccounts(sandbox)
        for name in names:
            say(f"{name}: {repeat} pairs (apply, then the script)")
            figures.append(measure_pairs(target, name, repeat, fresh, Path(tmp)))
        if figures and len(runnable) > 1:
            slowest = max(figures, key=lambda f: f.median(lambda p: p.tool_s)).platform
            say(f"apply --all of {len(runnable)} platforms, {jobs} jobs, against {slowest} "
                f"alone: {repeat} pairs")
            together = measure_all(target, runnable, slowest, jobs, repeat, fresh, Path(tmp),
                                   sampler)
    return FloorReport(machine(), repeat, figures, together, round(own_peak_mb(), 1), skipped)


# ---------------------------------------------------------------------- printing
def goals(platforms: list[PairFigures], together: AllFigures | None,
          own_mb: float) -> list[tuple[str, bool | None, str]]:
    found: list[tuple[str, bool | None, str]] = []
    for p in platforms:
        ratio = p.median(lambda pair: pair.wall_ratio)
        found.append((f"{p.platform}: apply within {GOAL_FLOOR_RATIO}x the hand-written script",
                      ratio <= GOAL_FLOOR_RATIO, f"{ratio:.2f}x wall"))
    if together is None:
        return found
    found.append((f"apply --all, {together.jobs} jobs, within {GOAL_ALL_RATIO}x the slowest "
                  "platform alone", together.ratio <= GOAL_ALL_RATIO,
                  f"{together.ratio:.2f}x (slowest alone: {together.slowest})"))
    pss = together.peak_pss_mb + own_mb
    found.append((f"peak memory at {together.jobs} jobs under {GOAL_MEMORY_MB} MB PSS",
                  pss < GOAL_MEMORY_MB if together.peak_pss_mb else None,
                  f"{pss:.0f} MB PSS ({together.peak_rss_mb + own_mb:.0f} MB summed RSS)"))
    return found


def render(report: FloorReport) -> str:
    platforms, together, own_mb = report.platforms, report.together, report.own_mb
    m = report.machine
    lines = [*machine_lines(m),
             f"- load average (1 min) at the end: {load_now():.1f}",
             "", "## apply against a hand-written Playwright script", "",
             "Pairs: apply (new home, signs in, screenshots), then the script, each on a new "
             "copy of the demo account. Ratios are per pair, then the median.", "",
             "| Platform | Pairs | apply s (CPU s) | script s (CPU s) | Wall ratio | CPU ratio "
             "| Load (1 min) | apply outcomes | Read back off (apply / script) |",
             "|---|---:|---:|---:|---:|---:|---|---|---|"]
    for p in platforms:
        loads = [pair.load for pair in p.pairs]
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(p.outcomes.items())) or "-"
        last = p.pairs[-1]
        lines.append(
            f"| {p.platform} | {len(p.pairs)} | {p.median(lambda x: x.tool_s):.2f} "
            f"({p.median(lambda x: x.tool_cpu_s):.2f}) | {p.median(lambda x: x.floor_s):.2f} "
            f"({p.median(lambda x: x.floor_cpu_s):.2f}) | "
            f"{p.median(lambda x: x.wall_ratio):.2f} | {p.median(lambda x: x.cpu_ratio):.2f} | "
            f"{min(loads):.1f}-{max(loads):.1f} | {outcomes} | "
            f"{last.tool_safe} / {last.floor_safe} |")
    for name, why in report.not_measured.items():
        lines.append(f"| {name} | not measured: {why} | | | | | | | |")
    if together is not None:
        all_s = statistics.median(r[0] for r in together.runs)
        all_cpu = statistics.median(r[1] for r in together.runs)
        alone = statistics.median(r[2] for r in together.runs)
        lines += ["", f"apply --all, {together.jobs} jobs: {all_s:.2f} s ({all_cpu:.2f} s CPU) "
                  f"against {together.slowest} alone {alone:.2f} s: {together.ratio:.2f}x "
                  f"(median of {len(together.runs)} pairs). Peak memory of those runs: "
                  f"{together.peak_pss_mb + own_mb:.0f} MB PSS (this process {own_mb:.0f} MB "
                  f"+ browser {together.peak_pss_mb:.0f} MB)."]
    lines += ["", "| Goal | Met | Figure |", "|---|---|---|"]
    for goal, met, figure in goals(platforms, together, own_mb):
        mark = "not measured" if met is None else ("yes" if met else "no")
        lines.append(f"| {goal} | {mark} | {figure} |")
    return "\n".join(lines)
