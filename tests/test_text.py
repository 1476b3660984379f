"""Text matching reads typography as a person does: each kind of difference, one test."""

import re

import pytest

from optout_bot.text import matches_any, normalise, search, tolerant, tolerant_regex

CONFIRMED = r"we've received your objection"


@pytest.mark.parametrize("page", [
    "We’ve received your objection",  # typographic apostrophe (Meta's English UI)
    "We‘ve received your objection",  # left single quote
    "Weʼve received your objection",  # modifier letter apostrophe
    "We′ve received your objection",  # prime
    "WE'VE RECEIVED YOUR OBJECTION",  # capitals
    "We've\u00a0received\u00a0your objection",  # no-break spaces
    "We've received your\u202fobjection",  # narrow no-break space (French typography)
    "We've re\u200bceived your objection",  # zero-width space inside a word
    "We've received\u00adyour objection".replace("\u00ad", " \u00ad"),  # soft hyphen
    "We've   received\n\tyour objection",  # runs of whitespace, line breaks
    "\ufeffWe've received your objection",  # byte-order mark at the start
])
def test_a_confirmation_is_recognised_in_any_typography(page):
    assert search(CONFIRMED, page)
    assert matches_any((r"nothing", CONFIRMED), page)


@pytest.mark.parametrize("dash", ["-", "\u2010", "\u2011", "\u2013", "\u2014", "\u2212"])
def test_every_dash_reads_as_a_hyphen(dash):
    assert normalise(f"Opt{dash}out") == "opt-out"
    assert search(r"opt-out", f"Third{dash}party AI: opt{dash}out")


@pytest.mark.parametrize("quote", ['"', "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb"])
def test_every_double_quote_reads_as_plain(quote):
    assert normalise(f"{quote}Done{quote}") == '"done"'


def test_a_typographic_character_in_a_pattern_still_matches():
    assert search("we’ve received", "We've received it")


def test_normalise_keeps_the_words():
    assert normalise("  Prevent\u00a0third\u2011party   sharing\u200b ") == (
        "prevent third-party sharing")
    assert normalise("Straße") == "strasse"  # case folded, as a reader compares
    assert normalise("Caf\u0065\u0301") == normalise("Caf\u00e9")  # composed or not


@pytest.mark.parametrize("name", [
    "Allow X’s partners to use your data",
    "Allow X's partners to use your data",
    "allow x\u2019s\u00a0partners to use\u200b your data",
    "Allow X's  partners to use your data",
])
def test_tolerant_patterns_match_accessible_names_in_any_typography(name):
    pattern = tolerant_regex(r"allow x's partners to use")
    assert pattern.search(name)


def test_tolerant_dashes_and_classes():
    assert tolerant_regex(r"third-party").search("Third\u2013party")
    assert tolerant_regex(r"content.creation").search("content creation")
    # classes and escapes are copied unchanged
    assert tolerant(r"[a-z']+") == r"[a-z']+"
    assert tolerant_regex(r"^help improve (claude|our ai models)$").search(
        "Help\u00a0improve our AI models")
    assert not tolerant_regex(r"^help improve claude$").search("Help improve Claude today")


def test_tolerant_output_is_a_valid_regex_for_every_pattern_kind():
    for pattern in (r"\bcaptcha\b", r"you('ve| have) already", r"[^a]b", r"[]a]", r"a\sb",
                    r"try again (later|in a few minutes)", r"“quoted”"):
        re.compile(tolerant(pattern))


def test_metas_confirmation_is_read_in_metas_typography():
    """Meta's English UI writes "We’ve": a sent objection must read as confirmed."""
    from optout_bot.flows._meta import CONFIRMED, NOT_OFFERED, SENT

    assert matches_any(CONFIRMED, "We’ve received your objection. We’ll review it.")
    assert matches_any(SENT, "You’ve already submitted this form.")
    assert matches_any(NOT_OFFERED, "This form isn’t available in your region.")
