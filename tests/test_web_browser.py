"""Every page in a real browser (Debian's chromium via selenium): it renders, links, runs its script under the CSP, and records a review.

Skipped, with the reason, when chromium / chromium-driver / selenium are
missing and cannot be installed (``make test`` installs them as root;
see tests/web_browser.py).
"""

from __future__ import annotations

import re

import pytest

import web_browser
from web_fixture import build_ledger

TOKEN = "browser-test-token"


@pytest.fixture(scope="module")
def browser():
    reason = web_browser.missing_reason()
    if reason and web_browser.install() is not None:
        pytest.skip(reason)
    b = web_browser.driver()
    yield b
    b.quit()


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("browser")
    db = build_ledger(folder)
    with web_browser.serving(db, token=TOKEN) as base:
        yield base, db


def visit(browser, url: str):
    from selenium.webdriver.common.by import By

    browser.get(url)
    assert not web_browser.severe_console(browser), (url, web_browser.severe_console(browser))
    return browser.find_element(By.TAG_NAME, "h1").text


def no_alert(browser) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        browser.switch_to.alert
    except NoAlertPresentException:
        return True
    return False


def test_every_page_renders_and_links(browser, site):
    from selenium.webdriver.common.by import By

    base, db = site
    assert visit(browser, f"{base}/stories") == "Stories"
    assert browser.find_element(By.ID, "story-count").text == "1"
    browser.find_element(By.CSS_SELECTOR, "#stories tbody a").click()  # -> story
    assert "Lisbon" in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_elements(By.CSS_SELECTOR, "svg.timeline circle")
    assert browser.find_elements(By.CSS_SELECTOR, "#coverage-matrix td.cell.copy")
    browser.find_element(By.CSS_SELECTOR, "#timeline-table tbody a").click()  # -> event
    assert re.match(r"\d+ .*count once", browser.find_element(By.ID, "independent").text)
    assert browser.find_elements(By.CSS_SELECTOR, ".passage mark.trigger")
    browser.find_element(By.CSS_SELECTOR, ".passage header a[href^='/outlets/']").click()  # -> outlet
    assert browser.find_elements(By.CSS_SELECTOR, "#signals tbody tr")
    browser.find_element(By.CSS_SELECTOR, "#articles tbody a").click()  # -> article
    assert browser.find_elements(By.CSS_SELECTOR, "#article-text .m.entity")
    for name in ("Outlets", "Actors", "Reviews"):
        browser.find_element(By.LINK_TEXT, name).click()
        assert browser.find_element(By.TAG_NAME, "h1").text == name
    browser.get(f"{base}/actors")
    browser.find_element(By.CSS_SELECTOR, "#actors tbody a").click()  # -> actor
    assert browser.find_element(By.TAG_NAME, "h2").text == "Events over time"
    assert no_alert(browser)


def test_article_side_panel_runs_under_the_csp_and_markup_stays_text(browser, site):
    from selenium.webdriver.common.by import By

    base, _ = site
    browser.get(f"{base}/search?q=dock+protest")
    browser.find_element(By.PARTIAL_LINK_TEXT, "Dock protest").click()
    title = browser.find_element(By.TAG_NAME, "h1").text
    assert "<script>" in title  # shown as text, not run
    assert no_alert(browser) and not web_browser.severe_console(browser)
    mark = browser.find_element(By.CSS_SELECTOR, "#article-text .m.trigger, #article-text .m.entity")
    mark.click()
    panel = browser.find_element(By.ID, "panel")
    assert panel.is_displayed() and panel.find_elements(By.TAG_NAME, "li")


def test_show_all_switch(browser, site):
    from selenium.webdriver.common.by import By

    base, _ = site
    browser.get(f"{base}/stories")
    shown = int(browser.find_element(By.CSS_SELECTOR, "#stories tbody td:nth-child(6)").text)
    browser.find_element(By.LINK_TEXT, "show all").click()
    assert "all=1" in browser.current_url and "showing everything" in browser.page_source
    assert int(browser.find_element(By.CSS_SELECTOR, "#stories tbody td:nth-child(6)").text) > shown


def test_api_docs_render_offline(browser, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    base, _ = site
    browser.get(f"{base}/docs")
    WebDriverWait(browser, 20).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".swagger-ui .opblock")))
    assert "/api/stories" in browser.page_source
    assert not web_browser.severe_console(browser)


def test_reviewer_marks_an_event_wrong_in_the_browser(browser, site):
    from selenium.webdriver.common.by import By

    base, _ = site
    browser.get(f"{base}/stories")
    browser.find_element(By.CSS_SELECTOR, "#stories tbody a").click()
    browser.find_element(By.CSS_SELECTOR, "#timeline-table tbody a").click()
    event_url = browser.current_url
    browser.find_element(By.CSS_SELECTOR, "details.review summary").click()
    form = browser.find_element(By.CSS_SELECTOR, "details.review form")
    form.find_element(By.NAME, "decision").send_keys("wrong")
    form.find_element(By.NAME, "reason").send_keys("the source retracted it")
    form.find_element(By.NAME, "reviewer").send_keys("night editor")
    form.find_element(By.NAME, "token").send_keys(TOKEN)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    browser.get(event_url)
    assert "reviewed: wrong" in browser.page_source and "the source retracted it" in browser.page_source
    browser.get(f"{base}/reviews")
    assert "night editor" in browser.find_element(By.ID, "review-log").text
