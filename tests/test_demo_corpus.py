"""The demo corpus (data/demo) agrees with its manifest (data/demo/expected.yaml).

Later stages test themselves against the manifest, so a wrong manifest would
make their tests lie. These checks need no pipeline: only the files.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import json
import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from dateutil import parser as dateparser
from warcio.archiveiterator import ArchiveIterator

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
SEEDS = Path("/work/shared/seeds")
WARC = "crawl.warc.gz"


@pytest.fixture(scope="module")
def expected() -> dict:
    return yaml.safe_load((DEMO / "expected.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def warc_records() -> list[dict]:
    """All records of the WARC with type, URI, HTTP content type and payload."""
    records = []
    with open(DEMO / WARC, "rb") as fh:
        for rec in ArchiveIterator(fh):
            content_type = rec.http_headers.get_header("Content-Type") if rec.http_headers else None
            records.append(
                {
                    "type": rec.rec_type,
                    "record_id": rec.rec_headers.get_header("WARC-Record-ID").strip("<>"),
                    "uri": rec.rec_headers.get_header("WARC-Target-URI"),
                    "content_type": content_type,
                    "payload": rec.content_stream().read(),
                }
            )
    return records


@pytest.fixture(scope="module")
def jsonl_records() -> dict[str, dict]:
    lines = (DEMO / "feed_export.jsonl").read_text(encoding="utf-8").splitlines()
    return {rec["id"]: rec for rec in map(json.loads, lines)}


@pytest.fixture(scope="module")
def csv_records() -> dict[str, dict]:
    with open(DEMO / "regional_papers.csv", encoding="utf-8", newline="") as fh:
        return {row["id"]: row for row in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def texts(expected, warc_records, jsonl_records, csv_records) -> dict[str, str]:
    """The text of every document key: file text, record text field or WARC payload."""
    payloads = {r["uri"]: r["payload"] for r in warc_records if r["type"] == "response"}
    out = {}
    for key in expected["documents"]:
        path, _, ref = key.partition("#")
        if path.endswith(".jsonl"):
            out[key] = jsonl_records[ref.removeprefix("id=")]["text"]
        elif path.endswith(".csv"):
            out[key] = csv_records[ref.removeprefix("id=")]["body"]
        elif path.endswith(".warc.gz"):
            out[key] = payloads[ref.removeprefix("uri=")].decode("utf-8")
        else:
            out[key] = (DEMO / path).read_text(encoding="utf-8")
    return out


def listed_files(expected: dict) -> set[str]:
    files = {key.partition("#")[0] for key in expected["documents"]}
    files |= set(expected["containers"]) | set(expected["support_files"]) | set(expected["warc_sources"])
    return files


def test_manifest_and_directory_list_the_same_files(expected):
    on_disk = {
        p.relative_to(DEMO).as_posix()
        for p in DEMO.rglob("*")
        if p.is_file() and not any(part.startswith(".") or part == "__pycache__" for part in p.relative_to(DEMO).parts)
    }
    assert listed_files(expected) == on_disk


def test_corpus_size_and_references(expected):
    docs = expected["documents"]
    assert 36 <= len(docs) <= 45
    for key, doc in docs.items():
        assert doc["story"] in expected["stories"], key
        assert doc["outlet"] in expected["outlets"], key
        for ref in ("wire_copy_of", "duplicate_of"):
            if ref in doc:
                assert doc[ref] in docs, (key, ref)
    per_story = defaultdict(int)
    for doc in docs.values():
        per_story[doc["story"]] += 1
    assert min(per_story.values()) >= 4


def test_warc_holds_the_listed_records(expected, warc_records):
    listed = expected["containers"][WARC]["records"]
    fields = ("type", "record_id", "uri")
    assert [tuple(r[f] for f in fields) for r in warc_records] == [tuple(r[f] for f in fields) for r in listed]
    for rec, want in zip(warc_records, listed):
        if rec["type"] != "response":
            continue
        assert rec["content_type"].split(";")[0] == want["content_type"]
        if "source_file" in want:
            assert rec["payload"] == (DEMO / want["source_file"]).read_bytes()


def test_warc_is_reproducible_from_its_sources(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("make_warc", DEMO / "make_warc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "OUTPUT", tmp_path / WARC)
    module.main()
    assert (tmp_path / WARC).read_bytes() == (DEMO / WARC).read_bytes()


def test_warc_documents_point_at_html_responses(expected, warc_records):
    html_uris = {r["uri"] for r in warc_records if r["type"] == "response" and r["content_type"].startswith("text/html")}
    warc_docs = {key.split("#uri=")[1] for key in expected["documents"] if key.startswith(WARC)}
    assert warc_docs == html_uris
    assert set(expected["warc_sources"].values()) == {f"{WARC}#uri={uri}" for uri in html_uris}


def test_jsonl_and_csv_records_match_the_manifest(expected, jsonl_records, csv_records):
    assert list(jsonl_records) == expected["containers"]["feed_export.jsonl"]["records"]
    assert list(csv_records) == expected["containers"]["regional_papers.csv"]["records"]
    with open(DEMO / "regional_papers.csv", encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == expected["containers"]["regional_papers.csv"]["columns"]
    for key, doc in expected["documents"].items():
        path, _, ref = key.partition("#id=")
        records = {"feed_export.jsonl": jsonl_records, "regional_papers.csv": csv_records}.get(path)
        if records is None:
            continue
        record = records[ref]
        for field, value in doc["fields"].items():
            assert record[field] == value, (key, field)
        assert record[{"feed_export.jsonl": "text", "regional_papers.csv": "body"}[path]].strip()


def test_record_dates_give_the_published_day(expected, jsonl_records, csv_records):
    for key, doc in expected["documents"].items():
        path, _, ref = key.partition("#id=")
        if path == "feed_export.jsonl":
            raw = jsonl_records[ref]["published"]
        elif path == "regional_papers.csv":
            raw = csv_records[ref]["date"]
        else:
            continue
        assert dateparser.parse(raw).date() == doc["published"], key


class _MetaCollector(HTMLParser):
    """Collects <title> and the five metadata fields the manifest lists."""

    NAMES = {
        ("name", "author"): "author",
        ("property", "article:published_time"): "published_time",
        ("property", "og:site_name"): "site_name",
        ("property", "og:url"): "url",
    }

    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "meta":
            for (attr, value), field in self.NAMES.items():
                if attrs.get(attr) == value:
                    self.meta[field] = attrs.get("content")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.meta["title"] = self.meta.get("title", "") + data


def test_html_metadata_is_as_listed(expected, texts):
    html_docs = {k: d for k, d in expected["documents"].items() if d["format"] in ("html", "warc")}
    assert len(html_docs) >= 8
    for key, doc in html_docs.items():
        collector = _MetaCollector()
        collector.feed(texts[key])
        assert collector.meta == doc["html_meta"], key
        if "published_time" in doc["html_meta"]:
            assert doc["html_meta"]["published_time"].startswith(doc["published"].isoformat()), key


def test_planted_boilerplate_is_present_verbatim(expected, texts):
    for key, doc in expected["documents"].items():
        for line in doc.get("boilerplate", []):
            assert line in texts[key], (key, line)


def test_one_source_repeats_lines_across_many_articles(expected):
    holders = defaultdict(set)
    for key, doc in expected["documents"].items():
        for line in doc.get("boilerplate", []):
            holders[(doc["outlet"], line)].add(key)
    assert max(len(keys) for keys in holders.values()) >= 4


def test_exact_duplicate_is_byte_identical(expected):
    dups = {k: d["duplicate_of"] for k, d in expected["documents"].items() if "duplicate_of" in d}
    assert dups
    for copy, original in dups.items():
        assert copy != original
        assert (DEMO / copy).read_bytes() == (DEMO / original).read_bytes()


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if len(p.strip()) > 80]


def test_wire_copies_reuse_the_original_paragraphs(expected, texts):
    copies = {k: d for k, d in expected["documents"].items() if "wire_copy_of" in d}
    assert len(copies) >= 4
    for key, doc in copies.items():
        original = [p for p in _paragraphs(texts[doc["wire_copy_of"]]) if not p.startswith("(")]
        reused = sum(p in texts[key] for p in original)
        share = reused / len(original)
        if doc["copy_kind"] == "verbatim":
            assert share == 1.0, key
        else:
            assert 0.4 <= share < 1.0, (key, share)


def test_mojibake_is_real_misdecoding(expected, texts):
    planted = {k: d["mojibake"] for k, d in expected["documents"].items() if "mojibake" in d}
    assert {m["encoding"] for m in planted.values()} >= {"mac_roman", "cp1252"}
    for key, moji in planted.items():
        for bad, clean in zip(moji["samples"], moji["clean"], strict=True):
            assert clean.encode("utf-8").decode(moji["encoding"]) == bad, key
            assert bad in texts[key], (key, bad)
            assert clean not in texts[key], (key, clean)


def test_nbsp_documents_hold_raw_non_breaking_spaces(expected, texts):
    marked = [k for k, d in expected["documents"].items() if d.get("nbsp")]
    assert marked
    for key in marked:
        assert "\u00a0" in texts[key], key


def test_evidence_strings_occur_in_their_documents(expected, texts):
    cited = []
    for item in expected["contradictions"]:
        assert len({c["value"] for c in item["claims"]}) == 2
        cited += [(c["doc"], c["evidence"]) for c in item["claims"]]
    cited += [(r["doc"], r["evidence"]) for r in expected["recaps"]]
    cited += [(c["doc"], c["evidence"]) for c in expected["second_hand_claims"]]
    cited += [(q["doc"], q["text"]) for q in expected["quotes"]]
    for key, evidence in cited:
        assert evidence in texts[key], (key, evidence)


def test_recaps_predate_their_reports(expected):
    for recap in expected["recaps"]:
        recalled = str(recap["date"])
        published = expected["documents"][recap["doc"]]["published"].isoformat()
        assert recalled < published, recap


def test_key_events_belong_to_known_stories(expected):
    assert set(expected["key_events"]) == set(expected["stories"])
    for events in expected["key_events"].values():
        for event in events:
            assert event["type"].isupper() and event["actors"]
            assert isinstance(event["date"], (dt.date, str))


@pytest.mark.shared
def test_no_long_passage_is_shared_with_the_seeds(texts):
    if not SEEDS.is_dir():
        pytest.skip("shared seeds not available")

    def shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", text.lower())
        return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}

    seed_shingles = set().union(*(shingles(p.read_text(encoding="utf-8", errors="replace")) for p in SEEDS.glob("*.txt")))
    for key, text in texts.items():
        assert not shingles(text) & seed_shingles, key


def test_every_document_is_utf8(expected):
    for path in listed_files(expected):
        data = (DEMO / path).read_bytes()
        if path.endswith(".gz"):
            continue
        data.decode("utf-8")
        assert b"\x00" not in data, path
