"""Who the source of a cue is: its subject (or agent, or inherited subject) as a span.

PolNeAR conventions the spans follow (measured on its train split): the
source is the subject's noun phrase with an apposition and its closing comma
("Tad Devine, an adviser, said"); a relative pronoun is the source of its
clause ("Trump, who said ...": source "who") while the speaker it stands for
is the antecedent (``Source.head``, which speaker resolution reads).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from newsledger.nlp.actors import DATELINE_DASHES
from newsledger.nlp.quotes.layout import Layout

# clauses that inherit the subject of the verb they hang from ("Putin said, noting ...")
INHERIT_DEPS = ("advcl", "conj", "xcomp", "pcomp")
RELATIVE_TAGS = ("WP", "WDT")
# a source's first word that focuses rather than names ("even", "both", "only"): a variant drops it
LEADING_FOCUS_DEPS = ("advmod", "preconj", "predet")
# pronouns a relative clause can hang from that stand for a group named elsewhere
# ("Chile and Japan were among those that said ...")
STAND_IN_PRONOUNS = {"those", "these", "them", "others", "some", "many", "several"}
# "X were among those that said": the preposition that ties the stand-in to the group
GROUP_PREPS = {"among"}
# words that count people without saying who they are ("Some said", "Many of them told reporters")
QUANTIFIER_WORDS = {"some", "many", "others", "other", "most", "several", "few", "both", "all", "one", "another", "each"}
# what may stand beside a quantifier in a source that still names no one ("a few", "some of them")
EMPTY_SOURCE_WORDS = {"a", "of", "them", "those", "these", "us", "you"}


@dataclass
class Source:
    """A source span and the token that names the speaker (the antecedent for "who")."""

    start: int
    end: int
    head: Token
    tokens: frozenset[int]
    inherited: bool = False
    phrase: frozenset[int] = frozenset()  # the whole noun phrase the span was cut from (never content)


def _is_dateline_dash(tok: Token) -> bool:
    """A free-standing dash ("WASHINGTON (AP) - Senator X said"), not a hyphen in a word."""
    spaced_before = tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_)
    return tok.text in DATELINE_DASHES and spaced_before and bool(tok.whitespace_)


def _joined_by_conjunction(verb: Token) -> bool:
    """Whether a conjunct verb is joined to the verb before it by a conjunction or a comma ("met X
    and said", "praised the deal, said it would last"), not two sentences the parser ran together. "The shooting occurred ... 200 Leighton St. One
    officer at the scene said": after an abbreviation's full stop the second sentence's verb was
    parsed as a conjunct, and "The shooting" became the source (GVC). Checked only for a common-noun
    subject: with every subject, two PolNeAR dev attributions with a name or pronoun were lost. Any
    conjunction or comma between counts, wherever the parser hung it ("was in the house when the
    incident happened and told them": "and" hangs from "happened")."""
    head = verb.head
    return any(t.dep_ == "cc" or t.text in (",", ";") for t in verb.doc[head.i + 1 : verb.i])


def names_no_one(source: Source, doc) -> bool:
    """A source that only counts people: "Some said", "Many of them told reporters", "Others said".
    The ledger showed "Some" as a speaker's name (demo, Northgate Herald: "Many of the worshippers
    have relatives ... Some said they had still not been able to reach family members"). Such a
    source is no one a reader can name; the quote is kept with no speaker. "Some residents",
    "Many of the worshippers" and "One official" name who they are and are kept."""
    words = [doc[i] for i in sorted(source.tokens) if not doc[i].is_punct]
    if not words or not any(t.lower_ in QUANTIFIER_WORDS for t in words):
        return False
    return all(t.lower_ in QUANTIFIER_WORDS | EMPTY_SOURCE_WORDS for t in words)


# punctuation a speaker's name never ends with (a closing bracket does: "Sen. Lindsey Graham (R-S.C.)")
CLOSING_SOURCE_PUNCT = {",", ";", ":", "—", "–", "-"}


def speaker_as_written(source: Source, doc) -> tuple[int, int]:
    """The speaker as the ledger shows it: the source span without a description set off by a comma that says
    nothing of who speaks, and without a closing comma. Demo (reader8 and reader11, A19): "The White Helmets
    civil defence group, which operates in opposition-held areas," and "a resident of Amizmiz, a town close
    to the epicentre," were shown as speakers' names. Cut: a relative clause after a comma ("..., which
    operates ...") and a common-noun apposition after a comma to a word of the source other than its head
    (the town of "a resident of Amizmiz, a town ..."; a state after a town, "of Springfield, Va.", stays). Kept: an apposition to the head, which says who speaks ("an
    aide, Ana Ruiz", "Claire Dubois, a sanctions lawyer"). The attribution's source (what PolNeAR's
    annotators mark, descriptions and closing comma included, and what its ledger view scores) is not
    changed; only the stored speaker span is."""
    tokens = [doc[i] for i in sorted(source.tokens) if not doc[i].is_space]
    if not tokens:
        return source.start, source.end
    inside = {t.i for t in tokens}
    cut = len(tokens)
    for k, tok in enumerate(tokens):
        if k == 0 or tokens[k - 1].text != ",":
            continue
        for node in [tok, *tok.ancestors]:  # the phrase the comma opens ("whose" -> "family" -> "trapped")
            if node.i not in inside or node.left_edge.i != tok.i:
                break
            if node.dep_ == "relcl" or (node.dep_ == "appos" and node.pos_ == "NOUN" and node.head.i != source.head.i):
                cut = min(cut, k - 1)
    kept = tokens[:cut]
    while kept and kept[-1].text in CLOSING_SOURCE_PUNCT:
        kept.pop()
    if not kept:
        return source.start, source.end
    return kept[0].idx, kept[-1].idx + len(kept[-1].text)


class SourceFinder:
    """Source spans for cue heads of one document."""

    def __init__(self, layout: Layout, blocked: set[int], holds_cue):
        self.layout = layout
        self.doc = layout.doc
        self.blocked = blocked  # dateline tokens
        self.holds_cue = holds_cue  # clause head -> whether it holds a cue of its own

    def subject(self, verb: Token, depth: int = 0) -> tuple[Token | None, bool]:
        """The subject token of ``verb`` and whether it was inherited from a governing verb.

        With two subjects ("OSLO, May 4 (Wire) — the minister said", a dateline the
        parser took for a subject) the one nearer the verb is the speaker."""
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj") and c.i not in self.blocked]
        if subjects:
            before = [c for c in subjects if c.i < verb.i]
            return (before[-1] if before else subjects[0]), False
        for child in verb.children:
            if child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0], False
        if verb.dep_ == "relcl" or depth > 3:
            return None, False
        if verb.dep_ == "acl" and verb.head.dep_ in ("dobj", "pobj") and verb.head.head.pos_ == "VERB":
            head, _ = self.subject(verb.head.head, depth + 1)
            return head, True
        inverted = self.inverted_subject(verb)
        if inverted is not None:
            return inverted, False
        if verb.dep_ in INHERIT_DEPS and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX"):
            if verb.dep_ == "advcl" and verb.tag_ == "VBN" and verb.i < verb.head.i:
                return None, False  # "Asked about X, Trump said": the one asked is not the asker
            head, _ = self.subject(self._governing_clause(verb), depth + 1)
            if head is not None and verb.dep_ == "conj" and head.pos_ == "NOUN" and not _joined_by_conjunction(verb):
                return None, False
            return head, head is not None
        return None, False

    @staticmethod
    def _governing_clause(verb: Token) -> Token:
        """The verb whose subject a dependent clause inherits. A participle after a comma
        ("Perdue said he did not believe it, arguing ...") is the reporting speaker's act, not
        the reported clause's: from a clause reported by another verb (a ``ccomp`` chain) it
        climbs to the verb that reports it."""
        head = verb.head
        if not (verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.i > head.i and verb.doc[verb.i - 1].text == ","):
            return head
        while head.dep_ == "ccomp" and head.head.i != head.i and head.head.pos_ in ("VERB", "AUX") and head.head.i < head.i:
            head = head.head
        return head

    @staticmethod
    def inverted_subject(verb: Token) -> Token | None:
        """ "..., reports the BBC." is sometimes parsed with the outlet as object:
        a proper-noun object right after a verb that follows a comma or quote is the source."""
        if verb.i == 0 or verb.doc[verb.i - 1].text not in (",", "”", '"', "''"):
            return None
        for child in verb.children:
            if child.dep_ == "dobj" and child.i > verb.i and (child.pos_ == "PROPN" or child.ent_type_):
                return child
        return None

    def find(self, verb: Token) -> Source | None:
        head, inherited = self.subject(verb)
        if head is None or head.dep_ == "expl":
            return None
        if head.tag_ in RELATIVE_TAGS and head.head.dep_ == "relcl" and head.head.head.i != head.i:
            antecedent = head.head.head
            start, end = head.idx, head.idx + len(head.text)
            return Source(start, end, antecedent, frozenset({head.i}), inherited)
        span = self._range(head, verb)
        if span is None:
            return None
        start, end, tokens = span
        return Source(start, end, head, tokens, inherited)

    def antecedent(self, source: Source, verb: Token) -> Source | None:
        """What a relative pronoun source stands for, as a reader needs it: "who" in
        "Omar Nasser, who said ..." is Omar Nasser; "that" in "Chile and Japan were among
        those that said ..." is Chile and Japan (the subject that "those" are counted
        among). PolNeAR marks the pronoun itself (``find``), so ``mode="all"`` keeps it;
        the ledger names a speaker, or none when the pronoun stands for nobody named
        ("one of those who said": None)."""
        noun = source.head
        if noun.lower_ in STAND_IN_PRONOUNS and noun.pos_ in ("PRON", "DET"):
            noun = self._group_counted_in(noun)
            if noun is None:
                return None
        if noun.tag_ in RELATIVE_TAGS or noun.pos_ == "PRON":
            return None
        span = self._range(noun, verb)
        if span is None:
            return None
        start, end, tokens = span
        return Source(start, end, noun, tokens, source.inherited)

    @staticmethod
    def _group_counted_in(pronoun: Token) -> Token | None:
        """ "Norway, Chile and Japan were among those": the subject of the clause whose
        "among" phrase holds the stand-in pronoun."""
        prep = pronoun.head
        if pronoun.dep_ != "pobj" or prep.lower_ not in GROUP_PREPS:
            return None
        return next((c for c in prep.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.tag_ not in RELATIVE_TAGS), None)

    def is_relative(self, source: Source) -> bool:
        """The source is a relative pronoun alone ("who", "that", "which")."""
        return len(source.tokens) == 1 and self.doc[next(iter(source.tokens))].tag_ in RELATIVE_TAGS

    def _range(self, head: Token, verb: Token) -> tuple[int, int, frozenset[int]] | None:
        """The subject's noun phrase, kept inside the cue's paragraph, after any
        dateline dash, short of the cue, without a leading conjunction or a
        relative clause that is itself speech ("X, who said ..."); an apposition
        keeps its closing comma ("Tad Devine, an adviser, said"), as PolNeAR marks it."""
        p_start, p_end = self.layout.para_of(verb.idx)
        limit = verb.idx if head.i < verb.i else p_end
        nested = {t.i for c in head.subtree if c.dep_ in ("relcl", "acl") and self.holds_cue(c) for t in c.subtree}
        tokens = [t for t in head.subtree if p_start <= t.idx < limit and t.i not in nested]
        dashes = [t.i for t in tokens if t.i < head.i and _is_dateline_dash(t)]
        if dashes:
            tokens = [t for t in tokens if t.i > max(dashes)]
        tokens = [t for t in tokens if t.i not in self.blocked]
        while tokens and (tokens[0].dep_ == "cc" or tokens[0].is_punct):
            tokens = tokens[1:]
        while tokens and tokens[-1].is_punct and tokens[-1].text not in (")",):
            tokens = tokens[:-1]
        if not tokens:
            return None
        start, end = self.layout.token_range(tokens)
        if end <= start:
            return None
        inside = frozenset(t.i for t in tokens if start <= t.idx < end)
        return start, end, inside


# ---- span variants of a source, for the learned source ranker ------------------------
MAX_SOURCE_CUTS = 4


def _source_word(tok: Token) -> str:
    return tok.lower_ if (tok.is_stop or tok.is_punct) else tok.tag_


def source_variants(source: Source, layout: Layout, lemma: str) -> list[tuple[Source, list[str]]]:
    """The rule's source and versions of it without trailing modifiers ("Trump, speaking to
    veterans," -> "Trump"; "Del. Stacey Plaskett of the Virgin Islands" -> "Del. Stacey
    Plaskett"), each with and without a closing comma, with features naming the cuts."""
    doc, text = layout.doc, layout.text
    tokens = sorted(source.tokens)
    if len(tokens) <= 1:
        return [(source, ["src=single"])]
    lo, hi = tokens[0], tokens[-1]
    cuts: list[tuple[int, Token]] = []
    node = source.head if lo <= source.head.i <= hi else doc[hi]
    for _ in range(8):
        rights = [c for c in node.rights if c.left_edge.i >= lo and c.right_edge.i <= hi and not c.is_punct]
        if not rights:
            break
        cuts += [(c.left_edge.i, c) for c in rights if c.left_edge.i > lo]
        node = rights[-1]
    shapes: list[tuple[list[int], list[str]]] = [(tokens, ["src=uncut"])]
    for cut, child in cuts[-MAX_SOURCE_CUTS:]:
        kept = [i for i in tokens if i < cut]
        while kept and (doc[kept[-1]].is_punct or doc[kept[-1]].is_space or doc[kept[-1]].dep_ == "cc"):
            kept.pop()
        if kept:
            first = doc[child.left_edge.i]
            clause = "verb" if child.pos_ in ("VERB", "AUX") else "phrase"
            shapes.append((kept, [f"src_cut={child.dep_}", f"src_cut={child.dep_}|w={_source_word(first)}", f"src_cut={child.dep_}|{clause}"]))
    first = doc[lo]
    if first.dep_ in LEADING_FOCUS_DEPS and first.head.i != lo and lo < first.head.i <= hi:
        # "Even China, Pyongyang's only ally, said": the focus word is not the speaker's name
        shapes += [([i for i in kept if i != lo], feats + ["src_left=" + first.dep_, "src_left_w=" + first.lower_]) for kept, feats in list(shapes)]
    out = []
    for kept, feats in shapes:
        if not kept:
            continue
        start, end = layout.token_range([doc[i] for i in kept])
        if end <= start:
            continue
        inner_comma = "," in text[start:end]
        base = feats + [f"L={lemma}|" + feats[0], "comma_inside" if inner_comma else "no_comma_inside", f"src_len={min(len(kept), 8)}"]
        variant = Source(start, end, source.head, frozenset(i for i in kept if start <= doc[i].idx < end), source.inherited, source.tokens)
        out.append((variant, base + ["no_closing_comma"]))
        if text[end : end + 1] == ",":
            comma = Source(start, end + 1, source.head, variant.tokens | {doc[kept[-1]].i + 1}, source.inherited, source.tokens)
            out.append((comma, base + ["closing_comma", "closing_comma|" + ("comma_inside" if inner_comma else "no_comma_inside")]))
    return out
