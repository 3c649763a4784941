"""The stance cue model (``weights/stance.json``): verbs outside the cue lexicon that PolNeAR
annotates as attributions, found in ``mode="all"`` only. Sentences written for these tests,
real spaCy parses, the shipped weights."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from newsledger.nlp.pipeline import build_pipeline
from quote_texts import attributions
from newsledger.nlp.quotes import extract_quotes
from newsledger.nlp.quotes.cues import is_stance_candidate, load_lexicon
from newsledger.nlp.quotes.finder import QuoteFinder


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline([])


def test_the_weights_are_plain_json_with_a_threshold_chosen_on_train():
    path = resources.files("newsledger.nlp.quotes").joinpath("weights", "stance.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"bias", "weights", "meta"}
    assert 0.3 <= data["meta"]["threshold"] <= 0.7
    assert "PolNeAR train" in data["meta"]["data"]
    assert data["meta"]["out_of_fold_all_relations_f1"]


@pytest.mark.parametrize("text,source,cue,content", [
    ("Senator Ruiz has attacked the governor's budget as a giveaway to the banks.",
     "Senator Ruiz", "has attacked", "the governor's budget as a giveaway to the banks"),
    ("Protesters chanted that the mayor must resign.", "Protesters", "chanted", "that the mayor must resign"),
    ("The governor refused to comment on the report.", "The governor", "refused", "to comment on the report"),
])
def test_a_stance_verb_outside_the_lexicon_is_an_attribution_in_all_mode(nlp, text, source, cue, content):
    doc = nlp(text)
    assert (source, cue, content) in attributions(doc)


@pytest.mark.parametrize("text", [
    "The storm sent waves over the harbour wall on Tuesday.",
    "Workers painted the bridge green last summer.",
])
def test_an_action_with_no_one_taking_a_position_is_no_attribution(nlp, text):
    assert attributions(nlp(text)) == []


def test_the_ledger_never_quotes_a_stance_verb(nlp):
    doc = nlp("Senator Ruiz has attacked the governor's budget as a giveaway to the banks.")
    assert extract_quotes(doc, "speech") == []
    assert QuoteFinder(doc, load_lexicon(), "speech").stance_model is None


def test_according_to_and_lexicon_verbs_are_not_stance_candidates(nlp):
    doc = nlp("According to the police, the driver fled. The mayor said the road would reopen.")
    lex = load_lexicon()
    judged = [t.text for t in doc if is_stance_candidate(t, lex)]
    assert "According" not in judged and "said" not in judged
    assert ("the police", "According to", "the driver fled") in attributions(doc)
