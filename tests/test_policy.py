"""Policy text: normalisation, sentence diff, and the AI-relevance classifier on real history."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from optout_bot.policy import clean_url, diff_texts, normalise, sentences
from optout_bot.policyreplay import ReplayedVersion, replay_history

HISTORY = Path(os.environ.get("OPTOUT_POLICY_HISTORY")
               or Path(__file__).resolve().parents[1] / ".." / "shared" / "policy-history")
needs_history = pytest.mark.skipif(
    not HISTORY.is_dir(),
    reason="the recorded policy history (shared/policy-history beside the project) is absent",
)

# --- normalise -----------------------------------------------------------------------------


@pytest.mark.parametrize("url,clean", [
    ("https://example.com/p?utm_source=mail&utm_medium=x&id=7", "https://example.com/p?id=7"),
    ("https://example.com/p?UTM_Campaign=spring&fbclid=abc", "https://example.com/p"),
    ("https://www.linkedin.com/help/a?trk=microsites-frontend&lang=en",
     "https://www.linkedin.com/help/a?lang=en"),
    ("https://example.com/p?gclid=1&msclkid=2&igshid=3&mc_eid=4", "https://example.com/p"),
    ("HTTPS://Example.COM/Path#section", "https://example.com/Path"),
    ("https://example.com/p?id=7.", "https://example.com/p?id=7."),
])
def test_clean_url_drops_tracking_parameters_and_fragments(url: str, clean: str) -> None:
    assert clean_url(url) == clean


def test_normalise_cleans_bare_urls_in_text() -> None:
    text = "Visit https://x.com/settings?utm_source=email&fbclid=zz to opt out."
    assert normalise(text) == "Visit https://x.com/settings to opt out."


def test_normalise_collapses_whitespace_and_rewrapped_paragraphs() -> None:
    wrapped = "We collect   data\nabout you when\tyou use\n   our Services.\n\n\n\nNext paragraph."
    flowing = "We collect data about you when you use our Services.\n\nNext paragraph."
    assert normalise(wrapped) == normalise(flowing)
    assert normalise(flowing).splitlines() == [
        "We collect data about you when you use our Services.", "Next paragraph."]


def test_normalise_removes_markdown_formatting_and_link_targets() -> None:
    text = (
        "Privacy Policy\n==============\n\n"
        "## 1\\. Data We Collect\n\n"
        "*   **Settings** are [here](https://www.linkedin.com/psettings?trk=abc) and "
        "_there_ ![logo](logo.png).\n"
        "2.  [Learn more](#key-terms)\n\n---\n"
    )
    assert normalise(text).splitlines() == [
        "Privacy Policy", "1. Data We Collect", "Settings are here and there logo.", "Learn more",
    ]


def test_normalise_ignores_typography_and_invisible_characters() -> None:
    fancy = "\ufeffLinkedIn\u2019s \u201cMembers\u201d\u00a0\u2013 data\u200b & more"
    assert normalise(fancy) == "LinkedIn's \"Members\" - data and more"


def test_normalise_keeps_letter_case() -> None:
    assert normalise("We Use AI.") == "We Use AI."


def test_normalise_reads_html() -> None:
    page = ("<html><head><title>x</title><style>p{}</style></head><body><main>"
            "<h1>Privacy</h1><p>We <b>use</b> your&nbsp;data.</p><script>track()</script>"
            "<ul><li>One</li><li>Two</li></ul></main></body></html>")
    assert normalise(page).splitlines() == ["Privacy", "We use your data.", "One", "Two"]


def test_table_cells_and_line_breaks_are_separate_statements() -> None:
    table = "| Purpose | Data |\n|---|---|\n| To verify you. | Name<br><br>Email |\n"
    assert sentences(table) == ["Purpose", "Data", "To verify you.", "Name", "Email"]


@needs_history
def test_reextractions_normalise_to_the_same_text() -> None:
    folder = HISTORY / "LinkedIn" / "Terms-of-Service"
    before = (folder / "2025-09-18T1234_a50e19da.md").read_text(encoding="utf-8")
    after = (folder / "2025-10-23T0849_2e660ae1.md").read_text(encoding="utf-8")
    assert before != after
    assert normalise(before) == normalise(after)


# --- diff_texts ----------------------------------------------------------------------------

BASE = ("We collect your profile data. We use it to show you relevant jobs. "
        "We share data with service providers who host our Services.")


def test_identical_or_reformatted_text_is_unchanged() -> None:
    reformatted = BASE.replace(". ", ".\n\n").replace("profile", "**profile**")
    change = diff_texts(BASE, reformatted)
    assert not change.changed and not change.ai_relevant and change.passages == []


def test_moved_and_repeated_sentences_are_not_changes() -> None:
    first, second, third = sentences(BASE)
    assert not diff_texts(BASE, f"{third} {first} {second} {first}").changed


def test_added_ai_training_sentence_is_flagged_and_quoted() -> None:
    added = "We may use your posts to train generative AI models."
    change = diff_texts(BASE, f"{BASE} {added}")
    assert change.changed and change.ai_relevant
    assert [(p.kind, p.text) for p in change.passages] == [("added", added)]
    assert change.terms == ["AI", "generative AI", "training models"]


def test_removed_sentence_is_marked_removed() -> None:
    old = f"{BASE} We do not sell your data to machine learning vendors."
    change = diff_texts(old, BASE)
    assert change.ai_relevant
    assert [(p.kind, p.ai_relevant) for p in change.passages] == [("removed", True)]
    assert change.passages[0].quoted().startswith('- "We do not sell')


@pytest.mark.parametrize("sentence", [
    "You can opt out of marketing emails at any time.",
    "We share information with third-party partners and affiliates.",
    "Our business model depends on advertising.",
])
def test_sharing_and_opt_out_wording_alone_are_not_ai_relevant(sentence: str) -> None:
    change = diff_texts(BASE, f"{BASE} {sentence}")
    assert change.changed and not change.ai_relevant
    assert change.passages[0].terms == []


def test_edit_far_from_the_ai_term_is_not_ai_relevant() -> None:
    old = ("Our AI features help you write posts, and you can read more about how we build "
           "them, how we test them, and how we choose vendors in our Help Center articles.")
    new = old.replace("Help Center articles", "Help Centre pages")
    change = diff_texts(old, new)
    assert change.changed and not change.ai_relevant
    assert {p.kind for p in change.passages} == {"added", "removed"}


def test_edit_next_to_the_ai_term_is_ai_relevant() -> None:
    old = "We do not use your content to train AI models that generate content."
    new = "We use your content to train AI models that generate content."
    change = diff_texts(old, new)
    assert change.ai_relevant
    assert [p.kind for p in change.passages] == ["removed", "added"]


def test_context_terms_are_reported_next_to_ai_terms() -> None:
    sentence = "If you do not opt out, third-party collaborators may train their AI models."
    change = diff_texts(BASE, f"{BASE} {sentence}")
    assert change.terms == ["AI", "training models", "opt-out", "third-party sharing"]


def test_change_json_has_flag_terms_and_quoted_passages() -> None:
    document = diff_texts(BASE, f"{BASE} Machine learning improves your feed.").to_json()
    assert document == {
        "changed": True, "ai_relevant": True, "terms": ["machine learning"],
        "added": 1, "removed": 0,
        "passages": [{"kind": "added", "text": "Machine learning improves your feed.",
                      "terms": ["machine learning"], "ai_relevant": True}],
    }


# --- the recorded history --------------------------------------------------------------------

#: every version the classifier flags, with why; a change here must be a deliberate one
EXPECTED_FLAGGED = {
    # the known event: "develop and train artificial intelligence (AI) models"
    ("LinkedIn/Privacy-Policy", "2024-09-19"),
    # rewritten into tables that spell out AI features and AI training purposes
    ("LinkedIn/Privacy-Policy", "2025-06-10"),
    # notice of relying on legitimate interests to train content-generating AI models
    ("LinkedIn/Privacy-Policy", "2025-09-18"),
    # the generative AI training section, opt out of training, sharing with Microsoft
    ("LinkedIn/Privacy-Policy", "2025-11-04"),
    # the known event: third-party collaborators may "train their artificial intelligence models"
    ("X/Privacy-Policy", "2024-10-17"),
    # the terms' licence now covers training machine learning and AI models
    ("X/Terms-of-Service", "2024-10-17"),
}


#: changes whose sentences name AI but say nothing about training or improving it
PASSING_MENTIONS = {
    # a product description naming "AI-for-HR" was removed from the terms
    ("LinkedIn/Terms-of-Service", "2023-10-15"),
    # public content may appear "in responses provided by an AI chatbot"
    ("Reddit/Privacy-Policy", "2024-08-17"),
    # "LLM providers who help us compile and summarize public content": using AI, not training
    ("Reddit/Privacy-Policy", "2026-07-02"),
    # new "Generative AI Features" clause: features "that automate content generation for you"
    ("LinkedIn/Terms-of-Service", "2024-11-21"),
}


@pytest.fixture(scope="module")
def history() -> list[ReplayedVersion]:
    """Every version of the recorded history, through the archive as ``policies check``."""
    if not HISTORY.is_dir():
        pytest.skip("the recorded policy history (shared/policy-history beside the project) "
                    "is absent")
    return [version for document in replay_history(HISTORY) for version in document.versions]


def _find(history: list[ReplayedVersion], document: str, date: str) -> ReplayedVersion:
    (found,) = [r for r in history if r.document == document and _day(r) == date]
    return found


def _day(version: ReplayedVersion) -> str:
    return f"{version.date:%Y-%m-%d}"


@needs_history
def test_history_covers_all_five_documents(history: list[ReplayedVersion]) -> None:
    assert {r.document for r in history} == {
        "LinkedIn/Privacy-Policy", "LinkedIn/Terms-of-Service", "Reddit/Privacy-Policy",
        "X/Privacy-Policy", "X/Terms-of-Service",
    }


@needs_history
def test_linkedin_2024_09_19_ai_training_is_flagged(history: list[ReplayedVersion]) -> None:
    change = _find(history, "LinkedIn/Privacy-Policy", "2024-09-19").change
    assert change.ai_relevant
    quoted = [p.text for p in change.ai_passages() if p.kind == "added"]
    assert any("develop and train artificial intelligence (AI) models" in t for t in quoted)


@needs_history
def test_x_2024_10_17_third_party_training_is_flagged(history: list[ReplayedVersion]) -> None:
    change = _find(history, "X/Privacy-Policy", "2024-10-17").change
    assert change.ai_relevant
    (passage,) = change.ai_passages()
    assert passage.kind == "added"
    assert "train their artificial intelligence models" in passage.text
    assert "opt-out" in passage.terms


@needs_history
def test_reextractions_are_not_flagged(history: list[ReplayedVersion]) -> None:
    again = [r for r in history if r.reextraction]
    assert len(again) == 9
    assert [r for r in again if r.change.ai_relevant] == []


@needs_history
def test_reextractions_are_unchanged_but_one_whose_text_really_grew(
        history: list[ReplayedVersion]) -> None:
    # X's privacy page of 2026-04-02 is marked a re-extraction, but the extraction now also
    # takes in the "Privacy Hub" text below the policy (GDPR, US state laws): real added
    # text, so it is a change; none of it is about AI, so it is not flagged.
    changed = [r for r in history if r.reextraction and r.change.changed]
    assert [(r.document, _day(r)) for r in changed] == [("X/Privacy-Policy", "2026-04-02")]
    change = changed[0].change
    assert change.removed == 0 and change.added > 0 and not change.ai_relevant
    assert any("Privacy Hub" in p.text for p in change.passages)


@needs_history
def test_flagged_versions_are_exactly_the_expected_ones(history: list[ReplayedVersion]) -> None:
    flagged = {(r.document, _day(r)) for r in history if r.change.ai_relevant}
    assert flagged == EXPECTED_FLAGGED


@needs_history
def test_passing_mentions_of_ai_are_changes_but_not_flagged(
        history: list[ReplayedVersion]) -> None:
    for document, date in PASSING_MENTIONS:
        change = _find(history, document, date).change
        assert change.changed and not change.ai_relevant, (document, date)
        assert any(p.terms for p in change.passages), (document, date)


@needs_history
def test_link_only_update_is_not_a_change(history: list[ReplayedVersion]) -> None:
    # the archive recorded new help-centre links on 2024-07-25; the wording is the same
    assert not _find(history, "LinkedIn/Privacy-Policy", "2024-07-25").change.changed


@needs_history
def test_dropping_the_old_version_after_a_notice_period_is_not_flagged(
        history: list[ReplayedVersion]) -> None:
    # on 2024-11-16 the page stopped showing the superseded policy next to the new one
    change = _find(history, "X/Privacy-Policy", "2024-11-16").change
    assert change.changed and change.added <= 1 and not change.ai_relevant
