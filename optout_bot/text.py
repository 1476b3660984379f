"""Comparing page text with a flow's patterns the way a reader does.

Real pages write the same words in many typographies: Meta's English UI says "We’ve"
with a typographic apostrophe, French pages put a non-breaking space before a colon,
some sites break long labels with zero-width spaces, headings come in capitals. A person
reads all of them as the same words; so does every comparison in the tool, through the
two functions here:

- ``normalise(text)``: the text as compared: typographic quotes and apostrophes made
  plain, every dash a hyphen, non-breaking and zero-width spaces removed or made spaces,
  runs of whitespace one space, case folded.
- ``search(pattern, text)``: a flow's pattern (a regex written in plain typography)
  against page text, both normalised.
- ``tolerant(pattern)``: the same pattern made to accept any typography, for matching
  that happens inside the browser (accessible names by role), where the page's text
  cannot be normalised first.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: apostrophes and single quotes (typographic, prime, modifier letter, grave, acute)
APOSTROPHES = "'\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4"
#: double quotes, guillemets included
QUOTES = '"\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb'
#: hyphens and dashes, the minus sign included
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
#: characters that take no room: zero-width spaces and joiners, soft hyphen, BOM
INVISIBLE = "\u200b\u200c\u200d\u2060\u00ad\ufeff"
#: spaces that are not U+0020 (no-break, narrow no-break, figure, thin, ...)
SPACES = "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000"

_TABLE = str.maketrans(
    {**{c: "'" for c in APOSTROPHES}, **{c: '"' for c in QUOTES},
     **{c: "-" for c in DASHES}, **{c: "" for c in INVISIBLE},
     **{c: " " for c in SPACES}, "\u2026": "..."})
_WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """``text`` as it is compared: plain quotes and dashes, one space, case folded."""
    text = unicodedata.normalize("NFC", text).translate(_TABLE)
    return _WHITESPACE.sub(" ", text).strip().casefold()


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(normalise_pattern(pattern), re.IGNORECASE)


def normalise_pattern(pattern: str) -> str:
    """A flow's regex with its literal typography normalised as page text is.

    Flows write patterns in plain typography; a typographic character written into a
    pattern by mistake still matches. Escapes and classes are left as they are.
    """
    return unicodedata.normalize("NFC", pattern).translate(_TABLE)


def search(pattern: str, text: str) -> re.Match[str] | None:
    """The first match of a flow's ``pattern`` in page ``text``, typography aside."""
    return _compiled(pattern).search(normalise(text))


def matches_any(patterns: tuple[str, ...] | list[str], text: str) -> bool:
    normalised = normalise(text)
    return any(_compiled(p).search(normalised) for p in patterns)


def first_match(patterns: tuple[str, ...] | list[str], text: str) -> re.Match[str] | None:
    """The first of ``patterns`` that matches ``text``, typography aside."""
    normalised = normalise(text)
    for pattern in patterns:
        if found := _compiled(pattern).search(normalised):
            return found
    return None


def line_matching(patterns: tuple[str, ...] | list[str], text: str, limit: int = 240) -> str:
    """The first line of page ``text`` one of ``patterns`` matches, as written, shortened."""
    for line in text.splitlines():
        if matches_any(patterns, line):
            line = " ".join(line.split())
            return line if len(line) <= limit else line[:limit - 3] + "..."
    return ""


def any_of(patterns: tuple[str, ...] | list[str]) -> re.Pattern[str] | None:
    """One browser-side regex for an accessible name matching any of ``patterns``."""
    if not patterns:
        return None
    return tolerant_regex("|".join(f"(?:{p})" for p in patterns))


def exactly(names: tuple[str, ...] | list[str]) -> re.Pattern[str] | None:
    """A browser-side regex for an accessible name that is one of ``names`` exactly."""
    if not names:
        return None
    return any_of(tuple("^" + re.escape(n).replace("\\ ", " ") + "$" for n in names))


_APOSTROPHE_CLASS = "[" + re.escape(APOSTROPHES) + "]"
_QUOTE_CLASS = "[" + re.escape(QUOTES) + "]"
_DASH_CLASS = "[" + re.escape(DASHES) + "]"
_GAP = "[\\s" + SPACES + INVISIBLE + "]+"
_SKIP = "[" + INVISIBLE + "]*"


def tolerant(pattern: str) -> str:
    """``pattern`` rewritten so that it matches the same words in any typography.

    For regexes handed to the browser (``get_by_role(name=...)``): a literal apostrophe
    accepts any apostrophe, a quote any quote, a hyphen any dash, a space any run of
    spaces (no-break and zero-width included), and zero-width characters may sit before
    any word. Character classes, escapes and groups are copied unchanged.
    """
    out: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escape = pattern[index:index + 2]
            if not in_class and escape == "\\s":
                out.append(_GAP.rstrip("+"))
            else:
                out.append(escape)
            index += 2
            continue
        if in_class:
            out.append(char)
            in_class = char != "]"
        elif char == "[":
            in_class = True
            out.append(char)
            if pattern[index + 1:index + 2] == "^":
                out.append("^")
                index += 1
            if pattern[index + 1:index + 2] == "]":
                out.append("]")
                index += 1
        elif char in APOSTROPHES:
            out.append(_APOSTROPHE_CLASS)
        elif char in QUOTES:
            out.append(_QUOTE_CLASS)
        elif char in DASHES:
            out.append(_DASH_CLASS)
        elif char == " " or char in SPACES:
            while index + 1 < len(pattern) and pattern[index + 1] == " ":
                index += 1
            out.append(_GAP + _SKIP)
        else:
            out.append(char)
        index += 1
    return "".join(out)


@lru_cache(maxsize=512)
def tolerant_regex(pattern: str) -> re.Pattern[str]:
    """``tolerant(pattern)`` compiled case-insensitively (Playwright sends it as is)."""
    return re.compile(tolerant(pattern), re.IGNORECASE)
