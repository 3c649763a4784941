"""Knowledge-base phrase matching: KB aliases, places, nationality words, titles and group nouns.

Built once per pipeline. Aliases are found with two PhraseMatchers:
case-sensitive (ORTH) for short names and acronyms ("US", "WHO", "Trump"),
case-insensitive (LOWER) for multi-word names whose lower-case form is not an
ordinary phrase ("White House"). Title phrases have a matcher of their own.
"""

from __future__ import annotations

import unicodedata
from difflib import get_close_matches

import numpy
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from newsledger.nlp.kb import KnowledgeBase
from newsledger.nlp.text import positions_in

MATCH_KEYS = ("ACTOR", "CAPITAL", "ADJ", "REGION", "HANDLE")
KIND_LABEL = {"person": "PERSON", "organisation": "ORG", "media": "ORG", "group": "ORG", "country": "GPE"}
# Similarity above which a capitalised word is taken for a misspelt title, not a first name.
TYPO_CUTOFF = 0.85
# Longest group-noun phrase, in words ("sheriff's deputy" is three tokens).
GROUP_PHRASE_TOKENS = 3


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def alias_variants(alias: str) -> set[str]:
    """Spellings news uses for one name: accents dropped, U.S./US, curly apostrophes, lower "the"."""
    variants = {alias, _strip_accents(alias)}
    for dotted, plain in (("U.S.", "US"), ("U.K.", "UK"), ("U.N.", "UN")):
        for form in list(variants):
            variants |= {form.replace(dotted, plain), form.replace(plain + " ", dotted + " ")}
    variants |= {v.replace("'", "\u2019") for v in variants}
    if alias.startswith("The ") and len(alias.split()) >= 3:
        variants |= {"the " + v[4:] for v in variants if v.startswith("The ")}
    return variants


def words(tokens) -> tuple[str, ...]:
    """The look-up key of a token sequence: lower-case forms, curly apostrophes straightened."""
    return tuple(t.lower_.replace("\u2019", "'") for t in tokens)


class Lexicon:
    """The KB's phrases as spaCy matchers and look-up tables."""

    def __init__(self, nlp: Language, kb: KnowledgeBase):
        self.kb = kb
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lookup: dict[str, dict[tuple[str, ...], str]] = {key: {} for key in MATCH_KEYS}
        self._add_patterns(nlp)
        self.titles = self._title_index(nlp)
        self.held_titles = {r.title for a in kb.actors.values() for r in a.roles}
        self.title_words = sorted({w[0] for w in self.titles if len(w) == 1 and len(w[0]) > 3})
        self.groups = {tuple(noun.replace("\u2019", "'").split()): sector for noun, sector in kb.group_actors.items()}
        self._split_groups(nlp)
        # lower-case hashes of every word a group phrase may end with or be modified by, to find candidates fast
        self.group_word_hashes = numpy.array(
            sorted({nlp.vocab.strings.add(w) for key in self.groups for w in {key[-1], key[-1].replace("'", "\u2019")}}),
            dtype="uint64")

    # ---------------------------------------------------------------- set-up
    def _add_patterns(self, nlp: Language) -> None:
        phrases: dict[str, dict[str, str]] = {key: {} for key in MATCH_KEYS}
        for actor_id, names in self.kb.aliases.items():
            phrases["ACTOR"].update({name: actor_id for name in names})
        for country in self.kb.countries.values():
            phrases["CAPITAL"].update({name: country.iso3 for name in country.capitals})
            phrases["ADJ"].update({name: country.iso3 for name in country.adjectives})
        phrases["REGION"].update(self.kb.regions)
        phrases["HANDLE"].update({handle: handle for handle in self.kb.role_handles})
        for key, table in phrases.items():
            orth, lower = [], []
            for alias, target in table.items():
                variants = alias_variants(alias)
                if key == "ACTOR" and self.kb.actors[target].kind == "person":
                    variants |= {v.upper() for v in variants if len(v) > 3}  # transcripts: "PENCE: Well"
                for variant in variants:
                    doc = nlp.make_doc(variant)
                    self.lookup[key][tuple(t.lower_ for t in doc)] = target
                    (lower if self._case_free(doc) else orth).append(doc)
            self.orth.add(key, orth)
            self.lower.add(key, lower)

    @staticmethod
    def _case_free(doc: Doc) -> bool:
        """Multi-word names with two content words are safe to match in any case."""
        content = [t for t in doc if t.is_alpha and not t.is_stop and len(t) > 1]
        return len(content) >= 2

    def _title_index(self, nlp: Language) -> dict[tuple[str, ...], str]:
        """Title phrases (lower-case token tuples) -> canonical title, and their matcher."""
        index, patterns = {}, []
        phrases = [(a, title) for title, spec in self.kb.titles.items() for a in spec.aliases]
        phrases += [(w, "LEADER") for w in self.kb.leader_words]
        for phrase, title in phrases:
            # Tokenizer exceptions are case-sensitive ("Sen." stays one token, "sen." may not).
            for variant in {phrase, phrase.capitalize(), phrase.title()}:
                doc = nlp.make_doc(variant)
                index[words(doc)] = title
                patterns.append(doc)
        self.title_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.title_matcher.add("TITLE", patterns)
        return index

    def _split_groups(self, nlp: Language) -> None:
        """Group phrases as the tokenizer splits them ("sheriff's deputy" -> sheriff / 's / deputy)."""
        for noun, sector in list(self.kb.group_actors.items()):
            key = words(nlp.make_doc(noun))
            self.groups.setdefault(key, sector)

    # ---------------------------------------------------------------- look-ups
    def target(self, key: str, tokens) -> str | None:
        return self.lookup[key].get(tuple(t.lower_ for t in tokens))

    def title_like(self, word: str) -> bool:
        """A title or a misspelt one ("Presiden Putin" on a careless blog)."""
        return (word,) in self.titles or bool(get_close_matches(word, self.title_words, n=1, cutoff=TYPO_CUTOFF))

    def label(self, key: str, target: str, span) -> str:
        if key == "ADJ":
            return "NORP"
        if key in ("CAPITAL", "REGION"):
            return "GPE"
        if key == "HANDLE" or span.text.startswith("@"):
            return "HANDLE"
        return KIND_LABEL.get(self.kb.actors[target].kind, "ORG")

    def group_candidates(self, doc: Doc) -> list[int]:
        """Token indices whose lower-case form ends some group phrase (read off one array, not token by token)."""
        lowers = doc.to_array(LOWER)
        return positions_in(lowers, self.group_word_hashes)

    def group_ending_at(self, doc: Doc, i: int) -> tuple[int, str, str | None] | None:
        """The longest group phrase whose last word is token i: (start, phrase, sector)."""
        for length in range(GROUP_PHRASE_TOKENS, 0, -1):
            start = i - length + 1
            if start < 0:
                continue
            key = words(doc[start:i + 1])
            if key in self.groups:
                return start, " ".join(key), self.groups[key]
        return None
