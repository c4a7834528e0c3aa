"""The app as a manager meets it, in a real browser: page load to the person page, the first
job (an agenda), a second job, and saving a note in the Notes tab.

    python bench/app.py [--runs 3]

Each run is a fresh ``coach serve`` process (two people, six notes each) and a fresh
browser context, so the first job includes whatever the process has not loaded yet. Needs
Chromium at /usr/bin/chromium (Debian's package) and Playwright.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import free_port, summary, table, write

NOTES = [
    "Jordan is exhausted by on-call and skipped lunch twice this week.",
    "Jordan: I'll send the rotation proposal by Friday.",
    "Jordan wants to grow into a tech lead role and asked about the staff path.",
    "The billing migration slipped again; Jordan felt blocked by the platform team.",
    "Jordan presented the alerting cleanup at the all-hands; good feedback from the VP.",
    "Jordan: can we move our 1:1 to Thursdays? Also I'm planning two weeks off in December.",
]


def seed(home: Path) -> None:
    """Two people with six dated notes each."""
    from coach.service import Coach, load_settings

    coach = Coach(load_settings(home=home, user="bench"))
    try:
        for person in ("Jordan", "Priya"):
            coach.add_person(person)
            for i, text in enumerate(NOTES):
                when = date.today() - timedelta(days=7 * (6 - i))
                coach.add_note(person, text.replace("Jordan", person), when)
    finally:
        coach.close()


def one_run(browser: object, chromium_flags: list[str]) -> dict[str, float]:
    """Timings (ms) of one fresh server and browser context."""
    from coach.service import load_settings
    from ui.app import serve

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        seed(home)
        port = free_port()
        started = time.perf_counter()
        app = serve(load_settings(home=home, user="bench"), port=port, block=False)
        serve_ms = (time.perf_counter() - started) * 1000
        context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
        page = context.new_page()
        try:
            t0 = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/")
            page.locator("text=Last 1:1: >> visible=true").first.wait_for(timeout=120_000)
            load_ms = (time.perf_counter() - t0) * 1000
            page.get_by_role("tab", name="Prepare").click()
            t0 = time.perf_counter()
            page.get_by_role("button", name="Build agenda").click()
            page.locator("text=min) >> visible=true").first.wait_for(timeout=120_000)
            first_job_ms = (time.perf_counter() - t0) * 1000
            page.get_by_role("tab", name="Career (for your own 1:1)").click()
            page.get_by_label("Your aspiration").fill("grow into a tech lead role")
            t0 = time.perf_counter()
            page.get_by_role("button", name="Prepare career topics").click()
            page.locator("text=Topics to raise >> visible=true").first.wait_for(timeout=120_000)
            career_ms = (time.perf_counter() - t0) * 1000
            page.get_by_role("tab", name="Notes").click()
            page.get_by_label("Note", exact=True).fill("Jordan: I'll book the design review.")
            t0 = time.perf_counter()
            page.get_by_role("button", name="Save note").click()
            page.locator("text=Saved note >> visible=true").first.wait_for(timeout=120_000)
            save_ms = (time.perf_counter() - t0) * 1000
        finally:
            context.close()
            app.close()
    return {
        "serve_ms": serve_ms,
        "page_load_ms": load_ms,
        "first_job_ms": first_job_ms,
        "career_ms": career_ms,
        "note_save_ms": save_ms,
    }


def main() -> int:
    """Run the app benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    flags = ["--headless=new", "--no-sandbox", "--disable-gpu"]
    runs = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=flags)
        for _ in range(args.runs):
            runs.append(one_run(browser, flags))
        browser.close()
    rows = [{"step": key, **summary([r[key] for r in runs])} for key in runs[0]]
    print(table(rows, ["step", "n", "p50_ms", "p95_ms", "mean_ms"]))
    print(f"wrote {write('app', {'rows': rows, 'runs': runs})}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
