"""The PLOVER lexicon (``knowledge/plover.yaml``): loading, validation, sense matching.

A sense is chosen for a trigger token by checking its ``when`` conditions on
the dependency parse (particles, prepositions, objects, noun modifiers), so a
lemma alone never decides: "speak by phone" is CONSULT/phone, "speak" alone is
no event. The file format is documented at the top of the YAML file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from spacy.tokens import Token

DEFAULT_STRENGTH = 0.7
CONDITIONS = {
    "particle", "prep", "prep_obj", "obj", "obj_not", "obj_kind", "compound",
    "xcomp", "light", "subj", "plural", "prep_obj_kind", "in_prep", "sent_not",
}
ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
# nouns that name people or groups: an object like "the protesters" is a recipient, not a theme
PEOPLE_NOUNS = {
    "people", "person", "civilian", "protester", "protestor", "demonstrator", "activist",
    "journalist", "reporter", "student", "worker", "teacher", "prisoner", "hostage",
    "captive", "detainee", "suspect", "national", "citizen", "official", "leader",
    "soldier", "officer", "member", "villager", "resident", "refugee", "migrant",
    "opponent", "critic", "dissident", "rebel", "militant", "insurgent", "child",
    "woman", "man", "diplomat", "minister", "president", "counterpart", "delegation",
}


class LexiconError(ValueError):
    """A bad entry in the lexicon file, named so it can be fixed."""


@dataclass(frozen=True)
class Sense:
    type: str
    mode: str | None
    when: dict = field(default_factory=dict, hash=False, compare=False)
    strength: float = DEFAULT_STRENGTH


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
        out.append(Sense(etype, mode, when, strength))
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
    )


def _natural_causes(table: dict, types: dict) -> dict[str, str]:
    """Hazard noun -> DISASTER mode, checked against the declared modes."""
    modes = set((types.get("DISASTER") or {}).get("modes") or [])
    for noun, mode in table.items():
        if mode not in modes:
            raise LexiconError(f"natural_causes {noun!r}: {mode!r} is not a DISASTER mode")
    return dict(table)


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Load (once per process) the packaged lexicon or the file at ``path``."""
    if path is None:
        text = resources.files("newsledger.knowledge").joinpath("plover.yaml").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    return parse_lexicon(yaml.safe_load(text))


def lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _kids(tok: Token, deps: tuple[str, ...]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def direct_objects(tok: Token) -> list[Token]:
    """Direct objects with their conjuncts ("arrested X and Y")."""
    objs = _kids(tok, ("dobj", "obj", "oprd"))
    return objs + [c for o in objs for c in o.conjuncts]


def headline_passive(tok: Token) -> bool:
    """A headline passive without auxiliary ("Curfew Lifted in X"): participle + subject, no object."""
    kids = {c.dep_ for c in tok.children}
    return tok.tag_ == "VBN" and "nsubj" in kids and not kids & {"aux", "auxpass", "dobj"}


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
    return tok.ent_type_ in ACTOR_LABELS or lemma(tok) in PEOPLE_NOUNS or tok.pos_ == "PROPN"


def _prep_objects(tok: Token) -> list[Token]:
    out = []
    for prep in _kids(tok, ("prep", "agent")):
        out.extend(_kids(prep, ("pobj",)))
    return out


def _subjects(tok: Token) -> list[Token]:
    subj = _kids(tok, ("nsubj", "nsubjpass"))
    if not subj and tok.dep_ in ("conj", "xcomp") and tok.head != tok:
        subj = _kids(tok.head, ("nsubj", "nsubjpass"))
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
        return any(lemma(o) in want_set or lemma(o).rstrip("s") in want_set for o in patients(tok))
    if name == "obj_not":
        return not any(lemma(o) in want_set for o in patients(tok))
    if name == "obj_kind":
        return any(is_people(o) for o in direct_objects(tok) + _kids(tok, ("dative",)))
    if name == "compound":
        return bool(_modifier_lemmas(tok) & want_set)
    if name == "xcomp":
        return any(lemma(c) in want_set for c in _kids(tok, ("xcomp",)))
    if name == "light":
        return head_light is not None and lemma(head_light) in want_set
    if name == "subj":
        return any(lemma(s) in want_set for s in _subjects(tok))
    if name == "in_prep":
        return tok.dep_ == "pobj" and lemma(tok.head) in want_set
    if name == "sent_not":
        return not any(lemma(t) in want_set for t in tok.sent)
    if name == "plural":
        return (tok.tag_ in ("NNS", "NNPS")) == bool(want)
    return False


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
