"""Results for people: one line per setting, then what is left to do; or JSON."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import click

from optout_bot import table
from optout_bot.outcomes import Outcome, PlatformResult, State
from optout_bot.table import Cell, screen_width

WORDS = {
    Outcome.OFF: "off",
    Outcome.TURNED_OFF: "turned off",
    Outcome.ON: "ON - data used",
    Outcome.UNAVAILABLE: "no switch",
    Outcome.MANUAL: "needs you",
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


#: the settings a person has to act on, listed under "To do"
TODO = (Outcome.ON, Outcome.MANUAL, Outcome.NEEDS_LOGIN)
#: the settings the tool could not confirm, listed under "Could not confirm"
UNCONFIRMED = (Outcome.UNKNOWN, Outcome.ERROR)
#: the outcomes whose detail is a long explanation, shown with --details
EXPLAINED = (Outcome.UNAVAILABLE, Outcome.MANUAL, Outcome.NEEDS_LOGIN)
_INSTRUCTION = re.compile(r"^(run|open|turn off|tap|sign in|choose|delete|ask|try again|"
                          r"go to|in the [^:]+ app)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\'\"])")


def title_of(platform: str) -> str:
    """A platform's name for people ("Stack Overflow"), from its flow when there is one."""
    from optout_bot import registry

    flow = registry.load().flows.get(platform)
    return flow.title if flow else platform


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text.strip()) if part.strip()]


def short_instruction(text: str) -> str:
    """The sentence of a long explanation that says what to do (else its first one)."""
    parts = sentences(text)
    if not parts:
        return ""
    return next((p for p in parts if _INSTRUCTION.search(p)),
                next((p for p in parts if "'optout " in p), parts[0]))


def rows(results: list[PlatformResult]) -> list[list[Cell]]:
    """One row per setting: platform, account, setting, before -> after, result."""
    out = []
    for result in results:
        platform = title_of(result.platform)
        account = "-" if result.account == "default" else result.account
        result_rows = [(s.label, _change(s.before, s.after), s.outcome) for s in result.settings]
        for label, change, outcome in result_rows or [("-", "-", result.outcome)]:
            out.append([Cell(platform), Cell(account), Cell(label), Cell(change),
                        Cell(WORDS[outcome], STYLES[outcome])])
    return out


def _change(before: State, after: State) -> str:
    if before is State.UNKNOWN and after is State.UNKNOWN:
        return "-"
    return f"{before.value} -> {after.value}"


def print_table(results: list[PlatformResult], title: str = "", details: bool = False,
                width: int | None = None) -> None:
    """The results, one line per setting; then what the person has to do; then, when
    asked, each platform's long explanations once."""
    width = width or screen_width()
    if title:
        click.echo(title)
    headers = ["Platform", "Account", "Setting", "Before -> after", "Result"]
    table.print_table(headers, rows(results), flexible=2, group=1, width=width)
    todo = todo_lines(results)
    if todo:
        click.echo("\nTo do:")
        for line in todo:
            click.echo(wrapped(line, width))
    unconfirmed = unconfirmed_lines(results)
    if unconfirmed:
        click.echo("\nCould not confirm (the evidence shows what was seen):")
        for line in unconfirmed:
            click.echo(wrapped(line, width))
    explained = explanations(results)
    if details and explained:
        click.echo("\nDetails:")
        for platform, notes in explained.items():
            click.echo(f"  {title_of(platform)}")
            for note in notes:
                click.echo(wrapped(note, width, indent=4, hanging=0))
        click.echo()
    elif explained:
        names = [title_of(p) for p in explained]
        click.echo("\n" + wrapped(
            f"The full explanations (why there is no switch, what else you can do) for "
            f"{join_names(names)}: run again with --details, or 'optout platforms "
            f"{next(iter(explained))}'.", width, indent=0, hanging=0))


def todo_lines(results: list[PlatformResult]) -> list[str]:
    """One line per setting that needs the person, with its short instruction; settings
    still on in a check are one line per platform (the tool can turn them off)."""
    lines = []
    for result in results:
        title = title_of(result.platform)
        on = [s for s in result.settings if s.outcome is Outcome.ON]
        if on:
            them = "it" if len(on) == 1 else "them"
            lines.append(f"{title}: {_count(len(on), 'setting')} still on. Run 'optout apply "
                         f"{result.platform}' to turn {them} off.")
        for setting in result.settings:
            if setting.outcome in TODO and setting.outcome is not Outcome.ON:
                lines.append(f"{title}: {setting.label}. {short_instruction(setting.detail)}"
                             .rstrip())
        if not result.settings and result.outcome is Outcome.NEEDS_LOGIN:
            lines.append(f"{title}: {short_instruction(result.error or '')}".rstrip())
    return lines


def unconfirmed_lines(results: list[PlatformResult]) -> list[str]:
    lines = []
    for result in results:
        title = title_of(result.platform)
        if not result.settings and result.outcome in UNCONFIRMED:
            lines.append(f"{title}: {sentences(result.error or 'it failed')[0]}")
        seen: set[str] = set()
        for setting in result.settings:
            if setting.outcome in UNCONFIRMED:
                reason = sentences(setting.detail or "it could not be read back.")[0]
                reason = reason.removeprefix(f"{title}: ")
                if reason not in seen:
                    lines.append(f"{title}: {setting.label}: {reason}")
                    seen.add(reason)
    return lines


def explanations(results: list[PlatformResult]) -> dict[str, list[str]]:
    """Each platform's long explanations (why no switch, what the person can do), once."""
    explained: dict[str, list[str]] = {}
    for result in results:
        for setting in result.settings:
            explains = setting.detail and setting.detail != short_instruction(setting.detail)
            if setting.outcome in EXPLAINED and explains:
                notes = explained.setdefault(result.platform, [])
                if setting.detail not in notes:
                    notes.append(setting.detail)
    return explained


def wrapped(text: str, width: int, indent: int = 2, hanging: int = 2) -> str:
    """Wrapped at the width, lines after the first indented ``hanging`` more (never cut)."""
    return textwrap.fill(text, width=width, initial_indent=" " * indent,
                         subsequent_indent=" " * (indent + hanging), break_long_words=False,
                         break_on_hyphens=False)


def join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


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
        parts.append(f"{_count(len(todo), 'setting')} need{'s' if len(todo) == 1 else ''} you "
                     "(see 'To do')")
    if broken:
        parts.append(f"{len(broken)} could not be confirmed (see the evidence)")
    return "; ".join(parts) + "."
