"""Browser: a bad morning on a 360 px phone lightens today's session, with the reason
shown, and the coach's home page lists the athlete with an undo."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from programs.models import AppliedAction, Prescription, ReadinessCheckIn, SessionAdjustment
from tests.browser import chromium
from tests.factories import PASSWORD, AthleteUserFactory, CoachFactory, OrganizationFactory
from tests.programs.factories import (
    ExerciseFactory,
    PrescriptionFactory,
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
)

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
NO_OVERFLOW = "document.documentElement.scrollWidth <= window.innerWidth"
BAD_DAY = {"Sleep quality": "1", "Energy (fatigue)": "2", "Muscle soreness": "2"}
BAD_DAY |= {"Stress": "3", "Mood": "3"}


@pytest.fixture
def browser():
    with chromium() as browser:
        yield browser


def _seed():
    today = timezone.localdate()
    organization = OrganizationFactory()
    coach = CoachFactory(organization=organization, email="coach@example.com")
    athlete = AthleteUserFactory(
        organization=organization, first_name="Rae", last_name="Runner", email="rae@example.com"
    )
    version = ProgramVersionFactory(program=ProgramFactory(athlete=athlete))
    session = SessionFactory(version=version, date=today, title="Speed day", kind="sprint")
    squat = PrescriptionFactory(
        session=session,
        order=1,
        section="main",
        sets=4,
        reps=5,
        seconds=None,
        muscle_length="",
        exercise=ExerciseFactory(
            name="Back squat", category="strength", intensity="high", contraction="mixed"
        ),
    )
    PrescriptionFactory(session=session, order=2, exercise=ExerciseFactory(name="Knee drive hold"))
    for n in range(1, 11):  # ten ordinary mornings, around 20/25
        ReadinessCheckIn.objects.create(
            athlete=athlete,
            date=today - dt.timedelta(days=n),
            sleep=4,
            fatigue=4,
            soreness=4,
            stress=4,
            mood=4 + n % 2,
        )
    return coach, athlete, squat


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_bad_morning_lightens_the_session_and_the_coach_sees_it(live_server, browser):
    coach, athlete, squat = _seed()
    context = browser.new_context(**PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", athlete.user.email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/today/$"))
    expect(page.locator(f"#rx-{squat.pk} .dose")).to_contain_text("4 × 5")

    card = page.locator("#readiness")
    expect(card.get_by_role("heading", name="How are you this morning?")).to_be_visible()
    for legend, value in BAD_DAY.items():
        row = card.locator("fieldset", has_text=legend)
        target = row.locator("label", has_text=re.compile(f"^{value}$"))
        box = target.bounding_box()
        assert box["height"] >= 44, legend  # a thumb target
        assert box["width"] >= 44, legend
        target.tap()
    assert page.evaluate(NO_OVERFLOW)
    card.get_by_role("button", name="Send check-in").tap()

    # The page comes back lighter, saying why with the numbers.
    adjusted = page.locator("#adjusted")
    expect(adjusted.get_by_role("heading", name="Lighter session today")).to_be_visible()
    expect(adjusted).to_contain_text("Readiness 11/25 is")
    expect(adjusted).to_contain_text("below your 28-day baseline")
    expect(adjusted).to_contain_text("Back squat: 4 → 2 sets")
    expect(adjusted).to_contain_text("targeted hold stays as planned: Knee drive hold")
    expect(page.locator(f"#rx-{squat.pk} .dose")).to_contain_text("2 × 5")
    expect(page.get_by_text("Checked in: 11/25")).to_be_visible()
    assert page.evaluate(NO_OVERFLOW)

    # The coach lands on Today, sees the athlete, and undoes the change.
    coach_page = browser.new_page(viewport={"width": 1280, "height": 900})
    coach_page.set_default_timeout(10_000)
    coach_page.goto(live_server.url + reverse("login"))
    coach_page.fill("#id_username", coach.email)
    coach_page.fill("#id_password", PASSWORD)
    coach_page.click("button[type=submit]")
    expect(coach_page).to_have_url(re.compile(r"/coach/today/$"))
    line = coach_page.locator(".home-lines li", has_text="Rae Runner").filter(
        has_text="Readiness 11/25"
    )
    expect(line).to_contain_text("Today's session was made lighter.")
    line.get_by_role("button", name="Undo the lighter session").click()
    expect(coach_page.get_by_text("is as planned again")).to_be_visible()
    assert Prescription.objects.get(pk=squat.pk).sets == 4


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_checkin_made_offline_is_sent_once_and_lightens_the_session(live_server, browser):
    _, athlete, squat = _seed()
    context = browser.new_context(**PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", athlete.user.email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/today/$"))
    page.wait_for_function("() => document.documentElement.dataset.offlineReady")

    # No signal: the page comes from the phone, and the check-in waits there.
    context.set_offline(True)
    page.reload()
    card = page.locator("#readiness")
    for legend, value in BAD_DAY.items():
        card.locator("fieldset", has_text=legend).locator(
            "label", has_text=re.compile(f"^{value}$")
        ).tap()
    card.get_by_role("button", name="Send check-in").tap()
    expect(card.locator(".pending-note")).to_contain_text(
        re.compile(r"Check-in 11/25 at \d\d:\d\d: saved on this phone, will send")
    )
    queued = page.locator("#offline-queue li")
    expect(queued).to_have_count(1)
    expect(queued).to_contain_text("Check-in 11/25")
    expect(page.locator(f"#rx-{squat.pk} .dose")).to_contain_text("4 × 5")
    assert page.evaluate(NO_OVERFLOW)
    assert not ReadinessCheckIn.objects.filter(date=timezone.localdate()).exists()

    # Opened again offline, it is still queued, with the ratings the athlete chose.
    page.reload()
    expect(page.locator("#offline-queue li")).to_have_count(1)
    expect(card.locator(".pending-note")).to_be_visible()
    expect(card.locator("fieldset", has_text="Sleep quality").get_by_label("1")).to_be_checked()

    # The signal returns: sent once, and the session comes back lighter with its reason.
    with page.expect_request(re.compile(r"/today/sync/$")) as sent:
        context.set_offline(False)
    adjusted = page.locator("#adjusted")
    expect(adjusted.get_by_role("heading", name="Lighter session today")).to_be_visible()
    expect(adjusted).to_contain_text("Readiness 11/25 is")
    expect(adjusted).to_contain_text("Back squat: 4 → 2 sets")
    expect(page.locator(f"#rx-{squat.pk} .dose")).to_contain_text("2 × 5")
    expect(page.get_by_text("Checked in: 11/25")).to_be_visible()
    expect(page.locator("#offline-queue")).to_be_hidden()
    assert page.evaluate(NO_OVERFLOW)
    action = AppliedAction.objects.get()
    assert (action.kind, action.outcome) == ("checkin", "applied")

    # The same queue sent again (an answer lost on the way) changes nothing.
    replay = page.evaluate(
        """async (body) => {
          const token = JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
          const r = await fetch("/today/sync/", {method: "POST", body,
            headers: {"Content-Type": "application/json", "X-CSRFToken": token}});
          return (await r.json()).results.map((x) => x.outcome);
        }""",
        sent.value.post_data,
    )
    assert replay == ["applied"]
    assert AppliedAction.objects.count() == 1
    assert SessionAdjustment.objects.count() == 1
    assert Prescription.objects.get(pk=squat.pk).sets == 2
    context.close()
