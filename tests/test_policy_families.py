"""The five families of false or missed alerts, each on real policy text (issue 16).

Broken captures, flips and returns, re-extractions, moved sentences and passing
mentions, built from the recorded history (``shared/policy-history``) the way they happen
when pages are captured: truncated, alternated, extracted again, copied, renamed.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from optout_bot.home import Home
from optout_bot.policy import PolicyDoc, diff_texts, sentences
from optout_bot.policyarchive import BROKEN, CHANGED, FIRST, RETURNED, UNCHANGED, PolicyArchive
from optout_bot.policyreplay import replay_document

HISTORY = Path(os.environ.get("OPTOUT_POLICY_HISTORY")
               or Path(__file__).resolve().parents[1] / ".." / "shared" / "policy-history")
pytestmark = pytest.mark.skipif(
    not HISTORY.is_dir(),
    reason="the recorded policy history (shared/policy-history beside the project) is absent",
)
DOC = PolicyDoc(id="privacy", title="Privacy Policy", url="https://www.linkedin.com/legal/privacy-policy")
T0 = datetime(2024, 8, 1, tzinfo=UTC)


def real(document: str, date: str) -> str:
    (path,) = (HISTORY / document).glob(f"{date}*.md")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def archive(tmp_path: Path) -> PolicyArchive:
    return PolicyArchive(Home(tmp_path / "home"))


# --- 1. broken captures --------------------------------------------------------------------

def test_a_capture_of_only_the_title_and_header_is_rejected(archive: PolicyArchive) -> None:
    good = real("LinkedIn/Privacy-Policy", "2024-08-01")
    header = good[:400]  # the title, the date and the first lines: a page that did not load
    new = real("LinkedIn/Privacy-Policy", "2024-09-19")
    assert archive.record("linkedin", DOC, good, T0).status == FIRST
    broken = archive.record("linkedin", DOC, header, T0 + timedelta(days=1))
    assert broken.status == BROKEN and not broken.ai_relevant
    assert "nearly empty" in broken.reason and "headings" in broken.reason
    assert broken.version.text() == good  # still the last good version
    assert len(archive.versions("linkedin", "privacy")) == 1
    # the next good capture is compared with the last good one, not with the header
    after = archive.record("linkedin", DOC, new, T0 + timedelta(days=2))
    assert after.status == CHANGED and after.ai_relevant
    direct = diff_texts(good, new)
    assert (after.change.added, after.change.removed) == (direct.added, direct.removed)
    assert after.change.added < len(sentences(new)) / 4
    index = (archive.home.root / "policies" / "linkedin" / "privacy" / "index.json").read_text()
    assert '"rejected"' in index and header not in index


def test_an_empty_page_is_a_broken_capture(archive: PolicyArchive) -> None:
    archive.record("x", DOC, real("X/Privacy-Policy", "2024-10-17"), T0)
    assert archive.record("x", DOC, "   \n", T0 + timedelta(hours=1)).status == BROKEN


def test_a_real_shorter_version_is_not_a_broken_capture(archive: PolicyArchive) -> None:
    # 2024-11-16 X dropped the superseded policy it showed beside the new one: half the text
    archive.record("x", DOC, real("X/Privacy-Policy", "2024-10-17"), T0)
    shorter = archive.record("x", DOC, real("X/Privacy-Policy", "2024-11-16"), T0 + timedelta(1))
    assert shorter.status == CHANGED


# --- 2. flips and returns ------------------------------------------------------------------

def test_a_page_flipping_between_two_versions_alerts_once(archive: PolicyArchive) -> None:
    old = real("X/Privacy-Policy", "2024-07-25")
    new = real("X/Privacy-Policy", "2024-10-17")  # the known AI-training event
    statuses, flags = [], []
    for day, text in enumerate([old, new, old, new, old, new]):
        result = archive.record("x", DOC, text, T0 + timedelta(days=day))
        statuses.append(result.status)
        flags.append(result.ai_relevant)
    assert statuses == [FIRST, CHANGED, RETURNED, RETURNED, RETURNED, RETURNED]
    assert flags == [False, True, False, False, False, False]
    assert len(archive.versions("x", "privacy")) == 2
    assert archive.latest("x", "privacy").text() == new
    # the page stays on the new version: nothing to say
    assert archive.record("x", DOC, new, T0 + timedelta(days=9)).status == UNCHANGED


def test_a_block_that_vanished_and_returns_is_not_a_change(archive: PolicyArchive) -> None:
    full = real("LinkedIn/Privacy-Policy", "2024-09-19")
    start = full.index("### 2.6 Developing Services and Research")
    end = full.index("###", start + 10)
    collapsed = full[:start] + full[end:]  # an expandable section missing from one capture
    archive.record("linkedin", DOC, full, T0)
    dropped = archive.record("linkedin", DOC, collapsed, T0 + timedelta(days=1))
    assert dropped.status == CHANGED and dropped.change.removed and not dropped.change.added
    edited = collapsed.replace("Your Privacy Matters", "Your Privacy Matters to Us", 1)
    back = full.replace("Your Privacy Matters", "Your Privacy Matters to Us", 1)
    archive.record("linkedin", DOC, edited, T0 + timedelta(days=2))
    returned = archive.record("linkedin", DOC, back, T0 + timedelta(days=3))
    # the section is back, word for word: not news, even though the page was also edited
    assert returned.status == UNCHANGED and not returned.ai_relevant


def test_the_real_reddit_flips_are_returns() -> None:
    replayed = replay_document(HISTORY / "Reddit" / "Privacy-Policy")
    returns = [(f"{v.date:%Y-%m-%d %H}", v.returned_to[:13]) for v in replayed.versions
               if v.status == RETURNED]
    assert returns == [
        ("2025-06-29 00", "2025-06-02T00"), ("2025-06-29 12", "2025-06-28T12"),
        ("2025-06-30 00", "2025-06-02T00"), ("2025-06-30 12", "2025-06-28T12"),
        ("2026-08-20 00", "2026-07-02T12"),
    ]


# --- 3. re-extractions ---------------------------------------------------------------------

def test_a_table_extracted_as_glued_paragraphs_is_unchanged() -> None:
    text = real("LinkedIn/Privacy-Policy", "2025-11-04")
    rows = [line for line in text.splitlines() if line.startswith("| ")][:30]
    table = "\n".join(rows)

    def as_paragraph(row: str) -> str:
        # cells glued with no space, <br> breaks run together, link targets dropped
        cells = [c.strip() for c in row.strip("|").split("|")]
        glued = "".join(cells).replace("<br><br>", " ")
        return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", glued)

    paragraphs = "\n\n".join(as_paragraph(row) for row in rows)
    assert sentences(paragraphs) != sentences(table)
    assert not diff_texts(table, paragraphs).changed
    assert not diff_texts(paragraphs, table).changed
    # a real edit inside the re-extracted text still shows
    edited = paragraphs.replace("(not contextual)", "(contextual)", 1)
    assert "(not contextual)" in paragraphs and diff_texts(table, edited).changed


# --- 4. moved sentences ----------------------------------------------------------------------

def under_heading(text: str, heading: str, sentence: str) -> str:
    """``text`` with ``sentence`` as the first paragraph under the (underlined) ``heading``."""
    found = re.search(rf"(?m)^{re.escape(heading)}\n[-=]+\n", text)
    assert found is not None, heading
    return f"{text[:found.end()]}\n{sentence}\n{text[found.end():]}"


def test_a_regional_sentence_copied_into_the_general_part_counts_as_added() -> None:
    text = real("X/Privacy-Policy", "2026-07-16")
    (regional,) = [s for s in sentences(text) if s.startswith("With the California Consumer")]
    moved = under_heading(text, "2\\. How We Use Information", regional)
    change = diff_texts(text, moved)
    assert [(p.kind, p.text) for p in change.passages] == [("added", regional)]
    # in a section the old version did not have, only the new heading is new
    elsewhere = f"{text}\n\nA new part\n----------\n\n{regional}\n"
    assert [p.text for p in diff_texts(text, elsewhere).passages] == ["A new part"]


def test_an_ai_training_sentence_copied_into_another_section_is_flagged() -> None:
    text = real("X/Privacy-Policy", "2026-07-16")
    training = next(s for s in sentences(text) if "help train our machine learning" in s)
    copied = under_heading(text, "6\\. Your Rights And Ours", training)
    change = diff_texts(text, copied)
    assert change.ai_relevant and [p.text for p in change.ai_passages()] == [training]


def test_sentences_moved_within_their_section_are_not_changes() -> None:
    text = real("X/Privacy-Policy", "2026-07-16")
    (line,) = [ln for ln in text.splitlines() if ln.startswith("In 2020, California")]
    first, second = line.split(". With the ", 1)
    swapped = text.replace(line, f"With the {second}\n\n{first}.")
    assert swapped != text and not diff_texts(text, swapped).changed


# --- 5. passing mentions ---------------------------------------------------------------------

CHATBOT = "in responses provided by an AI chatbot like OpenAI's ChatGPT"


def test_renaming_an_ai_product_is_not_ai_relevant() -> None:
    text = real("Reddit/Privacy-Policy", "2024-08-17")
    renamed = text.replace("OpenAI\u2019s ChatGPT", "Google's Gemini")
    assert renamed != text
    change = diff_texts(text, renamed)
    assert change.changed and not change.ai_relevant


def test_a_plural_or_spelling_next_to_ai_is_not_ai_relevant() -> None:
    text = real("Reddit/Privacy-Policy", "2024-08-17")
    plural = text.replace("an AI chatbot", "AI chatbots")
    spelled = text.replace("an AI chatbot", "an AI chat bot")
    for edited in (plural, spelled):
        assert edited != text
        change = diff_texts(text, edited)
        assert change.changed and not change.ai_relevant


def test_renaming_a_model_in_a_training_sentence_is_not_ai_relevant() -> None:
    text = real("LinkedIn/Privacy-Policy", "2025-11-04")
    renamed = text.replace("InBart", "InBard")  # as "Bard" became "Gemini"
    change = diff_texts(text, renamed)
    assert change.changed and not change.ai_relevant


@pytest.mark.parametrize("wording", [
    "We use the content you post to improve our automated systems.",
    "Your public posts may be included in datasets used to train artificial intelligence.",
    "Machine learning models are built with data about how you use X.",
    "We share your data with partners so their AI systems can learn from it.",
    "Generative AI tools use your posts to create content for other users.",
])
def test_training_in_any_wording_is_ai_relevant(wording: str) -> None:
    text = real("X/Privacy-Policy", "2024-07-25")
    assert diff_texts(text, f"{text}\n\n{wording}\n").ai_relevant


@pytest.mark.parametrize("mention", [
    "You can chat with Grok, our AI assistant, in the app.",
    "Some features, such as My AI, are labelled in the app.",
    "Content labelled as created by AI should be reviewed before you rely on it.",
])
def test_naming_an_ai_feature_is_not_ai_relevant(mention: str) -> None:
    text = real("X/Privacy-Policy", "2024-07-25")
    change = diff_texts(text, f"{text}\n\n{mention}\n")
    assert change.changed and not change.ai_relevant
