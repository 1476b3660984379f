"""Page text is compared in one place: no flow or engine module compiles its own
case-insensitive pattern or searches text with ``re`` outside ``optout_bot/text.py``."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# (cookie names are not page text: ``clear_cookies(name=re.compile(...))`` is fine)
OWN_PATTERN = re.compile(r"re\.IGNORECASE|re\.I\b|\(\?i\)|(?<!clear_cookies\()name=re\.compile"
                         r"|re\.search\("
                         r"|get_by_(label|text)\(re\.compile")
#: modules that match no page text: policy documents have their own normalisation
#: (policytext), output formats the tool's own messages, evidence scrubs stored HTML
NOT_PAGE_TEXT = {"optout_bot/text.py", "optout_bot/policy.py", "optout_bot/policytext.py",
                 "optout_bot/policywatch.py", "optout_bot/output.py", "optout_bot/evidence.py"}


def modules() -> list[Path]:
    engine = [p for p in (REPO / "optout_bot").rglob("*.py") if "sandbox" not in p.parts]
    return sorted(engine + list((REPO / "flows").glob("*.py")))


def test_no_module_matches_page_text_on_its_own():
    found = []
    for path in modules():
        name = path.relative_to(REPO).as_posix()
        if name in NOT_PAGE_TEXT:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if OWN_PATTERN.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
    assert not found, ("match page text through optout_bot.text (normalise, search, "
                       "matches_any, tolerant_regex, any_of):\n" + "\n".join(found))


def test_the_check_finds_what_it_is_for():
    assert OWN_PATTERN.search('name=re.compile(r"^save$", re.IGNORECASE)')
    assert OWN_PATTERN.search('re.search(r"cookie", body)')
    assert not OWN_PATTERN.search("text.search(pattern, body)")
    assert not OWN_PATTERN.search('context.clear_cookies(name=re.compile("^(sid)$"))')
