"""Main text and metadata of an HTML page, via trafilatura."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import lxml.html
import trafilatura
from lxml import etree

# Options chosen on the article-extraction dev pages (see evaluate/extraction.py):
# comments are not the article; tables often are (data stories, results);
# favor_precision raised mean shingle F1 from 0.961 to 0.974 (recall 0.988 ->
# 0.984): for a ledger, a stray sidebar sentence costs more than a lost one.
EXTRACT_OPTIONS = dict(
    include_comments=False,
    include_tables=True,
    include_images=False,
    include_links=False,
    favor_precision=True,
    favor_recall=False,
    with_metadata=True,
    deduplicate=False,
)
# Publication dates from the page's own markup only (meta tags, JSON-LD, <time>,
# the URL), not htmldate's extensive search through free text, which guesses.
DATE_PARAMS = {"original_date": True, "extensive_search": False}
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\band\b|&|\|)\s*")
# trafilatura only detects language with an optional package we do not ship;
# the page's declared <html lang> is the honest fallback.
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.IGNORECASE)


# libxml2 drops everything nested deeper than 256 elements unless the parse
# is flagged "huge" (its depth limit is then 2048): generated pages with a
# few hundred wrapper <div>s otherwise lose their whole text.  Same options
# as trafilatura's own parser, plus huge_tree.
_DEEP_PARSER = lxml.html.HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
)


@dataclass
class HtmlExtract:
    """The article text (paragraphs separated by a blank line) and page metadata."""

    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: dt.date | None = None
    sitename: str | None = None
    url: str | None = None
    language: str | None = None


def _paragraphs(text: str | None) -> str:
    """trafilatura puts one block per line; we separate paragraphs by a blank line."""
    if not text:
        return ""
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip())


def _authors(value: str | None) -> list[str]:
    if not value:
        return []
    return [name for name in (p.strip() for p in _AUTHOR_SPLIT.split(value)) if name]


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def declared_language(html: str) -> str | None:
    """The primary language subtag the page declares, e.g. "en" for lang="en-GB"."""
    match = _HTML_LANG.search(html[:5000])
    return match.group(1).lower() if match else None


def _deep_tree(html: str):
    """The page parsed without libxml2's depth limit, or None when it does not parse."""
    try:
        return lxml.html.fromstring(html.encode("utf-8", "surrogatepass"), parser=_DEEP_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def _extract(page, url: str | None):
    return trafilatura.bare_extraction(page, url=url, date_extraction_params=dict(DATE_PARAMS), **EXTRACT_OPTIONS)


def extract_html(html: str, url: str | None = None) -> HtmlExtract:
    """Main text and metadata; an empty ``text`` when trafilatura finds no article.

    A page with no text at the normal parse is parsed once more without the
    depth limit: only pages that would otherwise be refused pay for it.  The
    second parse also reads fragments trafilatura's loader rejects as not
    quite HTML (a lone ``<p>`` followed by text), which recovered the one
    GVC dev record that had been stored empty.
    """
    doc = _extract(html, url)
    if doc is None or not (doc.text or "").strip():
        tree = _deep_tree(html)
        deep = _extract(tree, url) if tree is not None else None
        doc = deep if deep is not None and (deep.text or "").strip() else doc
    if doc is None:
        return HtmlExtract(text="", url=url)
    return HtmlExtract(
        text=_paragraphs(doc.text),
        title=doc.title or None,
        authors=_authors(doc.author),
        published=_date(doc.date),
        sitename=doc.sitename or None,
        url=doc.url or url,
        language=doc.language or declared_language(html),
    )
