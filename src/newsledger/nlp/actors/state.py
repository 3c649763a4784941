"""Working data of one document while its actors are resolved, and small span helpers."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from newsledger.model import Actor, Entity, RoleClaim

HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lord", "lady"}
# Kinship and relation words the NER takes into a name that opens a sentence ("Nephew Zeke Gebrekidane
# heard the news", "Landlord Steve Brown agrees"): not part of the name, dropped when a full name of two
# or more words follows. Not offices ("Pastor", "Officer"), which the title lexicon reads.
KINSHIP_TITLES = {"nephew", "niece", "uncle", "aunt", "cousin", "brother", "sister", "son", "daughter",
                  "father", "mother", "grandfather", "grandmother", "grandson", "granddaughter", "stepfather",
                  "stepmother", "husband", "wife", "boyfriend", "girlfriend", "neighbor", "neighbour",
                  "landlord", "witness", "resident", "friend", "classmate", "coworker", "co-worker", "roommate"}
DETERMINERS = {"the", "a", "an"}
POSSESSIVES = {"'s", "\u2019s", "'"}


@dataclass
class Mention:
    """A candidate actor mention before resolution (token offsets)."""

    start: int
    end: int
    key: str  # ACTOR, CAPITAL, ADJ, REGION, HANDLE, NER (and GROUP, DESC, COVERED once resolved)
    target: str | None  # actor id, ISO3 or handle; None for NER mentions
    label: str
    actor: str | None = None


@dataclass
class TitleUse:
    """A title phrase in the text and what surrounds it."""

    start: int
    end: int
    title: str  # canonical title, or "LEADER"
    qualifier: str | None = None  # ISO3 (or EU) named next to the title
    national: bool = False  # the qualifier is a country, not a region
    span_start: int = 0
    negated: bool = False
    name: Mention | None = None


@dataclass
class DocState:
    """Working state of one document while actors are resolved."""

    doc: Doc
    published: dt.date | None
    mentions: list[Mention]
    actors: dict[str, Actor] = field(default_factory=dict)
    entities: list[Entity] = field(default_factory=list)
    references: list[Entity] = field(default_factory=list)  # plural references resolved to persons (.plurals)
    claims: list[RoleClaim] = field(default_factory=list)
    kb_surnames: dict[str, str] | None = None
    unknown_people: dict[str, str] = field(default_factory=dict)
    outlet: str | None = None  # country of the outlet, when known
    home: str | None = None  # the one country the report is about, when nothing points elsewhere
    home_for_people: str | None = None  # the home country when the report names no other at all
    only_country: str | None = None  # the only country the report names, however briefly
    settled: dict[str, str] = field(default_factory=dict)  # place names read as a town of this country
    firm: Counter | None = None  # countries the report names, without names that are also towns elsewhere
    unsettled: set[int] = field(default_factory=set)  # ids of place mentions that may be towns elsewhere
    place_names: dict[str, str] = field(default_factory=dict)  # NER person/org names read as places (.places)
    place_tokens: set[int] = field(default_factory=set)  # tokens of single mentions read as places (.places)
    person_words: set[str] | None = None  # words of the unknown persons' full names (.places)
    setting: str | None = None  # the one country the report is set in ("" when none; .groups.setting_country)

    def mention_ending_at(self, end: int) -> Mention | None:
        return next((m for m in self.mentions if m.end == end), None)

    def mention_starting_at(self, start: int) -> Mention | None:
        return next((m for m in self.mentions if m.start == start), None)

    def covered(self) -> set[int]:
        """Tokens already inside a mention."""
        return {i for m in self.mentions if m.key != "COVERED" for i in range(m.start, m.end)}

    def add_entity(self, mention: Mention, actor: Actor | None, label: str | None = None) -> None:
        span = self.doc[mention.start:mention.end]
        if actor is not None:
            self.actors.setdefault(actor.id, actor)
        mention.actor = actor.id if actor else None
        self.entities.append(Entity(span.start_char, span.end_char, span.text, label or mention.label, mention.actor))


def published_day(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def trim(span):
    """Drop a leading article, a trailing possessive and line breaks from an NER span, and from a
    person's name a leading honorific, lower-case word or kinship word before a full name. A name
    ends at a line break: the NER joined a header's outlet line to the date line under it
    ("Eastbridge Courier\n9", demo read, round 8).

    "Ms Palin" is Palin: keeping the honorific made her a different actor
    from the "Sarah Palin" of the same report.
    """
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in DETERMINERS or doc[start].is_space):
        start += 1
    if span.label_ == "PERSON":
        while end - start >= 2 and (doc[start].lower_ in HONORIFICS or doc[start].is_lower):
            start += 1  # "Ms Palin", and the NER's "joining Cooley"
        while end - start >= 3 and doc[start].lower_ in KINSHIP_TITLES:
            start += 1  # "Nephew Zeke Gebrekidane" (GVC: the kinship word kept in the actor's name)
    while end > start and (doc[end - 1].lower_ in POSSESSIVES or doc[end - 1].is_space):
        end -= 1
    end = next((i for i in range(start + 1, end) if doc[i].is_space and "\n" in doc[i].text), end)
    while end > start and doc[end - 1].is_space:
        end -= 1
    if start >= end:
        return None
    return span if (start, end) == (span.start, span.end) else Span(doc, start, end, label=span.label_)


def shouting(span) -> bool:
    """An all-capitals span in an all-capitals sentence: NER is unreliable there (spam banners)."""
    if not span.text.isupper():
        return False
    words = [t for t in span.sent if t.is_alpha]
    caps = [t for t in words if t.is_upper]
    return len(words) >= 4 and len(caps) >= 0.6 * len(words)


def named_after(ent, span) -> bool:
    """"Trump Tower", "Trump Organization": a capitalised name built on a surname is another thing."""
    after = [t for t in ent if t.i >= span.end]
    return span.start == ent.start and bool(after) and all(t.is_title for t in after)


def is_people_noun(token) -> bool:
    """A demonym used as a noun for people ("Russians", "the Chinese"), not as a modifier."""
    if token.dep_ in ("amod", "compound", "nmod"):
        return False
    if token.tag_ in ("NNS", "NNPS"):
        return True
    previous = token.doc[token.i - 1].lower_ if token.i > 0 else ""
    return previous == "the" and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj")
