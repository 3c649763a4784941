"""Named actors: KB actors, and persons and organisations the KB does not know.

Identity: KB actors keep their KB id; anything else gets ``x:<slug of its
fullest name>``, so "Sean Smith" and a later "Smith" are one actor within a
doc and the same id across docs. A KB person is given the sector of the
office held on the publication date (a senator in 2016 is LEG even if the
KB's latest office is in government).
"""

from __future__ import annotations

import re

from newsledger.model import Actor, Role
from newsledger.nlp.actors.context import country_after, country_inside, default_country, party_tag
from newsledger.nlp.actors.lexicon import Lexicon
from newsledger.nlp.actors.state import DocState, Mention, TitleUse
from newsledger.nlp.actors.groups import group_after, is_place
from newsledger.nlp.actors.nonactors import MEDIA_NAME_WORDS, is_byline, outlet_town, own_outlet
from newsledger.nlp.actors.places import place_label
from newsledger.nlp.actors.titles import claim
from newsledger.nlp.kb import FORMER_OFFICIAL_SECTOR, SUPRANATIONAL, default_family, slugify

# The outlet's own town is a place, but labelled LOC, not GPE: the story features take a report's first GPE
# as where its happening is (``resolve.stories.lead_place``), and a local outlet's town is where it writes
# from ("Moroccan families in Northgate" mourning a quake in Morocco; labelled GPE, the report left its
# quake's story in the demo ledger).
OUTLET_TOWN_LABEL = "LOC"
# Words in an unknown organisation's name that reveal its sector (checked in order).
ORG_SECTOR_WORDS = [
    (MEDIA_NAME_WORDS, "JRN"),
    ({"police", "gendarmerie", "sheriff", "sheriff's", "patrol"}, "COP"),
    ({"court", "tribunal", "prosecutor", "prosecutors", "attorney"}, "JUD"),
    ({"army", "navy", "forces", "military", "guard", "brigade", "regiment", "marines"}, "MIL"),
    ({"ministry", "department", "agency", "office", "government", "administration", "commission"}, "GOV"),
    ({"parliament", "congress", "senate", "assembly", "duma", "legislature"}, "LEG"),
    ({"party", "pac", "campaign"}, "PTY"),
    ({"university", "college", "school", "academy"}, "EDU"),
    ({"hospital", "clinic", "medical"}, "MED"),
    ({"church", "mosque", "diocese", "synagogue", "temple"}, "REL"),
    ({"union", "workers"}, "LAB"),
    ({"inc", "inc.", "corp", "corp.", "ltd", "ltd.", "company", "bank", "group", "llc", "co.", "airlines"}, "BUS"),
    ({"foundation", "association", "society", "institute", "council", "coalition", "center", "centre"}, "SOC"),
]
# A party-state tag after a name ("Jane Roe, D-Texas") marks a member of a legislature.
PARTY_TAG_SECTOR = "LEG"
# Lower-case words a personal name may hold ("Ursula von der Leyen").
NAME_PARTICLES = {"de", "da", "do", "dos", "das", "del", "della", "di", "van", "von", "der", "den", "la", "le",
                  "bin", "ibn", "al", "el", "y", "e"}


def resolve_named(lex: Lexicon, state: DocState, titles: list[TitleUse]) -> None:
    """KB actors, then unknown persons and organisations (with their titles)."""
    title_of = {id(u.name): u for u in titles if u.name is not None}
    state.unknown_people = _unknown_person_names(state)
    if _read_places_and_bylines(lex, state, title_of):
        state.unknown_people = _unknown_person_names(state)
    for mention in state.mentions:
        use = title_of.get(id(mention))
        if mention.key == "ACTOR":
            _resolve_kb(lex, state, mention, use)
        elif mention.key == "NER" and mention.label == "PERSON":
            _resolve_person(lex, state, mention, use)
        elif mention.key == "NER" and mention.label == "ORG":
            _resolve_org(lex, state, mention, use)


def _read_places_and_bylines(lex: Lexicon, state: DocState, title_of: dict[int, TitleUse]) -> bool:
    """NER persons and organisations that are no actor: places (:mod:`.places`; relabelled, so the
    places pass keeps them as places), the byline's writer and the outlet's own town
    (:mod:`.nonactors`; relabelled "BYLINE" and ``OUTLET_TOWN_LABEL``). Whether any was found."""
    named = [m for m in state.mentions if m.key == "NER" and m.label in ("PERSON", "ORG")]
    found = False
    own = {id(m) for m in named if own_outlet(state, m)}  # the outlet's name is never a place
    named = [m for m in named if id(m) not in own or m.label == "PERSON"]
    for mention in named:
        if is_byline(state, mention):
            mention.label, found = "BYLINE", True
        elif outlet_town(state, mention):
            mention.label, found = OUTLET_TOWN_LABEL, True
        elif own_outlet(state, mention) and mention.label == "PERSON":
            mention.label, found = "ORG", True  # the outlet, however the NER read it
    for second in (False, True):  # a second pass: a name read as a place further on is a place throughout
        for mention in named:
            if mention.label not in ("PERSON", "ORG") or id(mention) in own:
                continue
            span = state.doc[mention.start:mention.end]
            if second and span.text not in state.place_names:
                continue
            use = title_of.get(id(mention))
            person_like = ((use is not None and not use.negated) or _told_as_a_person(span)
                           or (len(span) == 1 and _kb_person_by_surname(lex, state, span.text) is not None))
            label = place_label(lex, state, mention, person_like)
            if label:
                mention.label, found = label, True
    for mention in named:
        if mention.label == "BYLINE":
            state.add_entity(mention, None)
    return found


def _resolve_kb(lex: Lexicon, state: DocState, mention: Mention, use: TitleUse | None) -> None:
    actor = lex.kb.actors[mention.target]
    if actor.kind == "country" and is_place(state.doc, mention):
        state.add_entity(mention, None)
        return
    if actor.kind == "country" and group_after(lex, state, mention):
        return
    if actor.kind == "person" and _surname_before_public_life(state, mention, actor, use):
        mention.key, mention.target, mention.label = "NER", None, "PERSON"
        _resolve_person(lex, state, mention, use)
        return
    if actor.kind == "person":
        other = _namesake_named_in_full(lex, state, mention)
        if isinstance(other, str):
            mention.key, mention.target, mention.label = "NER", None, "PERSON"
            state.add_entity(mention, text_actor(lex, state, other, "person", use, mention))
            return
        actor = other or actor
        title = use.title if use is not None and not use.negated else None
        actor = state.actors.get(actor.id) or lex.kb.person_on(actor, state.published, title)
    state.add_entity(mention, actor)
    if use is not None and actor.kind == "person":
        claim(state, use, actor, mention)


# How many years before a KB person's first office or candidacy a lone surname can still be them
# (a governor's name was news before the governorship; a vice president's was not news a decade before).
PUBLIC_LIFE_LEAD_YEARS = 2
# Roles of private people: a lone surname set beside one is not a politician of that name.
PRIVATE_ROLE_NOUNS = {"friend", "neighbor", "neighbour", "witness", "resident", "student", "classmate", "cousin",
                      "brother", "sister", "son", "daughter", "nephew", "niece", "boyfriend", "girlfriend", "roommate",
                      "teen", "teenager", "boy", "girl", "employee", "worker", "coworker", "co-worker", "customer",
                      "victim", "suspect", "driver", "bystander", "passenger", "tenant", "landlord", "relative"}


def _surname_before_public_life(state: DocState, mention: Mention, actor: Actor, use: TitleUse | None) -> bool:
    """A lone surname ("Vance said") of a KB person the report never names in full, published years
    before the person's first office or candidacy, with no title of theirs before it: someone else of
    that name. GVC (a 2016 Louisville report): a teenage witness "Vance" was linked to JD Vance, vice
    president from 2025, and all nine of his quotes were the vice president's. A title ("Sen. Vance")
    or the full name keeps the link; an undated report or a KB person without dated roles keeps it too."""
    if mention.end - mention.start != 1 or state.published is None or (use is not None and not use.negated):
        return False
    if any(m.key == "ACTOR" and m.target == mention.target and m.end - m.start >= 2 for m in state.mentions):
        return False
    word = state.doc[mention.start].text
    if any(_private_role_beside(state, m) for m in state.mentions
           if m.end - m.start == 1 and state.doc[m.start].text == word):
        return True  # every lone "Vance" of the report is the friend it once introduced
    starts = [r.start for r in actor.roles or () if r.start is not None]
    if not starts or len(starts) != len(actor.roles or ()):
        return False
    first = min(starts)
    return (first - state.published).days > PUBLIC_LIFE_LEAD_YEARS * 365


def _private_role_beside(state: DocState, mention: Mention) -> bool:
    """ "Vance, a friend of the victim, said", "her neighbor, Pence,": a lone surname the report sets beside
    a private person's role (``PRIVATE_ROLE_NOUNS``) is that private person, whatever the year; so is
    every other lone mention of it in the report."""
    span = state.doc[mention.start:mention.end]
    root = span.root
    beside = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        beside.append(root.head)
    if root.i > 0 and state.doc[root.i - 1].dep_ == "compound" and state.doc[root.i - 1].head.i == root.i:
        beside.append(state.doc[root.i - 1])  # "neighbor Vance"
    return any(t.pos_ == "NOUN" and t.lemma_.lower() in PRIVATE_ROLE_NOUNS for t in beside)


def _namesake_named_in_full(lex: Lexicon, state: DocState, mention: Mention) -> Actor | str | None:
    """Another person a lone KB surname means: the report names them in full and never the KB person.

    "Jeb Bush ... hosted Bush" means Jeb Bush (an unknown name: returned as
    text), "Sarah Sanders ... Sanders said" the press secretary (a KB
    person: returned as actor).
    """
    if mention.end - mention.start != 1:
        return None
    if any(m.key == "ACTOR" and m.target == mention.target and m.end - m.start >= 2 for m in state.mentions):
        return None
    text = state.doc[mention.start].text
    if text in state.unknown_people:
        return _unknown_namesake(state, text, mention)
    other = _kb_person_by_surname(lex, state, text)
    return other if other is not None and other.id != mention.target else None


def _unknown_person_names(state: DocState) -> dict[str, str]:
    """Surname -> fullest unknown name in the doc, for linking "Smith" to "Sean Smith"."""
    fullest: dict[str, str] = {}
    for m in state.mentions:
        if m.key == "NER" and m.label == "PERSON":
            name = person_name(state.doc[m.start:m.end].text)
            if len(name.split()) >= 2 and _name_like(name):
                last = name.split()[-1]
                if len(name) > len(fullest.get(last, "")):
                    fullest[last] = name
    return fullest


def _full_unknown_names(state: DocState, subjects_only: bool = False) -> list[tuple[int, str]]:
    """(token start, name) of every unknown person named in two or more words, in text order; with
    ``subjects_only``, only those that are a clause's subject or set beside one (``_as_subject``)."""
    out = []
    for m in state.mentions:
        if m.key == "NER" and m.label == "PERSON":
            name = person_name(state.doc[m.start:m.end].text)
            if len(name.split()) >= 2 and _name_like(name) and (not subjects_only or _as_subject(state, m)):
                out.append((m.start, name))
    return sorted(out)


def _as_subject(state: DocState, mention: Mention) -> bool:
    """ "Police Chief Cecil E. Smith said", "His father, Luca Rossi, is asking": a namesake the report
    goes on about, not one named in passing ("Harmon's wife, Margaret Harmon,"; GVC: with every
    mention, three lone surnames went to a wife, a dead son or a parolee's relative)."""
    root = state.doc[mention.start:mention.end].root
    if root.dep_ == "appos" and not any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in root.head.children):
        root = root.head  # "His father, Luca Rossi,", not "Harmon's wife, Margaret Harmon,"
    return root.dep_ in ("nsubj", "nsubjpass") and _in_main_clause(root.head)


def _in_main_clause(verb) -> bool:
    """The sentence's own verb or one joined to it, not a reported clause ("she said her son Dewaun
    Rockingham was the light of her life" names the son in passing)."""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _unknown_namesake(state: DocState, word: str, mention: Mention) -> str:
    """The person a lone name stands for, as a name. A surname two people share ("Police Chief Cecil
    E. Smith ... Dominique Smith, 17,") is the namesake named in full most recently before it, not the
    longer name: the chief's "Smith said" and the event lines it gives went to the witness (GVC
    Sanford report). Only a namesake named as a subject counts (``_as_subject``); with none before
    it, the fullest name, as before."""
    namesakes = {name for _, name in _full_unknown_names(state) if name.split()[-1] == word}
    before = [name for start, name in _full_unknown_names(state, subjects_only=True)
              if name.split()[-1] == word and start < mention.start]
    if before and len(namesakes) > 1:
        return before[-1]
    return state.unknown_people.get(word, word)


def _first_name_of(state: DocState, word: str, mention: Mention) -> str | None:
    """ "Dominique later stood ..." after "Dominique Smith, 17,": a lone given name is the one person
    named in full before it with that first name, when no one in the report has it as a surname (the
    actors component made "Dominique" an actor of its own beside "Dominique Smith", so her words
    were split between two speakers)."""
    names = _full_unknown_names(state)
    if any(name.split()[-1] == word for _, name in names):
        return None
    root = state.doc[mention.start:mention.end].root
    if root.dep_ in ("appos", "compound") or any(c.dep_ == "appos" for c in root.children):
        return None  # "her older brother, Anthony," is someone of his own; "Joplin police" no person
    owners = {name for start, name in names if name.split()[0] == word and start < mention.start}
    return next(iter(owners)) if len(owners) == 1 else None


def person_name(text: str) -> str:
    """A person's name as an id is made from: without a nickname in brackets or line breaks."""
    return " ".join(re.sub(r"\([^)]*\)", " ", text).split())


def _name_like(name: str) -> bool:
    """Every word capitalised but name particles ("Jose Luis Orozco", "Ursula von der Leyen"); not the
    NER's "joining Cooley"."""
    return all(w[:1].isupper() or w in NAME_PARTICLES for w in name.split())


def _kb_person_by_surname(lex: Lexicon, state: DocState, text: str) -> Actor | None:
    """A lone surname of exactly one KB person named in full in this doc ("Clinton")."""
    if state.kb_surnames is None:
        state.kb_surnames = _doc_kb_surnames(lex, state)
    actor_id = state.kb_surnames.get(text)
    if not actor_id:
        return None
    return state.actors.get(actor_id) or lex.kb.person_on(lex.kb.actors[actor_id], state.published)


def _doc_kb_surnames(lex: Lexicon, state: DocState) -> dict[str, str]:
    owners: dict[str, set[str]] = {}
    for m in state.mentions:
        if m.key == "ACTOR" and m.end - m.start >= 2 and lex.kb.actors[m.target].kind == "person":
            for name in lex.kb.aliases[m.target]:
                if " " in name:
                    owners.setdefault(name.split()[-1], set()).add(m.target)
    return {surname: next(iter(ids)) for surname, ids in owners.items() if len(ids) == 1}


def _resolve_person(lex: Lexicon, state: DocState, mention: Mention, use: TitleUse | None) -> None:
    span = state.doc[mention.start:mention.end]
    if use is None and mention.label == "PERSON" and span.text not in state.unknown_people and _told_as_a_business(span):
        mention.label = "ORG"
        state.add_entity(mention, text_actor(lex, state, span.text, "organisation", None, mention,
                                             sector=BUSINESS_SECTOR))
        return
    mention.label = "PERSON"
    text = person_name(state.doc[mention.start:mention.end].text)
    if len(text.split()) == 1:
        known = _kb_person_by_surname(lex, state, text)
        if known is not None:
            state.add_entity(mention, known)
            return
        if text in state.unknown_people:
            text = _unknown_namesake(state, text, mention)
        else:
            text = _first_name_of(state, text, mention) or text
    actor = text_actor(lex, state, text, "person", use, mention)
    state.add_entity(mention, actor)


def _resolve_org(lex: Lexicon, state: DocState, mention: Mention, use: TitleUse | None) -> None:
    """NER ORG: a titled name is really a person; otherwise an unknown organisation. A lower-case
    "organisation" ending in a group noun ("the interior ministry") is left to the group pass, which
    places it (demo read, round 8: it was an organisation of no country beside the same ministry
    read as a group of Morocco)."""
    span = state.doc[mention.start:mention.end]
    if all(t.is_lower for t in span if t.is_alpha) and lex.group_ending_at(state.doc, span.end - 1) is not None:
        return
    titled = use is not None and use.title != "LEADER" and all(t.text[:1].isupper() for t in span)
    known_surname = len(span) == 1 and (span.text in state.unknown_people
                                        or _kb_person_by_surname(lex, state, span.text))
    own = own_outlet(state, mention)
    if not own and (titled or known_surname or (org_sector(span) is None and _told_as_a_person(span))):
        _resolve_person(lex, state, mention, use)
        return
    sector = "JRN" if own else org_sector(span)
    kind = "media" if sector == "JRN" else "organisation"
    actor = text_actor(lex, state, span.text, kind, None, mention, sector=sector)
    state.add_entity(mention, actor)


# Nouns for what a person is or does, set beside a name the NER took for an organisation ("Marcus Hale,
# a former State Department official", "Mehmet, whose brother's family was trapped").
PERSON_ROLE_NOUNS = PRIVATE_ROLE_NOUNS | {
    "official", "analyst", "researcher", "strategist", "lawyer", "attorney", "teacher", "professor", "economist",
    "expert", "scholar", "spokesman", "spokeswoman", "spokesperson", "mother", "father", "grandmother",
    "grandfather", "husband", "wife", "aunt", "uncle", "man", "woman", "owner", "manager", "doctor", "nurse",
    "officer", "pastor", "activist", "organiser", "organizer", "volunteer", "journalist", "reporter", "farmer"}
# Nouns for a business set beside a name the NER took for a person ("Rusal, the aluminium producer").
BUSINESS_NOUNS = {"producer", "company", "firm", "maker", "manufacturer", "conglomerate", "supplier", "exporter",
                  "importer", "retailer", "lender", "insurer", "airline", "corporation", "bank", "subsidiary"}
BUSINESS_SECTOR = "BUS"
# relative pronouns that only stand for people
PERSON_RELATIVES = {"who", "whom", "whose"}


def _told_as_a_person(span) -> bool:
    """A name the NER labelled an organisation that the text tells as a person: in apposition with a
    person's role ("Marcus Hale, a former State Department official") or followed by "who"/"whose"
    ("Mehmet, whose brother's family was trapped"). Demo read, round 7: both were listed as
    organisations. Only for names without an organisation's word (``ORG_SECTOR_WORDS``)."""
    root = span.root
    beside = [c for c in root.children if c.dep_ == "appos"] + ([root.head] if root.dep_ == "appos" else [])
    if any(t.pos_ == "NOUN" and t.lemma_.lower() in PERSON_ROLE_NOUNS for t in beside):
        return True
    for child in root.children:
        if child.dep_ == "relcl" and child.left_edge.i == span.end + 1 and span.doc[span.end].text == ",":
            first = child.left_edge
            if first.lower_ in PERSON_RELATIVES or (first.dep_ == "poss" and first.lower_ == "whose"):
                return True
    return False


def _told_as_a_business(span) -> bool:
    """A name the NER labelled a person that the text sets beside a business noun ("Shares in Rusal, the
    aluminium producer controlled by ..."; demo read, round 8: Rusal was a person). The noun is
    checked with nothing before it but its modifiers: "the owner of the firm" is a person."""
    if len(span) != 1:
        return False  # "Jane Roe, a property developer": two-word names set beside a trade are people
    root = span.root
    beside = [c for c in root.children if c.dep_ == "appos"] + ([root.head] if root.dep_ == "appos" else [])
    if any(t.pos_ == "NOUN" and t.lemma_.lower() in BUSINESS_NOUNS for t in beside):
        return True
    return _business_noun_after(span)


# How many modifiers may stand between the article and the business noun ("the aluminium producer").
BUSINESS_MODIFIERS_MAX = 3


def _business_noun_after(span) -> bool:
    """ "Rusal, the aluminium producer controlled by ...": the parser may attach the noun elsewhere, so
    the words right after the comma are read: an article, a few modifiers, a business noun."""
    doc = span.doc
    k = span.end
    if k + 2 >= len(doc) or doc[k].text != "," or doc[k + 1].lower_ not in ("the", "a", "an"):
        return False
    k += 2
    stop = min(len(doc), k + BUSINESS_MODIFIERS_MAX + 1)
    while k < stop and doc[k].lemma_.lower() not in BUSINESS_NOUNS and doc[k].dep_ in ("compound", "amod"):
        k += 1
    return k < stop and doc[k].pos_ == "NOUN" and doc[k].lemma_.lower() in BUSINESS_NOUNS


def text_actor(lex: Lexicon, state: DocState, name: str, kind: str, use: TitleUse | None, mention: Mention,
               sector: str | None = None) -> Actor:
    """An actor known only from the text; the id is stable across docs."""
    actor_id = "x:" + slugify(name)
    actor = state.actors.get(actor_id) or Actor(actor_id, name, kind, sector=sector, source="text")
    country, national = (use.qualifier, use.national) if use else (None, False)
    if country is None:
        country, national = country_after(lex, state, mention)
    if country is None and kind != "person":
        country, national = country_inside(lex, state, mention)
    if use is not None and use.title != "LEADER" and use.negated:
        actor.sector = actor.sector or FORMER_OFFICIAL_SECTOR
    elif use is not None and use.title != "LEADER":
        actor.sector = lex.kb.title_sector(use.title)
        role = Role(use.title, country)
        if role not in actor.roles:
            actor.roles.append(role)
    elif actor.sector is None and kind == "person" and party_tag(lex, state, mention):
        actor.sector = PARTY_TAG_SECTOR
    if country is None and actor.country is None:
        country = default_country(lex, state, use.title if use is not None else None, person=kind == "person")
    if country and country not in SUPRANATIONAL and actor.country is None:
        actor.country = country
    if national and actor.family is None:
        actor.family = default_family(actor.sector, actor.country)
    return actor


def org_sector(span) -> str | None:
    words = {t.lower_.replace("\u2019", "'") for t in span}
    for keywords, sector in ORG_SECTOR_WORDS:
        if words & keywords:
            return sector
    return None


__all__ = ["org_sector", "resolve_named", "text_actor"]
