"""Who did it to whom: event participants read off the dependency parse.

Actor ids come from the actors component (``doc._.entities``); while it is
absent we fall back to spaCy's named entities with provisional ids
``"x:" + slug`` so the events component still works alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from newsledger.model import Entity
from newsledger.nlp.events.context import clause_head
from newsledger.nlp.events.lexicon import PEOPLE_NOUNS, direct_objects, headline_passive, is_people, lemma
from newsledger.nlp.kb import DOTTED_INITIALISM, ENFORCING_SECTORS

FALLBACK_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
SUBJ_DEPS = ("nsubj", "csubj")
PASSIVE_SUBJ_DEPS = ("nsubjpass",)
# prepositions whose object is the one acted upon ("sanctions on X", "talks with X")
RECIPIENT_PREPS = {"with", "against", "to", "on", "upon", "toward", "towards", "at", "into", "from", "between", "of"}
# clause links through which a verb inherits its subject ("agreed to meet", "met and agreed")
SUBJECT_INHERIT_DEPS = ("xcomp", "conj", "advcl", "pcomp", "acomp")  # "acomp": "were determined to disrupt"
# verbs whose object, not subject, performs the embedded act ("urged X to withdraw")
OBJECT_CONTROL = {"urge", "ask", "invite", "call", "tell", "order", "force", "press", "persuade", "allow", "request"}
# Object-control verbs that control only with a particle: "called on X to resign" (X resigns), but
# "called X to thank him" is a phone call whose purpose is the caller's.
CONTROL_PARTICLES = {"call": {"on", "upon"}}
GROUP_NOUNS = PEOPLE_NOUNS | {
    "government", "army", "military", "police", "troop", "force", "authority", "regime",
    "ministry", "court", "parliament", "union", "militia", "group", "party", "administration",
    "coalition", "country", "nation", "state", "opposition", "side", "agency", "gunman",
    "bandit", "hacker", "jury", "tribunal", "commission", "committee", "council", "crowd", "mob",
    # filings that speak for whoever filed them: "the complaint alleged ..."
    "complaint", "lawsuit", "indictment", "filing", "petition",
    # businesses
    "company", "firm", "corporation", "bank", "insurer", "airline", "manufacturer", "retailer",
}
# nouns that stand for the body named by their modifier: "Russian officials",
# "the Israeli army" act for that actor; "Russian nationals" are a group of their own
BODY_NOUNS = (GROUP_NOUNS - PEOPLE_NOUNS) | {"official", "leader", "president"}
# entity labels that name a nationality or a place: a group they modify is not placed by the report's country
PLACING_ENTITIES = {"NORP", "GPE", "LOC"}
# a body's premises stand for the body when its name modifies them: stones thrown "at a police station",
# an attack "on the Russian embassy" target the police, Russia
PREMISES_NOUNS = {"station", "headquarters", "embassy", "consulate", "barracks", "base", "office", "offices",
                  "outpost", "checkpoint", "compound", "precinct"}
# Likewise a body's machines and records: "hacking Democratic Party computers" targets the party. Without
# this the agent-noun rule below read "computers" (an "-er" noun with a named modifier) as a group of
# people, and the demo's 2016 hacking line listed "Democratic Party computers" beside the party.
PROPERTY_NOUNS = {"computer", "server", "network", "system", "email", "e-mail", "account", "website", "database",
                  "file", "record", "phone"}
# endings of nouns for people who do something ("fighter", "loyalist", "partisan", "militant")
AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "ee", "man", "men")
PERSONAL_PRONOUNS = {"he", "she", "his", "her"}  # subject or possessive ("her resignation")
REPORTED_PRONOUNS = {"he", "she", "it", "they"}  # "X says it will ...": the reporter
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who", "that", "which", "him", "her", "them"}
# sectors of actors that arrest, jail or raid: a passive arrest with no agent is theirs
ENFORCER_SECTORS = ENFORCING_SECTORS  # PLOVER codes (COP, SPY, JUD, MIL), from the knowledge base


def slug(text: str) -> str:
    """A provisional group's id words; a dotted initialism as its letters ("U.S. agents" -> "us-agents"),
    as ``kb.slugify`` writes the actors component's ids."""
    text = DOTTED_INITIALISM.sub(lambda m: m.group(0).replace(".", "") + " ", text)
    s = re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'s", "")).strip("-")
    return re.sub(r"^(the|a|an)-", "", s)


@dataclass
class Participants:
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    resolved: int = 0  # participants resolved to a named actor (not a provisional noun)
    symmetric: bool = False
    reciprocal: bool = False  # "the foreign ministers met": a plural group meets among itself


def _with_references(doc: Doc) -> list | None:
    """The doc's entities, joined by the plural references the actors component resolved ("the two
    men": one entity per person on the noun's span, ``doc._.references``).

    They join here, after the quotes component has read the entities: a quote's speaker is one
    actor, and "the two leaders said" credited to the first of them would be wrong. Joined once;
    from then on they are stored with the other entities, spans and all.
    """
    entities = getattr(doc._, "entities", None)
    references = getattr(doc._, "references", None) if doc.has_extension("references") else None
    if entities is not None and references:
        entities = sorted([*entities, *(Entity(*r) for r in references)], key=lambda e: (e.start, e.end))
        doc._.entities, doc._.references = entities, []
    return entities


class ActorResolver:
    """Maps tokens to actor ids, from the actors component or a fallback."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.by_token: dict[int, str] = {}
        # tokens standing for several actors at once ("the two men": Trump and Putin) -> all of them
        self.together: dict[int, list[str]] = {}
        self.named: set[str] = set()
        self.sectors: dict[str, str | None] = {}
        self.kinds: dict[str, str | None] = {}
        # "x:" ids minted here for groups -> (their words, a named actor among them, nationality or place words)
        self.provisional: dict[str, tuple[str, str | None, list[str]]] = {}
        self.original: Doc | None = None  # the report, when ``doc`` is a re-parse of a window of it
        self.offset = 0
        entities = _with_references(doc)
        if entities:
            self._from_entities(entities, getattr(doc._, "actors", None) or {})
        else:
            self._from_ents()

    def window(self, doc: Doc, offset: int, keep: set[int]) -> "ActorResolver":
        """This resolver for ``doc``, a re-parse of the tokens from ``offset`` on (a headline):
        the same actors on the same tokens, except the ``keep``-excluded ones (words we lowered)."""
        out = ActorResolver.__new__(ActorResolver)
        out.doc = doc
        out.by_token = {i - offset: a for i, a in self.by_token.items() if 0 <= i - offset < len(doc) and i in keep}
        out.together = {i - offset: a for i, a in self.together.items() if i - offset in out.by_token}
        out.named, out.sectors, out.kinds, out.provisional = self.named, self.sectors, self.kinds, self.provisional
        out.original = self.original if self.original is not None else self.doc
        out.offset = self.offset + offset
        return out

    def _mark(self, start: int, end: int, actor: str) -> None:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return
        for tok in span:
            self.by_token.setdefault(tok.i, actor)
        self.named.add(actor)

    def _from_entities(self, entities, actors: dict) -> None:
        for ent in sorted(entities, key=lambda e: e.start - e.end):
            if ent.actor:
                self._mark(ent.start, ent.end, ent.actor)
        self._mark_together(entities)
        self.sectors = {k: getattr(a, "sector", None) for k, a in actors.items()}
        self.kinds = {k: getattr(a, "kind", None) for k, a in actors.items()}

    def _mark_together(self, entities) -> None:
        """Several entities on one span (a plural reference the actors component resolved to the
        persons it stands for, :mod:`newsledger.nlp.actors.plurals`): the span's tokens stand for all."""
        by_span: dict[tuple[int, int], list[str]] = {}
        for ent in entities:
            if ent.actor and ent.actor not in by_span.setdefault((ent.start, ent.end), []):
                by_span[(ent.start, ent.end)].append(ent.actor)
        for (start, end), ids in by_span.items():
            span = self.doc.char_span(start, end, alignment_mode="expand") if len(ids) > 1 else None
            for tok in span or ():
                if self.by_token.get(tok.i) in ids:
                    self.together[tok.i] = ids

    def _from_ents(self) -> None:
        """Provisional ids from spaCy NER; a surname maps to the fuller name seen in the doc."""
        people = [e.text for e in self.doc.ents if e.label_ == "PERSON"]
        for ent in self.doc.ents:
            if ent.label_ not in FALLBACK_LABELS:
                continue
            name = ent.text
            if ent.label_ == "PERSON":
                fuller = [p for p in people if p != name and p.split()[-1] == name.split()[-1] and len(p) > len(name)]
                name = max(fuller, key=len) if fuller else name
            self._mark(ent.start_char, ent.end_char, "x:" + slug(name))
            if ent.label_ == "PERSON":
                self.kinds["x:" + slug(name)] = "person"

    def actor_of(self, tok: Token) -> tuple[str | None, bool]:
        """Actor id for the noun phrase headed by ``tok``; bool says it is a named actor."""
        owner = _relative_owner(tok)
        if (owner is not None and owner.i in self.by_token and lemma(tok) in BODY_NOUNS
                and self.by_token.get(tok.i, "x:").startswith("x:")):
            return self.by_token[owner.i], True  # "Barack Obama, whose government expelled ..."
        if tok.i in self.by_token:
            return self.by_token[tok.i], True
        members = _members(tok)
        if members is not None:
            return self.actor_of(members)
        body = _body_of_members(tok)
        if body is not None and body.i in self.by_token and not self.by_token[body.i].startswith("x:"):
            return self.by_token[body.i], True  # "several members of the State Duma called for ..."
        if tok.lower_ in CROWD_COUNTS and tok.dep_ in SUBJ_DEPS:
            return self._provisional([tok]), False  # "Thousands took to the streets"
        named_appos = [c for c in tok.children if c.dep_ == "appos" and c.i in self.by_token
                       and not _past_relative_clause(tok, c)]
        if named_appos:  # "the head of the Super PAC, Mike Murphy, praised ..."
            return self.by_token[named_appos[0].i], True
        for child in tok.children:
            if child.dep_ in ("compound", "amod", "poss", "nmod") and child.i in self.by_token and tok.pos_ != "PROPN":
                if lemma(tok) in BODY_NOUNS or lemma(tok) in PREMISES_NOUNS or lemma(tok) in PROPERTY_NOUNS:
                    return self.by_token[child.i], True
        if tok.lower_ in REPORTED_PRONOUNS | PERSONAL_PRONOUNS and in_direct_quote(tok):
            return None, False  # '"He got shot in the chest," the boy's mother said': not the mother
        if tok.lower_ in REPORTED_PRONOUNS and tok.dep_ in SUBJ_DEPS + PASSIVE_SUBJ_DEPS:
            reporter = self.reporter_of(tok)
            if reporter:
                return reporter, False
        if tok.lower_ in PERSONAL_PRONOUNS and tok.dep_ in SUBJ_DEPS + PASSIVE_SUBJ_DEPS + ("poss",):
            return self.previous_person_subject(tok) or self.only_person_before(tok), False
        if lemma(tok) in PRONOUNS or tok.pos_ == "PRON":
            return None, False
        if tok.pos_ == "NOUN" and (lemma(tok) in GROUP_NOUNS or self._has_named_modifier(tok)):
            return self._provisional(_group_tokens(tok)), False
        if tok.pos_ == "PROPN" and tok.lower_ in GROUP_NOUNS | PLURAL_GROUPS and not tok.ent_type_:
            return self._provisional(_group_tokens(tok)), False  # a title-case "Judge" or "Delegates"
        return None, False

    def _provisional(self, tokens: list[Token]) -> str:
        """A group the actors component made no actor of: ``"x:" + slug``, its words kept as its name
        (as the report writes them: a re-parsed headline's lowered words get their capitals back)."""
        actor_id = "x:" + slug(" ".join(t.text for t in tokens))
        if actor_id not in self.provisional:
            owners = [self.by_token[t.i] for t in tokens if t.i in self.by_token]
            placing = [t for t in tokens if t.i not in self.by_token and t.ent_type_ in PLACING_ENTITIES]
            self.provisional[actor_id] = (" ".join(self.written(t) for t in tokens), owners[0] if owners else None,
                                          [t.text for t in placing])
        return actor_id

    def written(self, tok: Token) -> str:
        """The token as the report writes it (this resolver may read a re-parse of a headline)."""
        return self.original[tok.i + self.offset].text if self.original is not None else tok.text

    def adopt_provisional(self, ids) -> None:
        """Give the provisional groups among ``ids`` an actor record in ``doc._.actors`` (the report's
        country for unplaced groups, their head noun's sector), so the ledger shows a name and a
        country for them as for the groups the actors component found. Without the actors component
        there is no record to join."""
        actors = getattr(self.doc._, "actors", None)
        if actors is None:
            return
        from newsledger.nlp.actors import party_word_country, provisional_group

        for actor_id in ids:
            if actor_id in self.provisional and actor_id not in actors:
                name, owner, placing = self.provisional[actor_id]
                group = provisional_group(self.doc, actor_id, name)
                if owner or placing:
                    # "Jeb Bush Super PAC Chief": Bush's country; "the Democratic nominee": the party's;
                    # "Kurdish fighters": not the report's, whatever it is
                    countries = {party_word_country(w) for w in placing}
                    party = countries.pop() if len(countries) == 1 else None
                    group.country = getattr(actors.get(owner or ""), "country", None) if owner else party
                    group.family = None
                actors[actor_id] = group

    def previous_person_subject(self, pronoun: Token) -> str | None:
        """"He" as a subject: the person who was the subject just before, within the last two sentences.

        A deliberately narrow rule (no coreference model is installed): news
        prose keeps its protagonist in subject position, so the last named
        person subject is the usual referent; anything less sure stays unresolved.
        """
        floor = pronoun.sent.start
        for _ in range(2):
            if floor > 0:
                floor = self.doc[floor - 1].sent.start
        for tok in reversed(self.doc[floor:pronoun.i]):
            actor = self.by_token.get(tok.i)
            if actor and tok.dep_ in SUBJ_DEPS and self.kinds.get(actor) == "person":
                return actor
        return None

    def reporter_of(self, pronoun: Token) -> str | None:
        """"Russia's FSB says it arrested two men": the subject of a reported clause that is "it",
        "they", "he" or "she" is whoever reports it, when that is a named actor of the right kind."""
        clause = pronoun.head
        if clause.dep_ != "ccomp" or lemma(clause.head) not in REPORTING_VERBS:
            return None
        for subj in clause.head.children:
            if subj.dep_ == "nsubj" and subj.i in self.by_token:
                actor = self.by_token[subj.i]
                person = self.kinds.get(actor) == "person"
                return actor if person == (pronoun.lower_ in ("he", "she")) else None
        return None

    def only_person_before(self, pronoun: Token) -> str | None:
        """"An arsonist damaged the church attended by Sarah Palin, and she apologised": the one
        person named earlier in the same sentence, when there is exactly one."""
        people = {self.by_token[t.i] for t in pronoun.sent if t.i < pronoun.i and t.i in self.by_token
                  and self.kinds.get(self.by_token[t.i]) == "person"}
        return people.pop() if len(people) == 1 else None

    def _has_named_modifier(self, tok: Token) -> bool:
        """"Kurdish fighters": a noun for people made an actor by a named modifier (not "Putin thanks")."""
        return lemma(tok).endswith(AGENT_SUFFIXES) and any(
            c.dep_ in ("amod", "compound") and c.i in self.by_token for c in tok.children)

    def enforcer_in(self, sent, sectors=ENFORCER_SECTORS) -> str | None:
        """An actor of an enforcing sector named in the sentence (for agentless arrests and charges)."""
        for tok in sent:
            actor = self.by_token.get(tok.i)
            if actor and self.sectors.get(actor) in sectors:
                return actor
        return None


OPENING_QUOTES = {"\u201c"}
CLOSING_QUOTES = {"\u201d"}
TOGGLING_QUOTES = {'"'}


def in_direct_quote(tok: Token) -> bool:
    """Whether a token sits inside quotation marks opened earlier in its sentence, or in a direct quote
    the quotes component found (not an indirect one: "Nepal said it had accepted" is Nepal's act).

    A third-person pronoun in someone's own words is someone the speaker talks about: never the
    speaker ("'He got shot in his chest,' Jasmine Landers, the boy's mother said" made the mother,
    who was at work, the one shot: GVC, round 6), and not whoever the narration last made a subject
    either, since the speaker's story has its own protagonist. Such a pronoun is left unresolved.
    """
    for quote in getattr(tok.doc._, "quotes", None) or ():
        content = getattr(quote, "content", None)
        if getattr(quote, "kind", None) == "direct" and content is not None and content.start <= tok.idx < content.end:
            return True
    inside = False
    for t in tok.doc[tok.sent.start:tok.i]:
        if t.text in OPENING_QUOTES or (t.text in TOGGLING_QUOTES and not inside):
            inside = True
        elif t.text in CLOSING_QUOTES or t.text in TOGGLING_QUOTES:
            inside = False
    return inside


def _past_relative_clause(noun: Token, appos: Token) -> bool:
    """"struck by a car, which then left the scene, FHP Sgt. Reed said": a name the parser hangs on a
    noun as its apposition after the noun's relative clause is the next clause's (the speaker), not
    the noun. On GVC the car was shown as "FHP Sgt" striking two women."""
    return any(c.dep_ == "relcl" and noun.i < c.i < appos.i for c in noun.children)


COUNT_DEPS = ("det", "nummod", "poss", "predet", "quantmod")
# Nouns that count or gather people: "a number of delegates", "hundreds of protesters".
QUANTITY_NOUNS = {"number", "dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "million",
                  "millions", "handful", "couple", "majority", "minority", "lot", "lots", "score", "scores"}
PLURAL_GROUPS = {n + "s" for n in PEOPLE_NOUNS}
# counts that stand for a crowd when they are the subject on their own
CROWD_COUNTS = {"dozens", "hundreds", "thousands", "millions", "tens"}


def _members(tok: Token) -> Token | None:
    """The "of" object of a quantity noun ("a number of GOP delegates" -> delegates), else None."""
    if lemma(tok) not in QUANTITY_NOUNS and tok.lower_ not in QUANTITY_NOUNS:
        return None
    for prep in tok.children:
        if prep.dep_ == "prep" and lemma(prep) == "of":
            return next((o for o in prep.children if o.dep_ == "pobj"), None)
    return None


def _relative_owner(tok: Token) -> Token | None:
    """The antecedent a "whose" owner stands for: "Barack Obama, whose government expelled ..." -> Obama.

    Like "Obama's government", the body is its owner's (``actor_of`` takes a named
    possessive of a body noun as the actor); the relative pronoun names no one itself.
    """
    if not any(c.dep_ == "poss" and c.lower_ == "whose" for c in tok.children):
        return None
    cur = tok
    for _ in range(4):
        if cur.dep_ == "relcl":
            return cur.head
        if cur.head == cur:
            return None
        cur = cur.head
    return None


MEMBER_NOUNS = {"member", "members", "lawmaker", "lawmakers", "deputy", "deputies"}


def _body_of_members(tok: Token) -> Token | None:
    """The body whose members act: "several members of the State Duma" -> the State Duma.

    PLOVER codes what members of a named body do as the body's act; the
    group's own words ("Several members") name no one a reader can place.
    Only the "of" object is returned; the caller takes it when it is a known actor
    (members of "the gang" are not the gang).
    """
    if lemma(tok) not in MEMBER_NOUNS and tok.lower_ not in MEMBER_NOUNS:
        return None
    for prep in tok.children:
        if prep.dep_ == "prep" and lemma(prep) == "of":
            return next((o for o in prep.children if o.dep_ == "pobj"), None)
    return None


def _group_tokens(tok: Token) -> list[Token]:
    """The words naming a group, without its count ("more than two thousand [people]" -> "people")."""
    dropped = {t.i for c in tok.children if c.dep_ in COUNT_DEPS for t in c.subtree}
    return [t for t in tok.subtree if t.i <= tok.i and t.i not in dropped and t.is_alpha and not t.like_num]


def _expand(toks: list[Token]) -> list[Token]:
    out = []
    for t in toks:
        out.append(t)
        out.extend(c for c in t.conjuncts if c.i > t.i)
    return out


# Verbs of saying: a participle hanging from one ("..., AFAD said, bringing down
# blocks and killing hundreds") tells what the reported event did, not the speaker.
REPORTING_VERBS = {"say", "tell", "report", "announce", "add", "state", "confirm", "note", "explain", "claim",
                   "write", "insist", "reveal", "disclose", "acknowledge", "admit", "declare", "quote", "cite"}


def _inherits_from(verb: Token) -> bool:
    """Whether ``verb`` may take its head's subject: not across a verb of saying by an adverbial clause."""
    if verb.dep_ not in SUBJECT_INHERIT_DEPS or verb.head == verb:
        return False
    cur = verb
    while cur.dep_ == "conj" and cur.head != cur:
        cur = cur.head
    return not (cur.dep_ == "advcl" and lemma(cur.head) in REPORTING_VERBS)


# Prepositions of time whose gerund shares the clause's subject: "during meeting", "after talking".
GERUND_PREPS = {"during", "after", "before", "while", "since", "by", "in", "on", "upon", "without"}


def subjects(verb: Token) -> list[Token]:
    """Subjects of a verb, inherited through xcomp/conj/advcl when it has none of its own.

    An adverbial clause takes its head's passive subject too: in "Ortiz was
    killed while investigating a shooting", Ortiz investigated.
    """
    own = [c for c in verb.children if c.dep_ in SUBJ_DEPS]
    if own:
        return _expand(own)
    if verb.dep_ == "relcl":
        return [verb.head]
    if verb.dep_ == "amod" and verb.tag_ == "VBG":
        return [verb.head]  # "protesting delegates"
    accused = _accused_of(verb)
    if accused:
        return accused
    if verb.dep_ == "pobj" and verb.tag_ == "VBG" and lemma(verb.head) in GERUND_PREPS and verb.head.head != verb.head:
        return subjects(verb.head.head) if verb.head.head.pos_ in ("VERB", "AUX") else []
    if _inherits_from(verb):
        head = verb.head
        if verb.dep_ == "xcomp" and _object_controls(head):
            objs = direct_objects(head)
            if objs:
                return objs
        inherited = subjects(head)
        if not inherited and verb.dep_ == "advcl":
            inherited = passive_subjects(head)
        return inherited
    return []


# Verbs whose subject takes part in the act named in their "in"/"on" phrase.
TAKING_PART = {"be", "take", "participate", "engage", "remain", "stay", "join", "go"}
def _object_controls(verb: Token) -> bool:
    """"urged X to withdraw", "called on X to resign": the object does the embedded act."""
    if lemma(verb) not in OBJECT_CONTROL:
        return False
    needed = CONTROL_PARTICLES.get(lemma(verb))
    return not needed or any(c.dep_ in ("prep", "prt") and lemma(c) in needed for c in verb.children)


# Verbs of accusing: "accused of gunning down X", "charged with murdering Y": the accused did it.
ACCUSING_VERBS = {"accuse", "charge", "suspect", "convict", "indict", "arrest", "detain", "jail", "sentence"}


def _accused_of(verb: Token) -> list[Token]:
    """The one accused, as the doer of a gerund under "accused of" / "charged with"."""
    prep = verb.head
    if verb.dep_ != "pcomp" or lemma(prep) not in ("of", "with", "for") or prep.head == prep:
        return []
    accusing = prep.head
    if lemma(accusing) not in ACCUSING_VERBS:
        return []
    if accusing.dep_ == "acl":  # "a gang member accused of ..."
        return [accusing.head]
    return [antecedent(t) for t in passive_subjects(accusing)] or direct_objects(accusing) \
        or _reduced_relative_subject(accusing)


def _reduced_relative_subject(accusing: Token) -> list[Token]:
    """"says the woman accused of killing two co-workers is ...": the parser makes "the woman" the
    subject of an active "accused"; with no object and no auxiliary it is the participle of a
    reduced relative, and its "subject" is the accused."""
    if direct_objects(accusing) or any(c.dep_ in ("aux", "auxpass") for c in accusing.children):
        return []
    return [t for t in accusing.children if t.dep_ == "nsubj" and t.pos_ in ("NOUN", "PROPN")]


def passive_subjects(verb: Token) -> list[Token]:
    return _expand([c for c in verb.children if c.dep_ in PASSIVE_SUBJ_DEPS])


def agents(tok: Token) -> list[Token]:
    """Objects of a "by" phrase (passive agent or nominal agent)."""
    out = []
    for c in tok.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and lemma(c) == "by"):
            out.extend(p for p in c.children if p.dep_ == "pobj")
    return _expand(out)


def prep_objects(tok: Token, preps: set[str]) -> list[Token]:
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "dative") and lemma(c) in preps:
            out.extend(p for p in c.children if p.dep_ == "pobj")
        elif c.dep_ == "dative" and c.pos_ in ("PROPN", "NOUN"):
            out.append(c)
    return _expand(out)


def _ids(resolver: ActorResolver, toks: list[Token]) -> tuple[list[str], int]:
    ids, named = [], 0
    for t in toks:
        actor, is_named = resolver.actor_of(t)
        for one in resolver.together.get(t.i, [actor]) if actor == resolver.by_token.get(t.i) else [actor]:
            if one and one not in ids:
                ids.append(one)
                named += is_named
    return ids, named


def _theme_object(sense_when: dict) -> bool:
    """A sense selected by its object ("provide information") has a theme, not a recipient, as object."""
    return "obj" in sense_when


# Verbs that leave someone in a state: "left four people wounded", "left him dead".
RESULT_VERBS = {"leave", "find", "report", "pronounce", "declare"}


def is_passive(verb: Token) -> bool:
    """A passive the parser left without a passive subject: its own "was" ("was shot about a block
    away"), or a bare participle conjoined to a passive ("who was shot and killed")."""
    if any(c.dep_ == "auxpass" for c in verb.children):
        return True
    head = verb.head
    return (verb.dep_ == "conj" and verb.tag_ == "VBN" and head != verb
            and not any(c.dep_ in ("aux", "nsubj", "nsubjpass") for c in verb.children)
            and any(c.dep_ in ("auxpass", "nsubjpass") for c in head.children))


def resultative(verb: Token) -> bool:
    """"left four people wounded", "found him shot": the participle tells the state of the object
    (also when the parser hangs the participle elsewhere, right after that object)."""
    if verb.tag_ != "VBN" or any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in verb.children):
        return False
    if verb.dep_ in ("oprd", "xcomp", "ccomp", "acomp", "advcl") and lemma(verb.head) in RESULT_VERBS:
        return True
    return bool(_left_in_state(verb))


def _left_in_state(verb: Token) -> list[Token]:
    """The object a result verb leaves in the participle's state ("left four people wounded")."""
    if lemma(verb.head) in RESULT_VERBS and verb.dep_ != "conj":
        objs = direct_objects(verb.head)
        if objs:
            return objs
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if before is not None and before.dep_ == "dobj" and lemma(before.head) in RESULT_VERBS:
        return [before]
    return []


def verb_participants(verb: Token, when: dict, resolver: ActorResolver) -> tuple[list[Token], list[Token]]:
    """Actor and recipient tokens of a verb trigger, active or passive (harm verbs: :func:`harm_verb_roles`)."""
    if lemma(verb) in HARM_VERBS:
        return harm_verb_roles(verb, when, resolver)
    return _verb_participants(verb, when, resolver)


def _verb_participants(verb: Token, when: dict, resolver: ActorResolver) -> tuple[list[Token], list[Token]]:
    passive = [antecedent(t) for t in passive_subjects(verb)]
    if passive:
        return agents(verb), passive
    if headline_passive(verb):  # "Gang Member Charged with Murder"
        return agents(verb), [c for c in verb.children if c.dep_ == "nsubj"]
    if is_passive(verb):  # "began to drive but was shot", "who was shot and killed": the subject was hit
        return agents(verb) or agents(verb.head) if verb.dep_ == "conj" else agents(verb), \
            [antecedent(t) for t in subjects(verb) or passive_subjects(verb.head)]
    if resultative(verb):  # "a shooting that left four people wounded"
        return [], [c for c in verb.children if c.dep_ in SUBJ_DEPS] or _left_in_state(verb)
    acts = [antecedent(t) for t in subjects(verb)]
    objects = direct_objects(verb)
    recs = [] if _theme_object(when) else list(objects)
    if _theme_object(when):  # "cut ties with Morocco", "imposed a ban on X"
        recs += [p for o in objects for p in prep_objects(o, {"with", "on", "against", "to"})]
    recs += [p for o in objects for p in prep_objects(o, {"between", "with"})]  # "mediated talks between X and Y"
    recs += [p for o in objects for p in prep_objects(o, {"at", "against"})]  # "hurled rocks at a police station"
    recs += prep_objects(verb, RECIPIENT_PREPS - {"of"})
    recs += [w for p in prep_objects(verb, INSTRUMENT_PREPS) for w in prep_objects(p, {"with"})]
    recs += [owner for o in objects for owner in _owners(o)]  # "praised Clinton's speech": Clinton
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        recs = [verb.head] + recs
        acts = agents(verb)
    return acts, recs


RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
# "spoke by telephone with Putin": the parser often hangs "with X" on the instrument noun
INSTRUMENT_PREPS = {"by", "over", "via", "on"}


def _owners(obj: Token) -> list[Token]:
    """Whose thing an object is: its possessive or its "of" object ("the efforts of a donor").

    Tried after the object itself, so they only count when the object names no party."""
    out = [c for c in obj.children if c.dep_ == "poss"]
    out += [c for o in out for c in o.children if c.dep_ == "poss"]  # "Mississippi's 'religious liberty' law"
    out += [p for c in obj.children if c.dep_ == "prep" and lemma(c) == "of" for p in c.children if p.dep_ == "pobj"]
    return out


def antecedent(tok: Token) -> Token:
    """A relative pronoun subject stands for the noun its clause modifies ("Sanders, who has endorsed X")."""
    if tok.lower_ not in RELATIVE_PRONOUNS:
        return tok
    clause = tok.head
    while clause.dep_ == "conj" and clause.head != clause:
        clause = clause.head
    return clause.head if clause.dep_ == "relcl" else tok


def _resolvable(toks: list[Token], resolver: ActorResolver) -> list[Token]:
    return [t for t in toks if resolver.actor_of(t)[0]]


def clause_actors(host: Token, resolver: ActorResolver, exclude: list[Token]) -> list[Token]:
    """Named actors in the host verb's own clause (not in its subordinate clauses)."""
    head = clause_head(host)
    skip = {t.i for t in exclude}
    seen, out = set(), []
    for t in host.subtree:
        actor = resolver.by_token.get(t.i)
        if actor and t.i not in skip and clause_head(t) == head and actor not in seen and t.dep_ != "compound":
            seen.add(actor)
            out.append(t)
    return out


@dataclass
class NounRoles:
    """How an event noun's modifiers and host verb relate to its act (``noun_roles`` in the lexicon)."""

    patient_possessive: bool = False  # "the teenager's shooting": the possessive was shot
    target_compound: bool = False  # "Russia sanctions": the name is the target
    agentive_host: bool = True  # "launched attacks": the host's subject attacked


def _modifier_participants(noun: Token, resolver: ActorResolver, roles: NounRoles) -> tuple[list[Token], list[Token]]:
    """Doers and targets named by a noun's own modifiers: "by" phrase, possessive, name modifiers."""
    has_of = any(c.dep_ == "prep" and lemma(c) == "of" for c in noun.children)
    possessives = [c for c in noun.children if c.dep_ == "poss"]
    acts, recs = list(agents(noun)), []
    if roles.patient_possessive and not has_of:
        recs += possessives
    else:
        acts += possessives
    # a participle naming the doer: "the sanctions announced by the Treasury"
    acts += [a for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN" for a in agents(c)]
    named = [c for c in noun.children if c.dep_ in ("compound", "amod") and c.i in resolver.by_token]
    targets = prep_objects(noun, {"on", "against"})
    if roles.target_compound and not targets:
        named = [c for c in named if c.dep_ == "amod"]  # "American sanctions" did; "Russia sanctions" is ambiguous
    return _resolvable(acts, resolver) + named, _resolvable(recs, resolver)


def _victims_after_agent(noun: Token, resolver: ActorResolver, roles: NounRoles) -> list[Token]:
    """"the killing by police of a 15-year-old boy": the parser hangs "of a boy" on the police.

    Taken back as the act's patient only for nouns whose possessive is their patient (killing,
    arrest), an agent of an enforcing sector (police, army), and an "of" object that is a person
    or civilians: "an attack by members of the gang" keeps the gang as the members' own.
    """
    if not roles.patient_possessive or any(c.dep_ == "prep" and lemma(c) == "of" for c in noun.children):
        return []
    out = []
    for agent in agents(noun):
        if resolver.sectors.get(resolver.actor_of(agent)[0]) not in ENFORCER_SECTORS:
            continue
        for obj in prep_objects(agent, {"of"}):
            actor = resolver.actor_of(obj)[0]
            if actor and (resolver.kinds.get(actor) == "person" or resolver.sectors.get(actor) == "CVL"):
                out.append(obj)
    return out


def _relative_clause_patients(noun: Token) -> list[Token]:
    """"a shooting that left one man dead", "an attack that wounded three": the act's own clause names who it hit.

    The relative clause's subject is the event noun itself ("that", "which"),
    so the clause's object is the recipient of the act the noun names.
    """
    out: list[Token] = []
    for clause in noun.children:
        if clause.dep_ != "relcl" or clause.pos_ != "VERB":
            continue
        if any(c.dep_ == "nsubj" and c.lower_ in ("that", "which") for c in clause.children):
            out += direct_objects(clause)
    return out


def _measured_object(noun: Token, host: Token) -> bool:
    """"declared three days of mourning", "held a round of talks": the act is the object a measure holds."""
    measure = noun.head.head
    return (noun.dep_ == "pobj" and lemma(noun.head) == "of" and measure.dep_ in ("dobj", "obj")
            and measure.head == host)


def noun_participants(
    noun: Token, host: Token | None, resolver: ActorResolver, symmetric: bool, roles: NounRoles | None = None,
    statement: bool = False,
) -> tuple[list[Token], list[Token]]:
    """Participants of an event noun (harm nouns: :func:`harm_noun_roles`)."""
    acts, recs = _noun_participants(noun, host, resolver, symmetric, roles, statement)
    if lemma(noun) in HARM_NOUNS:
        acts = harm_noun_roles(noun, host, acts, resolver, roles or NounRoles())
    return acts, recs


def _noun_participants(
    noun: Token, host: Token | None, resolver: ActorResolver, symmetric: bool, roles: NounRoles | None = None,
    statement: bool = False,
) -> tuple[list[Token], list[Token]]:
    """Participants of an event noun: its own modifiers first, then the clause it sits in.

    The clause's subject is the actor only when the noun is the object of a
    verb that does the act ("Putin held a news conference", "rebels launched
    an attack"; not "the tip foiled attacks") or a symmetric act told as an
    adjunct ("In a phone call, Trump told Putin ..."), where the clause's other
    named actors are the recipients.
    """
    roles = roles or NounRoles()
    acts, recs = _modifier_participants(noun, resolver, roles)
    recs += _resolvable(prep_objects(noun, RECIPIENT_PREPS), resolver)
    recs += _victims_after_agent(noun, resolver, roles) if not recs else []
    recs += _relative_clause_patients(noun) if not recs else []
    if host is None or host.pos_ not in ("VERB", "AUX"):
        return acts, recs
    object_use = (noun.dep_ in ("dobj", "obj", "attr", "oprd") and noun.head == host or _measured_object(noun, host)) \
        and roles.agentive_host
    # "spoke by phone, the Kremlin said, in the first call": a reporting verb's subject is no caller
    adjunct = noun.dep_ == "pobj" and noun.head.head == host and lemma(host) not in REPORTING_VERBS
    if noun.dep_ == "nsubjpass" and noun.head == host:
        acts = acts or agents(host)
        recs = recs or prep_objects(host, {"against", "on", "with", "to"})  # "charges were filed against X"
    if statement and noun.dep_ == "pobj" and noun.head.head == host and lemma(host) in REPORTING_VERBS and not acts:
        acts = subjects(host)  # "said in a statement", "told a news conference"
    if object_use or (adjunct and symmetric):
        acts = acts or subjects(host)
        if not recs:
            recs = prep_objects(host, {"with", "on", "against", "to", "between", "at"})
    if adjunct and not acts and (roles.agentive_host or lemma(host) in TAKING_PART):
        acts = subjects(host)  # "workers went on strike", "pledged $5 billion in aid", "took part in protests"
        recs = recs or prep_objects(host, {"to", "against", "with"})
    if adjunct and symmetric and not recs:
        recs = clause_actors(host, resolver, acts)
    if noun.dep_ == "nsubj" and noun.head == host and not recs:
        recs = direct_objects(host)
    return acts, recs


# Plural nouns for people in general ("men", "the leaders"): on their own they name no party.
GENERIC_PLURALS = {"men", "women", "people", "persons", "individuals", "others", "leaders", "presidents"}
# Dependents that leave a noun as vague as it was: an article, "both", a small count.
VAGUE_DEPS = {"det", "predet", "case", "punct"}
# Counts up to this are a few people, not a crowd ("two men"; "two thousand people" march as a crowd).
FEW = 9
NUMBER_NAMES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


def vague_party(tok: Token, resolver: ActorResolver) -> bool:
    """"The two men agreed", "leaders met", "people donated": a generic plural for people that the
    actors component could not tie to anyone (:mod:`newsledger.nlp.actors.plurals` resolves "the two
    men" to the persons the report just named) is no party a reader could identify, and shown as
    the doer ("AGREE: men") it reads as an anonymous crowd acting.

    Issue 10 asks for "an actor that is a real party (named, or a resolvable group like police,
    protesters, the ministry)": such a noun is left out of the actors, so the act counts as having
    no actor (an interaction then falls below the default view; a happening stays, its doer
    unknown). Its entity stays in the ledger with its span. Anything that narrows the noun keeps it
    ("Republican leaders", "people in Hatay", "leaders of the G7"), and so does a crowd's count
    ("more than two thousand people marched").
    """
    if tok.lower_ not in GENERIC_PLURALS or tok.i in resolver.together:
        return False
    actor, named = resolver.actor_of(tok)
    if named and actor and not actor.startswith("x:"):
        return False
    return all(c.dep_ in VAGUE_DEPS or (c.dep_ == "nummod" and _few(c)) for c in tok.children)


def _few(count: Token) -> bool:
    """A count of a handful ("two", "3"), not of a crowd ("2,000", "two thousand", "dozens")."""
    if any(c.dep_ in ("compound", "nummod") for c in count.children):
        return False  # "two thousand", "a dozen"
    word = count.lower_
    if word.isdigit():
        return int(word) <= FEW
    return word in NUMBER_NAMES


def resolve(acts: list[Token], recs: list[Token], resolver: ActorResolver, symmetric_type: bool) -> Participants:
    """Actor ids for both sides; conjoined subjects of a symmetric act are each other's recipient.

    A vague party (:func:`vague_party`) is no actor."""
    acts = [t for t in acts if not vague_party(t, resolver)]
    actor_ids, n_act = _ids(resolver, acts)
    recipient_ids, n_rec = _ids(resolver, recs)
    recipient_ids = [r for r in recipient_ids if r not in actor_ids]
    symmetric = False
    if symmetric_type and not recipient_ids and len(actor_ids) >= 2:
        recipient_ids = list(reversed(actor_ids))
        symmetric = True
    return Participants(actor_ids, recipient_ids, n_act + n_rec, symmetric)


# --- Who shot whom: the roles of harm acts (issues 9 and 10, round 5) ------------------------------
#
# A journalist's read of the GVC ledger (600 local reports of shootings) found ASSAULT lines whose
# actor was the victim, a bystander or an official: "the four people shot" (a pcomp the tagger made
# active), "her father ... was outside, injured", "the teen suspect shot and killed in a robbery",
# a mayor who "led a safety walk ... near a quadruple shooting", "a boy is dead after an accidental
# shooting", the officer named after a relative clause of the car that hit two women. On a sample of
# 40 shown ASSAULT actors 12 were wrong (docs/EVALUATION.md, "Who shot whom (round 5)"). The rules
# below read those roles; each is narrow and keeps the actor the text names as firing.

# Verbs of hurting someone (lemmas). Their object or passive subject is hurt; their subject acts.
HARM_VERBS = {"shoot", "kill", "wound", "injure", "stab", "murder", "slay", "gun", "pummel", "beat", "hurt",
              "strike", "hit", "fire"}
# Nouns naming one such act: their actor is their possessive, "by" phrase or named modifier, or the
# subject of a verb that does them ("gunmen carried out a shooting"); a person only near the act is none.
HARM_NOUNS = {"shooting", "shootings", "killing", "killings", "stabbing", "slaying", "murder", "homicide",
              "gunfire", "shootout", "beating"}
REFLEXIVES = {"himself", "herself", "themselves", "itself", "myself", "yourself", "ourselves"}
# Weapons whose firing ("the gun fired", "the rifle went off") is an accidental discharge.
WEAPON_NOUNS = {"gun", "weapon", "rifle", "shotgun", "pistol", "handgun", "firearm", "revolver", "round",
                "bullet", "gunshot"}
DISCHARGE_VERBS = {"fire", "discharge", "go", "misfire"}
# Verbs whose object does the participle after it: "saw Cashe ... pummeling her".
PERCEPTION_VERBS = {"see", "watch", "witness", "spot", "catch", "find", "hear", "notice"}


def harm_verb_roles(verb: Token, when: dict, resolver: ActorResolver) -> tuple[list[Token], list[Token]]:
    """Actor and recipient tokens of a harm verb: the general rules, then the harm readings.

    A subject that was hurt (:func:`hurt_subject`) is the recipient; a reflexive act
    ("shot himself") has no other party, so its doer is shown as the one hurt; an inherited
    subject is kept only when the clause link is a real one (:func:`_inherited_doer_kept`); a
    person the report tells as hurt is no doer unless named as this verb's own subject.
    """
    hurt = hurt_subject(verb)
    if hurt:
        return agents(verb), hurt
    acts, recs = _verb_participants(verb, when, resolver)
    seen = _perceived_doer(verb)
    if seen:  # "he saw Cashe on top of her, pummeling her": Cashe, not the one who saw
        acts = seen
    own = {t.i for t in own_doers(verb)}
    kept = [a for a in acts if a.i in own or _inherited_doer_kept(verb)]
    reflexive = [o for o in direct_objects(verb) if o.lower_ in REFLEXIVES]
    if reflexive:  # "a boy accidentally shot himself": one person, hurt; no shooter to show
        return [], kept + [r for r in recs if r not in reflexive]
    kept = [a for a in kept if not _postposed_reporter(a)]
    harmed = harmed_in_report(resolver)
    kept = [a for a in kept if a.i in own or resolver.actor_of(a)[0] not in harmed]
    return kept, recs


def own_doers(verb: Token) -> list[Token]:
    """The doers the verb names itself: its own subject (through a relative pronoun), its "by" agent,
    the one accused of it ("accused of shooting X"), or the object of a perception verb ("saw X
    pummeling her")."""
    out = [antecedent(t) for t in _expand([c for c in verb.children if c.dep_ in SUBJ_DEPS])]
    out += agents(verb) + _accused_of(verb) + _perceived_doer(verb)
    if verb.dep_ == "relcl":
        out.append(verb.head)
    return out


def _perceived_doer(verb: Token) -> list[Token]:
    """"he saw Cashe on top of her, pummeling her": the seen person does the participle (the parser
    often hangs the participle on the seer's noun)."""
    if verb.tag_ != "VBG":
        return []
    for tok in reversed(verb.doc[verb.sent.start:verb.i]):
        if lemma(tok) in PERCEPTION_VERBS and tok.pos_ == "VERB":
            return [o for o in direct_objects(tok) if o.pos_ in ("PROPN", "NOUN", "PRON")]
    return []


def hurt_subject(verb: Token) -> list[Token]:
    """Subjects of a harm verb that was done to them, though the parse has them as its doers.

    - a participle after a copula, "Her father was outside, injured and yelling for help";
    - a reduced passive the tagger read as active: "of the four people shot, two ..." (a pcomp with
      a subject and no object), "The teen suspect shot and killed in a robbery has been identified"
      (no object on either conjunct, the second a participle).
    An object ("shot the clerk"), "at" ("shot at the car"), a particle or a reflexive keeps the subject
    the doer; so does a bare "fired" ("the gunman fired twice").
    """
    if lemma(verb) == "fire" or any(c.dep_ in ("aux", "auxpass", "prt") for c in verb.children):
        return []
    if verb.tag_ == "VBN" and verb.dep_ in ("conj", "advcl") and lemma(verb.head) == "be" and not direct_objects(verb):
        return [antecedent(t) for t in subjects(verb.head)]  # "was outside, injured"
    if verb.dep_ == "acl" and verb.tag_ == "VBD" and not direct_objects(verb) and not _aimed_at(verb):
        return [verb.head]  # "of the four people shot, two ...": the tagger's VBD for the participle
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subj:
        return []
    if lemma(verb) in TRANSITIVE_HARM and not direct_objects(verb) and _wound_site(verb):
        return [antecedent(t) for t in _expand(subj)]  # "a woman shot in the face, remained ..."
    harm_conjuncts = [verb] + [c for c in verb.conjuncts if lemma(c) in HARM_VERBS and c.i > verb.i]
    if any(direct_objects(c) or _aimed_at(c) for c in harm_conjuncts):
        return []
    participle = verb.dep_ in ("pcomp", "acl") or any(c.tag_ == "VBN" and c.i > verb.i for c in harm_conjuncts)
    participle = participle or _before_own_clause(verb) or _bare_transitive(verb)
    return [antecedent(t) for t in _expand(subj)] if participle else []


# Harm verbs that always take an object when their subject does them: "the boy shot on 57th Street"
# is the boy hurt (a reduced passive the tagger read as a past tense). "fire", "strike", "hit" and
# "beat" have intransitive uses ("the gunman struck again") and are not read so.
TRANSITIVE_HARM = {"shoot", "wound", "injure", "stab", "kill", "murder", "slay"}


# Where a bullet or blade hits: "shot in the face", "stabbed in the chest" tells of the one hurt.
BODY_PARTS = {"head", "face", "chest", "back", "leg", "legs", "arm", "arms", "neck", "stomach", "abdomen", "shoulder",
              "hand", "foot", "knee", "thigh", "hip", "jaw", "eye", "torso", "side", "buttock", "buttocks", "groin",
              "ankle", "wrist", "elbow", "throat", "heart", "lung", "spine", "cheek", "mouth", "forehead"}


def _wound_site(verb: Token) -> bool:
    """"shot in the face", "wounded in the leg": an "in" phrase naming a body part.

    A doer is never "shot in the face" with no object; the tagger's past tense for the participle
    ("The most seriously injured, a woman shot in the face, remained in critical condition") made
    the victim of the Bridgeport shooting its shooter (GVC, round 6)."""
    return any(lemma(p) == "in" and any(o.lower_ in BODY_PARTS for o in p.children if o.dep_ == "pobj")
               for p in verb.children if p.dep_ == "prep")


def _bare_transitive(verb: Token) -> bool:
    """An objectless transitive harm verb with no other act conjoined ("shot and fled" keeps its doer)."""
    return lemma(verb) in TRANSITIVE_HARM and not any(
        c.pos_ == "VERB" and lemma(c) not in HARM_VERBS for c in verb.conjuncts)


def _before_own_clause(verb: Token) -> bool:
    """"A boy fatally shot in East Oakland was identified Friday": the parser hangs the real clause (its
    own auxiliary) under the participle it read as the main verb."""
    return any(c.i > verb.i and c.dep_ in ("advcl", "conj", "ccomp")
               and any(g.dep_ in ("aux", "auxpass") for g in c.children) for c in verb.children)


# Verbs whose "at"/"into" phrase is their target ("shot at the car", "fired into a crowd"); for the
# others it is a place ("killed at a gas station").
AIMING_VERBS = {"shoot", "fire"}


def _aimed_at(verb: Token) -> bool:
    return lemma(verb) in AIMING_VERBS and bool(prep_objects(verb, {"at", "into", "toward", "towards"}))


def _inherited_doer_kept(verb: Token) -> bool:
    """Whether a subject the verb takes from another clause is its doer.

    Not when the verb is a conjunct with no "and"/"or" between it and its head (the parser glued a
    subordinate clause on: "will attend a walk ... as a new wave of shootings struck the city"), nor
    in a sentence telling of an accidental discharge ("the gun fired while two children played,
    killing the boy": the children are not shown as killing him).
    """
    if verb.dep_ == "conj":
        head = verb.head
        if not any(c.dep_ == "cc" and head.i < c.i < verb.i for c in head.children):
            return False
    if verb.dep_ == "pobj" and verb.tag_ == "VBG" and not direct_objects(verb) and lemma(verb.head) != "by":
        return False  # "a teenager died in a Stockton shooting": the tagger's gerund is the event noun
    return not weapon_discharged(verb.sent)


def weapon_discharged(sent) -> bool:
    """"the gun fired", "the rifle went off", "a round discharged": a weapon is the subject of firing."""
    return any(lemma(t) in WEAPON_NOUNS and t.dep_ == "nsubj" and lemma(t.head) in DISCHARGE_VERBS for t in sent)


def _postposed_reporter(tok: Token) -> bool:
    """"They wounded a man in the leg, police said": "they" is whoever was told of before, not the
    police reporting it after (:meth:`ActorResolver.reporter_of` reads "Police said they shot" as the
    police, which a reporter named first may mean)."""
    clause = tok.head
    return (tok.lower_ in REPORTED_PRONOUNS and tok.dep_ in SUBJ_DEPS and clause.dep_ == "ccomp"
            and lemma(clause.head) in REPORTING_VERBS and clause.head.i > tok.i)


def harmed_in_report(resolver: ActorResolver) -> set[str]:
    """Actor ids the report tells as hurt: passive subjects and objects of harm verbs, subjects of a
    hurt reading (:func:`hurt_subject`), the noun a harm participle modifies ("the man shot Friday").
    Reflexive acts count their doer as hurt. Computed once per report."""
    cached = getattr(resolver, "_harmed", None)
    if cached is not None:
        return cached
    toks: list[Token] = []
    for verb in resolver.doc:
        if lemma(verb) not in HARM_VERBS or verb.pos_ != "VERB" or lemma(verb) == "fire" or negated_harm(verb):
            continue
        toks += [antecedent(t) for t in passive_subjects(verb)] + hurt_subject(verb)
        objs = direct_objects(verb)
        toks += [o for o in objs if o.lower_ not in REFLEXIVES]
        if any(o.lower_ in REFLEXIVES for o in objs):
            toks += [antecedent(t) for t in _expand([c for c in verb.children if c.dep_ in SUBJ_DEPS])]
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            toks += _left_in_state(verb) if resultative(verb) else [verb.head]
    harmed = {a for a in (resolver.actor_of(t)[0] for t in toks) if a}
    resolver._harmed = harmed
    return harmed


# Entity labels of places: "the Centennial Boulevard shooting", "the Cameo shooting" name where, not who.
PLACE_LABELS = {"GPE", "LOC", "FAC"}


def _armed_party(tok: Token, resolver: ActorResolver) -> bool:
    """A name modifying a harm noun is its doer only for a person, a group or an enforcing body ("a police
    shooting"); a place, a club or a school is where it happened."""
    actor = resolver.actor_of(tok)[0]
    if not actor or tok.ent_type_ in PLACE_LABELS:
        return False
    return resolver.kinds.get(actor) in (None, "person", "group") or resolver.sectors.get(actor) in ENFORCER_SECTORS


# People named by a harm noun's modifier as those it hit: "child shootings", "teen killings" (round 6:
# "the string of child shootings" listed "child" as a shooter).
VICTIM_MODIFIERS = {"child", "kid", "teen", "teenager", "youth", "student", "baby", "toddler", "infant", "girl", "boy",
                    "woman", "bystander", "victim", "family", "school", "campus"}


def harm_noun_roles(noun: Token, host: Token | None, acts: list[Token], resolver: ActorResolver,
                    roles: NounRoles) -> list[Token]:
    """Doers of a harm noun ("shooting", "killing"): its own modifiers, or the subject of a verb that
    does it ("gunmen carried out the shooting"); a person only near it is none.

    "A 10-year-old boy is dead after an accidental shooting", "she led a safety walk near a quadruple
    shooting", "HPD, Mayor Turner give details on arrest in fatal shooting": the host's subject is
    the one hurt, a bystander or an official, and was shown as the shooter. A person the report
    tells as hurt is no doer of it either, unless its "by" phrase names them.
    """
    own, _ = _modifier_participants(noun, resolver, roles)
    own = [t for t in own if t.dep_ not in ("compound", "amod") or _armed_party(t, resolver)]
    own = [t for t in own if not (t.dep_ in ("compound", "amod") and lemma(t) in VICTIM_MODIFIERS)]
    object_use = noun.dep_ in ("dobj", "obj", "attr", "oprd") and host is not None and noun.head == host \
        and roles.agentive_host
    kept = [a for a in acts if a in own or object_use]
    by = {t.i for t in agents(noun)}
    harmed = harmed_in_report(resolver)
    return [a for a in kept if a.i in by or resolver.actor_of(a)[0] not in harmed]


# --- Who shot whom, the rest (issues 9 and 10, round 6) -------------------------------------------
#
# A reader of the GVC ledger (reader 6, 25 stories) still found people listed as recipients of a
# shooting who were not hurt in it: a girl told as "not injured", a city's tally ("the 18th child
# wounded in shootings this year", "the eighth child in Tennessee this year to be injured"), the
# owner of a house shot up in another incident ("shooting the gunman's house"). A recipient of a
# harm act must be the one the act's own syntax hurts in this incident; these rules take the rest out.

# Nouns counting a series of harm acts: "killed in shootings", "shot in separate incidents".
SERIES_NOUNS = {"shootings", "killings", "incidents", "homicides", "murders", "stabbings", "attacks"}
# A time phrase that spans a period: "this year", "so far this year"; "every day" tells a habit.
PERIOD_WORDS = {"year", "years", "month", "months", "decade", "week", "weeks", "day", "days"}
PERIOD_DETS = {"this", "every", "each"}
PERIOD_SPANS = PERIOD_DETS | {"last", "past"}
# Occasions and premises a harm act happens at: "a shooting at a house party" hurt the people there,
# not "the party" (which the knowledge base reads as a political party).
OCCASION_NOUNS = {"party", "gathering", "event", "celebration", "funeral", "vigil", "game", "concert", "festival",
                  "cookout", "barbecue", "wedding", "reunion", "club", "bar", "house", "home", "store", "school"}


def negated_harm(verb: Token) -> bool:
    """"was not injured", "wasn't hit", "never shot anyone": the act did not happen to its object."""
    return any(c.dep_ == "neg" for c in verb.children) or (
        verb.dep_ in ("acomp", "xcomp") and any(c.dep_ == "neg" for c in verb.head.children))


# Words that make a plural harm noun a series of other incidents: "other recent shootings", "a string of shootings".
SERIES_MODIFIERS = {"other", "recent", "separate", "previous", "earlier", "similar", "unrelated", "several"}
ELSEWHERE_WORDS = {"other", "several", "many", "various", "different"}
SERIES_HEADS = {"string", "series", "spate", "wave", "rash", "number", "rise", "surge", "spike", "epidemic"}


def _series(noun: Token) -> bool:
    """A plural harm noun telling of other incidents than the report's: "other recent shootings"."""
    if noun.lower_ not in SERIES_NOUNS:
        return False
    if any(c.dep_ == "amod" and c.lower_ in SERIES_MODIFIERS for c in noun.children):
        return True
    return noun.dep_ == "pobj" and lemma(noun.head) == "of" and lemma(noun.head.head) in SERIES_HEADS


def _ordinal(tok: Token) -> bool:
    """"Muhammad is the 18th child", "this is the eighth child": a place in a count over many incidents,
    said of someone (a copula's predicate). "The fourth victim had been shot in the shoulder", "wounded a
    second officer" count this incident's victims and stay."""
    return tok.dep_ == "attr" and any(c.ent_type_ == "ORDINAL" or (c.dep_ == "amod" and c.tag_ == "JJ" and c.text[:1].isdigit()
                                            and c.text[-2:].lower() in ("st", "nd", "rd", "th"))
               for c in tok.children)


def tally_harm(trigger: Token, recs: list[Token]) -> bool:
    """A sentence that counts harm over a place or a period, not this incident's act.

    - a recipient ranked by an ordinal after a copula ("Muhammad is the 18th child wounded");
    - the act told "in shootings" / "in separate incidents", or in a clause of such a series
      ("investigating other recent shootings that injured other victims");
    - the act dated by a period ("have been shot this year", "since Easter", "in the last eight days").
    Such a sentence gives no recipient: the children it counts are not this shooting's victims.
    """
    if any(_ordinal(r) for r in recs) or _ordinal(trigger.head if trigger.dep_ == "acl" else trigger):
        return True
    if trigger.dep_ == "relcl" and _series(trigger.head) or _series(trigger):
        return True  # "other recent shootings that injured other victims"
    heads = [trigger] + ([trigger.head] if trigger.dep_ in ("acl", "relcl", "xcomp", "conj") else [])
    for head in heads:
        for prep in head.children:
            if prep.dep_ != "prep":
                continue
            objs = [o for o in prep.children if o.dep_ == "pobj"]
            if lemma(prep) in ("in", "during") and any(o.lower_ in SERIES_NOUNS for o in objs):
                return True
            if lemma(prep) == "in" and any(c.dep_ == "amod" and c.lower_ in ELSEWHERE_WORDS for o in objs for c in o.children):
                return True  # "police shootings in other cities"
            if lemma(prep) == "since":
                return True
            if lemma(prep) in ("in", "over", "during", "within") and any(
                    o.lower_ in PERIOD_WORDS and any(d.lower_ in PERIOD_SPANS for d in o.children) for o in objs):
                return True  # "to be shot on the South Side in the last eight days"
        if any(t.dep_ == "npadvmod" and t.lower_ in PERIOD_WORDS and any(d.lower_ in PERIOD_DETS for d in t.children)
               for t in head.subtree):
            return True
    return False


# Prepositions that name where a harm act happened ("killed at a gas station", "shot on the west side"),
# and those an aimed act takes its target with: one "shot at" or "fired on" someone.
PLACE_PREPS = {"at", "on"}
AIMED_PREPS = {"shoot": {"at"}, "fire": {"at", "on", "upon"}}


def _place_not_target(rec: Token, trigger: Token) -> bool:
    """"struck the victims at 19 Plymouth St.", "shot himself on the city's west side", "the shooting at a
    house party": an "at" / "on" phrase of a harm act is where it happened, unless the act is aimed
    with it ("shot at the car", "fired on the crowd"); an occasion noun is never the one hurt."""
    if lemma(rec) in OCCASION_NOUNS and rec.ent_type_ not in ("PERSON", "NORP"):
        return True
    prep = rec.head if rec.dep_ == "pobj" else None
    if prep is None or lemma(prep) not in PLACE_PREPS or prep.head != trigger:
        return False
    return lemma(prep) not in AIMED_PREPS.get(lemma(trigger), ())


def _owner_of_thing(rec: Token, trigger: Token) -> bool:
    """"shooting the gunman's house", "shot at the driver's car": the possessor of the thing hit is
    not the one hurt (the patient possessive of the act itself, "the teenager's shooting", is)."""
    if rec.dep_ != "poss" or rec.head == trigger:
        return False
    return not is_people(rec.head)


def _ordinal_taken_for_a_name(rec: Token, resolver: ActorResolver | None) -> bool:
    """"a third officer was injured" resolved to the officer named before (Garrett Swasey, who was
    killed): a noun counted by an ordinal is someone other than the ones already named."""
    if resolver is None or rec.ent_type_ == "PERSON" or not any(c.ent_type_ == "ORDINAL" for c in rec.children):
        return False
    actor = resolver.by_token.get(rec.i)
    return bool(actor) and resolver.kinds.get(actor) == "person"


def harm_recipients(trigger: Token, recs: list[Token], resolver: ActorResolver | None = None) -> list[Token]:
    """The recipients of a harm act that its syntax ties to this incident's harm (see above)."""
    if tally_harm(trigger, recs):
        return []
    recs = [r for r in recs if not _ordinal_taken_for_a_name(r, resolver)]
    return [r for r in recs if not _owner_of_thing(r, trigger) and not _place_not_target(r, trigger)]
