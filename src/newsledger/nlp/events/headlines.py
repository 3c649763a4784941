"""Title-case headlines, parsed again in sentence case before events are coded in them.

"Jeb Bush Super PAC Chief Praises Marco Rubio Donor's Campaign" comes out of
the small English model as one long proper noun: no verb, no subject, no
object, so no event or a wrong one. Headlines are the most read line of a
report, so the events component re-parses a title-case headline after
lowering its common words (:func:`truecase_words`), codes the events on that
parse, and maps every span back onto the original text (the words and
character offsets are the same; only the case differs).

A word is lowered when it is a function word, when the report's body writes
it in lower case at least as often as capitalised mid-sentence, or when it is
one of our lexicon's trigger words and the body never capitalises it; names
keep their capitals. Measured on the PLOVER audit set (real headlines) and
the synthetic stories (whose titles the evaluation already truecases).
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span

from newsledger.nlp.text import doc_text

WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
SENTENCE_ENDS = '.!?:"“”'
# components that tag, parse, lemmatise and name entities (the rest of the pipeline is ours)
PARSE_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
TITLE_CASE_SHARE = 0.8
MIN_TITLE_WORDS = 3


def _sentence_start(text: str, pos: int) -> bool:
    """A capital right after a sentence end (or a line start) says nothing about the word's case."""
    before = text[max(0, pos - 40):pos]
    if "\n" in before[len(before.rstrip(" \t")):] or not before.strip():
        return True
    return before.rstrip()[-1] in SENTENCE_ENDS


def case_counts(text: str) -> tuple[Counter, Counter]:
    """How often each word is written in lower case, and capitalised away from a sentence start."""
    lower: Counter = Counter()
    upper: Counter = Counter()
    for m in WORD.finditer(text):
        word = m.group(0)
        if word[0].islower():
            lower[word] += 1
        elif not _sentence_start(text, m.start()):
            upper[word] += 1
    return lower, upper


def is_title_case(sent) -> bool:
    """Most longer words capitalised: a headline written in title case."""
    words = [t for t in sent if t.is_alpha and len(t) >= 4]
    return len(words) >= MIN_TITLE_WORDS and sum(t.is_title or t.is_upper for t in words) >= TITLE_CASE_SHARE * len(words)


def truecase_words(sent, body: str, is_trigger) -> list[str]:
    """The headline's words with common words lowered (see the module docstring); the first word keeps its case."""
    lower, upper = case_counts(body)
    out = []
    for tok in sent:
        word = tok.text
        if tok.i == sent.start or not tok.is_title:
            out.append(word)
            continue
        low = tok.lower_
        common = tok.is_stop or lower[low] >= max(1, upper[word])
        trigger = is_trigger(tok) and not upper[word]
        out.append(low if common or trigger else word)
    return out


def parse_again(nlp: Language, sent, words: list[str]) -> Doc:
    """A new Doc of ``words`` (same tokens and spaces as ``sent``) run through the model's own components."""
    doc = Doc(nlp.vocab, words=words, spaces=[bool(t.whitespace_) for t in sent])
    for name, proc in nlp.pipeline:
        if name in PARSE_COMPONENTS:
            doc = proc(doc)
    return doc


HEADLINE_ZONE = 400  # characters from the start of the report in which a headline may stand


def _own_line(doc: Doc, sent) -> bool:
    end = max((t.idx + len(t.text) for t in sent if not t.is_space), default=sent.end_char)
    before = doc_text(doc)[:sent.start_char].rstrip(" \t")
    after = doc_text(doc)[end:].lstrip(" \t")
    return (not before or before.endswith("\n")) and (not after or after.startswith("\n"))


def headline_sentences(doc: Doc) -> list[Span]:
    """Title-case lines at the top of a report: its headline (and a title-case deck, if any)."""
    out = []
    for sent in doc.sents:
        if sent.start_char >= HEADLINE_ZONE:
            break
        if _own_line(doc, sent) and is_title_case(sent):
            out.append(sent)
    return out
