"""The PLOVER lexicon (``knowledge/plover.yaml``): loading, validation, sense matching.

A sense is chosen for a trigger token by checking its ``when`` conditions on
the dependency parse (particles, prepositions, objects, noun modifiers), so a
lemma alone never decides: "speak by phone" is CONSULT/phone, "speak" alone is
no event. The file format is documented at the top of the YAML file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Token

from newsledger.nlp.kb import KNOWLEDGE_DIR, read_knowledge, read_knowledge_text
from newsledger.nlp.text import lemma

DEFAULT_STRENGTH = 0.7
CONDITIONS = {
    "particle", "prep", "prep_obj", "obj", "obj_not", "obj_kind", "compound",
    "xcomp", "light", "subj", "plural", "prep_obj_kind", "in_prep", "sent_not",
    "intransitive", "transitive", "no_complement", "not_in_prep", "subj_kind", "obj_kind_not",
    "prep_not", "doc_has", "owner_not_named", "advmod", "light_not", "xcomp_not",
    "clause_subj_kind", "obj_poss_not", "dep_not", "compound_not", "enabled_foiling",
}
# Subjects a warning's clause may have for the warning to threaten: a party that will act
# ("warned that it would retaliate"), not a state of affairs ("warned that the toll could rise").
CLAUSE_SUBJECT_PRONOUNS = {"it", "they", "we", "he", "she", "i", "you"}
# clause complements: a verb with one of these says something about a proposition
# ("demonstrated that he can", "called him a liar"), not about a party
CLAUSE_COMPLEMENTS = ("ccomp", "xcomp", "oprd", "acomp")
ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
# nouns that name people or groups: an object like "the protesters" is a recipient, not a theme
PEOPLE_NOUNS = {
    "people", "person", "civilian", "protester", "protestor", "demonstrator", "activist",
    "journalist", "reporter", "student", "worker", "teacher", "prisoner", "hostage",
    "captive", "detainee", "suspect", "national", "citizen", "official", "leader",
    "soldier", "officer", "member", "villager", "resident", "refugee", "migrant",
    "opponent", "critic", "dissident", "rebel", "militant", "insurgent", "child",
    "woman", "man", "diplomat", "minister", "president", "counterpart", "delegation",
    # office holders, politicians and their camps
    "lawmaker", "legislator", "senator", "congressman", "congresswoman", "representative", "governor",
    "mayor", "ambassador", "envoy", "spokesman", "spokeswoman", "spokesperson", "chief", "chairman",
    "chairwoman", "candidate", "nominee", "frontrunner", "front-runner", "delegate", "voter", "supporter",
    "ally", "rival", "conservative", "liberal", "progressive", "democrat", "republican", "donor", "aide",
    "adviser", "advisor", "strategist", "lobbyist",
    # justice and security
    "judge", "prosecutor", "attorney", "lawyer", "investigator", "deputy", "sheriff",
    "trooper", "guard", "policeman", "policewoman", "commander",
    # doers of violence or crime
    "arsonist", "attacker", "assailant", "shooter", "gunman", "killer", "murderer", "bomber", "robber",
    "thief", "kidnapper", "abductor", "hijacker", "sniper", "perpetrator", "terrorist", "extremist",
    "jihadist", "separatist", "fighter", "guerrilla", "gang", "rioter", "looter", "youth", "mob",
    # people acted upon or acting together
    "victim", "survivor", "patient", "employee", "staff", "union", "farmer", "miner", "crowd",
    "teenager", "teen", "boy", "girl", "baby", "infant", "family", "co-worker", "colleague",
    # occupations and roles people are named by in news
    "driver", "pilot", "doctor", "nurse", "fisherman", "shopkeeper", "owner", "manager", "director",
    "executive", "banker", "businessman", "businesswoman", "tycoon", "oligarch", "billionaire", "priest",
    "imam", "bishop", "pastor", "monk", "cleric", "athlete", "player", "coach", "artist", "writer",
    "blogger", "editor", "photographer", "scientist", "researcher", "professor", "engineer", "contractor",
    "mother", "father", "son", "daughter", "wife", "husband", "brother", "sister", "parent", "relative",
    "neighbour", "neighbor", "tourist", "passenger", "pedestrian", "motorist", "inmate", "defendant",
    "plaintiff", "witness", "informant", "spy", "mercenary", "smuggler", "trafficker", "pirate", "poacher",
    "mourner", "marcher", "striker", "picketer", "settler", "peacekeeper", "volunteer", "rescuer",
    "team", "crew", "squad",
}


# pronouns that stand for people ("thanked him"), never "it"
PERSONAL_PRONOUNS = {"he", "him", "she", "her", "they", "them", "we", "us", "you", "i", "me"}


class LexiconError(ValueError):
    """A bad entry in the lexicon file, named so it can be fixed."""


@dataclass(frozen=True)
class Sense:
    type: str
    mode: str | None
    when: dict = field(default_factory=dict, hash=False, compare=False)
    strength: float = DEFAULT_STRENGTH
    voice: str | None = None  # "speaker": an act done by saying it; the quote's speaker is the actor


# speaker: an act done by saying it (the quote's speaker acts); receiver: the subject receives
# what the act gives, the "from" party gives it ("accepted rescue teams from Spain": Spain aids).
VOICES = {"speaker", "receiver", "giver"}


@dataclass
class Lexicon:
    version: int
    types: dict
    verbs: dict[str, list[Sense]]
    nouns: dict[str, list[Sense]]
    light_verbs: set[str]
    embedding: dict[str, list[dict]]
    embedded_modes: dict[str, dict]
    natural_causes: dict[str, str] = field(default_factory=dict)
    # who an event noun's modifiers are (see ``noun_roles`` in the YAML file)
    patient_possessive: set[str] = field(default_factory=set)
    target_compound: set[str] = field(default_factory=set)
    agentive_hosts: set[str] = field(default_factory=set)

    def is_extension(self, event_type: str) -> bool:
        return bool(self.types.get(event_type, {}).get("extension"))


def _senses(kind: str, lemma: str, entries: list, types: dict) -> list[Sense]:
    """Validate one lemma's senses: unknown types/modes/conditions are errors, not silence."""
    out = []
    for entry in entries or []:
        etype, mode = entry.get("type"), entry.get("mode")
        if etype not in types:
            raise LexiconError(f"{kind} {lemma!r}: unknown type {etype!r}")
        if mode is not None and mode not in types[etype].get("modes", []):
            raise LexiconError(f"{kind} {lemma!r}: mode {mode!r} is not a mode of {etype}")
        when = entry.get("when") or {}
        bad = set(when) - CONDITIONS
        if bad:
            raise LexiconError(f"{kind} {lemma!r}: unknown condition(s) {sorted(bad)}")
        for name, values in when.items():
            if isinstance(values, list) and not all(isinstance(v, str) for v in values):
                raise LexiconError(f"{kind} {lemma!r}: condition {name} has a non-string value (quote on/off/yes/no)")
        strength = float(entry.get("strength", DEFAULT_STRENGTH))
        if not 0.0 <= strength <= 1.0:
            raise LexiconError(f"{kind} {lemma!r}: strength {strength} outside [0, 1]")
        voice = entry.get("voice")
        if voice is not None and voice not in VOICES:
            raise LexiconError(f"{kind} {lemma!r}: voice {voice!r} is not one of {sorted(VOICES)}")
        out.append(Sense(etype, mode, when, strength, voice))
    return out


def parse_lexicon(data: dict) -> Lexicon:
    """Build a validated :class:`Lexicon` from the YAML mapping."""
    if "version" not in data:
        raise LexiconError("plover lexicon: missing 'version'")
    types = data.get("types") or {}
    verbs = {k: _senses("verb", k, v, types) for k, v in (data.get("verbs") or {}).items()}
    nouns = {k: _senses("noun", k, v, types) for k, v in (data.get("nouns") or {}).items()}
    embedding = {}
    for lemma, specs in (data.get("embedding") or {}).items():
        specs = specs if isinstance(specs, list) else [specs]
        for spec in specs:
            if spec.get("type") not in types:
                raise LexiconError(f"embedding {lemma!r}: unknown type {spec.get('type')!r}")
            bad = set(spec.get("when") or {}) - CONDITIONS
            if bad:
                raise LexiconError(f"embedding {lemma!r}: unknown condition(s) {sorted(bad)}")
        embedding[lemma] = specs
    return Lexicon(
        version=int(data["version"]),
        types=types,
        verbs=verbs,
        nouns=nouns,
        light_verbs=set(data.get("light_verbs") or []),
        embedding=embedding,
        embedded_modes=data.get("embedded_modes") or {},
        natural_causes=_natural_causes(data.get("natural_causes") or {}, types),
        **_noun_roles(data.get("noun_roles") or {}),
    )


NOUN_ROLES = ("patient_possessive", "target_compound", "agentive_hosts")


def _noun_roles(table: dict) -> dict[str, set[str]]:
    bad = set(table) - set(NOUN_ROLES)
    if bad:
        raise LexiconError(f"noun_roles: unknown key(s) {sorted(bad)}")
    return {key: set(table.get(key) or []) for key in NOUN_ROLES}


def _natural_causes(table: dict, types: dict) -> dict[str, str]:
    """Hazard noun -> DISASTER mode, checked against the declared modes."""
    modes = set((types.get("DISASTER") or {}).get("modes") or [])
    for noun, mode in table.items():
        if mode not in modes:
            raise LexiconError(f"natural_causes {noun!r}: {mode!r} is not a DISASTER mode")
    return dict(table)


def read_lexicon_text(text: str) -> Lexicon:
    """Parse and validate lexicon YAML text; a lemma listed twice is an error."""
    return parse_lexicon(read_knowledge_text(text, "plover lexicon"))


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Load (once per process) the packaged lexicon or the file at ``path``, through the one
    knowledge reader (:func:`newsledger.nlp.kb.read_knowledge`)."""
    return parse_lexicon(read_knowledge(path or KNOWLEDGE_DIR / "plover.yaml"))


def _kids(tok: Token, deps: tuple[str, ...]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def direct_objects(tok: Token) -> list[Token]:
    """Direct objects with their conjuncts ("arrested X and Y")."""
    objs = _kids(tok, ("dobj", "obj", "oprd"))
    return objs + [c for o in objs for c in o.conjuncts]


HEADLINE_ENDS = {".", "!", "?", '"', "\u201d", "'"}


def headline_passive(tok: Token) -> bool:
    """A headline passive without auxiliary ("Curfew Lifted in X"): participle + subject, no object.

    In a line with no closing punctuation (a headline) a past form with no object is read as the
    participle it also is: "Teen accidentally shot in head" (the tagger's VBD made the teen the shooter).
    """
    kids = {c.dep_ for c in tok.children}
    if "nsubj" not in kids or kids & {"aux", "auxpass", "dobj"}:
        return False
    return tok.tag_ == "VBN" or (tok.tag_ == "VBD" and _unpunctuated_line(tok))


def _unpunctuated_line(tok: Token) -> bool:
    last = next((t for t in reversed(tok.sent) if not t.is_space), None)
    return last is not None and last.text not in HEADLINE_ENDS and not last.is_punct


def patients(tok: Token) -> list[Token]:
    """What a verb acts on: its object, passive subject, or the noun a participle modifies
    ("the curfew was lifted", "curfew lifted in X")."""
    out = direct_objects(tok) + _kids(tok, ("nsubjpass",))
    if headline_passive(tok):
        out += _kids(tok, ("nsubj",))
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        out.append(tok.head)
    return out


def is_people(tok: Token) -> bool:
    """A token that names people or an actor (entity or person/group noun); "Sunday" is not one."""
    if tok.ent_type_ in ("DATE", "TIME"):
        return False
    return (tok.ent_type_ in ACTOR_LABELS or lemma(tok) in PEOPLE_NOUNS or tok.pos_ == "PROPN"
            or tok.lower_ in PERSONAL_PRONOUNS)


def _prep_objects(tok: Token) -> list[Token]:
    out = []
    for prep in _kids(tok, ("prep", "agent")):
        out.extend(_kids(prep, ("pobj",)))
    return out


def _subjects(tok: Token, depth: int = 3) -> list[Token]:
    """Own subjects, else those of the verb or adjective it completes ("were determined to disrupt")."""
    subj = _kids(tok, ("nsubj", "nsubjpass"))
    if not subj and depth and tok.dep_ in ("conj", "xcomp", "acomp") and tok.head != tok:
        subj = _subjects(tok.head, depth - 1)
    return subj


def _modifier_lemmas(tok: Token) -> set[str]:
    """Lemmas of a noun's compounds/adjectives, split on hyphens ("cyber-attack")."""
    out = {lemma(c) for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "npadvmod")}
    out |= {c.text.lower() for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
    if "-" in tok.text:
        out |= set(tok.text.lower().split("-")[:-1])
    return out


def _check(tok: Token, name: str, want, head_light: Token | None) -> bool:
    """One ``when`` condition on the parse around ``tok``."""
    want_set = set(want) if isinstance(want, list) else want
    if name == "particle":
        return any(lemma(c) in want_set for c in _kids(tok, ("prt",)))
    if name == "prep":
        return any(lemma(c) in want_set for c in _kids(tok, ("prep", "dative", "agent")))
    if name == "prep_obj":
        return any(lemma(o) in want_set for o in _prep_objects(tok))
    if name == "prep_obj_kind":
        return any(is_people(o) for o in _prep_objects(tok))
    if name == "obj":
        return any(lemma(o) in want_set or lemma(o).rstrip("s") in want_set for o in _with_contents(patients(tok)))
    if name == "obj_not":
        return not any(lemma(o) in want_set for o in patients(tok))
    if name == "obj_kind":
        objs = direct_objects(tok) + _kids(tok, ("dative",))
        if "person" in want_set:
            return any(o.ent_type_ == "PERSON" for o in objs)
        return any(is_people(o) for o in objs)
    if name == "compound":
        return bool(_modifier_lemmas(tok) & want_set)
    if name == "compound_not":
        return not _modifier_lemmas(tok) & want_set
    if name == "xcomp_not":
        return not any(lemma(c) in want_set for c in _kids(tok, ("xcomp",)))
    if name == "xcomp":
        return any(want_set == {"*"} or lemma(c) in want_set for c in _kids(tok, ("xcomp",)))
    if name == "light":
        return head_light is not None and lemma(head_light) in want_set
    if name == "light_not":
        return head_light is None or lemma(head_light) not in want_set
    if name == "subj":
        return any(lemma(s) in want_set for s in _subjects(tok))
    if name == "in_prep":
        return tok.dep_ == "pobj" and lemma(tok.head) in want_set
    if name == "sent_not":
        return not any(lemma(t) in want_set for t in tok.sent)
    if name == "intransitive":
        return not direct_objects(tok) and not _kids(tok, ("ccomp",))
    if name == "advmod":
        return any(lemma(c) in want_set for c in _kids(tok, ("advmod", "prt")))
    if name == "transitive":
        return bool(direct_objects(tok)) or _misread_headline_verb_with_object(tok)
    if name == "prep_not":
        return not any(lemma(c) in want_set for c in _kids(tok, ("prep",)))
    if name == "doc_has":
        return bool(doc_lemmas(tok.doc) & want_set)
    if name == "owner_not_named":
        return not any(c.ent_type_ in ("PERSON", "ORG") or lemma(c) == "campaign"
                       for c in tok.children if c.dep_ in ("compound", "poss", "nmod"))
    if name == "no_complement":
        complements = [c for c in _kids(tok, CLAUSE_COMPLEMENTS) if not _courtesy_purpose(c)]
        return not complements and not _followed_by_colon(tok)
    if name == "not_in_prep":
        return not (tok.dep_ == "pobj" and lemma(tok.head) in want_set)
    if name == "subj_kind":
        return any(is_people(s) for s in _subjects(tok))
    if name == "obj_kind_not":
        return not any(lemma(o) in want_set for o in direct_objects(tok))
    if name == "clause_subj_kind":
        return all(is_people(sub) or sub.lower_ in CLAUSE_SUBJECT_PRONOUNS
                   for clause in _kids(tok, ("ccomp",)) for sub in _kids(clause, ("nsubj", "nsubjpass")))
    if name == "obj_poss_not":
        return not any(lemma(c) in want_set or c.lower_ in want_set
                       for o in direct_objects(tok) for c in o.children if c.dep_ == "poss")
    if name == "dep_not":
        return tok.dep_ not in want_set
    if name == "plural":
        return (tok.tag_ in ("NNS", "NNPS")) == bool(want)
    if name == "enabled_foiling":
        return bool(named_givers(tok)) and (bool(helped_parties(tok, want_set)) or outcome_told(tok, want_set))
    return False


# Acts told as nouns (round 8): "a tip from American intelligence that allowed Russian
# security services to thwart a plot" tells that the giver passed the tip on to the helped
# party. A bare "police received a tip" names no giver and tells no such act.
ENABLING_VERBS = {"help", "allow", "enable", "let"}
REPORTING_IN_CLAUSE = {"say", "tell", "claim", "report", "add", "state"}
GIVER_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
# a nationality adjective names the giver's country ("a French tip"; round 9)
GIVER_NATIONALITY_LABELS = {"NORP", "GPE"}
# Round 9 (demo read): the other ways the demo's outlets tell a tip that foiled a plot.
# "a CIA tip led Russian agents to a group accused of ...": leading a named party to the plotters.
LEADING_VERBS = {"lead"}
# what a tip leads a party to: the people behind a plot, their group or hiding place
LED_TO_PLOTTERS = {"group", "cell", "network", "plotter", "hideout", "safehouse", "cache"}
# "a CIA warning that led to the arrest of suspects": the outcome itself is the foiling
LED_TO_OUTCOMES = {"arrest", "detention", "capture", "foiling", "thwarting"}
# "a plot was broken up after U.S. intelligence passed on a warning": passing information on
PASSING_VERBS = {"pass", "hand", "relay", "share"}
PASSING_PARTICLES = {"on", "along", "over"}
# "after X passed on a warning": the passing came first and caused the foiling
CAUSE_MARKERS = {"after", "when", "once"}


def _named(tok: Token) -> bool:
    """A giver named by an entity ("American intelligence", "the United States")."""
    return tok.ent_type_ in GIVER_ENTITY_LABELS or any(
        c.ent_type_ in GIVER_ENTITY_LABELS for c in tok.children if c.dep_ in ("amod", "compound"))


def foiling_lemma(verb: Token) -> str:
    """A foiling verb's lemma with its particle when phrasal ("break up" a plot, "broken up")."""
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    return f"{lemma(verb)} {particles[0]}" if particles else lemma(verb)


def _is_foiling(verb: Token, foiling: set[str]) -> bool:
    return lemma(verb) in foiling or foiling_lemma(verb) in foiling


def passing_verb(noun: Token) -> Token | None:
    """The verb that passes the noun on: "passed on a warning", "passed a tip along", "relayed the warning"."""
    verb = noun.head
    if noun.dep_ == "pobj" and verb.lower_ in PASSING_PARTICLES and verb.dep_ in ("prep", "prt"):
        verb = verb.head  # "passed on a warning" parsed with "on" as a preposition
    elif noun.dep_ != "dobj":
        return None
    if lemma(verb) not in PASSING_VERBS or verb.pos_ not in ("VERB", "AUX"):
        return None
    if lemma(verb) != "relay" and not (noun.dep_ == "pobj" or any(
            c.dep_ == "prt" and c.lower_ in PASSING_PARTICLES for c in verb.children)):
        return None  # "passed a law", "shared a meal": only passing information on
    return verb


def named_givers(noun: Token) -> list[Token]:
    """Who passed the information on: a named "from X", "X's" or name modifier ("a US tip",
    "U.S. intelligence's warning"), or the named subject of its passing ("X passed on a warning").
    A noun that is itself the giver ("a warning from Norwegian intelligence") tells no act of its own."""
    if noun.dep_ == "pobj" and lemma(noun.head) == "from":
        return []
    froms = [o for c in noun.children if c.dep_ == "prep" and lemma(c) == "from"
             for o in c.children if o.dep_ == "pobj" and _named(o)]
    owners = [c for c in noun.children if (c.dep_ == "compound" and c.ent_type_ in GIVER_ENTITY_LABELS)
              or (c.dep_ == "amod" and c.ent_type_ in GIVER_NATIONALITY_LABELS)  # "a French tip"
              or (c.dep_ == "poss" and _named(c))]
    verb = passing_verb(noun)
    passers = [s for s in verb.children if s.dep_ == "nsubj" and _named(s)] if verb is not None else []
    return froms or owners or passers


def _enabling_verbs(noun: Token) -> list[tuple[Token, Token | None]]:
    """(enabling verb, foiling verb if misparsed as its head) in the noun's own clause."""
    out: list[tuple[Token, Token | None]] = []
    enabling = ENABLING_VERBS | LEADING_VERBS
    if noun.dep_ in ("nsubj", "nsubjpass") and lemma(noun.head) in enabling:
        out.append((noun.head, None))  # "a warning from the United States had helped agents foil ..."
    for rel in (c for c in noun.children if c.dep_ in ("relcl", "acl")):
        if lemma(rel) in enabling:
            out.append((rel, None))  # "a tip that allowed police to stop ..."
        elif lemma(rel) in REPORTING_IN_CLAUSE:  # "a tip that the Kremlin said allowed ..."
            out += [(c, None) for c in rel.children if c.dep_ == "ccomp" and lemma(c) in enabling]
        else:  # "a warning that, according to the Kremlin, helped prevent ..." parsed with "helped" as aux
            out += [(c, rel) for c in rel.children if c.dep_ == "aux" and lemma(c) in ENABLING_VERBS | {"helped"}]
    out += [(v, None) for v in _stranded_relative_clauses(noun)]
    return out


RELATIVE_PRONOUNS = {"that", "which"}


def _stranded_relative_clauses(noun: Token) -> list[Token]:
    """Enabling verbs whose relative "that" directly follows the noun's phrase but were parsed
    elsewhere ("for a warning from X that, according to Y, helped ..." hung on the main verb)."""
    nxt = noun.right_edge.i + 1
    if nxt >= len(noun.doc) or noun.doc[nxt].lower_ not in RELATIVE_PRONOUNS:
        return []
    rel = noun.doc[nxt]
    verb = rel.head
    if rel.dep_ != "nsubj" or lemma(verb) not in ENABLING_VERBS or verb in noun.children:
        return []
    return [verb]


def _led_to(verb: Token) -> Token | None:
    """What "led (Y) to": the plotters Y was led to, or the arrest it led to."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ != "to":
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            if lemma(obj) in LED_TO_OUTCOMES:
                return obj  # "led to the arrest of suspects"
            has_party = any(c.dep_ == "dobj" for c in verb.children)
            if has_party and (lemma(obj) in LED_TO_PLOTTERS or lemma(obj) in {"suspect", "plotter", "bomber"}):
                return obj  # "led Russian agents to a group accused of ..."
    return None


def _foiled_after_passing(noun: Token, foiling: set[str]) -> tuple[Token, Token] | None:
    """(passing verb, foiling verb) for "a plot was broken up after X passed on a warning"."""
    verb = passing_verb(noun)
    if verb is None or verb.dep_ != "advcl" or not _is_foiling(verb.head, foiling):
        return None
    if not any(c.dep_ == "mark" and c.lower_ in CAUSE_MARKERS for c in verb.children):
        return None
    return verb, verb.head


def enabled_foiling(noun: Token, foiling: set[str]) -> tuple[Token, Token] | None:
    """(enabling verb, foiling verb or outcome) when the noun's clause says it helped stop something,
    led a party to the plotters or to their arrest, or a foiling followed its passing on."""
    for verb, misparsed in _enabling_verbs(noun):
        if misparsed is not None:
            if _is_foiling(misparsed, foiling):
                return verb, misparsed
            continue
        if lemma(verb) in LEADING_VERBS:
            outcome = _led_to(verb)
            if outcome is not None:
                return verb, outcome
            continue
        for c in verb.children:
            if c.dep_ in ("xcomp", "ccomp") and _is_foiling(c, foiling):
                return verb, c
    return _foiled_after_passing(noun, foiling)


def _party(tok: Token) -> bool:
    return is_people(tok) or tok.ent_type_ in GIVER_ENTITY_LABELS or any(
        c.ent_type_ in GIVER_ENTITY_LABELS for c in tok.children if c.dep_ in ("amod", "compound"))


def helped_parties(noun: Token, foiling: set[str]) -> list[Token]:
    """Who was helped: the enabling verb's object or the foiling verb's subject (the one who
    foiled after the warning was passed on; "by" them when told in the passive)."""
    found = enabled_foiling(noun, foiling)
    if found is None:
        return []
    verb, foil = found
    if passed_before_foiling(verb, foil):  # "Y foiled the plot after X passed on a warning"
        helped = [c for c in foil.children if c.dep_ == "nsubj"]
        helped += [o for a in foil.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
        return [t for t in helped if _party(t)]
    if foil.head != verb and not (foil.dep_ == "pobj" and foil.head.head == verb):
        return []  # misparse: no helped party is parsed
    helped = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    helped += [c for c in foil.children if c.dep_ == "nsubj"]
    return [t for t in helped if _party(t)]


def outcome_told(noun: Token, foiling: set[str]) -> bool:
    """The foiling is told by its outcome ("led to the arrest") or as done after the warning was
    passed on: the act is whole without a named helped party."""
    found = enabled_foiling(noun, foiling)
    return found is not None and ((found[1].pos_ == "NOUN" and lemma(found[1]) in LED_TO_OUTCOMES)
                                  or passed_before_foiling(*found))


def passed_before_foiling(verb: Token, foil: Token) -> bool:
    """The (enabling, foiling) pair is "foiled ... after X passed on a warning"."""
    return verb.dep_ == "advcl" and verb.head == foil and lemma(verb) in PASSING_VERBS


_LAST_DOC: list = [None, set()]


def doc_lemmas(doc) -> set[str]:
    """Lower-case lemmas of a whole doc (for ``doc_has``), computed once for the doc being coded."""
    if _LAST_DOC[0] is not doc:
        _LAST_DOC[0], _LAST_DOC[1] = doc, {lemma(t) for t in doc if t.is_alpha}
    return _LAST_DOC[1]


def _misread_headline_verb_with_object(tok: Token) -> bool:
    """A title-case headline verb the tagger read as a name ("Government Rejects Request"):
    its parse has no object, so a following word stands for one."""
    return tok.pos_ == "PROPN" and tok.i + 1 < tok.sent.end and tok.nbor().is_alpha


# "called Trump to say thank you": a "to" clause of these verbs says what the call was for (round 9,
# demo read: the Morning Dispatch's December 2017 call was no event); "called him to testify" stays out.
COURTESY_PURPOSE_VERBS = {"say", "thank", "congratulate", "wish", "offer", "express", "apologize", "apologise"}


def _courtesy_purpose(comp: Token) -> bool:
    """A "to"-infinitive complement that tells what a call was for, not what the object is or must do."""
    return (comp.dep_ == "xcomp" and lemma(comp) in COURTESY_PURPOSE_VERBS
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in comp.children))


def _with_contents(objs: list[Token]) -> list[Token]:
    """Objects and what a measure word holds: "volleys of petrol bombs", "tons of food"."""
    out = list(objs)
    for o in objs:
        for prep in _kids(o, ("prep",)):
            if lemma(prep) == "of":
                out.extend(_kids(prep, ("pobj",)))
    return out


def _followed_by_colon(tok: Token) -> bool:
    """"Co-worker calls suspect: 'very spiritual'": the object is described, not phoned."""
    objs = direct_objects(tok)
    end = max((o.i for o in objs), default=tok.i) + 1
    return end < len(tok.doc) and tok.doc[end].text == ":"


def governing_verb(tok: Token) -> Token | None:
    """The verb an event noun is the object of ("impose" for "impose sanctions")."""
    if tok.dep_ in ("dobj", "obj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
        return tok.head
    if tok.dep_ == "conj":
        return governing_verb(tok.head)
    return None


def conditions_hold(tok: Token, when: dict, head_light: Token | None = None) -> bool:
    """All ``when`` conditions of a sense or an embedding spec hold for ``tok``."""
    head_light = head_light if head_light is not None else governing_verb(tok)
    return all(_check(tok, name, want, head_light) for name, want in when.items())


def match_sense(tok: Token, senses: list[Sense]) -> Sense | None:
    """The first sense whose conditions all hold for ``tok``."""
    head_light = governing_verb(tok)
    return next((sense for sense in senses if conditions_hold(tok, sense.when, head_light)), None)
