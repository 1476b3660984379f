"""How the policy classifier does on the recorded policy history.

``python -m optout_bot.policy_figures [FOLDER]`` compares every version of every document
in FOLDER (default: ``shared/policy-history`` beside the project) with the version before
and prints a Markdown table of what was flagged, then the flagged versions.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from optout_bot.policy import PolicyChange, diff_texts

#: notes the archive gives a re-extraction of an unchanged page (format only)
REEXTRACTION_NOTES = ("Apply technical or declaration upgrade", "Refilter")
DEFAULT_HISTORY = Path(__file__).resolve().parents[1] / ".." / "shared" / "policy-history"


@dataclass
class VersionResult:
    document: str  # "LinkedIn/Privacy-Policy"
    file: str
    date: str
    note: str
    change: PolicyChange

    @property
    def reextraction(self) -> bool:
        return self.note.startswith(REEXTRACTION_NOTES)


def documents(root: Path) -> list[Path]:
    """The document folders of a history (each has an ``index.tsv``)."""
    return sorted(index.parent for index in root.glob("*/*/index.tsv"))


def compare_history(folder: Path) -> list[VersionResult]:
    """Every version of one document compared with the one before (the first has none)."""
    name = f"{folder.parent.name}/{folder.name}"
    results: list[VersionResult] = []
    previous: str | None = None
    for line in (folder / "index.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        file, date, note = line.split("\t", 2)
        text = (folder / file).read_text(encoding="utf-8")
        if previous is not None:
            results.append(VersionResult(name, file, date, note, diff_texts(previous, text)))
        previous = text
    return results


def figures_table(results: dict[str, list[VersionResult]]) -> str:
    rows = ["| Document | Versions | Changes | Flagged | Not flagged | Re-extractions "
            "| Re-extractions flagged |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    totals = [0] * 6
    for name, found in results.items():
        changes = [r for r in found if r.change.changed]
        flagged = sum(r.change.ai_relevant for r in changes)
        again = [r for r in found if r.reextraction]
        counts = [len(found) + 1, len(changes), flagged, len(changes) - flagged, len(again),
                  sum(r.change.ai_relevant for r in again)]
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        rows.append(f"| {name} | " + " | ".join(map(str, counts)) + " |")
    rows.append("| **Total** | " + " | ".join(f"**{n}**" for n in totals) + " |")
    return "\n".join(rows)


def flagged_list(results: dict[str, list[VersionResult]]) -> str:
    lines = []
    for name, found in results.items():
        for result in found:
            if result.change.ai_relevant:
                lines.append(f"- {name} {result.date[:10]}: {', '.join(result.change.terms)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else DEFAULT_HISTORY
    folders = documents(root)
    if not folders:
        print(f"No policy history found in {root}.", file=sys.stderr)
        return 2
    results = {f"{f.parent.name}/{f.name}": compare_history(f) for f in folders}
    print(figures_table(results))
    print()
    print("Flagged as AI-relevant:")
    print(flagged_list(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
