"""The HTML evidence report: one self-contained file a person can keep or send.

Per platform account and setting: the state over time, the receipt of every record, and
before/after screenshots side by side, embedded as ``data:`` URIs. Screenshots are
embedded for the newest record of each setting and for every change (turned off, or
found back on), which is what a reader needs to see without making the file huge.
"""

from __future__ import annotations

import base64
import json
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from optout_bot import __version__
from optout_bot.public_check import EVIDENCE_SUFFIX
from optout_bot.receipts import Verification, sha256_file, verify
from optout_bot.store import Store, iso, parse_time, shown_state, utc_now

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".webp": "image/webp"}
OUTCOME_WORDS = {
    "off": "Off", "turned_off": "Turned off", "on": "On", "unavailable": "Not offered",
    "manual": "You need to act", "needs_login": "Needs you to sign in",
    "requested": "Requested", "unknown": "Could not read", "error": "Failed",
}


PUBLIC_WORDS = {"off": "your data is kept out", "on": "your data is still shared",
                "unknown": "could not tell"}


@dataclass
class Shot:
    """One screenshot slot (before or after) in the report."""

    caption: str
    uri: str | None = None
    note: str = ""


def build_context(store: Store, verification: Verification | None = None) -> dict[str, Any]:
    verification = verification or verify(store)
    accounts: OrderedDict[tuple[str, str], OrderedDict[str, list[dict]]] = OrderedDict()
    for record in store.setting_records():
        key = (record["platform"], record["account"])
        accounts.setdefault(key, OrderedDict()).setdefault(record["setting_id"], []).append(record)
    platforms = []
    for (platform, account), settings in sorted(accounts.items()):
        platforms.append({
            "platform": platform, "account": account or "default account",
            "settings": [_setting(store, records) for records in settings.values()],
        })
    return {
        "generated_at": _when(iso(utc_now())), "tool_version": __version__,
        "verification": verification, "platforms": platforms,
        "setting_count": sum(len(p["settings"]) for p in platforms),
        "outcome_words": OUTCOME_WORDS,
    }


def render_report(store: Store) -> str:
    environment = Environment(loader=PackageLoader("optout_bot", "templates"),
                              autoescape=select_autoescape(["html", "j2"]),
                              trim_blocks=True, lstrip_blocks=True)
    return environment.get_template("report.html.j2").render(**build_context(store))


def _setting(store: Store, records: list[dict]) -> dict[str, Any]:
    newest = records[-1]
    rows = []
    for record in reversed(records):
        changed = record["outcome"] == "turned_off" or record["regression"] is not None
        rows.append({
            "run_id": record["run_id"], "read_at": _when(record["read_at"]),
            "dry_run": bool(record["dry_run"]), "before": record["before"],
            "after": record["after"], "outcome": record["outcome"], "detail": record["detail"],
            "receipt": record["receipt"], "receipt_sha256": record["receipt_sha256"],
            "regression": record["regression"],
            "shots": _shots(store, record["evidence"]) if changed or record is newest else None,
            "other_files": [Path(e["path"]).name for e in record["evidence"]
                            if Path(e["path"]).suffix.lower() not in IMAGE_TYPES],
            "public_checks": _public_checks(store, record["evidence"]),
        })
    return {
        "setting_id": newest["setting_id"], "label": newest["label"], "url": newest["url"],
        "state": shown_state(newest["before"], newest["after"]).value,
        "outcome": newest["outcome"], "detail": newest["detail"],
        "read_at": _when(newest["read_at"]), "run_id": newest["run_id"], "rows": rows,
    }


def _shots(store: Store, evidence: list[dict]) -> list[Shot]:
    """Before and after screenshots of one record, in that order."""
    images = [e for e in evidence if Path(e["path"]).suffix.lower() in IMAGE_TYPES]
    before = next((e for e in images if "before" in Path(e["path"]).name), None)
    after = next((e for e in images if "after" in Path(e["path"]).name), None)
    if before is None and after is None and images:
        before, after = images[0], images[-1] if len(images) > 1 else None
    return [_shot(store, "Before", before), _shot(store, "After", after)]


def _public_checks(store: Store, evidence: list[dict]) -> list[dict[str, str]]:
    """The login-free read-backs kept with a record: what was fetched, where, when."""
    checks = []
    for item in evidence:
        if not item["path"].endswith(EVIDENCE_SUFFIX) or item["pruned_at"]:
            continue
        try:
            kept = json.loads(store.absolute(item["path"]).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        says = PUBLIC_WORDS.get(kept.get("says", ""), PUBLIC_WORDS["unknown"])
        checks.append({"name": kept.get("name", ""), "url": kept.get("url", ""),
                       "fetched_at": _when(kept.get("fetched_at")),
                       "says": says, "problem": kept.get("problem", ""),
                       "body": kept.get("body", "")[:2000]})
    return checks


def _shot(store: Store, caption: str, item: dict | None) -> Shot:
    if item is None:
        return Shot(caption, note="No screenshot was taken.")
    if item["pruned_at"]:
        return Shot(caption, note=f"Removed by 'optout prune' on {_when(item['pruned_at'])}; "
                    "its hash is kept in the receipt.")
    path = store.absolute(item["path"])
    try:
        data = path.read_bytes()
    except OSError:
        return Shot(caption, note=f"The file {item['path']} is missing.")
    note = "" if sha256_file(path) == item["sha256"] else \
        "Warning: this file differs from the one recorded."
    mime = IMAGE_TYPES[path.suffix.lower()]
    return Shot(caption, f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}", note)


def _when(text: str | None) -> str:
    moment = parse_time(text)
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "unknown time"
