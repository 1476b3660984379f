"""``optout status | history | report | prune``: what the history database knows, shown."""

from __future__ import annotations

import webbrowser
from datetime import timedelta
from pathlib import Path

import click

from optout_bot.clicontext import emit_json, get_options, global_options
from optout_bot.errors import OptoutError
from optout_bot.home import Home, write_private
from optout_bot.outcomes import EXIT_ATTENTION, EXIT_OK, Outcome, PlatformResult, SettingResult
from optout_bot.output import (
    STYLES,
    WORDS,
    sentences,
    short_instruction,
    title_of,
    todo_lines,
    unconfirmed_lines,
    wrapped,
)
from optout_bot.receipts import verify
from optout_bot.report import render_report
from optout_bot.store import INTERRUPTED_EXITS, Store, iso, parse_time, utc_now
from optout_bot.table import Cell, print_table, screen_width

SETTINGS = {"help_option_names": ["-h", "--help"]}
#: a hundred years: beyond it the cut-off date would fall before the calendar starts
MAX_KEEP_DAYS = 36500
NOTHING_YET = "Nothing has been checked yet. Run 'optout check' to read your settings."


def known_platform(platform: str | None) -> str | None:
    """PLATFORM as given to status or history: a known one, or a usage error (exit 2)."""
    if platform is None:
        return None
    from optout_bot import registry

    return registry.load().pick([platform], False)[0].name


def _open_store() -> Store:
    """The history, for commands that only read it: a read-only home works too."""
    return Store.open(Home.resolve(get_options().home).readable())


def _when(text: str | None) -> str:
    moment = parse_time(text)
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "-"


def _result(outcome: str, dry_run: bool = False) -> Cell:
    """A result in the words and colour of the run tables."""
    try:
        known = Outcome(outcome)
    except ValueError:
        return Cell(outcome)
    return Cell(WORDS[known] + (" (check)" if dry_run else ""), STYLES[known])


def _titled(platform: str, account: str | None) -> list[Cell]:
    return [Cell(title_of(platform)), Cell(account if account and account != "default" else "-")]


# ---------------------------------------------------------------------- status
@click.command(context_settings=SETTINGS)
@click.argument("platform", required=False)
@click.option("--details", is_flag=True, help="Also say which run read each setting back, "
              "and where its evidence is.")
@global_options
def status(platform: str | None, details: bool) -> int:
    """Last known state of every setting: when it was last read back, by which run, and
    where its evidence is."""
    platform = known_platform(platform)
    with _open_store() as store:
        states = store.latest_states(platform)
        root = store.home.root
    if get_options().json:
        emit_json({"home": str(root), "settings": [s.to_json() for s in states]})
        return EXIT_OK
    if not states:
        click.echo(NOTHING_YET if platform is None
                   else f"Nothing has been checked on {platform} yet.")
        return EXIT_OK
    rows = [_titled(state.platform, state.account) + [
        Cell(state.label), Cell(state.state.value),
        _result(state.outcome.value, state.dry_run), Cell(_when(iso(state.read_at))[:16])]
        for state in states]
    print_table(["Platform", "Account", "Setting", "State", "Result", "Read back (UTC)"], rows,
                flexible=2, group=1)
    width = screen_width()
    _print_todo(states, width)
    if details:
        click.echo("\nDetails:")
        for state in states:
            click.echo(f"  {title_of(state.platform)}: {state.label}")
            click.echo(f"    read back by run {state.run_id}")
            click.echo(wrapped(f"evidence: {_evidence(state, root)}", width, indent=4))
    click.echo("\n" + wrapped(f"Evidence files are in {root}." if details else
                       f"Evidence files are in {root} (which file is whose: 'optout status "
                       "--details').", width, indent=0, hanging=0))
    return EXIT_OK


def _print_todo(states: list, width: int) -> None:
    """What the last known states leave for the person, as after a run."""
    results: dict[tuple[str, str], PlatformResult] = {}
    for state in states:
        result = results.setdefault((state.platform, state.account),
                                    PlatformResult(state.platform, state.account, state.dry_run))
        result.settings.append(SettingResult(state.setting_id, state.label, "", "",
                                             outcome=state.outcome, detail=state.detail))
    for heading, lines in (("To do:", todo_lines(list(results.values()))),
                           ("Could not confirm (the evidence shows what was seen):",
                            unconfirmed_lines(list(results.values())))):
        if lines:
            click.echo(f"\n{heading}")
            for line in lines:
                click.echo(wrapped(line, width))


def _evidence(state, root: Path) -> str:
    if state.evidence:
        evidence = _relative(state.evidence[-1], root)
        if len(state.evidence) > 1:
            evidence += f" (+{len(state.evidence) - 1} more)"
        return evidence
    return "removed by prune" if state.evidence_pruned else "none"


def _relative(path: str, root: Path) -> str:
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return path


# ---------------------------------------------------------------------- history
@click.command(context_settings=SETTINGS)
@click.argument("platform", required=False)
@click.option("--verify", "check", is_flag=True,
              help="Check every receipt and evidence file against its recorded hash; exits 1 "
              "if anything was altered or removed.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="Show at most this many runs.")
@click.option("--details", is_flag=True,
              help="Also print each platform's full explanations, once per run.")
@global_options
def history(platform: str | None, check: bool, limit: int, details: bool) -> int:
    """Past runs and what they found or changed, newest first. A setting that came back on
    after having been off is shown as a regression."""
    platform = known_platform(platform)
    with _open_store() as store:
        if check:
            return _verify(store)
        runs = store.runs(platform, limit)
    if get_options().json:
        emit_json({"runs": runs})
        return EXIT_OK
    if not runs:
        click.echo(NOTHING_YET if platform is None else f"No runs have checked {platform} yet.")
        return EXIT_OK
    for number, run in enumerate(runs):
        if number:
            click.echo()
        _print_run(run, details)
    return EXIT_OK


def _print_run(run: dict, details: bool = False) -> None:
    if run["finished_at"] is None:
        ending = "did not finish"
    elif run["exit_code"] in INTERRUPTED_EXITS:
        ending = f"interrupted (exit code {run['exit_code']})"
    else:
        ending = f"exit code {run['exit_code']}"
    kind = "check only" if run["dry_run"] else "changes allowed"
    click.echo(f"Run {run['id']}: optout {run['command']} ({kind}), {_when(run['started_at'])}, "
               f"{ending}")
    rows, notes = [], []
    explained: dict[str, list[str]] = {}
    for platform in run["platforms"]:
        cells = _titled(platform["platform"], platform["account"])
        title = cells[0].text
        if not platform["settings"]:
            rows.append(cells + [Cell("-"), Cell("-"), _result(platform["outcome"])])
            if platform["error"]:
                notes.append(f"{title}: {sentences(platform['error'])[0]}")
        for setting in platform["settings"]:
            change = ("-" if setting["before"] == setting["after"] == "unknown"
                      else f"{setting['before']} -> {setting['after']}")
            rows.append(cells + [Cell(setting["label"]), Cell(change),
                                 _result(setting["outcome"])])
            if setting["regression"]:
                note = (f"REGRESSION: {title}, {setting['label']} ({setting['setting_id']}): "
                        f"back on; it was off on {_when(setting['regression']['was_off_at'])}")
                if setting["regression"]["turned_off_again"]:
                    note += ", turned off again"
                notes.append(note)
            elif setting["outcome"] not in ("off", "turned_off", "on") and setting["detail"]:
                notes.append(f"{title}: {setting['label']}: "
                             f"{short_instruction(setting['detail'])}")
                if setting["detail"] != short_instruction(setting["detail"]):
                    explained.setdefault(title, [])
                    if setting["detail"] not in explained[title]:
                        explained[title].append(setting["detail"])
    print_table(["Platform", "Account", "Setting", "Before -> after", "Result"], rows,
                flexible=2, group=1)
    width = screen_width()
    for note in notes:
        click.echo(wrapped(note, width))
    if details:
        for title, texts in explained.items():
            click.echo(f"  {title}, in full:")
            for text in texts:
                click.echo(wrapped(text, width, indent=4, hanging=0))


def _verify(store: Store) -> int:
    result = verify(store)
    if get_options().json:
        emit_json(result.to_json())
    else:
        if result.ok:
            click.echo(f"All {result.receipts} receipts and {result.evidence} evidence files "
                       "are as recorded; nothing was altered or removed.")
        else:
            click.echo(f"Found {len(result.problems)} problem"
                       f"{'' if len(result.problems) == 1 else 's'}: something was altered or "
                       "removed after it was recorded.")
            for problem in result.problems:
                click.echo(f"  {problem.message}")
        if result.pruned:
            click.echo(f"{len(result.pruned)} evidence files were removed on purpose by "
                       "'optout prune'; their receipts and hashes are kept:")
            for item in result.pruned:
                click.echo(f"  {item.path}")
    return EXIT_OK if result.ok else EXIT_ATTENTION


# ---------------------------------------------------------------------- report
@click.command(context_settings=SETTINGS)
@click.option("--out", "out", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the report (default: a new file in the reports folder of "
              "your optout home).")
@click.option("--open", "open_it", is_flag=True, help="Open the report in your web browser.")
@global_options
def report(out: Path | None, open_it: bool) -> int:
    """Write one self-contained HTML file with every setting's state over time, its
    before/after screenshots and receipt hashes, to keep or send."""
    with _open_store() as store:
        html = render_report(store)
        settings = len(store.latest_states())
        reports = store.home.dir("reports") if out is None else None
    if out is None:
        out = reports / f"optout-report-{utc_now().strftime('%Y%m%d-%H%M%S')}.html"
    out = out.expanduser().absolute()
    try:
        write_private(out, html)
    except OSError as exc:
        raise OptoutError(f"Could not write the report to {out} "
                          f"({exc.strerror or exc}).") from None
    if get_options().json:
        emit_json({"path": str(out), "settings": settings})
    else:
        click.echo(f"Wrote the evidence report ({settings} setting"
                   f"{'' if settings == 1 else 's'}) to {out}")
    if open_it and not webbrowser.open(out.as_uri()):
        click.echo(f"Could not open a browser; open {out} yourself.", err=True)
    return EXIT_OK


# ---------------------------------------------------------------------- prune
@click.command(context_settings=SETTINGS)
@click.option("--keep-days", type=click.IntRange(min=0, max=MAX_KEEP_DAYS), required=True,
              metavar="N", help="Keep evidence from the last N days.")
@click.option("--dry-run", is_flag=True, help="Only say what would be removed.")
@global_options
def prune(keep_days: int, dry_run: bool) -> int:
    """Remove evidence files older than N days. Receipts (with the files' hashes) are kept,
    and so are the newest evidence of every setting and the proof of every objection form
    sent; 'optout history --verify' reports pruned files as pruned, not as tampering."""
    cutoff = utc_now() - timedelta(days=keep_days)
    with Store.open(get_options().resolve_home()) as store:
        paths = [p for p in store.prunable_evidence(cutoff) if not Path(p).is_absolute()]
        kept = store.kept_evidence(cutoff)
        files = [store.absolute(p) for p in paths]
        size = sum(f.stat().st_size for f in files if f.exists())
        if not dry_run and paths:
            # marked first: a prune killed half way leaves files marked pruned, never files
            # missing without a mark (which verify would call tampering)
            store.mark_pruned(paths)
            for file in files:
                try:
                    file.unlink(missing_ok=True)
                except OSError as exc:
                    raise OptoutError(f"Could not remove the evidence file {file} "
                                      f"({exc.strerror or exc}); it is marked as removed, "
                                      "remove it yourself.") from None
            _remove_empty_dirs(store.home.root / "evidence")
    if get_options().json:
        emit_json({"removed" if not dry_run else "would_remove": paths, "bytes": size,
                   "before": iso(cutoff), "kept": kept})
        return EXIT_OK
    if not paths:
        click.echo(f"No evidence older than {keep_days} days to remove.")
    else:
        verb = "Would remove" if dry_run else "Removed"
        click.echo(f"{verb} {len(paths)} evidence file{'' if len(paths) == 1 else 's'} "
                   f"({_size(size)}) recorded before {_when(iso(cutoff))}. Their receipts and "
                   "hashes are kept, and the newest evidence of every setting stays.")
    reasons = []
    if kept["newest"]:
        reasons.append(f"{_files(kept['newest'])} that are the newest evidence of a setting")
    if kept["request"]:
        reasons.append(f"{_files(kept['request'])} that prove an objection form was sent "
                       "(no later run can take that proof again)")
    if reasons:
        click.echo(f"Kept, though older: {'; '.join(reasons)}.")
    return EXIT_OK


def _files(count: int) -> str:
    return f"{count} file{'' if count == 1 else 's'}"


def _remove_empty_dirs(root: Path) -> None:
    if not root.is_dir():
        return
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        try:
            folder.rmdir()
        except OSError:
            pass  # not empty


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
