"""Browser: the Content-Security-Policy blocks nothing our own pages do.

Chromium reports every blocked inline script, handler, style attribute or foreign load as
a `securitypolicyviolation` event (and a console error); the pages below, the htmx swaps
and the hold timer must raise none.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.athletes.factories import make_assessment
from tests.browser import chromium
from tests.factories import PASSWORD, AthleteUserFactory, CoachFactory, OrganizationFactory
from tests.programs.factories import (
    ExerciseFactory,
    PrescriptionFactory,
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
)

COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def browser():
    with chromium() as browser:
        yield browser


def _page(browser, console):
    context = browser.new_context()
    context.set_default_timeout(10_000)
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return page


def _log_in(page, live_server, email):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _violations(page):
    return page.evaluate("window.__csp")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coach_and_athlete_pages_raise_no_csp_violation(live_server, browser):
    organization = OrganizationFactory()
    coach = CoachFactory(organization=organization)
    athlete = AthleteUserFactory(organization=organization)
    invitee = AthleteUserFactory(organization=organization, user=None)
    make_assessment(athlete, scores={"hip_flexors": 62.0})
    make_assessment(athlete, date=None, scores={"hip_flexors": 70.0})
    session = SessionFactory(
        version=ProgramVersionFactory(program=ProgramFactory(athlete=athlete))
    )
    hold = PrescriptionFactory(
        session=session, order=1, sets=1, seconds=1, exercise=ExerciseFactory(name="Knee drive")
    )
    console = []

    page = _page(browser, console)
    _log_in(page, live_server, coach.email)
    expect(page).to_have_url(re.compile(r"/coach/today/$"))  # the coach's home page
    assert _violations(page) == []
    page.goto(live_server.url + reverse("athletes:roster"))
    assert _violations(page) == []
    # The roster's htmx sort swaps the table in.
    page.get_by_role("link", name=re.compile("Balance")).first.click()
    page.goto(live_server.url + reverse("athletes:detail", args=[athlete.pk]))
    expect(page.locator("svg").first).to_be_visible()
    assert _violations(page) == []
    # The invite page's Copy button runs from a static file.
    page.goto(live_server.url + reverse("athletes:detail", args=[invitee.pk]))
    page.get_by_role("button", name="Invite").click()
    # The Copy button works once its script has loaded, and only with clipboard access
    # (headless Chromium otherwise may leave writeText pending: a flaky "Copied").
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    expect(page.get_by_role("button", name="Copy")).to_be_visible()
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert _violations(page) == []

    page = _page(browser, console)
    _log_in(page, live_server, athlete.user.email)
    expect(page).to_have_url(re.compile(r"/today/$"))
    card = page.locator(f"#rx-{hold.pk}")
    card.get_by_role("button", name="Start 1 s hold").click()
    expect(card.locator("output")).to_have_text("Done", timeout=6_000)
    card.get_by_role("button", name="Set 1").click()
    expect(card.locator("p.status")).to_contain_text("1 of 1 sets done")
    assert _violations(page) == []
    assert console == []
