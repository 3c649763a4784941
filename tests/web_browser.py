"""A real browser (Debian's chromium driven by selenium) against a running ``newsledger serve``.

Used by tests/test_web_browser.py, by ``make test`` (``--install``) and to take
the screenshots in docs/web/:

    python tests/web_browser.py --install                       # apt-get chromium + chromium-driver when missing (root only)
    python tests/web_browser.py --db demo.duckdb --shots docs/web   # one PNG per page of the demo ledger

Selenium is pointed at /usr/bin/chromedriver and /usr/bin/chromium, so it
never tries to download a browser or a driver.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
PACKAGES = ["chromium", "chromium-driver"]


def missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -r requirements.lock)"
    if not (os.access(CHROMIUM, os.X_OK) and os.access(DRIVER, os.X_OK)):
        return f"{CHROMIUM} and {DRIVER} are missing: `make test` installs Debian's {' '.join(PACKAGES)} when run as root"
    return None


def install() -> str | None:
    """Install chromium and its driver with apt when missing and running as root; returns why not, or None."""
    if not (os.access(CHROMIUM, os.X_OK) and os.access(DRIVER, os.X_OK)):
        if os.geteuid() != 0 or shutil.which("apt-get") is None:
            return f"cannot install {' '.join(PACKAGES)}: needs root and apt-get"
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-q"], check=False, env=env, stdout=subprocess.DEVNULL)
        done = subprocess.run(["apt-get", "install", "-y", "-q", *PACKAGES], env=env, stdout=subprocess.DEVNULL)
        if done.returncode != 0:
            return f"apt-get install {' '.join(PACKAGES)} failed ({done.returncode})"
    return missing_reason()


def driver(width: int = 1280, height: int = 1000):
    """A headless chromium; browser console messages are kept (CSP violations show there)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", f"--window-size={width},{height}",
                "--disable-extensions", "--no-first-run", "--disable-background-networking"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(db: str, token: str | None = None) -> Iterator[str]:
    """The app over ``db`` on a free loopback port in a background thread; yields its base URL."""
    import uvicorn

    from newsledger.web.app import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db, token=token), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the web app did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def severe_console(browser) -> list[str]:
    """Console errors of the page (a CSP violation or a script error shows as SEVERE)."""
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]


def pages_of(base: str, db: str) -> dict[str, str]:
    """One URL per page kind, picked from the ledger: the most reported story with a contradiction, its contradicted event."""
    import httpx

    contradicted = httpx.get(f"{base}/api/stories", params={"sort": "most", "contradicted": "true"}).json()["items"]
    first = (contradicted or httpx.get(f"{base}/api/stories", params={"sort": "most"}).json()["items"])[0]
    story = httpx.get(f"{base}/api/stories/{first['story_id']}").json()
    events = [e for e in story["timeline"]]
    details = [httpx.get(f"{base}/api/events/{e['event_id']}").json() for e in events]
    event = max(details, key=lambda e: (len(e["contradictions"]) > 0, e["independent_outlets"], len(e["reports"])))
    outlet = max(httpx.get(f"{base}/api/outlets").json()["items"], key=lambda o: o["n_articles"] or 0)["outlet"]
    actor = event["actor_ids"][0] if event["actor_ids"] else httpx.get(f"{base}/api/actors").json()["items"][0]["actor_id"]
    article = event["reports"][0]["original"][0]["article_id"] if event["reports"][0]["original"] else story["reports"][0]["article_id"]
    return {
        "stories": f"{base}/stories",
        "story": f"{base}/stories/{first['story_id']}",
        "event": f"{base}/events/{event['event_id']}",
        "outlet": f"{base}/outlets/{outlet}",
        "actor": f"{base}/actors/{actor}",
        "article": f"{base}/articles/{article}",
        "reviews": f"{base}/reviews",
        "api-docs": f"{base}/docs",
    }


def screenshots(db: str, out: Path) -> list[Path]:
    """A full-page PNG of every page kind of a copy of ``db`` into ``out``.

    The copy gets one sample review (the shown event marked right), so the
    event and reviews pages show what a decision looks like; ``db`` itself is
    not changed.
    """
    import tempfile

    out.mkdir(parents=True, exist_ok=True)
    taken = []
    scratch = tempfile.mkdtemp(prefix="newsledger-shots-")
    copy = str(Path(scratch) / "shots.duckdb")
    shutil.copy(db, copy)
    with serving(copy) as base:
        urls = pages_of(base, copy)
    _sample_review(copy, urls["event"].rsplit("/", 1)[1])
    with serving(copy) as base:
        urls = {name: url.replace(url.split("/")[2], base.split("/")[2], 1) for name, url in urls.items()}
        browser = driver(1280, 900)
        try:
            for name, url in urls.items():
                browser.get(url)
                time.sleep(1.5 if name == "api-docs" else 0.3)
                height = browser.execute_script("return Math.min(document.documentElement.scrollHeight, 4000)")
                browser.set_window_size(1280, max(900, int(height)))
                path = out / f"{name}.png"
                browser.save_screenshot(str(path))
                taken.append(path)
                browser.set_window_size(1280, 900)
        finally:
            browser.quit()
    shutil.rmtree(scratch, ignore_errors=True)
    return taken


def _sample_review(db: str, event_id: str) -> None:
    from newsledger.ledger import Ledger

    with Ledger(db) as ledger:
        ledger.review("event", event_id, "right", reason="sample review for the screenshots: checked against each outlet's passage",
                      reviewer="screenshot script")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--install", action="store_true", help="install chromium and chromium-driver when missing (root)")
    parser.add_argument("--db", help="ledger to take screenshots of")
    parser.add_argument("--shots", type=Path, help="folder for the PNGs")
    args = parser.parse_args(argv)
    if args.install:
        reason = install()
        print(f"browser tests will be skipped: {reason}" if reason else "chromium and chromium-driver are installed")
    if args.db and args.shots:
        for path in screenshots(args.db, args.shots):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
