"""When, where and how sure: date attachment, location and modality of an event trigger.

A time expression belongs to an event when it sits in the trigger's own
clause (never inside a subordinate clause with its own verb: in "invited him
in June to attend in May", "May" belongs to "attend"). Without one, the
article's time frame dates the event, and we say so in ``date_source``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsledger.model import Span, Timex
from newsledger.nlp.actors import dateline_tokens
from newsledger.nlp.event_lexicon import lemma

# dependency labels that open a new clause: time/place inside them is not ours
CLAUSE_DEPS = {"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "csubj", "parataxis", "pcomp"}
HYPOTHETICAL_AUX = {"could", "would", "may", "might", "should", "can"}
FUTURE_AUX = {"will", "shall", "'ll"}
# governing verbs/adjectives that make the embedded act hypothetical, future or negated
HYPOTHETICAL_HEADS = {"consider", "weigh", "threaten", "propose", "suggest", "mull", "want", "seek",
                      "hope", "wish", "like", "urge", "ask", "demand", "call", "request", "warn", "possible",
                      "potential", "try", "attempt", "offer", "ready", "willing", "eager", "able"}
FUTURE_HEADS = {"plan", "expect", "schedule", "intend", "prepare", "set", "promise", "pledge", "agree",
                "vow", "aim", "decide", "announce", "go", "determined", "poised", "due", "scheduled"}
# Verbs whose object noun is an act that did not (yet) happen: "foiled attacks", "preparing attacks".
PREVENTING_HOSTS = {"foil", "prevent", "avert", "thwart", "stop", "avoid", "evade", "escape"}
# Verbs that keep their object act from taking place: "banned the rally", "cancelled the summit".
BLOCKING_HOSTS = PREVENTING_HOSTS | {"ban", "prohibit", "outlaw", "cancel", "block", "forbid", "postpone", "scrap"}
PREPARING_HOSTS = {"prepare", "plan", "plot", "intend"}
# Verbs of accusing: what they say someone planned is alleged.
ALLEGING_HEADS = {"accuse", "suspect", "charge", "allege", "arrest", "detain", "convict", "suspicion"}
NEGATING_HEADS = {"refuse", "decline", "reject", "fail", "deny", "foil", "prevent", "avert", "thwart",
                  "unable", "rule"}
HYPOTHETICAL_MODIFIERS = {"planned", "possible", "potential", "proposed", "future", "threatened",
                          "plan", "propose", "would-be", "upcoming", "prospective"}
NEGATING_WORDS = {"not", "never", "n't", "no"}
CONDITION_MARKERS = {"if", "unless", "whether"}
RECAP_CUES = (
    r"\bat the time\b", r"\bearlier\b", r"\bpreviously\b", r"\bin the past\b", r"\bformerly\b",
    r"\bago\b", r"\bin (19|20)\d\d\b", r"\blast year\b", r"\byears? before\b",
)
RECAP_DAYS = 7
LOCATION_LABELS = {"GPE", "LOC", "FAC"}
LOCATION_PREPS = {"in", "at", "on", "near", "outside", "inside", "across", "throughout"}


@dataclass
class DateInfo:
    date: str | None
    source: str | None
    precision: str | None
    time: Span | None


def clause_head(tok: Token) -> Token:
    """The head of the clause ``tok`` belongs to."""
    while tok.dep_ not in CLAUSE_DEPS and tok.head != tok:
        tok = tok.head
    return tok


def precision_of(value: str | None) -> str:
    """TIMEX3 value -> day/week/month/year/unknown."""
    if not value:
        return "unknown"
    if re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return "day"
    if re.match(r"^\d{4}-W\d{2}$", value):
        return "week"
    if re.match(r"^\d{4}-\d{2}$", value):
        return "month"
    if re.match(r"^\d{4}$", value):
        return "year"
    return "unknown"


def value_bounds(value: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day a TIMEX3 date value covers (None when it is not a calendar date)."""
    if not value:
        return None
    try:
        if m := re.match(r"^(\d{4})-(\d{2})-(\d{2})", value):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := re.match(r"^(\d{4})-W(\d{2})$", value):
            start = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return start, start + dt.timedelta(days=6)
        if m := re.match(r"^(\d{4})-(\d{2})$", value):
            y, mo = int(m[1]), int(m[2])
            nxt = dt.date(y + (mo == 12), mo % 12 + 1, 1)
            return dt.date(y, mo, 1), nxt - dt.timedelta(days=1)
        if m := re.match(r"^(\d{4})$", value):
            return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
    except ValueError:
        return None
    return None


class TimeIndex:
    """Time expressions of a doc by token, from the times component or spaCy DATE entities."""

    def __init__(self, doc: Doc):
        self.by_token: dict[int, Timex] = {}
        times = getattr(doc._, "times", None)
        if times is None:
            times = [Timex(e.start_char, e.end_char, e.text, "DATE", None) for e in doc.ents if e.label_ == "DATE"]
        for tx in times:
            if tx.type in ("DURATION", "SET"):
                continue
            span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
            for tok in span or []:
                self.by_token.setdefault(tok.i, tx)

    def window(self, offset: int, length: int) -> "TimeIndex":
        """The same time expressions for a re-parse of ``length`` tokens starting at token ``offset``."""
        out = TimeIndex.__new__(TimeIndex)
        out.by_token = {i - offset: tx for i, tx in self.by_token.items() if 0 <= i - offset < length}
        return out

    def attached(self, trigger: Token, host: Token) -> tuple[Timex, Token] | None:
        """The time expression in the trigger's own phrase, else in its clause (nearest wins)."""
        other = _reference_event_tokens(trigger)
        own = [t for t in trigger.subtree
               if t.i in self.by_token and t.i not in other and clause_head(t) == clause_head(trigger)]
        if own:
            tok = min(own, key=lambda t: abs(t.i - trigger.i))
            return self.by_token[tok.i], tok
        head = clause_head(host)
        found = self._in_clause(trigger, head)
        if found is None and (_participle_clause(head) or _conjoined_clause(head)):
            found = self._in_clause(trigger, clause_head(head.head))
        return found

    def _in_clause(self, trigger: Token, head: Token) -> tuple[Timex, Token] | None:
        other = _reference_event_tokens(head)
        cands = [t for t in trigger.sent if t.i in self.by_token and t.i not in other and clause_head(t) == head]
        if not cands:
            return None
        tok = min(cands, key=lambda t: abs(t.i - trigger.i))
        return self.by_token[tok.i], tok


# Prepositions that relate the event to another one ("the first call since the
# inauguration on Jan. 20"): a time inside them dates that other event.
REFERENCE_PREPS = {"since", "after", "before", "until", "till", "following", "ahead"}


def _reference_event_tokens(trigger: Token) -> set[int]:
    """Times that date something else below ``trigger`` (a trigger or a clause head).

    Those under a since/after/before phrase, and those modifying another noun
    ("followed Friday's indictment": Friday is the indictment's day).
    """
    out = {t.i for p in trigger.subtree if p.dep_ == "prep" and p.lower_ in REFERENCE_PREPS and p != trigger
           for t in p.subtree}
    out.update(t.i for t in trigger.subtree
               if t.dep_ in ("poss", "compound", "nmod") and t.head.pos_ in ("NOUN", "PROPN") and t.head != trigger
               and t.ent_type_ in ("DATE", "TIME"))
    return out


def _conjoined_clause(head: Token) -> bool:
    """"In December 2017 a tip led to arrests, and Putin called Trump": a time opening the first clause covers both."""
    return head.dep_ == "conj" and head.head != head and head.head.pos_ in ("VERB", "AUX")


def _participle_clause(head: Token) -> bool:
    """"hit the city on Monday, killing dozens": a subjectless participle shares its main clause's time."""
    return (head.dep_ == "advcl" and head.tag_ in ("VBG", "VBN") and head.head != head
            and not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in head.children))


def frame_date(doc: Doc) -> tuple[str | None, str | None]:
    """The article's anchor date and where it came from ("published" or "frame")."""
    frame = getattr(doc._, "time_frame", None)
    if frame is not None and frame.date is not None:
        return frame.date.isoformat(), "published" if frame.confidence == "metadata" else "frame"
    published = getattr(doc._, "published", None)
    if published is not None:
        return published.isoformat(), "published"
    return None, None


def anchor_day(doc: Doc) -> dt.date | None:
    value, _ = frame_date(doc)
    return dt.date.fromisoformat(value) if value else None


def date_info(doc: Doc, index: TimeIndex, trigger: Token, host: Token, dated_by_frame: bool) -> DateInfo:
    """Date of the event: its own time expression, else (asserted events only) the article frame."""
    found = index.attached(trigger, host)
    if found is not None:
        tx, _ = found
        span = Span(tx.start, tx.end, tx.text)
        if tx.value and precision_of(tx.value) != "unknown":
            return DateInfo(tx.value, "time", precision_of(tx.value), span)
        return DateInfo(None, None, "unknown", span)
    if dated_by_frame:
        value, source = frame_date(doc)
        if value:
            return DateInfo(value, source, "day", None)
    return DateInfo(None, None, None, None)


def _aux_words(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass", "neg")}


def _heads(tok: Token, limit: int = 4) -> list[Token]:
    out, cur = [], tok
    while cur.head != cur and len(out) < limit and cur.dep_ in ("xcomp", "ccomp", "pcomp", "dobj", "pobj", "prep", "acomp", "conj"):
        cur = cur.head
        out.append(cur)
    return out


def grammatical_modality(trigger: Token, host: Token) -> str:
    """negated / hypothetical / future / asserted from auxiliaries, governing verbs and modifiers.

    A verb conjoined to another is not governed by it: a bare second conjunct
    shares the first's auxiliaries ("will meet and discuss"), a finite one has
    its own ("did not meet him and rejected the plan", "called and thanked").
    """
    words = _aux_words(trigger) | _aux_words(host)
    conjunct = trigger == host and host.dep_ == "conj" and host.head.pos_ in ("VERB", "AUX") and not words
    if conjunct and host.tag_ in ("VB", "VBG", "VBN"):
        return grammatical_modality(host.head, host.head)
    if words & NEGATING_WORDS:
        return "negated"
    heads = [] if conjunct else _heads(host) if host != trigger else _heads(trigger)
    head_lemmas = [lemma(h) for h in heads]
    if host != trigger and lemma(host) in BLOCKING_HOSTS:
        return "negated"
    mods = {c.lower_ for c in trigger.children if c.dep_ in ("amod", "compound")}
    if host != trigger and lemma(host) in PREPARING_HOSTS:
        # "preparing attacks" are coming; "preparing for a possible meeting" may not be
        return "hypothetical" if mods & HYPOTHETICAL_MODIFIERS else "future"
    if any(h in NEGATING_HEADS for h in head_lemmas[:1]):
        return "negated"
    if {lemma(c) for c in _prevented_by(trigger)} & PREVENTING_HOSTS:
        return "negated"  # "foiled attacks", "attacks thwarted by police"
    marks = {c.lower_ for t in (trigger, host) for c in t.children if c.dep_ == "mark"}
    if words & HYPOTHETICAL_AUX or mods & HYPOTHETICAL_MODIFIERS or marks & CONDITION_MARKERS:
        return "hypothetical"
    if any(h in HYPOTHETICAL_HEADS for h in head_lemmas[:2]):
        return "hypothetical"
    if any(h in ALLEGING_HEADS for h in head_lemmas[:4]) and any(h in PREPARING_HOSTS for h in head_lemmas[:2]):
        return "hypothetical"  # "accused of planning to bomb": an alleged plan, not a coming event
    if words & FUTURE_AUX or any(lemma(h) in FUTURE_HEADS for h in _infinitive_heads(heads[:2], host)):
        return "future"
    if _bare_infinitive(trigger) or _bare_infinitive(host):
        return "hypothetical"
    return "asserted"


def _prevented_by(trigger: Token) -> list[Token]:
    """Modifiers that act on the trigger's event: "foiled attacks", "attacks thwarted by police",
    "attacks that were prevented" (not "an injunction blocking a bill": there the noun acts)."""
    out = []
    for c in trigger.children:
        passive_clause = c.dep_ == "relcl" and any(k.dep_ in ("nsubjpass", "auxpass") for k in c.children)
        if c.dep_ == "amod" or (c.dep_ == "acl" and c.tag_ == "VBN") or passive_clause:
            out.append(c)
    return out


def _infinitive_heads(heads: list[Token], start: Token) -> list[Token]:
    """Governing verbs reached without crossing a "that" clause: "announced plans to visit" and
    "agreed to meet" look ahead; "announced that charges were filed" reports what was done."""
    out, cur = [], start
    for h in heads:
        if cur.dep_ == "ccomp":
            break
        out.append(h)
        cur = h
    return out


def _bare_infinitive(tok: Token) -> bool:
    """A "to"-infinitive with no governing verb we know: told, not done ("... to alert X")."""
    return tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def is_recap(date: DateInfo, anchor: dt.date | None, trigger: Token, host: Token) -> bool:
    """Earlier than the article: dated well before the anchor, or told with recap cues."""
    bounds = value_bounds(date.date) if date.source == "time" else None
    if bounds and anchor:
        return bounds[1] < anchor - dt.timedelta(days=RECAP_DAYS)
    if bounds and not anchor:
        return False
    if "had" in _aux_words(host) and host.tag_ == "VBN" and not _backshifted(host):
        return True
    if host.dep_ == "relcl" and host.tag_ == "VBN" and _aux_words(host) & {"has", "have"}:
        return True  # "Sanders, who has endorsed Canova, ...": background told in a relative clause
    clause = clause_head(host)
    text = " ".join(t.lower_ for t in clause.subtree if clause_head(t) == clause)
    return any(re.search(cue, text) for cue in RECAP_CUES)


# Verbs of saying: "said that they had agreed" puts the agreement before the
# saying (tense backshift), not before the article's time.
REPORTING_VERBS = {"say", "tell", "announce", "report", "state", "confirm", "add", "note", "explain", "claim",
                   "write", "insist", "reveal", "disclose", "acknowledge", "admit", "declare"}


def _backshifted(host: Token) -> bool:
    """A past perfect in reported speech: the tense of the report, not a recap cue."""
    return host.dep_ == "ccomp" and lemma(host.head) in REPORTING_VERBS


def future_by_date(date: DateInfo, anchor: dt.date | None) -> bool:
    bounds = value_bounds(date.date) if date.source == "time" else None
    return bool(bounds and anchor and bounds[0] > anchor)


def location(doc: Doc, trigger: Token, host: Token, exclude: set[int]) -> Span | None:
    """A place attached with in/at/on to the trigger or its verb, else a place in the sentence.

    A dateline ("WASHINGTON, Jan. 28 (Agency) -") says where and by whom the
    report was filed, not where the event happened: none of it is the place.
    """
    filed = dateline_tokens(doc)
    places = {t.i: e for e in doc.ents if e.label_ in LOCATION_LABELS and e.start not in filed for t in e}
    for tok in (trigger, host):
        for prep in tok.children:
            if prep.dep_ == "prep" and lemma(prep) in LOCATION_PREPS:
                for obj in prep.children:
                    if obj.i in places and obj.i not in exclude:
                        ent = places[obj.i]
                        return Span(ent.start_char, ent.end_char, ent.text)
    for tok in trigger.sent:
        if tok.i in places and tok.i not in exclude:
            ent = places[tok.i]
            return Span(ent.start_char, ent.end_char, ent.text)
    return None
