"""Titles and roles: "Russian President Vladimir Putin", "Sen. Jane Roe", "the Russian foreign minister".

A title in front of a name gives a role claim (the KB periods of that
office, used to date undated reports) and an unknown person's sector and
country. A title without a name ("the Russian president", "the Kremlin
chief") and an office handle ("@POTUS") are descriptions, resolved to the
holder on the publication date, else to the holder the report names, else
to the country's government.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from newsledger.model import Actor, RoleClaim
from newsledger.nlp.actors.context import country_of
from newsledger.nlp.actors.lexicon import Lexicon, words
from newsledger.nlp.actors.state import HONORIFICS, DocState, Mention, TitleUse
from newsledger.nlp.kb import SUPRANATIONAL

# Words before a title that deny it is held now: no role claim.
NEGATORS = {"former", "ex", "then", "late", "onetime", "one-time", "erstwhile", "previous",
            "incoming", "would-be", "future", "deposed", "ousted", "disgraced", "exiled", "fallen", "retired"}
# Offices a description may name without a name after it when no KB holder is known:
# the country's state still speaks ("a Russian diplomat" -> Russia's government family).
STATE_DESC_SECTORS = {"GOV", "MIL", "SPY", "COP"}


def find_titles(lex: Lexicon, state: DocState) -> list[TitleUse]:
    """Every title phrase outside a name, with its qualifier, negation and following name."""
    doc = state.doc
    inside = {i for m in state.mentions if m.key not in ("ADJ", "NER", "REGION") for i in range(m.start, m.end)}
    spans = filter_spans([Span(doc, start, end) for _, start, end in lex.title_matcher(doc)])
    spans = [s for s in spans if not any(i in inside for i in range(s.start, s.end))]
    _drop_ner_in(state, spans)
    uses = []
    for span in spans:
        use = TitleUse(span.start, span.end, lex.titles[words(span)], span_start=span.start)
        _attach_qualifier(lex, state, use)
        _attach_name(lex, state, use)
        use.negated = use.negated or _negated(doc, use.span_start)
        uses.append(use)
    return uses


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
        title = overlapping[-1]
        rest = state.doc[title.end:m.end]
        if _name_after_title(rest, qualified=m.start < overlapping[0].start):
            m.start = title.end
            kept.append(m)
    state.mentions = kept


# words a name kept from a qualified title span must have ("Sanford Police Chief Cecil Smith": "Cecil Smith")
QUALIFIED_NAME_MIN_WORDS = 2


def _name_after_title(rest: Span, qualified: bool) -> bool:
    """Whether the words after a title inside an NER span are a name to keep. "General John Smith":
    any capitalised words. When the NER span also took in what qualifies the title ("Sanford Police
    Chief Cecil Smith", a town before the title), only a full name of two or more words: without this
    the whole span was dropped and the chief's quotes had no speaker (GVC Sanford report, 2 rows)."""
    if not len(rest) or not rest[0].text[:1].isupper():
        return False
    if not all(t.text[:1].isupper() or t.is_punct for t in rest):
        return False
    return not qualified or sum(1 for t in rest if not t.is_punct) >= QUALIFIED_NAME_MIN_WORDS


def _attach_qualifier(lex: Lexicon, state: DocState, use: TitleUse) -> None:
    """"Russian President", "France's President", "White House press secretary", "Florida Gov."."""
    doc, start = state.doc, use.start
    if start >= 2 and doc[start - 1].lower_ in ("'s", "\u2019s"):
        start -= 1
    qualifier = state.mention_ending_at(start)
    country, national = country_of(lex, qualifier)
    if country is not None and lex.kb.is_local_title(use.title):
        name = doc[qualifier.start:qualifier.end].text
        if name in lex.kb.region_countries:  # "Georgia Gov.": a governor of the US state
            country, national = lex.kb.region_countries[name], False
    if country is not None:
        use.qualifier, use.national, use.span_start = country, national, qualifier.start


def _attach_name(lex: Lexicon, state: DocState, use: TitleUse) -> None:
    """The person named right after the title, or after "of <country>"."""
    doc, j = state.doc, use.end
    if j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].lower_ == "elect":
        use.negated = True
        j += 2
    while j < len(doc) and doc[j].lower_ in HONORIFICS:
        j += 1
    if j < len(doc) and doc[j].lower_ == "of":
        after = state.mention_starting_at(j + 1)
        country, national = country_of(lex, after)
        if country is not None and use.qualifier is None:
            name = state.mention_starting_at(after.end)
            if name is not None and is_person(lex, name):
                use.qualifier, use.national, use.name = country, national, name
                return
            if use.title != "LEADER":
                use.qualifier, use.national = country, national
                use.end = after.end
            return
    name = state.mention_starting_at(j)
    if name is not None and is_person(lex, name):
        use.name = name


def is_person(lex: Lexicon, mention: Mention) -> bool:
    if mention.key == "ACTOR":
        return lex.kb.actors[mention.target].kind == "person"
    return mention.key == "NER" and mention.label in ("PERSON", "ORG")


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


def claim(state: DocState, use: TitleUse, actor: Actor, mention: Mention) -> None:
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


# ---------------------------------------------------------------- descriptions
def resolve_descriptions(lex: Lexicon, state: DocState, titles: list[TitleUse]) -> None:
    """A qualified title with no name after it ("the Russian president"), and office handles
    ("@POTUS"); both run after every name in the doc is resolved."""
    for mention in state.mentions:
        if mention.key == "HANDLE":
            _resolve_handle(lex, state, mention)
    for use in titles:
        if use.name is None and not use.national:
            _resolve_bare_title(state, use, titles)
        if use.name is not None or use.qualifier is None or not use.national:
            continue
        if _followed_by_name(state.doc, use.end) or not _describes_office(lex, use.title):
            continue
        title = lex.kb.leader_title(use.qualifier) if use.title == "LEADER" else use.title
        actor = role_holder(lex, state, title, use.qualifier)
        mention = Mention(use.span_start, use.end, "DESC", None, "DESC")
        _drop_covered(state, mention)
        state.add_entity(mention, actor, "DESC")


def _resolve_bare_title(state: DocState, use: TitleUse, titles: list[TitleUse]) -> None:
    """"the district attorney said": the one person the report gave that title before."""
    if use.title == "LEADER" or _followed_by_name(state.doc, use.end):
        return
    holders = {u.name.actor for u in titles
               if u.title == use.title and u.name is not None and u.name.actor and u.start < use.start}
    if len(holders) != 1:
        return
    actor = state.actors.get(next(iter(holders)))
    if actor is not None and actor.kind == "person":
        state.add_entity(Mention(use.start, use.end, "DESC", None, "DESC"), actor, "DESC")


def _resolve_handle(lex: Lexicon, state: DocState, mention: Mention) -> None:
    spec = lex.kb.role_handles[mention.target]
    if spec.get("actor"):
        state.add_entity(mention, lex.kb.actors[spec["actor"]], "HANDLE")
        return
    state.add_entity(mention, role_holder(lex, state, spec["title"], spec.get("country")), "HANDLE")


def _describes_office(lex: Lexicon, title: str) -> bool:
    """Leaders, one-holder offices with KB holders, and state posts; not "a Russian journalist", and not
    offices many hold at once ("a US senator", "the GOP frontrunner"), which name no one in particular."""
    spec = lex.kb.titles.get(title)
    return (title == "LEADER" or (spec is not None and spec.single and title in lex.held_titles)
            or lex.kb.title_sector(title) in STATE_DESC_SECTORS)


def _followed_by_name(doc: Doc, j: int) -> bool:
    return j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper()


def _drop_covered(state: DocState, desc: Mention) -> None:
    """A description replaces the entities of its qualifier ("Russian" in "the Russian president")."""
    doc = state.doc
    lo, hi = doc[desc.start].idx, doc[desc.end - 1].idx + len(doc[desc.end - 1])
    state.entities = [e for e in state.entities if e.end <= lo or e.start >= hi]
    for m in state.mentions:
        if desc.start <= m.start and m.end <= desc.end:
            m.key = "COVERED"


def role_holder(lex: Lexicon, state: DocState, title: str, country: str | None) -> Actor | None:
    """Holder on the publication date; else a holder named in the doc; else the country."""
    kb = lex.kb
    if state.published is not None:
        candidates = kb.holders(title, country, state.published)
    else:
        candidates = [a.id for a in state.actors.values() if a.source == "kb" and a.kind == "person"
                      and any(r.title == title and r.country == country for r in a.roles)]
    if len(candidates) == 1:
        return state.actors.get(candidates[0]) or kb.person_on(kb.actors[candidates[0]], state.published, title)
    if country in kb.actors:
        return kb.actors[country]
    return kb.actors.get(country.lower()) if country in SUPRANATIONAL else None
