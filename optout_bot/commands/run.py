"""``platforms``, ``check`` and ``apply``."""

from __future__ import annotations

import asyncio
import os
import sys
from contextlib import nullcontext

import click

from optout_bot import registry
from optout_bot.clicontext import Options, browser_options, emit_json, global_options, pass_options
from optout_bot.errors import UsageError
from optout_bot.flow import DEFAULT_REASON
from optout_bot.outcomes import EXIT_ERROR, PlatformResult, exit_code
from optout_bot.signals import stopped_exit_code


def default_jobs() -> int:
    """One platform per core, at most 4: the browser is CPU-bound, and each side-by-side
    platform costs a renderer's memory."""
    return max(1, min(4, os.cpu_count() or 2))


details_option = click.option(
    "--details", is_flag=True,
    help="Also print each platform's full explanations (why there is no switch, what "
    "else you can do).")


def run_options(func):
    options = [
        click.argument("platforms", nargs=-1),
        click.option("--all", "all_", is_flag=True, help="Every platform."),
        click.option("--jobs", type=click.IntRange(1, 16), default=None,
                     help="Platforms run side by side (default: one per core, at most 4)."),
        click.option("--redact", is_flag=True,
                     help="Mask your name, email and photo in new screenshots."),
        details_option,
        click.option("--timeout", metavar="SECONDS", expose_value=False,
                     callback=_keep_timeout,
                     help="Give up on a platform that takes longer than this (default: "
                     "OPTOUT_TIMEOUT, else 600)."),
        click.option("--region", metavar="CODE", expose_value=False, callback=_keep_region,
                     help="Where your accounts are, for forms offered only in some regions "
                     "(Meta): a country code (DE, GB, US...) or EU, UK, CH, BR, JP, KR, "
                     "OTHER. Default: OPTOUT_REGION, else what each account keeps."),
    ]
    for option in reversed(options):
        func = option(func)
    return browser_options(global_options(func))


def _keep_timeout(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.meta["optout.timeout"] = value


def _keep_region(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.meta["optout.region"] = value


def run_region(value: str | None) -> str | None:
    """``--region``, else ``OPTOUT_REGION``, as a region code; a clear error when bad."""
    from optout_bot import regions

    source = "--region" if value is not None else regions.ENV
    try:
        return regions.parse_region(value) if value is not None else regions.from_environment()
    except ValueError as exc:
        raise UsageError(f"{source}: {exc}") from None


@click.command()
@global_options
@click.argument("platform", required=False)
@pass_options
def platforms(opts: Options, platform: str | None) -> int:
    """List every platform, what it offers (switch / choice / form / none) and its settings; with
    PLATFORM, that platform's settings and their full explanations."""
    reg = registry.load()
    flows = reg.pick([platform], False) if platform else list(reg.flows.values())
    if opts.json:
        emit_json({"platforms": [
            {"name": f.name, "title": f.title, "kinds": f.kinds, "summary": f.summary,
             "settings": [{"id": s.id, "label": s.label, "url": s.url, "kind": s.kind}
                          | ({"note": s.note} if platform else {})
                          for s in f.settings],
             "policies": [p.url for p in f.policies]}
            for f in flows], "broken": {} if platform else reg.broken})
    elif platform:
        describe(flows[0])
    else:
        for flow in flows:
            click.echo(f"{flow.name:<14} {'/'.join(flow.kinds):<12} {flow.summary}")
            for setting in flow.settings:
                click.echo(f"{'':<14}   - {setting.label} [{setting.kind}]")
        for name, reason in reg.broken.items():
            click.echo(f"{name:<14} BROKEN       {reason}", err=True)
    return 0


def describe(flow) -> None:
    """One platform for a person: its summary, each setting and its full explanation."""
    from optout_bot.output import wrapped
    from optout_bot.table import screen_width

    width = screen_width()
    click.echo(f"{flow.title} ({flow.name}): {'/'.join(flow.kinds)}")
    click.echo(wrapped(flow.summary, width, indent=2, hanging=0))
    for setting in flow.settings:
        click.echo(f"\n  {setting.label} [{setting.kind}]")
        click.echo(wrapped(setting.url, width, indent=4, hanging=0))
        if setting.note:
            click.echo(wrapped(setting.note, width, indent=4, hanging=0))
    if flow.policies:
        click.echo("\n  Policies watched by 'optout policies':")
        for policy in flow.policies:
            click.echo(f"    {policy.title}: {policy.url}")


@click.command()
@run_options
@pass_options
def check(opts: Options, platforms: tuple[str, ...], all_: bool, jobs: int | None,
          redact: bool, details: bool) -> int:
    """Read every AI-data setting and report it; change nothing (a dry run).

    Exit 0 when every setting is off or unavailable, 1 when something is on or needs you.
    """
    return execute(opts, platforms, all_, jobs, redact, dry_run=True, command="check",
                   details=details)


@click.command()
@run_options
@click.option("--dry-run", is_flag=True, help="Only report, like 'check'.")
@click.option("--force", is_flag=True, help="Submit a form again even if already sent.")
@click.option("--reason", metavar="TEXT",
              help=f"Reason given on objection forms (default: your saved one, else "
              f"\"{DEFAULT_REASON}\").")
@click.option("--save-reason", is_flag=True, help="Keep --reason as your default.")
@click.option("--delete-activity", is_flag=True,
              help="Gemini: also delete your saved activity when turning Keep Activity off "
              "(it is kept unless you ask).")
@pass_options
def apply(opts: Options, platforms: tuple[str, ...], all_: bool, jobs: int | None,
          redact: bool, details: bool, dry_run: bool, force: bool, reason: str | None,
          save_reason: bool, delete_activity: bool) -> int:
    """Turn off every AI-training and data-sharing setting, reload, and verify.

    A setting is reported off only after it was read back off from a reloaded page.
    Screenshots before and after are kept as evidence. Objection forms (Meta) are sent
    once; --force sends them again.
    """
    reason = choose_reason(opts, reason, save_reason)
    return execute(opts, platforms, all_, jobs, redact, dry_run=dry_run, command="apply",
                   force=force, reason=reason, details=details,
                   delete_activity=delete_activity)


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
            credentials: dict | None = None, title: str = "", run_id: str | None = None,
            details: bool = False, delete_activity: bool = False) -> int:
    from optout_bot.home import browser_temp
    from optout_bot.options import platform_timeout
    from optout_bot.runner import RunOptions, run_flows
    from optout_bot.sites import parse_sites

    reg = registry.load()
    flows = reg.pick(names, all_)
    sites = parse_sites(opts.sites, os.environ.get("OPTOUT_SITES"), set(reg.names()))
    ctx = click.get_current_context(silent=True)  # None when called from Python (demo)
    timeout = platform_timeout(ctx.meta.get("optout.timeout") if ctx else None)
    region = run_region(ctx.meta.get("optout.region") if ctx else None)
    home = opts.resolve_home()
    recorder = Recorder(home, command, dry_run, run_id)
    display = live_progress(len(flows))
    options = RunOptions(dry_run=dry_run, headed=opts.headed, browser=opts.browser,
                         connect=opts.connect_endpoint(), sites=sites,
                         redact=redact, jobs=jobs or default_jobs(), force=force, reason=reason,
                         delete_activity=delete_activity,
                         credentials=credentials or {},
                         # --json output is for a program: nobody answers a prompt there
                         interactive=(sys.stdin.isatty() and sys.stdout.isatty()
                                      and not opts.json),
                         region=region,
                         progress=display or handoff_notice, run_id=recorder.run_id,
                         previous=recorder.previous_outcomes(), timeout=timeout)
    code = EXIT_ERROR
    try:
        with browser_temp(), display or nullcontext():
            results = asyncio.run(run_flows(flows, home, options, on_result=recorder.record))
        code = exit_code(results)
    except KeyboardInterrupt:
        code = stopped_exit_code()  # the platforms finished so far are recorded already
        raise
    finally:
        recorder.finish(code)
    report(opts, results, title, details)
    return code


def report(opts: Options, results: list[PlatformResult], title: str = "",
           details: bool = False) -> None:
    from optout_bot import output

    if opts.json:
        emit_json(output.document(results))
        return
    output.print_table(results, title, details)
    dirs = output.evidence_dirs(results)
    if dirs:
        click.echo(f"Evidence: {os.path.commonpath(dirs) if len(dirs) > 1 else dirs[0]}")
    click.echo(output.summary_line(results))


def live_progress(expected: int = 0):
    """On a terminal, a live line per platform (stderr); None when stderr is not one."""
    if not sys.stderr.isatty():
        return None
    from optout_bot.progressview import LiveProgress

    return LiveProgress(expected)


def handoff_notice(event) -> None:
    """Off a terminal, only what the person must act on now (a check in the window)."""
    from optout_bot.progress import Phase

    if event.phase is Phase.WAITING and event.message:
        click.echo(f"{event.title}: {event.message}", err=True)


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
