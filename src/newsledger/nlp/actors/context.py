"""Where an actor the knowledge base does not know comes from: the words around it and the report.

In the order they are trusted:

1. **Next to the name**: a country or region qualifier ("Russian President",
   "Florida Gov."), "of <place>" or "(<place>)" after it, a US party-state
   tag ("Sen. Jane Roe (R-Fla.)", "Rep. John Doe, D-Texas").
2. **The outlet** (the document's source or web address: a known outlet,
   else a country-code domain) for *local* offices only ("Sen.", "Gov.",
   "the sheriff's deputy"): such offices belong to the outlet's own country
   far more often than not. Without a known outlet, the only country the
   report names at all.
3. **The report's home country**: the outlet's country when all but one,
   or nine in ten, of the countries the report names or implies (places,
   nationalities, KB actors with a country) are that country; without a
   known outlet, the only country the report names (twice at least).
   Bodies and groups the text does not place get it, and people too when
   the report names no other country at all. A report about two countries
   leaves them unplaced: a wrong nationality costs more than none.
"""

from __future__ import annotations

import re
from collections import Counter

from newsledger.nlp.actors.lexicon import Lexicon
from newsledger.nlp.actors.state import DocState, Mention
from newsledger.nlp.kb import SUPRANATIONAL, city_countries, city_owners

# "(R-Fla.)", "(D-CA)", ", R-Texas,", "(I-Vt.)": party letter, dash, state; read off the next few tokens.
PARTY_TAG = re.compile(
    r"\s*[(,]\s*(?P<party>[RDI])\.?\s*[-\u2013]\s*(?P<state>[A-Z][A-Za-z.]*(?:\s?[A-Z][A-Za-z.]*)?)\s*[),]")
TAG_TOKENS = 9
# Longest region name looked for inside an organisation's name ("Los Angeles County").
REGION_MAX_TOKENS = 3
# Evidence a report's home country needs when no outlet vouches for it.
HOME_MIN_MENTIONS = 2
# Share of the country evidence the home country must hold, and the asides always allowed.
HOME_SHARE = 0.9
HOME_ASIDES = 1
# Kinds of KB actor whose country says where a report is set (outlets do not: they report from anywhere).
PLACING_KINDS = {"country", "person", "organisation", "group"}


def country_of(lex: Lexicon, mention: Mention | None) -> tuple[str | None, bool]:
    """The country a qualifier names, and whether it is national (not a region)."""
    if mention is None:
        return None, False
    if mention.key in ("ADJ", "CAPITAL"):
        return mention.target, True
    if mention.key == "REGION":
        return mention.target, False
    if mention.key == "ACTOR":
        actor = lex.kb.actors[mention.target]
        if actor.kind in ("country", "organisation") and actor.country:
            return actor.country, True
        if actor.family in SUPRANATIONAL:
            return actor.family, True
    return None, False


def country_after(lex: Lexicon, state: DocState, mention: Mention) -> tuple[str | None, bool]:
    """"Jane Roe of Ohio", "Jane Roe (Ohio)", "Jane Roe (R-Ohio)"."""
    doc, j = state.doc, mention.end
    tagged = party_tag(lex, state, mention)
    if tagged:
        return tagged[0], False
    if j < len(doc) and doc[j].lower_ in ("of", "(", ","):
        j += 2 if j + 1 < len(doc) and doc[j + 1].lower_ == "the" else 1
        return country_of(lex, state.mention_starting_at(j))
    return None, False


def party_tag(lex: Lexicon, state: DocState, mention: Mention) -> tuple[str, str] | None:
    """A US party-state tag right after a name: (country, party letter)."""
    doc = state.doc
    after = doc[mention.end - 1].whitespace_ + "".join(t.text_with_ws for t in doc[mention.end:mention.end + TAG_TOKENS])
    found = PARTY_TAG.match(after)
    if not found:
        return None
    place = found.group("state").strip()
    country = lex.kb.state_codes.get(place) or lex.kb.state_codes.get(place.rstrip(".") + ".")
    country = country or (lex.kb.regions.get(place) if lex.kb.regions.get(place) == "USA" else None)
    return (country, found.group("party")) if country else None


def country_inside(lex: Lexicon, state: DocState, mention: Mention) -> tuple[str | None, bool]:
    """A country or place inside a name ("Right to Rise USA", "Ohio State Police", "Moscow City Court").

    A place name that is also a town elsewhere ("Lebanon Police Department",
    "Panama City Police") counts only as :func:`settle_homonyms` read it.
    """
    span = state.doc[mention.start:mention.end]
    for size in range(min(len(span), REGION_MAX_TOKENS), 0, -1):
        for k in range(len(span) - size + 1):
            window = span[k:k + size]
            if not window[0].text[:1].isupper():
                continue
            for key in ("REGION", "CAPITAL"):
                iso3 = lex.target(key, window)
                if iso3 and is_homonym(window.text, iso3):
                    return town_country(state, window.text, iso3), False  # unsettled: no place at all
                if iso3:
                    return iso3, False
    for token in span:
        if not token.text[:1].isupper() or token.text in lex.kb.region_countries:
            continue  # "Medical Association of Georgia": the country or the US state, nothing to go on
        iso3 = lex.lookup["ADJ"].get((token.lower_,))
        if iso3 is None:
            target = lex.lookup["ACTOR"].get((token.lower_,))
            iso3 = target if target in lex.kb.countries else None
            if iso3 and is_homonym(token.text, iso3):
                town = town_country(state, token.text, iso3)
                if town:
                    return town, False
                continue
        if iso3:
            return iso3, True
    return None, False


def is_homonym(name: str, country: str | None) -> bool:
    """A place name of one country that is also a town of another ("Lebanon", "Paris", "Victoria")."""
    owners = _towns(name)
    return bool(owners) and bool(owners - {country})


def _towns(name: str) -> frozenset[str]:
    """Countries with a town of this name; a dateline's capitals ("LEBANON, Ohio") read as the name."""
    table = city_owners()
    return table.get(name) or (table.get(name.title(), frozenset()) if name.isupper() else frozenset())


def settle_homonyms(lex: Lexicon, state: DocState) -> None:
    """"Lebanon", "Panama City" or "Victoria" in a report set in the US are the US towns.

    A country, capital or region name that is also a town of another country
    is read as that town when the rest of the report points to that country
    (its outlet, two mentions, or the only country it names) and says
    nothing of the first: local US news is full of Lebanons, Parises and
    Moscows. The mention becomes a place, never an actor. A name the rest of
    the report neither confirms nor reads as a town is no evidence of where
    the report is set.
    """
    doc = state.doc
    homonyms = [m for m in state.mentions if _homonym_mention(lex, doc, m)]
    state.firm = report_countries(lex, state, skip={id(m) for m in homonyms})
    for m in homonyms:
        target = m.target if m.key != "ACTOR" else lex.kb.actors[m.target].country
        town = town_country(state, doc[m.start:m.end].text, target)
        if town:
            m.key, m.target, m.label = "REGION", town, "GPE"
        elif not state.firm[target]:  # "Athens" with "Greek" beside it is Athens, Greece
            state.unsettled.add(id(m))


def town_country(state: DocState, name: str, country: str | None) -> str | None:
    """The country whose town ``name`` is, when the report's firm evidence says so (see above)."""
    if name in state.settled:
        return state.settled[name]
    if state.firm is None:
        return None
    towns = _towns(name) - {country}
    here = [c for c in towns if state.firm[c] >= HOME_MIN_MENTIONS or c == state.outlet or set(state.firm) == {c}]
    if len(here) != 1 or state.firm[country] > 0:
        return None
    state.settled[name] = here[0]
    return here[0]


def _homonym_mention(lex: Lexicon, doc, m: Mention) -> bool:
    if m.key in ("CAPITAL", "REGION"):
        return is_homonym(doc[m.start:m.end].text, m.target)
    if m.key == "ACTOR" and lex.kb.actors[m.target].kind == "country":
        return is_homonym(doc[m.start:m.end].text, m.target)
    return False


def report_countries(lex: Lexicon, state: DocState, skip: set[int] | None = None) -> Counter:
    """Every country the report names or implies, counted by mention.

    A city counts only as a whole span the NER calls a geopolitical place:
    the gazetteer has towns called Police, Union or University, which inside
    an organisation's name ("Crimes Against Police Officers Section") are
    no place at all.
    """
    seen: Counter = Counter()
    skip = (skip or set()) | state.unsettled
    for m in state.mentions:
        if id(m) in skip:
            continue
        if m.key in ("ADJ", "CAPITAL", "REGION"):
            seen[m.target] += 1
        elif m.key == "NER" and m.label in ("ORG", "FAC", "GPE", "LOC"):
            inside, _ = country_inside(lex, state, m)
            if inside is None and m.label == "GPE":
                inside = city_countries().get(state.doc[m.start:m.end].text)
            if inside is None and m.label in ("ORG", "FAC"):
                inside = town_institution(lex, state, m)
            if inside:
                seen[inside] += 1
        elif m.key == "ACTOR":
            actor = lex.kb.actors[m.target]
            if actor.kind == "country" and state.doc[m.start:m.end].text in lex.kb.region_countries:
                continue  # "Georgia": the country or a US state, nothing to go on
            if actor.kind in PLACING_KINDS and actor.country and actor.country not in SUPRANATIONAL:
                seen[actor.country] += 1
    return seen


# Heads of a town's own institutions: "Bellflower Superior Court", "the Bellflower courthouse".
TOWN_INSTITUTIONS = {"court", "courthouse", "police", "sheriff", "county", "city", "council", "school", "schools",
                     "district", "hospital", "jail", "department", "fire", "library", "airport", "mall",
                     "station", "township", "municipal", "high", "college", "university", "hall", "park"}


def town_institution(lex: Lexicon, state: DocState, mention: Mention) -> str | None:
    """The country of a town named at the start of an institution's name: "Bellflower Superior Court",
    or an organisation name that is a town modifying such a noun ("the Bellflower courthouse",
    which the small NER model tags ORG).

    Only a town one country has (:func:`city_countries`), capitalised, that is no word
    of the knowledge base's groups or titles (the gazetteer has towns called Police and Union), with
    an institution word after it: a bare organisation name that is also a town ("Reading", "Mobile")
    is no evidence. Measured on the audit set: a local crime report naming only its towns and courts
    (no outlet, no state) had no home country, so its deputy, suspect and prosecutor had none.
    """
    doc = state.doc
    span = doc[mention.start:mention.end]
    for size in range(min(len(span), REGION_MAX_TOKENS), 0, -1):
        town = span[:size]
        country = city_countries().get(town.text)
        if country is None or not all(t.is_title for t in town):
            continue
        if any((t.lower_,) in lex.titles or lex.kb.group_actors.get(t.lower_) for t in town):
            return None
        rest = span[size:]
        if len(rest) and any(t.lower_ in TOWN_INSTITUTIONS for t in rest):
            return country
        if not len(rest) and span.root.dep_ in ("compound", "amod") and span.root.head.lower_ in TOWN_INSTITUTIONS:
            return country
        return None
    return None


def home_country(lex: Lexicon, state: DocState, *, strict: bool = False) -> str | None:
    """The country the whole report is about, or None when it is not clearly one.

    With a known outlet, the outlet's country when (nearly) everything the
    report names is there, or when it names no country at all; a report
    naming only another country (once is enough) is not domestic. An aside about another country (one mention, or
    one in ten) does not make a domestic report foreign. ``strict`` allows
    no aside: people, unlike bodies and groups, are often the aside itself
    (a foreign figure recalled in a domestic story). Without an outlet to
    vouch for it, the only country the report names, at least twice.
    """
    seen = report_countries(lex, state)
    total = sum(seen.values())
    if state.outlet and total and not seen[state.outlet]:
        return None  # "riots in Greece" from a US outlet that names no US place: not a domestic report
    if state.outlet and not strict:
        return state.outlet if _dominates(seen[state.outlet], total) else None
    if state.outlet:
        return state.outlet if set(seen) <= {state.outlet} else None
    if len(seen) != 1:
        return None
    country, n = next(iter(seen.items()))
    return country if n >= HOME_MIN_MENTIONS else None


def _dominates(n: int, total: int) -> bool:
    """All but one mention in a short report, or nine in ten in a long one."""
    return total - n <= max(HOME_ASIDES, (1 - HOME_SHARE) * total)


def single_country(lex: Lexicon, state: DocState) -> str | None:
    """The only country a report names at all (once is enough), for local offices when no outlet is known."""
    seen = report_countries(lex, state)
    return next(iter(seen)) if len(seen) == 1 else None


def default_country(lex: Lexicon, state: DocState, title: str | None, *, person: bool = False) -> str | None:
    """The country of an actor nothing next to it places.

    A local office ("the sheriff's deputy", "District Attorney Jane Roe")
    takes the outlet's country, or without an outlet the only country the
    report names; anything else the report's home country.
    """
    if title and lex.kb.is_local_title(title):
        return state.outlet or state.only_country or state.home
    return state.home_for_people if person else state.home
