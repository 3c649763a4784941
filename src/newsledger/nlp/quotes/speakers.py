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
Round 6 ("Speakers (round 6)"): "he"/"she" skip a person the report genders otherwise; a pronoun
after an unnamed speaker ("a woman nearby said") names nobody; a newcomer named in the reported
clause and quoted next is the pronoun; a country's agency is not the country; "the statement" is
its named issuer's; names in photo credits are no candidates.
Round 7 ("Speakers and the demo read (round 7)"): a statement whose own words name a body is that
body's ("a statement posted on the Kremlin website"), and so is a later "the statement said"; "a plant
employee named Donna" is Donna; a report inside someone's words is not the last speaker; a group that
is people in general ("People in the intelligence world") is shown as written.
"""

from __future__ import annotations

import re
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
# what a country has that speaks for the country ("Russia's foreign ministry said"); any other
# body or office it has is that body ("Turkey's disaster agency said": not "Turkey")
STATE_VOICES = {"government", "ministry", "president", "presidency", "leader", "cabinet", "embassy",
                "administration", "spokesman", "spokeswoman", "spokesperson", "state"}
# a credit's label right before a name on its line ("Photo: Jane Doe/AP", "Video by Jane Doe")
CREDIT_LABEL = re.compile(r"\b(?:photo|photograph|photos|image|video|credit|courtesy|file photo)s?\s*(?::|by\b)\s*[^.!?\n]{0,40}$", re.I)
# a line holding "Name/Outlet" and nothing much else is a credit
CREDIT_LINE_MAX_WORDS = 8
# documents that speak for whoever issued them ("the statement said")
DOCUMENT_NOUNS = {"statement", "account", "readout", "communique", "communiqué", "announcement"}
# prepositions linking a descriptor to its organisation ("a representative from the FSB")
ORG_PREPS = {"from", "of", "at", "for", "with"}
# Nouns the report sets next to a person that say which personal pronoun stands for them ("her
# boyfriend, Allen Cashe", "Nephew Zeke Gebrekidane", "Mrs. Ortiz", her "father" resolved to a name).
MALE_NOUNS = {"man", "boy", "father", "dad", "son", "brother", "uncle", "nephew", "husband", "boyfriend",
              "grandfather", "grandson", "stepfather", "stepson", "fiance", "mr", "mr.", "king", "businessman",
              "policeman", "congressman", "chairman", "spokesman", "stepbrother", "godfather"}
FEMALE_NOUNS = {"woman", "girl", "mother", "mom", "daughter", "sister", "aunt", "niece", "wife", "girlfriend",
                "grandmother", "granddaughter", "stepmother", "stepdaughter", "fiancee", "mrs", "mrs.", "ms",
                "ms.", "miss", "queen", "businesswoman", "policewoman", "congresswoman", "chairwoman",
                "spokeswoman", "stepsister", "godmother"}
# people a report quotes without naming ("a woman in a nearby salon said"): a later "she said" is theirs
UNNAMED_PERSON_NOUNS = {"man", "woman", "boy", "girl", "neighbor", "neighbour", "witness", "resident",
                        "employee", "worker", "customer", "student", "friend", "relative", "bystander",
                        "passerby", "mother", "father", "teen", "teenager", "motorist", "driver", "owner"}
# group names that say nothing about who speaks: the source as written says more
ANYONE_NAMES = {"people", "persons", "others", "someone", "somebody", "everyone", "everybody"}
# participles that give a descriptor its person's name ("a plant employee named Donna")
NAMING_PARTICIPLES = {"name", "call", "identify"}
MALE_PRONOUNS = {"he", "him"}
FEMALE_PRONOUNS = {"she", "her"}


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
        self._doc_text: str | None = None  # Doc.text is rebuilt on every access
        self.entities: list[Entity] = [e for e in (doc._.entities or []) if e.actor and not self._in_credit(e)]
        self.actors: dict[str, Actor] = doc._.actors or {}
        self.descriptors = descriptors
        self.voices = descriptors if voices is None else voices  # descriptors that speak for their body
        self.prior: list[PriorSpeaker] = []
        self._sents: list | None = None
        self.speech_offsets: list[int] = []  # where every speech verb's subject stands (note_speaker)
        self._genders: dict[str, str] | None = None  # actor id -> "male"/"female", read once (_gender)

    def _in_credit(self, ent: Entity) -> bool:
        """A name in a photo or video credit ("Photo: Jane Doe/AP", "(Photo: Jane Doe/The Sentinel)",
        "Jane Doe/AP" on a line of its own) is the photographer, who says nothing in the report: a
        following "she said" went to her (GVC: a photographer as a key quote's speaker)."""
        text = self._text()
        line_start = text.rfind("\n", 0, ent.start) + 1
        line_end = text.find("\n", ent.end)
        line = text[line_start : len(text) if line_end < 0 else line_end]
        before = text[line_start : ent.start]
        if CREDIT_LABEL.search(before):
            return True
        return text[ent.end : ent.end + 1] == "/" and len(line.split()) <= CREDIT_LINE_MAX_WORDS

    def _fits(self, pronoun: str, actor_id: str | None) -> bool:
        """A person for "he"/"she" whose gender, when the report gives it, agrees; a group for "it"/"they"."""
        if not _compatible(pronoun, self.actors.get(actor_id)):
            return False
        gender = self._gender(actor_id) if pronoun in PERSON_PRONOUNS else None
        if gender == "male":
            return pronoun not in FEMALE_PRONOUNS
        if gender == "female":
            return pronoun not in MALE_PRONOUNS
        return True

    def _gender(self, actor_id: str | None) -> str | None:
        """What the report says about a person's gender through the nouns it sets next to their
        name ("her boyfriend, Allen Cashe", "Cashe, her boyfriend,", "Nephew Zeke", "Mrs. Ortiz") or
        resolves to them ("her father" -> the grandfather's name); None when it says nothing or both.
        GVC Sanford report: "Cashe ... had the keys, she told police" went to the boyfriend, the
        newest subject, for the woman who told it; round 5 left gender unknown to the resolver."""
        if self._genders is None:
            self._genders = self._genders_from_text()
        return self._genders.get(actor_id)

    def _genders_from_text(self) -> dict[str, str]:
        votes: dict[str, set[str]] = {}
        for ent in self.entities:
            if not _is_person(self.actors.get(ent.actor)) or self._inside_quotation(ent.start):
                continue  # a speaker's "Ms. Smith, Ms. Jones" is nobody the report names (GVC)
            for word in self._nouns_beside(ent):
                if word in MALE_NOUNS:
                    votes.setdefault(ent.actor, set()).add("male")
                elif word in FEMALE_NOUNS:
                    votes.setdefault(ent.actor, set()).add("female")
        return {actor: next(iter(found)) for actor, found in votes.items() if len(found) == 1}

    def _nouns_beside(self, ent: Entity) -> list[str]:
        """The mention itself when it is a common noun ("father"), the word right before a name
        ("Nephew", "Mrs."), and a noun in apposition either way ("her boyfriend, X", "X, her boyfriend,")."""
        span = self.doc.char_span(ent.start, ent.end, alignment_mode="expand")
        if span is None:
            return []
        words = [span.text.lower()] if len(span) == 1 else []
        if span.start > 0:
            words.append(self.doc[span.start - 1].lower_)
        if span.start > 1 and self.doc[span.start - 1].text == "," and self.doc[span.start - 2].pos_ == "NOUN":
            words.append(self.doc[span.start - 2].lower_)  # "her boyfriend, Allen Cashe," parsed as a conjunct
        root = span.root
        if root.dep_ == "appos":
            words.append(root.head.lower_)
        words += [c.lower_ for c in root.children if c.dep_ == "appos"]
        return words

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
                        if child.dep_ == "poss" and self._a_body_of_the_country(head, ent):
                            return None  # "Turkey's disaster agency said": the agency, shown as written
                        return self._owner(ent)
        return None

    def _a_body_of_the_country(self, head: Token, possessor: Entity) -> bool:
        """ "Turkey's disaster agency said": one of a country's agencies or offices is not the country
        speaking (demo: the toll of Turkey's disaster agency was credited to "Turkey"). Its government,
        ministries, president or spokesman are (``STATE_VOICES``), as the knowledge base's
        descriptions of an office resolve to the country when no holder is known."""
        actor = self.actors.get(possessor.actor)
        if actor is None or actor.kind != "country" or head.pos_ != "NOUN":
            return False
        return head.lemma_.lower() not in STATE_VOICES and head.lower_ not in self.voices

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
                and (before is None or (e.end <= before and self._is_namesake_subject(e)))]

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
        named = self._named_in(head, PERSON_NAME_DEPS) or self._named_by_participle(head)
        return named if _is_person(self.actors.get(named)) else None

    def _document_of_last_speaker(self, head: Token) -> str | None:
        """ "The Kremlin gave a longer account. It said ... , the statement said.": a definite
        statement with nothing naming its author is the one the report just said someone gave or
        issued (demo: three reports showed "the statement" as the speaker): the named subject of the
        latest clause in the pronoun window whose object is such a document. Not the last speaker
        as such: "Police said ... The family released a statement. The statement said" is the family's."""
        if head.lemma_.lower() not in DOCUMENT_NOUNS or not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            return None
        if any(c.dep_ in NAME_DEPS | {"prep", "acl", "relcl"} for c in head.children):
            return None  # "the statement from the ministry", "the statement posted on ...": its own words say whose
        window_start = self._window_start(head)
        for tok in reversed(self.doc[: head.i]):
            if tok.idx < window_start:
                break
            if tok.lemma_.lower() not in DOCUMENT_NOUNS:
                continue
            if tok.dep_ == "dobj":
                subjects = [c for c in tok.head.children if c.dep_ == "nsubj"]
                ent = self._entity_at(subjects[0]) if subjects else None
                return self._owner(ent) if ent is not None else None
            issuer = self._issuer_in_own_words(tok)
            if issuer is not None:
                return issuer  # "According to a statement posted on the Kremlin website, ... the statement said"
        return None

    def _issuer_in_own_words(self, head: Token) -> str | None:
        """ "a statement posted on the Kremlin website", "a statement from the ministry": a document
        whose own modifiers name a body (not a person) is that body's. Demo (Harbor Press): "According
        to a statement posted on the Kremlin website" showed the statement itself as the speaker, and
        the next paragraph's "the statement said" named nobody. A person named there is not taken
        ("a statement about Smith's arrest" is not Smith's)."""
        if head.lemma_.lower() not in DOCUMENT_NOUNS:
            return None
        for child in head.children:
            if child.dep_ not in ("acl", "prep", "compound", "poss"):
                continue
            if child.dep_ == "prep" and child.lower_ not in ("from", "by", "of", "on"):
                continue
            for tok in child.subtree:
                ent = self._entity_at(tok)
                actor = self.actors.get(ent.actor) if ent else None
                if actor is not None and not _is_person(actor):
                    return ent.actor
        return None

    def _window_start(self, head: Token) -> int:
        if self._sents is None:
            self._sents = list(self.doc.sents)
        sent_idx = next((i for i, s in enumerate(self._sents) if s.start <= head.i < s.end), 0)
        return self._sents[max(0, sent_idx - PRONOUN_WINDOW_SENTENCES)].start_char

    def _pronoun(self, head: Token) -> str | None:
        pron = head.lower_
        if self._sents is None:
            self._sents = list(self.doc.sents)
        sents = self._sents
        sent_idx = next((i for i, s in enumerate(sents) if s.start <= head.i < s.end), 0)
        window_start = sents[max(0, sent_idx - PRONOUN_WINDOW_SENTENCES)].start_char
        if pron in PLURAL_PRONOUNS and self._plural_people_before(head, window_start):
            return None
        introduced = self._introduced_in_own_clause(head, pron)
        if introduced is not None:
            return introduced
        named = self._named_subject_before(head, pron, window_start)
        unnamed = self._unnamed_speaker_before(head, pron, window_start) if pron in PERSON_PRONOUNS else None
        if unnamed is not None and not self._named_after(unnamed, head, pron):
            return None  # "A woman in a nearby salon said ... she said"; not once a named subject followed her
        for prior in reversed(self.prior):
            if window_start <= prior.offset < head.idx and self._fits(pron, prior.actor):
                if named is not None and named.start > prior.offset:
                    return named.actor  # a newer named subject took over the story
                return prior.actor
        candidates = [e for e in self.entities if window_start <= e.start and e.end <= head.idx]
        compatible = [e for e in candidates if self._fits(pron, e.actor)]
        subjects = [e for e in compatible if self._is_subject(e)]
        for pool in (subjects, compatible):
            if pool:
                return pool[-1].actor
        return None

    def _unnamed_speaker_before(self, head: Token, pron: str, window_start: int) -> int | None:
        """ "A woman in a nearby salon said she heard shots ... 'We can't stop shaking,' she said": the
        last speaker before the pronoun is a person the report does not name, so "she" is that woman,
        not the named official quoted before her (GVC sample: the district attorney). Only a person
        noun (``UNNAMED_PERSON_NOUNS``) whose gender, when it has one, agrees, with no name set beside it;
        its offset, or None. A person named as a subject after it takes the pronoun back ("Stephen
        Dittoe, 55, lives behind the scene. 'I heard the first shot,' he said": GVC, 3 of 12 rows
        this rule changed were such names until ``_pronoun`` compared the two)."""
        offsets = sorted(o for o in self.speech_offsets if window_start <= o < head.idx)
        while offsets and not self._speaks_in_main_clause(offsets[-1]) and not self._unnamed_person_at(offsets[-1]):
            offsets.pop()
        if not offsets:
            return None
        last = offsets[-1]
        tok = self._token_at(last)
        if tok is None or tok.pos_ != "NOUN" or tok.lemma_.lower() not in UNNAMED_PERSON_NOUNS:
            return None
        word = tok.lower_
        if (word in MALE_NOUNS and pron in FEMALE_PRONOUNS) or (word in FEMALE_NOUNS and pron in MALE_PRONOUNS):
            return None
        if self._named_by_participle(tok) is not None:
            return None  # "A plant employee named Donna said": she has a name, and her quote names her
        return None if _is_person(self.actors.get(self._named_in(tok, PERSON_NAME_DEPS))) else last

    def _unnamed_person_at(self, offset: int) -> bool:
        tok = self._token_at(offset)
        return tok is not None and tok.pos_ == "NOUN" and tok.lemma_.lower() in UNNAMED_PERSON_NOUNS

    def _speaks_in_main_clause(self, offset: int) -> bool:
        """A speech verb's subject that speaks to the reader, not one inside what someone else said: in
        "A plant employee named Donna said her husband reported seeing the shooter. She said ...", the
        husband's report is the employee's words, and the last speaker before "She" is the employee
        (GVC Hesston report: "she" went to a man quoted two paragraphs before). An unnamed person inside
        the words ("Lt. Krause told the Free Press the father called 911, saying ...") still counts:
        the father is who "he told them" goes on about (GVC, Dearborn Heights)."""
        tok = self._token_at(offset)
        return tok is None or tok.head.i == tok.i or _main_clause(tok.head) or tok.head.dep_ not in ("ccomp", "xcomp")

    def _named_by_participle(self, head: Token) -> str | None:
        """ "a plant employee named Donna", "a worker identified as Dillon Ray", "a man called Sam": the
        person a descriptor's naming participle names, when the actors component found them."""
        for child in head.children:
            if child.dep_ != "acl" or child.lemma_.lower() not in NAMING_PARTICIPLES:
                continue
            for tok in child.subtree:
                if tok.i == child.i:
                    continue
                ent = self._entity_at(tok)
                if ent is not None and _is_person(self.actors.get(ent.actor)):
                    return self._owner(ent)
        return None

    def _named_after(self, offset: int, head: Token, pron: str) -> bool:
        """A person fitting the pronoun named as a subject (or beside one: "Mahaj's grandmother Delores
        Melendez was distraught") between ``offset`` and the pronoun."""
        return any(offset < e.start and e.end <= head.idx and self._fits(pron, e.actor) and self._is_namesake_subject(e)
                   for e in self.entities)

    def _token_at(self, offset: int) -> Token | None:
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def _introduced_in_own_clause(self, head: Token, pron: str) -> str | None:
        """ "Nephew Zeke Gebrekidane heard the news ... and drove through the night, he said. / 'I was
        beyond shocked,' Gebrekidane said": a person named for the first time as the subject of the
        clause the pronoun reports, whom the report quotes by name next, is the one speaking; the
        previous speaker (the brother) is not. Both conditions: a victim first named in a police
        account ("John Roe, 20, was shot, he said") is not quoted next."""
        verb = head.head
        if verb.i == head.i or head.dep_ != "nsubj":
            return None
        own = {t.i for t in verb.subtree if t.i < head.i}
        first_seen: set[str] = set()
        introduced = None
        for ent in self.entities:
            if ent.start >= head.idx:
                break
            span = self.doc.char_span(ent.start, ent.end, alignment_mode="expand")
            new = ent.actor not in first_seen
            first_seen.add(ent.actor)
            if span is None or not new or span.root.i not in own or span.root.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if _main_clause(span.root.head) or not self._fits(pron, ent.actor):
                continue
            introduced = ent.actor
        if introduced is None:
            return None
        later = [p for p in self.prior if p.offset > head.idx and self._fits(pron, p.actor)]
        return introduced if later and later[0].actor == introduced else None

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
            if not ent.text[:1].isupper() or not self._fits(pron, ent.actor):
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

    def _is_namesake_subject(self, ent: Entity) -> bool:
        """A full name the story goes on about: a clause's subject, or set beside a subject ("His
        father, Luca Rossi, is now asking": a later "Rossi said" is the father's, not the dead boy's),
        but not beside a named person's relative ("Harmon's wife, Margaret Harmon,") and not inside a
        reported clause ("She said her son Dewaun Rockingham was the light of her life": the mother's
        later "Rockingham said" went to the son)."""
        span = self.doc.char_span(ent.start, ent.end, alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        if root.dep_ == "appos":
            if any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in root.head.children):
                return False
            root = root.head
            if root.dep_ in ("nsubj", "nsubjpass") and not _main_clause(root.head):
                return False
        return root.dep_ in ("nsubj", "nsubjpass")

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
            actor = (self._named_in(head) or self._named_by_participle(head) or self._issuer_in_own_words(head)
                     or self._document_of_last_speaker(head))
        if self._anyone(actor):
            return None
        if actor:
            self.prior.append(PriorSpeaker(head.idx, actor))
            self.prior.sort(key=lambda p: p.offset)
        return actor

    def _anyone(self, actor_id: str | None) -> bool:
        """A group actor that is people in general ("People in the intelligence world tell us"): its name
        ("people") drops what the source said about who they are, and with it the sign that the source
        is vague (demo read, round 7); the ledger shows the source as written."""
        actor = self.actors.get(actor_id) if actor_id else None
        return actor is not None and actor.kind == "group" and actor.name.lower() in ANYONE_NAMES
