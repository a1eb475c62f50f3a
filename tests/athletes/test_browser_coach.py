"""Browser: a coach logs in, adds an athlete, finds them on the roster, records a test."""

import re

import pytest
from playwright.sync_api import expect, sync_playwright

from assessments.services_library import protocol_library_load
from athletes.models import Athlete
from tests.assessments.factories import FULL_RESULTS
from tests.factories import PASSWORD, CoachFactory

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context()
        context.set_default_timeout(10_000)
        page = context.new_page()
        yield page
        page.goto("about:blank")  # stop the program-status polling before teardown
        context.close()
        browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coach_adds_an_athlete_and_records_an_assessment(live_server, page):
    protocol_library_load()
    coach = CoachFactory(email="coach@example.com")

    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", coach.email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/roster/$"))
    expect(page.get_by_text("No athletes yet")).to_be_visible()

    page.get_by_role("link", name="add your first athlete").click()
    page.fill("#id_first_name", "Maya")
    page.fill("#id_last_name", "Okafor")
    page.fill("#id_email", "maya@example.com")
    page.select_option("#id_sex", "F")
    page.get_by_label("Band").check()
    page.get_by_role("button", name="Add athlete").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maya Okafor")
    athlete = Athlete.objects.get(email="maya@example.com")
    assert athlete.organization == coach.memberships.get().organization
    assert "band" in athlete.equipment

    page.get_by_role("link", name="Roster", exact=True).click()
    page.get_by_role("link", name="Okafor, Maya").click()
    expect(page).to_have_url(re.compile(rf"/athletes/{athlete.id}/$"))
    expect(page.get_by_text("No assessment yet")).to_be_visible()

    # Record an assessment whose hip flexion is far below the rest.
    page.get_by_role("link", name="Record assessment").first.click()
    page.fill("#id_body_mass_kg", "75")
    low_hip = {("hip_flexion_hhd", "L"): 150.0, ("hip_flexion_hhd", "R"): 160.0}
    for code, side, value in FULL_RESULTS:
        page.fill(f"#id_{code}_{side}", str(low_hip.get((code, side), value)))
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(rf"/athletes/{athlete.id}/$"))
    expect(page.locator("#weakest-link")).to_have_text(re.compile("Hip flexors"))
    expect(page.locator("svg.chart.radar")).to_be_visible()
    expect(page.locator("svg.chart.radar polygon.ref-ring")).to_have_count(1)
