"""The keep model (``weights/keep.json``, ``cues.relation_features``): in the attribution view
(``mode="all"``) every token whose cue or stance probability reaches a low floor is tried as a
cue, and the relation the finder builds from it is kept when the keep model, which sees the
content found, says its content is likely right. The ledger's speech mode does not use it.
Sentences written for these tests, real spaCy parses, the shipped weights."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from newsledger.nlp.pipeline import build_pipeline
from quote_texts import attributions
from newsledger.nlp.quotes import extract_quotes
from newsledger.nlp.quotes.cues import load_lexicon, relation_features
from newsledger.nlp.quotes.finder import KEEP_FLOORS, QuoteFinder
from newsledger.nlp.quotes.ranker import load_model


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline([])


def test_the_keep_weights_are_plain_json_with_a_threshold_chosen_on_train():
    data = json.loads(resources.files("newsledger.nlp.quotes").joinpath("weights", "keep.json").read_text(encoding="utf-8"))
    assert set(data) == {"bias", "weights", "meta"}
    assert 0.2 <= data["meta"]["threshold"] <= 0.4
    assert "PolNeAR train" in data["meta"]["data"]
    assert data["meta"]["out_of_fold_all_relations_f1"]


def test_a_stance_cue_just_under_its_threshold_counts_when_its_content_is_a_clause(nlp):
    doc = nlp("Residents bet that the ferry would be late again.")
    finder = QuoteFinder(doc, load_lexicon(), "all")
    bet = next(t for t in doc if t.text == "bet")
    assert KEEP_FLOORS["stance"] <= finder.stance_probability(bet) < finder.stance_threshold
    assert ("Residents", "bet", "that the ferry would be late again") in attributions(doc)


def test_an_act_under_the_threshold_stays_out(nlp):
    doc = nlp("The mayor visited the new library on Tuesday.")
    assert attributions(doc) == []


def test_a_clause_is_kept_where_the_verbs_subject_alone_is_not():
    """At the same stance probability, a "that" clause as content is worth a relation, the cue's
    subject as content (rarely what PolNeAR annotates) is not."""
    lex, keep = load_lexicon(), load_model("keep")

    def probability(base):
        return keep.probability(relation_features("stance", 0.48, "grumble", "VERB", True, base, "indirect", 8, lex))

    assert probability("b=child:ccomp") >= keep.meta["threshold"] > probability("b=subject")


def test_the_features_name_how_the_relation_was_found():
    feats = relation_features("cue", 0.97, "say", "VERB", False, "b=child:ccomp", "direct", 25, load_lexicon())
    assert {"t=cue", "t|p=cue|19", "lex=speech", "src=nosrc", "base=b=child:ccomp", "kind=direct", "len=21+", "lemma=say"} <= set(feats)


def test_the_ledger_does_not_use_the_keep_model(nlp):
    doc = nlp("Residents bet that the ferry would be late again. The mayor said the pier would reopen in May.")
    speech = QuoteFinder(doc, load_lexicon(), "speech")
    assert speech.keep_model is None
    assert all(speech.admission(t) == (("cue", 1.0) if speech.is_cue(t) else None) for t in doc)
    assert [q.cue.text for q in extract_quotes(doc, "speech")] == ["said"]
