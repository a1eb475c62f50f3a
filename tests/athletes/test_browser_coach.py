"""Browser: a coach logs in, adds an athlete, finds them on the roster, records a test, sees
the program regenerate through a real Celery worker, locks it and approves a proposal."""

import re

import pytest
from playwright.sync_api import expect

from assessments.services_library import protocol_library_load
from athletes.models import Athlete
from programs.models import ProgramVersion
from programs.services.library import exercise_library_load
from tests.assessments.factories import FULL_RESULTS
from tests.browser import chromium
from tests.factories import PASSWORD, CoachFactory
from tests.worker import celery_app_broker, purge_broker, running_worker

# A Redis database of its own, apart from the pipeline tests' workers.
BROKER_URL = "redis://127.0.0.1:6379/13"


@pytest.fixture
def page():
    with chromium() as browser:
        context = browser.new_context()
        context.set_default_timeout(10_000)
        page = context.new_page()
        yield page
        page.goto("about:blank")  # stop the program-status polling before teardown
        context.close()


# The worker is a separate process on the PostgreSQL test database.
@pytest.mark.postgres_only
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coach_adds_an_athlete_and_records_an_assessment(live_server, page):
    protocol_library_load()
    exercise_library_load()
    purge_broker(BROKER_URL)
    # The live server publishes jobs to the worker's broker; the worker uses this database.
    with running_worker(broker_url=BROKER_URL) as worker, celery_app_broker(BROKER_URL):
        try:
            _coach_flow(live_server, page)
        except AssertionError:
            print(worker.log()[-4000:])
            raise
        assert "Traceback" not in worker.log(), worker.log()[-3000:]


def fill_assessment(page, overrides):
    page.get_by_role("link", name="Record assessment").first.click()
    page.fill("#id_body_mass_kg", "75")
    for code, side, value in FULL_RESULTS:
        page.fill(f"#id_{code}_{side}", str(overrides.get((code, side), value)))
    page.locator("form button[type=submit]").last.click()


def _coach_flow(live_server, page):
    coach = CoachFactory(email="coach@example.com")

    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", coach.email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/coach/today/$"))  # the coach's home page
    page.get_by_role("link", name="Roster").click()
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
    fill_assessment(page, {("hip_flexion_hhd", "L"): 150.0, ("hip_flexion_hhd", "R"): 160.0})
    expect(page).to_have_url(re.compile(rf"/athletes/{athlete.id}/$"))
    expect(page.locator("#weakest-link")).to_have_text(re.compile("Hip flexors"))
    expect(page.locator("svg.chart.radar")).to_be_visible()
    expect(page.locator("svg.chart.radar polygon.ref-ring")).to_have_count(1)

    # The status fragment polls until the worker has built the program.
    expect(page.locator("#program-status")).to_contain_text("up to date", timeout=30_000)
    page.get_by_role("link", name="View program").first.click()
    expect(page.get_by_text("Band hip-flexor hold (long)").first).to_be_visible()
    expect(page.get_by_text("Band hip-flexor hold (short)").first).to_be_visible()
    version = ProgramVersion.objects.get(program__athlete=athlete, status="active")
    assert version.sessions.filter(prescriptions__emphasis="hip_flexors").exists()

    # Lock the program: the next test day makes a proposal instead.
    page.get_by_role("button", name="Lock").click()
    expect(page.get_by_text("locked", exact=True)).to_be_visible()
    page.goto(live_server.url + f"/athletes/{athlete.id}/")
    fill_assessment(page, {("soleus_iso", "L"): 700.0, ("soleus_iso", "R"): 720.0})
    # A second test on the same day asks first.
    page.get_by_role("button", name="Add anyway").click()
    expect(page.locator("#weakest-link")).to_have_text(re.compile("Calves"))
    expect(page.locator("#program-status")).to_contain_text("proposal", timeout=30_000)
    page.get_by_role("link", name="View program").first.click()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    active = ProgramVersion.objects.get(program__athlete=athlete, status="active")
    assert active.number > version.number
    assert active.sessions.filter(prescriptions__emphasis="calves").exists()
