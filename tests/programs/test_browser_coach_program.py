"""Browser: a coach swaps a prescribed exercise inline (htmx), on both databases; the
session's duration estimate follows the edit (swapped out of band)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from programs.models import Prescription
from tests.browser import chromium
from tests.factories import PASSWORD, AthleteFactory, CoachFactory, OrganizationFactory
from tests.programs.factories import (
    ExerciseFactory,
    PrescriptionFactory,
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coach_swaps_a_prescribed_exercise_inline(live_server):
    organization = OrganizationFactory()
    coach = CoachFactory(organization=organization, email="coach@example.com")
    athlete = AthleteFactory(organization=organization)
    version = ProgramVersionFactory(program=ProgramFactory(athlete=athlete))
    session = SessionFactory(version=version)
    hold = PrescriptionFactory(
        session=session,
        exercise=ExerciseFactory(name="Band knee drive hold", groups=["hip_flexors"]),
    )
    ExerciseFactory(name="Band march hold", groups=["calves", "hip_flexors"])
    ExerciseFactory(name="Calf raise hold", groups=["calves"])  # shares no group

    with chromium() as browser:
        page = browser.new_page()
        page.set_default_timeout(10_000)
        page.goto(live_server.url + "/accounts/login/")
        page.fill("#id_username", coach.email)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        expect(page).to_have_url(re.compile(r"/coach/today/$"))
        page.goto(live_server.url + reverse("programs:coach_program", args=[athlete.pk]))

        estimate = page.locator(f"#estimate-{session.pk}")
        expect(estimate).to_have_text("≈ 4 min")  # 3 x 25 s + 2 x 60 s + 30 s
        row = page.locator(f"#prescription-{hold.pk}")
        row.get_by_role("link", name="Edit").click()
        choice = page.locator(f"#prescription-{hold.pk} select[name=exercise]")
        expect(choice).to_be_visible()  # the form swapped in
        options = choice.locator("option").all_text_contents()
        assert "Band march hold" in options
        assert "Calf raise hold" not in options
        choice.select_option(label="Band march hold")
        page.fill(f"#prescription-{hold.pk} input[name=sets]", "6")
        page.locator(f"#prescription-{hold.pk}").get_by_role("button", name="Save").click()
        expect(page.locator(f"#prescription-{hold.pk}")).to_contain_text("Band march hold")
        expect(page.locator(f"#prescription-{hold.pk}")).to_contain_text("edited")
        expect(estimate).to_have_text("≈ 8 min")  # 6 x 25 s + 5 x 60 s + 30 s
        expect(estimate).to_have_attribute("title", re.compile("^An estimate: the work"))

    assert Prescription.objects.get(pk=hold.pk).exercise.name == "Band march hold"
