"""Who is the source of an attribution: map a source span to an actor id.

Uses the actors component's entities (``doc._.entities``/``doc._.actors``).
Pronouns go to the nearest preceding compatible actor, preferring one that
was just quoted or was a grammatical subject: in "Spicer tweeted a photo of
Trump ... 'he tweeted'", the salient earlier subject wins over the closer
object.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsledger.model import Actor, Entity

PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"it", "they", "them"}
PLURAL_PRONOUNS = {"they", "them"}
PERSON_KINDS = {"person", "per", "individual"}
PRONOUN_WINDOW_SENTENCES = 3
# dependents of the source's head noun that name the same speaker ("Tass news agency")
NAME_DEPS = {"compound", "poss", "nmod", "appos", "amod"}
# prepositions linking a descriptor to its organisation ("a representative from the FSB")
ORG_PREPS = {"from", "of", "at", "for", "with"}


@dataclass
class PriorSpeaker:
    """An already resolved attribution: where its source was and who it was."""

    offset: int
    actor: str


def _is_person(actor: Actor | None) -> bool:
    return actor is not None and actor.kind.lower() in PERSON_KINDS


def _compatible(pronoun: str, actor: Actor | None) -> bool:
    if actor is None:
        return False
    return _is_person(actor) if pronoun in PERSON_PRONOUNS else not _is_person(actor)


class SpeakerResolver:
    """Resolve source spans of one document to actor ids."""

    def __init__(self, doc: Doc, descriptors: frozenset[str], voices: frozenset[str] | None = None):
        self.doc = doc
        self.entities: list[Entity] = [e for e in (doc._.entities or []) if e.actor]
        self.actors: dict[str, Actor] = doc._.actors or {}
        self.descriptors = descriptors
        self.voices = descriptors if voices is None else voices  # descriptors that speak for their body
        self.prior: list[PriorSpeaker] = []
        self._sents: list | None = None

    def _entity_at(self, token: Token) -> Entity | None:
        for ent in self.entities:
            if ent.start <= token.idx < ent.end:
                return ent
        return None

    def _named_in(self, head: Token) -> str | None:
        """An actor named by the head noun or its name-like dependents."""
        ent = self._entity_at(head)
        if ent:
            return ent.actor
        for child in head.children:
            if child.dep_ in NAME_DEPS:
                for tok in child.subtree:
                    ent = self._entity_at(tok)
                    if ent:
                        return ent.actor
        return None

    def _organisation_of(self, head: Token) -> str | None:
        """For "a spokesman for X"/"X officials": the organisation X speaks for."""
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ORG_PREPS:
                for tok in child.subtree:
                    ent = self._entity_at(tok)
                    if ent and not _is_person(self.actors.get(ent.actor)):
                        return ent.actor
        return None

    def _described(self, head: Token) -> str | None:
        """A source described by its role. A spokesman's words are his body's ("a spokesman
        for the ministry": the ministry); an aide's, an official's or a source's are not
        ("a senior Senate aide" is no statement of the Senate): unless the phrase names a
        person ("an aide, Ana Ruiz,") or is an actor as a whole ("U.S. officials"), the
        speaker stays unresolved and the ledger shows the description."""
        if head.lemma_.lower() in self.voices or head.lower_ in self.voices:
            return self._named_in(head) or self._organisation_of(head)
        ent = self._entity_at(head)
        if ent:
            return ent.actor
        named = self._named_in(head)
        return named if _is_person(self.actors.get(named)) else None

    def _pronoun(self, head: Token) -> str | None:
        pron = head.lower_
        if self._sents is None:
            self._sents = list(self.doc.sents)
        sents = self._sents
        sent_idx = next((i for i, s in enumerate(sents) if s.start <= head.i < s.end), 0)
        window_start = sents[max(0, sent_idx - PRONOUN_WINDOW_SENTENCES)].start_char
        if pron in PLURAL_PRONOUNS and self._plural_people_before(head, window_start):
            return None
        for prior in reversed(self.prior):
            if window_start <= prior.offset < head.idx and _compatible(pron, self.actors.get(prior.actor)):
                return prior.actor
        candidates = [e for e in self.entities if window_start <= e.start and e.end <= head.idx]
        compatible = [e for e in candidates if _compatible(pron, self.actors.get(e.actor))]
        subjects = [e for e in compatible if self._is_subject(e)]
        for pool in (subjects, compatible):
            if pool:
                return pool[-1].actor
        return None

    def _plural_people_before(self, head: Token, window_start: int) -> bool:
        """ "The two presidents agreed ... they said": the latest subject is a plural
        of people (a plural common noun or "X and Y" persons), not one actor."""
        subjects = [t for t in self.doc[: head.i] if t.dep_ in ("nsubj", "nsubjpass") and t.idx >= window_start and t.pos_ != "PRON"]
        if not subjects:
            return False
        last = subjects[-1]
        ent = self._entity_at(last)
        if ent is not None:
            return _is_person(self.actors.get(ent.actor)) and any(c.dep_ == "conj" for c in last.children)
        return last.tag_ in ("NNS", "NNPS")

    def _is_subject(self, ent: Entity) -> bool:
        span = self.doc.char_span(ent.start, ent.end, alignment_mode="expand")
        return span is not None and span.root.dep_ in ("nsubj", "nsubjpass")

    def note_speaker(self, head: Token) -> None:
        """Record a named subject of a speech verb that gave no ledger quote ("Spicer
        tweeted a photo"): a later "he tweeted" most likely means the same person."""
        if head.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS or not self.entities:
            return
        actor = self._named_in(head)
        if actor and not any(p.offset == head.idx for p in self.prior):
            self.prior.append(PriorSpeaker(head.idx, actor))
            self.prior.sort(key=lambda p: p.offset)

    def resolve(self, head: Token | None) -> str | None:
        """Actor id for the source whose syntactic head is ``head`` (None if unknown)."""
        if head is None or not self.entities:
            return None
        if any(c.dep_ == "conj" for c in head.children):
            return None  # "The EU, NATO and the United States said": several speakers, shown as written
        if head.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS:
            actor = self._pronoun(head)
        elif head.lemma_.lower() in self.descriptors or head.lower_ in self.descriptors:
            actor = self._described(head)
        else:
            actor = self._named_in(head)
        if actor:
            self.prior.append(PriorSpeaker(head.idx, actor))
            self.prior.sort(key=lambda p: p.offset)
        return actor
