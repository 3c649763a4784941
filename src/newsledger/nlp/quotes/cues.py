"""The attribution cue lexicon (knowledge/cues.yaml) as a small query object.

Kept as data so the component and the PolNeAR evaluation share one
definition of a "speech/reporting cue".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")


@dataclass(frozen=True)
class CueLexicon:
    """Cue verbs by lemma, their inflected forms, and multi-word cues."""

    speech: frozenset[str]
    cognition: frozenset[str]
    speech_forms: frozenset[str]
    infinitive_content: frozenset[str]
    no_object_content: frozenset[str]
    speech_phrases: tuple[str, ...]
    content_nouns: frozenset[str]
    source_descriptors: frozenset[str]
    phrasal: dict[str, frozenset[str]]

    def is_speech_verb(self, lemma: str) -> bool:
        return lemma.lower() in self.speech

    def is_cognition_verb(self, lemma: str) -> bool:
        return lemma.lower() in self.cognition

    def phrasal_preps(self, lemma: str) -> frozenset[str]:
        return self.phrasal.get(lemma.lower(), frozenset())

    def is_reporting_cue(self, cue_text: str) -> bool:
        """True when a cue's surface text contains a speech/reporting verb or phrase.

        Works on raw text (no lemmatiser) so it classifies gold cues the same
        way for every system being scored.
        """
        low = " ".join(cue_text.lower().split())
        if any(p in low for p in self.speech_phrases):
            return True
        return any(w in self.speech_forms for w in _WORD.findall(low))


@lru_cache(maxsize=1)
def load_lexicon() -> CueLexicon:
    """Read knowledge/cues.yaml once per process."""
    text = resources.files("newsledger").joinpath("knowledge", "cues.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    speech = data["speech"]
    forms = {lemma for lemma in speech} | {f for fs in speech.values() for f in fs}
    return CueLexicon(
        speech=frozenset(speech),
        cognition=frozenset(data["cognition"]),
        speech_forms=frozenset(forms),
        infinitive_content=frozenset(data["infinitive_content"]),
        no_object_content=frozenset(data["no_object_content"]),
        speech_phrases=tuple(p for p, kind in data["phrases"].items() if kind == "speech"),
        content_nouns=frozenset(data["content_nouns"]),
        source_descriptors=frozenset(data["source_descriptors"]),
        phrasal={verb: frozenset(preps) for verb, preps in data["phrasal"].items()},
    )


def is_reporting_cue(cue_text: str) -> bool:
    """Module-level shortcut used by the evaluation."""
    return load_lexicon().is_reporting_cue(cue_text)
