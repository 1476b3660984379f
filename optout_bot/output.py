"""Results for people: a table on a terminal (rich), aligned text otherwise, or JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from optout_bot.outcomes import Outcome, PlatformResult, State

WORDS = {
    Outcome.OFF: "off",
    Outcome.TURNED_OFF: "turned off",
    Outcome.ON: "ON - your data is used",
    Outcome.UNAVAILABLE: "no switch exists",
    Outcome.MANUAL: "you need to act",
    Outcome.NEEDS_LOGIN: "sign-in needed",
    Outcome.REQUESTED: "objection sent",
    Outcome.UNKNOWN: "could not tell",
    Outcome.ERROR: "failed",
}
STYLES = {
    Outcome.OFF: "green", Outcome.TURNED_OFF: "bold green", Outcome.ON: "bold red",
    Outcome.UNAVAILABLE: "yellow", Outcome.MANUAL: "bold yellow",
    Outcome.NEEDS_LOGIN: "bold yellow", Outcome.REQUESTED: "green",
    Outcome.UNKNOWN: "red", Outcome.ERROR: "bold red",
}


def document(results: list[PlatformResult]) -> dict:
    return {"results": [r.to_json() for r in results]}


def rows(results: list[PlatformResult]) -> list[tuple[str, str, str, str, Outcome, str]]:
    out = []
    for result in results:
        if not result.settings:
            out.append((result.platform, result.account, "-", "", result.outcome,
                        result.error or ""))
        for s in result.settings:
            unread = s.before is State.UNKNOWN and s.after is State.UNKNOWN
            change = "-" if unread else f"{s.before.value} -> {s.after.value}"
            out.append((result.platform, result.account, s.label, change, s.outcome, s.detail))
    return out


def print_table(results: list[PlatformResult], title: str = "") -> None:
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title or None, show_lines=False, expand=True)
        for name, ratio in (("Platform", 1), ("Account", 2), ("Setting", 4),
                            ("Before -> after", 2), ("Result", 2), ("What happened / to do", 6)):
            table.add_column(name, ratio=ratio, overflow="fold")
        for platform, account, label, change, outcome, detail in rows(results):
            table.add_row(platform, account, label, change,
                          f"[{STYLES[outcome]}]{WORDS[outcome]}[/]", detail)
        Console().print(table)
        return
    if title:
        click.echo(title)
    for platform, account, label, change, outcome, detail in rows(results):
        line = f"{platform:<10} {account:<28} {label[:60]:<60} {change:<16} {WORDS[outcome]}"
        click.echo(line.rstrip())
        if detail:
            click.echo(f"{'':<10} {detail}")


def evidence_dirs(results: list[PlatformResult]) -> list[str]:
    dirs = []
    for result in results:
        for setting in result.settings:
            for path in setting.evidence:
                parent = str(Path(path).parent)
                if parent not in dirs:
                    dirs.append(parent)
    return dirs


def summary_line(results: list[PlatformResult]) -> str:
    todo = [s for r in results for s in r.settings
            if s.outcome in (Outcome.ON, Outcome.MANUAL, Outcome.NEEDS_LOGIN)]
    broken = [s for r in results for s in r.settings
              if s.outcome in (Outcome.ERROR, Outcome.UNKNOWN)]
    if not todo and not broken:
        return "Nothing left to do: every setting is off, or the platform offers no switch."
    parts = []
    if todo:
        parts.append(f"{len(todo)} setting(s) need you (see 'What happened / to do')")
    if broken:
        parts.append(f"{len(broken)} could not be confirmed (see the evidence)")
    return "; ".join(parts) + "."
