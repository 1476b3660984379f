"""How fast ``check`` is against the sandbox: each platform alone and all side by side.

``python -m optout_bot.bench [--repeat N] [--platforms a,b] [--json]`` starts every
replica on loopback, seeds one demo account each and runs the real flows (dry run) through
the site override, the way ``optout check`` does. It prints, as Markdown:

- the machine (cores, memory, Python, Chromium);
- each platform alone: the first run in a new home (it signs in) and the second run in
  the same home (the saved session is reused), with page loads and sign-ins;
- ``check --all`` with one job and with the default jobs (one per core, at most four), and
  the ratio to the slowest platform alone;
- ``optout --help`` against ``python -c "import click"``;
- peak memory: this process plus every process it started (Chromium, Playwright's driver);
- the goals, met or not.

Times are medians over ``--repeat`` runs (wall clock, including the browser's start, as a
person waits for it). Platforms without a replica are listed, never silently left out.
This is a benchmark that prints figures; the tests only check that its parts run.

``--floor`` measures ``apply`` against a hand-written Playwright script instead, pair by
pair (``optout_bot.benchpairs``, the scripts in ``optout_bot.benchfloor``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from optout_bot import registry
from optout_bot.benchprocess import ProcessSampler, machine, machine_lines, own_peak_mb
from optout_bot.benchruns import Target, Timed, median_of, new_home, run_once, selected_platforms
from optout_bot.flow import SWITCH
from optout_bot.outcomes import PlatformResult, State

GOAL_ALL_RATIO = 1.5  # check --all, default jobs, against the slowest platform alone
GOAL_LOADS_PER_SWITCH = 2.0
GOAL_HELP_RATIO = 2.0
GOAL_MEMORY_MB = 600


# ---------------------------------------------------------------------- runs
@dataclass
class PlatformFigures:
    platform: str
    first_s: float  # new home: signs in
    second_s: float  # same home: session reused
    first_cpu_s: float
    second_cpu_s: float
    first_loads: float
    first_logins: float
    second_loads: float
    second_logins: float
    switches_read: int
    forms: int
    outcomes: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def loads_per_switch(self) -> float | None:
        """Page loads of the second run (no sign-in) per switch setting read."""
        return self.second_loads / self.switches_read if self.switches_read else None


def _stat(results: list[PlatformResult], key: str) -> int:
    return sum(int(r.stats.get(key, 0)) for r in results)


def _switches_read(results: list[PlatformResult]) -> int:
    return sum(1 for r in results for s in r.settings
               if s.kind == SWITCH and s.before is not State.UNKNOWN)


def measure_platform(target: Target, name: str, repeat: int, root: Path) -> PlatformFigures:
    firsts: list[Timed] = []
    seconds: list[Timed] = []
    for _ in range(repeat):
        home = new_home(root)
        firsts.append(run_once(target, [name], home, jobs=1))
        seconds.append(run_once(target, [name], home, jobs=1))
    last = seconds[-1].results
    outcomes: dict[str, int] = {}
    for result in last:
        for setting in result.settings:
            outcomes[setting.outcome.value] = outcomes.get(setting.outcome.value, 0) + 1
    errors = sorted({r.error for t in firsts + seconds for r in t.results if r.error})
    return PlatformFigures(
        name,
        first_s=median_of(firsts, lambda t: t.seconds),
        second_s=median_of(seconds, lambda t: t.seconds),
        first_cpu_s=median_of(firsts, lambda t: t.cpu_seconds),
        second_cpu_s=median_of(seconds, lambda t: t.cpu_seconds),
        first_loads=median_of(firsts, lambda t: _stat(t.results, "page_loads")),
        first_logins=median_of(firsts, lambda t: _stat(t.results, "logins")),
        second_loads=median_of(seconds, lambda t: _stat(t.results, "page_loads")),
        second_logins=median_of(seconds, lambda t: _stat(t.results, "logins")),
        switches_read=_switches_read(last),
        forms=sum(1 for r in last for s in r.settings if s.kind == "form"),
        outcomes=outcomes, errors=errors)


@dataclass
class AllFigures:
    jobs: int
    first_s: float  # new home each time
    second_s: float  # the same home again
    first_cpu_s: float
    second_cpu_s: float
    logins_second: float


def measure_all(target: Target, names: list[str], jobs: int, repeat: int,
                root: Path) -> AllFigures:
    firsts, seconds = [], []
    for _ in range(repeat):
        home = new_home(root)
        firsts.append(run_once(target, names, home, jobs))
        seconds.append(run_once(target, names, home, jobs))
    return AllFigures(jobs, median_of(firsts, lambda t: t.seconds),
                      median_of(seconds, lambda t: t.seconds),
                      median_of(firsts, lambda t: t.cpu_seconds),
                      median_of(seconds, lambda t: t.cpu_seconds),
                      median_of(seconds, lambda t: _stat(t.results, "logins")))


def time_command(args: list[str], repeat: int) -> float:
    """Median wall-clock seconds of a command, run ``repeat`` times."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure_help(runs: int) -> dict[str, float]:
    optout = time_command([sys.executable, "-m", "optout_bot", "--help"], runs)
    click = time_command([sys.executable, "-c", "import click"], runs)
    return {"runs": runs, "optout_help_s": optout, "import_click_s": click,
            "ratio": optout / click}


# ---------------------------------------------------------------------- the whole bench
@dataclass
class Report:
    machine: dict[str, str]
    repeat: int
    platforms: list[PlatformFigures]
    not_measured: dict[str, str]  # platform -> why
    all_runs: list[AllFigures]
    help: dict[str, float]
    memory: dict[str, float | int | str]

    def slowest(self) -> PlatformFigures | None:
        return max(self.platforms, key=lambda p: p.first_s, default=None)

    def goals(self) -> list[tuple[str, bool | None, str]]:
        """(goal, met, figure); met is None when there was nothing to measure."""
        goals: list[tuple[str, bool | None, str]] = []
        slowest = self.slowest()
        together = self.all_runs[-1] if self.all_runs else None  # the default jobs
        if slowest and together:
            ratio = together.first_s / slowest.first_s
            goals.append((f"check --all, {together.jobs} jobs, within {GOAL_ALL_RATIO}x the "
                          "slowest platform alone", ratio <= GOAL_ALL_RATIO,
                          f"{ratio:.2f}x ({together.first_s:.1f} s vs {slowest.platform} "
                          f"{slowest.first_s:.1f} s)"))
        else:
            goals.append((f"check --all within {GOAL_ALL_RATIO}x the slowest", None,
                          "not measured"))
        logins = sum(p.second_logins for p in self.platforms)
        goals.append(("second run signs in 0 times", logins == 0 if self.platforms else None,
                      f"{logins:g} sign-ins"))
        worst = max((p for p in self.platforms if p.loads_per_switch is not None),
                    key=lambda p: p.loads_per_switch or 0, default=None)
        if worst is not None:
            value = worst.loads_per_switch or 0
            goals.append((f"<= {GOAL_LOADS_PER_SWITCH:g} page loads per switch setting",
                          value <= GOAL_LOADS_PER_SWITCH,
                          f"worst {value:.2f} ({worst.platform})"))
        goals.append((f"optout --help within {GOAL_HELP_RATIO:g}x import click",
                      self.help["ratio"] <= GOAL_HELP_RATIO, f"{self.help['ratio']:.2f}x"))
        peak = float(self.memory.get("peak_total_pss_mb", 0))
        rss = float(self.memory.get("peak_total_mb", 0))
        goals.append((f"peak memory under {GOAL_MEMORY_MB} MB",
                      peak < GOAL_MEMORY_MB if self.memory.get("measured") else None,
                      f"{peak:.0f} MB PSS ({rss:.0f} MB summed RSS)"))
        return goals

    def to_json(self) -> dict:
        data = asdict(self)
        for figures, entry in zip(self.platforms, data["platforms"], strict=True):
            entry["loads_per_switch"] = figures.loads_per_switch
        data["goals"] = [{"goal": g, "met": m, "figure": f} for g, m, f in self.goals()]
        return data


def bench(repeat: int = 3, platforms: list[str] | None = None,
          say: Callable[[str], None] = lambda _: None) -> Report:
    from optout_bot.commands.run import default_jobs
    from optout_bot.sandbox import Sandbox

    names, skipped = selected_platforms(platforms)
    flows = registry.load().flows
    figures: list[PlatformFigures] = []
    all_runs: list[AllFigures] = []
    with tempfile.TemporaryDirectory(prefix="optout-bench-") as tmp, \
            ProcessSampler() as sampler:
        root = Path(tmp)
        if names:
            with Sandbox(names) as sandbox:
                accounts = {n: (a.username, a.password) for n, a in sandbox.seed_demo().items()}
                target = Target(flows, sandbox.sites, accounts, sampler)
                for name in names:
                    say(f"{name}: alone, {repeat} x (first run, second run)")
                    figures.append(measure_platform(target, name, repeat, root))
                for jobs in sorted({1, default_jobs()}):
                    say(f"all {len(names)} platforms, {jobs} job(s), {repeat} x")
                    all_runs.append(measure_all(target, names, jobs, repeat, root))
        say("optout --help and import click")
        help_figures = measure_help(max(5, 3 * repeat))
    own = own_peak_mb()
    memory_figures: dict[str, float | int | str] = {
        "measured": int(sampler.available),
        "python_peak_mb": round(own, 1),
        "browser_peak_mb": round(sampler.peak_mb, 1),
        "browser_processes_at_peak": sampler.peak_processes,
        "peak_total_mb": round(own + sampler.peak_mb, 1),
        "browser_peak_pss_mb": round(sampler.peak_pss_mb, 1),
        "peak_total_pss_mb": round(own + sampler.peak_pss_mb, 1),
        "how": ("This process: its peak resident memory (ru_maxrss; it also serves the "
                "replicas). Browser: the memory of every process this one started "
                "(Chromium's processes and Playwright's driver), read from /proc every "
                "100 ms and summed; the largest sum. RSS (VmRSS) counts pages that "
                "Chromium's processes share once per process, so its sum is an upper "
                "bound; PSS (smaps_rollup) splits shared pages between the processes "
                "that share them, so its sum is the memory the browser really takes. "
                "The goal is judged on PSS."),
    }
    return Report(machine(), repeat, figures, skipped, all_runs, help_figures, memory_figures)


# ---------------------------------------------------------------------- printing
def _num(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def render(report: Report) -> str:
    m = report.machine
    lines = [*machine_lines(m),
             f"- medians of {report.repeat} runs; each run starts and closes its own browser",
             "", "## Each platform alone (check, dry run)", "",
             "| Platform | First run s (CPU s) | Sign-ins | Page loads | Second run s (CPU s) "
             "| Sign-ins | Page loads | Switches read | Loads per switch | Outcomes |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for p in report.platforms:
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(p.outcomes.items())) or "-"
        forms = f" (+{p.forms} form)" if p.forms else ""
        lines.append(f"| {p.platform} | {p.first_s:.2f} ({p.first_cpu_s:.2f}) | "
                     f"{p.first_logins:g} | {p.first_loads:g} | "
                     f"{p.second_s:.2f} ({p.second_cpu_s:.2f}) | {p.second_logins:g} | "
                     f"{p.second_loads:g} | {p.switches_read}{forms} | "
                     f"{_num(p.loads_per_switch)} | {outcomes} |")
    for name, why in report.not_measured.items():
        lines.append(f"| {name} | not measured: {why} | | | | | | | | |")
    for p in report.platforms:
        for error in p.errors:
            lines.append(f"\n{p.platform} reported: {error}")
    slowest = report.slowest()
    lines += ["", "## check --all", ""]
    if slowest and report.all_runs:
        lines += [f"Slowest platform alone: {slowest.platform}, first run {slowest.first_s:.2f} s,"
                  f" second run {slowest.second_s:.2f} s.", "",
                  "| Jobs | First run s (CPU s) | x slowest alone | Second run s (CPU s) "
                  "| x slowest alone | Sign-ins, second run |", "|---:|---:|---:|---:|---:|---:|"]
        for a in report.all_runs:
            lines.append(f"| {a.jobs} | {a.first_s:.2f} ({a.first_cpu_s:.2f}) | "
                         f"{a.first_s / slowest.first_s:.2f} | "
                         f"{a.second_s:.2f} ({a.second_cpu_s:.2f}) | "
                         f"{a.second_s / slowest.second_s:.2f} | {a.logins_second:g} |")
    else:
        lines.append("Nothing to run: no platform has a replica.")
    h = report.help
    mem = report.memory
    lines += ["", "## Start-up", "",
              f"`optout --help` {h['optout_help_s'] * 1000:.0f} ms, `python -c \"import click\"`"
              f" {h['import_click_s'] * 1000:.0f} ms: {h['ratio']:.2f}x (medians of "
              f"{h['runs']:g} runs).",
              "", "## Peak memory", ""]
    if mem["measured"]:
        lines += [f"- PSS: {mem['peak_total_pss_mb']} MB = this process "
                  f"{mem['python_peak_mb']} MB + browser {mem['browser_peak_pss_mb']} MB",
                  f"- RSS: {mem['peak_total_mb']} MB = this process {mem['python_peak_mb']} MB +"
                  f" browser {mem['browser_peak_mb']} MB "
                  f"({mem['browser_processes_at_peak']} processes at the peak)", "",
                  str(mem["how"])]
    else:
        lines.append(f"Browser memory not measured (no /proc); this process: "
                     f"{mem['python_peak_mb']} MB.")
    lines += ["", "## Goals", "", "| Goal | Met | Figure |", "|---|---|---|"]
    for goal, met, figure in report.goals():
        mark = "not measured" if met is None else ("yes" if met else "no")
        lines.append(f"| {goal} | {mark} | {figure} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m optout_bot.bench",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--platforms", default="",
                        help="comma-separated platforms (default: every flow)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--floor", action="store_true",
                        help="apply against a hand-written Playwright script, pair by pair, "
                             "instead of the check figures")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    wanted = [p.strip().lower() for p in args.platforms.split(",") if p.strip()] or None
    say = (lambda _: None) if args.json else (lambda m: print(m, file=sys.stderr, flush=True))
    if args.floor:
        from optout_bot import benchpairs
        from optout_bot.commands.run import default_jobs

        floor = benchpairs.against_floor(args.repeat, wanted, say, jobs=default_jobs())
        print(json.dumps(floor.to_json(), indent=2) if args.json
              else benchpairs.render(floor))
        return 0
    report = bench(args.repeat, wanted, say)
    print(json.dumps(report.to_json(), indent=2) if args.json else render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
