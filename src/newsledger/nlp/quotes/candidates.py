"""Candidate content and source spans around a cue, each with the features the rankers score.

The parse offers a handful of plausible spans for what a cue introduces: a
clausal complement, an object ("called the plan a disaster" -> "the plan a
disaster"), an infinitive, the clause a parenthetical cue interrupts
("The truth, he said, was ..."), the quotation next to the cue. Each base span
also comes in trimmed variants: without a trailing relative clause,
apposition or adverbial ("..., who took heat for it"), without a leading
connective ("But ..."), with or without the final period. The learned ranker
(``ranker.py``) picks one; the features name how a candidate was made, never
which words it holds, apart from the cue's lemma.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Token

from newsledger.nlp.quotes.layout import Layout, token_end

# dependents of a cue that are never what was said
NOT_CONTENT_DEPS = {
    "nsubj", "nsubjpass", "csubj", "csubjpass", "expl", "aux", "auxpass", "neg", "punct",
    "cc", "prt", "agent", "mark", "case", "det", "poss", "predet", "dative",
}
# trailing modifiers tried per span: the outermost and the innermost ones
MAX_RIGHT_CUTS = 8
MAX_LEFT_CUTS = 3
QUOTE_GAP = 60  # characters between a cue clause and a quotation it introduces
LEN_BUCKETS = (1, 2, 3, 5, 8, 13, 21, 34, 55)
# tokens that end a sentence
SENTENCE_MARKS = {".", "!", "?", "...", "…"}
# prepositions whose object is often what was said ("called for", "warned of", "described as")
CONTENT_PREPS = {"for", "to", "about", "of", "on", "against", "as", "with", "over", "that"}
# complements that, with the subject, make what a raising or passive verb attributes
# ("Pigs are considered | unclean", "X was lambasted | as mainstream"; xcomp has its own base)
SUBJECT_COMPLEMENTS = {"oprd", "prep", "acomp", "attr", "ccomp", "dobj"}
# right dependents that end the run of a verb's complements ("offered the man a job, then says ...")
NOT_IN_RIGHTS = {"punct", "cc", "conj", "prt", "neg", "aux", "auxpass", "mark", "parataxis"}
MAX_CHAIN = 3  # preposition-object links followed below an object ("a range of positions on | X")


@dataclass
class Candidate:
    """A possible span (one or more character pieces) with the features that describe how it was made."""

    pieces: tuple[tuple[int, int], ...]
    feats: list[str] = field(default_factory=list)
    score: float = 0.0
    holds_subject: bool = False  # the subject is part of what is attributed ("X seems | to ...": no source)
    quoted: bool = False  # opens or closes with a quotation mark
    verbal: bool = False  # holds a verb
    nested_cue: bool = False  # holds another attribution of the same clause (set by the finder in speech mode)

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


def _bucket(n: int) -> str:
    for b in LEN_BUCKETS:
        if n <= b:
            return str(b)
    return "more"


def _runs(indices: list[int], space: list[bool]) -> list[list[int]]:
    """Split sorted token indices into contiguous runs (whitespace tokens do not break a run)."""
    runs: list[list[int]] = []
    for i in indices:
        if runs and all(space[k] for k in range(runs[-1][-1] + 1, i)):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _strip_edges(run: list[int], droppable: list[bool], lower: list[str] | None = None) -> list[int]:
    """Drop leading/trailing punctuation (quote marks stay), whitespace and conjunctions;
    with the tokens' ``lower`` texts, a closing mark the span needs stays (``_needed_close``)."""
    lo, hi = 0, len(run)
    while lo < hi and droppable[run[lo]]:
        lo += 1
    while hi > lo and droppable[run[hi - 1]] and not (lower and _needed_close(run, lo, hi, lower)):
        hi -= 1
    return run[lo:hi]


def _needed_close(run: list[int], lo: int, hi: int, lower: list[str]) -> bool:
    """A last token that belongs to the words before it: a percent sign ("with just 22%") or a
    parenthesis closing one the span opened ("Rep. John Culberson (R-TX)"). PolNeAR train: 33 gold
    contents ended so with no candidate ending there (25 parentheses, 8 percent signs)."""
    last = lower[run[hi - 1]]
    if last == "%":
        return True
    return last == ")" and any(lower[k] == "(" for k in run[lo : hi - 1])


def _subtree(tok: Token) -> set[int]:
    """Token indices of ``tok``'s subtree (contiguous in a projective parse)."""
    return set(range(tok.left_edge.i, tok.right_edge.i + 1))


def _root_of(indices: set[int], doc) -> Token:
    """The first token of ``indices`` whose head lies outside them."""
    for i in sorted(indices):
        if doc[i].head.i not in indices or doc[i].head.i == i:
            return doc[i]
    return doc[min(indices)]


def _word_class(tok: Token) -> str:
    """A token as a feature value: punctuation and function words as themselves, others by tag."""
    if tok.is_punct or tok.is_space:
        return "P" + tok.text.strip()[:2]
    if tok.is_stop:
        return tok.lower_
    return tok.tag_


class ContentCandidates:
    """Builds content candidates for the cues of one document."""

    def __init__(self, layout: Layout, blocked: set[int], cues: set[int] = frozenset(), stance_shapes: bool = False):
        self.layout = layout
        # the content shapes of stance, raising and passive cues (``_subject_contents``,
        # ``_all_rights``, ``_object_chains``): the all-attributions mode only, where the
        # stance model finds such cues; the ledger's speech mode keeps its candidates
        self.stance_shapes = stance_shapes
        self.doc = layout.doc
        self.blocked = blocked  # token indices never inside a content (datelines, other "according to" phrases)
        self._modifiers: dict[int, tuple[str, str, str]] = {}
        self._shapes: dict[tuple, tuple] = {}
        # speech cues of the document: a content holding one outside quotation marks is
        # usually someone else's attribution ("Interfax is reporting ..., according to X")
        self._cues_before = [0]
        for i in range(len(layout.doc)):
            self._cues_before.append(self._cues_before[-1] + (i in cues))

    def _holds_cue(self, first: int, last: int) -> bool:
        return self._cues_before[last + 1] > self._cues_before[first]

    # ---- piece helpers ----------------------------------------------------------
    def _pieces(self, runs: list[list[int]]) -> tuple[tuple[int, int], ...]:
        tt = self.layout.tok
        return tuple((tt.idx[run[0]], tt.end[run[-1]]) for run in runs if run and tt.end[run[-1]] > tt.idx[run[0]])

    def _variants(self, base: str, tokens: set[int], root: Token, feats: list[str]) -> list[Candidate]:
        """The base span and its trimmed variants (right/left spine cuts, final period, quote widening)."""
        doc = self.doc
        tt = self.layout.tok
        indices = sorted(i for i in tokens if i not in self.blocked)
        runs = [r for r in (_strip_edges(r, tt.droppable, tt.lower) for r in _runs(indices, tt.space)) if r]
        if not runs:
            return []
        out: list[Candidate] = []
        right_cuts = self._right_cuts(runs[-1], root)
        left_cuts = self._left_cuts(runs, root)
        shapes: list[tuple[list[list[int]], list[str]]] = [(runs, self._kept_tail(right_cuts, None))]
        for k, (cut, child) in enumerate(right_cuts):
            last = _strip_edges([i for i in runs[-1] if i < cut], tt.droppable, tt.lower)
            if last:
                shapes.append((runs[:-1] + [last], self._cut_right(child) + self._kept_tail(right_cuts, k)))
        for cut, child in left_cuts:
            kept = [r for r in (_strip_edges([i for i in run if i > cut], tt.droppable, tt.lower) for run in runs) if r]
            if kept:
                left = self._cut_left(child)
                shapes.append((kept, left + self._kept_tail(right_cuts, None)))
                for k, (rcut, rchild) in list(enumerate(right_cuts))[-2:]:
                    last = _strip_edges([i for i in kept[-1] if i < rcut], tt.droppable, tt.lower)
                    if last:
                        shapes.append((kept[:-1] + [last], left + self._cut_right(rchild) + self._kept_tail(right_cuts, k)))
        for shape, ops in shapes:
            pieces = self._pieces(shape)
            if not pieces:
                continue
            n_tok = sum(len(r) for r in shape)
            cuts = [op for op in ops if op.startswith("cut_")]
            ops = ops + [f"b={base}|{op}" for op in cuts if "|" not in op] + [op + "|" + self._comma_before(shape, op) for op in cuts if op.startswith("cut_r=") and "|" not in op]
            if not cuts:
                ops += ["uncut", f"b={base}|uncut"]
            common = feats + ops + self._shape_feats(shape, base, n_tok)
            flags = {
                "quoted": tt.quote[shape[0][0]] or tt.quote[shape[-1][-1]],
                "verbal": any(tt.has_verb(r[0], r[-1]) for r in shape),
            }
            out.append(Candidate(pieces, common, **flags))
            nxt = shape[-1][-1] + 1
            if nxt < len(doc) and tt.lower[nxt] in (".", "?", "!"):
                end = tt.end[nxt]
                while end < len(self.layout.text) and self.layout.text[end] in "”\"'’":
                    end += 1
                out.append(Candidate(pieces[:-1] + ((pieces[-1][0], end),), common + ["period"], **flags))
            widened = self._widened(pieces)
            if widened != pieces:
                out.append(Candidate(widened, common + ["widened"], **dict(flags, quoted=True)))
        return out

    def _comma_before(self, shape: list[list[int]], op: str) -> str:
        """Whether the cut-off part started after a comma or dash (a non-restrictive modifier)."""
        nxt = shape[-1][-1] + 1
        return "comma" if nxt < len(self.doc) and self.layout.tok.lower[nxt] in (",", "—", "–", "--", "-", "(") else "tight"

    def _widened(self, pieces):
        out = []
        for start, end in pieces:
            (s, e), _ = self.layout.widen_to_quotes(start, end)
            out.append((s, e))
        return tuple(out)

    def _modifier(self, child: Token) -> tuple[str, str, str]:
        """(relation, first word class, clause/verb/phrase) of a modifier, computed once per token."""
        got = self._modifiers.get(child.i)
        if got is None:
            clause = "clause" if any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children) else ("verb" if child.pos_ in ("VERB", "AUX") else "phrase")
            got = self._modifiers[child.i] = (child.dep_, self.layout.tok.word[child.left_edge.i], clause)
        return got

    def _cut_right(self, child: Token) -> list[str]:
        """Features of a trailing modifier cut off: its relation, first word, whether it is a clause."""
        dep, word, clause = self._modifier(child)
        return ["cut_r=" + dep, f"cut_r={dep}|w={word}", f"cut_r={dep}|{clause}", f"cut_r_w={word}"]

    def _cut_left(self, child: Token) -> list[str]:
        dep, word, _ = self._modifier(child)
        return ["cut_l=" + dep, f"cut_l={dep}|w={word}"]

    def _kept_tail(self, cuts: list[tuple[int, Token]], applied: int | None) -> list[str]:
        """The last trailing modifier a span keeps (what could have been cut and was not)."""
        kept = cuts if applied is None else cuts[:applied]
        if not kept:
            return ["keep_r=none"]
        dep, word, clause = self._modifier(kept[-1][1])
        return [f"keep_r={dep}|w={word}", f"keep_r={dep}|{clause}"]

    def _right_cuts(self, run: list[int], root: Token) -> list[tuple[int, Token]]:
        """Where each trailing modifier on the span's right spine starts, and its head."""
        lo, hi = run[0], run[-1]
        cuts: list[tuple[int, Token]] = []
        node = root if lo <= root.i <= hi else self.doc[hi]
        seen = 0
        while seen < 12:
            seen += 1
            rights = [c for c in node.rights if c.left_edge.i >= lo and c.right_edge.i <= hi and not c.is_punct]
            if not rights:
                break
            for child in rights:
                if child.left_edge.i > lo:
                    cuts.append((child.left_edge.i, child))
            node = rights[-1]
        if len(cuts) > MAX_RIGHT_CUTS:
            cuts = cuts[: MAX_RIGHT_CUTS // 2] + cuts[-(MAX_RIGHT_CUTS // 2) :]
        return cuts

    def _left_cuts(self, runs: list[list[int]], root: Token) -> list[tuple[int, Token]]:
        """Token indices ending a leading piece (connective, fronted adverbial, "that", "which")."""
        lo, hi = runs[0][0], runs[-1][-1]
        if not lo <= root.i <= hi:
            return []
        lefts = [c for c in root.lefts if c.left_edge.i >= lo and not c.is_punct]
        return [(c.right_edge.i, c) for c in lefts if c.right_edge.i < hi][:MAX_LEFT_CUTS]

    def _shape_feats(self, shape: list[list[int]], base: str, n_tok: int) -> list[str]:
        key = (shape[0][0], shape[-1][-1], len(shape), n_tok)
        generic = self._shapes.get(key)
        if generic is None:
            generic = self._shapes[key] = self._generic_shape_feats(shape, n_tok)
        bucket, first_word, nxt, holds = generic[0]
        feats = generic[1] + ["b=" + base + "|len=" + bucket, "b=" + base + "|first=" + first_word, "b=" + base + "|next=" + nxt]
        if holds:
            feats.append("b=" + base + "|holds_cue")
        return feats

    def _generic_shape_feats(self, shape: list[list[int]], n_tok: int) -> tuple[tuple[str, str, str, bool], list[str]]:
        """Features of a span's shape that do not depend on how it was found (cached per span)."""
        tt = self.layout.tok
        first, last = shape[0][0], shape[-1][-1]
        s_start, s_end = self.layout.sent_start[first], self.layout.sent_end[first]
        bucket = _bucket(n_tok)
        first_word = tt.lower[first] if (tt.space[first] or tt.punct[first] or tt.word[first] == tt.lower[first]) else tt.pos[first]
        nxt = tt.word[last + 1] if last + 1 < s_end else "EOS"
        prev = tt.word[first - 1] if first > s_start else "BOS"
        feats = [
            "len=" + bucket,
            "pieces=" + str(min(len(shape), 3)),
            "first=" + first_word,
            "last=" + (tt.lower[last] if tt.punct[last] else tt.pos[last]),
            "next=" + nxt,
            "prev=" + prev,
        ]
        if all(tt.punct[k] or tt.space[k] for k in range(s_start, first)):
            feats.append("sent_start")
        if all(tt.punct[k] or tt.space[k] for k in range(last + 1, s_end)):
            feats.append("sent_end")
        if any(tt.has_verb(r[0], r[-1]) for r in shape):
            feats.append("has_verb")
        holds = any(self._holds_cue(r[0], r[-1]) for r in shape)
        if holds:
            feats.append("holds_cue")
        if tt.quote[first]:
            feats.append("opens_quote")
        if tt.quote[last]:
            feats.append("closes_quote")
        return (bucket, first_word, nxt, holds), feats

    # ---- bases ------------------------------------------------------------------
    def for_cue(self, verb: Token, cue: tuple[int, int], source_tokens: set[int], lemma: str, model=None, beam: int = 0) -> list[Candidate]:
        """Candidate contents for the cue whose head is ``verb``: every one, or with ``model``
        and ``beam``, the variants of the ``beam`` bases whose own features score best
        (a base's variants share its features, so a poor base rarely has the best variant;
        measured on PolNeAR dev: a beam of 4 changes no score by more than 0.1)."""
        doc = self.doc
        s_start, s_end = self.layout.sent_of(verb)
        cue_tokens = {t.i for t in doc[s_start:s_end] if cue[0] <= t.idx < cue[1]}
        avoid = cue_tokens | source_tokens
        lex = "L=" + lemma
        pending: list[tuple[str, set[int], Token, list[str], bool]] = []

        def add(base: str, tokens: set[int], root: Token, extra: tuple[str, ...] = (), subject: bool = False):
            tokens = tokens - (cue_tokens if subject else avoid)
            if not tokens:
                return
            feats = ["b=" + base, lex + "|b=" + base, "vdep=" + verb.dep_ + "|b=" + base, *extra]
            pending.append((base, tokens, root, feats, subject))

        children = [c for c in verb.children if c.dep_ not in NOT_CONTENT_DEPS]
        rights = [c for c in children if c.i > verb.i and c.i not in cue_tokens]

        def sibling_after(child: Token) -> tuple[str, ...]:
            later = [c for c in rights if c.i > child.i]
            if not later:
                return ("sib_next=none",)
            nxt = later[0]
            return (f"sib_next={nxt.dep_}|w={_word_class(doc[nxt.left_edge.i])}", f"sib_next={nxt.dep_}")

        for child in children:
            if child.i not in cue_tokens:
                add("child:" + child.dep_, _subtree(child), child, sibling_after(child) if child.i > verb.i else ())
            if child.dep_ == "prep":
                for pobj in child.children:
                    if pobj.dep_ in ("pobj", "pcomp"):
                        prep = child.lower_ if child.lower_ in CONTENT_PREPS else "other"
                        extra = ("prep_in_cue",) if child.i in cue_tokens else ()
                        add("pobj:" + prep, _subtree(pobj), pobj, extra + sibling_after(child))
        for obj in (c for c in children if c.dep_ in ("dobj", "xcomp") and c.i > verb.i):
            # light verbs: "expressed concern about | X", "used blunt language to denounce | X",
            # "highlighted his message | that X": the cue runs through the object
            for grand in obj.children:
                if grand.i < obj.i:
                    continue
                if grand.dep_ == "prep":
                    for pobj in (g for g in grand.children if g.dep_ in ("pobj", "pcomp")):
                        add(f"obj_pobj:{obj.dep_}", _subtree(pobj), pobj, (f"obj_prep={grand.lower_ if grand.lower_ in CONTENT_PREPS else 'other'}",))
                elif grand.dep_ in ("acl", "ccomp", "relcl", "xcomp", "dobj"):
                    add(f"obj_{grand.dep_}:{obj.dep_}", _subtree(grand), grand)
        for a in range(len(rights)):
            for b in range(a + 1, min(a + 3, len(rights))):
                group = set(range(rights[a].left_edge.i, rights[b].right_edge.i + 1))
                last = rights[b]
                extra = (f"grp_last={last.dep_}|w={_word_class(doc[last.left_edge.i])}",) + sibling_after(last)
                name = "group:" + "+".join(c.dep_ for c in rights[a : b + 1])
                add(name, group, rights[a], extra)
                if rights[a].dep_ == "prep":
                    # "called on | people to protest": the preposition joins the cue
                    add(name + ":no_prep", group - {rights[a].i}, rights[a], extra)
        if verb.head.i != verb.i:
            head = verb.head
            own = _subtree(verb)
            rest = {i for i in _subtree(head) if s_start <= i < s_end} - own
            add("head:" + verb.dep_, rest, head)
            before = {i for i in rest if i < verb.left_edge.i}
            after = {i for i in rest if i > verb.right_edge.i}
            if before and after:
                add("head_before:" + verb.dep_, before, head)
                add("head_after:" + verb.dep_, after, head)
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        complements = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i]
        if subjects and complements:
            # "X seems | to ...": the subject is part of what is attributed
            raised = _subtree(subjects[0]) | _subtree(complements[0])
            add("subj+xcomp", raised, complements[0], ("subj=" + (subjects[0].ent_type_ or subjects[0].pos_),), subject=True)
        if self.stance_shapes:
            self._subject_contents(verb, source_tokens, add)
            self._all_rights(verb, cue_tokens, add)
            self._object_chains(rights, cue_tokens, add)
        self._parenthetical(verb, cue_tokens | source_tokens, s_start, s_end, add)
        own = _subtree(verb)
        outside = {i for i in range(s_start, s_end) if i not in own}
        if outside:
            root = next((doc[i] for i in range(s_start, s_end) if doc[i].head.i == i), doc[s_start])
            add("sent_rest", outside, root)
        if model is not None and beam and len(pending) > beam:
            pending = sorted(pending, key=lambda p: -model.score(p[3]))[:beam]
        out: list[Candidate] = []
        for base, tokens, root, feats, subject in pending:
            made = self._variants(base, tokens, root, feats)
            for cand in made:
                cand.holds_subject = subject
            out.extend(made)
        out.extend(self._quote_candidates(verb, cue, source_tokens, lex))
        return out

    @staticmethod
    def _subject_contents(verb: Token, source_tokens: set[int], add) -> None:
        """The subject as (part of) what is attributed: alone ("O'Malley's move | was first
        reported", "all these scenarios | were moving through my mind") or with a complement
        ("Pigs are considered | unclean", "who was lambasted | as mainstream"). PolNeAR train,
        gold cues whose gold content no candidate had (out of 5,789 stance cues, 1,549 missed):
        the subject alone for 170 stance cues (and about 150 of other kinds), subject and
        complement for 50. A subject that is also the source leaves no source (``holds_subject``)."""
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i]
        if not subjects:
            return
        subj = subjects[0]
        own = _subtree(subj)
        is_source = bool(own & source_tokens)
        kind = ("subj_dep=" + subj.dep_, "subj_src=" + str(is_source))
        add("subject", own, subj, kind, subject=is_source)
        for comp in verb.children:
            if comp.i > verb.i and comp.dep_ in SUBJECT_COMPLEMENTS:
                add("subj+" + comp.dep_, own | _subtree(comp), comp, kind, subject=is_source)

    @staticmethod
    def _all_rights(verb: Token, cue_tokens: set[int], add) -> None:
        """Every complement after the verb, an indirect object included ("offered | the man a
        job as Secretary of Defense"): the pair and triple groups stop at three and never take
        a dative. Only added when it differs from those (PolNeAR train: 30 stance cues whose
        gold content is the verb's whole right side without a candidate)."""
        kept = [c for c in verb.children if c.i > verb.i and c.dep_ not in NOT_IN_RIGHTS and c.i not in cue_tokens]
        end = next((c.i for c in kept if c.dep_ in ("advcl", "relcl")), None)
        kept = [c for c in kept if end is None or c.i < end]
        if len(kept) < 2 or (len(kept) <= 3 and not any(c.dep_ == "dative" for c in kept)):
            return
        tokens = set(range(kept[0].left_edge.i, kept[-1].right_edge.i + 1))
        add("rights", tokens, kept[0], ("rights_n=" + str(min(len(kept), 5)),))

    @staticmethod
    def _object_chains(rights: list[Token], cue_tokens: set[int], add) -> None:
        """The object of a preposition deeper below the verb's object or preposition, where the
        annotator folded the words above it into the cue ("stake out a range of positions on |
        education issues", "ratcheting up his critique of | his opponents"). The first link is
        the existing ``pobj``/``obj_pobj`` base; this follows up to ``MAX_CHAIN`` more. PolNeAR
        train: about 45 stance cues' gold content is such an object (prep>pobj>prep>pobj and
        dobj>prep>pobj>prep>pobj paths) with no candidate."""
        for child in rights:
            if child.dep_ not in ("dobj", "prep"):
                continue
            frontier = [g for g in child.children if g.dep_ in ("pobj", "pcomp")] if child.dep_ == "prep" else [child]
            for depth in range(1, MAX_CHAIN + 2):
                nxt = []
                for node in frontier:
                    for prep in node.children:
                        if prep.dep_ != "prep" or prep.i < node.i:
                            continue
                        for pobj in prep.children:
                            if pobj.dep_ in ("pobj", "pcomp"):
                                nxt.append(pobj)
                                if depth > 1 or child.dep_ == "prep":
                                    word = prep.lower_ if prep.lower_ in CONTENT_PREPS else "other"
                                    add(f"chain:{child.dep_}", _subtree(pobj), pobj, (f"chain_prep={word}", f"chain_depth={depth}"))
                frontier = nxt
                if not frontier:
                    break

    @staticmethod
    def _relative_clause_verb(verb: Token) -> bool:
        """ "the White House, which usually says very little, called it ...": a relative
        clause set off by commas describes its noun; it does not attribute the sentence."""
        return verb.dep_ == "relcl" and any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WP", "WDT") for c in verb.children)

    def _parenthetical(self, verb: Token, clause: set[int], s_start: int, s_end: int, add) -> None:
        """ "The leaders discussed X, the Kremlin reports, as well as Y": a cue clause set off
        by commas inside the sentence it attributes; the words before it, or before and after it."""
        if not clause or self._relative_clause_verb(verb):
            return
        tt, doc = self.layout.tok, self.doc
        left, right = min(clause), max(clause)
        # the clause with the verb's own modifiers ("the agency said in a June report,")
        if verb.right_edge.i + 1 < s_end and tt.lower[verb.right_edge.i + 1] == "," and verb.left_edge.i >= left - 1:
            right = max(right, verb.right_edge.i)
        if left - 1 <= s_start or tt.lower[left - 1] not in (",", "—", "--", "–"):
            return
        before = set(range(s_start, left - 1))
        add("paren_before", before, _root_of(before, doc))
        if right + 2 < s_end and tt.lower[right + 1] == ",":
            around = before | set(range(right + 2, s_end))
            add("paren_around", around, _root_of(around, doc))

    def _quote_candidates(self, verb: Token, cue: tuple[int, int], source_tokens: set[int], lex: str) -> list[Candidate]:
        """Quotations beside the cue clause: before it, after it, or both when it interrupts one."""
        doc, text = self.doc, self.layout.text
        s_start, s_end = self.layout.sent_of(verb)
        clause = [doc[i] for i in source_tokens] + [t for t in doc[s_start:s_end] if cue[0] <= t.idx < cue[1]]
        taken = {t.i for t in clause}
        left = min(t.idx for t in clause) if clause else cue[0]
        right = max(token_end(t) for t in clause) if clause else cue[1]
        para = self.layout.para_of(cue[0])

        def clean(a: int, b: int) -> bool:
            """Nothing between the clause and the quotation but words of no other clause:
            no line or sentence break, no verb ("the White House, which usually says very
            little, called it a “significant start”": the quotation is what it was called)."""
            gap = text[a:b]
            if "\n" in gap:
                return False
            tt = self.layout.tok
            if any(tt.lower[k] in SENTENCE_MARKS for k in range(bisect_left(tt.idx, a), bisect_left(tt.idx, b))):
                return False  # a sentence ends between them (an abbreviation's period does not: "in Raleigh, N.C.,")
            inside = [t.i for t in doc[s_start:s_end] if a <= t.idx < b and t.i not in taken]
            return not any(self.layout.tok.verbal[i] for i in inside)

        segs = [s for s in self.layout.segments if para[0] <= s.start < para[1]]
        before = [s for s in segs if s.end <= left and left - s.end <= QUOTE_GAP and clean(s.end, left)]
        after = [s for s in segs if s.start >= right and s.start - right <= QUOTE_GAP and clean(right, s.start)]
        out = []
        following = self.layout.quotes_after_paragraph(right)
        block = None if following else self.layout.paragraph_after_colon(right)
        if following:
            out.append(Candidate(tuple((s.start, s.end) for s in following), ["b=next_para", lex + "|b=next_para"], quoted=True))
        elif block is not None:
            out.append(Candidate((block,), ["b=next_para", lex + "|b=next_para"], verbal=True))
        if before:
            out.append(Candidate(((before[-1].start, before[-1].end),), ["b=quote_before", lex + "|b=quote_before"], quoted=True))
        if after:
            intro = text[right : after[0].start].strip()
            tag = "quote_after" + (":intro" if intro.endswith((",", ":")) else "")
            out.append(Candidate(((after[0].start, after[0].end),), ["b=" + tag, lex + "|b=" + tag], quoted=True))
        if before and after:
            out.append(
                Candidate(((before[-1].start, before[-1].end), (after[0].start, after[0].end)), ["b=quote_pair", lex + "|b=quote_pair"], quoted=True)
            )
        return out
