"""Browser: the booked retest on the coach's calendar → record it → the block review."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.services_library import protocol_library_load
from programs.models import ProgramVersion
from programs.selectors.program import calendar_weeks
from programs.services.generate import program_generate_for
from programs.services.library import exercise_library_load
from tests.assessments.factories import FULL_RESULTS, record
from tests.browser import chromium
from tests.factories import PASSWORD, AthleteFactory, CoachFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_book_the_retest_record_it_open_the_review(live_server):
    protocol_library_load()
    exercise_library_load()
    coach = CoachFactory(email="coach@example.com")
    athlete = AthleteFactory(organization=coach.memberships.get().organization)
    today = timezone.localdate()
    start = record(
        athlete,
        date=today - dt.timedelta(days=30),
        results=[*FULL_RESULTS, ("sprint_20m", "B", 3.20)],
    )
    version = program_generate_for(
        athlete=athlete,
        today=start.date + dt.timedelta(days=1),
        trigger="assessment",
        assessment=start,
    )
    retest = version.sessions.get(kind="retest")
    week = next(w for w in calendar_weeks(version) if w.holds(retest.date))
    errors = []
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.set_default_timeout(10_000)
        page.goto(live_server.url + "/accounts/login/")
        page.fill("#id_username", coach.email)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.goto(f"{live_server.url}/athletes/{athlete.id}/program/?week={week.key}")
        page.get_by_role("link", name="Record the retest").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Retest for")
        expect(page.locator("#hint-hip_flexion_hhd_L")).to_contain_text("start 400")
        for code, side, value in FULL_RESULTS:
            page.fill(f"#id_{code}_{side}", str(value))
        page.fill("#id_hip_flexion_hhd_L", "470")
        page.fill("#id_hip_flexion_hhd_R", "450")
        page.fill("#id_sprint_20m_B", "2.98")
        page.get_by_role("button", name="Save assessment").click()
        expect(page).to_have_url(re.compile(rf"/program/blocks/{version.id}/review/$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Did the block work?")
        expect(page.locator("#speed-h + .table-wrap")).to_contain_text("real improvement")
        expect(page.locator("svg.chart.review")).to_be_visible()
        page.goto("about:blank")
    assert ProgramVersion.objects.get(pk=version.pk).end_assessment is not None
    assert not [e for e in errors if "Content Security Policy" in e], errors
