"""The "newsledger_actors" spaCy component: who is mentioned, as canonical actors.

Method
------
1. **Knowledge-base aliases** (knowledge/actors.yaml) are found with two
   PhraseMatchers built once: case-sensitive (ORTH) for short names and
   acronyms ("US", "WHO", "Trump"), case-insensitive (LOWER) for multi-word
   names whose lower-case form is not an ordinary phrase ("White House").
   The longest match wins.
2. **spaCy's NER** adds what the KB does not know (PERSON, ORG, GPE, NORP,
   FAC, LOC). KB matches win over overlapping NER spans, except that a KB
   place inside a longer NER name ("Bank of Russia") and a KB surname inside
   a longer personal name ("Ivanka Trump") yield to the NER span.
3. **Titles** in front of names ("Russian President Vladimir Putin", "White
   House press secretary Sean Spicer", "Prime Minister of Japan Shinzo Abe")
   give role claims (KB periods of that office), and enrich unknown persons
   with a sector and country. Titles without a name ("the Russian president",
   "the Kremlin chief") and office handles ("@POTUS") are descriptions,
   resolved to the holder on the publication date.
4. **Nationalities** with a group noun ("Russian nationals", "US
   intelligence") become group actors; country names and capitals are the
   country's actor unless used as a place ("in Moscow").
5. **Identity**: KB actors keep their KB id; anything else gets
   ``x:<slug of its fullest name>``, so "Sean Smith" and a later "Smith" are
   one actor within a doc and the same id across docs.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from difflib import get_close_matches

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from newsledger.model import Actor, Entity, Role, RoleClaim
from newsledger.nlp.kb import SUPRANATIONAL, KnowledgeBase, default_family, load_kb, slugify
from newsledger.nlp.pipeline import register_extensions

register_extensions()

NER_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
KIND_LABEL = {"person": "PERSON", "organisation": "ORG", "media": "ORG", "group": "ORG", "country": "GPE"}
# Prepositions that make a country or capital a place rather than an actor.
LOCATIVE_PREPS = {"in", "at", "inside", "across", "near", "into", "throughout", "within", "around", "outside",
                  "through"}
# Gatherings named after where they meet ("the Helsinki summit", "the Minsk talks").
VENUE_NOUNS = {"summit", "talk", "talks", "meeting", "conference", "forum", "negotiation", "round", "visit", "trip"}
# Words before a title that deny it is held now: no role claim.
NEGATORS = {"former", "ex", "then", "late", "onetime", "one-time", "erstwhile", "previous",
            "incoming", "would-be", "future", "deposed", "ousted", "disgraced", "exiled", "fallen"}
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lord", "lady"}
DETERMINERS = {"the", "a", "an"}
# Words in an unknown organisation's name that reveal its sector (checked in order).
ORG_SECTOR_WORDS = [
    ({"news", "times", "post", "journal", "herald", "tribune", "gazette", "telegraph", "tv", "radio",
      "broadcasting", "magazine", "press", "daily", "television", "media"}, "media"),
    ({"ministry", "department", "agency", "office", "government", "administration", "commission"}, "government"),
    ({"army", "navy", "forces", "military", "guard", "brigade", "regiment"}, "military"),
    ({"police", "gendarmerie"}, "police"),
    ({"court", "tribunal", "prosecutor"}, "judiciary"),
    ({"parliament", "congress", "senate", "assembly", "duma"}, "legislature"),
    ({"party"}, "party"),
    ({"university", "college", "school", "academy"}, "education"),
    ({"church", "mosque", "diocese", "synagogue"}, "religious"),
    ({"inc", "inc.", "corp", "corp.", "ltd", "ltd.", "company", "bank", "group", "llc", "co.", "airlines"}, "business"),
    ({"foundation", "union", "association", "society", "institute", "council", "coalition"}, "civil-society"),
]
UNCOUNTABLE = {"police", "military", "media", "intelligence", "government", "administration", "leadership",
               "army", "navy", "people"}
# Offices a description may name without a name after it when no KB holder is known:
# the country's state still speaks ("a Russian diplomat" -> Russia's government family).
STATE_DESC_SECTORS = {"government", "military", "intelligence", "police"}
# Similarity above which a capitalised word is taken for a misspelt title, not a first name.
TYPO_CUTOFF = 0.85
MATCH_KEYS = ("ACTOR", "CAPITAL", "ADJ", "REGION", "HANDLE")


@dataclass
class Mention:
    """A candidate actor mention before resolution (token offsets)."""

    start: int
    end: int
    key: str  # ACTOR, CAPITAL, ADJ, REGION, HANDLE, NER
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
    claims: list[RoleClaim] = field(default_factory=list)
    kb_surnames: dict[str, str] | None = None


@Language.factory("newsledger_actors", default_config={"kb_path": None})
def make_actors_component(nlp: Language, name: str, kb_path: str | None) -> "ActorsComponent":
    return ActorsComponent(nlp, load_kb(kb_path))


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def alias_variants(alias: str) -> set[str]:
    """Spellings news uses for one name: accents dropped, U.S./US, curly apostrophes, lower "the"."""
    variants = {alias, _strip_accents(alias)}
    for dotted, plain in (("U.S.", "US"), ("U.K.", "UK"), ("U.N.", "UN")):
        for form in list(variants):
            variants |= {form.replace(dotted, plain), form.replace(plain + " ", dotted + " ")}
    variants |= {v.replace("'", "\u2019") for v in variants}
    if alias.startswith("The ") and len(alias.split()) >= 3:
        variants |= {"the " + v[4:] for v in variants if v.startswith("The ")}
    return variants


def _published_day(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


class ActorsComponent:
    """Writes ``doc._.entities``, ``doc._.actors`` and ``doc._.role_claims``."""

    def __init__(self, nlp: Language, kb: KnowledgeBase):
        self.kb = kb
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lookup: dict[str, dict[tuple[str, ...], str]] = {key: {} for key in MATCH_KEYS}
        self._add_patterns(nlp)
        self.titles = self._title_index(nlp)
        self.held_titles = {r.title for a in kb.actors.values() for r in a.roles}
        self.title_words = sorted({words[0] for words in self.titles if len(words) == 1 and len(words[0]) > 3})

    # ---------------------------------------------------------------- set-up
    def _add_patterns(self, nlp: Language) -> None:
        phrases: dict[str, dict[str, str]] = {key: {} for key in MATCH_KEYS}
        for actor_id, names in self.kb.aliases.items():
            phrases["ACTOR"].update({name: actor_id for name in names})
        for country in self.kb.countries.values():
            phrases["CAPITAL"].update({name: country.iso3 for name in country.capitals})
            phrases["ADJ"].update({name: country.iso3 for name in country.adjectives})
        phrases["REGION"].update(self.kb.regions)
        phrases["HANDLE"].update({handle: handle for handle in self.kb.role_handles})
        for key, table in phrases.items():
            orth, lower = [], []
            for alias, target in table.items():
                variants = alias_variants(alias)
                if key == "ACTOR" and self.kb.actors[target].kind == "person":
                    variants |= {v.upper() for v in variants if len(v) > 3}  # transcripts: "PENCE: Well"
                for variant in variants:
                    doc = nlp.make_doc(variant)
                    self.lookup[key][tuple(t.lower_ for t in doc)] = target
                    (lower if self._case_free(doc) else orth).append(doc)
            self.orth.add(key, orth)
            self.lower.add(key, lower)

    @staticmethod
    def _case_free(doc: Doc) -> bool:
        """Multi-word names with two content words are safe to match in any case."""
        content = [t for t in doc if t.is_alpha and not t.is_stop and len(t) > 1]
        return len(content) >= 2

    def _title_index(self, nlp: Language) -> dict[tuple[str, ...], str]:
        """Title phrases (lower-case token tuples) -> canonical title, and their matcher."""
        index, patterns = {}, []
        phrases = [(a, title) for title, (aliases, _) in self.kb.titles.items() for a in aliases]
        phrases += [(w, "LEADER") for w in self.kb.leader_words]
        for phrase, title in phrases:
            # Tokenizer exceptions are case-sensitive ("Sen." stays one token, "sen." may not).
            for variant in {phrase, phrase.capitalize(), phrase.title()}:
                doc = nlp.make_doc(variant)
                index[tuple(t.lower_ for t in doc)] = title
                patterns.append(doc)
        self.title_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.title_matcher.add("TITLE", patterns)
        return index

    # ---------------------------------------------------------------- run
    def __call__(self, doc: Doc) -> Doc:
        state = DocState(doc, _published_day(doc._.published), self.find_mentions(doc))
        titles = self.find_titles(state)
        self.resolve_named(state, titles)
        self.resolve_titles(state, titles)
        self.resolve_places_and_groups(state)
        doc._.entities = sorted(state.entities, key=lambda e: (e.start, e.end))
        doc._.actors = state.actors
        doc._.role_claims = state.claims
        return doc

    # ---------------------------------------------------------------- step 1-2
    def find_mentions(self, doc: Doc) -> list[Mention]:
        """KB matches (longest first), then NER spans the KB did not cover."""
        kb_spans = []
        for matcher in (self.orth, self.lower):
            for match_id, start, end in matcher(doc):
                span = doc[start:end]
                if matcher is self.lower and not any(t.text[:1].isupper() for t in span):
                    continue
                kb_spans.append(Span(doc, start, end, label=match_id))
        kept = filter_spans(kb_spans)
        ner = [self._trim(e) for e in doc.ents if e.label_ in NER_LABELS]
        ner = [e for e in ner if e is not None and not _shouting(e)]
        kb_mentions = []
        for span in kept:
            key = span.label_
            target = self.lookup[key].get(tuple(t.lower_ for t in span))
            if target is None or self._yields_to_ner(span, key, target, ner, kept):
                continue
            kb_mentions.append(Mention(span.start, span.end, key, target, self._label(key, target, span)))
        kb_mentions = [self._other_bearer(doc, m) for m in kb_mentions]
        covered = {i for m in kb_mentions for i in range(m.start, m.end)}
        ner_mentions = [Mention(e.start, e.end, "NER", None, "GPE" if dateline_head(e) else e.label_) for e in ner
                        if not any(i in covered for i in range(e.start, e.end))]
        mentions = kb_mentions + ner_mentions
        return sorted(mentions + _recall_surnames(doc, mentions), key=lambda m: m.start)

    def _other_bearer(self, doc: Doc, mention: Mention) -> Mention:
        """A KB surname with an unknown first name in front ("Ivanka Trump") is someone else."""
        if mention.key != "ACTOR" or mention.end - mention.start != 1 or mention.start == 0:
            return mention
        if self.kb.actors[mention.target].kind != "person":
            return mention
        first = doc[mention.start - 1]
        if (first.pos_ == "PROPN" and first.is_title and first.dep_ == "compound"
                and first.head.i == mention.start and len(first) > 2
                and not self._title_like(first.lower_) and first.lower_ not in HONORIFICS
                and self.lookup["ADJ"].get((first.lower_,)) is None
                and self.lookup["ACTOR"].get((first.lower_,)) is None):
            return Mention(first.i, mention.end, "NER", None, "PERSON")
        return mention

    def _title_like(self, word: str) -> bool:
        """A title or a misspelt one ("Presiden Putin" on a careless blog)."""
        return (word,) in self.titles or bool(get_close_matches(word, self.title_words, n=1, cutoff=TYPO_CUTOFF))

    @staticmethod
    def _trim(span):
        """Drop a leading article, a trailing possessive and line breaks from an NER span."""
        start, end = span.start, span.end
        doc = span.doc
        while start < end and (doc[start].lower_ in DETERMINERS or doc[start].is_space):
            start += 1
        while end > start and (doc[end - 1].lower_ in {"'s", "\u2019s", "'"} or doc[end - 1].is_space):
            end -= 1
        if start >= end:
            return None
        return span if (start, end) == (span.start, span.end) else Span(doc, start, end, label=span.label_)

    def _yields_to_ner(self, span, key: str, target: str, ner: list, kept: list) -> bool:
        """A KB place or surname inside a longer NER name belongs to that name."""
        is_place = key in ("CAPITAL", "REGION", "ADJ") or (
            key == "ACTOR" and self.kb.actors[target].kind == "country")
        is_person = key == "ACTOR" and self.kb.actors[target].kind == "person"
        for ent in ner:
            if not (ent.start <= span.start and span.end <= ent.end and len(ent) > len(span)):
                continue
            others = [s for s in kept if s is not span and s.start < ent.end and ent.start < s.end]
            if is_place and ent.label_ not in ("NORP", "GPE") and not others:
                return True
            if is_person and len(span) == 1 and ent.label_ == "PERSON" and not others \
                    and self._other_first_name(ent, span):
                return True
            if is_person and ent.label_ in ("ORG", "FAC") and not others and _named_after(ent, span):
                return True
        return False

    def _other_first_name(self, ent, span) -> bool:
        """"Ivanka Trump": capitalised extra words that are no title make another person."""
        extra = [t for t in ent if t.i < span.start or t.i >= span.end]
        if any(t.lower_ in ("jr", "jr.", "sr", "sr.") for t in extra):
            return True
        words = [t for t in extra if t.i < span.start]
        return bool(words) and all(t.text[:1].isupper() and (t.lower_,) not in self.titles
                                   and t.lower_ not in HONORIFICS for t in words)

    def _label(self, key: str, target: str, span) -> str:
        if key == "ADJ":
            return "NORP"
        if key in ("CAPITAL", "REGION"):
            return "GPE"
        if key == "HANDLE" or span.text.startswith("@"):
            return "HANDLE"
        return KIND_LABEL.get(self.kb.actors[target].kind, "ORG")

    # ---------------------------------------------------------------- step 3
    def find_titles(self, state: DocState) -> list[TitleUse]:
        """Every title phrase outside a name, with its qualifier, negation and following name."""
        doc = state.doc
        inside = {i for m in state.mentions if m.key not in ("ADJ", "NER") for i in range(m.start, m.end)}
        spans = filter_spans([Span(doc, start, end) for _, start, end in self.title_matcher(doc)])
        spans = [s for s in spans if not any(i in inside for i in range(s.start, s.end))]
        self._drop_ner_in(state, spans)
        uses = []
        for span in spans:
            use = TitleUse(span.start, span.end, self.titles[tuple(t.lower_ for t in span)], span_start=span.start)
            self._attach_qualifier(state, use)
            self._attach_name(state, use)
            use.negated = use.negated or self._negated(doc, use.span_start)
            uses.append(use)
        return uses

    @staticmethod
    def _drop_ner_in(state: DocState, spans: list) -> None:
        """NER often tags a piece of a title ("Secretary of State"); the title wins.

        A name the NER glued to its title ("General John Smith") keeps the name part.
        """
        kept = []
        for m in state.mentions:
            overlapping = [s for s in spans if s.start < m.end and m.start < s.end] if m.key == "NER" else []
            if not overlapping:
                kept.append(m)
                continue
            title = overlapping[0]
            rest = state.doc[title.end:m.end]
            if len(overlapping) == 1 and title.start <= m.start and len(rest) \
                    and all(t.text[:1].isupper() for t in rest):
                m.start = title.end
                kept.append(m)
        state.mentions = kept

    def _mention_ending_at(self, state: DocState, end: int) -> Mention | None:
        return next((m for m in state.mentions if m.end == end), None)

    def _mention_starting_at(self, state: DocState, start: int) -> Mention | None:
        return next((m for m in state.mentions if m.start == start), None)

    def _country_of(self, mention: Mention | None) -> tuple[str | None, bool]:
        """The country a qualifier names, and whether it is national (not a region)."""
        if mention is None:
            return None, False
        if mention.key in ("ADJ", "CAPITAL"):
            return mention.target, True
        if mention.key == "REGION":
            return mention.target, False
        if mention.key == "ACTOR":
            actor = self.kb.actors[mention.target]
            if actor.kind in ("country", "organisation") and actor.country:
                return actor.country, True
            if actor.family in SUPRANATIONAL:
                return actor.family, True
        return None, False

    def _attach_qualifier(self, state: DocState, use: TitleUse) -> None:
        """"Russian President", "France's President", "White House press secretary"."""
        doc, start = state.doc, use.start
        if start >= 2 and doc[start - 1].lower_ in ("'s", "\u2019s"):
            start -= 1
        qualifier = self._mention_ending_at(state, start)
        country, national = self._country_of(qualifier)
        if country is not None:
            use.qualifier, use.national, use.span_start = country, national, qualifier.start

    def _attach_name(self, state: DocState, use: TitleUse) -> None:
        """The person named right after the title, or after "of <country>"."""
        doc, j = state.doc, use.end
        if j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].lower_ == "elect":
            use.negated = True
            j += 2
        while j < len(doc) and doc[j].lower_ in HONORIFICS:
            j += 1
        if j < len(doc) and doc[j].lower_ == "of":
            after = self._mention_starting_at(state, j + 1)
            country, national = self._country_of(after)
            if country is not None and use.qualifier is None:
                name = self._mention_starting_at(state, after.end)
                if name is not None and self._is_person(name):
                    use.qualifier, use.national, use.name = country, national, name
                    return
                if use.title != "LEADER":
                    use.qualifier, use.national = country, national
                    use.end = after.end
                return
        name = self._mention_starting_at(state, j)
        if name is not None and self._is_person(name):
            use.name = name

    def _is_person(self, mention: Mention) -> bool:
        if mention.key == "ACTOR":
            return self.kb.actors[mention.target].kind == "person"
        return mention.key == "NER" and mention.label in ("PERSON", "ORG")

    @staticmethod
    def _negated(doc: Doc, start: int) -> bool:
        for j in range(start - 1, max(start - 3, -1), -1):
            word = doc[j].lower_
            if word == "then":  # "then-President X", but not "and then President X said"
                return doc[j + 1].text == "-"
            if word in NEGATORS:
                return True
            if word not in ("-", "the", "a"):
                return False
        return False

    # ---------------------------------------------------------------- step 5
    def resolve_named(self, state: DocState, titles: list[TitleUse]) -> None:
        """KB actors, then unknown persons and organisations (with their titles)."""
        title_of = {id(u.name): u for u in titles if u.name is not None}
        unknown_people = self._unknown_person_names(state)
        for mention in state.mentions:
            if mention.key == "ACTOR":
                self._resolve_kb(state, mention, title_of.get(id(mention)))
            elif mention.key == "NER" and mention.label == "PERSON":
                self._resolve_person(state, mention, title_of.get(id(mention)), unknown_people)
            elif mention.key == "NER" and mention.label == "ORG":
                self._resolve_org(state, mention, title_of.get(id(mention)), unknown_people)

    def _add_entity(self, state: DocState, mention: Mention, actor: Actor | None, label: str | None = None):
        doc = state.doc
        span = doc[mention.start:mention.end]
        if actor is not None:
            state.actors.setdefault(actor.id, actor)
        mention.actor = actor.id if actor else None
        state.entities.append(Entity(span.start_char, span.end_char, span.text, label or mention.label,
                                     mention.actor))

    def _resolve_kb(self, state: DocState, mention: Mention, use: TitleUse | None) -> None:
        actor = self.kb.actors[mention.target]
        if actor.kind == "country" and self._is_place(state.doc, mention):
            self._add_entity(state, mention, None)
            return
        if actor.kind == "country" and self._group_after(state, mention):
            return
        self._add_entity(state, mention, actor)
        if use is not None and actor.kind == "person":
            self._claim(state, use, actor, mention)

    def _claim(self, state: DocState, use: TitleUse, actor: Actor, mention: Mention) -> None:
        """A role claim when the title directly names an office this KB person held."""
        if use.negated or use.title == "LEADER":
            return
        periods = [(r.start, r.end) for r in actor.roles
                   if r.title == use.title and (use.qualifier is None or r.country == use.qualifier)]
        if not periods:
            return
        first = state.doc[min(use.span_start, mention.start)]
        last = state.doc[max(use.end, mention.end) - 1]
        state.claims.append(RoleClaim(first.idx, last.idx + len(last), actor.id, use.title, periods))

    def _unknown_person_names(self, state: DocState) -> dict[str, str]:
        """Surname -> fullest unknown name in the doc, for linking "Smith" to "Sean Smith"."""
        fullest: dict[str, str] = {}
        for m in state.mentions:
            if m.key == "NER" and m.label == "PERSON":
                name = state.doc[m.start:m.end].text
                if len(name.split()) >= 2:
                    last = name.split()[-1]
                    if len(name) > len(fullest.get(last, "")):
                        fullest[last] = name
        return fullest

    def _kb_person_by_surname(self, state: DocState, text: str) -> Actor | None:
        """A lone surname of exactly one KB person named in full in this doc ("Clinton")."""
        if state.kb_surnames is None:
            state.kb_surnames = self._doc_kb_surnames(state)
        actor_id = state.kb_surnames.get(text)
        return self.kb.actors[actor_id] if actor_id else None

    def _doc_kb_surnames(self, state: DocState) -> dict[str, str]:
        owners: dict[str, set[str]] = {}
        for m in state.mentions:
            if m.key == "ACTOR" and self.kb.actors[m.target].kind == "person":
                for name in self.kb.aliases[m.target]:
                    if " " in name:
                        owners.setdefault(name.split()[-1], set()).add(m.target)
        return {surname: next(iter(ids)) for surname, ids in owners.items() if len(ids) == 1}

    def _resolve_person(self, state: DocState, mention: Mention, use: TitleUse | None,
                        unknown: dict[str, str]) -> None:
        mention.label = "PERSON"
        text = state.doc[mention.start:mention.end].text
        if len(text.split()) == 1:
            known = self._kb_person_by_surname(state, text)
            if known is not None:
                self._add_entity(state, mention, known)
                return
            text = unknown.get(text, text)
        actor = self._text_actor(state, text, "person", use, mention)
        self._add_entity(state, mention, actor)

    def _resolve_org(self, state: DocState, mention: Mention, use: TitleUse | None,
                     unknown: dict[str, str]) -> None:
        """NER ORG: a titled name is really a person; otherwise an unknown organisation."""
        span = state.doc[mention.start:mention.end]
        titled = use is not None and use.title != "LEADER" and all(t.text[:1].isupper() for t in span)
        known_surname = len(span) == 1 and (span.text in unknown or self._kb_person_by_surname(state, span.text))
        if titled or known_surname:
            self._resolve_person(state, mention, use, unknown)
            return
        sector = _org_sector(span)
        kind = "media" if sector == "media" else "organisation"
        actor = self._text_actor(state, span.text, kind, None, mention, sector=sector)
        self._add_entity(state, mention, actor)

    def _text_actor(self, state: DocState, name: str, kind: str, use: TitleUse | None, mention: Mention,
                    sector: str = "unknown") -> Actor:
        """An actor known only from the text; the id is stable across docs."""
        actor_id = "x:" + slugify(name)
        actor = state.actors.get(actor_id) or Actor(actor_id, name, kind, sector=sector, source="text")
        country, national = (use.qualifier, use.national) if use else (None, False)
        if country is None:
            country, national = self._country_after(state, mention)
        if country is None and kind != "person":
            country, national = self._country_inside(state, mention)
        if use is not None and use.title != "LEADER":
            actor.sector = self.kb.title_sector(use.title)
            role = Role(use.title, country)
            if role not in actor.roles:
                actor.roles.append(role)
        if country and country not in SUPRANATIONAL and actor.country is None:
            actor.country = country
        if national and actor.family is None:
            actor.family = default_family(actor.sector, actor.country)
        return actor

    def _country_after(self, state: DocState, mention: Mention) -> tuple[str | None, bool]:
        """"Jane Roe of Ohio", "Jane Roe (Ohio)"."""
        doc, j = state.doc, mention.end
        if j < len(doc) and doc[j].lower_ in ("of", "(", ","):
            j += 2 if j + 1 < len(doc) and doc[j + 1].lower_ == "the" else 1
            return self._country_of(self._mention_starting_at(state, j))
        return None, False

    def _country_inside(self, state: DocState, mention: Mention) -> tuple[str | None, bool]:
        """A country adjective or name inside an unknown organisation's name."""
        for token in state.doc[mention.start:mention.end]:
            iso3 = self.lookup["ADJ"].get((token.lower_,)) if token.text[:1].isupper() else None
            if iso3 is None and token.text[:1].isupper():
                target = self.lookup["ACTOR"].get((token.lower_,))
                iso3 = target if target in self.kb.countries else None
            if iso3:
                return iso3, True
        return None, False

    def _resolve_handle(self, state: DocState, mention: Mention) -> None:
        spec = self.kb.role_handles[mention.target]
        if spec.get("actor"):
            self._add_entity(state, mention, self.kb.actors[spec["actor"]], "HANDLE")
            return
        actor = self._role_holder(state, spec["title"], spec.get("country"))
        self._add_entity(state, mention, actor, "HANDLE")

    # ---------------------------------------------------------------- descriptions
    def resolve_titles(self, state: DocState, titles: list[TitleUse]) -> None:
        """Descriptions: a qualified title with no name after it ("the Russian president"), and
        office handles ("@POTUS"); both run after every name in the doc is resolved."""
        for mention in state.mentions:
            if mention.key == "HANDLE":
                self._resolve_handle(state, mention)
        for use in titles:
            if use.name is not None or use.qualifier is None or not use.national:
                continue
            if self._followed_by_name(state.doc, use.end) or not self._describes_office(use.title):
                continue
            title = self.kb.leader_title(use.qualifier) if use.title == "LEADER" else use.title
            actor = self._role_holder(state, title, use.qualifier)
            mention = Mention(use.span_start, use.end, "DESC", None, "DESC")
            self._drop_covered(state, mention)
            self._add_entity(state, mention, actor, "DESC")

    def _describes_office(self, title: str) -> bool:
        """Leaders, offices with KB holders, and state posts; not "a Russian journalist"."""
        return title == "LEADER" or title in self.held_titles or self.kb.title_sector(title) in STATE_DESC_SECTORS

    @staticmethod
    def _followed_by_name(doc: Doc, j: int) -> bool:
        return j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper()

    def _drop_covered(self, state: DocState, desc: Mention) -> None:
        """A description replaces the entities of its qualifier ("Russian" in "the Russian president")."""
        doc = state.doc
        lo, hi = doc[desc.start].idx, doc[desc.end - 1].idx + len(doc[desc.end - 1])
        state.entities = [e for e in state.entities if e.end <= lo or e.start >= hi]
        for m in state.mentions:
            if desc.start <= m.start and m.end <= desc.end:
                m.key = "COVERED"

    def _role_holder(self, state: DocState, title: str, country: str | None) -> Actor | None:
        """Holder on the publication date; else a holder named in the doc; else the country."""
        candidates: list[str] = []
        if state.published is not None:
            candidates = self.kb.holders(title, country, state.published)
        else:
            candidates = [a.id for a in state.actors.values() if a.source == "kb" and a.kind == "person"
                          and any(r.title == title and r.country == country for r in a.roles)]
        if len(candidates) == 1:
            return self.kb.actors[candidates[0]]
        if country in self.kb.actors:
            return self.kb.actors[country]
        return self.kb.actors.get(country.lower()) if country in SUPRANATIONAL else None

    # ---------------------------------------------------------------- step 4
    def resolve_places_and_groups(self, state: DocState) -> None:
        for mention in state.mentions:
            if mention.key == "CAPITAL":
                place = self._is_place(state.doc, mention)
                self._add_entity(state, mention, None if place else self.kb.actors[mention.target])
            elif mention.key == "REGION":
                self._add_entity(state, mention, None)
            elif mention.key == "ADJ":
                self._resolve_nationality(state, mention)
            elif mention.key == "NER" and mention.label == "NORP":
                self._resolve_unknown_norp(state, mention)
            elif mention.key == "NER" and mention.label in ("GPE", "FAC", "LOC"):
                self._add_entity(state, mention, None)

    @staticmethod
    def _is_place(doc: Doc, mention: Mention) -> bool:
        """"in Moscow", "the Helsinki summit": where something happens, not who acts."""
        root = doc[mention.start:mention.end].root
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head
        if root.dep_ == "compound" and root.head.lemma_.lower() in VENUE_NOUNS:
            return True
        return root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS

    def _group_noun_at(self, doc: Doc, j: int) -> tuple[int, str, str] | None:
        """Longest group noun ("officials", "intelligence agency") starting at token j."""
        for length in (3, 2, 1):
            if j + length > len(doc):
                continue
            words = " ".join(doc[k].lower_ for k in range(j, j + length))
            if words in self.kb.group_nouns:
                return j + length, words, self.kb.group_nouns[words]
        return None

    def _group_after(self, state: DocState, mention: Mention) -> bool:
        """"Russian nationals", "US intelligence": a nationality with a group noun is a group actor."""
        found = self._group_noun_at(state.doc, mention.end)
        if found is None:
            return False
        end, noun, sector = found
        iso3 = mention.target if mention.key == "ADJ" else self.kb.actors[mention.target].country
        country = self.kb.countries[iso3]
        adjective = country.adjectives[0] if country.adjectives else country.name
        plural = noun if noun.endswith("s") or " " in noun or noun in UNCOUNTABLE else noun + "s"
        actor_id = f"x:{slugify(adjective)}-{slugify(plural)}"
        actor = state.actors.get(actor_id) or Actor(
            actor_id, f"{adjective} {plural}", "group", iso3, sector,
            family=default_family(sector, iso3), source="text")
        self._add_entity(state, Mention(mention.start, end, "GROUP", None, "NORP"), actor)
        mention.actor = actor.id
        return True

    def _resolve_nationality(self, state: DocState, mention: Mention) -> None:
        if self._group_after(state, mention):
            return
        token = state.doc[mention.end - 1]
        if not _is_people_noun(token):
            self._add_entity(state, mention, None)
            return
        actor_id = "x:" + slugify(token.text)
        actor = state.actors.get(actor_id) or Actor(actor_id, token.text, "group", mention.target, "unknown",
                                                    source="text")
        self._add_entity(state, mention, actor)

    def _resolve_unknown_norp(self, state: DocState, mention: Mention) -> None:
        """Groups the KB does not know ("Muslims", "Kurds") when used as a noun."""
        span = state.doc[mention.start:mention.end]
        if not _is_people_noun(span[-1]):
            self._add_entity(state, mention, None)
            return
        actor_id = "x:" + slugify(span.text)
        actor = state.actors.get(actor_id) or Actor(actor_id, span.text, "group", sector="unknown", source="text")
        self._add_entity(state, mention, actor)


def _named_after(ent, span) -> bool:
    """"Trump Tower", "Trump Organization": a capitalised name built on a surname is another thing."""
    after = [t for t in ent if t.i >= span.end]
    return span.start == ent.start and bool(after) and all(t.is_title for t in after)


def _recall_surnames(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Lone surnames of people named in full earlier, which the small NER model often misses."""
    surnames = {doc[m.end - 1].text for m in mentions
                if m.key == "NER" and m.label == "PERSON" and m.end - m.start >= 2}
    covered = {i for m in mentions for i in range(m.start, m.end)}
    return [Mention(t.i, t.i + 1, "NER", None, "PERSON") for t in doc
            if t.text in surnames and t.i not in covered and t.is_title and t.pos_ == "PROPN"]


def _is_people_noun(token) -> bool:
    """A demonym used as a noun for people ("Russians", "the Chinese"), not as a modifier."""
    if token.dep_ in ("amod", "compound", "nmod"):
        return False
    if token.tag_ in ("NNS", "NNPS"):
        return True
    previous = token.doc[token.i - 1].lower_ if token.i > 0 else ""
    return previous == "the" and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj")


def dateline_head(span) -> bool:
    """"HELSINKI, July 15 (Agency) —": a capitalised place opening a paragraph is where, not who."""
    doc = span.doc
    opens_line = span.start_char == 0 or doc.text[span.start_char - 1] == "\n"
    follows = doc[span.end].text if span.end < len(doc) else ""
    return opens_line and span.text.isupper() and any(c.isalpha() for c in span.text) and follows in {",", "—", "–", "-"}


DATELINE_DASHES = {"—", "–", "--", "-"}
DATELINE_MAX_TOKENS = 15
DATELINE_CACHE = "newsledger_dateline_tokens"


def dateline_tokens(doc: Doc) -> set[int]:
    """Token indices of every dateline ("MOSCOW, Jan. 28 (Agency) —"): place, date, agency and the dash.

    Kept on the doc (as a list, which survives the byte serialisation that
    multi-process pipes use): quotes and events ask for it once per mention.
    """
    cached = doc.user_data.get(DATELINE_CACHE)
    if cached is None:
        cached = doc.user_data[DATELINE_CACHE] = sorted(_find_dateline_tokens(doc))
    return set(cached)


def _find_dateline_tokens(doc: Doc) -> set[int]:
    out: set[int] = set()
    for ent in doc.ents:
        if not dateline_head(ent):
            continue
        stop = min(len(doc), ent.end + DATELINE_MAX_TOKENS)
        dash = next((t.i for t in doc[ent.end:stop] if t.text in DATELINE_DASHES), None)
        out.update(range(ent.start, dash + 1 if dash is not None else ent.end))
    return out


def _shouting(span) -> bool:
    """An all-capitals span in an all-capitals sentence: NER is unreliable there (spam banners)."""
    if not span.text.isupper():
        return False
    words = [t for t in span.sent if t.is_alpha]
    caps = [t for t in words if t.is_upper]
    return len(words) >= 4 and len(caps) >= 0.6 * len(words)


def _org_sector(span) -> str:
    words = {t.lower_ for t in span}
    for keywords, sector in ORG_SECTOR_WORDS:
        if words & keywords:
            return sector
    return "unknown"
