"""Browser: the record form refuses implausible input inline and asks before a second
assessment on one date (htmx swap of the form, then "Add anyway")."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment
from assessments.services_library import protocol_library_load
from tests.assessments.factories import record
from tests.browser import chromium
from tests.factories import PASSWORD, AthleteFactory, CoachFactory, days_ago


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_same_date_warning_then_add_anyway(live_server):
    protocol_library_load()
    coach = CoachFactory(email="coach@example.com")
    athlete = AthleteFactory(organization=coach.memberships.get().organization)
    record(athlete, date=days_ago(1))
    with chromium() as browser:
        page = browser.new_context().new_page()
        page.set_default_timeout(10_000)
        page.goto(live_server.url + "/accounts/login/")
        page.fill("#id_username", coach.email)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.goto(f"{live_server.url}/athletes/{athlete.id}/assessments/new/")

        page.fill("#id_date", "1900-01-01")
        page.locator("#id_date").dispatch_event("change")
        expect(page.locator("#err-date")).to_have_text(
            "Assessments cannot be dated before 1 January 2000: check the year."
        )
        page.fill("#id_date", days_ago(1).isoformat())
        page.fill("#id_body_mass_kg", "75")
        page.fill("#id_hip_flexion_hhd_L", "400")
        page.get_by_role("button", name="Save assessment").click()
        expect(page.locator("#same-date-warning")).to_contain_text("already has 1 assessment")
        assert Assessment.objects.count() == 1
        page.get_by_role("button", name="Add anyway").click()
        expect(page).to_have_url(re.compile(rf"/athletes/{athlete.id}/$"))
        page.goto("about:blank")
    assert Assessment.objects.filter(athlete=athlete, date=days_ago(1)).count() == 2
