"""HTML pages: main text with paragraphs, and the page's own metadata, via trafilatura."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest

from newsledger.clean import HtmlExtract, clean_text, extract_html
from newsledger.evaluate.extraction import prf
from conftest import SHARED_DATA

BENCH = SHARED_DATA / "article-extraction"

PARAGRAPHS = [
    "The harbour authority of Valletta said on Tuesday that a new ferry terminal would open in "
    "the spring, ending two years of construction work along the northern quay.",
    "Officials told a press briefing that the terminal would handle up to four thousand "
    "passengers a day, roughly double the capacity of the old building it replaces.",
    "“We expect the first crossings in April,” the authority’s director said, adding that "
    "fares would not rise for island residents during the first season of operation.",
    "Local businesses near the quay have complained about noise and closed roads, and a "
    "residents’ group has asked the council to limit night work until the opening.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>New ferry terminal to open in spring | Harbour Gazette</title>
<meta property="og:title" content="New ferry terminal to open in spring">
<meta property="og:site_name" content="Harbour Gazette">
<meta name="author" content="Maria Vella">
<meta property="article:published_time" content="2023-03-14T09:30:00+01:00">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav>
<main><article>
<h1>New ferry terminal to open in spring</h1>
<p class="byline">By Maria Vella</p>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
<p>Share this article</p>
</article>
<aside class="newsletter"><p>Sign up to receive our latest news!</p></aside>
</main>
<footer><p>Copyright 2023 Harbour Gazette. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> | <a href="/terms">Terms</a></p></footer>
</body></html>"""


@pytest.fixture(scope="module")
def extracted() -> HtmlExtract:
    return extract_html(PAGE, url="https://harbour-gazette.example/news/ferry-terminal")


def test_main_text_paragraphs(extracted: HtmlExtract) -> None:
    paragraphs = extracted.text.split("\n\n")
    for paragraph in PARAGRAPHS:
        assert paragraph in paragraphs
    assert "Weather" not in extracted.text
    assert "All rights reserved" not in extracted.text


def test_metadata(extracted: HtmlExtract) -> None:
    assert extracted.title == "New ferry terminal to open in spring"
    assert extracted.authors == ["Maria Vella"]
    assert extracted.published == dt.date(2023, 3, 14)
    assert extracted.sitename == "Harbour Gazette"
    assert extracted.url == "https://harbour-gazette.example/news/ferry-terminal"
    assert extracted.language == "en"


def test_clean_after_extract_keeps_article(extracted: HtmlExtract) -> None:
    assert "Share this article" in extracted.text
    cleaned = clean_text(extracted.text)
    for paragraph in PARAGRAPHS:
        assert paragraph in cleaned.text
    assert "Share this article" not in cleaned.text
    assert "Sign up to receive" not in cleaned.text


def test_empty_page_gives_empty_text() -> None:
    result = extract_html("<html><body></body></html>")
    assert result.text == "" and result.authors == [] and result.published is None


def test_benchmark_page_close_to_gold() -> None:
    if not BENCH.is_dir():
        pytest.skip("article-extraction data not available")
    truth = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    key = sorted(truth)[0]
    html = gzip.decompress((BENCH / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8")
    result = extract_html(html, url=truth[key]["url"])
    precision, recall, f1 = prf(result.text, truth[key]["articleBody"])
    assert f1 > 0.8
    assert "\n\n" in result.text
