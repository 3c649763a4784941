"""Acts performed by speaking: who said it is the actor, whom it targets the recipient.

Attribution alone is no event ("the minister said the economy was growing").
Two kinds of speech content are acts toward a target, as PLOVER and the audit
rules code them:

* an **obligation** put on someone: "He's going to have to stop the insults,"
  said Sen. Collins; Trump said she should not be allowed to run. This is
  REQUEST/change from the speaker to the one obliged (:func:`obligation_triggers`);
* **blame for harm** ("She caused so many deaths," Trump said): lexicon senses
  marked ``voice: speaker`` (ACCUSE/allege from the speaker to the subject).

The speaker is the actor of the quote whose content holds the words (quotes
component), else the subject of the reporting verb whose clause holds them.
Outside reported speech neither rule fires: a reporter writing "the storm
caused havoc" accuses no one.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsledger.nlp.events import args, repairs
from newsledger.nlp.events.lexicon import Sense, is_people, lemma

OBLIGATION_MODALS = {"should", "must", "ought"}
# "has to", "have to", "needs to", "going to have to": obligation without a modal
OBLIGATION_VERBS = {"have", "need"}
# Subjects that put no obligation on a party: the speakers themselves, things, and the generic
# "you" ("You have to be able to explain your actions," the sergeant said: a rule of conduct,
# no request to anyone; GVC, round 6, read as "REQUEST/change: McGrath").
FIRST_PERSON = {"i", "we", "me", "us", "it", "there", "this", "that", "you"}
OBLIGATION_SENSE = Sense("REQUEST", "change", {}, 0.55, voice="speaker")
REPORTING_VERBS = {"say", "tell", "add", "state", "insist", "argue", "write", "declare", "warn", "claim",
                   "contend", "maintain", "stress", "note", "tweet", "post"}


class SpeechIndex:
    """Who speaks the words at a token: a quote's speaker or a reporting verb's subject."""

    def __init__(self, doc: Doc, resolver):
        self.resolver = resolver
        self.quoted: list[tuple[int, int, str | None]] = []
        for q in getattr(doc._, "quotes", None) or []:
            if q.content is not None:
                self.quoted.append((q.content.start, q.content.end, q.speaker))

    def speaker_of(self, tok: Token) -> str | None:
        for start, end, speaker in self.quoted:
            if start <= tok.idx < end and speaker:
                return speaker
        return self._reporter(tok)

    def in_speech(self, tok: Token) -> bool:
        return any(start <= tok.idx < end for start, end, _ in self.quoted) or self._reporting_head(tok) is not None

    def _reporter(self, tok: Token) -> str | None:
        head = self._reporting_head(tok)
        if head is None:
            return None
        for subj in args.subjects(head) or _list_subjects(head):
            actor, _ = self.resolver.actor_of(subj)
            if actor:
                return actor
        return None

    @staticmethod
    def _reporting_head(tok: Token) -> Token | None:
        """The verb of saying whose "that" clause holds ``tok`` (up to three clause levels)."""
        cur = tok
        for _ in range(6):
            if cur.dep_ == "ccomp" and lemma(cur.head) in REPORTING_VERBS:
                return cur.head
            if cur.head == cur:
                return None
            cur = cur.head
        return None


def _list_subjects(verb: Token) -> list[Token]:
    """"X denounced his record and said he should ...", where the parser left the list of verbs
    without its subject (``repairs.list_subject``): the subject of the verb the saying is joined to."""
    first = verb.head if verb.dep_ == "conj" else verb
    subject = repairs.list_subject(first)
    return [subject] if subject is not None else []


def _obliged(verb: Token) -> list[Token]:
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return [s for s in subj if s.lower_ not in FIRST_PERSON and is_people(s)]


def _obligation(verb: Token) -> bool:
    """"should stop", "must not be allowed", "has to earn", "is going to have to stop"."""
    if any(c.dep_ == "aux" and c.lower_ in OBLIGATION_MODALS for c in verb.children):
        return True
    head = verb.head
    return (verb.dep_ == "xcomp" and lemma(head) in OBLIGATION_VERBS and head.pos_ in ("VERB", "AUX")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children))


def obligation_triggers(sent, speech: SpeechIndex) -> list[tuple[Token, list[Token]]]:
    """Verbs that put an obligation on a named or described party inside reported speech.

    Returns (verb, obliged subjects); for "has to stop" the subject sits on "has".
    """
    out = []
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") or not _obligation(tok):
            continue
        carrier = tok.head if tok.dep_ == "xcomp" and lemma(tok.head) in OBLIGATION_VERBS else tok
        while carrier.dep_ == "xcomp" and lemma(carrier.head) == "go":  # "is going to have to"
            carrier = carrier.head
        obliged = _obliged(carrier) or _obliged(tok)
        if obliged and speech.in_speech(tok):
            out.append((tok, obliged))
    return out
