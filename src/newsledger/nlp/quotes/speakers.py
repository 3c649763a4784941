"""Who is the source of an attribution: map a source span to an actor id.

Uses the actors component's entities (``doc._.entities``/``doc._.actors``).
Pronouns go to the nearest preceding compatible actor, preferring one that
was just quoted or was a grammatical subject: in "Spicer tweeted a photo of
Trump ... 'he tweeted'", the salient earlier subject wins over the closer
object; a proper-name subject of a main clause named after that speaker, with no
other speech verb between, takes over ("The Kremlin gave a longer account. It said").
A lone surname shared by namesakes is the one last named as a subject (none when
another was named in the last two paragraphs); a person's relative ("Brown's aunt")
is not that person. Round 5 figures: docs/EVALUATION.md, "Who said it (round 5)".
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsledger.model import Actor, Entity
from newsledger.nlp.text import doc_text

PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"it", "they", "them"}
PLURAL_PRONOUNS = {"they", "them"}
PERSON_KINDS = {"person", "per", "individual"}
PRONOUN_WINDOW_SENTENCES = 3
# a lone surname is ambiguous when another person of that surname was named this many paragraphs back
SURNAME_AMBIGUITY_PARAGRAPHS = 2
# how many words before a full name are searched for a title that a lone surname repeats ("Chief Smith")
TITLE_LOOKBACK_TOKENS = 3
# dependents of the source's head noun that name the same speaker ("Tass news agency")
NAME_DEPS = {"compound", "poss", "nmod", "appos", "amod"}
# dependents of a role noun that name the person holding it ("aunt Rosa Diaz", "an aide, Ana Ruiz,"):
# not a possessor, whose relative is someone else ("Brown's aunt said": the aunt, not the boy)
PERSON_NAME_DEPS = {"compound", "appos"}
# what a person has that speaks for them ("Worthy's office said", "Hamlet's statement said")
SPEAKS_FOR_POSSESSOR = {"office", "statement", "campaign", "administration", "staff", "team"}
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


def _main_clause(verb: Token) -> bool:
    """The sentence's own verb or one joined to it ("X runs a home and uses the gym"), not a
    reported, relative or adverbial clause."""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _bare(word: str) -> str:
    """A surname without a possessive ("Smith's" -> "Smith")."""
    for ending in ("'s", "’s"):
        if word.endswith(ending):
            return word[: -len(ending)]
    return word


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
        self._doc_text: str | None = None  # Doc.text is rebuilt on every access
        self.speech_offsets: list[int] = []  # where every speech verb's subject stands (note_speaker)

    def _entity_at(self, token: Token) -> Entity | None:
        for ent in self.entities:
            if ent.start <= token.idx < ent.end:
                return ent
        return None

    def _named_in(self, head: Token, deps: frozenset[str] | set[str] = NAME_DEPS) -> str | None:
        """An actor named by the head noun or its name-like dependents."""
        ent = self._entity_at(head)
        if ent:
            return self._owner(ent)
        for child in head.children:
            if child.dep_ in deps:
                for tok in child.subtree:
                    ent = self._entity_at(tok)
                    if ent:
                        if child.dep_ == "poss" and self._someone_else_of(head, ent):
                            return None  # "Brown's aunt said": the aunt, not the boy (GVC: the victim as speaker)
                        return self._owner(ent)
        return None

    def _someone_else_of(self, head: Token, possessor: Entity) -> bool:
        """ "Kevin's cousin", "Hamad's attorney": a common noun a person possesses names another
        person. A person's office, statement or spokesman speaks for them ("Worthy's office said").
        GVC, 600 reports: 21 speakers changed, the relatives (14) and documents (6) wrongly credited
        to a person went to nobody; "office"/"statement" (11 rows, right before) are kept."""
        if head.pos_ != "NOUN" or not _is_person(self.actors.get(possessor.actor)):
            return False
        lemma = head.lemma_.lower()
        return lemma not in SPEAKS_FOR_POSSESSOR and lemma not in self.voices and head.lower_ not in self.voices

    def _owner(self, ent: Entity) -> str | None:
        """The actor a mention stands for. A lone surname ("Smith said") shared by two people
        named in full ("Police Chief Cecil Smith", "Dominique Smith") is the one named most
        recently before it, not whichever the actors component merged every "Smith" into
        (GVC Sanford report: four of the chief's statements went to a 17-year-old witness).
        A title before the surname that one of them carried ("Chief Smith") decides; without
        one, when another of them was named (in any role) within the last two paragraphs, nobody is named."""
        if not self._is_lone_surname(ent):
            return ent.actor
        holders = self._full_names_with_surname(ent, before=ent.start)
        if not holders or ent.actor not in {h.actor for h in self._full_names_with_surname(ent)}:
            return ent.actor  # nobody named in full before it, or a KB person the report never names in full
        titled = self._titled_holder(ent, holders)
        if titled is not None:
            return titled
        latest = holders[-1]
        recent_from = self._paragraph_start(ent.start, SURNAME_AMBIGUITY_PARAGRAPHS)
        named = self._full_names_with_surname(ent)
        if any(h.actor != latest.actor and recent_from <= h.start and h.end <= ent.start for h in named):
            return None
        return latest.actor

    def _is_lone_surname(self, ent: Entity) -> bool:
        words = ent.text.split()
        return len(words) == 1 and words[0][:1].isupper() and _is_person(self.actors.get(ent.actor))

    def _full_names_with_surname(self, ent: Entity, before: int | None = None) -> list[Entity]:
        """Person mentions of two or more words ending in ``ent``'s surname, in text order. With
        ``before``: only those ending before it that are a clause's subject ("Martin Patti is now
        asking"), the namesakes a story goes on about; a name in passing ("the mother of Taniyah
        Williams", "Harmon's wife, Margaret Harmon,") does not take the surname over (GVC: with
        every full mention, 3 of 6 changed surnames went to the child or the spouse wrongly)."""
        surname = _bare(ent.text)
        return [e for e in self.entities
                if len(e.text.split()) > 1 and _bare(e.text.split()[-1]) == surname
                and _is_person(self.actors.get(e.actor))
                and (before is None or (e.end <= before and self._is_subject(e)))]

    def _titled_holder(self, ent: Entity, holders: list[Entity]) -> str | None:
        """ "Chief Smith said": the latest holder whose full name followed the same title word."""
        title = self._title_before(ent.start, 1)
        if not title:
            return None
        for holder in reversed(holders):
            if title & self._title_before(holder.start, TITLE_LOOKBACK_TOKENS):
                return holder.actor
        return None

    def _title_before(self, offset: int, n: int) -> set[str]:
        """Capitalised nouns just before a name: "Police Chief" -> {"police", "chief"}."""
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        if span is None:
            return set()
        index = span.start
        words = set()
        for tok in self.doc[max(0, index - n) : index]:
            if tok.is_title and tok.pos_ in ("PROPN", "NOUN"):
                words.add(tok.lower_.rstrip("."))
        return words

    def _paragraph_start(self, offset: int, paragraphs: int) -> int:
        """Where the paragraph ``paragraphs - 1`` before the one holding ``offset`` starts."""
        text = self._text()
        start = offset
        for _ in range(paragraphs):
            found = text.rfind("\n", 0, start)
            if found < 0:
                return 0
            start = found
            while start > 0 and text[start - 1] == "\n":
                start -= 1
        return start

    def _text(self) -> str:
        if self._doc_text is None:
            self._doc_text = doc_text(self.doc)
        return self._doc_text

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
        named = self._named_in(head, PERSON_NAME_DEPS)
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
        named = self._named_subject_before(head, pron, window_start)
        for prior in reversed(self.prior):
            if window_start <= prior.offset < head.idx and _compatible(pron, self.actors.get(prior.actor)):
                if named is not None and named.start > prior.offset:
                    return named.actor  # a newer named subject took over the story
                return prior.actor
        candidates = [e for e in self.entities if window_start <= e.start and e.end <= head.idx]
        compatible = [e for e in candidates if _compatible(pron, self.actors.get(e.actor))]
        subjects = [e for e in compatible if self._is_subject(e)]
        for pool in (subjects, compatible):
            if pool:
                return pool[-1].actor
        return None

    def _named_subject_before(self, head: Token, pron: str, window_start: int) -> Entity | None:
        """The latest proper-name subject compatible with the pronoun, outside the pronoun's own
        clause and outside quotation marks. "The White House said ... The Kremlin gave a longer
        account. It said ...": the Kremlin, a subject named after the White House last spoke,
        is what "it" stands for (demo: the Kremlin's account went to the White House); "Dominique
        Smith, 17, was waiting ... she said" after a neighbour was quoted (GVC Sanford report).
        Only a main clause's subject counts ("She said Dana Remaley was generous ... she said" is
        still the first speaker), and none once another speech verb's subject came after it.
        GVC, all 600 reports: with any subject 17 of 36 changed pronouns were wrong, most of them
        a name reported inside the speaker's own clause."""
        own = {t.i for t in head.head.subtree} if head.head.i != head.i else {head.i}
        for ent in reversed(self.entities):
            if not (window_start <= ent.start and ent.end <= head.idx):
                continue
            if not ent.text[:1].isupper() or not _compatible(pron, self.actors.get(ent.actor)):
                continue
            span = self.doc.char_span(ent.start, ent.end, alignment_mode="expand")
            if span is None or span.root.dep_ not in ("nsubj", "nsubjpass") or span.root.i in own:
                continue
            if not _main_clause(span.root.head) or self._inside_quotation(ent.start):
                continue
            if any(ent.end <= offset < head.idx for offset in self.speech_offsets):
                return None  # "Both X and Y wore cameras and the chief said ... She said": the thread went on
            return ent
        return None

    def _inside_quotation(self, offset: int) -> bool:
        """Whether an open quotation mark in the offset's paragraph precedes it unclosed."""
        text = self._text()
        para = text[text.rfind("\n", 0, offset) + 1 : offset]
        curly = para.count("\u201c") - para.count("\u201d")
        return curly > 0 or para.count('"') % 2 == 1

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
        self.speech_offsets.append(head.idx)
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
