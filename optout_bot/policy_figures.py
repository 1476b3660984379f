"""How the policy watch does on a recorded policy history.

``python -m optout_bot.policy_figures [FOLDER]`` replays every document in FOLDER (default:
``shared/policy-history`` beside the project, or ``$OPTOUT_POLICY_HISTORY``) through the
archive ``policies check`` uses (``optout_bot.policyreplay``) and prints a Markdown table
of what it stored, rejected and flagged, then the flagged versions.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from optout_bot.errors import UsageError
from optout_bot.policyreplay import ReplayedDocument, replay_history

DEFAULT_HISTORY = Path(os.environ.get("OPTOUT_POLICY_HISTORY")
                       or Path(__file__).resolve().parents[1] / ".." / "shared" / "policy-history")
COLUMNS = ("versions", "stored", "unchanged", "broken", "returns", "flagged", "not flagged")


def figures_table(documents: list[ReplayedDocument]) -> str:
    rows = ["| Document | Versions | Stored | Unchanged | Broken captures rejected | Returns "
            "| Flagged | Changes not flagged | Re-extractions | Re-extractions flagged |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    totals = [0] * (len(COLUMNS) + 2)
    for document in documents:
        counts = document.counts()
        counts["not flagged"] = counts["stored"] - 1 - counts["flagged"]  # the first is no change
        again = [v for v in document.versions if v.reextraction]
        row = [counts[c] for c in COLUMNS] + [len(again), sum(v.ai_relevant for v in again)]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        rows.append(f"| {document.name} | " + " | ".join(map(str, row)) + " |")
    rows.append("| **Total** | " + " | ".join(f"**{n}**" for n in totals) + " |")
    return "\n".join(rows)


def flagged_list(documents: list[ReplayedDocument]) -> str:
    return "\n".join(f"- {d.name} {v.date:%Y-%m-%d}: {', '.join(v.change.terms)}"
                     for d in documents for v in d.flagged())


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        documents = replay_history(Path(args[0]) if args else DEFAULT_HISTORY)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(figures_table(documents))
    print()
    print("Flagged as AI-relevant:")
    print(flagged_list(documents))
    return 0


if __name__ == "__main__":
    sys.exit(main())
