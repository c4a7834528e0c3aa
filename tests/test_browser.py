"""End-to-end tests in a real browser: Debian's Chromium driven by Playwright.

Each tab's main flow runs against a live ``coach serve`` on 127.0.0.1; screenshots of
every tab are saved to ``test-artifacts/`` (the README's pictures come from here).
"""

from __future__ import annotations

import json
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


def search_notes(page, query: str) -> None:
    """Search the notes from the Notes tab, as a user would, and wait for the hits."""
    page.get_by_role("tab", name="Notes").click()
    page.get_by_label("Search", exact=True).fill(query)
    page.get_by_role("button", name="Search", exact=True).click()
    visible_text(page, "score").wait_for(timeout=30_000)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def pick_person(page, name: str) -> None:
    box = page.get_by_label("Person", exact=True)
    box.click()
    box.fill(name)
    page.get_by_role("option", name=name).click()


def test_the_person_page_is_home_and_ticks_items_done_and_back(page, home):
    from coach.config import load_settings
    from coach.service import Coach

    # The first tab is the person page: the picked person, their items, notes and themes.
    assert page.get_by_role("tab", name="Person").get_attribute("aria-selected") == "true"
    pick_person(page, "Priya")
    visible_text(page, "Last 1:1:").wait_for(timeout=30_000)
    table = page.locator("#person-items")
    table.locator("text=Send the migration plan >> visible=true").first.wait_for(timeout=30_000)
    assert page.get_by_text("exhausted lately").count() >= 1  # the last note is shown
    shot(page, "person")

    def state() -> str:
        coach = Coach(load_settings(home=home, user="browser"))
        try:
            [item] = [a for a in coach.actions("Priya") if "migration plan" in a.task]
            return item.status
        finally:
            coach.close()

    # One click marks it done; the row stays, so one more click undoes it.
    table.locator("input[type=checkbox] >> visible=true").first.click()
    page.locator("#person-status").get_by_text("done").wait_for(timeout=30_000)
    assert state() == "done"
    table.locator("text=untick to undo >> visible=true").first.wait_for(timeout=30_000)
    table.locator("input[type=checkbox] >> visible=true").first.click()
    page.locator("#person-status").get_by_text("open again").wait_for(timeout=30_000)
    assert state() == "open"
    # The buttons lead into the jobs for this person.
    page.get_by_role("button", name="Prepare the next 1:1").click()
    page.get_by_role("button", name="Build agenda").wait_for(timeout=30_000)


def test_an_error_shows_next_to_its_input_and_replaces_nothing(page):
    page.get_by_role("tab", name="Summarize").click()
    page.get_by_role("button", name="Summarize", exact=True).click()  # nothing pasted
    visible_text(page, "is empty").wait_for(timeout=30_000)
    assert page.locator(".error:visible").count() == 0
    page.get_by_role("tab", name="Notes").click()
    page.get_by_role("button", name="Add person").click()
    visible_text(page, "a person needs a name").wait_for(timeout=30_000)
    # The global person picker is still there and usable (not an error badge).
    assert page.get_by_label("Person", exact=True).is_visible()
    assert page.locator(".error:visible").count() == 0
    note = page.get_by_label("Note", exact=True)
    note.fill("   ")
    page.get_by_role("button", name="Save note").click()
    visible_text(page, "Could not do that").wait_for(timeout=30_000)
    assert page.locator(".error:visible").count() == 0


def test_career_topic_titles_render_bold_as_a_whole(page):
    page.get_by_role("tab", name="Prepare").click()
    page.get_by_role("tab", name="Career (for your own 1:1)").click()
    page.get_by_label("Your aspiration").fill(
        "I want to move toward a staff role and own bigger projects"
    )
    # Something shows at once while the job runs (it took 6 s with a blank area before).
    page.evaluate(
        """() => { window.sawWorking = false;
            new MutationObserver(() => { if (document.body.innerText.includes('Working:'))
                window.sawWorking = true; }).observe(document.body,
                {childList: true, subtree: true, characterData: true}); }"""
    )
    page.get_by_role("button", name="Prepare career topics").click()
    visible_text(page, "Topics to raise").wait_for(timeout=30_000)
    assert page.evaluate("() => window.sawWorking")
    titles = page.locator("strong:visible").all_inner_texts()
    assert any(t.startswith("A bigger scope") for t in titles), titles
    text = page.locator("body").inner_text()
    assert "**" not in text, "stray Markdown markers on the page"


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
    visible_text(page, "1:1 Maya / Jordan").wait_for(timeout=30_000)  # the note is on the timeline
    shot(page, "history")
    # Switching person replaces the history at once.
    pick_person(page, "Priya")
    visible_text(page, "migration plan").wait_for(timeout=30_000)
    assert page.locator("text=1:1 Maya / Jordan >> visible=true").count() == 0
    # The saved items are on Jordan's page.
    pick_person(page, "Jordan")
    page.get_by_role("tab", name="Person").click()
    visible_text(page, "noisiest alerts").wait_for(timeout=30_000)


def test_downloads_work_on_the_first_click_and_carry_table_edits(page):
    page.get_by_role("tab", name="Summarize").click()
    page.get_by_label("Notes or transcript").fill(TRANSCRIPT)
    page.get_by_role("button", name="Summarize", exact=True).click()
    visible_text(page, "noisiest alerts").wait_for(timeout=30_000)
    with page.expect_download(timeout=15_000) as first:
        page.get_by_role("button", name="Action items (.csv)").click()
    assert "noisiest alerts" in Path(first.value.path()).read_text()
    # An edit in the table reaches the Markdown export.
    cell = page.locator("[data-testid=cell-0-1] >> visible=true").first
    cell.dblclick()
    page.keyboard.press("Control+A")
    page.keyboard.type("Write down the five loudest alerts")
    page.keyboard.press("Enter")
    page.wait_for_timeout(1500)
    with page.expect_download(timeout=15_000) as md:
        page.get_by_role("button", name="Summary (.md)").click()
    text = Path(md.value.path()).read_text()
    assert "five loudest alerts" in text and "### Action items" in text


def test_the_agenda_carries_over_an_open_action(page):
    pick_person(page, "Priya")
    page.get_by_role("tab", name="Prepare").click()
    page.get_by_role("button", name="Build agenda").click()
    visible_text(page, "Send the migration plan").wait_for(timeout=30_000)
    assert page.get_by_text("Check in on well-being").count() >= 1
    # The topics tick as they are covered, and the tick is saved.
    first = page.locator("label:has-text('min ·') >> visible=true").first.locator("input")
    assert first.is_enabled()
    first.check()
    assert first.is_checked()
    visible_text(page, "topics covered").wait_for(timeout=15_000)
    assert "will carry into the next agenda" in visible_text(page, "topics covered").inner_text()
    page.reload()
    pick_person(page, "Priya")
    page.get_by_role("tab", name="Prepare").click()
    page.get_by_role("button", name="Build agenda").click()
    visible_text(page, "Send the migration plan").wait_for(timeout=30_000)
    first = page.locator("label:has-text('min ·') >> visible=true").first.locator("input")
    assert first.is_checked()  # the same meeting's agenda, rebuilt after a reload
    # Next week's agenda: what was not ticked comes back, marked as carried over.
    week = (date.today() + timedelta(days=7)).isoformat()
    page.get_by_label("Meeting date (YYYY-MM-DD, default today)").fill(week)
    page.get_by_role("button", name="Build agenda").click()
    visible_text(page, "(carried over from").wait_for(timeout=30_000)
    shot(page, "prepare-carried-over")
    page.get_by_label("Meeting date (YYYY-MM-DD, default today)").fill("")
    page.get_by_role("button", name="Build agenda").click()
    visible_text(page, "Send the migration plan").wait_for(timeout=30_000)
    # A cited note opens below the agenda.
    page.get_by_label("Open a cited note (id)").fill("1")
    page.get_by_role("button", name="Open note").click()
    visible_text(page, "I'm exhausted lately").wait_for(timeout=30_000)
    shot(page, "prepare")


def test_every_visible_input_has_a_label(page):
    for tab in (
        "Person",
        "Prepare",
        "Feedback",
        "Summarize",
        "Practice",
        "History",
        "Settings",
        "Notes",
    ):
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
    # The trend: one dot per session, numbered, drawn as an image with its own label.
    page.locator("#practice-trend img").wait_for(timeout=30_000)
    shot(page, "practice")


def test_settings_and_notes_tabs_render(page):
    page.get_by_role("tab", name="Settings").click()
    page.get_by_text("Data folder").wait_for(timeout=30_000)
    assert page.get_by_text("offline").count() >= 1
    shot(page, "settings")
    search_notes(page, "tired")
    shot(page, "notes")


@pytest.fixture
def phone(browser, app_url):
    """The app on a 390 px phone screen, with Priya picked."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(app_url)
        page.get_by_role("tab", name="Person").wait_for(timeout=60_000)
        pick_person(page, "Priya")
        yield page
    finally:
        context.close()


def fits_the_phone(page, where: str) -> None:
    """Nothing on the page is wider than the 390 px screen (wide tables scroll inside)."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 391, (where, width)


def test_every_tab_is_reachable_and_nothing_is_cut_off_on_a_phone(phone):
    page = phone
    for tab in ("Person", "Prepare", "Feedback", "Summarize", "Practice", "History", "Notes"):
        button = page.get_by_role("tab", name=tab)
        assert button.is_visible(), f"{tab} is hidden in a menu"
        button.click()
        assert button.get_attribute("aria-selected") == "true"
        fits_the_phone(page, tab)  # wide tables scroll inside themselves
    # The coverage grid is a table with readable text, not a shrunken picture.
    page.get_by_role("tab", name="History").click()
    page.get_by_role("button", name="Show history for the selected person").click()
    header = page.locator("#coverage th[scope=row] >> visible=true").first
    header.wait_for(timeout=30_000)
    size = header.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= 11, size
    fits_the_phone(page, "History")
    shot(page, "history-phone")
    page.get_by_role("tab", name="Person").click()
    visible_text(page, "Send the migration plan").wait_for(timeout=30_000)
    shot(page, "person-phone")


def test_every_tab_s_job_runs_and_fits_at_390_px(phone):
    """Each tab used on a phone, with its results on screen: screenshots <tab>-phone.png."""
    page = phone
    page.get_by_role("tab", name="Prepare").click()
    page.get_by_role("button", name="Build agenda").click()
    visible_text(page, "Send the migration plan").wait_for(timeout=30_000)
    fits_the_phone(page, "Prepare")
    shot(page, "prepare-phone")
    page.get_by_role("tab", name="Feedback").click()
    page.get_by_label("Your rough feedback draft").fill("You are always late and lazy.")
    page.get_by_role("button", name="Improve feedback").click()
    visible_text(page, "judgmental").wait_for(timeout=30_000)
    fits_the_phone(page, "Feedback")
    shot(page, "feedback-phone")
    page.get_by_role("tab", name="Summarize").click()
    page.get_by_label("Notes or transcript").fill(TRANSCRIPT)
    page.get_by_role("button", name="Summarize", exact=True).click()
    visible_text(page, "noisiest alerts").wait_for(timeout=30_000)
    fits_the_phone(page, "Summarize")  # the action table scrolls inside itself
    shot(page, "summarize-phone")
    page.get_by_role("tab", name="Practice").click()
    page.get_by_role("button", name="Start a session").click()
    page.get_by_text("Scenario:").wait_for(timeout=30_000)
    page.get_by_label("Your line").fill("What happened with the release on Tuesday?")
    page.get_by_role("button", name="Send", exact=True).click()
    page.locator(".message >> visible=true").nth(1).wait_for(timeout=30_000)
    fits_the_phone(page, "Practice")
    shot(page, "practice-phone")
    search_notes(page, "tired")
    fits_the_phone(page, "Notes")
    shot(page, "notes-phone")
    page.get_by_role("tab", name="Settings").click()
    page.wait_for_timeout(300)
    fits_the_phone(page, "Settings")
    shot(page, "settings-phone")


AXE = None


def axe_violations(page) -> list[str]:
    """Serious and critical WCAG 2 A/AA findings of axe-core on what is visible now."""
    global AXE
    if AXE is None:
        import axe_playwright_python

        AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    page.evaluate(AXE)
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
        }"""
    )
    return result


def test_accessibility_pass_finds_nothing_serious_on_any_tab(page):
    pick_person(page, "Priya")
    found = {}
    for tab in ("Person", "Prepare", "Feedback", "Summarize", "Practice", "History", "Notes"):
        page.get_by_role("tab", name=tab).click()
        page.wait_for_timeout(300)
        problems = axe_violations(page)
        if problems:
            found[tab] = problems
    assert not found, json.dumps(found, indent=1)


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
