"""How sure a coded event mention is: explicit evidence, then named penalties.

An event line is a claim the ledger makes, so a mention must show that a real
party did it to someone before it is shown by default. The confidence is

    evidence = W_STRENGTH x sense strength (how unambiguous the trigger is)
             + W_PARTY x party (named actor 1, group actor "police" 0.7,
                               none: 0, or NEUTRAL_PARTY for happenings)
             + W_RECIPIENT x (a recipient is named)
             + W_SYNTAX x (a verb, or a noun inside a clause)
             + W_TIME x (its own time expression)

multiplied by one factor per missing requirement or weaker modality:

* ``NO_ACTOR``: an interaction PLOVER defines by its doer (a request, a
  meeting, sanctions, support...) with no actor we can name;
* ``NO_PARTY``: an assault or arrest with neither doer nor target;
* ``NO_RECIPIENT``: a meeting or call with no one met (a resident "speaking
  by telephone" to a reporter is not diplomacy), backing with no one backed
  ("thank God");
* ``MODALITY``: hypothetical and negated acts did not happen; planned ones
  have not happened yet;
* ``EMBEDDED``: an act told inside another coded act ("threatened to ban",
  "urged X not to ease sanctions"), whose matrix line already carries it
  (not an ongoing act that is being halted: "talks to halt the bombing");
* ``PRIVATE_PARTIES``: a meeting or cooperation between private persons only;
* ``BARE_NOUN``: an event noun with no determiner or modifier names a kind of
  act ("murder to avoid arrest" in a list of charges), rarely one act;
* ``OWN_SIDE``: a request to the requester's own staff ("asked their advisers
  to prepare a meeting", "told his aides to find a date") is an instruction
  inside one side, not a request from one party to another;
* ``DESCRIBED``: an accusation told only to say who someone is ("a group
  accused of planning to bomb the cathedral", a reduced relative with no
  accuser) and dated by no time of its own: when it was made is unknown, so
  a line dated by a borrowed day would mislead;
* ``REPEATED``: an interaction told as repeated ("Trump has called Putin
  several times since taking office", "the two have met repeatedly") is a
  pattern, not one act: shown, it was linked as a telling of one call on the
  demo. A happening's "shot several times" is one attack and keeps its score.
* ``CHARACTERISED``: an interaction noun in what a copula says of another
  thing ("The exchange was a rare moment of public cooperation") is the
  writer's characterisation of an act told elsewhere, not an act: shown, it
  gave the demo's US tip-off to Russia its evidence and the call's day. A
  happening keeps its score ("the blast was a suicide attack").

Charges and convictions told in the agentless passive with the accused named
("X was charged with murder"), nouns for what only authorities do ("an
investigation into", "the conviction of") and the same acts told in the
agentless passive with its auxiliary ("the fire is being treated as arson",
"the death is being investigated", "after being convicted of") count as
happenings: the authority is implied. A reduced relative ("the death penalty
for those convicted of treason") names a kind of people, not an act, and does
not count (on the PLOVER synthetic sample it outvoted a story's own act).

Happenings (PROTEST, ASSAULT, COERCE, DISASTER) stand without a named doer:
"fresh riots were reported in Athens" is an event; the party term then
counts as NEUTRAL_PARTY. A protest told by a verb needs its protesters
("conservatives to be shunned" names no one who shuns). Mentions below ``settings.EVENT_MIN_CONFIDENCE`` stay
in the ledger but out of the default report, listing and web view; see
docs/EVALUATION.md for the precision of each confidence band.
"""

from __future__ import annotations

from dataclasses import dataclass

# evidence weights (sum to 1)
W_STRENGTH, W_PARTY, W_RECIPIENT, W_SYNTAX, W_TIME = 0.5, 0.25, 0.1, 0.1, 0.05
NAMED_PARTY, GROUP_PARTY, NEUTRAL_PARTY = 1.0, 0.7, 0.5
# penalties
NO_ACTOR, NO_PARTY, NO_RECIPIENT, EMBEDDED, BARE_NOUN = 0.5, 0.8, 0.6, 0.7, 0.8
OWN_SIDE = 0.5
DESCRIBED = 0.6
REPEATED = 0.6
CHARACTERISED = 0.6
# Acts between two parties that an instruction to one's own staff only looks like.
OWN_SIDE_TYPES = {"REQUEST"}
MODALITY = {"asserted": 1.0, "recap": 1.0, "future": 0.9, "hypothetical": 0.5, "negated": 0.75}

# Happenings: what happened is the news even when the doer is unnamed.
HAPPENING_TYPES = {"PROTEST", "ASSAULT", "COERCE", "DISASTER"}
# Happenings done by someone to someone: an assault or arrest with neither named is vaguer
# than a protest or a quake, which are events by themselves.
PARTY_TYPES = {"ASSAULT", "COERCE"}
# Acts of courts and prosecutors told in the passive ("X was charged with murder",
# "Y was convicted"): the authority is implied, the one charged is named.
IMPLIED_AUTHORITY_TYPES = {"ACCUSE", "SANCTION"}
# Nouns for what only authorities do: "an investigation into the killings", "his conviction".
AUTHORITY_NOUN_MODES = {("ACCUSE", "investigate"), ("SANCTION", "convict")}
# Types whose PLOVER definition needs someone on the other side.
RECIPIENT_TYPES = {"CONSULT", "SUPPORT"}
# Political acts that private persons also do in everyday life: a talk, a visit or help between
# people with no public role ("she met the suspect", "visiting his cousin", "the family is
# cooperating") is no PLOVER event; one party with a sector (an official, the police) is enough.
PRIVATE_TYPES = {"CONSULT", "COOPERATE"}
PRIVATE_PARTIES = 0.6


@dataclass
class Evidence:
    """What a mention rests on, read off its trigger and participants."""

    type: str
    mode: str | None
    strength: float
    actor: float  # NAMED_PARTY, GROUP_PARTY or 0
    recipient: bool
    syntax: bool
    own_time: bool
    modality: str
    embedded: bool
    passive: bool = False  # an agentless passive ("X was charged with murder")
    verb: bool = False  # told by a verb (a protest verb needs its protesters; a protest noun does not)
    bare_noun: bool = False  # a noun with no determiner or modifier ("murder to avoid arrest")
    private: bool = False  # every party a private person or group with no public role
    own_side: bool = False  # every recipient is the actor's own staff ("their advisers")
    described: bool = False  # "a man accused of ...": a reduced relative naming who someone is, no time of its own
    repeated: bool = False  # told as done many times ("has called him several times", "met repeatedly")
    characterised: bool = False  # an interaction noun in a copula's predicate ("the exchange was a moment of cooperation")
    finite_passive: bool = False  # a passive with its own auxiliary ("is being treated as arson", "was convicted")


def party_score(actors: list[str], named: set[str]) -> float:
    """The best actor: named (an entity or a known actor) or a group noun ("police", "protesters")."""
    if not actors:
        return 0.0
    return NAMED_PARTY if any(a in named or not a.startswith("x:") for a in actors) else GROUP_PARTY


def confidence(ev: Evidence) -> float:
    """Evidence-weighted confidence in [0, 1] with the named penalties above."""
    happening = (ev.type in HAPPENING_TYPES and not (ev.type == "PROTEST" and ev.verb)) or (
        ev.type in IMPLIED_AUTHORITY_TYPES and ev.passive and ev.recipient) or (
        (ev.type, ev.mode) in AUTHORITY_NOUN_MODES and (not ev.verb or ev.finite_passive))
    party = ev.actor if ev.actor or not happening else NEUTRAL_PARTY
    score = (W_STRENGTH * ev.strength + W_PARTY * party + W_RECIPIENT * ev.recipient
             + W_SYNTAX * ev.syntax + W_TIME * ev.own_time)
    if not ev.actor and not happening:
        score *= NO_ACTOR
    elif ev.type in PARTY_TYPES and not ev.actor and not ev.recipient:
        score *= NO_PARTY
    if ev.type in RECIPIENT_TYPES and not ev.recipient:
        score *= NO_RECIPIENT
    score *= MODALITY.get(ev.modality, 1.0)
    if ev.embedded and ev.modality != "asserted":
        score *= EMBEDDED
    if ev.bare_noun:
        score *= BARE_NOUN
    if ev.private and ev.type in PRIVATE_TYPES:
        score *= PRIVATE_PARTIES
    if ev.own_side and ev.type in OWN_SIDE_TYPES:
        score *= OWN_SIDE
    if ev.described and not ev.own_time:
        score *= DESCRIBED
    if ev.repeated and not happening and not ev.own_time:
        score *= REPEATED
    if ev.characterised and not happening:
        score *= CHARACTERISED
    return round(min(1.0, max(0.0, score)), 3)
