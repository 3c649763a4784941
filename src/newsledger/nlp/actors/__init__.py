"""The "newsledger_actors" spaCy component: who is mentioned, as canonical actors.

Writes ``doc._.entities``, ``doc._.actors`` and ``doc._.role_claims``. The
pieces, in the order they run:

1. :mod:`.mentions` - KB aliases (:mod:`.lexicon`), then spaCy's NER
   (PERSON, ORG, GPE, NORP, FAC, LOC) for what the KB does not know;
2. :mod:`.titles` - titles before names ("Russian President Vladimir
   Putin", "Sen. Jane Roe") give role claims, sectors and countries;
3. :mod:`.context` - the report's outlet and home country, for people and
   groups nothing next to them places;
4. :mod:`.named` - KB actors (with the sector of the office held on the
   publication date) and unknown persons and organisations;
5. :mod:`.titles` again - descriptions ("the Russian foreign minister") and
   office handles ("@POTUS") resolved to the holder;
6. :mod:`.groups` - nationality groups, countries as actors or places,
   appositions, and group nouns ("police", "protesters", "the ministry")
   with their PLOVER sector; before the group nouns, :mod:`.plurals` -
   definite plural references ("the two men", "both leaders") to the persons
   the report has just named.

Sectors are PLOVER codes (:mod:`newsledger.nlp.kb`). Other components may ask
:func:`group_at` whether a token is covered by a resolvable actor.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from newsledger.nlp.actors.context import home_country, settle_homonyms, single_country
from newsledger.nlp.text import DATELINE_DASHES, dateline_head, dateline_tokens, index_sentences
from newsledger.model import Actor
from newsledger.nlp.actors.groups import LOCAL_GROUP_SECTORS, RANK_NOUNS, group_at, resolve_appositions, resolve_group_nouns, resolve_places_and_groups
from newsledger.nlp.actors.lexicon import Lexicon, alias_variants
from newsledger.nlp.actors.mentions import find_mentions
from newsledger.nlp.actors.named import resolve_named
from newsledger.nlp.actors.plurals import resolve_plural_references
from newsledger.nlp.actors.state import DocState, published_day, trim
from newsledger.nlp.actors.titles import find_titles, resolve_descriptions
from newsledger.nlp.kb import KnowledgeBase, default_family, load_kb
from newsledger.nlp.pipeline import register_extensions

register_extensions()
# The country the report gives groups nothing in the text places ("police", "the nominee"), or None:
# later components that name a group the actors component did not (the events component's
# provisional "x:" parties) place it by the same rule.
if not Doc.has_extension("group_country"):
    Doc.set_extension("group_country", default=None)
# Plural references resolved to the persons they stand for ("the two men": one entity per person,
# each on the noun's span, as (start, end, text, label, actor) tuples; see :mod:`.plurals`). The
# events component joins them to the entities.
if not Doc.has_extension("references"):
    Doc.set_extension("references", default=None)

__all__ = [
    "DATELINE_DASHES", "ActorsComponent", "alias_variants", "dateline_head", "dateline_tokens", "group_at",
    "party_word_country", "provisional_group",
]


@Language.factory("newsledger_actors", default_config={"kb_path": None})
def make_actors_component(nlp: Language, name: str, kb_path: str | None) -> "ActorsComponent":
    return ActorsComponent(nlp, load_kb(kb_path))


class ActorsComponent:
    """Writes ``doc._.entities``, ``doc._.actors`` and ``doc._.role_claims``."""

    _trim = staticmethod(trim)

    def __init__(self, nlp: Language, kb: KnowledgeBase):
        self.kb = kb
        self.lexicon = Lexicon(nlp, kb)

    def __call__(self, doc: Doc) -> Doc:
        index_sentences(doc)
        lex = self.lexicon
        state = DocState(doc, published_day(doc._.published), find_mentions(lex, doc))
        state.outlet = self.kb.outlet_country(doc._.source)
        settle_homonyms(lex, state)
        state.home = home_country(lex, state)  # before titles trim the NER spans they overlap
        state.home_for_people = home_country(lex, state, strict=True)
        state.only_country = single_country(lex, state)
        titles = find_titles(lex, state)
        resolve_named(lex, state, titles)
        resolve_descriptions(lex, state, titles)
        resolve_places_and_groups(lex, state)
        resolve_appositions(state)
        resolve_plural_references(lex, state)
        resolve_group_nouns(lex, state)
        doc._.entities = sorted(state.entities, key=lambda e: (e.start, e.end))
        doc._.actors = state.actors
        doc._.role_claims = state.claims
        doc._.group_country = state.home
        # plain tuples: a doc may cross a process boundary (msgpack) without the events component
        doc._.references = [(r.start, r.end, r.text, r.label, r.actor) for r in state.references]
        return doc


def party_word_country(word: str) -> str | None:
    """The country of the party a word opens the name of ("Democratic" -> Democratic Party -> USA), when
    the knowledge base has exactly one such party: a party adjective says where a group is, as a
    nationality would; an ethnic or religious adjective ("Kurdish", "Muslim") does not."""
    return _party_words().get(word.lower())


@lru_cache(maxsize=1)
def _party_words() -> dict[str, str | None]:
    kb = load_kb()
    found: dict[str, set[str]] = {}
    for actor in kb.actors.values():
        if actor.kind == "organisation" and actor.sector == "PTY" and actor.country:
            for name in (actor.name, *kb.aliases.get(actor.id, [])):
                found.setdefault(name.split()[0].lower(), set()).add(actor.country)
    return {word: next(iter(c)) if len(c) == 1 else None for word, c in found.items()}


# Words before a rank noun that say which service the rank is in (nearest first wins): "military
# intelligence officers" are intelligence officers (SPY, as the GRU), "army officers" soldiers.
RANK_SERVICE_SECTORS = {"intelligence": "SPY", "spy": "SPY", "military": "MIL", "army": "MIL",
                        "naval": "MIL", "navy": "MIL", "police": "COP", "customs": "GOV", "immigration": "GOV"}


def _rank_sector(modifiers: list[str]) -> str | None:
    for word in reversed(modifiers):
        if word in RANK_SERVICE_SECTORS:
            return RANK_SERVICE_SECTORS[word]
    return None


def provisional_group(doc: Doc, actor_id: str, name: str) -> Actor:
    """An actor record for a group another component named ("x:nevertrump-delegates" in a re-parsed
    headline): the PLOVER sector of its head noun from the knowledge base's ``group_actors``, and
    the report's country for unplaced groups (``doc._.group_country``, see :mod:`.context`)."""
    kb = load_kb()
    words = name.lower().replace("\u2019", "'").split()
    sector = None
    for size in range(min(len(words), 3), 0, -1):
        phrase = " ".join(words[-size:])
        if phrase in kb.group_actors:
            sector = kb.group_actors[phrase]
            break
    if words and words[-1] in RANK_NOUNS:
        sector = _rank_sector(words[:-1]) or sector
    country = doc._.group_country if doc.has_extension("group_country") else None
    family = None if sector in LOCAL_GROUP_SECTORS else default_family(sector, country)
    return Actor(actor_id, name, "group", country, sector, family=family, source="text")
