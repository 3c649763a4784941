"""Readers for record files (JSON lines, JSON arrays, CSV/TSV), one record at a time."""

from __future__ import annotations

import collections
import csv
import json
import re
from collections.abc import Iterator
from typing import Any, TextIO

from ..model import RawDocument
from .decode import has_undecodable
from .errors import IngestError, megabytes
from .fields import FieldResolver, key_index, record_to_document

Item = RawDocument | IngestError

_CHUNK_CHARS = 1 << 16
_NON_SPACE = re.compile(r"\S")
# Delimiters a CSV-like file may use; the header line decides among them.
_DELIMITERS = (",", "\t", ";", "|")


def _document(record: Any, path: str, locator: str, resolver: FieldResolver) -> Item:
    if not isinstance(record, dict):
        return IngestError(f"{path}#{locator}", f"record is a JSON {type(record).__name__}, not an object")
    return record_to_document(record, path, locator, resolver)


def _lines(text: TextIO, max_chars: int) -> Iterator[tuple[int, str | None]]:
    """Numbered lines, with None for a line over ``max_chars`` (skipped without holding it)."""
    number = 0
    while True:
        line = text.readline(max_chars)
        if not line:
            return
        number += 1
        if len(line) >= max_chars and not line.endswith(("\n", "\r")):
            while (rest := text.readline(_CHUNK_CHARS)) and not rest.endswith(("\n", "\r")):
                pass
            yield number, None
            continue
        yield number, line


def json_problem(exc: json.JSONDecodeError) -> str:
    """The decoder's message without its dangling position words.

    ``json`` messages end in "at" or "starting at" and expect a position to
    follow; callers add their own ("at column 9") or none.
    """
    return exc.msg.removesuffix(" at").removesuffix(" starting")


def _parse_line(line: str, path: str, number: int, resolver: FieldResolver) -> Item:
    origin = f"{path}#line={number}"
    if has_undecodable(line):
        return IngestError(origin, "undecodable bytes in line")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return IngestError(origin, f"malformed JSON ({json_problem(exc)} at column {exc.colno})")
    return _document(record, path, f"line={number}", resolver)


def iter_json_lines(
    text: TextIO, path: str, resolver: FieldResolver, max_chars: int, offset: int = 0
) -> Iterator[Item]:
    """JSON lines: one error per bad line, every good line still becomes a document.

    ``offset`` is the number of lines already consumed from ``text``.
    """
    for number, line in _lines(text, max_chars):
        number += offset
        if line is None:
            yield IngestError(f"{path}#line={number}", f"line longer than the {megabytes(max_chars)} limit")
        elif line.strip():
            yield _parse_line(line, path, number, resolver)


class _JsonValues:
    """Pull JSON values one at a time from a text stream: a top-level array or concatenated values.

    Hand-written because the standard library has no streaming JSON parser
    and a multi-GB array dump must not be loaded whole.
    """

    def __init__(self, text: TextIO, max_chars: int, prefix: str = "", first_line: int = 1):
        self.text, self.max_chars = text, max_chars
        self.buf, self.pos, self.line, self.eof = prefix, 0, first_line, False
        self.decoder = json.JSONDecoder()

    def _advance(self, end: int) -> None:
        self.line += self.buf.count("\n", self.pos, end)
        self.pos = end

    def _fill(self, size: int) -> None:
        self.buf = self.buf[self.pos :]
        self.pos = 0
        chunk = self.text.read(size)
        self.eof = not chunk
        self.buf += chunk

    def peek(self) -> str | None:
        """Next non-space character (not consumed), None at the end."""
        while True:
            match = _NON_SPACE.search(self.buf, self.pos)
            if match:
                self._advance(match.start())
                return self.buf[self.pos]
            self._advance(len(self.buf))
            if self.eof:
                return None
            self._fill(_CHUNK_CHARS)

    def take(self) -> None:
        self._advance(self.pos + 1)

    def value(self) -> Any:
        """Decode the value at the cursor, reading more input while it is incomplete."""
        size = _CHUNK_CHARS
        while True:
            try:
                obj, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if self.eof:
                    raise ValueError(f"malformed JSON ({json_problem(exc)})") from None
                if len(self.buf) - self.pos > self.max_chars:
                    raise ValueError(f"record longer than the {megabytes(self.max_chars)} limit") from None
                self._fill(size)
                size *= 2
                continue
            if end == len(self.buf) and not self.eof and not isinstance(obj, (dict, list, str)):
                self._fill(size)
                continue
            self._advance(end)
            return obj


def _iter_values(values: _JsonValues, in_array: bool) -> Iterator[tuple[int, Any]]:
    """(line, value) pairs; raises ValueError (with the line) when the structure breaks."""
    if in_array:
        values.take()
    first = True
    while True:
        char = values.peek()
        if char is None:
            if in_array:
                raise ValueError(f"line {values.line}: unterminated JSON array")
            return
        if in_array and char == "]":
            values.take()
            if values.peek() is not None:
                raise ValueError(f"line {values.line}: data after the end of the JSON array")
            return
        if in_array and not first:
            if char != ",":
                raise ValueError(f"line {values.line}: expected ',' between array items")
            values.take()
            values.peek()
        first = False
        line = values.line
        try:
            yield line, values.value()
        except ValueError as exc:
            raise ValueError(f"line {line}: {exc}") from None


def _iter_value_documents(
    values: _JsonValues, in_array: bool, path: str, resolver: FieldResolver
) -> Iterator[Item]:
    try:
        for line, record in _iter_values(values, in_array):
            yield _document(record, path, f"line={line}", resolver)
    except ValueError as exc:
        yield IngestError(path, f"{exc}; rest of file skipped")


def _is_complete_json(line: str) -> bool:
    try:
        json.loads(line)
    except json.JSONDecodeError:
        return False
    return True


def _first_content_line(text: TextIO, max_chars: int) -> tuple[int, str]:
    """Skip leading blank lines: (number of lines skipped, first non-blank line or "")."""
    skipped = 0
    while True:
        line = text.readline(max_chars)
        if not line or line.strip():
            return skipped, line
        skipped += 1


def iter_json(text: TextIO, path: str, resolver: FieldResolver, max_chars: int) -> Iterator[Item]:
    """``.json``: a streamed array, else JSON lines, else (pretty-printed) concatenated objects."""
    skipped, first_line = _first_content_line(text, max_chars)
    if not first_line:
        yield IngestError(path, "empty file")
        return
    if first_line.lstrip().startswith("["):
        values = _JsonValues(text, max_chars, prefix=first_line, first_line=skipped + 1)
        values.peek()
        yield from _iter_value_documents(values, True, path, resolver)
    elif _is_complete_json(first_line):
        yield _parse_line(first_line, path, skipped + 1, resolver)
        yield from iter_json_lines(text, path, resolver, max_chars, offset=skipped + 1)
    else:
        values = _JsonValues(text, max_chars, prefix=first_line, first_line=skipped + 1)
        yield from _iter_value_documents(values, False, path, resolver)


def _delimiter(header_line: str, default: str) -> str:
    """The delimiter that splits the header into the most columns (default on a tie)."""
    counts = {d: header_line.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: (counts[d], d == default))
    return best if counts[best] > counts.get(default, 0) else default


def _header_problem(header: list[str], resolver: FieldResolver) -> str | None:
    keys = key_index(header)
    for field, column in resolver.field_map.items():
        if resolver.key_for(field, keys) is None:
            return f"column {column!r} (mapped to {field}) is not in the header"
    if resolver.key_for("text", keys) is None:
        shown = ", ".join(repr(h) for h in header[:20])
        return f"no text column (looked for {resolver.describe('text')}; header has {shown})"
    return None


def iter_csv(
    text: TextIO, path: str, resolver: FieldResolver, max_chars: int, delimiter: str = ","
) -> Iterator[Item]:
    """CSV/TSV with a header row; each malformed row is one error naming its line.

    Raises the process-wide ``csv.field_size_limit`` to one article's size:
    news dumps hold whole articles in one quoted field.  Rows are parsed in
    strict mode, so a stray quote is an error instead of a field that
    silently swallows the rows after it; the lines it swallowed are read
    again as rows (:func:`_csv_rows`).
    """
    csv.field_size_limit(max(csv.field_size_limit(), max_chars))
    lines = _CsvLines(text, max_chars)
    first_line = lines.peek_first()
    dialect = {"delimiter": _delimiter(first_line, delimiter), "strict": True}
    lines.start_record()
    try:
        header = next(csv.reader(lines, **dialect), None)
    except csv.Error as exc:
        yield IngestError(path, f"malformed CSV header ({exc})")
        return
    if not header:
        yield IngestError(path, "empty file")
        return
    problem = _header_problem(header, resolver)
    if problem:
        yield IngestError(path, problem)
        return
    yield from _csv_rows(lines, dialect, header, path, resolver, max_chars)


# What a strict-mode ``csv.Error`` means for the person who wrote the file.
_CSV_PROBLEMS = (
    ("unexpected end of data", "a quote opened here is never closed"),
    ("expected after", "text follows a closing quote (a stray quote?)"),
    ("field larger than field limit", "a field runs past the {limit} limit (a quote never closed?)"),
)


def _csv_problem(exc: csv.Error, max_chars: int) -> str:
    message = str(exc)
    for marker, problem in _CSV_PROBLEMS:
        if marker in message:
            return problem.format(limit=megabytes(max_chars))
    return message


def _csv_rows(
    lines: "_CsvLines", dialect: dict, header: list[str], path: str, resolver: FieldResolver, max_chars: int
) -> Iterator[Item]:
    """One document or one error per row.

    A row that breaks (a quote never closed, text after a closing quote, the
    wrong number of fields) after running over several lines is reported at
    its first line, and the lines after that are read again as rows: a stray
    quote costs its own row, not every row it swallowed.
    """
    reader = csv.reader(lines, **dialect)
    row_number = 0
    while True:
        lines.start_record()
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row_number += 1
            yield IngestError(f"{path}#row={row_number}", _resync(lines, _csv_problem(exc, max_chars)))
            reader = csv.reader(lines, **dialect)
            continue
        if not any(cell.strip() for cell in row):
            continue
        row_number += 1
        locator = f"row={row_number}"
        if len(row) != len(header):
            problem = f"{len(row)} fields, header has {len(header)}"
            if lines.record_spans_lines():
                yield IngestError(f"{path}#{locator}", _resync(lines, problem + " (a stray quote?)"))
                reader = csv.reader(lines, **dialect)
            else:
                yield IngestError(f"{path}#{locator}", f"malformed CSV row at line {lines.record_start()}: {problem}")
        elif any(has_undecodable(cell) for cell in row):
            yield IngestError(f"{path}#{locator}", f"undecodable bytes in row at line {lines.record_start()}")
        else:
            yield record_to_document(dict(zip(header, row)), path, locator, resolver)


def _resync(lines: "_CsvLines", problem: str) -> str:
    """Give back every line of the broken row but its first; the message says so."""
    start = lines.record_start()
    again = lines.push_back_all_but_first()
    suffix = f"; lines {start + 1}-{start + again} read again as rows" if again > 1 else (
        f"; line {start + 1} read again as a row" if again == 1 else "")
    return f"malformed CSV row at line {start}: {problem}{suffix}"


class _CsvLines:
    """Physical lines for ``csv.reader``, numbered, with the lines of the current row kept for a re-read.

    A cap on one line's length keeps a quote-less 1 GB line out of memory.
    Hand-written because ``csv.reader`` can neither report where a row
    started nor back up after a broken quote.
    """

    def __init__(self, text: TextIO, max_chars: int):
        self.text, self.max_chars = text, max_chars
        self.read_count = 0
        self.pending: collections.deque[tuple[int, str]] = collections.deque()
        self.record: list[tuple[int, str]] = []

    def peek_first(self) -> str:
        """The first line (the header), left in place to be read again."""
        line = self.text.readline(self.max_chars)
        if line:
            self.read_count += 1
            self.pending.append((self.read_count, line))
        return line

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.pending:
            item = self.pending.popleft()
        else:
            line = self.text.readline(self.max_chars)
            if not line:
                raise StopIteration
            self.read_count += 1
            item = (self.read_count, line)
        self.record.append(item)
        return item[1]

    def start_record(self) -> None:
        self.record = []

    def record_start(self) -> int:
        return self.record[0][0] if self.record else self.read_count

    def record_spans_lines(self) -> bool:
        return len(self.record) > 1

    def push_back_all_but_first(self) -> int:
        """Queue the current row's lines after its first to be read again; how many."""
        again = self.record[1:]
        self.pending.extendleft(reversed(again))
        self.record = self.record[:1]
        return len(again)
