"""Groups, places and descriptions: who acts when no name does.

* **Nationality groups**: a nationality with a group noun ("Russian
  nationals", "US intelligence") is a group actor of that country.
* **Countries and capitals** are the country's actor unless used as a place
  ("in Moscow", "the Helsinki summit").
* **Group nouns on their own** ("police fired", "protesters marched", "the
  ministry said", "a gang member"): a group actor with the noun's PLOVER
  sector and the report's country when the report has one (see
  :mod:`context`); a noun already made an actor by a name it modifies or is
  tied to ("Kremlin officials", "officials of the ministry") is left to that
  name.
* **Appositions**: "the head of the campaign, Jane Roe, said" - the noun the
  name is set beside is that person.

:func:`group_at` answers, for other components, whether a token is a
resolvable group (its actor id, or None).
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Token

from newsledger.model import Actor
from newsledger.nlp.actors.lexicon import Lexicon
from newsledger.nlp.actors.state import DocState, Mention, is_people_noun
from newsledger.nlp.actors.context import report_countries
from newsledger.nlp.actors.places import TERRITORY_VERBS, gazetteer_country
from newsledger.nlp.kb import city_countries, default_family, slugify
from newsledger.nlp.text import DATELINE_DASHES, dateline_head

# Prepositions that make a country or capital a place rather than an actor.
LOCATIVE_PREPS = {"in", "at", "inside", "across", "near", "into", "throughout", "within", "around", "outside",
                  "through"}
# Gatherings named after where they meet ("the Helsinki summit", "the Minsk talks").
VENUE_NOUNS = {"summit", "talk", "talks", "meeting", "conference", "forum", "negotiation", "round", "visit", "trip"}
# Institutions a capital or country names the seat of, not the state: "a Washington university", "a Moscow
# hospital" (demo read, round 8: "teaches at a Washington university" made a group "United States university").
INSTITUTION_NOUNS = {"university", "college", "school", "hospital", "clinic", "museum", "hotel", "restaurant",
                     "church", "mosque", "synagogue", "cathedral", "theatre", "theater", "zoo", "airport"}
UNCOUNTABLE = {"police", "military", "media", "intelligence", "government", "administration", "leadership",
               "army", "navy", "people"}
# Roles of a group noun in its clause that make it a participant, not a modifier or a time.
PARTICIPANT_DEPS = {"nsubj", "nsubjpass", "dobj", "obj", "pobj", "conj", "appos", "dative", "attr", "ROOT", "agent"}
# Modifiers that tie a group noun to a named actor ("Kremlin officials", "the party's delegates").
NAMING_DEPS = {"compound", "poss", "nmod"}  # not amod: "anti-Trump delegates" are not Trump's
# Prepositions through which a named body owns the group ("officials of the ministry").
OWNING_PREPS = {"of", "from", "for", "at", "with"}
APPOSITION_HEADS = {"NOUN"}
# Nouns that count a group ("a number of delegates", "hundreds of protesters"): the group acts.
QUANTITY_NOUNS = {"number", "hundred", "thousand", "dozen", "score", "handful", "group", "crowd", "majority",
                  "minority", "few", "couple", "team", "band", "million", "lot"}
# Groups that act where the report is set (a deputy, a court): one country named is enough.
LOCAL_GROUP_SECTORS = {"COP", "JUD"}
# A region is a party (its government) as a verb's subject or object, or after these prepositions.
REGION_PARTY_DEPS = {"nsubj", "nsubjpass", "dobj", "agent"}
# "Mississippi's law": a region owning a noun that is not a place or an office acts through it.
REGION_OWNED_NOUNS_EXCLUDED = {"governor", "gov.", "senator", "sen.", "mayor", "capital", "city", "county",
                               "coast", "border", "state", "people", "residents"}
REGION_PARTY_PREPS = {"against", "by"}
REGION_SECTOR = "GOV"


def resolve_places_and_groups(lex: Lexicon, state: DocState) -> None:
    for mention in state.mentions:
        if mention.key == "CAPITAL":
            place = is_place(state.doc, mention)
            state.add_entity(mention, None if place else lex.kb.actors[mention.target])
        elif mention.key == "REGION" and taken_territory(state.doc, mention):
            state.add_entity(mention, lex.kb.actors.get(mention.target))  # the country that loses it
        elif mention.key == "REGION":
            state.add_entity(mention, region_actor(state, mention) if acts_as_party(state.doc, mention) else None)
        elif mention.key == "ADJ":
            _resolve_nationality(lex, state, mention)
        elif mention.key == "NER" and mention.label == "NORP":
            _resolve_unknown_norp(state, mention)
        elif mention.key == "NER" and mention.label in ("GPE", "FAC", "LOC"):
            state.add_entity(mention, None)


def is_place(doc: Doc, mention: Mention) -> bool:
    """"in Moscow", "the Helsinki summit": where something happens, not who acts."""
    root = doc[mention.start:mention.end].root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    if root.dep_ == "compound" and root.head.lemma_.lower() in VENUE_NOUNS | INSTITUTION_NOUNS:
        return True  # "the Helsinki summit", "a Washington university"
    return root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS


# Verbs and nouns of taking ground from a state: the region taken stands for the country that loses it.
SEIZING_VERBS = {"annex", "invade", "occupy", "seize", "capture", "overrun"}
SEIZING_NOUNS = {"annexation", "invasion", "occupation", "seizure", "capture"}


def taken_territory(doc: Doc, mention: Mention) -> bool:
    """ "Russia annexed Crimea", "the annexation of Crimea": a region a state takes. Its party is the
    country it is taken from (the region's country in the knowledge base), as PLOVER codes a seizure;
    read as the region's own government it was an organisation "Crimea" on the recipient side
    (demo read, round 8), and read as a place only, the reports of the annexation lost the party that
    made them one event."""
    root = doc[mention.start:mention.end].root
    if root.dep_ == "dobj" and root.head.lemma_.lower() in SEIZING_VERBS:
        return True
    return (root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN"
            and root.head.head.lemma_.lower() in SEIZING_NOUNS)


def acts_as_party(doc: Doc, mention: Mention) -> bool:
    """"Mississippi appealed", "sued Texas": a region as the subject or object of a verb is its government.

    Not the object of a verb that takes ground ("Russia annexed Crimea": demo read, round 8, Crimea was
    the recipient of the annexation as an organisation)."""
    root = doc[mention.start:mention.end].root
    if root.dep_ == "dobj" and root.head.lemma_.lower() in TERRITORY_VERBS:
        return False
    if root.dep_ in REGION_PARTY_DEPS and root.head.pos_ in ("VERB", "AUX"):
        return True
    if root.dep_ == "poss" and root.head.pos_ == "NOUN" and root.head.lower_ not in REGION_OWNED_NOUNS_EXCLUDED:
        return True
    return root.dep_ == "pobj" and root.head.lower_ in REGION_PARTY_PREPS and root.head.head.pos_ == "VERB"


def region_actor(state: DocState, mention: Mention) -> Actor:
    """The government of a region (a US state, a province), in its country; never the national government."""
    name = state.doc[mention.start:mention.end].text
    actor_id = "x:" + slugify(name)
    return state.actors.get(actor_id) or Actor(actor_id, name, "organisation", mention.target, REGION_SECTOR,
                                               source="text")


def _nationality_noun_at(lex: Lexicon, doc: Doc, j: int) -> tuple[int, str, str | None, bool] | None:
    """Longest nationality group noun ("officials", "intelligence agency") starting at token j.

    The last item says the noun is kept as written: group nouns of their own
    ("Greek students", "a Syrian boy") are not made plural.
    """
    for length in (3, 2, 1):
        if j + length > len(doc):
            continue
        phrase = " ".join(doc[k].lower_ for k in range(j, j + length))
        if phrase in lex.kb.group_nouns:
            return j + length, phrase, lex.kb.group_nouns[phrase], False
        if phrase in lex.kb.group_actors:
            return j + length, phrase, lex.kb.group_actors[phrase], True
    return None


def group_after(lex: Lexicon, state: DocState, mention: Mention) -> bool:
    """"Russian nationals", "US intelligence": a nationality with a group noun is a group actor."""
    found = _nationality_noun_at(lex, state.doc, mention.end)
    if found is None:
        return False
    end, noun, sector, as_written = found
    iso3 = mention.target if mention.key == "ADJ" else lex.kb.actors[mention.target].country
    actor = national_group(lex, state, iso3, noun, sector, as_written=as_written)
    state.add_entity(Mention(mention.start, end, "GROUP", None, "NORP"), actor)
    mention.actor = actor.id
    return True


def national_group(lex: Lexicon, state: DocState, iso3: str, noun: str, sector: str | None, *,
                   as_written: bool = False) -> Actor:
    """The actor "<Adjective> <plural noun>" of a country ("x:russian-officials", "x:greek-police").

    A nationality group noun ("official") is made plural; ``as_written``
    keeps the noun ("student" stays one student).
    """
    country = lex.kb.countries[iso3]
    adjective = country.adjectives[0] if country.adjectives else country.name
    plural = noun if as_written or noun.endswith("s") or " " in noun or noun in UNCOUNTABLE else _plural(noun)
    actor_id = f"x:{slugify(adjective)}-{slugify(plural)}"
    return state.actors.get(actor_id) or Actor(
        actor_id, f"{adjective} {plural}", "group", iso3, sector,
        family=default_family(sector, iso3), source="text")


def _plural(noun: str) -> str:
    """"official" -> "officials", "embassy" -> "embassies"."""
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u"):
        return noun[:-1] + "ies"
    return noun + "s"


def _resolve_nationality(lex: Lexicon, state: DocState, mention: Mention) -> None:
    if group_after(lex, state, mention):
        return
    token = state.doc[mention.end - 1]
    if not is_people_noun(token):
        state.add_entity(mention, None)
        return
    actor_id = "x:" + slugify(token.text)
    actor = state.actors.get(actor_id) or Actor(actor_id, token.text, "group", mention.target, None,
                                                source="text")
    state.add_entity(mention, actor)


def _resolve_unknown_norp(state: DocState, mention: Mention) -> None:
    """Groups the KB does not know ("Muslims", "Kurds") when used as a noun."""
    span = state.doc[mention.start:mention.end]
    if not is_people_noun(span[-1]):
        state.add_entity(mention, None)
        return
    actor_id = "x:" + slugify(span.text)
    actor = state.actors.get(actor_id) or Actor(actor_id, span.text, "group", source="text")
    state.add_entity(mention, actor)


# ---------------------------------------------------------------- appositions and group nouns
def resolve_appositions(state: DocState) -> None:
    """A person and the common noun set beside them ("the head of the PAC, Jane Roe," / "Roe, the head
    of the PAC,") are one: the noun becomes the person, and a person the text does not otherwise
    place takes the sector and country of the body the noun ties them to ("head of the PAC")."""
    doc = state.doc
    taken = _entity_tokens(state)
    named = _actor_tokens(state)
    for m in list(state.mentions):
        actor = state.actors.get(m.actor or "")
        if actor is None or actor.kind != "person":
            continue
        root = doc[m.start:m.end].root
        noun = root.head if root.dep_ == "appos" else next(
            (c for c in root.children if c.dep_ == "appos" and c.pos_ in APPOSITION_HEADS), None)
        if noun is None or noun.pos_ not in APPOSITION_HEADS or noun.i == root.i:
            continue
        if noun.i not in taken:
            state.add_entity(Mention(noun.i, noun.i + 1, "DESC", None, "DESC"), actor, "DESC")
            taken.add(noun.i)
        _take_body_of(state, actor, noun, named)


def _take_body_of(state: DocState, person: Actor, noun: Token, named: dict[int, str | None]) -> None:
    """"head of the PAC": an unplaced person with no sector gets the body's sector and country."""
    if person.source != "text" or person.sector is not None:
        return
    for prep in noun.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("of", "for", "at"):
            continue
        for obj in prep.children:
            body = state.actors.get(named.get(obj.i) or "")
            if obj.dep_ == "pobj" and body is not None and body.kind != "person" and body.sector:
                person.sector = body.sector
                person.country = person.country or body.country
                return


def resolve_group_nouns(lex: Lexicon, state: DocState) -> None:
    """Bare group nouns as actors, with their sector and, when the report gives one, their country."""
    doc = state.doc
    taken = _entity_tokens(state)
    named = _actor_tokens(state)
    owned: dict[str, Actor] = {}  # rank nouns of a named body in this report ("officers of the GRU")
    bodies: dict[str, Actor] = {}  # state bodies named so far, by head noun ("interior ministry" -> "ministry")
    candidates = [doc[i] for i in lex.group_candidates(doc)]
    heads = [t for t in candidates if _participant_noun(t)]
    modifiers = [t for t in candidates if _modifying_noun(t, lex)]
    for token in heads + modifiers:
        if token.i in taken:
            continue
        found = lex.group_ending_at(doc, token.i)
        if found is None or any(i in taken for i in range(found[0], token.i + 1)):
            continue
        start, phrase, sector = found
        if _institution_as_setting(token, phrase):
            continue
        owner = _owner(token, named, state)
        town = _town_of_local_body(state, token, owner, sector) if owner is not None else _placed_town(state, token, sector, taken, named)
        if town is not None:
            _local_body(state, town, token, phrase, sector, taken)
            continue
        if owner is not None and phrase in RANK_NOUNS and owner.kind == "organisation" and owner.sector:
            owned[phrase] = _owned_ranks(lex, state, token, found[0], phrase, owner, taken)
            continue
        if owner is None and phrase in owned and _definite(token):
            actor = owned[phrase]  # "the officers" after "12 officers of Russia's GRU"
            state.add_entity(Mention(found[0], token.i + 1, "GROUP", None, "GROUP"), actor, "GROUP")
            taken.update(range(found[0], token.i + 1))
            continue
        if owner is not None and phrase in lex.kb.group_nouns:
            continue  # "Kremlin officials" speak for the Kremlin
        start = _modifiers_start(doc, start, token, taken)
        words = [t.lower_.replace("\u2019", "'") for t in doc[start:found[0]]] + [phrase]
        actor = _group_actor(lex, state, " ".join(words), sector, owner)
        if owner is None and sector in STATE_SECTORS:
            actor = _named_before(bodies, actor, words, token)
        state.add_entity(Mention(start, token.i + 1, "GROUP", None, "GROUP"), actor, "GROUP")
        taken.update(range(start, token.i + 1))
        _quantity_of(state, token, actor, taken)


# Ranks whose sector is their body's, not the police's: "officers of Russia's GRU" are intelligence officers,
# "Army officers" soldiers (demo read, round 8: "officers" of the GRU had sector COP).
RANK_NOUNS = {"officer", "officers", "agent", "agents"}


def _owned_ranks(lex: Lexicon, state: DocState, token: Token, start: int, phrase: str, owner: Actor,
                 taken: set[int]) -> Actor:
    """ "12 officers of Russia's GRU": a group of the body, with the body's sector and country."""
    actor_id = f"x:{slugify(owner.name)}-{slugify(phrase)}"
    actor = state.actors.get(actor_id) or Actor(actor_id, f"{owner.name} {phrase}", "group", owner.country,
                                                owner.sector, family=owner.family, source="text")
    state.add_entity(Mention(start, token.i + 1, "GROUP", None, "GROUP"), actor, "GROUP")
    taken.update(range(start, token.i + 1))
    return actor


def _definite(token: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in token.children)


def _town_of_local_body(state: DocState, token: Token, owner: Actor, sector: str | None) -> Token | None:
    """ "Sanford police said": the one capitalised word before a police or court noun is the town
    whose body it is, though the NER took it for a person or an organisation of its own. The report
    named the town as the speaker ("Sanford police" -> "Sanford", GVC Sanford report: 2 quote rows and
    the town as an actor). Only for local bodies (police, courts) and an owner known only from this
    text as a one-word name: "Kremlin officials" and "Hamas fighters" still speak for their body."""
    if sector not in LOCAL_GROUP_SECTORS or owner.source != "text" or owner.kind not in ("person", "organisation"):
        return None
    if len(owner.name.split()) != 1:
        return None
    town = state.doc[token.i - 1] if token.i > 0 else None
    if town is None or town.dep_ != "compound" or town.head.i != token.i or not town.text[:1].isupper():
        return None
    return town if town.text == owner.name else None


def _named_before(bodies: dict[str, Actor], actor: Actor, words: list[str], token: Token) -> Actor:
    """ "The ministry said" after "the interior ministry said": a bare definite state body is the one of
    that head noun the report named just before (demo read, round 8: "x:mar-ministry" beside
    "x:mar-interior-ministry" in one report). Records ``actor`` for later mentions otherwise."""
    head = words[-1].split()[-1]
    if len(words) == 1 and " " not in words[0] and _definite(token) and head in bodies:
        return bodies[head]
    bodies[head] = actor
    return actor


def _institution_as_setting(token: Token, phrase: str) -> bool:
    """ "teaches at a university", "works at a Moscow hospital": an institution the text names with "a"
    after a preposition is where someone is, not a party ("the hospital said" stays the hospital)."""
    if phrase.split()[-1] not in INSTITUTION_NOUNS or token.dep_ != "pobj":
        return False
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children)


def _placed_town(state: DocState, token: Token, sector: str | None, taken: set[int],
                 named: dict[int, str | None]) -> Token | None:
    """ "Gary police": the one-word town before a police or court noun that the actors component read as
    a place where the NER saw a name (:mod:`.places`) is the town whose body it is, as
    :func:`_town_of_local_body` reads it when it stays a name: the same actor ("x:gary-police") as
    before the place reading. Towns the NER itself calls places keep their reading ("x:usa-police")."""
    if sector not in LOCAL_GROUP_SECTORS or token.i == 0:
        return None
    town = state.doc[token.i - 1]
    if town.dep_ != "compound" or town.head.i != token.i or not town.is_title or town.i not in taken:
        return None
    if named.get(town.i) or (town.i > 0 and (town.i - 1) in taken):
        return None  # an actor's word, or the end of a longer place name
    return town if state.place_names.get(town.text) or town.i in state.place_tokens else None


def _local_body(state: DocState, town: Token, token: Token, phrase: str, sector: str | None, taken: set[int]) -> None:
    """The town's police or court as one group actor ("Sanford police"), in the report's country; the
    town's word is no longer an actor of its own there."""
    lo, hi = town.idx, town.idx + len(town.text)
    state.entities = [e for e in state.entities if e.end <= lo or e.start >= hi]
    name = f"{town.text} {phrase}"
    country = state.home or state.only_country
    actor_id = f"x:{slugify(name)}"
    actor = state.actors.get(actor_id) or Actor(actor_id, name, "group", country, sector, source="text")
    state.add_entity(Mention(town.i, token.i + 1, "GROUP", None, "GROUP"), actor, "GROUP")
    taken.update(range(town.i, token.i + 1))


def _quantity_of(state: DocState, token: Token, actor: Actor, taken: set[int]) -> None:
    """"A number of delegates", "hundreds of protesters": the quantity the clause hangs on is the group."""
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ != "of" or prep.head.i in taken:
        return
    quantity = prep.head
    if quantity.lemma_.lower() in QUANTITY_NOUNS:
        state.add_entity(Mention(quantity.i, quantity.i + 1, "GROUP", None, "GROUP"), actor, "GROUP")
        taken.add(quantity.i)


def _entity_tokens(state: DocState) -> set[int]:
    """Tokens already covered: by an entity, or by a plural reference to named persons (:mod:`.plurals`)."""
    doc = state.doc
    taken = set(_actor_tokens(state, with_places=True))
    for ref in state.references:
        span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
        taken.update(range(span.start, span.end) if span is not None else ())
    return taken


def _actor_tokens(state: DocState, with_places: bool = False) -> dict[int, str | None]:
    """Token -> actor id of the entities found so far (places too, with None, when asked)."""
    doc = state.doc
    out: dict[int, str | None] = {}
    for e in state.entities:
        if e.actor is None and not with_places:
            continue
        span = doc.char_span(e.start, e.end, alignment_mode="expand")
        if span is not None:
            out.update({i: e.actor for i in range(span.start, span.end)})
    return out


def _participant_noun(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and token.text[:1].isalpha() and token.dep_ in PARTICIPANT_DEPS


def _modifying_noun(token: Token, lex: Lexicon) -> bool:
    """"student protests", "police station": a group noun modifying a noun that names no group itself."""
    head = token.head
    return (token.dep_ == "compound" and token.pos_ == "NOUN" and head.pos_ == "NOUN"
            and head.i == token.i + 1 and lex.group_ending_at(token.doc, head.i) is None)


def _owner(token: Token, named: dict[int, str | None], state: DocState) -> Actor | None:
    """The named actor a group noun belongs to: "Kremlin officials", "GOP delegates", "the party's
    delegates", "officials of the ministry".

    Through a preposition only a body owns the group: "the killing by police
    of a boy" does not make the police the boy's.
    """
    for child in token.children:
        if child.dep_ in NAMING_DEPS:
            owners = [named[t.i] for t in child.subtree if named.get(t.i)]
            if owners:
                return state.actors.get(owners[0])
        if child.dep_ == "prep" and child.lower_ in OWNING_PREPS:
            for obj in child.children:
                actor = state.actors.get(named.get(obj.i) or "")
                if obj.dep_ == "pobj" and actor is None and token.lower_ in RANK_NOUNS:
                    actor = _named_modifier(obj, named, state)  # "officers of Russia's GRU agency"
                if obj.dep_ == "pobj" and actor is not None and actor.kind != "person":
                    return actor
    return None


def _named_modifier(noun: Token, named: dict[int, str | None], state: DocState) -> Actor | None:
    """The named body a common noun is built on ("Russia's GRU military intelligence agency": the GRU)."""
    for t in noun.subtree:
        if t.i < noun.i and t.dep_ in ("compound", "nmod", "amod") and named.get(t.i):
            actor = state.actors.get(named[t.i] or "")
            if actor is not None and actor.kind == "organisation":
                return actor
    return None


def _modifiers_start(doc: Doc, start: int, head: Token, taken: set[int]) -> int:
    """Widen the group's span over adjectives and compounds right before it ("protesting delegates").

    Not over the pieces of a hyphenated age or count ("the 35-year-old deputy").
    """
    while start > 0:
        prev = doc[start - 1]
        if prev.i in taken or prev.head.i != head.i or prev.dep_ not in ("amod", "compound") or not prev.is_alpha:
            break
        if prev.i > 0 and doc[prev.i - 1].text == "-":
            break
        start -= 1
    return start


def _group_actor(lex: Lexicon, state: DocState, phrase: str, sector: str | None, owner: Actor | None) -> Actor:
    """A group of a named owner ("the Clinton campaign", "GOP delegates": the owner's, in its country),
    else in the report's home country; local police and courts also in the only country it names.

    The owner is part of the id: two campaigns are two actors, not one "campaign".
    """
    if owner is not None:
        actor_id = f"x:{slugify(owner.name)}-{slugify(phrase)}"
        return state.actors.get(actor_id) or Actor(
            actor_id, f"{owner.name} {phrase}", "group", owner.country, sector or owner.sector, source="text")
    country = state.home or (state.only_country if sector in LOCAL_GROUP_SECTORS else None)
    if country is None and sector in STATE_SECTORS:
        country = setting_country(lex, state)
    if country and country in lex.kb.countries:
        return placed_group(state, country, phrase, sector)
    actor_id = "x:" + slugify(phrase)
    return state.actors.get(actor_id) or Actor(actor_id, phrase, "group", None, sector, source="text")


# Sectors of a state's own organs (a ministry, the army, police, courts, a legislature, a spy service): when
# nothing else places one, it is the state's where the report is set.
STATE_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}


def setting_country(lex: Lexicon, state: DocState) -> str | None:
    """The one country a report is set in: the country of its dateline ("MARRAKESH, Sept. 9 (Agency) —")
    and of every place it names as where something happens ("landed in Marrakesh", "villages across
    Morocco"), when they are all one country; else None.

    For state bodies nothing else places ("the interior ministry said" in a report on a Moroccan
    earthquake that also names the countries sending help): the report's home country
    (:mod:`.context`) is none there, as it names several countries. Demo read, round 8: the same
    ministry was two actors, one of them without a country. Countries named as parties ("teams from
    Spain", "Morocco said") are no evidence of the setting; a place name of several countries is none
    either, nor a country the report never names as such (a town or province read as a place only
    gives the country with :func:`newsledger.nlp.actors.places.gazetteer_country`, and US districts
    share names with foreign towns). Worked out once per report, when first needed.
    """
    if state.setting is not None:
        return state.setting or None
    doc = state.doc
    datelines = _dateline_countries(lex, doc)
    found: set[str] = set(datelines)
    for m in state.mentions:
        span = doc[m.start:m.end]
        if id(m) in state.unsettled or span.text in lex.kb.region_countries:
            continue  # "Georgia", or a "Lebanon" that may be a town: nothing to go on
        read_as_place = m.key == "NER" and (span.text in state.place_names or m.start in state.place_tokens)
        if not (read_as_place or dateline_head(span) or is_place(doc, m)):
            continue
        if m.key in ("CAPITAL", "REGION"):
            found.add(m.target)
        elif m.key == "ACTOR" and lex.kb.actors[m.target].kind == "country":
            found.add(m.target)
        elif m.key == "NER" and m.label == "GPE":
            town = city_countries().get(span.text) or city_countries().get(span.text.title())
            town = town or (gazetteer_country(span.text) if read_as_place else None)
            if town:
                found.add(town)
    state.setting = next(iter(found)) if len(found) == 1 and _dominant(lex, state, next(iter(found)), datelines) else ""
    return state.setting or None




def _dominant(lex: Lexicon, state: DocState, country: str, datelines: list[str]) -> bool:
    """The setting must be a country the report names as such (a US district called like a French town,
    "Gentilly", is no setting in France) and more often than any other country: a summit in Helsinki
    or a war in Syria told from Washington is no report set in Finland or Syria, and the senators and
    grand jury it names are not theirs (demo ledger: "x:fin-federal-grand-jury", "x:syr-senators"),
    while a quake in Morocco stays there however many countries send help (half the mentions was too
    strict: a report listing five helping countries named Morocco twice). A
    dateline counts as one more mention of its country (the NER often misses an all-capitals one)."""
    if country not in _named_countries(lex, state):
        return False
    seen = (state.firm if state.firm is not None else report_countries(lex, state)) + Counter(datelines)
    return all(seen[country] > n for other, n in seen.items() if other != country)


def _named_countries(lex: Lexicon, state: DocState) -> set[str]:
    """Countries the report names by a country's own words: its name, adjective, capital or a region."""
    out = set()
    for m in state.mentions:
        if id(m) in state.unsettled or state.doc[m.start:m.end].text in lex.kb.region_countries:
            continue
        if m.key in ("ADJ", "CAPITAL", "REGION"):
            out.add(m.target)
        elif m.key == "ACTOR" and lex.kb.actors[m.target].kind == "country":
            out.add(m.target)
    return out


# How far after a dateline's place its agency or dash comes ("MARRAKESH, Sept. 9 (Valley Wire) —").
DATELINE_REACH = 12


def _dateline_countries(lex: Lexicon, doc: Doc) -> list[str]:
    """Countries of the capitalised places opening a line as a dateline, whether or not the NER named them."""
    out = []
    for token in doc:
        if not (token.i == 0 or (doc[token.i - 1].is_space and "\n" in doc[token.i - 1].text)):
            continue
        end = token.i
        while end < len(doc) and (doc[end].text.isupper() or doc[end].text == ".") and not doc[end].is_space:
            end += 1
        if end == token.i or end >= len(doc) or doc[end].text != ",":
            continue
        after = doc[end:min(len(doc), end + DATELINE_REACH)]
        if not any(t.text == "(" or t.text in DATELINE_DASHES for t in after):
            continue
        words = tuple(t.lower_ for t in doc[token.i:end])
        iso3 = lex.lookup["CAPITAL"].get(words) or lex.lookup["REGION"].get(words)
        target = lex.lookup["ACTOR"].get(words)
        if iso3 is None and target in lex.kb.countries:
            iso3 = target
        iso3 = iso3 or city_countries().get(doc[token.i:end].text.title())
        if iso3:
            out.append(iso3)
    return out


def placed_group(state: DocState, iso3: str, phrase: str, sector: str | None) -> Actor:
    """A group the text names without a nationality ("police", "a woman"), placed in the report's country.

    The name stays as written: "American police" in 564 of 1,510 GVC event
    lines read as a nationality the text never gave. The country is the
    report's, weak evidence kept for matching (the id keeps groups of two
    countries apart: "x:usa-police", "x:grc-police"). A ministry or an army
    keeps its government family; local police and courts get none: a town's
    police does not speak for the state.
    """
    actor_id = f"x:{iso3.lower()}-{slugify(phrase)}"
    family = None if sector in LOCAL_GROUP_SECTORS else default_family(sector, iso3)
    return state.actors.get(actor_id) or Actor(actor_id, phrase, "group", iso3, sector, family=family,
                                               source="text")


def group_at(doc: Doc, token: Token) -> str | None:
    """The actor id of the group or named actor covering ``token`` in an analysed doc, if any.

    For other components: "is this token a resolvable party?" without
    re-reading the entity list's character offsets themselves.
    """
    for entity in doc._.entities or []:
        if entity.actor and entity.start <= token.idx < entity.end:
            return entity.actor
    return None
