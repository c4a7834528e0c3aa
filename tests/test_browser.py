"""End-to-end tests in a real browser: Debian's Chromium driven by Playwright.

Each tab's main flow runs against a live ``coach serve`` on 127.0.0.1; screenshots of
every tab are saved to ``test-artifacts/`` (the README's pictures come from here).
"""

from __future__ import annotations

import os
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.util import free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing: .ci/run installs it with apt", pytrace=False)
    pytestmark = [
        pytest.mark.slow,
        pytest.mark.skip(reason="no Chromium here (apt-get install chromium)"),
    ]
else:
    pytestmark = pytest.mark.slow  # a real browser: seconds per test

TRANSCRIPT = (
    "1:1 Maya / Jordan 2026-11-18\nMaya: How are things?\nJordan: Honestly tired, on-call was brutal.\n"
    "Maya: Can you write down the three noisiest alerts by Tuesday?\nJordan: Sure, will do.\n"
    "Maya: I'll talk to Priya about the rotation by Friday."
)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return tmp_path_factory.mktemp("browser-home")


@pytest.fixture(scope="module")
def app_url(home):
    from coach.config import load_settings
    from coach.jobs.summarize import summarize
    from coach.workspace import Workspace
    from ui.app import serve

    settings = load_settings(home=home, user="browser")
    ws = Workspace(settings)
    ws.add_person("Jordan")
    ws.add_person("Priya")
    when = date.today() - timedelta(days=10)
    text = "Priya: I'll send the migration plan by Friday.\nAlex: Thanks, Priya.\nPriya: I'm exhausted lately."
    ws.save_summary("Priya", text, summarize(text, meeting_date=when))
    ws.close()
    port = free_port()
    app = serve(settings, port=port, block=False)
    yield f"http://127.0.0.1:{port}/"
    app.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.goto(app_url)
    pg.get_by_role("tab", name="Summarize").wait_for(timeout=60_000)
    yield pg
    context.close()


def visible_text(page, text: str):
    """The first visible element containing ``text`` (Gradio keeps hidden copies of tabs)."""
    return page.locator(f"text={text} >> visible=true").first


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def pick_person(page, name: str) -> None:
    box = page.get_by_label("Person", exact=True)
    box.click()
    box.fill(name)
    page.get_by_role("option", name=name).click()


def test_summarize_save_and_see_it_in_history(page):
    pick_person(page, "Jordan")
    page.get_by_role("tab", name="Summarize").click()
    page.get_by_label("Notes or transcript").fill(TRANSCRIPT)
    page.get_by_role("button", name="Summarize", exact=True).click()
    visible_text(page, "noisiest alerts").wait_for(timeout=30_000)
    assert page.get_by_text("Conversation between Maya and Jordan").count() >= 1
    page.get_by_role("button", name="Save to person").click()
    page.get_by_text("Saved to Jordan as note").wait_for(timeout=30_000)
    shot(page, "summarize")
    page.get_by_role("tab", name="History").click()
    page.get_by_role("button", name="Show history for the selected person").click()
    visible_text(page, "noisiest alerts").wait_for(timeout=30_000)
    assert page.get_by_text("1:1 Maya / Jordan").count() >= 1  # the saved note is on the timeline
    shot(page, "history")


def test_the_agenda_carries_over_an_open_action(page):
    pick_person(page, "Priya")
    page.get_by_role("tab", name="Prepare").click()
    page.get_by_role("button", name="Build agenda").click()
    visible_text(page, "Send the migration plan").wait_for(timeout=30_000)
    assert page.get_by_text("Check in on well-being").count() >= 1
    # A cited note opens below the agenda.
    page.get_by_label("Open a cited note (id)").fill("1")
    page.get_by_role("button", name="Open note").click()
    visible_text(page, "I'm exhausted lately").wait_for(timeout=30_000)
    shot(page, "prepare")


def test_every_visible_input_has_a_label(page):
    for tab in ("Prepare", "Feedback", "Summarize", "Practice", "History", "Settings", "Notes"):
        page.get_by_role("tab", name=tab).click()
        unlabelled = page.evaluate(
            """() => [...document.querySelectorAll('input, textarea, select')]
                .filter(el => el.offsetParent !== null && el.type !== 'hidden' && el.type !== 'file')
                .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                              && !el.getAttribute('aria-labelledby') && !el.closest('label'))
                .map(el => el.outerHTML.slice(0, 120))"""
        )
        assert unlabelled == [], (tab, unlabelled)


def test_feedback_highlights_language_issues(page):
    page.get_by_role("tab", name="Feedback").click()
    page.get_by_label("Your rough feedback draft").fill(
        "You are always late and lazy. Be more proactive."
    )
    page.get_by_role("button", name="Improve feedback").click()
    visible_text(page, "judgmental").wait_for(timeout=30_000)
    assert page.get_by_text("absolute").count() >= 1
    shot(page, "feedback")


def test_practice_round_trip_ends_in_a_debrief(page):
    page.get_by_role("tab", name="Practice").click()
    page.get_by_role("button", name="Start a session").click()
    page.get_by_text("Scenario:").wait_for(timeout=30_000)
    line = page.get_by_label("Your line")
    line.fill(
        "On Tuesday the release slipped, which meant support waited. What happened from your side?"
    )
    page.get_by_role("button", name="Send", exact=True).click()
    page.locator(".message").nth(1).wait_for(timeout=30_000)
    page.get_by_role("button", name="Debrief").click()
    page.get_by_text("Overall:").wait_for(timeout=30_000)
    shot(page, "practice")


def test_settings_and_notes_tabs_render(page):
    page.get_by_role("tab", name="Settings").click()
    page.get_by_text("Data folder").wait_for(timeout=30_000)
    assert page.get_by_text("offline").count() >= 1
    shot(page, "settings")
    page.get_by_role("tab", name="Notes").click()
    page.get_by_label("Search", exact=True).fill("tired")
    page.get_by_role("button", name="Search", exact=True).click()
    visible_text(page, "score").wait_for(timeout=30_000)
    shot(page, "notes")


def test_login_is_required_when_accounts_exist(browser, tmp_path):
    from coach.config import load_settings
    from coach.storage.accounts import add_user
    from coach.storage.db import connect
    from ui.app import serve

    settings = load_settings(home=tmp_path / "h", user="x")
    add_user(connect(settings.db_path), "alex", "alex-password")
    port = free_port()
    app = serve(settings, port=port, block=False, require_login=True)
    try:
        pg = browser.new_page()
        pg.goto(f"http://127.0.0.1:{port}/")
        pg.get_by_label("username").wait_for(timeout=30_000)
        assert pg.get_by_role("tab", name="Summarize").count() == 0
        shot(pg, "login")
        pg.get_by_label("username").fill("alex")
        pg.get_by_label("password").fill("alex-password")
        pg.get_by_role("button", name="Login").click()
        pg.get_by_role("tab", name="Summarize").wait_for(timeout=30_000)
        pg.get_by_text("Account:").first.wait_for(timeout=30_000)
        assert pg.get_by_text("alex").count() >= 1
    finally:
        app.close()
