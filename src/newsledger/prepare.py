"""From a raw input record to a cleaned article: extraction, metadata, cleaning.

Kept apart from storage so ``newsledger analyze`` can run the same steps on a
document without a database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlparse

from newsledger.clean import clean_text, extract_html, line_key, sniff_text
from newsledger.clean.boilerplate import match_rule
from newsledger.clean.mojibake import line_spans
from newsledger.ingest.dates import first_publication
from newsledger.model import RawDocument, Removal


# spaCy's default ``max_length``: its parser and entity recogniser need about
# 1 GB of memory per 100,000 characters, and no news report comes near a
# million characters (a book or a concatenated dump does).  Longer texts are
# refused rather than split: cut into pieces they would still be one
# "article" to dedup, stories and dating, which would be wrong about it.
MAX_TEXT_CHARS = 1_000_000
# An article has at least one letter (any script); "12345" or "—" is not one.
_LETTER = re.compile(r"[^\W\d_]")
NO_TEXT = "no article text found"
# What a page without text usually is, for the error line.
_NO_PAGE_TEXT_HINT = " (a script-only page, a paywall, or markup nested too deep?)"


class ArticleRefused(ValueError):
    """A document whose cleaned text cannot be an article; the message is the one-line reason."""


def text_problem(text: str, limit: int = MAX_TEXT_CHARS) -> str | None:
    """Why a cleaned text cannot be stored and analysed as an article, or None."""
    if not _LETTER.search(text):
        return NO_TEXT
    if len(text) > limit:
        return f"article text too long to analyse ({len(text):,} characters; the limit is {limit:,})"
    return None


def check_text(article: "PreparedArticle") -> None:
    """Refuse an article with no words or too long to analyse, naming the reason."""
    problem = text_problem(article.text)
    if problem == NO_TEXT and article.raw.kind == "html":
        problem += _NO_PAGE_TEXT_HINT
    if problem:
        raise ArticleRefused(problem)


@dataclass
class PreparedArticle:
    """A report ready to store and analyse; ``text`` is what every span points into."""

    id: str
    raw: RawDocument
    prepared_text: str
    text: str
    removed: list[Removal]
    repairs: int
    title: str | None
    published: dt.date | None
    published_from: str | None
    source: str | None
    url: str | None
    authors: list[str] = field(default_factory=list)


def article_id(raw_sha256: str) -> str:
    """Ids derive from the raw content: the same input always gets the same id."""
    return raw_sha256[:16]


def raw_hash(raw: RawDocument) -> str:
    return raw.raw_sha256 or hashlib.sha256(raw.content.encode("utf-8")).hexdigest()


# Host labels that name a version of an outlet's site (desktop, mobile, AMP),
# not another outlet: "www.newsmax.com", "m.newsmax.com" and "newsmax.com" are one outlet.
SITE_VERSION_LABELS = ("www", "m", "mobile", "amp")
# A source field holding a bare host ("www.newsmax.com", "Breitbart.com"): a
# dotted name ending in an alphabetic top-level label, no spaces ("U.S." is not one).
HOSTNAME = re.compile(r"^(?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}\.?(?:/\S*)?$", re.IGNORECASE)


def domain_of(url: str | None) -> str | None:
    """The outlet of a URL: its host, lower-cased, without a site-version label such as ``www.``."""
    if not url:
        return None
    host = (urlparse(url if "//" in url else f"//{url}").hostname or "").rstrip(".")
    first, _, rest = host.partition(".")
    if first in SITE_VERSION_LABELS and "." in rest:
        host = rest
    return host or None


def extract(raw: RawDocument) -> tuple[str, dict]:
    """Main text and the metadata found in the input itself (HTML head, text header)."""
    found: dict = {}
    if raw.kind == "html":
        page = extract_html(raw.content, raw.url)
        found = {
            "title": page.title,
            "published": page.published,
            "source": page.sitename,
            "url": page.url,
            "authors": list(page.authors or []),
        }
        return page.text or "", found
    text, url = split_url_line(raw.content)
    meta = sniff_text(text)
    source = meta.source or self_named_outlet(text, meta.title)
    found = {"title": meta.title, "published": meta.published, "source": source, "url": url}
    return text, found


# A masthead title names an outlet in at most this many words ("The Morning Dispatch").
MAX_NAME_WORDS = 5
MIN_NAME_WORDS = 2


def self_named_outlet(text: str, title: str | None) -> str | None:
    """The outlet of a newsletter whose headline is its own name.

    A newsletter issue often opens with its name and no date or byline; the
    name comes back in its own promotional lines ("You are reading The
    Morning Dispatch", "Get The Morning Dispatch in your inbox"). A short,
    capitalised headline found inside a boilerplate line of the same text is
    taken as the outlet; a headline that is itself a prompt is not.
    """
    name = " ".join((title or "").split())
    words = name.split()
    if not MIN_NAME_WORDS <= len(words) <= MAX_NAME_WORDS or name[-1] in ".!?:;,":
        return None
    if not all(w[0].isupper() for w in words if len(w) > 3) or match_rule(name):
        return None
    inside = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    for line in text.splitlines():
        line = " ".join(line.split())
        if line != name and inside.search(line) and match_rule(line):
            return name
    return None


URL_LINE = re.compile(r"\A\s*(?:URL:\s*)?(https?://[^\s<>\"]+)\s*\n")


def split_url_line(text: str) -> tuple[str, str | None]:
    """Scrapers often save a page as its URL on the first line, then the text.

    The URL gives the outlet (its host) and is kept as the article's URL; the
    line itself is not reporting, so the analysed text starts after it.
    """
    match = URL_LINE.match(text)
    if match is None:
        return text, None
    return text[match.end() :], match.group(1)


def prepare(raw: RawDocument, repeated: frozenset[str] = frozenset()) -> PreparedArticle:
    """Extract, fill metadata (input fields first, then the document itself), clean."""
    text, found = extract(raw)
    return finish(raw, text, found, repeated)


def finish(raw: RawDocument, text: str, found: dict, repeated: frozenset[str] = frozenset()) -> PreparedArticle:
    """Clean already-extracted text; used again when a source's repeated lines change."""
    cleaned = clean_text(text, repeated=repeated)
    published, published_from = raw.published, raw.published_from
    if found.get("published") and (published is None or published_from == "flag"):
        published, published_from = found["published"], ("metadata" if raw.kind == "html" else "text")
    url = raw.url or found.get("url")
    if published_from != "flag" and (first := first_publication(published, url)) is not None:
        published, published_from = first, "url"
    source = source_of(raw, found)
    sha = raw_hash(raw)
    return PreparedArticle(
        id=article_id(sha),
        raw=raw,
        prepared_text=text,
        text=cleaned.text,
        removed=list(cleaned.removed),
        repairs=cleaned.repairs,
        title=raw.title or found.get("title"),
        published=published,
        published_from=published_from if published else None,
        source=source,
        url=url,
        authors=list(raw.authors or found.get("authors") or []),
    )


def reclean(draft: PreparedArticle, repeated: frozenset[str]) -> PreparedArticle:
    """A draft cleaned without learned lines, as :func:`finish` would clean it with ``repeated``.

    Learned lines only change lines whose :func:`line_key` they hold, so a
    draft none of whose lines they hold is returned as it is. Keys are read
    from the extracted lines; when the cleaner repaired any encoding, a
    repaired line may have another key, so the draft is cleaned again.
    """
    if not repeated:
        return draft
    if draft.repairs == 0 and not any(
        line_key(draft.prepared_text[start:end]) in repeated for start, end in line_spans(draft.prepared_text)
    ):
        return draft
    cleaned = clean_text(draft.prepared_text, repeated=repeated)
    return replace(draft, text=cleaned.text, removed=list(cleaned.removed), repairs=cleaned.repairs)


def source_of(raw: RawDocument, found: dict) -> str | None:
    """The outlet: the input's field, else the document's own (site name, dateline), else the URL's host."""
    return normalise_source(raw.source or found.get("source") or domain_of(raw.url or found.get("url")))


def normalise_source(source: str | None) -> str | None:
    """Outlet names compare case- and space-insensitively; keep a readable form.

    A source given as a bare host ("www.newsmax.com", a dump's ``domain``
    column) is read like a URL's host, so it names the same outlet as the URLs.
    """
    if not source:
        return None
    name = " ".join(source.split()).strip()
    if HOSTNAME.match(name):
        return domain_of(name)
    return name or None
