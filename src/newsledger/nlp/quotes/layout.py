"""Text geometry shared by the quote modules: paragraphs, quotations, trimming.

One ``Layout`` per document; paragraph look-ups are binary searches because
every candidate span asks for its paragraph.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Token

from newsledger.nlp.quotes.marks import QuoteSegment, find_quotes, paragraphs
from newsledger.nlp.text import doc_text

# characters a span never starts or ends with
EDGE_PUNCT = " \t\n,;:—–-"
SENTENCE_END = ".!?"
# quotation marks of any style; a block quotation after a colon holds none
QUOTE_MARKS = "\"“”«»"
# an unquoted paragraph after a colon shorter than this is a heading or label, not a statement
MIN_BLOCK_WORDS = 4
# a closing quotation mark at most this many characters after a span joins it
CLOSE_GAP = 3
QUOTE_TAIL = ".,!?;:\"'”’»`"
OPENER_DASHES = {"—", "–", "--", "-", "―"}
OPENER_MAX_TOKENS = 16


class TokenTable:
    """Token attributes as plain lists, read once with ``Doc.to_array``: the candidate
    builders look at thousands of tokens per document, and every ``doc[i]`` builds a
    new Python object."""

    def __init__(self, doc: Doc, text: str):
        strings = doc.vocab.strings
        rows = doc.to_array(["IDX", "LENGTH", "IS_SPACE", "IS_PUNCT", "IS_QUOTE", "IS_STOP", "DEP", "POS", "TAG", "LOWER", "LEMMA", "SENT_START"]).tolist()
        self.idx = [r[0] for r in rows]
        self.end = [r[0] + r[1] for r in rows]
        self.space = [bool(r[2]) for r in rows]
        self.punct = [bool(r[3]) for r in rows]
        self.dep = [strings[r[6]] for r in rows]
        self.pos = [strings[r[7]] for r in rows]
        self.tag = [strings[r[8]] for r in rows]
        self.lower = [strings[r[9]] for r in rows]
        self.lemma = [strings[r[10]].lower() for r in rows]
        self.sent_starts = [r[11] == 1 for r in rows]
        quote = [bool(r[4]) or text[r[0] : r[0] + r[1]] in ("“", "”", "''", "``") for r in rows]
        self.quote = quote
        # edge tokens a span never starts or ends with: space, punctuation other than quote marks, "and"/"but"
        self.droppable = [
            sp or (not q and (pu or (d == "cc" and po == "CCONJ")))
            for sp, q, pu, d, po in zip(self.space, quote, self.punct, self.dep, self.pos)
        ]
        self.word = [
            ("P" + text[r[0] : r[0] + r[1]].strip()[:2]) if (r[2] or r[3]) else (self.lower[i] if r[5] else self.tag[i])
            for i, r in enumerate(rows)
        ]
        self.verbal = [po in ("VERB", "AUX") for po in self.pos]
        self._verbs_before = [0]
        for v in self.verbal:
            self._verbs_before.append(self._verbs_before[-1] + v)

    def has_verb(self, first: int, last: int) -> bool:
        """A verb among tokens first..last (inclusive)."""
        return self._verbs_before[last + 1] > self._verbs_before[first]


class Layout:
    """Paragraphs and quotations of one document, with span helpers (char offsets, end exclusive)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc_text(doc)
        self.paras = paragraphs(self.text)
        self._para_starts = [s for s, _ in self.paras]
        self.segments: list[QuoteSegment] = find_quotes(self.text)
        self._seg_starts = [s.start for s in self.segments]
        self.tok = TokenTable(doc, self.text)
        # sentence bounds per token, computed once: ``Token.sent`` rescans the document on every call
        self.sent_start: list[int] = [0] * len(doc)
        self.sent_end: list[int] = [len(doc)] * len(doc)
        start = 0
        for i, opens in enumerate(self.tok.sent_starts):
            if opens and i > 0:
                for k in range(start, i):
                    self.sent_end[k] = i
                start = i
            self.sent_start[i] = start

    def sent_of(self, tok: Token) -> tuple[int, int]:
        """(start, end) token indices of the sentence holding ``tok``."""
        return self.sent_start[tok.i], self.sent_end[tok.i]

    def para_of(self, offset: int) -> tuple[int, int]:
        """The paragraph holding ``offset`` ((offset, offset) between paragraphs)."""
        i = bisect_right(self._para_starts, offset) - 1
        if i >= 0 and offset < self.paras[i][1]:
            return self.paras[i]
        return offset, offset

    def para_index(self, offset: int) -> int:
        i = bisect_right(self._para_starts, offset) - 1
        return i if i >= 0 and offset < self.paras[i][1] else -1

    def trim(self, start: int, end: int) -> tuple[int, int]:
        """Strip whitespace and dangling separators from both edges."""
        text = self.text
        while start < end and text[start] in EDGE_PUNCT:
            start += 1
        while end > start and text[end - 1] in EDGE_PUNCT:
            end -= 1
        return start, end

    def token_range(self, tokens) -> tuple[int, int]:
        """Trimmed character range from the first to the last of ``tokens`` ((0, 0) if none)."""
        tokens = [t for t in tokens if not t.is_space]
        if not tokens:
            return 0, 0
        first = min(tokens, key=lambda t: t.i)
        last = max(tokens, key=lambda t: t.i)
        return self.trim(first.idx, last.idx + len(last.text))

    def segments_in(self, start: int, end: int) -> list[QuoteSegment]:
        """Quotations overlapping [start, end)."""
        hi = bisect_right(self._seg_starts, end)
        return [s for s in self.segments[:hi] if s.start < end and start < s.end]

    def in_quote(self, offset: int) -> bool:
        i = bisect_right(self._seg_starts, offset) - 1
        return i >= 0 and offset < self.segments[i].end

    def near_quote(self, start: int, end: int, gap: int) -> bool:
        """A quotation of the same paragraph ends within ``gap`` characters before ``start``
        or starts within ``gap`` after ``end``."""
        para = self.para_of(start)
        lo = bisect_right(self._seg_starts, start - 4000)
        for seg in self.segments[lo:]:
            if seg.start > end + gap:
                break
            if not (para[0] <= seg.start < para[1]):
                continue
            if 0 <= start - seg.end <= gap or 0 <= seg.start - end <= gap:
                return True
        return False

    def opener_tokens(self) -> set[int]:
        """Tokens of paragraph openers the dateline finder (``actors.dateline_tokens``) can
        miss: a paragraph that starts with a word in capitals ("MARRAKESH, Sept. 9 (Agency)
        —") up to a free-standing dash within its first words. Never a quote's words."""
        out: set[int] = set()
        tt, text = self.tok, self.text
        for start, end in self.paras:
            i = self._first_token_at(start)
            if i is None:
                continue
            word = text[tt.idx[i] : tt.end[i]]
            if not (word.isalpha() and word.isupper() and len(word) >= 3):
                continue
            for j in range(i + 1, min(len(tt.idx), i + OPENER_MAX_TOKENS)):
                if tt.idx[j] >= end:
                    break
                if text[tt.idx[j] : tt.end[j]] in OPENER_DASHES and text[tt.idx[j] - 1 : tt.idx[j]] == " ":
                    out.update(range(i, j + 1))
                    break
        return out

    def _first_token_at(self, offset: int) -> int | None:
        i = bisect_right(self.tok.idx, offset) - 1
        i = max(i, 0)
        while i < len(self.tok.idx) and (self.tok.idx[i] < offset or self.tok.space[i]):
            i += 1
        return i if i < len(self.tok.idx) else None

    def is_headline(self, offset: int) -> bool:
        """The paragraph at ``offset`` reads as a headline: the document's first line without
        a final full stop, or a short line with most words capitalised and no final full stop."""
        start, end = self.para_of(offset)
        line = self.text[start:end].strip()
        if not line or line[-1] in SENTENCE_END or line.endswith(("”", '"', "'", ",", ":", ";")):
            return False
        words = [w for w in line.split() if w[:1].isalpha()]
        capitalised = sum(1 for w in words if w[0].isupper())
        if self.para_index(start) == 0 and len(words) <= 30:
            return True
        return 2 <= len(words) <= 20 and capitalised >= 0.6 * len(words)

    def widen_to_quotes(self, start: int, end: int) -> tuple[tuple[int, int], list[QuoteSegment]]:
        """Grow a span to whole quotations of its paragraph it cuts into; report the quotations inside."""
        inside = []
        para = self.para_of(start)
        for seg in self.segments:
            if seg.end <= start or seg.start >= end or self.para_of(seg.start) != para:
                continue
            start, end = min(start, seg.start), max(end, seg.end)
            inside.append(seg)
        return (start, end), inside

    def close_quotes(self, start: int, end: int) -> tuple[int, int]:
        """Grow ``end`` over the closing mark of a quotation that opens inside the span and
        closes right after it (only punctuation between): sentence splitting can leave a
        final mark (``rather than "would."``) outside the last token, and a shown content
        must not open a quotation it does not close."""
        for seg in self.segments_in(start, end):
            if start <= seg.start and end < seg.end <= end + CLOSE_GAP and all(c in QUOTE_TAIL for c in self.text[end : seg.end]):
                end = seg.end
        return start, end

    def quotes_after_paragraph(self, end: int) -> list[QuoteSegment]:
        """Quoted paragraphs introduced by a line ending in "," or ":" ("said in a statement,"),
        when nothing but that punctuation follows ``end`` in its paragraph. ``end`` may be
        the line's very end ("He said:" with its colon in the cue): that is its paragraph."""
        p_start, p_end = self.para_of(end)
        if p_start == p_end and end > 0:
            p_start, p_end = self.para_of(end - 1)
        text = self.text
        if any(c in SENTENCE_END for c in text[end:p_end]) or any(s.start >= end and s.end <= p_end for s in self.segments):
            return []
        if not text[:p_end].rstrip().endswith((",", ":")):
            return []
        found: list[QuoteSegment] = []
        idx = self.para_index(p_start)
        for q_start, q_end in self.paras[idx + 1 :] if idx >= 0 else []:
            para_segs = [s for s in self.segments if q_start <= s.start < q_end]
            lead = q_start + len(text[q_start:q_end]) - len(text[q_start:q_end].lstrip())
            if not para_segs or para_segs[0].start != lead:
                break
            found.extend(para_segs)
            if para_segs[-1].end < len(text[:q_end].rstrip()) - 1:
                break
        return found

    def paragraph_after_colon(self, end: int) -> tuple[int, int] | None:
        """The next paragraph, unquoted, after a line that ends in a colon right at ``end``
        ("The governor added:" / "Fox News reports:"): a block quotation set without marks.
        Only a colon (a comma ends many lines that introduce nothing), only one paragraph
        (the next ones may be the writer's again), and none holding a quotation mark (those
        are ``quotes_after_paragraph``'s)."""
        p_start, p_end = self.para_of(end)
        if p_start == p_end and end > 0:
            p_start, p_end = self.para_of(end - 1)
        text = self.text
        if p_start == p_end or text[end:p_end].strip() not in ("", ":") or not text[:p_end].rstrip().endswith(":"):
            return None
        idx = self.para_index(p_start)
        if idx < 0 or idx + 1 >= len(self.paras):
            return None
        q_start, q_end = self.paras[idx + 1]
        if any(q_start <= s.start < q_end for s in self.segments) or any(m in text[q_start:q_end] for m in QUOTE_MARKS):
            return None
        start, stop = self.trim(q_start, q_end)
        return (start, stop) if len(text[start:stop].split()) >= MIN_BLOCK_WORDS else None

    def starts_sentence(self, seg: QuoteSegment) -> bool:
        before = self.text[self.para_of(seg.start)[0] : seg.start].rstrip()
        return before.endswith(tuple(SENTENCE_END) + ("”", '"', "''"))


def token_end(tok: Token) -> int:
    return tok.idx + len(tok.text)
