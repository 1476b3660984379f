"""Policy documents: normalise their text, diff two versions, flag AI-relevant changes.

The comparison works on sentences after normalisation, so re-wrapped paragraphs, repeated
sentences, list markers, table cells, link targets and tracking parameters do not count as
changes; a sentence that moves into another section of the document does. A change is
AI-relevant when an added or removed sentence matches one of ``AI_TERMS`` and is about
training, developing or improving models (``PURPOSE_TERMS``), not when it merely names an
AI feature. ``CONTEXT_TERMS`` (opt-out wording, third-party sharing) are reported alongside
but only in a sentence that also matches an AI term, because privacy policies talk about
sharing and opting out everywhere.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from optout_bot.policytext import WORD, clean_url, normalise, sectioned, sentence_key, sentences

__all__ = ["AI_TERMS", "CONTEXT_TERMS", "PURPOSE_TERMS", "Passage", "PolicyChange", "PolicyDoc",
           "about_ai_training", "broken_capture", "clean_url", "diff_texts", "matched_terms",
           "normalise", "sentences"]


@dataclass(frozen=True)
class PolicyDoc:
    """One policy page a flow watches: ``id`` names it in the archive ("privacy", "terms")."""

    id: str
    title: str
    url: str
    selector: str = "main"


#: label -> pattern; a sentence matching any of these names AI (see ``PURPOSE_TERMS``).
AI_TERMS: dict[str, re.Pattern[str]] = {
    "artificial intelligence": re.compile(r"(?i)\bartificial intelligence\b"),
    "AI": re.compile(r"\bA\.?I\b\.?"),
    "machine learning": re.compile(r"(?i)\bmachine[- ]learning\b"),
    "generative AI": re.compile(r"(?i)\bgenerative\b"),
    "language models": re.compile(r"(?i)\blanguage models?\b|\bLLMs?\b"),
    "training models": re.compile(
        r"(?i)\btrain(?:s|ed|ing)?\b[^.;]{0,80}?\bmodels?\b"
        r"|\bmodels?\b[^.;]{0,40}?\btrain|\btraining data\b"),
    "neural networks": re.compile(r"(?i)\bneural net(?:work)?s?\b|\bdeep learning\b"),
    "automated systems": re.compile(r"(?i)\bautomated systems?\b"),
}

#: a sentence with an AI term is about AI training only if it also matches one of these:
#: training, or developing / improving / building something that is a model or a product
PURPOSE_TERMS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?i)\b(?:re)?train(?:s|ed|ing)?\b|\bfine[- ]?tun|\bdatasets?\b"
               r"|\bmachine[- ]learning\b|\bdeep learning\b|\blearn(?:s|ing)? from\b"),
    re.compile(r"(?i)\b(?:develop|improv|build|enhanc|refin)\w*\b(?:\W+\w+){0,6}?\W+"
               r"(?:AI|A\.I|artificial|machine|models?|systems?|algorithms?|technolog\w*"
               r"|products?|features?|tools?)\b"),
    re.compile(r"(?i)\b(?:creat|generat)\w*\b(?:\W+\w+){0,3}?\W+content\b"),
)

#: label -> pattern; reported, but relevant only next to an AI term in the same sentence.
CONTEXT_TERMS: dict[str, re.Pattern[str]] = {
    "opt-out": re.compile(r"(?i)\bopt(?:s|ed|ing)?[- ]?out\b|\bobject(?:ion)?\b|\bwithdraw"),
    "third-party sharing": re.compile(
        r"(?i)\bthird[- ]part(?:y|ies)\b|\bcollaborators?\b|\bpartners?\b|\baffiliates?\b"),
}

#: how similar (0..1, by words) a removed and an added sentence must be to count as one edit
EDIT_SIMILARITY = 0.6
#: an edit this many words or fewer from an AI term makes the edited sentence AI-relevant
EDIT_WINDOW = 10
#: a capture with less than this share of the last good version's words and sentences,
#: and of its headings, is a broken capture (a title and a site header), not a version
BROKEN_SHARE = 0.2




def matched_terms(sentence: str) -> list[str]:
    """The term labels a sentence matches; context terms only alongside an AI term."""
    ai = [label for label, pattern in AI_TERMS.items() if pattern.search(sentence)]
    if not ai:
        return []
    return ai + [label for label, pattern in CONTEXT_TERMS.items() if pattern.search(sentence)]


@dataclass
class Passage:
    """One changed sentence: ``kind`` is "added" or "removed"."""

    kind: str
    text: str
    terms: list[str] = field(default_factory=list)
    ai_relevant: bool = False

    def quoted(self) -> str:
        mark = "+" if self.kind == "added" else "-"
        return f'{mark} "{self.text}"'


@dataclass
class PolicyChange:
    changed: bool
    ai_relevant: bool
    passages: list[Passage] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(1 for p in self.passages if p.kind == "added")

    @property
    def removed(self) -> int:
        return sum(1 for p in self.passages if p.kind == "removed")

    def ai_passages(self) -> list[Passage]:
        return [p for p in self.passages if p.ai_relevant]

    def summary(self) -> str:
        if not self.changed:
            return "No change in wording."
        counts = f"{self.added} sentence(s) added, {self.removed} removed"
        if self.ai_relevant:
            return f"AI-relevant change ({', '.join(self.terms)}): {counts}."
        return f"Changed, nothing about AI training: {counts}."

    def to_json(self) -> dict:
        return {
            "changed": self.changed,
            "ai_relevant": self.ai_relevant,
            "terms": self.terms,
            "added": self.added,
            "removed": self.removed,
            "passages": [asdict(p) for p in self.passages],
        }


def diff_texts(old: str, new: str, earlier: tuple[str, ...] = ()) -> PolicyChange:
    """Compare two versions sentence by sentence and classify what changed.

    A sentence counts as added (removed) only if no sentence with the same words, ignoring
    case and punctuation, exists in the old (new) text, in the same section when the other
    text has that section: a sentence repeated, or moved within its section, is not a
    change, one copied into another section (a regional rule into the general part) is.
    A sentence whose words all stand side by side, in the same order, in the other text
    is unchanged too: that is the same text extracted in another shape (a table turned
    into paragraphs). ``earlier``, versions before ``old``: a sentence that vanished from
    one of them in ``old`` and comes back in ``new`` is a return, not an addition.

    An added or removed sentence is AI-relevant when it is about AI training (see
    ``about_ai_training``). When a sentence was edited rather than replaced, the edit must
    also be within ``EDIT_WINDOW`` words of an AI or training term, and must be more than a
    renamed product or a plural, so fixing a typo at the far end of a long sentence, or
    "Bard" becoming "Gemini", is not an AI-relevant change.
    """
    old_doc, new_doc = _parsed(old), _parsed(new)
    before = [_parsed(text) for text in earlier]
    passages: list[Passage] = []
    seen: set[tuple[str, str]] = set()
    matcher = SequenceMatcher(None, old_doc.keys, new_doc.keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed = _unique(old_doc, range(i1, i2), new_doc, seen)
        added = [i for i in _unique(new_doc, range(j1, j2), old_doc, seen)
                 if not any(doc.holds(new_doc.keys[i], "") for doc in before)]
        passages.extend(_block_passages([old_doc.sentences[i] for i in removed],
                                        [new_doc.sentences[i] for i in added]))
    terms: list[str] = []
    for passage in passages:
        if passage.ai_relevant:
            terms.extend(t for t in passage.terms if t not in terms)
    return PolicyChange(
        changed=bool(passages),
        ai_relevant=bool(terms),
        passages=passages,
        terms=terms,
    )


def broken_capture(last_good: str, capture: str) -> str:
    """Why ``capture`` is not a real version of the document whose last good text is
    ``last_good`` (nearly empty, its usual headings missing), or "" when it is one."""
    good, new = _parsed(last_good), _parsed(capture)
    if not new.keys:
        return "the page showed no text"
    if not (len(new.words) < BROKEN_SHARE * len(good.words)
            and len(new.keys) < BROKEN_SHARE * len(good.keys)):
        return ""
    landmarks = set(good.sections) - {""}
    kept = landmarks & set(new.sections)
    if landmarks and len(kept) >= BROKEN_SHARE * len(landmarks):
        return ""
    headings = f", and {len(kept)} of its {len(landmarks)} headings" if landmarks else ""
    return (f"the page came back nearly empty: {len(new.keys)} sentence(s) where the last "
            f"saved version has {len(good.keys)}{headings}")


def about_ai_training(sentence: str) -> bool:
    """Whether a sentence is about training, developing or improving AI, not just naming it."""
    return (any(p.search(sentence) for p in AI_TERMS.values())
            and any(p.search(sentence) for p in PURPOSE_TERMS))


@dataclass(frozen=True)
class _Parsed:
    """One text's sentences, their keys and sections, and the word runs to look words up in."""

    sentences: tuple[str, ...]
    keys: tuple[str, ...]
    sections: tuple[str, ...]
    all_keys: frozenset[str]
    section_keys: dict[str, frozenset[str]]
    words: str  # " k1 k2 ... ": every key, in order
    section_words: dict[str, str]

    def holds(self, key: str, section: str) -> bool:
        """Whether this text has the sentence ``key`` in ``section``, when it has that section.

        ``section`` "" (or one this text lacks): anywhere in the text.
        """
        if section and section in self.section_keys:
            keys, words = self.section_keys[section], self.section_words[section]
        else:
            keys, words = self.all_keys, self.words
        # words that all stand side by side in the other text are the same text extracted
        # in another shape (a table turned into paragraphs, list items run together)
        return key in keys or f" {key} " in words


@lru_cache(maxsize=16)  # a run of versions looks at each text several times
def _parsed(text: str) -> _Parsed:
    pairs = sectioned(text)
    keys = tuple(sentence_key(sentence) for _section, sentence in pairs)
    sections = tuple(section for section, _sentence in pairs)
    by_section: dict[str, list[str]] = {}
    for section, key in zip(sections, keys, strict=True):
        by_section.setdefault(section, []).append(key)
    return _Parsed(
        sentences=tuple(sentence for _section, sentence in pairs),
        keys=keys,
        sections=sections,
        all_keys=frozenset(keys),
        section_keys={s: frozenset(k) for s, k in by_section.items()},
        words=f" {' '.join(keys)} ",
        section_words={s: f" {' '.join(k)} " for s, k in by_section.items()},
    )


def _unique(doc: _Parsed, indexes: range, other: _Parsed, seen: set[tuple[str, str]],
            ) -> list[int]:
    found = []
    for index in indexes:
        key, section = doc.keys[index], doc.sections[index]
        if key and (section, key) not in seen and not other.holds(key, section):
            seen.add((section, key))
            found.append(index)
    return found


def _block_passages(removed: list[str], added: list[str]) -> list[Passage]:
    """Passages of one changed stretch: each removed sentence, then its edited version."""
    partner = _pair_edits(removed, added)
    passages: list[Passage] = []
    used: set[int] = set()
    for index, text in enumerate(removed):
        match = partner.get(index)
        if match is None:
            passages.append(_passage("removed", text))
            continue
        used.add(match)
        old_near, new_near = _edit_windows(text, added[match])
        passages.append(_passage("removed", text, old_near))
        passages.append(_passage("added", added[match], new_near))
    passages.extend(_passage("added", text) for i, text in enumerate(added) if i not in used)
    return passages


def _passage(kind: str, text: str, near_edit: list[tuple[int, int]] | None = None) -> Passage:
    relevant = about_ai_training(text) and any(
        _touches(m.span(), near_edit)
        for pattern in (*AI_TERMS.values(), *PURPOSE_TERMS) for m in pattern.finditer(text))
    return Passage(kind=kind, text=text, terms=matched_terms(text), ai_relevant=relevant)


def _touches(span: tuple[int, int], near_edit: list[tuple[int, int]] | None) -> bool:
    if near_edit is None:
        return True
    return any(span[0] < end and start < span[1] for start, end in near_edit)


def _pair_edits(removed: list[str], added: list[str]) -> dict[int, int]:
    """Which removed sentence was edited into which added one (most similar, if similar)."""
    removed_words = [sentence_key(text).split() for text in removed]
    scores: dict[int, list[tuple[float, int]]] = {}
    matcher = SequenceMatcher(None, autojunk=False)
    for candidate, text in enumerate(added):
        matcher.set_seq2(sentence_key(text).split())  # the matcher caches what it learns of seq2
        for index, words in enumerate(removed_words):
            matcher.set_seq1(words)
            if (matcher.real_quick_ratio() >= EDIT_SIMILARITY
                    and matcher.quick_ratio() >= EDIT_SIMILARITY):
                ratio = matcher.ratio()
                if ratio >= EDIT_SIMILARITY:
                    scores.setdefault(index, []).append((ratio, -candidate))
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for index in range(len(removed)):
        for _ratio, negative in sorted(scores.get(index, []), reverse=True):
            if -negative not in taken:
                pairs[index] = -negative
                taken.add(-negative)
                break
    return pairs


def _edit_windows(old: str, new: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Character spans, in each sentence, within ``EDIT_WINDOW`` words of an edit.

    An edit that only renames (capitalised words for capitalised words, none of them an
    AI term) or changes a plural has no window: it does not change what the sentence says.
    """
    old_words = [(m.group(0), m.span()) for m in WORD.finditer(old)]
    new_words = [(m.group(0), m.span()) for m in WORD.finditer(new)]
    matcher = SequenceMatcher(None, [_stem(w) for w, _ in old_words],
                              [_stem(w) for w, _ in new_words], autojunk=False)
    old_spans: list[tuple[int, int]] = []
    new_spans: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and _renames(old_words[i1:i2] + new_words[j1:j2])):
            continue
        old_spans.append(_around(old_words, i1, i2))
        new_spans.append(_around(new_words, j1, j2))
    return old_spans, new_spans


def _stem(word: str) -> str:
    word = word.casefold()
    return word[:-1] if len(word) > 1 and word.endswith("s") else word


def _renames(words: list[tuple[str, tuple[int, int]]]) -> bool:
    return all(w[:1].isupper() and not any(p.fullmatch(w) for p in AI_TERMS.values())
               for w, _span in words)


def _around(words: list[tuple[str, tuple[int, int]]], start: int, end: int) -> tuple[int, int]:
    if not words:
        return (0, 0)
    first = max(0, start - EDIT_WINDOW)
    last = min(len(words) - 1, max(end - 1, start) + EDIT_WINDOW)
    return (words[first][1][0], words[last][1][1])












