"""``optout policies check | diff | log | replay``: watch, compare, list and replay policies."""

from __future__ import annotations

from pathlib import Path

import click

from optout_bot import registry
from optout_bot.clicontext import browser_options, emit_json, get_options, global_options
from optout_bot.errors import UsageError
from optout_bot.outcomes import EXIT_ATTENTION, EXIT_OK
from optout_bot.policy import Passage, diff_texts
from optout_bot.policyarchive import (
    BROKEN,
    CHANGED,
    FIRST,
    RETURNED,
    UNCHANGED,
    PolicyArchive,
    PolicyVersion,
)
from optout_bot.policyreplay import ReplayedVersion, replay_history

#: how much of a passage `log` shows; `diff` always shows it whole
LOG_QUOTE_CHARS = 240


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@global_options
def policies() -> None:
    """Watch platforms' privacy policies and terms for changes about AI training.

    Every saved version is compared with the one before, sentence by sentence, ignoring
    layout, links and reformatting. A change is flagged as AI-relevant when an added or
    removed sentence is about training, developing or improving artificial intelligence,
    machine learning or language models, not when it only names an AI feature; opt-out
    wording and sharing with third parties are reported alongside. A capture that came
    back nearly empty is not saved, and one that reads like an earlier version is a
    return to it, not news. `check` and `diff` exit with 1 when they find an
    AI-relevant change; `replay` shows what the watch would say on a recorded history.
    """


@policies.command()
@click.argument("platforms", nargs=-1)
@browser_options
@global_options
def check(platforms: tuple[str, ...]) -> int:
    """Fetch the policy pages of PLATFORMS (default: every platform) and save new versions.

    Each page is read in the browser, its policy text compared with the last saved
    version, and a new version saved when the wording changed. Says for every document
    whether this is its first version, unchanged, or changed, and quotes the sentences
    that show an AI-relevant change. Exits with 1 when a change is about AI training, 3
    when a page could not be read, 0 otherwise."""
    from optout_bot.policywatch import check_policies, describe, exit_code_for, run_options

    opts = get_options()
    flows = registry.load().pick(platforms, all_=not platforms)
    home = opts.resolve_home()
    checks = check_policies(home, flows, run_options(opts))
    if opts.json:
        emit_json({"policies": [c.to_json() for c in checks]})
    else:
        if not checks:
            click.echo("None of these platforms lists policy pages to watch.")
        for line in (line for c in checks for line in describe(c)):
            click.echo(line)
    return exit_code_for(checks)


@policies.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option("--all", "show_all", is_flag=True,
              help="Show every changed sentence, not only the AI-relevant ones.")
@global_options
def diff(old: str, new: str, show_all: bool) -> int:
    """Compare two saved policy texts.

    OLD and NEW are text files (Markdown, HTML or plain text). Says whether the change
    matters for AI training and quotes the sentences that show it. Exits with 1 when it
    does, 0 otherwise."""
    change = diff_texts(_read_text(old), _read_text(new))
    code = EXIT_ATTENTION if change.ai_relevant else EXIT_OK
    if get_options().json:
        emit_json({"old": old, "new": new, **change.to_json()})
        return code
    click.echo(change.summary())
    shown = change.passages if show_all else change.ai_passages()
    for passage in shown:
        click.echo(_describe(passage))
    hidden = len(change.passages) - len(shown)
    if hidden:
        click.echo(f"{hidden} other changed sentence(s) say nothing about AI training "
                   "(show them with --all).")
    return code


@policies.command()
@click.argument("platform")
@click.option("--doc", "doc_id", metavar="ID", help="Only this document (e.g. privacy).")
@global_options
def log(platform: str, doc_id: str | None) -> int:
    """List saved policy versions and their changes.

    Shows every saved version of PLATFORM's policy documents, oldest first, with what
    changed and, for AI-relevant changes, the sentences that show it."""
    platform = registry.load().pick([platform.strip()], False)[0].name
    archive = PolicyArchive(get_options().resolve_home())
    versions = archive.versions(platform, doc_id)
    if get_options().json:
        emit_json({"platform": platform, "versions": [v.to_json() for v in versions]})
        return EXIT_OK
    if not versions:
        click.echo(f"No policy versions of {platform} are saved yet. "
                   "Save them with: optout policies check")
        return EXIT_OK
    for version in versions:
        click.echo(f"{version.fetched_at:%Y-%m-%d %H:%M} UTC  {version.title}: "
                   f"{_what_changed(version)}")
        for passage in (version.change or {}).get("passages", []):
            click.echo(_describe(Passage(**passage), LOG_QUOTE_CHARS))
    return EXIT_OK


@policies.command()
@click.argument("folder", metavar="FOLDER", type=click.Path(path_type=Path))
@click.option("--all", "show_all", is_flag=True,
              help="List every version, not only the stored, rejected and returning ones.")
@global_options
def replay(folder: Path, show_all: bool) -> int:
    """Replay a recorded history of a policy through the watch, to see what it would say.

    FOLDER holds the versions of one document: files whose names start with their date
    (2024-09-19...; .md, .txt or .html), or an Open Terms Archive export with an
    index.tsv. A folder of such folders (a service, or several) replays each one. The
    versions go, oldest first, through the same archive and comparison as `policies
    check`, in a throwaway folder: nothing is saved. Says which versions would be stored,
    which rejected as broken captures, which are returns to an earlier version, and which
    are flagged as changes about AI training."""
    documents = replay_history(folder)
    if get_options().json:
        emit_json({"folder": str(folder), "documents": [d.to_json() for d in documents]})
        return EXIT_OK
    for document in documents:
        counts = document.counts()
        click.echo(f"{document.name}: {counts['versions']} version(s): {counts['stored']} "
                   f"stored, {counts['unchanged']} unchanged, {counts['broken']} broken "
                   f"capture(s) rejected, {counts['returns']} return(s) to an earlier "
                   f"version; {counts['flagged']} flagged as about AI training.")
        for version in document.versions:
            if show_all or version.status != UNCHANGED:
                click.echo(f"  {version.date:%Y-%m-%d %H:%M}  {version.file}: "
                           f"{_what_replay_did(version)}")
            if version.ai_relevant:
                for passage in version.change.ai_passages():
                    click.echo(f"  {_describe(passage, LOG_QUOTE_CHARS)}")
    return EXIT_OK


def _what_replay_did(version: ReplayedVersion) -> str:
    change = version.change
    if version.status == FIRST:
        return "first version, stored."
    if version.status == BROKEN:
        return f"rejected as a broken capture ({version.reason})."
    if version.status == RETURNED:
        return (f"reads the same as {version.returned_to or 'an earlier version'}: a return "
                "to an earlier version, not news.")
    if version.status != CHANGED:
        return "unchanged."
    counts = f"{change.added} sentence(s) added, {change.removed} removed"
    if change.ai_relevant:
        return f"stored; AI-RELEVANT ({', '.join(change.terms)}): {counts}."
    return f"stored; nothing about AI training: {counts}."


def _read_text(name: str) -> str:
    path = Path(name)
    try:
        data = path.read_bytes()
        if b"\0" in data[:8192]:
            raise UsageError(f"{name} is not a text file; give a saved policy text file.")
        return data.decode("utf-8", errors="replace")
    except FileNotFoundError:
        raise UsageError(f"There is no file {name}.") from None
    except IsADirectoryError:
        raise UsageError(f"{name} is a folder; give a saved policy text file.") from None
    except OSError as exc:
        raise UsageError(f"Cannot read {name}: {exc.strerror or exc}.") from None


def _what_changed(version: PolicyVersion) -> str:
    change = version.change
    if change is None:
        return "first saved version."
    counts = f"{change.get('added', 0)} sentence(s) added, {change.get('removed', 0)} removed"
    if version.ai_relevant:
        return f"AI-relevant change ({', '.join(change.get('terms', []))}): {counts}."
    return f"changed, nothing about AI training: {counts}."


def _describe(passage: Passage, limit: int | None = None) -> str:
    text = passage.text
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    label = "Added" if passage.kind == "added" else "Removed"
    about = f" [{', '.join(passage.terms)}]" if passage.ai_relevant else ""
    return f'  {label}{about}: "{text}"'
