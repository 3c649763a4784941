"""Candidate mentions: KB matches (longest first), then spaCy NER spans the KB did not cover.

KB matches win over overlapping NER spans, except that a KB place inside a
longer NER name ("Bank of Russia") and a KB surname inside a longer personal
name ("Ivanka Trump") yield to the NER span. A place name taken from the
subdivision packages also yields to an NER person or organisation of the
same extent ("Meta", "Victoria Rivers"): those lists hold many names that
are not places in news. The regions the knowledge file lists by hand
("Crimea", "Donbas") do not yield: they were chosen as places.
"""

from __future__ import annotations

import numpy
from spacy.attrs import ORTH
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from newsledger.nlp.text import dateline_head
from newsledger.nlp.actors.lexicon import Lexicon
from newsledger.nlp.actors.places import is_gazetteer_place
from newsledger.nlp.actors.state import HONORIFICS, Mention, named_after, shouting, trim

NER_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
PLACE_KEYS = ("CAPITAL", "REGION", "ADJ")
NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def find_mentions(lex: Lexicon, doc: Doc) -> list[Mention]:
    kept = filter_spans(_kb_spans(lex, doc))
    ner = [trim(e) for e in doc.ents if e.label_ in NER_LABELS]
    ner = [e for e in ner if e is not None and not shouting(e)]
    if any(_opening_common_tag(e) for e in ner):
        name_words = {t.text for e in doc.ents if e.label_ == "PERSON" and len(e) >= 2 for t in e}
        name_words |= {t.text for t in doc if t.is_title and not t.is_sent_start}
        ner = [e for e in ner if not common_word_opening(e, name_words)]
    lower_words = {t.text for t in doc if t.is_lower}
    titled: dict[int, bool] = {}
    place_words = _place_word_tokens(lex, kept)
    ner = [e for e in ner if not headline_words(e, lower_words, titled, place_words)]
    ner = filter_spans([_dateline_place(e) for e in ner])
    kb_mentions = []
    for span in kept:
        key = span.label_
        target = lex.target(key, span)
        if target is None or _yields_to_ner(lex, span, key, target, ner, kept):
            continue
        kb_mentions.append(Mention(span.start, span.end, key, target, lex.label(key, target, span)))
    kb_mentions = [_other_bearer(lex, doc, m) for m in kb_mentions]
    kb_mentions = [_widen_to_name(lex, m, ner, kb_mentions) for m in kb_mentions]
    covered = {i for m in kb_mentions for i in range(m.start, m.end)}
    ner_mentions = [Mention(e.start, e.end, "NER", None, "GPE" if dateline_head(e) else e.label_) for e in ner
                    if not any(i in covered for i in range(e.start, e.end))]
    mentions = _join_nicknames(doc, sorted(kb_mentions + ner_mentions, key=lambda m: m.start))
    mentions = _drop_opening_participles(doc, mentions)
    return sorted(mentions + _recall_surnames(doc, mentions), key=lambda m: m.start)


# A title-case headline: this many words of four letters or more, this share of them capitalised.
HEADLINE_MIN_WORDS = 3
HEADLINE_TITLE_SHARE = 0.8


def headline_words(span, lower_words: set[str], titled: dict[int, bool] | None = None,
                   place_words: set[int] | None = None) -> bool:
    """"Deputy Shot Outside Courthouse": an NER name in a title-case headline whose every word the
    report writes in lower case elsewhere ("was shot outside the courthouse") is no name: the
    capitals are the headline's. Left as a name, "Deputy" made it a person and the body's
    "sheriff's deputy" resolved to him.

    A country or place word of the knowledge base (``place_words``, token indices) may be among
    them when the name ends in a lower-case word: "New Russia Sanctions: Who Really Pays?" is about
    new sanctions on Russia (demo read, round 8: an organisation "New Russia Sanctions" of Russia)."""
    sent = span.sent
    if titled is None or sent.start not in titled:  # ``titled``: each sentence's answer, for a doc's many names
        words = [t for t in sent if t.is_alpha and len(t) >= 4]
        answer = len(words) >= HEADLINE_MIN_WORDS and sum(t.is_title or t.is_upper for t in words) >= HEADLINE_TITLE_SHARE * len(words)
        if titled is None:
            titled = {}
        titled[sent.start] = answer
    if not titled[sent.start]:
        return False
    words = [t for t in span if t.is_alpha]
    if all(t.lower_ in lower_words for t in words):
        return True
    places = place_words or set()
    return (bool(words) and words[-1].lower_ in lower_words and words[-1].i not in places
            and all(t.lower_ in lower_words or t.i in places for t in words))


def _place_word_tokens(lex: Lexicon, kept: list[Span]) -> set[int]:
    """Tokens of knowledge-base countries, capitals, regions and nationality adjectives."""
    out: set[int] = set()
    for span in kept:
        key = span.label_
        if key in PLACE_KEYS or (key == "ACTOR" and lex.kb.actors.get(lex.target(key, span) or "") is not None
                                 and lex.kb.actors[lex.target(key, span)].kind == "country"):
            out.update(range(span.start, span.end))
    return out


# Tags of words the tagger reads as common words: an adjective, a participle, a plural common noun.
COMMON_WORD_TAGS = {"JJ", "JJR", "JJS", "VBG", "VBN", "NNS", "RB"}


def common_word_opening(span, name_words: set[str]) -> bool:
    """ "Freezing rain hampered", "Smart investors are", "Videos posted online showed": a one-word NER
    person or organisation opening a sentence that the tagger reads as an adjective, a participle or a plural common
    noun is that word, capitalised by its place (demo read, round 8: a person "Freezing" and
    organisations "Smart" and "Videos"). Not a word of a full personal name in the report, nor a word
    the report capitalises inside a sentence too (``name_words``): "Matthews said" after "Chris
    Matthews" is the person, "Cameo nightclub has" after "at Cameo Night Club" the club."""
    if not _opening_common_tag(span) or span[0].text in name_words:
        return False
    token = span[0]
    return token.tag_ != "NNS" or not is_gazetteer_place(token.text)  # "Salinas police declined"


def _opening_common_tag(span) -> bool:
    token = span[0]
    return (len(span) == 1 and span.label_ in ("PERSON", "ORG") and token.is_sent_start and token.is_title
            and token.tag_ in COMMON_WORD_TAGS)


def _dateline_place(span):
    """ "ST. PETERSBURG, Dec. 30 (Agency) —": the NER split the dateline's place after its first
    word ("ST." and "PETERSBURG", an organisation); the whole capitalised head of the line is the
    place (GPE)."""
    doc = span.doc
    start = span.start
    while start > 0 and not doc[start - 1].is_space and (doc[start - 1].text.isupper() or doc[start - 1].text == "."):
        start -= 1
    if start == span.start or (start > 0 and not doc[start - 1].text.endswith("\n")):
        return span
    whole = Span(doc, start, span.end, label="GPE")
    return whole if dateline_head(whole) else span


def _join_nicknames(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"Luis Gerardo (Jerry) Ortiz": a name broken by a nickname in brackets is one person.

    The surname after the brackets joins the name whether or not the NER
    tagged it (it often does not).
    """
    out: list[Mention] = []
    for m in mentions:
        if any(o.start <= m.start < o.end for o in out):
            continue  # already swallowed by a joined name
        j = m.end
        if (m.key == "NER" and m.label == "PERSON" and j + 3 < len(doc) and doc[j].text == "("
                and doc[j + 1].is_title and doc[j + 2].text == ")" and doc[j + 3].is_title
                and doc[j + 3].pos_ == "PROPN"):
            m = Mention(m.start, j + 4, m.key, m.target, m.label)
            out = [o for o in out if not (m.start <= o.start < m.end)]
        out.append(m)
    return out


# Endings of the participle that opens "Joining Cooley at the conference was ...".
PARTICIPLE_ENDINGS = ("ing", "ed")


def _drop_opening_participles(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"Joining Cooley at the news conference was ...": a sentence-opening participle the NER
    (and the tagger, which calls it a proper noun) reads as a first name in front of a surname.

    Dropped only when the rest is the surname of a person the report names in full with another
    first name ("Steve Cooley"): "Irving Berlin" stays a name unless the report has another Berlin.
    """
    full = {(doc[m.end - 1].lower_, doc[m.start].lower_) for m in mentions
            if m.key == "NER" and m.label == "PERSON" and m.end - m.start >= 2}
    surnames = {last for last, _ in full}
    out = []
    for m in mentions:
        first = doc[m.start]
        if (m.key == "NER" and m.label == "PERSON" and m.end - m.start == 2 and first.is_sent_start
                and first.lower_.endswith(PARTICIPLE_ENDINGS) and doc[m.end - 1].lower_ in surnames
                and sum(last == doc[m.end - 1].lower_ for last, _ in full) >= 2):
            m = Mention(m.start + 1, m.end, m.key, m.target, m.label)
        out.append(m)
    return out


def _widen_to_name(lex: Lexicon, mention: Mention, ner: list, others: list[Mention]) -> Mention:
    """A KB person's surname inside an NER name opening with their first name ("Vladimir V. Putin") covers it."""
    if mention.key != "ACTOR" or lex.kb.actors[mention.target].kind != "person":
        return mention
    first_names = {name.split()[0].lower() for name in lex.kb.aliases[mention.target] if " " in name}
    for ent in ner:
        if ent.label_ != "PERSON" or not (ent.start < mention.start and mention.end <= ent.end):
            continue
        if ent[0].lower_ not in first_names:
            continue
        if not any(o is not mention and o.start < ent.end and ent.start < o.end for o in others):
            return Mention(ent.start, ent.end, mention.key, mention.target, mention.label)
    return mention


def _kb_spans(lex: Lexicon, doc: Doc) -> list[Span]:
    spans = []
    for matcher in (lex.orth, lex.lower):
        for match_id, start, end in matcher(doc):
            span = doc[start:end]
            if matcher is lex.lower and not any(t.text[:1].isupper() for t in span):
                continue
            if shouted_word(span):
                continue
            spans.append(Span(doc, start, end, label=match_id))
    return spans


def shouted_word(span) -> bool:
    """An acronym alias that is also a common word ("WHO", "US", "IT") inside an all-capitals
    passage: in a shouted transcript ("THE FAMILY WHO MAY HAVE BEEN TARGETED") it is the word."""
    return shouting(span) and all(t.is_stop for t in span)


def _yields_to_ner(lex: Lexicon, span, key: str, target: str, ner: list, kept: list) -> bool:
    """A KB place or surname inside a longer NER name belongs to that name."""
    kind = lex.kb.actors[target].kind if key == "ACTOR" else None
    is_place = key in PLACE_KEYS or kind == "country"
    is_person = kind == "person"
    for ent in ner:
        if (key == "REGION" and (ent.start, ent.end) == (span.start, span.end) and ent.label_ in ("PERSON", "ORG")
                and span.text not in lex.kb.listed_regions):
            return True  # a package's subdivision name ("Meta"), not one the file lists ("Crimea")
        if not (ent.start <= span.start and span.end <= ent.end and len(ent) > len(span)):
            continue
        others = [s for s in kept if s is not span and s.start < ent.end and ent.start < s.end]
        if is_place and ent.label_ not in ("NORP", "GPE") and not others:
            return True
        if is_person and len(span) == 1 and ent.label_ == "PERSON" and not others \
                and _other_first_name(lex, ent, span, target):
            return True
        if is_person and ent.label_ in ("ORG", "FAC") and not others and named_after(ent, span):
            return True
    return False


def _other_first_name(lex: Lexicon, ent, span, target: str) -> bool:
    """"Ivanka Trump": capitalised extra words that are no title make another person.

    Unless the first of them is the KB person's own first name: "Vladimir V.
    Putin" is Putin with a middle initial.
    """
    extra = [t for t in ent if t.i < span.start or t.i >= span.end]
    if any(t.lower_ in NAME_SUFFIXES for t in extra):
        return True
    before = [t for t in extra if t.i < span.start]
    first_names = {name.split()[0].lower() for name in lex.kb.aliases[target] if " " in name}
    if before and before[0].lower_ in first_names:
        return False
    return bool(before) and all(t.text[:1].isupper() and (t.lower_,) not in lex.titles
                                and t.lower_ not in HONORIFICS for t in before)


def _other_bearer(lex: Lexicon, doc: Doc, mention: Mention) -> Mention:
    """A KB surname with an unknown first name in front ("Ivanka Trump") is someone else."""
    if mention.key != "ACTOR" or mention.end - mention.start != 1 or mention.start == 0:
        return mention
    if lex.kb.actors[mention.target].kind != "person":
        return mention
    first = doc[mention.start - 1]
    first_names = {name.split()[0].lower() for name in lex.kb.aliases[mention.target] if " " in name}
    if (first.pos_ == "PROPN" and first.is_title and first.dep_ == "compound"
            and first.head.i == mention.start and len(first) > 2
            and first.lower_ not in first_names
            and not lex.title_like(first.lower_) and first.lower_ not in HONORIFICS
            and lex.lookup["ADJ"].get((first.lower_,)) is None
            and lex.lookup["ACTOR"].get((first.lower_,)) is None):
        return Mention(first.i, mention.end, "NER", None, "PERSON")
    return mention


def _recall_surnames(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Lone surnames of people named in full earlier, which the small NER model often misses."""
    surnames = {doc[m.end - 1].orth for m in mentions
                if m.key == "NER" and m.label == "PERSON" and m.end - m.start >= 2}
    if not surnames:
        return []
    covered = {i for m in mentions for i in range(m.start, m.end)}
    hits = numpy.nonzero(numpy.isin(doc.to_array(ORTH), numpy.array(sorted(surnames), dtype="uint64")))[0]
    return [Mention(i, i + 1, "NER", None, "PERSON") for i in hits.tolist()
            if i not in covered and doc[i].is_title and doc[i].pos_ == "PROPN"]
