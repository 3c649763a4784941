"""Property-based fuzzing of the readers, the cleaner and the ingest loop (hypothesis).

``make test`` runs a few dozen derandomized examples per property, so CI is
deterministic; ``make fuzz`` sets ``NEWSLEDGER_FUZZ=1`` for thousands of
random ones (saved failures go to ``.hypothesis/``).  Inputs it found that
broke a promise are kept as plain tests in ``test_hostile_inputs.py``.

The promises checked: a reader never raises, and yields documents with text
or errors of one line that name their input; the cleaner never raises, its
removals point into the original text, and learned lines never empty a text;
a well-formed CSV or JSON file reads back exactly; every input to the ledger
is an article with words or one error line.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsledger.clean import clean_text, extract_html, line_key, sniff_text
from newsledger.ingest import IngestError, iter_documents
from newsledger.ingest.dates import read_published
from newsledger.ledger import Ledger
from newsledger.model import RawDocument

LONG_RUN = os.environ.get("NEWSLEDGER_FUZZ") == "1"


def budget(examples: int) -> settings:
    """A few derandomized examples in the test suite, many random ones under ``make fuzz``."""
    if LONG_RUN:
        return settings(max_examples=examples * 50, deadline=None, suppress_health_check=list(HealthCheck))
    return settings(
        max_examples=examples, derandomize=True, database=None, deadline=None,
        suppress_health_check=list(HealthCheck),
    )


# --- input strategies ------------------------------------------------------------

# Characters that break formats: quotes, delimiters, line ends, markup, NUL, BOM,
# lone surrogates are left out (they cannot be written as UTF-8).
AWKWARD = "\"',;|\t\r\n<>/&#=:{}[]\\\x00\x0b\x1f\u00a0\u200b\ufeff\u2028é—“”0123456789 "
words = st.text(alphabet=st.sampled_from("abcdefghij klmnop ") | st.sampled_from(AWKWARD), max_size=60)
json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | words
json_values = st.recursive(
    json_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(words, inner, max_size=3), max_leaves=8
)
date_like = st.sampled_from([
    "2017-01-28", "28/01/2017", "01/02/2017", "31/02/2023", "1.2.03", "yesterday-ish", "2017", "0001-01-01",
    "99999999999999999999", "Sat, 28 Jan 2017 14:05:00 GMT", "", " ", "2017-02-30T10:00:00Z",
]) | words
FIELD_NAMES = ["text", "content", "body", "title", "date", "published", "source", "url", "id", "authors"]
records = st.dictionaries(st.sampled_from(FIELD_NAMES), json_values | date_like, max_size=6)


def jsonl(items: list) -> bytes:
    return "\n".join(json.dumps(r) if not isinstance(r, str) else r for r in items).encode("utf-8", "surrogatepass")


jsonl_files = st.lists(records | words, max_size=6).map(jsonl)
json_arrays = st.lists(records, max_size=5).map(lambda rs: json.dumps(rs, indent=1).encode())
csv_files = st.tuples(
    st.sampled_from(["id,text,date\n", "text\n", "title;text\n", "a,b\n", ""]),
    st.lists(st.lists(words, min_size=1, max_size=4).map(",".join), max_size=6).map("\n".join),
).map(lambda parts: (parts[0] + parts[1]).encode("utf-8", "surrogatepass"))
TAGS = ["<html>", "</html>", "<body>", "<div>", "</div>", "<p>", "</p>", "<script>", "</script>", "<br>", "<!--",
        "-->", "&amp;", "&#0;", "<meta charset='x-unknown'>", "<article>", "<title>", "</title>", "<?xml ?>"]
html_pages = st.lists(st.sampled_from(TAGS) | words, max_size=40).map("".join)
raw_bytes = st.binary(max_size=200)


def _warc(pages: list[bytes]) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    for n, body in enumerate(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.org/{n}", "response",
                                                      payload=io.BytesIO(body), http_headers=headers))
    return out.getvalue()


@st.composite
def warc_files(draw) -> bytes:
    """A small valid archive, then cut short or with a few bytes overwritten."""
    data = bytearray(_warc([p.encode("utf-8", "surrogatepass") for p in draw(st.lists(html_pages, max_size=3))]))
    for _ in range(draw(st.integers(0, 3))):
        if data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    cut = draw(st.integers(0, len(data)))
    return bytes(data[:cut]) if draw(st.booleans()) else bytes(data)


EXTENSIONS = ["txt", "html", "jsonl", "json", "csv", "tsv", "warc", "", "bin"]
payloads = st.one_of(jsonl_files, json_arrays, csv_files, html_pages.map(str.encode), raw_bytes, warc_files(),
                     words.map(lambda w: w.encode("utf-8", "surrogatepass")))


@st.composite
def input_files(draw) -> tuple[str, bytes]:
    """(file name, bytes), sometimes gzipped, with an extension that may not match the content."""
    data = draw(payloads)
    ext = draw(st.sampled_from(EXTENSIONS))
    name = f"input.{ext}" if ext else "input"
    if draw(st.integers(0, 4)) == 0:
        data = gzip.compress(data)
        name += ".gz"
    return name, data


# --- helpers ------------------------------------------------------------------------


def read_file(name: str, data: bytes) -> tuple[str, list]:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, name)
        Path(path).write_bytes(data)
        return path, list(iter_documents([path]))


def check_item(item, origin: str) -> None:
    if isinstance(item, IngestError):
        line = str(item)
        assert "\n" not in line and "\r" not in line, line
        assert line.startswith(origin), line
        assert item.reason.strip()
        return
    assert isinstance(item, RawDocument)
    assert item.origin.startswith(origin)
    assert isinstance(item.content, str) and item.content.strip()
    assert item.kind in ("text", "html") and re.fullmatch(r"[0-9a-f]{64}", item.raw_sha256)
    assert item.published is None or isinstance(item.published, dt.date)
    for warning in item.warnings:
        assert "\n" not in warning


# --- readers --------------------------------------------------------------------------


@budget(80)
@given(input_files())
def test_readers_never_raise_and_yield_documents_or_one_line_errors(file):
    path, items = read_file(*file)
    for item in items:
        check_item(item, path)


@budget(40)
@given(payloads)
def test_stdin_is_read_like_a_file(data):
    for item in iter_documents(["-"], stdin=io.BytesIO(data)):
        check_item(item, "<stdin>")


FIELD_TEXT = st.text(alphabet=st.sampled_from("abc xyz,;\"'\n\r\t|é“"), min_size=1, max_size=40).filter(
    lambda t: any(c.isalpha() for c in t))


@budget(60)
@given(st.lists(st.tuples(FIELD_TEXT, FIELD_TEXT), min_size=1, max_size=6), st.sampled_from([",", "\t"]))
def test_a_well_formed_csv_reads_back_exactly(rows, delimiter):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["title", "text"])
    writer.writerows(rows)
    path, items = read_file("rows.csv" if delimiter == "," else "rows.tsv", buffer.getvalue().encode())
    assert all(isinstance(i, RawDocument) for i in items), items
    assert [(d.title, d.content) for d in items] == [
        (" ".join(t.split()) and t.strip() or None, x) for t, x in rows]


@budget(60)
@given(st.lists(st.tuples(FIELD_TEXT, date_like), min_size=1, max_size=6))
def test_well_formed_json_lines_read_back_exactly(rows):
    data = jsonl([{"text": text, "date": date} for text, date in rows])
    path, items = read_file("recs.jsonl", data)
    assert [d.content for d in items if isinstance(d, RawDocument)] == [t for t, _ in rows if t.strip()]


@budget(80)
@given(json_values | date_like | st.datetimes() | st.dates())
def test_a_date_is_read_or_refused_with_a_reason(value):
    day, problem = read_published(value)
    assert day is None or problem is None
    if day is None and problem is None:
        assert value is None or not str(value).strip()
    if day is not None:
        assert 1800 <= day.year <= dt.date.today().year + 1


# --- cleaner --------------------------------------------------------------------------

report_lines = st.lists(
    words | st.sampled_from(["Share this article", "Sign up for our newsletter", "(Visited 12 times, 1 visits today)",
                             "Featured post", "Earn $500 a day from home...", "© 2020 Example Media",
                             "The council voted on Tuesday, officials said.", ""]),
    max_size=12,
).map("\n".join)


@budget(80)
@given(report_lines, st.lists(words, max_size=4))
def test_the_cleaner_explains_every_removal_and_learned_lines_never_empty_a_text(text, learned):
    plain = clean_text(text)
    repeated = frozenset(line_key(line) for line in learned + text.splitlines()[:3]) - {""}
    with_learned = clean_text(text, repeated=repeated)
    for result in (plain, with_learned):
        for removal in result.removed:
            assert text[removal.start : removal.end] == removal.text
        assert "\n\n\n" not in result.text
    if plain.text:
        assert with_learned.text


@budget(60)
@given(report_lines)
def test_the_text_header_sniffer_never_raises(text):
    meta = sniff_text(text)
    assert 0 <= meta.body_start <= len(text)


@budget(30)
@given(html_pages, st.integers(0, 400))
def test_html_extraction_never_raises(page, depth):
    result = extract_html("<div>" * depth + page + "</div>" * depth)
    assert isinstance(result.text, str)


# --- the ingest loop ------------------------------------------------------------------


@budget(8)
@given(st.lists(input_files(), min_size=1, max_size=4))
def test_every_input_becomes_an_article_with_words_or_an_error_line(files):
    with tempfile.TemporaryDirectory() as folder:
        for n, (name, data) in enumerate(files):
            Path(folder, f"{n}_{name}").write_bytes(data)
        with Ledger(os.path.join(folder, "fuzz.duckdb")) as ledger:
            summary = ledger.ingest([folder], analyze=False)
            texts = [r[0] for r in ledger.store.con.execute("SELECT text FROM articles").fetchall()]
        assume(summary.ingested + summary.unchanged + len(summary.failed) > 0)
    assert all(re.search(r"[^\W\d_]", t) for t in texts)
    assert len(texts) == summary.ingested
    assert all("\n" not in line for line in summary.failed + summary.warnings)
