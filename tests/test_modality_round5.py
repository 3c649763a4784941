"""Acts that did not happen yet (round 5): a pending arrest is not an arrest, with the real spaCy model."""

from __future__ import annotations

import datetime as dt

import pytest

from newsledger.nlp.pipeline import build_pipeline, make_doc


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def arrests(nlp, text: str, published: dt.date):
    evs = nlp(make_doc(nlp, text, published=published))._.events
    return {e.trigger.text: e for e in evs if e.type == "COERCE"}


@pytest.mark.parametrize("text", [
    "The sheriff said the mother is free on bond, while the father's arrest is still pending.",
    "The mother was arrested and freed on bond; the father's arrest is pending.",
])
def test_a_pending_arrest_is_not_shown_as_done(nlp, text):
    found = arrests(nlp, text, dt.date(2017, 1, 20))
    assert found["arrest"].modality == "future"
    assert found["arrest"].date is None


def test_the_arrest_told_as_done_beside_a_pending_one_stays_asserted(nlp):
    found = arrests(nlp, "The mother was arrested and freed on bond; the father's arrest is pending.",
                    dt.date(2017, 1, 4))
    assert found["arrested"].modality == "asserted"
    assert found["arrest"].modality == "future"


def test_arrests_expected_to_be_made_are_not_yet_made(nlp):
    found = arrests(nlp, "No one is in custody. More arrests are expected to be made.", dt.date(2016, 5, 2))
    assert found["arrests"].modality == "future"


def test_a_shooting_expected_to_draw_protests_still_happened(nlp):
    text = "The shooting of the teenager is expected to draw protests downtown."
    evs = nlp(make_doc(nlp, text, published=dt.date(2016, 5, 2)))._.events
    shooting = [e for e in evs if e.trigger.text == "shooting"]
    assert shooting and shooting[0].type == "ASSAULT" and shooting[0].modality == "asserted"
