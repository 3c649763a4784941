"""spaCy component ``newsledger_quotes``: who said (or reported) what.

Reads ``doc._.entities``/``doc._.actors`` (from the actors component, may be
absent) and writes ``doc._.quotes`` (list[model.Quote]).

How it works, in order:
1. quote marks are paired per paragraph (``quote_marks``), so a stray mark
   only costs its own paragraph;
2. every speech/reporting verb of the cue lexicon (``knowledge/cues.yaml``)
   is read off the dependency parse: its subject is the source, its clausal
   complement (or an adjacent quotation, or the quoted paragraph after a line
   ending in "," or ":") is the content;
3. "according to X" attaches X to the clause the phrase modifies;
4. quotations left over that continue an attributed quotation (the next
   sentence of the same paragraph, the next paragraphs of a multi-paragraph
   quote, a bare quoted paragraph right after) inherit its source and cue;
5. sources are resolved to actors (``quote_speakers``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan, Token

from newsledger.model import Quote, Span
from newsledger.nlp.actors import DATELINE_DASHES, dateline_tokens
from newsledger.nlp.pipeline import register_extensions
from newsledger.nlp.quotes.cues import CueLexicon, load_lexicon
from newsledger.nlp.quotes.marks import QuoteSegment, find_quotes, paragraphs
from newsledger.nlp.quotes.speakers import SpeakerResolver

# clauses that inherit the subject of the verb they hang from ("Putin said, noting ...")
INHERIT_DEPS = ("advcl", "conj", "xcomp", "pcomp")
CONTENT_DEPS = ("ccomp",)
# pieces of a clause that carry no content on their own ("And, ...")
CONNECTIVE_DEPS = ("cc", "advmod", "intj", "mark", "prep", "pobj", "det")
EDGE_PUNCT = " \t\n,;:—–-"
# how far (characters, no sentence end) a quotation may sit from its cue
ADJACENT_GAP = 60
SENTENCE_END = ".!?"
# outlet verbs that relay someone else's quote rather than replace its speaker
RELAY_LEMMAS = {"report"}
QUOTE_TOKENS = {"“", "”", '"', "«", "»", "''", "``"}
# words right before a cue verb that belong to the cue ("has also said", "didn't deny");
# plain adverbs ("now says", "publicly signaled") are taken too
CUE_PREFIX_DEPS = ("aux", "auxpass", "neg")


@dataclass
class Attribution:
    """One attribution while it is being built (char offsets, end exclusive)."""

    kind: str
    cue: tuple[int, int]
    content: tuple[int, int]
    source: tuple[int, int] | None = None
    source_head: Token | None = None
    cue_lemma: str = ""
    segments: list[QuoteSegment] = field(default_factory=list)


class QuoteFinder:
    """Finds attributions in one parsed document."""

    def __init__(self, doc: Doc, lexicon: CueLexicon, include_cognition: bool = False):
        self.doc = doc
        self.text = doc.text
        self.lex = lexicon
        self.include_cognition = include_cognition
        self.segments = find_quotes(doc.text)
        self.paras = paragraphs(doc.text)

    # ---- small geometry helpers -------------------------------------------------
    def _para_of(self, offset: int) -> tuple[int, int]:
        for start, end in self.paras:
            if start <= offset < end:
                return start, end
        return offset, offset

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        """Strip whitespace and dangling separators from both edges."""
        while start < end and self.text[start] in EDGE_PUNCT:
            start += 1
        while end > start and self.text[end - 1] in EDGE_PUNCT:
            end -= 1
        return start, end

    def _token_range(self, tokens: list[Token]) -> tuple[int, int]:
        tokens = [t for t in tokens if not t.is_space]
        if not tokens:
            return 0, 0
        first = min(tokens, key=lambda t: t.i)
        last = max(tokens, key=lambda t: t.i)
        return self._trim(first.idx, last.idx + len(last.text))

    # ---- cue and source ---------------------------------------------------------
    def _is_cue_verb(self, tok: Token) -> bool:
        """A speech verb used as a speech act: not an infinitive ("to say") nor
        hypothetical ("would say", "will say")."""
        if not tok.tag_.startswith("VB") or tok.dep_ in ("amod", "compound"):
            return False
        if tok.tag_ == "VB" and any(c.dep_ == "aux" and (c.lower_ == "to" or c.tag_ == "MD") for c in tok.children):
            return False
        lemma = tok.lemma_.lower()
        return self.lex.is_speech_verb(lemma) or (self.include_cognition and self.lex.is_cognition_verb(lemma))

    def _cue_range(self, verb: Token) -> tuple[int, int]:
        """The verb with its auxiliaries ("has also said"), particle ("point out"),
        utterance phrase ("in a statement") and a colon right after it, as
        PolNeAR annotators mark cues."""
        start, end = verb.idx, verb.idx + len(verb.text)
        for tok in reversed(verb.doc[verb.sent.start : verb.i]):
            attached = tok.head.i == verb.i
            if attached and (tok.dep_ in CUE_PREFIX_DEPS or (tok.dep_ == "advmod" and tok.tag_ == "RB")):
                start = tok.idx
                continue
            break
        for child in verb.children:
            if child.dep_ == "prt" and child.i == verb.i + 1:
                end = child.idx + len(child.text)
            if child.dep_ == "prep" and child.i == verb.i + 1 and child.lower_ in self.lex.phrasal_preps(verb.lemma_):
                end = child.idx + len(child.text)
            if child.dep_ == "prep" and child.lower_ == "in" and child.i <= verb.i + 3:
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs and objs[0].lemma_.lower() in self.lex.content_nouns and objs[0].i <= child.i + 3:
                    end = max(end, objs[0].idx + len(objs[0].text))
        if self.text[end : end + 1] == ":":
            end += 1
        return start, end

    def _subject(self, verb: Token) -> Token | None:
        """The speaker's head token: own subject, agent, relative head, or inherited."""
        for child in verb.children:
            if child.dep_ in ("nsubj", "csubj"):
                if child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                    return verb.head
                return child
            if child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0]
        if verb.dep_ == "relcl":
            return None
        if verb.dep_ == "acl" and verb.head.dep_ in ("dobj", "pobj") and verb.head.head.pos_ == "VERB":
            return self._subject(verb.head.head)
        inverted = self._inverted_subject(verb)
        if inverted is not None:
            return inverted
        if verb.dep_ in INHERIT_DEPS and verb.head.i != verb.i:
            return self._subject(verb.head) if verb.head.pos_ in ("VERB", "AUX") else None
        return None

    @staticmethod
    def _inverted_subject(verb: Token) -> Token | None:
        """ "..., reports the BBC." is sometimes parsed with the outlet as object:
        a proper-noun object right after a verb that follows a comma or quote is the source."""
        if verb.i == 0 or verb.doc[verb.i - 1].text not in (",", "”", '"'):
            return None
        for child in verb.children:
            if child.dep_ == "dobj" and child.i > verb.i and (child.pos_ == "PROPN" or child.ent_type_):
                return child
        return None

    def _source_range(self, head: Token, verb: Token) -> tuple[int, int] | None:
        """The subject's noun phrase, kept inside the cue's paragraph, after any
        dateline dash, short of the cue, without a leading conjunction or a
        relative clause that is itself speech ("X, who said ..."); an apposition
        keeps its closing comma ("Tad Devine, an adviser, said"), as PolNeAR marks it."""
        p_start, p_end = self._para_of(verb.idx)
        limit = verb.idx if head.i < verb.i else p_end
        nested = {t.i for c in head.subtree if c.dep_ in ("relcl", "acl") and self._holds_cue(c) for t in c.subtree}
        tokens = [t for t in head.subtree if p_start <= t.idx < limit and t.i not in nested]
        dashes = [t.i for t in tokens if t.i < head.i and _is_dateline_dash(t)]
        if dashes:
            tokens = [t for t in tokens if t.i > max(dashes)]
        filed = dateline_tokens(head.doc)
        tokens = [t for t in tokens if t.i not in filed]
        while tokens and tokens[0].dep_ == "cc":
            tokens = tokens[1:]
        if not tokens:
            return None
        start, end = self._token_range(tokens)
        if "," in self.text[start:end] and self.text[end : end + 1] == "," and end < limit:
            end += 1
        return start, end

    def _holds_cue(self, clause: Token) -> bool:
        return any(self._is_cue_verb(t) for t in clause.subtree)

    # ---- content ----------------------------------------------------------------
    def _clause_range(self, head: Token, exclude: set[int]) -> tuple[int, int]:
        """A clause's span within its paragraph, without excluded phrases or a dateline.

        When an excluded phrase ("according to X") splits the clause, pieces
        holding only connectives ("And, according to X, ...") are dropped and
        the rest is spanned.
        """
        p_start, p_end = self._para_of(head.idx)
        exclude = exclude | self._nested_cue_clauses(head) | dateline_tokens(head.doc)
        runs: list[list[Token]] = [[]]
        for tok in sorted(head.subtree, key=lambda t: t.i):
            if tok.i in exclude or not p_start <= tok.idx < p_end:
                if runs[-1]:
                    runs.append([])
                continue
            runs[-1].append(tok)
        runs = [r for r in runs if r and not self._contentless(r, exclude)]
        tokens = self._drop_edge_punct([t for r in runs for t in r])
        return self._token_range(tokens)

    def _nested_cue_clauses(self, head: Token) -> set[int]:
        """Coordinated or adverbial speech clauses hanging off a content ("X, and said
        Y", "X, suggesting Y") are attributions of their own, not part of X."""
        out: set[int] = set()
        for tok in head.subtree:
            if tok.i != head.i and tok.dep_ in ("conj", "advcl") and self._is_cue_verb(tok) and tok.i > head.i:
                out.update(t.i for t in tok.subtree)
                out.update(c.i for c in tok.head.children if c.dep_ == "cc" and c.i < tok.i)
        return out

    def _contentless(self, run: list[Token], exclude: set[int]) -> bool:
        """A piece that only holds connectives, or a verbless ", the ..." apposition
        trailing an excluded source phrase."""
        if all(t.dep_ in CONNECTIVE_DEPS or t.is_punct or t.is_space for t in run):
            return True
        first = run[0]
        trails_excluded = first.i > 0 and first.i - 1 in exclude and first.text == ","
        return trails_excluded and not any(t.pos_ in ("VERB", "AUX") for t in run)

    @staticmethod
    def _drop_edge_punct(tokens: list[Token]) -> list[Token]:
        tokens = sorted(tokens, key=lambda t: t.i)
        while tokens and tokens[-1].is_punct and tokens[-1].text not in QUOTE_TOKENS:
            tokens.pop()
        while tokens and tokens[0].is_punct and tokens[0].text not in QUOTE_TOKENS:
            tokens.pop(0)
        return tokens

    def _widen_to_quotes(self, start: int, end: int) -> tuple[tuple[int, int], list[QuoteSegment]]:
        """Grow a span to whole quotations it cuts into; report the quotations inside."""
        inside = []
        for seg in self.segments:
            if seg.end <= start or seg.start >= end:
                continue
            if self._para_of(seg.start) != self._para_of(start):
                continue
            start, end = min(start, seg.start), max(end, seg.end)
            inside.append(seg)
        return (start, end), inside

    def _kind_for(self, span: tuple[int, int], segs: list[QuoteSegment]) -> str:
        if not segs:
            return "indirect"
        covered = sum(s.end - s.start for s in segs)
        return "direct" if covered >= (span[1] - span[0]) - 2 else "mixed"

    def _adjacent_segments(self, verb: Token, cue: tuple[int, int], source: tuple[int, int] | None) -> list[QuoteSegment]:
        """Quotations next to the cue clause: before it ("“...,” he said"), after it
        ("he said, “...”") or both when it interrupts one ("“A,” he said, “B.”")."""
        left = min(cue[0], source[0]) if source else cue[0]
        right = max(cue[1], source[1]) if source else cue[1]

        def clean(gap: str) -> bool:
            return "\n" not in gap and not any(c in SENTENCE_END for c in gap)

        before = [s for s in self.segments if s.end <= left and left - s.end <= ADJACENT_GAP and clean(self.text[s.end : left])]
        after = [s for s in self.segments if s.start >= right and s.start - right <= ADJACENT_GAP and clean(self.text[right : s.start])]
        introduced = [s for s in after if self.text[right : s.start].strip().endswith((",", ":"))]
        if before and (introduced or not after):
            return [before[-1]] + introduced[:1]
        if introduced:
            return introduced[:1]
        return after[:1] if not before else [before[-1]]

    def _next_paragraph_quotes(self, end: int) -> list[QuoteSegment]:
        """Quoted paragraphs introduced by a line ending in "," or ":" ("said in a statement,")."""
        p_start, p_end = self._para_of(end)
        if any(c in SENTENCE_END for c in self.text[end:p_end]) or any(s.start >= end and s.end <= p_end for s in self.segments):
            return []
        if not self.text[:p_end].rstrip().endswith((",", ":")):
            return []
        found: list[QuoteSegment] = []
        idx = self.paras.index((p_start, p_end)) if (p_start, p_end) in self.paras else -1
        for q_start, q_end in self.paras[idx + 1 :]:
            para_segs = [s for s in self.segments if q_start <= s.start < q_end]
            lead = q_start + len(self.text[q_start:q_end]) - len(self.text[q_start:q_end].lstrip())
            if not para_segs or para_segs[0].start != lead:
                break
            found.extend(para_segs)
            if para_segs[-1].end < len(self.text[:q_end].rstrip()) - 1:
                break
        return found

    def _according_tokens(self) -> set[int]:
        """Tokens of every "according to X" phrase, excluded from other contents."""
        out: set[int] = set()
        for tok in self.doc:
            if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
                out.update(t.i for t in tok.subtree)
        return out

    def _previous_sentence(self, sent: SpacySpan) -> tuple[int, int] | None:
        if sent.start == 0:
            return None
        prev = self.doc[sent.start - 1].sent
        return self._trim(prev.start_char, prev.end_char)

    # ---- attribution builders ---------------------------------------------------
    def from_verb(self, verb: Token, excluded: set[int]) -> list[Attribution]:
        cue = self._cue_range(verb)
        head = self._subject(verb)
        if head is not None and head.dep_ == "expl":
            head = None
        source = self._source_range(head, verb) if head is not None else None
        if source is None:
            head = None
        lemma = verb.lemma_.lower()
        made: list[Attribution] = []
        for child in self._content_heads(verb, lemma):
            span = self._clause_range(child, excluded | {verb.i})
            if span[1] <= span[0] or (source and span[0] <= source[0] < span[1]):
                continue
            span, segs = self._widen_to_quotes(*span)
            made.append(Attribution(self._kind_for(span, segs), cue, span, source, head, lemma, segs))
        segs = self._adjacent_segments(verb, cue, source)
        if made:
            return made + self._resumed_quotes(made, segs, cue, source, head, lemma)
        if segs:
            return [Attribution("direct", cue, (seg.start, seg.end), source, head, lemma, [seg]) for seg in segs]
        following = self._next_paragraph_quotes(max(cue[1], source[1] if source else 0))
        if following:
            return [Attribution("direct", cue, (s.start, s.end), source, head, lemma, [s]) for s in following]
        return self._fallback_content(verb, cue, source, head, lemma, excluded)

    def _resumed_quotes(self, made, segs, cue, source, head, lemma) -> list[Attribution]:
        """The second half of an interrupted quote ("“A,” he said, “B.”") when the
        parse already gave the first half as the clausal complement."""
        extra = []
        for seg in segs:
            overlaps = any(a.content[0] < seg.end and seg.start < a.content[1] for a in made)
            right = max(cue[1], source[1]) if source else cue[1]
            introduced = seg.start >= right and self.text[right : seg.start].strip().endswith((",", ":"))
            if introduced and not overlaps:
                extra.append(Attribution("direct", cue, (seg.start, seg.end), source, head, lemma, [seg]))
        return extra

    def _content_heads(self, verb: Token, lemma: str) -> list[Token]:
        """Heads of what was said: clausal complements; infinitives and phrasal
        objects for the verbs the lexicon allows ("vowed to ...", "called for
        ..."); a "that" clause on an utterance noun ("said in a statement that")."""
        heads = [c for c in verb.children if c.dep_ in CONTENT_DEPS and self._para_of(c.idx) == self._para_of(verb.idx)]
        if lemma in self.lex.infinitive_content:
            heads += [c for c in verb.children if c.dep_ == "xcomp"]
        for prep in verb.children:
            if prep.dep_ != "prep":
                continue
            objs = [c for c in prep.children if c.dep_ == "pobj"]
            if prep.lower_ in self.lex.phrasal_preps(lemma) and prep.i == verb.i + 1:
                heads += objs
            if prep.lower_ == "in" and objs and objs[0].lemma_.lower() in self.lex.content_nouns:
                heads += [c for c in objs[0].children if c.dep_ in ("acl", "ccomp", "relcl") and c.i > objs[0].i and _has_that(c)]
        return heads

    def _fallback_content(self, verb, cue, source, head, lemma, excluded) -> list[Attribution]:
        """Object content ("announced his candidacy", "described the plan") or an
        inverted report ("..., reports X.")."""
        if lemma not in self.lex.no_object_content and not self._inverted_subject(verb):
            for child in verb.children:
                if child.dep_ == "dobj":
                    span = self._clause_range(child, excluded)
                    if span[1] > span[0]:
                        span, segs = self._widen_to_quotes(*span)
                        return [Attribution(self._kind_for(span, segs), cue, span, source, head, lemma, segs)]
        if head is not None and self._parenthetical(verb, head):
            first = self.doc[min(head.left_edge.i, verb.i)]
            span, segs = self._widen_to_quotes(*self._trim(verb.sent.start_char, first.idx))
            return [Attribution(self._kind_for(span, segs), cue, span, source, head, lemma, segs)]
        inverted = head is not None and head.i > verb.i and verb.i - verb.sent.start <= 1
        if inverted:
            prev = self._previous_sentence(verb.sent)
            if prev:
                span, segs = self._widen_to_quotes(*prev)
                return [Attribution(self._kind_for(span, segs), cue, span, source, head, lemma, segs)]
        return []

    @staticmethod
    def _parenthetical(verb: Token, head: Token) -> bool:
        """ "..., the Kremlin reports, as well as ..." : a cue clause set off by commas
        inside the sentence it attributes; its content is taken as what precedes it."""
        if verb.dep_ == "parataxis":
            return True
        first = min(head.left_edge.i, verb.i)
        doc = verb.doc
        return first > verb.sent.start and doc[first - 1].text == "," and verb.i + 1 < verb.sent.end and doc[verb.i + 1].text == ","

    def from_according(self, tok: Token) -> Attribution | None:
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        objs = [c for c in to.children if c.dep_ == "pobj"] if to is not None else []
        if not objs:
            return None
        source_head = objs[0]
        source = self._token_range(list(source_head.subtree))
        cue = (tok.idx, to.idx + len(to.text))
        phrase = {t.i for t in tok.subtree}
        anchor = tok.head
        while anchor.pos_ not in ("VERB", "AUX") and anchor.head.i != anchor.i:
            anchor = anchor.head
        if anchor.i in phrase:
            anchor = tok.sent.root
        content = self._clause_range(anchor, phrase)
        tail = self.text[source[1] : self._para_of(tok.idx)[1]].strip()
        if tail in (",", ":") or content[1] <= content[0]:
            following = self._next_paragraph_quotes(source[1])
            if following:
                return Attribution("according-to", cue, (following[0].start, following[-1].end), source, source_head, "according to", following)
        if content[1] <= content[0]:
            return None
        content, segs = self._widen_to_quotes(*content)
        return Attribution("according-to", cue, content, source, source_head, "according to", segs)

    def continuations(self, found: list[Attribution]) -> list[Attribution]:
        """Quotations that carry on an attributed one: later segments of its
        multi-paragraph group, the following quoted sentences of its paragraph,
        or a next paragraph that is a bare quotation with no cue of its own."""
        used_by_speech = {(s.start, s.end) for a in found if a.cue_lemma not in RELAY_LEMMAS for s in a.segments}
        cue_paras = {self._para_of(a.cue[0]) for a in found}
        extra: list[Attribution] = []
        work = list(found)
        while work:
            att = work.pop(0)
            if att.kind == "indirect" or not att.segments or att.segments[-1].end < att.content[1] - 1:
                continue
            relay = att.cue_lemma in RELAY_LEMMAS
            last = att.segments[-1]
            para = self._para_of(last.start)
            for seg in self.segments:
                if seg.start < last.end or (seg.start, seg.end) in used_by_speech:
                    continue
                same_group = seg.group == last.group
                same_para = not relay and self._para_of(seg.start) == para and self._starts_sentence(seg)
                next_para = not relay and self._bare_quote_paragraph_after(para, seg, cue_paras)
                if not (same_group or same_para or next_para):
                    if seg.start > para[1]:
                        break
                    continue
                cont = Attribution("direct", att.cue, (seg.start, seg.end), att.source, att.source_head, att.cue_lemma, [seg])
                extra.append(cont)
                used_by_speech.add((seg.start, seg.end))
                if next_para:
                    work.append(cont)
                    break
        return extra

    def _bare_quote_paragraph_after(self, para: tuple[int, int], seg: QuoteSegment, cue_paras: set) -> bool:
        """``seg`` opens the paragraph right after ``para``, and that paragraph is
        quotation only (no cue, nothing outside the marks): the same speaker goes on."""
        idx = self.paras.index(para) if para in self.paras else -1
        if idx < 0 or idx + 1 >= len(self.paras):
            return False
        nxt = self.paras[idx + 1]
        if nxt in cue_paras or self._para_of(seg.start) != nxt:
            return False
        lead = nxt[0] + len(self.text[nxt[0] : nxt[1]]) - len(self.text[nxt[0] : nxt[1]].lstrip())
        return seg.start == lead and seg.end >= len(self.text[: nxt[1]].rstrip())

    def _starts_sentence(self, seg: QuoteSegment) -> bool:
        before = self.text[self._para_of(seg.start)[0] : seg.start].rstrip()
        return before.endswith(tuple(SENTENCE_END) + ("”", '"', "''"))

    @staticmethod
    def _is_passive(verb: Token) -> bool:
        return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)

    def _credible(self, att: Attribution, verb: Token) -> bool:
        """A content never holds its own cue (a speech verb inside a quotation is not
        that quotation's cue); without a source only quotations and passive
        reports ("it was reported that") count."""
        if att.content[0] <= att.cue[0] < att.content[1]:
            return False
        return att.source is not None or att.kind != "indirect" or self._is_passive(verb)

    def find(self) -> list[Attribution]:
        excluded = self._according_tokens()
        found: list[Attribution] = []
        for tok in self.doc:
            if self._is_cue_verb(tok):
                found.extend(a for a in self.from_verb(tok, excluded) if self._credible(a, tok))
            elif tok.lower_ == "according":
                att = self.from_according(tok)
                if att:
                    found.append(att)
        found.extend(self.continuations(found))
        return _dedupe(found)


def _is_dateline_dash(tok: Token) -> bool:
    """A free-standing dash ("WASHINGTON (AP) - Senator X said"), not a hyphen in a word."""
    spaced_before = tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_)
    return tok.text in DATELINE_DASHES and spaced_before and bool(tok.whitespace_)


def _has_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def _dedupe(found: list[Attribution]) -> list[Attribution]:
    seen: set[tuple] = set()
    out = []
    for att in sorted(found, key=lambda a: (a.content[0], a.cue[0])):
        key = (att.cue, att.content)
        if key not in seen:
            seen.add(key)
            out.append(att)
    return out
