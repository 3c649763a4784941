"""The ingest readers on real files written into tmp_path (and the shared FakeNewsCorpus sample)."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import itertools
import json
import os
import tracemalloc
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsledger.ingest import IngestError, iter_documents, parse_field_map
from newsledger.ingest.dates import parse_published
from newsledger.model import RawDocument
from conftest import SHARED_DATA

FAKENEWS = SHARED_DATA / "fakenewscorpus-sample" / "news_sample.csv"

STORY = (
    "Two leaders spoke by telephone on Saturday about trade and security, "
    "according to officials on both sides. Neither office released a transcript.\n"
)
PAGE = "<!DOCTYPE html><html><head><title>Call</title></head><body><p>{}</p></body></html>"


def read(paths, **kwargs) -> tuple[list[RawDocument], list[IngestError]]:
    items = list(iter_documents([str(p) for p in paths], **kwargs))
    docs = [i for i in items if isinstance(i, RawDocument)]
    errors = [i for i in items if isinstance(i, IngestError)]
    assert len(docs) + len(errors) == len(items)
    return docs, errors


def only_error(paths, **kwargs) -> IngestError:
    docs, errors = read(paths, **kwargs)
    assert docs == [] and len(errors) == 1, (docs, errors)
    return errors[0]


# --- single-article files -------------------------------------------------


def test_text_file_is_one_document_with_sha_of_the_file_bytes(tmp_path):
    path = tmp_path / "call.txt"
    path.write_text(STORY, encoding="utf-8")
    (doc,), errors = read([path])
    assert errors == []
    assert (doc.origin, doc.kind, doc.content) == (str(path), "text", STORY)
    assert doc.raw_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.published is None and doc.published_from is None


def test_same_content_twice_has_the_same_sha(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(STORY.encode()))
    docs, _ = read([tmp_path])
    assert len({d.raw_sha256 for d in docs}) == 1


def test_html_and_gzipped_variants(tmp_path):
    html = PAGE.format("Officials confirmed the call.")
    (tmp_path / "a.html").write_text(html)
    (tmp_path / "b.HTM").write_text(html)
    (tmp_path / "c.html.gz").write_bytes(gzip.compress(html.encode()))
    (tmp_path / "d.txt.gz").write_bytes(gzip.compress(STORY.encode()))
    docs, errors = read([tmp_path])
    assert errors == []
    assert [(Path(d.origin).name, d.kind) for d in docs] == [
        ("a.html", "html"), ("b.HTM", "html"), ("c.html.gz", "html"), ("d.txt.gz", "text")]
    assert docs[2].content == html and docs[3].content == STORY


def test_file_without_extension_is_sniffed(tmp_path):
    (tmp_path / "plain").write_text(STORY)
    (tmp_path / "page").write_text(PAGE.format("x"))
    docs, errors = read([tmp_path])
    assert errors == [] and [d.kind for d in docs] == ["html", "text"]


def test_legacy_and_bom_encodings_decode(tmp_path):
    western = "The caf\u00e9 reopened; its owner, a na\u00efve man, said the fa\u00e7ade was painted twice.\n" * 3
    (tmp_path / "a.txt").write_bytes(western.encode("cp1252"))
    (tmp_path / "b.txt").write_bytes(STORY.encode("utf-16"))
    (tmp_path / "c.txt").write_bytes(b"\xef\xbb\xbf" + STORY.encode())
    html = '<html><head><meta charset="iso-8859-1"></head><body><p>Caf\u00e9 society.</p></body></html>'
    (tmp_path / "d.html").write_bytes(html.encode("latin-1"))
    (tmp_path / "e.html").write_bytes(html.encode("utf-8"))
    docs, errors = read([tmp_path])
    assert errors == []
    assert [d.content for d in docs] == [western, STORY, STORY, html, html]


# --- WARC ------------------------------------------------------------------


def write_warc(path: Path, gzipped: bool, pages: int = 2) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzipped)

        def response(url: str, status: str, ctype: str, body: bytes) -> None:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)

        request = StatusAndHeaders("GET /news/1 HTTP/1.1", [("Host", "example.org")], is_http_request=True)
        writer.write_record(writer.create_warc_record("https://example.org/news/1", "request", http_headers=request))
        for n in range(pages):
            body = PAGE.format(f"Story {n}: caf\u00e9 talks resumed.").encode("cp1252")
            response(f"https://example.org/news/{n}", "200 OK", "text/html; charset=windows-1252", body)
        response("https://example.org/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
        response("https://example.org/gone", "404 Not Found", "text/html", b"<html><body>missing</body></html>")


@pytest.mark.parametrize("name,gzipped", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_keeps_only_successful_html_responses(tmp_path, name, gzipped):
    path = tmp_path / name
    write_warc(path, gzipped)
    docs, errors = read([path])
    assert errors == []
    assert [d.url for d in docs] == ["https://example.org/news/0", "https://example.org/news/1"]
    doc = docs[0]
    assert doc.kind == "html" and "caf\u00e9 talks" in doc.content
    assert doc.origin.startswith(f"{path}#record=urn:uuid:")
    assert isinstance(doc.fetched, dt.datetime)
    assert doc.raw_sha256 == hashlib.sha256(doc.content.encode("cp1252")).hexdigest()


@pytest.mark.parametrize("name,gzipped", [("cut.warc", False), ("cut.warc.gz", True)])
def test_truncated_warc_keeps_earlier_records_and_reports_once(tmp_path, name, gzipped):
    full = tmp_path / ("full" + name[3:])
    write_warc(full, gzipped, pages=6)
    data = full.read_bytes()
    path = tmp_path / name
    path.write_bytes(data[: len(data) * 2 // 3])
    docs, errors = read([path])
    assert 1 <= len(docs) < 6
    assert len(errors) == 1 and errors[0].origin == str(path)
    assert "truncated" in errors[0].reason


# --- record files ----------------------------------------------------------

RECORDS = [
    {"id": "a1", "headline": "Leaders talk", "body": STORY, "link": "https://example.org/a1",
     "publishedAt": "2017-01-28T18:00:00-05:00", "author": "Ann Lee, Bo Chen", "site": "Example Wire"},
    {"title": "No id here", "text": "<div><p>Markup body.</p></div>", "date": "28 January 2017",
     "authors": ["Cy Dao"], "source": {"name": "Paper"}},
    {"_id": {"$oid": "5f0c"}, "content": "Undated text.", "date": "2017"},
]


def check_records(docs, path):
    first, second, third = docs
    assert (first.origin, first.external_id) == (f"{path}#id=a1", "a1")
    assert (first.title, first.url, first.source) == ("Leaders talk", "https://example.org/a1", "Example Wire")
    assert first.authors == ["Ann Lee", "Bo Chen"] and first.kind == "text"
    assert (first.published, first.published_from) == (dt.date(2017, 1, 28), "metadata")
    assert first.raw_sha256 == hashlib.sha256(STORY.encode()).hexdigest()
    assert second.kind == "html" and second.source == "Paper" and second.authors == ["Cy Dao"]
    assert second.published == dt.date(2017, 1, 28)
    assert third.external_id == "5f0c" and third.published is None and third.published_from is None


@pytest.mark.parametrize("name", ["recs.jsonl", "recs.ndjson", "recs.jsonl.gz"])
def test_json_lines(tmp_path, name):
    path = tmp_path / name
    data = "\n".join(json.dumps(r) for r in RECORDS).encode()
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    docs, errors = read([path])
    assert errors == []
    check_records(docs, path)
    assert docs[1].origin == f"{path}#line=2"


@pytest.mark.parametrize("layout", ["array", "pretty-objects", "lines"])
def test_json_file_layouts(tmp_path, layout):
    path = tmp_path / "recs.json"
    if layout == "array":
        path.write_text(json.dumps(RECORDS, indent=2))
    elif layout == "pretty-objects":
        path.write_text("\n".join(json.dumps(r, indent=2) for r in RECORDS))
    else:
        path.write_text("\n".join(json.dumps(r) for r in RECORDS))
    docs, errors = read([path])
    assert errors == []
    check_records(docs, path)


def test_json_array_with_a_broken_item_keeps_earlier_records(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[\n{"text": "one"},\n{"text": "two"},\n{"text": tree}\n]')
    docs, errors = read([path])
    assert [d.content for d in docs] == ["one", "two"]
    assert len(errors) == 1 and "line 4" in errors[0].reason and "malformed JSON" in errors[0].reason


def test_malformed_json_lines_give_one_error_each(tmp_path):
    path = tmp_path / "mixed.jsonl"
    accented = "caf\u00e9 cr\u00e8me na\u00efve " * 10
    lines = [json.dumps({"text": accented}, ensure_ascii=False), '{"text": "cut', "", "[1, 2]",
             '{"text": "good two"}', "not json"]
    path.write_bytes("\n".join(lines).encode() + b"\n{\"text\": \"\xff\xfe\"}\n")
    docs, errors = read([path])
    assert [d.content for d in docs] == [accented, "good two"]
    assert [e.origin.rsplit("#", 1)[1] for e in errors] == ["line=2", "line=4", "line=6", "line=7"]
    assert "malformed JSON" in errors[0].reason and "not an object" in errors[1].reason
    assert "undecodable" in errors[3].reason
    assert all("\n" not in str(e) and str(e).startswith(str(path)) for e in errors)


def write_csv(path: Path, rows, delimiter=",") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    data = buffer.getvalue().encode()
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)


@pytest.mark.parametrize("name,delimiter", [("a.csv", ","), ("a.csv.gz", ","), ("a.tsv", "\t")])
def test_csv_with_multiline_fields(tmp_path, name, delimiter):
    path = tmp_path / name
    write_csv(path, [["", "Headline", "Content", "Domain", "Authors", "Published"],
                     ["0", "Talks", STORY + "Second paragraph,\nwith a comma.", "wire.example", "Ann Lee",
                      "2019-12-29"],
                     ["1", "More", "Another, short, text.", "paper.example", "", "yesterday"]], delimiter)
    docs, errors = read([path])
    assert errors == []
    assert [d.origin for d in docs] == [f"{path}#row=1", f"{path}#row=2"]
    assert docs[0].content.endswith("with a comma.") and docs[0].source == "wire.example"
    assert docs[0].published == dt.date(2019, 12, 29) and docs[1].published is None
    assert docs[1].authors == []


def test_malformed_csv_row_is_reported_and_the_rest_read(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text('id,text\n1,"first"\n2,second,extra\n3,third\n')
    docs, errors = read([path])
    assert [d.external_id for d in docs] == ["1", "3"]
    assert len(errors) == 1 and errors[0].origin == f"{path}#row=2" and "line 3" in errors[0].reason


def test_field_map_overrides_names(tmp_path):
    path = tmp_path / "odd.csv"
    write_csv(path, [["story", "when", "text"], ["The real text.", "2017-01-28", "a summary"]])
    (doc,), errors = read([path], field_map=parse_field_map(["text=story", "published=when"]))
    assert errors == [] and doc.content == "The real text." and doc.published == dt.date(2017, 1, 28)
    error = only_error([path], field_map={"text": "missing"})
    assert "'missing'" in error.reason and "not in the header" in error.reason


def test_parse_field_map_rejects_bad_items():
    assert parse_field_map(["text=body", " Published = pub_date "]) == {"text": "body", "published": "pub_date"}
    for bad in (["text"], ["=body"], ["text="], ["colour=red"], ["text=a", "text=b"]):
        with pytest.raises(ValueError, match="bad field mapping"):
            parse_field_map(bad)


def test_csv_without_a_text_column_is_one_error(tmp_path):
    path = tmp_path / "meta.csv"
    path.write_text("id,title\n1,Only a title\n")
    assert "no text column" in only_error([path]).reason


@pytest.mark.shared
def test_fakenewscorpus_sample_ingests_as_is():
    if not FAKENEWS.exists():
        pytest.skip("shared data absent")
    docs, errors = read([FAKENEWS])
    assert errors == [] and len(docs) == 250
    assert len({d.external_id for d in docs}) == 250
    assert all(d.source and d.url and d.content.strip() for d in docs)
    assert sum(1 for d in docs if d.authors) > 100


# --- defaults --------------------------------------------------------------


def test_flag_defaults_fill_only_missing_values(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": "x", "date": "2016-05-01", "source": "Own"}))
    docs, _ = read([tmp_path], source="Flag Source", published=dt.date(2017, 1, 29))
    assert [(d.source, d.published, d.published_from) for d in docs] == [
        ("Flag Source", dt.date(2017, 1, 29), "flag"), ("Own", dt.date(2016, 5, 1), "metadata")]


@pytest.mark.parametrize("value,expected", [
    ("2017-01-28", dt.date(2017, 1, 28)), ("Sat, 28 Jan 2017 14:05:00 GMT", dt.date(2017, 1, 28)),
    ("28 janvier 2017", dt.date(2017, 1, 28)), (1485612000, dt.date(2017, 1, 28)),
    (1485612000000, dt.date(2017, 1, 28)), ("2017", None), ("January 2017", None),
    ("3 days ago", None), ("", None), ("0001-01-01", None), (None, None)])
def test_published_needs_a_full_absolute_date(value, expected):
    assert parse_published(value) == expected


# --- bad inputs ------------------------------------------------------------


def test_binary_and_empty_files(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    (tmp_path / "b.txt").write_bytes(b"text with a \x00 NUL byte")
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "e.txt").write_bytes(bytes(range(128, 256)) * 20)
    (tmp_path / "f.jsonl").write_bytes(b"")
    _, errors = read([tmp_path])
    reasons = {Path(e.origin).name: e.reason for e in errors}
    assert reasons["a.txt"].startswith("binary file, not text") and "PNG" in reasons["a.txt"]
    assert reasons["b.txt"].startswith("binary file, not text")
    assert reasons["c.txt"] == reasons["f.jsonl"] == "empty file"
    assert reasons["e.txt"].startswith("undecodable bytes")
    assert len(errors) == 5


def test_foreign_extensions_skipped_in_folders_but_checked_when_named(tmp_path):
    (tmp_path / "README.md").write_text("About this folder.")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    (tmp_path / "story.txt").write_text(STORY)
    docs, errors = read([tmp_path])
    assert errors == [] and [Path(d.origin).name for d in docs] == ["story.txt"]
    (note,), _ = read([tmp_path / "README.md"])
    assert note.content == "About this folder."
    assert only_error([tmp_path / "logo.png"]).reason.startswith("binary file, not text (PNG image)")


def test_undecodable_html_payload_is_an_error(tmp_path):
    path = tmp_path / "bad.html"
    path.write_bytes(b"<html><body><p>" + bytes(range(128, 256)) * 30 + b"</p></body></html>")
    assert only_error([path]).reason.startswith("undecodable payload")


def test_truncated_gzip_keeps_complete_records(tmp_path):
    data = "".join(json.dumps({"id": n, "text": f"record {n} " * 20}) + "\n" for n in range(3000)).encode()
    packed = gzip.compress(data)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) * 3 // 4])
    docs, errors = read([path])
    assert 1000 < len(docs) < 3000
    assert [d.external_id for d in docs] == [str(n) for n in range(len(docs))]
    assert [str(e) for e in errors] == [f"{path}: truncated gzip stream"]
    article = tmp_path / "cut.txt.gz"
    article.write_bytes(gzip.compress(STORY.encode() * 50)[:100])
    assert only_error([article]).reason == "truncated gzip stream"


def test_huge_article_is_refused_by_size_without_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as out:
        out.truncate(210_000_000)
    error = only_error([path])
    assert str(error) == f"{path}: too large for one article (210 MB > 20 MB limit)"


def test_big_record_file_streams(tmp_path):
    """A 200 MB (sparse) JSONL yields its first records without reading the rest."""
    path = tmp_path / "big.jsonl"
    line = json.dumps({"text": STORY * 10}) + "\n"
    with open(path, "wb") as out:
        out.write(line.encode() * 20)
        out.truncate(200_000_000)
    tracemalloc.start()
    try:
        first = list(itertools.islice(iter_documents([str(path)]), 5))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert all(isinstance(d, RawDocument) for d in first)
    assert peak < 5_000_000


def test_big_directory_streams_sorted_and_lazily(tmp_path):
    root = tmp_path / "many"
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    for n in range(2000):
        (root / "a" / f"{n:05d}.txt").write_text(f"Item {n}.")
    (root / ".hidden.txt").write_text("secret")
    (root / "a" / "loop").symlink_to(root)
    items = iter_documents([str(root)])
    first = next(items)
    (root / "b" / "late.txt").write_text("Written after the walk began.")
    rest = list(items)
    docs = [first] + rest
    assert all(isinstance(d, RawDocument) for d in docs)
    assert [d.content for d in docs[:3]] == ["Item 0.", "Item 1.", "Item 2."]
    assert len(docs) == 2001 and docs[-1].origin.endswith("late.txt")


def test_missing_and_unreadable_paths_do_not_stop_the_run(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(STORY)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    docs, errors = read([tmp_path / "absent.txt", tmp_path])
    assert [d.origin for d in docs] == [str(good)]
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'absent.txt'}: no such file or directory",
        f"{tmp_path / 'dangling.txt'}: no such file or directory"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without permission")
def test_unreadable_file_is_an_error(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text(STORY)
    path.chmod(0)
    assert only_error([path]).reason == "permission denied"


# --- stdin -----------------------------------------------------------------


@pytest.mark.parametrize("payload,kind,count", [
    (STORY.encode(), "text", 1),
    (PAGE.format("x").encode(), "html", 1),
    ("\n".join(json.dumps(r) for r in RECORDS).encode(), None, 3),
    (gzip.compress("\n".join(json.dumps(r) for r in RECORDS).encode()), None, 3),
])
def test_stdin_is_sniffed(payload, kind, count):
    docs, errors = read(["-"], stdin=io.BytesIO(payload))
    assert errors == [] and len(docs) == count
    assert all(d.origin.startswith("<stdin>") for d in docs)
    if kind:
        assert docs[0].kind == kind


def test_stdin_warc(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, gzipped=True)
    docs, errors = read(["-"], stdin=io.BytesIO(path.read_bytes()))
    assert errors == [] and len(docs) == 2 and docs[0].origin.startswith("<stdin>#record=")


def test_stdin_binary_is_refused():
    error = only_error(["-"], stdin=io.BytesIO(b"\x00\x01\x02" * 100))
    assert error.origin == "<stdin>" and error.reason.startswith("binary file, not text")
