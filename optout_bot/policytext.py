"""Policy text as it is compared: markup, typography and spacing removed, in sentences.

Two extractions of the same page (Markdown or HTML, tables as cells or as paragraphs, link
targets, tracking parameters, typographic quotes, invisible characters) read the same
here; each sentence keeps the section (heading) it sits under.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

WORD = re.compile(r"\w+")
#: query parameters that only say where a click came from (besides utm_*, pk_*, mtm_*)
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "_ga",
    "_gl", "trk", "trkinfo", "lipi", "ref_src", "ref_url", "si", "spm", "cmpid", "mkt_tok",
    "_hsenc", "_hsmi", "hsctatracking", "vero_id", "oly_anon_id", "oly_enc_id", "rb_clickid",
    "wt_mc", "ncid", "sr_share",
})


_TYPOGRAPHY = {
    "\ufeff": "", "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\u00ad": "",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2026": "...", "\u2022": "*",
}


_TYPOGRAPHY_CHARS = re.compile("[" + "".join(_TYPOGRAPHY) + "]")


_HTML_HINT = re.compile(r"(?i)<(?:html|body|main|article|section|div|p|ul|ol|h[1-6]|table)\b[^>]*>")


_BR = re.compile(r"(?i)<br\s*/?>")


_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


_URL = re.compile(r"(?i)https?://[^\s<>()\[\]\"']+")


_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")


_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")


_MD_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")


_MD_REF_DEF = re.compile(r"(?m)^\s{0,3}\[[^\]]+\]:\s+\S+.*$")


_AUTOLINK = re.compile(r"(?i)<(https?://[^>\s]+)>")


_BLOCK_START = re.compile(r"^\s*(?:#{1,6}\s|[*+-]\s|\d{1,3}[.)]\s|>|\|)")


_HEADING = re.compile(r"^#{1,6}\s")


_SETEXT_RULE = re.compile(r"^\s*(?:=+|-+)\s*$")


_HEADING_NUMBER = re.compile(r"^(?:(?:\d+|[ivxlc]+|[a-z])\s+)+")


_GLUED_WORDS = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])"
                          r"|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")


_LIST_MARKER = re.compile(r"^(?:(?:[*+-]|\d{1,3}[.)])\s+)+")


_RULE_LINE = re.compile(r"^\s*(?:[-=*_]\s*){3,}$")


_INLINE_RULE = re.compile(r"(?<!\S)(?:={3,}|-{3,})(?!\S)")


_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1")


_UNDERSCORE_EMPHASIS = re.compile(r"(?<![\w\\])_(?=\S)(.+?)(?<=\S)_(?!\w)")


_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~\"'])")


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


_SPACE_BEFORE_PUNCTUATION = re.compile(r" (?=[,.;:!?])")


def normalise(text: str) -> str:
    """The policy's words without formatting: one paragraph or list item per line.

    Markdown and HTML markup, link targets, tracking parameters in bare URLs, typographic
    quotes and dashes, invisible characters and all spacing are removed, so two extractions
    of the same page compare equal. Letter case is kept (comparisons ignore it).
    """
    return "\n".join(line for line, _heading in _lines(text))


def sentences(text: str) -> list[str]:
    """The sentences of ``normalise(text)``, in order."""
    return [sentence for _section, sentence in sectioned(text)]


@lru_cache(maxsize=8)  # a run of versions compares each text twice: as new, then as old
def _lines(text: str) -> tuple[tuple[str, bool], ...]:
    """Normalised lines, each with whether it is a heading."""
    text = unicodedata.normalize("NFKC", text)
    text = _TYPOGRAPHY_CHARS.sub(lambda m: _TYPOGRAPHY[m.group(0)], text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _HTML_HINT.search(text):
        text = _html_to_text(text)
    lines: list[tuple[str, bool]] = []
    for block, heading in _blocks(text):
        # a table row's cells are separate statements, not one run-on sentence
        cells = block.strip("|").split("|") if block.startswith("|") else [block]
        for piece in (piece for cell in cells for piece in _BR.split(cell)):
            line = _clean_inline(piece)
            if line:
                lines.append((line, heading))
    return tuple(lines)


@lru_cache(maxsize=8)
def sectioned(text: str) -> tuple[tuple[str, str], ...]:
    """(section, sentence) pairs: the section is the key of the heading above the sentence."""
    found: list[tuple[str, str]] = []
    section = ""
    for line, heading in _lines(text):
        if heading:
            section = _HEADING_NUMBER.sub("", sentence_key(line))
        found.extend((section, part.strip()) for part in _SENTENCE_END.split(line)
                     if part.strip())
    return tuple(found)


def sentence_key(sentence: str) -> str:
    # words glued by an extraction ("PolicyCookie", "UKTo", "parties1.") come apart
    return " ".join(WORD.findall(_GLUED_WORDS.sub(" ", sentence).casefold()))


def _blocks(text: str) -> list[tuple[str, bool]]:
    """Markdown paragraphs joined onto one line each, with whether each is a heading.

    List items and headings stay apart; a single line underlined with ``===`` or ``---``
    is a heading too.
    """
    text = _MD_REF_DEF.sub("", text)
    blocks: list[tuple[str, bool]] = []
    current: list[str] = []

    def close(heading: bool = False) -> None:
        if current:
            blocks.append((" ".join(current), heading or bool(_HEADING.match(current[0]))))
            current.clear()

    for raw in text.split("\n"):
        line = raw.strip()
        if not line or _RULE_LINE.match(line) or _TABLE_RULE.match(line):
            close(len(current) == 1 and bool(_SETEXT_RULE.match(line)))
            continue
        if current and (_BLOCK_START.match(line) or _HEADING.match(current[0])):
            close()
        current.append(line)
    close()
    return blocks


def _clean_inline(line: str) -> str:
    line = line.lstrip("#> ").strip()
    line = _LIST_MARKER.sub("", line)
    line = _MD_IMAGE.sub(r"\1", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_REF_LINK.sub(r"\1", line)
    line = _AUTOLINK.sub(r"\1", line)
    line = _TAG.sub(" ", line)
    if "*" in line or "_" in line:
        line = _EMPHASIS.sub(r"\2", _EMPHASIS.sub(r"\2", line))
        line = _UNDERSCORE_EMPHASIS.sub(r"\1", line)
    line = _ESCAPE.sub(r"\1", line.replace("`", ""))
    line = html.unescape(line)
    if "---" in line or "===" in line:
        line = _INLINE_RULE.sub(" ", line)
    if "://" in line:
        line = _URL.sub(lambda m: clean_url(m.group(0)), line)
    line = " ".join(line.split()).replace(" & ", " and ").strip(" #")
    return _SPACE_BEFORE_PUNCTUATION.sub("", line)


def clean_url(url: str) -> str:
    """``url`` without tracking parameters (utm_*, fbclid, trk, ...) and without a fragment."""
    trailing = ""
    while url and url[-1] in ".,;:!?":
        url, trailing = url[:-1], url[-1] + trailing
    parts = urlsplit(url)
    query = [
        (name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not (name.lower().startswith(("utm_", "pk_", "mtm_")) or name.lower() in TRACKING_PARAMS)
    ]
    cleaned = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path,
                          urlencode(query), ""))
    return cleaned + trailing


class _TextExtractor(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head"})
    _BLOCK = frozenset({
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
        "article", "header", "footer", "main", "nav", "table", "tr", "td", "th", "dt", "dd",
        "blockquote", "pre", "hr", "aside", "figure", "figcaption", "details", "summary",
    })
    _HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._HEADINGS:
            self.parts.append("\n\n# ")
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data.replace("\n", " "))


def _html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)
