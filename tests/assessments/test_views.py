"""Assessment pages: record (full page and htmx), inline checks, detail, CSV import."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, TestResult
from assessments.services_library import protocol_library_load
from programs.models import Program
from tests.assessments.factories import record
from tests.factories import AthleteFactory, days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def protocols():
    protocol_library_load()


def _record_url(athlete):
    return reverse("assessments:record", kwargs={"athlete_id": athlete.id})


def _validate_url(athlete, field):
    url = reverse("assessments:validate_field", kwargs={"athlete_id": athlete.id})
    return f"{url}?field={field}"


def _good_post(**overrides):
    data = {
        "date": days_ago(1).isoformat(),
        "body_mass_kg": "75.0",
        "hip_flexion_hhd_L": "400",
        "hip_flexion_hhd_R": "360",
        "prone_plank_B": "120",
        "notes": "",
    }
    data.update(overrides)
    return data


def _counts():
    return Assessment.objects.count(), TestResult.objects.count(), Program.objects.count()


# --- record --------------------------------------------------------------------------------


def test_record_form_lists_every_active_protocol_with_hints(client, personas):
    client.force_login(personas.coach)
    response = client.get(_record_url(personas.athlete))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="hip_flexion_hhd_L"' in html
    assert 'name="hip_flexion_hhd_R"' in html
    assert 'name="prone_plank_B"' in html  # unsided: one input
    assert 'name="prone_plank_L"' not in html
    assert "20–1200 N" in html
    assert "<details>" in html
    assert f'hx-post="{_validate_url(personas.athlete, "hip_flexion_hhd_L")}"' in html
    assert 'hx-target="#err-hip_flexion_hhd_L"' in html
    assert 'id="err-hip_flexion_hhd_L"' in html
    assert f'value="{timezone.localdate().isoformat()}"' in html  # date defaults to today
    assert "Hip flexors" in html


def test_valid_post_saves_and_redirects_to_the_athlete_page(client, personas):
    client.force_login(personas.coach)
    response = client.post(_record_url(personas.athlete), _good_post(), follow=True)
    athlete_url = reverse("athletes:detail", kwargs={"athlete_id": personas.athlete.id})
    assert response.redirect_chain[-1][0] == athlete_url
    assessment = Assessment.objects.get(athlete=personas.athlete)
    assert assessment.recorded_by == personas.coach
    assert assessment.results.count() == 3
    assert Program.objects.get(athlete=personas.athlete).regen_status == "pending"
    [message] = list(response.context["messages"])
    assert "Balance level" in str(message)
    assert "weakest link" in str(message)


def test_htmx_valid_post_gets_a_client_redirect(client, personas):
    client.force_login(personas.coach)
    response = client.post(_record_url(personas.athlete), _good_post(), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse(
        "athletes:detail", kwargs={"athlete_id": personas.athlete.id}
    )
    assert Assessment.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"hip_flexion_hhd_L": "5000"}, "Outside the plausible range 20–1200 N."),
        ({"body_mass_kg": "300"}, "Body mass must be between 25 and 250 kg."),
        ({"date": "2999-01-01"}, "The date cannot be in the future (today is"),
        ({"date": "1900-01-01"}, "Assessments cannot be dated before 1 January 2000"),
        ({"hip_flexion_hhd_L": "abc"}, "Enter a number."),
        (
            {"hip_flexion_hhd_L": "", "hip_flexion_hhd_R": "", "prone_plank_B": ""},
            "Enter at least one test result.",
        ),
    ],
)
def test_invalid_post_rerenders_with_the_error_and_saves_nothing(
    client, personas, overrides, message
):
    client.force_login(personas.coach)
    before = _counts()
    response = client.post(_record_url(personas.athlete), _good_post(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _counts() == before


def test_htmx_invalid_post_returns_the_form_fragment_with_422(client, personas):
    client.force_login(personas.coach)
    response = client.post(
        _record_url(personas.athlete),
        _good_post(hip_flexion_hhd_L="5000", body_mass_kg="10"),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="assessment-form"')
    assert "<html" not in html
    assert "Outside the plausible range 20–1200 N." in html
    assert "between 25 and 250 kg" in html
    assert Assessment.objects.count() == 0


def test_service_errors_show_on_the_form(client, personas):
    personas.athlete.archived_at = timezone.now()
    personas.athlete.save()
    client.force_login(personas.coach)
    response = client.post(_record_url(personas.athlete), _good_post())
    assert response.status_code == 200
    assert "archived" in response.content.decode()
    assert Assessment.objects.count() == 0


def test_inline_validation_fragment(client, personas):
    client.force_login(personas.coach)
    response = client.post(
        _validate_url(personas.athlete, "hip_flexion_hhd_L"),
        {"hip_flexion_hhd_L": "5000"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode().strip()
    assert html.startswith('<p id="err-hip_flexion_hhd_L"')
    assert "Outside the plausible range 20–1200 N." in html
    ok = client.post(
        _validate_url(personas.athlete, "hip_flexion_hhd_L"),
        {"hip_flexion_hhd_L": "400"},
        HTTP_HX_REQUEST="true",
    )
    assert "plausible" not in ok.content.decode()
    mass = client.post(
        _validate_url(personas.athlete, "body_mass_kg"),
        {"body_mass_kg": "12"},
        HTTP_HX_REQUEST="true",
    )
    assert "between 25 and 250 kg" in mass.content.decode()
    unknown = client.post(_validate_url(personas.athlete, "password"), {}, HTTP_HX_REQUEST="true")
    assert unknown.status_code == 400


@pytest.mark.parametrize("persona", ["other_coach", "athlete"])
def test_others_get_404_and_nothing_changes(client, personas, persona):
    user = personas.other_coach if persona == "other_coach" else personas.athlete.user
    client.force_login(user)
    assert client.get(_record_url(personas.athlete)).status_code == 404
    assert client.post(_record_url(personas.athlete), _good_post()).status_code == 404
    validate = client.post(_validate_url(personas.athlete, "hip_flexion_hhd_L"), {})
    assert validate.status_code == 404
    assert _counts() == (0, 0, 0)


def test_anonymous_is_sent_to_login(client, personas):
    response = client.post(_record_url(personas.athlete), _good_post())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Assessment.objects.count() == 0


# --- detail --------------------------------------------------------------------------------


def _detail_url(assessment):
    return reverse(
        "assessments:detail",
        kwargs={"athlete_id": assessment.athlete_id, "assessment_id": assessment.id},
    )


def test_detail_shows_results_flags_and_changes(client, personas, django_assert_max_num_queries):
    record(personas.athlete, date=days_ago(40), results=[("nordic_nordbord", "L", 250.0)])
    assessment = record(
        personas.athlete,
        date=days_ago(1),
        results=[("nordic_nordbord", "L", 300.0), ("nordic_nordbord", "R", 400.0)],
    )
    client.force_login(personas.coach)
    with django_assert_max_num_queries(12):
        response = client.get(_detail_url(assessment))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nordic hamstring test (NordBord)" in html
    assert "25 %" in html  # asymmetry
    assert "2.4 times the hamstring-strain risk" in html  # the act flag's message
    assert "20.0 %" in html  # change since the previous assessment


@pytest.mark.parametrize(
    ("source", "by_coach", "says"),
    [
        ("manual", True, "Entered by {coach}<"),
        ("manual", False, "Entered by a coach<"),
        ("csv", True, "CSV import by {coach}<"),
    ],
)
def test_detail_says_who_entered_the_results(client, personas, source, by_coach, says):
    assessment = record(personas.athlete, recorded_by=personas.coach if by_coach else None)
    Assessment.objects.filter(pk=assessment.pk).update(source=source)
    client.force_login(personas.coach)
    html = client.get(_detail_url(assessment)).content.decode()
    assert says.format(coach=personas.coach) in html
    assert "coach by" not in html


def test_detail_of_another_athlete_or_org_is_404(client, personas):
    mine = record(personas.athlete)
    theirs = record(personas.outside_athlete)
    client.force_login(personas.coach)
    assert client.get(_detail_url(theirs)).status_code == 404
    mixed = reverse(
        "assessments:detail",
        kwargs={"athlete_id": personas.other_athlete.id, "assessment_id": mine.id},
    )
    assert client.get(mixed).status_code == 404
    client.force_login(personas.athlete.user)
    assert client.get(_detail_url(mine)).status_code == 404


# --- CSV import ----------------------------------------------------------------------------


def _upload(client, content: bytes, name="results.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("assessments:import"),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def _csv_for(athlete, value="400"):
    return (
        "athlete_email,date,body_mass_kg,protocol,side,value\n"
        f"{athlete.email},{days_ago(3)},75,hip_flexion_hhd,L,{value}\n"
        f"{athlete.email},{days_ago(3)},75,hip_flexion_hhd,R,390\n"
    ).encode()


def test_import_preview_then_commit(client, personas):
    client.force_login(personas.coach)
    assert client.get(reverse("assessments:import")).status_code == 200
    response = _upload(client, _csv_for(personas.athlete))
    html = response.content.decode()
    assert "Commit import" in html
    assert "2 results for 1 athlete" in html
    assert Assessment.objects.count() == 0  # dry run
    key = response.context["import_key"]
    response = client.post(reverse("assessments:import_commit"), {"key": key}, follow=True)
    message = response.content.decode()
    assert "1 assessment created, 0 updated, 2 results added, 0 changed" in message
    assert "The programs of 1 athlete are being regenerated" in message
    assert Assessment.objects.get().source == "csv"
    # the key is single-use
    again = client.post(reverse("assessments:import_commit"), {"key": key}, follow=True)
    assert "expired" in again.content.decode()
    assert Assessment.objects.count() == 1


def test_import_preview_lists_errors_by_line_and_offers_no_commit(client, personas):
    client.force_login(personas.coach)
    response = _upload(client, _csv_for(personas.outside_athlete))
    html = response.content.decode()
    assert "Commit import" not in html
    assert "<td>2</td>" in html
    assert "Unknown athlete" in html
    assert personas.outside_athlete.full_name not in html


def test_commit_needs_the_matching_key(client, personas):
    client.force_login(personas.coach)
    _upload(client, _csv_for(personas.athlete))
    response = client.post(reverse("assessments:import_commit"), {"key": "guess"}, follow=True)
    assert "expired" in response.content.decode()
    assert Assessment.objects.count() == 0


def test_commit_refuses_when_the_data_went_bad_since_the_preview(client, personas):
    client.force_login(personas.coach)
    key = _upload(client, _csv_for(personas.athlete)).context["import_key"]
    personas.athlete.archived_at = timezone.now()
    personas.athlete.save()
    response = client.post(reverse("assessments:import_commit"), {"key": key}, follow=True)
    assert "Nothing was imported" in response.content.decode()
    assert Assessment.objects.count() == 0


def test_import_refuses_files_over_5_mb(client, personas):
    client.force_login(personas.coach)
    response = _upload(client, b"x" * (5 * 1024 * 1024 + 1))
    assert "larger than 5 MB" in response.content.decode()


def test_import_template_download(client, personas):
    client.force_login(personas.coach)
    response = client.get(reverse("assessments:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert "# hip_flexion_hhd,Isometric hip flexion (handheld dynamometer),N,L or R," in text
    assert "# prone_plank," in text
    assert ",B," in text
    # The importer accepts its own template: the comment rows are skipped.
    AthleteFactory(organization=personas.organization, email="sam@example.com")
    AthleteFactory(organization=personas.organization, external_id="A-102")
    preview = _upload(client, response.content).context["preview"]
    assert preview.errors == []
    assert preview.results == 3


def test_import_page_lists_the_protocol_codes_and_units(client, personas):
    client.force_login(personas.coach)
    html = client.get(reverse("assessments:import")).content.decode()
    assert "<td><code>hip_flexion_hhd</code></td>" in html
    assert "<td>N</td>" in html
    assert "L or R" in html


def test_valid_preview_lists_each_athlete_and_date_new_or_update(client, personas):
    client.force_login(personas.coach)
    record(personas.athlete, date=days_ago(9), source="csv")
    other = AthleteFactory(organization=personas.organization, first_name="Zed", last_name="Zulu")
    content = (
        "athlete_email,date,body_mass_kg,protocol,side,value\n"
        f"{personas.athlete.email},{days_ago(9)},75,hip_flexion_hhd,L,333\n"
        f"{personas.athlete.email},{days_ago(2)},75,hip_flexion_hhd,L,400\n"
        f"{personas.athlete.email},{days_ago(2)},75,hip_flexion_hhd,R,390\n"
        f"{other.email},{days_ago(2)},70,prone_plank,B,100\n"
    ).encode()
    response = _upload(client, content)
    items = [
        (a.athlete_name, a.date, a.results, a.action)
        for a in response.context["preview"].assessments
    ]
    assert items == [
        (personas.athlete.full_name, days_ago(9), 1, "update"),
        (personas.athlete.full_name, days_ago(2), 2, "new"),
        ("Zed Zulu", days_ago(2), 1, "new"),
    ]
    html = response.content.decode()
    assert "updates the earlier import" in html
    assert "Zed Zulu" in html


@pytest.mark.parametrize("persona", ["athlete", "anonymous"])
def test_import_is_for_coaches_only(client, personas, persona):
    if persona == "athlete":
        client.force_login(personas.athlete.user)
    for name in ("assessments:import", "assessments:import_template"):
        response = client.get(reverse(name))
        assert response.status_code == (404 if persona == "athlete" else 302)
    response = _upload(client, _csv_for(personas.athlete))
    assert response.status_code == (404 if persona == "athlete" else 302)
    assert Assessment.objects.count() == 0


def test_other_org_coach_cannot_import_into_this_org(client, personas):
    client.force_login(personas.other_coach)
    response = _upload(client, _csv_for(personas.athlete))
    assert "Unknown athlete" in response.content.decode()
    assert response.context["import_key"] is None


# --- navigation --------------------------------------------------------------------------


def test_assessment_pages_share_the_coach_navigation(client, personas):
    client.force_login(personas.coach)
    assessment = record(personas.athlete)
    teams = f'href="{reverse("athletes:teams")}"'
    for url, current in (
        (_record_url(personas.athlete), None),
        (reverse("assessments:import"), "assessments:import"),
        (reverse("assessments:detail", args=[personas.athlete.id, assessment.id]), None),
        (reverse("athletes:roster"), "athletes:roster"),
    ):
        page = client.get(url).content.decode()
        assert teams in page, url  # the same links on every coach page
        marked = [line for line in page.splitlines() if 'aria-current="page"' in line]
        if current:
            assert len(marked) == 1, url
            assert f'href="{reverse(current)}"' in marked[0], url
        else:
            assert marked == [], url
