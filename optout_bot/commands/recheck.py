"""``optout recheck``: policy watch, then check again the platforms that are due.

A platform with history is due when a policy of it changed about AI training since its
settings were last read back, when that read-back is older than ``--max-age``, or when a
setting was last seen on. A setting found on after having been off is a regression: a
desktop notification where the system offers one, a line on stderr, and exit 1; the
history marks it too (``optout history``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from io import StringIO
from typing import TYPE_CHECKING

import click

from optout_bot import registry
from optout_bot.clicontext import Options, browser_options, emit_json, global_options, pass_options
from optout_bot.errors import UsageError
from optout_bot.flow import Flow
from optout_bot.outcomes import EXIT_ATTENTION, EXIT_OK, State
from optout_bot.policyarchive import UNCHANGED, PolicyArchive
from optout_bot.policywatch import ERROR, PolicyCheck, check_policies, describe, run_options
from optout_bot.runner import new_run_id
from optout_bot.store import Regression, Store, utc_now

if TYPE_CHECKING:  # pragma: no cover
    from optout_bot.sandbox import Sandbox

DEFAULT_MAX_AGE = "7d"
UNITS = {"s": ("second", 1), "m": ("minute", 60), "h": ("hour", 3600), "d": ("day", 86400),
         "w": ("week", 7 * 86400)}
_DURATION = re.compile(r"(\d{1,6})\s*([smhdw])")
NOTIFY_TIMEOUT = 5


def parse_duration(text: str) -> timedelta:
    """``7d``, ``12h``, ``30m``, ``2w``, ``90s`` (or ``0d``: everything is due)."""
    match = _DURATION.fullmatch(text.strip().lower())
    if not match:
        raise ValueError(f"{text!r} is not a length of time like 7d, 12h or 30m")
    return timedelta(seconds=int(match.group(1)) * UNITS[match.group(2)][1])


class Duration(click.ParamType):
    name = "duration"

    def convert(self, value, param, ctx) -> timedelta:
        if isinstance(value, timedelta):
            return value
        try:
            return parse_duration(str(value))
        except ValueError as exc:
            # one line, like every other usage error, rather than click's usage block
            raise UsageError(f"--max-age: {exc}.") from None


@dataclass
class Due:
    """One platform with history and why it is (or is not) checked again."""

    flow: Flow
    reasons: list[str] = field(default_factory=list)
    last_seen: datetime | None = None

    def to_json(self) -> dict:
        return {"platform": self.flow.name, "due": bool(self.reasons), "reasons": self.reasons,
                "last_read_back": self.last_seen.isoformat() if self.last_seen else None}


@click.command()
@click.argument("platforms", nargs=-1)
@click.option("--fix", is_flag=True,
              help="Turn off again what is found on (apply), instead of only reading.")
@click.option("--max-age", type=Duration(), default=DEFAULT_MAX_AGE, show_default=True,
              metavar="AGE", help="Check again what was last read longer ago than this "
              "(e.g. 7d, 12h, 30m).")
@browser_options
@global_options
@pass_options
def recheck(opts: Options, platforms: tuple[str, ...], fix: bool, max_age: timedelta) -> int:
    """Watch the policy pages, then check again the platforms that are due.

    A platform you have checked before is due when its privacy policy or terms changed
    about AI training since its settings were last read, when they were last read longer
    ago than --max-age, or when a setting was last seen on. Name PLATFORMS to look only
    at those. With --fix, settings found on are turned off again.

    A setting found on after it had been off is a regression: you get a desktop
    notification (where the system has one), a line on stderr, and exit code 1. Pages
    that could not be read are reported but do not change the exit code.
    """
    return run_recheck(opts, platforms, fix=fix, max_age=max_age)


def run_recheck(opts: Options, platforms: tuple[str, ...] = (), *, fix: bool = False,
                max_age: timedelta | None = None, credentials: dict | None = None,
                watched: tuple[str, ...] | None = None) -> int:
    """The recheck; ``watched`` limits the policy watch (default: the named platforms or all)."""
    from optout_bot.commands.run import execute

    max_age = parse_duration(DEFAULT_MAX_AGE) if max_age is None else max_age
    reg = registry.load()
    home = opts.resolve_home()
    watch_flows = reg.pick(watched or platforms, all_=not (watched or platforms))
    checks = check_policies(home, watch_flows, run_options(opts))
    with Store.open(home) as store:
        candidates = (reg.pick(platforms, all_=False) if platforms
                      else [reg.flows[p] for p in _platforms_with_history(store)
                            if p in reg.flows])
        decisions = [due_reasons(store, PolicyArchive(home), flow, max_age, checks)
                     for flow in candidates]
    due = tuple(d.flow.name for d in decisions if d.reasons)
    run_id = new_run_id()
    if not opts.json:
        _print_watch(checks)
        _print_decisions(decisions)
    _warn_unread(checks)
    if not due:
        if opts.json:
            emit_json(_document(checks, decisions, None, [], EXIT_OK))
        else:
            click.echo(_nothing_due(decisions, max_age))
        return EXIT_OK
    title = "Turning off again what is on" if fix else "Reading the settings again"
    run_output = StringIO()
    if opts.json:
        with redirect_stdout(run_output):
            code = execute(opts, due, False, None, False, dry_run=not fix, command="recheck",
                           credentials=credentials, title=title, run_id=run_id)
    else:
        click.echo()
        code = execute(opts, due, False, None, False, dry_run=not fix, command="recheck",
                       credentials=credentials, title=title, run_id=run_id)
    with Store.open(home) as store:
        regressions = store.regressions(run_id)
    report_regressions(regressions, reg)
    if regressions:
        code = EXIT_ATTENTION
    if opts.json:
        run = json.loads(run_output.getvalue() or "null")
        emit_json(_document(checks, decisions, run, regressions, code))
    return code


#: how many of the newest runs are compared to find the one this recheck recorded
def _platforms_with_history(store: Store) -> list[str]:
    seen: list[str] = []
    for state in store.latest_states():
        if state.platform not in seen:
            seen.append(state.platform)
    return seen


def due_reasons(store: Store, archive: PolicyArchive, flow: Flow, max_age: timedelta,
                checks: list[PolicyCheck], now: datetime | None = None) -> Due:
    """Why ``flow`` is due for a check (no reasons: it is not)."""
    now = now or utc_now()
    states = store.latest_states(flow.name)
    # settings that can never be read back (forms, none) count from when they were last looked at
    last = store.last_read_back(flow.name) or max((s.read_at for s in states), default=None)
    decision = Due(flow, last_seen=last)
    if last is None:
        decision.reasons.append("it was never checked before")
        return decision
    # the store keeps read times in whole seconds: a read stands for the whole of its
    # second, so a change the archive fetched within it (by the watch just before) is
    # not after it
    since = last.replace(microsecond=999_999) if last.microsecond == 0 else last
    changed = {v.path: v for v in archive.changes_since(flow.name, since)}
    # changes found by this very watch are newer than any read-back, even within a second
    for check in checks:
        if check.platform == flow.name and check.ai_relevant and check.record:
            changed.setdefault(check.record.version.path, check.record.version)
    for version in sorted(changed.values(), key=lambda v: v.fetched_at):
        terms = ", ".join((version.change or {}).get("terms", []))
        decision.reasons.append(
            f"its {version.title} changed about AI training ({terms}), seen "
            f"{version.fetched_at:%Y-%m-%d %H:%M} UTC, after its settings were last read")
    on = [s.label for s in states if s.state is State.ON]
    if on:
        decision.reasons.append(f"{_count(len(on), 'setting')} last seen on: {'; '.join(on)}")
    age = now - last
    if age >= max_age:
        decision.reasons.append(f"its settings were last read {_ago(age)} ago "
                                f"(--max-age {_ago(max_age)})")
    return decision


def report_regressions(regressions: list[Regression], reg: registry.Registry) -> None:
    """One line on stderr per regression, and one desktop notification for all of them."""
    if not regressions:
        return
    lines = []
    for found in regressions:
        flow = reg.flows.get(found.platform)
        title = flow.title if flow else found.platform
        again = " It was turned off again." if found.turned_off_again else ""
        lines.append(f"{title}: \u201c{found.label}\u201d is on again; it was off on "
                     f"{found.was_off_at:%Y-%m-%d}.{again}")
    for line in lines:
        click.echo(f"REGRESSION: {line}", err=True)
    heading = ("A setting was turned back on" if len(lines) == 1
               else f"{len(lines)} settings were turned back on")
    notify(f"optout: {heading}", "\n".join(lines))


def notify(title: str, message: str) -> bool:
    """A desktop notification (osascript on macOS, notify-send elsewhere); never fails."""
    osascript = shutil.which("osascript") if sys.platform == "darwin" else None
    notify_send = shutil.which("notify-send")
    if osascript:
        argv = [osascript, "-e", "on run argv", "-e",
                "display notification (item 2 of argv) with title (item 1 of argv)",
                "-e", "end run", title, message]
    elif notify_send:
        argv = [notify_send, title, message]
    else:
        return False
    try:
        done = subprocess.run(argv, timeout=NOTIFY_TIMEOUT, check=False, capture_output=True,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def demo_policy_change(opts: Options, sandbox: Sandbox, credentials: dict,
                       platform: str | None = None, doc_id: str = "privacy") -> int:
    """For ``optout demo``, after its apply: save the policies, publish a new version on one
    replica, and recheck, which checks again exactly that platform. Returns the exit code."""
    from optout_bot.sandbox._policies import PolicyPages

    with_pages = tuple(n for n, r in sandbox.replicas.items() if isinstance(r, PolicyPages))
    if not with_pages:
        return EXIT_OK
    chosen = platform or ("linkedin" if "linkedin" in with_pages else with_pages[0])
    flows = registry.load().pick(with_pages, all_=False)
    click.echo("\nPolicy watch: save the policy pages as they are now")
    for line in (line for c in check_policies(opts.resolve_home(), flows, run_options(opts))
                 for line in describe(c)):
        click.echo(f"  {line}")
    replica = sandbox.replicas[chosen]
    replica.publish_policy(doc_id, 2)  # type: ignore[attr-defined]
    title = registry.load().flows[chosen].title
    click.echo(f"\n{title} now publishes a new policy that mentions AI training. "
               "optout recheck notices it and reads only that platform again:")
    return run_recheck(opts, tuple(sandbox.replicas), credentials=credentials,
                       watched=with_pages)


# ---------------------------------------------------------------------- output
def _print_watch(checks: list[PolicyCheck]) -> None:
    if not checks:
        return
    click.echo("Policy watch:")
    quiet = [c for c in checks if c.status == UNCHANGED]
    for check in checks:
        if check.status not in (UNCHANGED, ERROR):
            for line in describe(check):
                click.echo(f"  {line}")
    if quiet:
        click.echo(f"  {_count(len(quiet), 'document')} unchanged.")


def _warn_unread(checks: list[PolicyCheck]) -> None:
    for check in checks:
        if check.status == ERROR:
            click.echo(f"Warning: {describe(check)[0]}", err=True)


def _print_decisions(decisions: list[Due]) -> None:
    due = [d for d in decisions if d.reasons]
    if not due:
        return
    click.echo("\nDue for a check:")
    for decision in due:
        click.echo(f"  {decision.flow.title}: {'; '.join(decision.reasons)}.")
    rest = [d for d in decisions if not d.reasons]
    if rest:
        click.echo("Not due: " + ", ".join(f"{d.flow.title} (read {_ago_since(d.last_seen)} ago)"
                                           for d in rest) + ".")


def _nothing_due(decisions: list[Due], max_age: timedelta) -> str:
    if not decisions:
        return ("Nothing to check again: no platform has been checked yet. Start with "
                "'optout check PLATFORM' or 'optout apply PLATFORM'.")
    return (f"Nothing is due: {_count(len(decisions), 'platform')} read within "
            f"{_ago(max_age)}, no setting last seen on, and no policy changed about AI "
            "training since.")


def _document(checks: list[PolicyCheck], decisions: list[Due], run: dict | None,
              regressions: list[Regression], code: int) -> dict:
    return {"policies": [c.to_json() for c in checks],
            "platforms": [d.to_json() for d in decisions],
            "run": run, "regressions": [r.to_json() for r in regressions], "exit_code": code}


def _ago_since(moment: datetime | None) -> str:
    return _ago(utc_now() - moment) if moment else "never"


def _ago(age: timedelta) -> str:
    seconds = max(0, int(age.total_seconds()))
    for unit in ("w", "d", "h", "m"):
        name, size = UNITS[unit]
        if seconds >= size and (seconds % size == 0 or seconds >= 2 * size):
            return _count(seconds // size, name)
    return _count(seconds, "second")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
