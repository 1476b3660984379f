"""``optout schedule install | show | remove``: run ``optout recheck`` on a schedule."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import click

from optout_bot import schedule as sched
from optout_bot.clicontext import emit_json, get_options, global_options
from optout_bot.errors import OptoutError
from optout_bot.home import Home

KINDS = {
    "systemd": "systemd user timer",
    "launchd": "launchd agent",
    "cron": "crontab line",
}

backend_option = click.option(
    "--backend", metavar="systemd|launchd|cron",
    help="Use this kind of schedule instead of the usual one for this computer "
    "(systemd on Linux, launchd on macOS, cron elsewhere or where systemd is not running).",
)


def _chosen_home() -> Path | None:
    """The home to pass on, only when the user chose one: the schedule must use the same state."""
    opts = get_options()
    if opts.home or os.environ.get("OPTOUT_HOME"):
        return Home.resolve(opts.home).root
    return None


def _backends(name: str | None) -> list[sched.Backend]:
    if name is not None:
        return [sched.make_backend(name)]
    return [sched.make_backend(each) for each in sched.BACKENDS]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@global_options
def schedule() -> None:
    """Run `optout recheck` on a schedule: a systemd user timer (Linux), a launchd agent
    (macOS) or a crontab line (elsewhere). Only entries optout-bot wrote are ever changed."""


@schedule.command()
@click.option("--every", default="daily", show_default=True, metavar="daily|weekly|Nh",
              help="How often: daily, weekly, or every N hours (1h to 168h).")
@click.option("--fix", is_flag=True,
              help="Also turn settings off again when a recheck finds them back on.")
@backend_option
@click.option("--no-enable", is_flag=True,
              help="Only write the schedule; do not ask systemd or launchd to start it now.")
@global_options
def install(every: str, fix: bool, backend: str | None, no_enable: bool) -> int:
    """Install (or update) the scheduled recheck. Running it again changes nothing."""
    when = sched.parse_every(every)
    chosen = sched.make_backend(backend or sched.default_backend_name())
    python = sys.executable
    if not python:
        raise OptoutError("Cannot tell which Python runs optout-bot, so cannot schedule it.")
    argv = sched.recheck_command(os.path.abspath(python), _chosen_home(), fix)
    try:
        installed = chosen.install(argv, when, enable=not no_enable)
    except OSError as exc:
        raise OptoutError(f"Could not write the schedule: {_os_reason(exc)}") from None
    if get_options().json:
        emit_json({**installed.as_json(), "every": when.text, "fix": fix, "command": argv,
                   "needs_action": installed.needs_action, "notes": installed.notes})
    else:
        click.echo(f"Scheduled a recheck {_how_often(when)} ({KINDS[chosen.name]}).")
        for where in installed.where:
            click.echo(f"  {where}")
        click.echo(f"It runs: {shlex.join(argv)}")
        for note in installed.notes:
            click.echo(note)
    return 1 if installed.needs_action else 0


@schedule.command()
@backend_option
@global_options
def show(backend: str | None) -> int:
    """Show the scheduled recheck optout-bot installed, if any."""
    found = [each for each in (b.read() for b in _backends(backend)) if each is not None]
    if get_options().json:
        emit_json({"installed": [each.as_json() for each in found]})
        return 0
    if not found:
        click.echo("No scheduled recheck is installed. Set one up with: optout schedule install")
    for each in found:
        click.echo(f"Installed: {KINDS[each.backend]} in {', '.join(each.where)}")
        click.echo(each.text.rstrip("\n"))
    return 0


@schedule.command()
@backend_option
@global_options
def remove(backend: str | None) -> int:
    """Remove the scheduled recheck (only what optout-bot wrote)."""
    try:
        removed = [each for each in (b.remove() for b in _backends(backend)) if each is not None]
    except OSError as exc:
        raise OptoutError(f"Could not remove the schedule: {_os_reason(exc)}") from None
    if get_options().json:
        emit_json({"removed": [each.as_json() for each in removed]})
        return 0
    if not removed:
        click.echo("No scheduled recheck from optout-bot was found; nothing changed.")
    for each in removed:
        click.echo(f"Removed the {KINDS[each.backend]}: {', '.join(each.where)}")
    return 0


def _os_reason(exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


def _how_often(every: sched.Every) -> str:
    if every.is_calendar:
        return every.text
    return "every hour" if every.hours == 1 else f"every {every.hours} hours"
