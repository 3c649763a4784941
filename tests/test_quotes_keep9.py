"""The keep model reads how sure the rankers were (round 9): in the attribution view
(``mode="all"``) every relation the finder builds from a cue carries a ``Confidence`` (the content
ranker's first score and its margin over the runner-up with other pieces, the linear ranker's
margin, whether both rankers agree, where the runner-up lies, which rule chose the content, the
source ranker's margin) and ``keep_measures`` adds the other token model's probability, the
sentence and the other tokens tried as cues in it. The keep veto (``weights/keep_veto.json``) reads
the content ranker's part and drops a kept relation whose content is unlikely right. The ledger's
speech mode computes none of it.
Sentences written for these tests, real spaCy parses, the shipped weights."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from newsledger.nlp.pipeline import build_pipeline
from newsledger.nlp.quotes.cues import confidence_features, load_lexicon, relation_features
from newsledger.nlp.quotes.finder import NO_RIVAL_MARGIN, QuoteFinder
from newsledger.nlp.quotes.ranker import load_model

RUNNER_PLACES = {"inside", "contains", "overlaps", "apart", "none"}


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline([])


def found(nlp, text, mode="all"):
    doc = nlp(text)
    finder = QuoteFinder(doc, load_lexicon(), mode)
    return finder, {text[slice(*a.cue)]: a for a in finder.find() if a.cue_token >= 0}


def test_a_relation_of_the_attribution_view_says_how_sure_the_rankers_were(nlp):
    finder, atts = found(nlp, "The harbour master said that the ferry would resume its crossings on Monday.")
    conf = atts["said"].confidence
    assert conf is not None and conf.chosen == "ranker"
    assert conf.candidates >= 2 and conf.margin > 0 and conf.linear_margin > 0
    assert conf.runner in RUNNER_PLACES and conf.agree


def test_the_ledger_computes_no_confidence(nlp):
    _, atts = found(nlp, "The harbour master said that the ferry would resume its crossings on Monday.", "speech")
    assert atts["said"].confidence is None


def test_a_quotation_closed_before_its_cue_is_told_apart_from_the_rankers_choice(nlp):
    _, atts = found(nlp, "“We will rebuild the old pier before the summer,” the mayor said on Friday.")
    conf = atts["said"].confidence
    assert conf.chosen in ("ranker", "closed")
    assert conf.runner in RUNNER_PLACES


def test_another_cue_in_the_sentence_is_seen_from_both_sides(nlp):
    """The outer cue's content holds the inner cue; the inner cue hangs from the outer one."""
    finder, atts = found(nlp, "The union said the minister claimed that the strike would end by June.")
    outer = finder.keep_measures(atts["said"], finder.admitted[atts["said"].cue_token][0])
    inner = finder.keep_measures(atts["claimed"], finder.admitted[atts["claimed"].cue_token][0])
    assert outer["holds_cue"] and not outer["governed"] and outer["others"] >= 1
    assert inner["governed"] and not inner["holds_cue"]


def test_a_stance_verb_carries_the_cue_models_probability_too(nlp):
    finder, atts = found(nlp, "Residents bet that the ferry would be late again.")
    model, p = finder.admitted[atts["bet"].cue_token]
    assert model == "stance"
    measures = finder.keep_measures(atts["bet"], model)
    assert 0.0 <= measures["other_p"] <= 1.0
    speech_finder, speech = found(nlp, "The harbour master said that the ferry would resume its crossings on Monday.")
    assert speech_finder.keep_measures(speech["said"], "cue")["other_p"] == -1.0


def test_the_veto_weights_are_plain_json_with_a_low_threshold_chosen_on_train():
    data = json.loads(resources.files("newsledger.nlp.quotes").joinpath("weights", "keep_veto.json").read_text(encoding="utf-8"))
    assert set(data) == {"bias", "weights", "meta"}
    assert 0.0 < data["meta"]["threshold"] <= 0.2
    assert data["meta"]["content_rankers"] == "out of fold" and "PolNeAR train" in data["meta"]["data"]
    assert any(f.startswith("k_margin=") for f in data["weights"])


def test_the_veto_reads_the_shape_and_the_rankers_confidence(nlp):
    finder, atts = found(nlp, "The harbour master said that the ferry would resume its crossings on Monday.")
    assert finder.keep_veto is not None
    shape = finder.keep_features(atts["said"], "cue", 0.9)
    assert not any(f.startswith("k_") for f in shape)
    read = finder.veto_features(atts["said"], "cue", shape)
    assert read[: len(shape)] == shape
    assert any(f.startswith("k_margin=") for f in read) and any(f.startswith("k_agree=") for f in read)


def test_the_ledger_loads_no_veto(nlp):
    doc = nlp("The harbour master said that the ferry would resume its crossings on Monday.")
    assert QuoteFinder(doc, load_lexicon(), "speech").keep_veto is None


def test_a_content_the_rankers_were_sure_of_is_likelier_kept():
    """Same relation: a content far ahead of its runner-up with a high score is further from the
    veto than one a hair ahead with a low score (the shipped weights, fitted out of fold on train)."""
    lex, veto = load_lexicon(), load_model("keep_veto")
    shape = relation_features("stance", 0.45, "grumble", "VERB", True, "b=child:ccomp", "indirect", 8, lex)
    sure = {"top": 2.5, "margin": 6.0, "linear_margin": 6.0, "agree": True}
    unsure = {"top": -1.5, "margin": 0.1, "linear_margin": 0.1, "agree": True}
    assert veto.probability(shape + confidence_features(sure)) > veto.probability(shape + confidence_features(unsure))


def test_a_narrow_margin_and_a_wide_one_fall_in_different_bins():
    measures = {"top": 1.0, "margin": 0.1, "linear_margin": 0.1, "agree": False}
    narrow = confidence_features(measures)
    wide = confidence_features(dict(measures, margin=6.0, linear_margin=6.0, agree=True))
    lonely = confidence_features(dict(measures, margin=NO_RIVAL_MARGIN))
    assert "k_margin=0" in narrow and "k_margin=5" in wide and "k_margin=6" in lonely
    assert "k_agree=False" in narrow and "k_agree=True" in wide
