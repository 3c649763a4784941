"""Write data/demo/crawl.warc.gz from the HTML pages in data/demo/warc_src/.

The demo corpus needs one web-archive file so the WARC reader is exercised end
to end. Each page becomes a request/response pair, as a crawler would write
them; a robots.txt response (not HTML) is added so readers must pick out the
HTML responses themselves. Record ids and dates are derived from the URLs, so
running the script twice yields the same bytes.

Run: .venv/bin/python data/demo/make_warc.py
"""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
SOURCE_DIR = HERE / "warc_src"
OUTPUT = HERE / "crawl.warc.gz"
CRAWL_START = dt.datetime(2024, 5, 14, 9, 0, 0, tzinfo=dt.timezone.utc)
ROBOTS_URL = "https://www.capitolstandard.example/robots.txt"
ROBOTS_BODY = b"User-agent: *\nDisallow: /signin\n"
OG_URL = re.compile(r'<meta property="og:url" content="([^"]+)"')


def record_id(url: str, kind: str) -> str:
    """A stable WARC-Record-ID, so regenerating the file changes nothing."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, kind + ':' + url)}>"


def warc_date(step: int) -> str:
    """Crawl time of the n-th fetch: one minute apart, well after publication."""
    return (CRAWL_START + dt.timedelta(minutes=step)).strftime("%Y-%m-%dT%H:%M:%SZ")


def page_url(html: str, path: Path) -> str:
    """The page's own canonical address (its og:url), used as the target URI."""
    match = OG_URL.search(html)
    if not match:
        raise SystemExit(f"{path}: no og:url meta tag")
    return match.group(1)


def write_request(writer: WARCWriter, url: str, date: str) -> None:
    host = url.split("/")[2]
    path = "/" + url.split("/", 3)[3]
    headers = StatusAndHeaders(
        f"GET {path} HTTP/1.1",
        [("Host", host), ("User-Agent", "newsledger-demo-crawler/1.0"), ("Accept", "text/html")],
        is_http_request=True,
    )
    record = writer.create_warc_record(
        url,
        "request",
        http_headers=headers,
        warc_headers_dict={"WARC-Record-ID": record_id(url, "request"), "WARC-Date": date},
    )
    writer.write_record(record)


def write_response(writer: WARCWriter, url: str, date: str, body: bytes, content_type: str) -> None:
    headers = StatusAndHeaders(
        "200 OK",
        [("Content-Type", content_type), ("Content-Length", str(len(body)))],
        protocol="HTTP/1.1",
    )
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        http_headers=headers,
        warc_headers_dict={"WARC-Record-ID": record_id(url, "response"), "WARC-Date": date},
    )
    writer.write_record(record)


def main() -> None:
    pages = sorted(SOURCE_DIR.glob("*.html"))
    with open(OUTPUT, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        step = 0
        for path in pages:
            body = path.read_bytes()
            url = page_url(body.decode("utf-8"), path)
            date = warc_date(step)
            write_request(writer, url, date)
            write_response(writer, url, date, body, "text/html; charset=utf-8")
            step += 1
        write_response(writer, ROBOTS_URL, warc_date(step), ROBOTS_BODY, "text/plain")
    print(f"wrote {OUTPUT.name}: {len(pages)} HTML pages + robots.txt")


if __name__ == "__main__":
    main()
