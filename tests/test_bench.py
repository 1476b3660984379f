"""The benchmark's parts run (one platform, one repeat); no timing is asserted here."""

from __future__ import annotations

from pathlib import Path

from optout_bot import bench, benchpairs, registry
from optout_bot.sandbox import Sandbox


def test_bench_parts_run_on_one_platform(tmp_path: Path) -> None:
    names, skipped = bench.selected_platforms(["linkedin", "nosuchplatform"])
    assert names == ["linkedin"]
    assert skipped == {"nosuchplatform": "no such platform"}

    with Sandbox(names) as sandbox, bench.ProcessSampler() as sampler:
        accounts = {n: (a.username, a.password) for n, a in sandbox.seed_demo().items()}
        target = bench.Target(registry.load().flows, sandbox.sites, accounts, sampler)
        alone = bench.measure_platform(target, "linkedin", 1, tmp_path)
        together = bench.measure_all(target, names, 4, 1, tmp_path)
    help_figures = bench.measure_help(1)

    assert alone.first_logins == 1 and alone.second_logins == 0
    assert alone.switches_read > 0 and alone.loads_per_switch is not None
    assert together.logins_second == 0
    report = bench.Report(bench.machine(), 1, [alone], skipped, [together], help_figures,
                          {"measured": 0, "python_peak_mb": bench.own_peak_mb()})
    text = bench.render(report)
    assert "| linkedin |" in text and "nosuchplatform | not measured" in text
    assert [goal for goal, _, _ in report.goals()][-1].startswith("peak memory")
    assert report.to_json()["platforms"][0]["platform"] == "linkedin"


def test_one_pair_against_the_hand_written_script() -> None:
    report = benchpairs.against_floor(1, ["linkedin"])

    [linkedin] = report.platforms
    [pair] = linkedin.pairs
    assert pair.tool_safe == 3 and pair.floor_safe == 3  # both turned all three off
    assert linkedin.outcomes == {"turned_off": 3}
    text = benchpairs.render(report)
    assert "| linkedin | 1 |" in text
    assert "linkedin: apply within 1.3x the hand-written script" in text
    assert report.to_json()["platforms"][0]["wall_ratio"] > 0
