"""Browser: an invited athlete sets a password on their phone and logs today's session."""

import re

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from athletes.services_invitations import invitation_create
from programs.models import PrescriptionLog, SessionLog
from tests.browser import chromium
from tests.factories import PASSWORD, AthleteFactory, CoachFactory, OrganizationFactory
from tests.programs.factories import (
    ExerciseFactory,
    PrescriptionFactory,
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
)

ATHLETE_PASSWORD = "quick-feet-2025"
NO_OVERFLOW = "document.documentElement.scrollWidth <= window.innerWidth"


def _iphone_12(playwright):
    device = dict(playwright.devices["iPhone 12"])
    device.pop("default_browser_type", None)  # we drive Chromium with the iPhone's metrics
    return device


def _small_android(_playwright):
    return {
        "viewport": {"width": 360, "height": 740},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
        "user_agent": "Mozilla/5.0 (Linux; Android 11; Pixel 3a) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
    }


@pytest.fixture
def browser():
    with chromium() as browser:
        yield browser


def _seed():
    organization = OrganizationFactory()
    coach = CoachFactory(organization=organization, email="coach@example.com")
    athlete = AthleteFactory(organization=organization, email="runner@example.com")
    version = ProgramVersionFactory(program=ProgramFactory(athlete=athlete))
    session = SessionFactory(version=version, title="Hip flexor day")
    hold = PrescriptionFactory(
        session=session,
        order=1,
        sets=2,
        seconds=2,
        exercise=ExerciseFactory(name="Band knee drive hold"),
        note="Targets your weakest link: left hip flexors, 62 % of reference",
        side="L",
    )
    squat = PrescriptionFactory(
        session=session,
        order=2,
        section="main",
        sets=3,
        reps=5,
        seconds=None,
        exercise=ExerciseFactory(name="Back squat", category="strength", contraction="mixed"),
    )
    PrescriptionFactory(
        session=session,
        order=3,
        section="main",
        sets=1,
        seconds=600,
        exercise=ExerciseFactory(
            name="Steady run 10 min", category="easy_run", contraction="mixed", muscle_length=""
        ),
        muscle_length="",
    )
    return coach, athlete, session, hold, squat


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("device", [_iphone_12, _small_android], ids=["iphone12", "android360"])
def test_invited_athlete_logs_todays_session_on_a_phone(live_server, browser, device):
    coach, athlete, session, hold, squat = _seed()
    _, raw_token = invitation_create(athlete=athlete, created_by=coach)

    context = browser.new_context(**device(browser.playwright))
    context.set_default_timeout(10_000)
    page = context.new_page()

    # The invite link: set a password, land on today's session.
    page.goto(live_server.url + reverse("athletes:invite_accept", args=[raw_token]))
    page.get_by_label("Choose a password").fill(ATHLETE_PASSWORD)
    page.get_by_label("Repeat the password").fill(ATHLETE_PASSWORD)
    page.get_by_role("button", name="Set password and start").click()
    expect(page).to_have_url(re.compile(r"/today/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hip flexor day")
    expect(page.get_by_text("left hip flexors, 62 % of reference")).to_be_visible()
    assert page.evaluate(NO_OVERFLOW)

    # Tap sets: the card swaps in with the new count.
    card = page.locator(f"#rx-{hold.pk}")
    card.get_by_role("button", name="Set 1").tap()
    expect(card.locator("p.status")).to_contain_text("1 of 2 sets done")
    expect(card.get_by_role("button", name="✓ Set 1")).to_have_attribute("aria-pressed", "true")
    card.get_by_role("button", name="Set 2").tap()
    expect(card.locator("p.status")).to_contain_text("2 of 2 sets done")
    # Set buttons are comfortable thumb targets.
    box = card.get_by_role("button", name="✓ Set 2").bounding_box()
    assert box["height"] >= 44
    assert box["width"] >= 44

    # A tap on a done set never wipes logged sets; "Undo last set" removes exactly one.
    with page.expect_response(re.compile(r"/sets/$")) as tapped:
        card.get_by_role("button", name="✓ Set 1").tap()
    assert tapped.value.ok
    expect(card.locator("p.status")).to_contain_text("2 of 2 sets done")
    undo = card.get_by_role("button", name="Undo last set")
    expect(undo).to_be_visible()
    assert undo.bounding_box()["height"] >= 44
    undo.tap()
    expect(card.locator("p.status")).to_contain_text("1 of 2 sets done")
    expect(card.get_by_role("button", name="Set 2", exact=True)).to_have_attribute(
        "aria-pressed", "false"
    )
    assert PrescriptionLog.objects.get(prescription=hold).sets_done == 1
    card.get_by_role("button", name="Set 2", exact=True).tap()
    expect(card.locator("p.status")).to_contain_text("2 of 2 sets done")

    # The hold timer counts down, says Done and fills the hold input; Save stores it.
    card.get_by_role("button", name="Start 2 s hold").tap()
    expect(card.locator("output")).to_have_text("Done", timeout=6_000)
    expect(card.get_by_label("Hold (seconds)")).to_have_value("2")
    card.get_by_role("button", name="Save").tap()
    expect(card.locator("p.status")).to_contain_text("hold 2 s")

    # A timed run is run, not held: no hold timer, no hold input.
    run_card = page.locator("article", has_text="Steady run 10 min")
    expect(run_card.get_by_role("button", name="Set 1")).to_be_visible()
    expect(run_card.get_by_role("button", name=re.compile("hold"))).to_have_count(0)
    expect(run_card.get_by_label("Hold (seconds)")).to_have_count(0)

    squat_card = page.locator(f"#rx-{squat.pk}")
    squat_card.get_by_label("Load (kg)").fill("60")
    squat_card.get_by_role("button", name="Save").tap()
    expect(squat_card.locator("p.status")).to_contain_text("60.0 kg")

    # Finish with RPE and a note.
    finish = page.locator("#finish")
    finish.get_by_label("7", exact=True).check()
    finish.get_by_label("Note for your coach").fill("Left side burned")
    finish.get_by_role("button", name="Finish session").tap()
    expect(finish.get_by_role("status")).to_contain_text("RPE 7")
    expect(finish.get_by_role("status")).to_contain_text("Left side burned")

    hold_log = PrescriptionLog.objects.get(prescription=hold)
    assert (hold_log.sets_done, hold_log.hold_seconds) == (2, 2)
    assert str(PrescriptionLog.objects.get(prescription=squat).load_kg) == "60.0"
    log = SessionLog.objects.get(session=session)
    assert (log.athlete_id, log.rpe, log.notes) == (athlete.pk, 7, "Left side burned")
    assert log.completed_at is not None

    # The week and history pages fit the phone too.
    for name in ("programs:week", "programs:history"):
        page.goto(live_server.url + reverse(name))
        assert page.evaluate(NO_OVERFLOW), name
    expect(page.get_by_text("RPE 7")).to_be_visible()
    context.close()

    # The coach sees what was logged on the athlete page.
    try:
        detail_url = reverse("athletes:detail", kwargs={"athlete_id": athlete.pk})
    except NoReverseMatch:  # the coach page is not there yet
        return
    coach_context = browser.new_context()
    coach_context.set_default_timeout(10_000)
    coach_page = coach_context.new_page()
    coach_page.goto(live_server.url + reverse("login"))
    coach_page.fill("#id_username", coach.email)
    coach_page.fill("#id_password", PASSWORD)
    coach_page.click("button[type=submit]")
    coach_page.wait_for_load_state()
    coach_page.goto(live_server.url + detail_url)
    expect(coach_page.get_by_text("Left side burned")).to_be_visible()
    expect(coach_page.get_by_text("RPE 7").first).to_be_visible()
    coach_page.goto("about:blank")  # stop any polling before the server goes away
    coach_context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_logging_works_without_javascript(live_server, browser):
    coach, athlete, session, hold, _ = _seed()
    _, raw_token = invitation_create(athlete=athlete, created_by=coach)
    context = browser.new_context(**_small_android(None), java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(live_server.url + reverse("athletes:invite_accept", args=[raw_token]))
    page.get_by_label("Choose a password").fill(ATHLETE_PASSWORD)
    page.get_by_label("Repeat the password").fill(ATHLETE_PASSWORD)
    page.get_by_role("button", name="Set password and start").click()
    expect(page).to_have_url(re.compile(r"/today/$"))

    card = page.locator(f"#rx-{hold.pk}")
    # No script: the timer stays hidden, the plain forms post and redirect back.
    expect(card.get_by_role("button", name="Start 2 s hold")).to_be_hidden()
    card.get_by_role("button", name="Set 2").click()
    expect(page).to_have_url(re.compile(rf"/today/#rx-{hold.pk}$"))
    expect(page.locator(f"#rx-{hold.pk} p.status")).to_contain_text("2 of 2 sets done")
    page.locator(f"#rx-{hold.pk}").get_by_role("button", name="✓ Set 1").click()
    expect(page.locator(f"#rx-{hold.pk} p.status")).to_contain_text("2 of 2 sets done")
    page.locator(f"#rx-{hold.pk}").get_by_role("button", name="Undo last set").click()
    expect(page).to_have_url(re.compile(rf"/today/#rx-{hold.pk}$"))
    expect(page.locator(f"#rx-{hold.pk} p.status")).to_contain_text("1 of 2 sets done")
    page.locator(f"#rx-{hold.pk}").get_by_role("button", name="Set 2", exact=True).click()
    page.locator("#finish").get_by_label("4", exact=True).check()
    page.locator("#finish").get_by_role("button", name="Finish session").click()
    expect(page.locator("#finish").get_by_role("status")).to_contain_text("RPE 4")
    assert PrescriptionLog.objects.get(prescription=hold).sets_done == 2
    assert SessionLog.objects.get(session=session).rpe == 4
    context.close()
