"""Relations the attribution view (``mode="all"``) finds that it used to drop (round 7, issue 10).

Sentences written for these tests, real spaCy parses, the shipped weights. The ledger's speech
mode must not change: none of these is a quote there."""

from __future__ import annotations

import pytest

from newsledger.nlp.pipeline import build_pipeline
from newsledger.nlp.quotes import find_attributions
from newsledger.nlp.quotes.cues import load_lexicon
from newsledger.nlp.quotes.finder import Attribution, QuoteFinder


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline([])


def relations(doc, mode="all"):
    text = doc.text
    return [
        (text[slice(*a.source_range)] if a.source else None, text[slice(*a.cue)], text[a.pieces[0][0] : a.pieces[-1][1]])
        for a in find_attributions(doc, mode)
    ]


def test_a_raising_verb_attributes_without_a_source(nlp):
    doc = nlp("The new tax plan seems to hurt small farmers the most.")
    found = relations(doc)
    assert [(source, cue) for source, cue, _ in found] == [(None, "seems")]
    assert "to hurt small farmers the most" in found[0][2]
    assert relations(doc, "speech") == []


def test_a_sourceless_report_needs_a_speaker_in_the_ledger_only(nlp):
    """The speech mode keeps needing a speaker for an unquoted report; the attribution view
    takes a likely cue without one, but not a subject alone ("The move | was reported")."""
    doc = nlp("The new tax plan seems to hurt small farmers the most.")
    seems = next(t for t in doc if t.lower_ == "seems")
    lex = load_lexicon()
    cue = QuoteFinder(doc, lex, "all").cue_range(seems)
    clause = Attribution("indirect", cue, ((0, len(doc.text) - 1),), None, "seem", base="b=subj+xcomp")
    subject_only = Attribution("indirect", cue, ((0, len("The new tax plan")),), None, "seem", base="b=subject")
    assert QuoteFinder(doc, lex, "speech")._needs_source(clause, seems)
    assert not QuoteFinder(doc, lex, "all")._needs_source(clause, seems)
    assert QuoteFinder(doc, lex, "all")._needs_source(subject_only, seems)


def test_a_headline_says_its_words_without_the_title_full_stop(nlp):
    doc = nlp("Governor Lee: The state will not raise taxes this year.\nThe governor spoke to reporters in the capital on Friday.")
    assert ("Governor Lee", ":", "The state will not raise taxes this year") in relations(doc)
    assert relations(doc, "speech") == []


def test_a_name_colon_line_in_the_body_keeps_its_full_stop(nlp):
    doc = nlp("Debate transcript, first hour.\nTAPPER: Senator, will you support the nominee.\nThe senator paused.")
    found = [r for r in relations(doc) if r[1] == ":"]
    assert found and found[0][0] == "TAPPER"
    assert found[0][2].endswith("nominee.")


# ---- contents beyond one candidate (round 8) --------------------------------------------------
def contents_of(doc, cue_word, source_word, mode="all"):
    """Every content piece of the attributions whose cue holds ``cue_word`` and whose source holds ``source_word``."""
    text = doc.text
    return [
        text[s:e]
        for a in find_attributions(doc, mode)
        if cue_word in text[slice(*a.cue)] and a.source and source_word in text[slice(*a.source_range)]
        for s, e in a.pieces
    ]


def test_a_quotation_after_another_speakers_cue_is_not_the_first_speakers(nlp):
    """ "“A,” the mayor said. “B.” Her deputy agreed. “C,” the deputy said. “D.”": D goes on with
    the deputy's words; the mayor's quotation stops at the deputy's cue."""
    doc = nlp(
        "“We will rebuild the bridge by spring,” the mayor said on Monday. “The money is already there.” "
        "Her deputy struck a similar tone. “This is a good day for the river towns,” the deputy said. "
        "“Nobody expected the state to pay this much.”"
    )
    for mode in ("all", "speech"):
        mayor = contents_of(doc, "said", "mayor", mode)
        deputy = contents_of(doc, "said", "deputy", mode)
        assert "“The money is already there.”" in mayor
        assert not any("Nobody expected" in c for c in mayor)
        assert any("Nobody expected" in c for c in deputy)


def test_a_quotation_after_a_clause_inside_the_cue_clause_stays_with_the_speaker(nlp):
    """ "“A,” she said, referring to the report. “B.”": the participle hangs on the speaker's own
    verb, so B is still hers."""
    doc = nlp(
        "“The numbers do not add up,” the auditor said, referring to the county budget. "
        "“Someone will have to explain the missing millions.”"
    )
    assert any("missing millions" in c for c in contents_of(doc, "said", "auditor"))


def test_a_curly_mark_set_the_wrong_way_round_reads_by_where_it_stands():
    """ "“It's unusual,“ said X" closes with an opening mark; "”This is ..." opens with a closing one."""
    from newsledger.nlp.quotes.marks import find_quotes

    text = "“The plan is unusual,“ said a lawyer for the group. “Nobody has tried it before.”\n”This cannot go on,” she said."
    quoted = [text[s.start : s.end] for s in find_quotes(text)]
    assert quoted == ["“The plan is unusual,“", "“Nobody has tried it before.”", "”This cannot go on,”"]


def test_a_wrongly_set_closing_mark_keeps_the_quotation_whole(nlp):
    doc = nlp("“The new rules are unusual,“ said a lawyer for the group. “Nobody has tried them before.”")
    assert contents_of(doc, "said", "lawyer") == ["“The new rules are unusual,“", "“Nobody has tried them before.”"]
