"""Content candidates for the shapes of stance, raising and passive cues (round 6): the subject
as content, the subject with its complement, the verb's whole right side with an indirect
object, a preposition's object deeper below the verb, and closing marks a span needs.
Sentences written for these tests, real spaCy parses."""

from __future__ import annotations

import pytest

from newsledger.nlp.pipeline import build_pipeline
from newsledger.nlp.quotes.cues import load_lexicon
from newsledger.nlp.quotes.finder import QuoteFinder


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline([])


def candidates(nlp, text: str, verb: str, mode: str = "all") -> list[tuple[str, str, bool]]:
    """(base, content text with " | " between pieces, holds_subject) of every candidate of ``verb``."""
    doc = nlp(text)
    finder = QuoteFinder(doc, load_lexicon(), mode)
    tok = next(t for t in doc if t.text == verb)
    cue = finder.cue_range(tok)
    cands = finder.content_candidates(tok, cue, finder.source_of(tok), beam=0)
    return [(c.feats[0], " | ".join(text[s:e] for s, e in c.pieces), c.holds_subject) for c in cands]


def test_a_passive_verb_offers_its_subject_as_content(nlp):
    got = candidates(nlp, "The senator's plan was first reported by a local radio station.", "reported")
    assert ("b=subject", "The senator's plan", False) in got


def test_a_subject_that_is_the_source_is_held_by_the_content(nlp):
    got = candidates(nlp, "Pigs are considered unclean by many people.", "considered")
    assert ("b=subj+oprd", "Pigs | unclean", False) in got
    got = candidates(nlp, "The council will be challenging the new zoning law.", "challenging")
    assert ("b=subject", "The council", True) in got


def test_an_indirect_object_joins_the_verb_s_whole_right_side(nlp):
    got = candidates(nlp, "The mayor jokingly offered the reporter a job as her press secretary.", "offered")
    assert any(base == "b=rights" and text == "the reporter a job as her press secretary" for base, text, _ in got)


def test_a_preposition_object_below_the_verb_s_object(nlp):
    got = candidates(nlp, "Candidates stake out a range of positions on education issues.", "stake")
    assert ("b=chain:dobj", "education issues", False) in got


def test_the_ledger_s_speech_mode_keeps_its_own_shapes(nlp):
    got = candidates(nlp, "The senator's plan was first reported by a local radio station.", "reported", mode="speech")
    assert not any(base in ("b=subject", "b=rights") or base.startswith(("b=subj+", "b=chain")) for base, _, _ in got)


@pytest.mark.parametrize("text,verb,content", [
    ("Polls show the governor ahead with 41%.", "show", "the governor ahead with 41%"),
    ("The party endorsed Representative Lee (D-Ohio).", "endorsed", "Representative Lee (D-Ohio)"),
])
def test_a_closing_mark_the_span_needs_stays(nlp, text, verb, content):
    assert any(got == content for _, got, _ in candidates(nlp, text, verb))


def test_a_parenthesis_the_span_did_not_open_is_still_dropped(nlp):
    got = candidates(nlp, "The party (which lost) said taxes would rise.", "said")
    assert not any(text.endswith(")") and "(" not in text for _, text, _ in got)
