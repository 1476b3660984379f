"""``platforms``, ``check`` and ``apply``."""

from __future__ import annotations

import asyncio
import os
import sys

import click

from optout_bot import registry
from optout_bot.clicontext import Options, browser_options, emit_json, global_options, pass_options
from optout_bot.flow import DEFAULT_REASON
from optout_bot.outcomes import EXIT_ERROR, PlatformResult, exit_code
from optout_bot.signals import stopped_exit_code


def default_jobs() -> int:
    """One platform per core, at most 4: the browser is CPU-bound, and each side-by-side
    platform costs a renderer's memory."""
    return max(1, min(4, os.cpu_count() or 2))


def run_options(func):
    options = [
        click.argument("platforms", nargs=-1),
        click.option("--all", "all_", is_flag=True, help="Every platform."),
        click.option("--jobs", type=click.IntRange(1, 16), default=None,
                     help="Platforms run side by side (default: one per core, at most 4)."),
        click.option("--redact", is_flag=True,
                     help="Mask your name, email and photo in new screenshots."),
        click.option("--timeout", metavar="SECONDS", expose_value=False,
                     callback=_keep_timeout,
                     help="Give up on a platform that takes longer than this (default: "
                     "OPTOUT_TIMEOUT, else 600)."),
    ]
    for option in reversed(options):
        func = option(func)
    return browser_options(global_options(func))


def _keep_timeout(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.meta["optout.timeout"] = value


@click.command()
@global_options
@pass_options
def platforms(opts: Options) -> int:
    """List every platform, what it offers (switch / form / none) and its settings."""
    reg = registry.load()
    if opts.json:
        emit_json({"platforms": [
            {"name": f.name, "title": f.title, "kinds": f.kinds, "summary": f.summary,
             "settings": [{"id": s.id, "label": s.label, "url": s.url, "kind": s.kind}
                          for s in f.settings],
             "policies": [p.url for p in f.policies]}
            for f in reg.flows.values()], "broken": reg.broken})
    else:
        for flow in reg.flows.values():
            click.echo(f"{flow.name:<12} {'/'.join(flow.kinds):<14} {flow.summary}")
            for setting in flow.settings:
                click.echo(f"{'':<12}   - {setting.label} [{setting.kind}]")
        for name, reason in reg.broken.items():
            click.echo(f"{name:<12} BROKEN         {reason}", err=True)
    return 0


@click.command()
@run_options
@pass_options
def check(opts: Options, platforms: tuple[str, ...], all_: bool, jobs: int | None,
          redact: bool) -> int:
    """Read every AI-data setting and report it; change nothing (a dry run).

    Exit 0 when every setting is off or unavailable, 1 when something is on or needs you.
    """
    return execute(opts, platforms, all_, jobs, redact, dry_run=True, command="check")


@click.command()
@run_options
@click.option("--dry-run", is_flag=True, help="Only report, like 'check'.")
@click.option("--force", is_flag=True, help="Submit a form again even if already sent.")
@click.option("--reason", metavar="TEXT",
              help=f"Reason given on objection forms (default: your saved one, else "
              f"\"{DEFAULT_REASON}\").")
@click.option("--save-reason", is_flag=True, help="Keep --reason as your default.")
@pass_options
def apply(opts: Options, platforms: tuple[str, ...], all_: bool, jobs: int | None,
          redact: bool, dry_run: bool, force: bool, reason: str | None,
          save_reason: bool) -> int:
    """Turn off every AI-training and data-sharing setting, reload, and verify.

    A setting is reported off only after it was read back off from a reloaded page.
    Screenshots before and after are kept as evidence. Objection forms (Meta) are sent
    once; --force sends them again.
    """
    reason = choose_reason(opts, reason, save_reason)
    return execute(opts, platforms, all_, jobs, redact, dry_run=dry_run, command="apply",
                   force=force, reason=reason)


def choose_reason(opts: Options, reason: str | None, save: bool) -> str:
    """--reason, else the saved default, else the built-in one; --save-reason keeps it."""
    import json

    from optout_bot.home import write_private

    path = opts.resolve_home().root / "preferences.json"
    try:
        prefs = json.loads(path.read_text())
    except (OSError, ValueError):
        prefs = {}
    if reason and save:
        prefs["reason"] = reason
        write_private(path, json.dumps(prefs, indent=2))
    return reason or prefs.get("reason") or DEFAULT_REASON


def execute(opts: Options, names: tuple[str, ...], all_: bool, jobs: int | None, redact: bool,
            *, dry_run: bool, command: str, force: bool = False, reason: str | None = None,
            credentials: dict | None = None, title: str = "", run_id: str | None = None) -> int:
    from optout_bot.deadlines import platform_timeout
    from optout_bot.home import browser_temp
    from optout_bot.runner import RunOptions, run_flows
    from optout_bot.sites import parse_sites

    reg = registry.load()
    flows = reg.pick(names, all_)
    sites = parse_sites(opts.sites, os.environ.get("OPTOUT_SITES"), set(reg.names()))
    ctx = click.get_current_context(silent=True)  # None when called from Python (demo)
    timeout = platform_timeout(ctx.meta.get("optout.timeout") if ctx else None)
    home = opts.resolve_home()
    recorder = Recorder(home, command, dry_run, run_id)
    options = RunOptions(dry_run=dry_run, headed=opts.headed, browser=opts.browser, sites=sites,
                         redact=redact, jobs=jobs or default_jobs(), force=force, reason=reason,
                         credentials=credentials or {},
                         interactive=sys.stdin.isatty() and sys.stdout.isatty(),
                         progress=progress_printer(), run_id=recorder.run_id,
                         previous=recorder.previous_outcomes(), timeout=timeout)
    code = EXIT_ERROR
    try:
        with browser_temp():
            results = asyncio.run(run_flows(flows, home, options, on_result=recorder.record))
        code = exit_code(results)
    except KeyboardInterrupt:
        code = stopped_exit_code()  # the platforms finished so far are recorded already
        raise
    finally:
        recorder.finish(code)
    report(opts, results, title)
    return code


def report(opts: Options, results: list[PlatformResult], title: str = "") -> None:
    from optout_bot import output

    if opts.json:
        emit_json(output.document(results))
        return
    output.print_table(results, title)
    dirs = output.evidence_dirs(results)
    if dirs:
        click.echo(f"Evidence: {os.path.commonpath(dirs) if len(dirs) > 1 else dirs[0]}")
    click.echo(output.summary_line(results))


def progress_printer():
    """Live progress lines on a terminal (stderr); nothing more when it is not one."""
    if not sys.stderr.isatty():
        return None

    def say(event) -> None:
        click.echo(f"  {event.line()}", err=True)

    return say


def finished_line(result: PlatformResult) -> None:
    """Off a terminal: one line per platform as it finishes, on stderr."""
    if not sys.stderr.isatty():
        click.echo(f"{result.platform} ({result.account}): {result.outcome.value}", err=True)


class Recorder:
    """Writes each platform's result to the history as soon as it is finished."""

    def __init__(self, home, command: str, dry_run: bool, run_id: str | None = None):
        from optout_bot import __version__
        from optout_bot.store import Store

        self.store = Store.open(home)
        self.run_id = self.store.begin_run(command=command, dry_run=dry_run,
                                           tool_version=__version__, run_id=run_id)

    def previous_outcomes(self) -> dict[tuple[str, str, str], str]:
        """The last recorded outcome of every setting (a form already sent, say)."""
        return {(s.platform, s.account, s.setting_id): str(s.outcome)
                for s in self.store.latest_states()}

    def record(self, result: PlatformResult) -> None:
        self.store.record_platform(self.run_id, result)
        for setting in result.settings:
            if setting.outcome == "requested" and not setting.evidence:
                # sent on an earlier run: the result points at the proof that run kept
                setting.evidence = self.store.request_proof(result.platform, result.account,
                                                            setting.id)
        finished_line(result)

    def finish(self, code: int) -> None:
        self.store.finish_run(self.run_id, code)
        self.store.close()
