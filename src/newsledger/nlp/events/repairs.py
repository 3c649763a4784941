"""Repairs of known misparses of the small English model that leave an act without its doer.

Each repair names one failure of ``en_core_web_sm`` seen on real news text
(PLOVER audit set, PolNeAR, ECB+) and gives back what the sentence says,
reading the parse only; the repaired participants go through the same actor
resolution as any other. Used by the event coder (``events.coder``) and by
the speech acts (``events.speech``: the speaker of a reporting verb in such a list).

* a headline verb after a name read as a plural noun, or hung on the next
  line's verb, with the name as its compound ("U.N. presses for ceasefire;");
* a possessive marker the parser left on a preposition's object ("clashes
  over student's shooting"), so the event noun after it has no possessive;
* a protest participle on its noun ("protesting nurses"), also when the
  parser made it a clausal subject;
* a list of finite verbs sharing one subject ("X described Y as reckless,
  denounced his record and said ..."), the first read as a clause of the second.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from spacy.tokens import Doc, Token

from newsledger.nlp.text import per_sentence

TITLE_CASE_SHARE = 0.8
SENTENCE_ENDS = {".", "!", "?", '"', "”", "’", "'", ")"}


# doc -> {(start, end) of a sentence or line: whether it reads as a headline} (weak: goes with the doc)
_HEADLINE_LIKE: "WeakKeyDictionary[Doc, dict[tuple[int, int], bool]]" = WeakKeyDictionary()


def headline_like(sent) -> bool:
    """A headline, not prose: most longer words capitalised, or no closing punctuation.

    Answered once per sentence (or line) of a doc: the event rules ask it of
    a token's sentence for every candidate noun and name (12,645 calls for
    about 4,000 sentences of the 378 real reports of
    ``benchmarks/check_same_output.py``), and our components never change a
    parse, so the answer cannot change.
    """
    return per_sentence(_HEADLINE_LIKE, sent, _headline_like)


def _headline_like(sent) -> bool:
    words = [t for t in sent if t.is_alpha and len(t) >= 4]
    if words and sum(t.is_title or t.is_upper for t in words) >= TITLE_CASE_SHARE * len(words):
        return True
    last = next((t for t in reversed(sent) if not t.is_space), None)
    return last is not None and last.text not in SENTENCE_ENDS


# Conditions only a verb's own complements meet ("presses *for*", "steps *down*"): a noun read as a
# headline verb must meet one ("Trump rallies in Ohio" meets none and stays a noun).
VERB_FRAME_CONDITIONS = {"prep", "particle", "obj", "prep_obj", "obj_kind", "prep_obj_kind", "xcomp", "transitive"}
# Parts of speech a name subject of a headline verb may have: "U.N. presses for ceasefire".
NAME_POS = {"PROPN"}


def headline_verb_as_noun(tok: Token) -> bool:
    """"U.S. presses for ceasefire in Yemen": in an unpunctuated headline the tagger reads a verb
    after a name as a plural noun (ROOT, the name its compound), so the act has no verb and no subject.

    Only the root of a headline line, a plural ``-s`` form, with nothing on its left but the
    name(s) it was given as compounds; only senses with conditions are tried on it ("presses
    *for*"), so a noun-phrase headline ("Trump rallies in Ohio") is not read as a protest.
    """
    return tok.tag_ == "NNS" and _name_compound_root(tok)


def _name_compound_root(tok: Token) -> bool:
    """The root of a headline line, a ``-s`` form whose only left dependents are names hung on it as
    compounds ("U.N. presses for ceasefire": tagged a verb or a plural noun, the name never its subject)."""
    if not tok.lower_.endswith("s") or not _line_root(tok) or not headline_like(_line_of(tok)):
        return False
    left = [c for c in tok.children if c.i < tok.i]
    return bool(left) and all(c.dep_ == "compound" and c.pos_ in NAME_POS for c in left)


def _line_root(tok: Token) -> bool:
    """The root of its sentence, or of its line when the parser hung it on a word of the next line
    (a headline and its deck split by a single line break are parsed as one sentence)."""
    if tok.dep_ == "ROOT":
        return True
    return tok.head.i > tok.i and _new_line_between(tok, tok.head)


def _new_line_between(tok: Token, later: Token) -> bool:
    """A line break between the two, after which a capitalised word opens a new line (not a
    hard-wrapped sentence going on in lower case), and ``tok``'s line reads as a headline."""
    for t in tok.doc[tok.i:later.i]:
        if t.is_space and "\n" in t.text and t.i + 1 < len(t.doc):
            return t.nbor().is_title and headline_like(_line_of(tok))
    return False


def _line_of(tok: Token):
    """The tokens of ``tok``'s sentence on its own line."""
    sent = tok.sent
    start = next((t.i + 1 for t in reversed(sent[: tok.i - sent.start]) if t.is_space and "\n" in t.text), sent.start)
    end = next((t.i for t in sent[tok.i - sent.start:] if t.is_space and "\n" in t.text), sent.end)
    return tok.doc[start:end]


def headline_name_subjects(tok: Token) -> list[Token]:
    """The names the parser hung as compounds on a headline verb: its subject."""
    return [c for c in tok.children if c.i < tok.i and c.dep_ == "compound"] if _name_compound_root(tok) else []


def stranded_possessor(noun: Token) -> Token | None:
    """"clashes over student's shooting": the parser left "student" as the preposition's object
    and "'s" as its case marker, so the event noun after it has no possessive.

    The word right before the possessive marker, itself right before the noun (or before the
    noun's adjectives), when the noun has no possessive of its own.
    """
    if any(c.dep_ == "poss" for c in noun.children):
        return None
    i = noun.i - 1
    while i > noun.sent.start and noun.doc[i].dep_ == "amod" and noun.doc[i].head == noun:
        i -= 1
    marker = noun.doc[i] if i > noun.sent.start else None
    if marker is None or marker.tag_ != "POS":
        return None
    owner = marker.head
    if owner.i != marker.i - 1 or owner.dep_ == "poss" or owner.pos_ not in ("NOUN", "PROPN"):
        return None
    return owner


def participle_on_subject(tok: Token) -> Token | None:
    """"protesting delegates still made noise": the parser made the participle a
    clausal subject and the noun after it the subject of the same verb. A verb has one subject:
    the participle modifies the noun, which names who does the act (the noun returned)."""
    if tok.dep_ != "csubj" or tok.tag_ != "VBG" or any(True for _ in tok.children):
        return None
    nxt = tok.nbor() if tok.i + 1 < len(tok.doc) else None
    if nxt is None or nxt.dep_ != "nsubj" or nxt.head != tok.head or nxt.pos_ != "NOUN":
        return None
    return nxt


LIST_GAP = {",", "”", "'", '"', "’"}
# how the parser hangs the first verb of such a list on the second: an adverbial clause, or a
# complement (the clause read as the content of the second verb)
LIST_CLAUSE_DEPS = ("advcl", "ccomp")


def list_subject(tok: Token) -> Token | None:
    """"Sanders described Bloomberg as reckless, denounced his record and said ...": a list of finite
    verbs sharing one subject, which the parser read as a clause before the main verb (an adverbial
    clause with no conjunction, or a complement) and gave the subject to. A real adverbial clause has its
    conjunction ("After he left, ...") or is a participle ("Speaking at ..., she denounced")."""
    if tok.tag_ != "VBD" or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children):
        return None
    for c in tok.children:
        unmarked = not any(m.dep_ == "mark" for m in c.children)
        if c.dep_ in LIST_CLAUSE_DEPS and c.i < tok.i and c.tag_ == "VBD" and unmarked:
            subject = next((s for s in c.children if s.dep_ == "nsubj"), None)
            if subject is not None and _between_is_list(c, tok):
                return subject
    return None


def _between_is_list(first: Token, verb: Token) -> bool:
    """Only a comma (and closing quote marks) stands between the clause's last word and the verb."""
    last = max(t.i for t in first.subtree)
    gap = [t.text for t in verb.doc[last + 1:verb.i]]
    return "," in gap and all(t in LIST_GAP for t in gap)


def protesters_of_participle(tok: Token) -> Token | None:
    """"protesting delegates", "striking workers": the noun a protest participle modifies protests
    (the one participle the coder's ``_adjectival`` lets through), as does the noun after a participle the
    parser made a clausal subject."""
    if tok.dep_ == "amod" and tok.tag_ == "VBG" and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head
    return participle_on_subject(tok)



LINE_NEGATORS = {"not", "never", "n't", "no"}
LINE_FUTURE_AUX = {"will", "shall"}
LINE_HYPOTHETICAL_AUX = {"would", "could", "may", "might", "should"}


def head_on_other_line(tok: Token) -> bool:
    """A headline verb the parser hung on a word of the next line ("U.S. presses for ceasefire;" over
    "May and Macron fail to ..."): the other line's verb does not govern it."""
    return tok.dep_ != "ROOT" and _line_root(tok)


def own_line_modality(tok: Token) -> str:
    """Modality from the verb's own negation and auxiliaries only (its head is another line's)."""
    words = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass", "neg")}
    if words & LINE_NEGATORS:
        return "negated"
    if words & LINE_HYPOTHETICAL_AUX:
        return "hypothetical"
    return "future" if words & LINE_FUTURE_AUX else "asserted"


def split_headlines(lines: list) -> list[tuple]:
    """Headlines broken over two lines: a subject line with no verb ("Riverside Gang Member")
    right before a line opening with a past participle ("Charged with Killing Store Clerk").

    Parsed apart, the act has no one it was done to; the pair is coded as one headline.
    Returns (first line, second line, both lines as one span) for each such pair of title-case lines.
    """
    out = []
    for first, second in zip(lines, lines[1:]):
        words = [t for t in second if not t.is_space]
        between = first.doc[first.end:second.start]
        if (words and all(t.is_space for t in between) and _verbless(first)
                and words[0].lower_.endswith(PARTICIPLE_ENDINGS) and words[0].is_title):
            out.append((first, second, first.doc[first.start:second.end]))
    return out


# "Charged", "Arrested", "Sentenced": a headline line opening with a regular past participle
PARTICIPLE_ENDINGS = ("ed",)


def _verbless(line) -> bool:
    """A line naming someone, not telling anything: no verb, auxiliary or sentence punctuation."""
    return not any(t.pos_ in ("VERB", "AUX") or t.text in SENTENCE_ENDS for t in line)
