"""Speed-ups that remember or index per doc give exactly what the plain definitions give."""

from __future__ import annotations

import spacy

from newsledger.nlp.events import coder, context, repairs
from newsledger.nlp.pipeline import MODEL

TEXT = (
    "Police Arrest Suspect In Weekend Shooting\n\n"
    "The man was charged Monday, two days after the shooting on Saturday night. "
    "Prosecutors criticised Friday's indictment before the hearing, which followed the arrest. "
    "He had been held since the raid on Tuesday and until the trial's start next month.\n\n"
    "Officials said the talks resumed after the ceasefire ahead of the vote"
)


def _plain_reference_tokens(trigger, times):
    out = {t.i for p in trigger.subtree if p.dep_ == "prep" and p.lower_ in context.REFERENCE_PREPS and p != trigger
           and not context._part_of_time(p, times) for t in p.subtree}
    out.update(t.i for t in trigger.subtree
               if t.dep_ in ("poss", "compound", "nmod") and t.head.pos_ in ("NOUN", "PROPN") and t.head != trigger
               and t.ent_type_ in ("DATE", "TIME"))
    return out


def test_reference_tokens_match_the_subtree_definition_for_every_trigger():
    doc = spacy.load(MODEL)(TEXT)
    some = 0
    for trigger in doc:
        for times in (None, {}, {t.i: True for t in doc if t.ent_type_ in ("DATE", "TIME")}):
            got = context._reference_event_tokens(trigger, times)
            assert got == _plain_reference_tokens(trigger, times), trigger.text
            some += bool(got)
    assert some > 0


def test_remembered_headline_test_answers_as_the_plain_one_for_sentences_and_lines():
    doc = spacy.load(MODEL)(TEXT)
    spans = list(doc.sents) + [repairs._line_of(t) for t in doc]
    assert any(repairs._headline_like(s) for s in spans) and not all(repairs._headline_like(s) for s in spans)
    for span in spans + spans:
        assert repairs.headline_like(span) == repairs._headline_like(span)


def test_whole_entities_and_other_clauses_match_their_plain_definitions():
    doc = spacy.load(MODEL)(TEXT + " The United States and the European Union said on Monday that Iran agreed to talks.")
    ents = doc.ents
    assert len(ents) >= 4
    for first in range(0, len(doc), 3):
        tokens = {first, min(first + 2, len(doc) - 1)}
        plain = set(tokens)
        for ent in ents:
            if any(ent.start <= i < ent.end for i in tokens):
                plain.update(range(ent.start, ent.end))
        assert coder._whole_entities(doc, tokens) == plain
    for tok in doc:
        trig = coder.Trigger(tok, None, "verb", tok.head)
        own = {context.clause_head(tok), context.clause_head(tok.head)}
        assert coder._other_clauses(trig) == {t.i for t in tok.sent if context.clause_head(t) not in own}


def test_quote_marks_found_by_pattern_are_those_of_the_character_scan():
    import random

    from newsledger.nlp.quotes import marks

    rng = random.Random(7)
    alphabet = "ab ''``\"“”«»’‘\n"
    texts = ["''Yes,'' he said. ``No'' — “fine” «oui» \"ok\" '''", "x'", "``", "'' ''", ""]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 40))) for _ in range(500)]
    for text in texts:
        for start in range(0, len(text) + 1, 3):
            for end in (start, start + 1, start + 7, len(text)):
                end = min(end, len(text))
                assert list(marks._marks(text, start, end)) == list(marks._marks_by_character(text, start, end)), (text, start, end)
