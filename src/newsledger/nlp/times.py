"""The "newsledger_times" spaCy component: TIMEX3 time expressions and the article's time frame.

Method
------
1. **Find** expressions with the hand-written rules of
   :mod:`newsledger.nlp.timex_rules` (dates, times, durations, sets), keeping
   the longest non-overlapping matches.
2. **Direction** of each expression from the grammar around it: the verb that
   governs it in spaCy's parse (past tense, present perfect -> ``past``;
   "will"/"would"/"to"-infinitive, "is scheduled", progressive -> ``future``)
   and cue words ("since" -> past). Words inside the expression ("next",
   "last", "coming", "ago") override the tense.
3. **Anchor**: the publication date ``doc._.published`` if known; otherwise a
   date inferred from the article's own evidence (weekday+month-day pairs,
   years told in the past tense, role claims from the actors component), see
   :mod:`newsledger.nlp.timex_frame`. The frame goes to ``doc._.time_frame``.
4. **Normalise** each expression to a TIMEX3 type and value relative to the
   anchor. Without an anchor relative expressions keep ``value=None``; their
   spans and types are still reported.

:func:`resolve_times` re-runs step 4 with an anchor supplied from outside
(e.g. another report of the same story), and :func:`normalise` normalises one
expression on its own.
"""

from __future__ import annotations

import re

import datetime as dt
from weakref import WeakKeyDictionary

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsledger.model import RoleClaim, TimeFrame, Timex
from newsledger.nlp.pipeline import register_extensions
from newsledger.nlp.timex_frame import Mention, infer_frame, metadata_frame, story_frame, writing_day_known
from newsledger.nlp.timex_rules import Candidate, Context, find_candidates
from newsledger.nlp.text import doc_text, span_text

register_extensions()

FUTURE_AUX = {"will", "shall", "'ll", "wo", "would", "'d", "going", "gon"}
PAST_AUX = {"was", "were", "had", "did"}
PERFECT_AUX = {"has", "have", "'ve", "'s"}
FUTURE_LEMMAS = {"schedule", "plan", "expect", "due", "set", "slate", "intend", "hope", "aim", "prepare", "promise"}
MODALS = {"could", "might", "may", "should", "can", "must"}
# verbs whose to-infinitive looks ahead ("planned to leave Thursday")
INTENT_LEMMAS = FUTURE_LEMMAS | {"want", "try", "seek", "agree", "decide", "vow", "threaten", "ready", "able", "likely"}
PAST_CUES = ("since",)
FUTURE_CUES = ("as soon as", "as early as", "as late as", "no later than")
NOUN_LINKS = {"poss", "compound", "nmod", "amod"}


@Language.factory("newsledger_times")
def make_times_component(nlp: Language, name: str) -> "TimesComponent":
    return TimesComponent()


class TimesComponent:
    """Writes ``doc._.times`` and ``doc._.time_frame`` (reads ``published`` and ``role_claims``)."""

    def __call__(self, doc: Doc) -> Doc:
        mentions = analyse(doc)
        anchored = bool(doc._.anchored)
        frame = time_frame(mentions, doc._.published, doc._.role_claims, doc_text(doc), anchored)
        doc._.time_frame = frame
        doc._.times = resolve_mentions(doc, mentions, frame.date, writing_day_known(frame, anchored))
        return doc


def time_frame(mentions: list[Mention], published: dt.date | None, claims: list[RoleClaim] | None,
               text: str = "", anchored: bool = False) -> TimeFrame:
    if published is not None and anchored:
        return story_frame(published, mentions, text)
    if published is not None:
        return metadata_frame(published, mentions, text)
    return infer_frame(mentions, claims, text=text)


def analyse(doc: Doc) -> list[Mention]:
    """Candidates in the text with the direction of the clause each sits in."""
    return [Mention(cand, clause_direction(doc, cand)) for cand in find_candidates(doc_text(doc))]


def resolve_times(doc: Doc, anchor: dt.date | None) -> list[Timex]:
    """Re-resolve a processed (parsed) Doc's time expressions against ``anchor``.

    Use when another report of the same story supplies the date an undated
    article lacks. Spans and directions are recomputed from ``doc``; values of
    relative expressions become None when ``anchor`` is None.
    """
    return resolve_mentions(doc, analyse(doc), anchor)


# Rules whose words count from the day of writing ("yesterday", "this morning", "last night").
WRITING_DAY_RULES = {"deictic", "part_of_day"}


def resolve_mentions(doc: Doc, mentions: list[Mention], anchor: dt.date | None,
                     writing_day: bool = True) -> list[Timex]:
    """Resolve each candidate against ``anchor``; without ``writing_day`` (the anchor is only the
    day of the report's story) words counting from the day of writing get no value."""
    times = []
    for mention in mentions:
        cand = mention.cand
        day = anchor if writing_day or cand.rule.name not in WRITING_DAY_RULES else None
        ctx = Context(day, mention.direction, quarter_talk=sentence_mentions_quarter(doc, cand))
        res = cand.rule.resolve(cand.match, ctx, doc_text(doc))
        if res is None:
            continue
        used = day.isoformat() if res.relative and day is not None else None
        times.append(Timex(cand.start, cand.end, cand.text, res.type, res.value, used, res.direction, timex_mod(cand.text)))
    return times


# TIMEX3 ``mod``: the part of a period ("early December") or the looseness of
# an amount ("about three years") that the value alone cannot carry.
MODS = (
    (re.compile(r"^(?:early|the\s+(?:beginning|start)\s+of)\b", re.I), "START"),
    (re.compile(r"^(?:mid-?|the\s+middle\s+of)", re.I), "MID"),
    (re.compile(r"^(?:late|the\s+end\s+of)\b", re.I), "END"),
    (re.compile(r"^(?:about|around|roughly|approximately|almost|nearly|some)\b", re.I), "APPROX"),
    (re.compile(r"^(?:more\s+than|over)\b", re.I), "MORE_THAN"),
    (re.compile(r"^(?:less\s+than|fewer\s+than|under)\b", re.I), "LESS_THAN"),
    (re.compile(r"^at\s+least\b", re.I), "EQUAL_OR_MORE"),
)


def timex_mod(text: str) -> str | None:
    for pattern, mod in MODS:
        if pattern.match(text.strip()):
            return mod
    return None


def normalise(text: str, anchor: dt.date | None, *, tense: str | None = None) -> tuple[str | None, str | None]:
    """TIMEX3 (type, value) of the first expression in ``text``; (None, None) if none.

    ``tense`` is "past", "future" or None and stands in for the parse that the
    component uses to choose between the previous and the next occurrence.
    """
    for cand in find_candidates(text):
        res = cand.rule.resolve(cand.match, Context(anchor, tense, quarter_talk="quarter" in text.lower()), text)
        if res is not None:
            return res.type, res.value
    return None, None


# --- direction from grammar ------------------------------------------------------------


def span_of(doc: Doc, cand: Candidate) -> Span | None:
    return doc.char_span(cand.start, cand.end, alignment_mode="expand")


QUARTER_REPORT_MIN = 2  # "quarter" this often marks a quarterly-results report


# doc -> how often its text says "quarter" (weak: the entry goes with the doc)
_QUARTER_COUNTS: "WeakKeyDictionary[Doc, int]" = WeakKeyDictionary()


def _quarter_count(doc: Doc) -> int:
    """How often the report says "quarter", counted once per doc (it was lowered and counted per time expression)."""
    count = _QUARTER_COUNTS.get(doc)
    if count is None:
        count = _QUARTER_COUNTS[doc] = doc_text(doc).lower().count("quarter")
    return count


def sentence_mentions_quarter(doc: Doc, cand: Candidate) -> bool:
    """Quarterly-results reports say "a year earlier" for the same quarter a year before."""
    if _quarter_count(doc) >= QUARTER_REPORT_MIN:
        return True
    span = span_of(doc, cand)
    if span is None or not doc.has_annotation("SENT_START"):
        return False
    return "quarter" in span_text(span.sent).lower()


def clause_direction(doc: Doc, cand: Candidate) -> str | None:
    """"past", "future" or None from cue words and the governing verb's tense."""
    span = span_of(doc, cand)
    if span is None:
        return None
    cue = cue_direction(doc, span)
    if cue:
        return cue
    if not doc.has_annotation("DEP"):
        return None
    if after_phrase(span.root):
        return "past"
    if span.root.dep_ in NOUN_LINKS:
        return None  # "Wednesday's ruling": the noun, not the clause, carries the time
    verb = governing_verb(span.root)
    return verb_direction(verb) if verb is not None else None


def after_phrase(token: Token) -> bool:
    """"in critical condition after a Saturday night shooting": what a present state
    follows has happened. Only the phrase's own nouns, up to the first verb."""
    for head in token.ancestors:
        if head.pos_ in ("VERB", "AUX"):
            return False
        if head.dep_ == "prep" and head.lower_ == "after":
            return True
    return False


def cue_direction(doc: Doc, span: Span) -> str | None:
    """Words just before the expression that fix its direction whatever the tense."""
    before = doc[max(0, span.start - 3):span.start].text.lower()
    if any(before.endswith(cue) for cue in PAST_CUES):
        return "past"
    if any(before.endswith(cue) for cue in FUTURE_CUES):
        return "future"
    return None


def governing_verb(token: Token) -> Token | None:
    """Walk up the dependency tree to the first verb (or auxiliary acting as one)."""
    seen = 0
    while seen < 12:
        if token.pos_ in ("VERB", "AUX") and token.dep_ != "aux":
            return token
        if token.head is token:
            return None
        token = token.head
        seen += 1
    return None


def verb_direction(verb: Token, depth: int = 0) -> str | None:
    """Tense of a verb group, read from its auxiliaries and tag.

    Returns "past", "future", "present" (simple or progressive present, which
    in news usually announces a scheduled event) or None. A to-infinitive
    takes the tense of the verb it depends on ("agreed to meet Friday").
    """
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    aux_words = {a.lower_ for a in auxes}
    if aux_words & PERFECT_AUX and verb.tag_ == "VBN" and not aux_words & {"will", "shall", "'ll"}:
        return "past"  # includes "may have been"
    if aux_words & FUTURE_AUX or aux_words & MODALS:
        return "future"
    if "to" in aux_words:
        head = governing_verb(verb.head) if verb.head is not verb else None
        if head is None or head is verb or depth >= 3 or head.lemma_ in INTENT_LEMMAS:
            return "future"
        return verb_direction(head, depth + 1) or "future"
    if verb.lemma_ in FUTURE_LEMMAS and verb.tag_ in ("VBN", "VBG"):
        return "future" if not aux_words & PAST_AUX else "past"
    if verb.tag_ == "VBD" or aux_words & PAST_AUX or aux_words & PERFECT_AUX and verb.tag_ == "VBN":
        return "past"
    if verb.tag_ == "VBN" and verb.head is not verb and verb.head.tag_ == "VBD":
        return "past"
    if verb.tag_ in ("VBZ", "VBP") or verb.tag_ == "VBG" and aux_words & {"is", "are", "am", "'m", "'re"}:
        return "present"
    return None
