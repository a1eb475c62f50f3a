"""The retest and the block review pages, and the squad view: who may see them, what they
show, and a constant number of queries for a squad of 10 or 50."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from assessments.services_library import protocol_library_load
from athletes.models import Team
from programs.models import Program, SessionLog
from programs.services.generate import program_generate_for
from programs.services.library import exercise_library_load
from tests.assessments.factories import FULL_RESULTS, record
from tests.factories import AthleteFactory
from tests.programs.factories import ProgramVersionFactory, SessionFactory

pytestmark = pytest.mark.django_db

START = [*FULL_RESULTS, ("sprint_20m", "B", 3.20), ("cmj_height", "B", 38.0)]


@pytest.fixture(autouse=True)
def libraries():
    protocol_library_load()
    exercise_library_load()


def _block(athlete, *, weeks_ago=5):
    today = timezone.localdate()
    start = record(athlete, date=today - dt.timedelta(weeks=weeks_ago), results=START)
    version = program_generate_for(
        athlete=athlete,
        today=start.date + dt.timedelta(days=1),
        trigger="assessment",
        assessment=start,
    )
    return version, version.sessions.get(kind="retest")


def _end_data(**values):
    data = {"date": timezone.localdate().isoformat(), "body_mass_kg": "75"}
    for code, side, value in FULL_RESULTS:
        data[f"{code}_{side}"] = str(value)
    data.update({"hip_flexion_hhd_L": "470", "hip_flexion_hhd_R": "450", "sprint_20m_B": "3.00"})
    data.update(values)
    return data


def test_the_retest_form_lists_the_start_tests_with_their_values(client, personas):
    _version, session = _block(personas.athlete)
    client.force_login(personas.coach)
    page = client.get(reverse("programs:retest", args=[personas.athlete.id, session.id]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Retest for" in html
    assert "start 400" in html  # hip flexion left at the start
    assert "start 3.2" in html  # the sprint
    assert "Countermovement jump" in html
    assert "Flying 30 m" not in html  # not tested at the start


def test_recording_the_retest_closes_the_block_and_opens_the_review(client, personas):
    version, session = _block(personas.athlete)
    client.force_login(personas.coach)
    url = reverse("programs:retest", args=[personas.athlete.id, session.id])
    response = client.post(url, _end_data())
    review_url = reverse("programs:review", args=[personas.athlete.id, version.id])
    assert response.status_code == 302
    assert response.url == review_url
    version.refresh_from_db()
    end = Assessment.objects.get(pk=version.end_assessment_id)
    assert end.date == timezone.localdate()
    html = client.get(review_url).content.decode()
    # hip flexion 400 -> 470 N: +70 > MDC 2.77 x 5 % x 400 = 55.4 N; 380 -> 450: +70 > 52.6
    assert "real gain" in html
    assert "within noise" in html  # the unchanged tests
    # 20 m: 3.20 -> 3.00 s, TE 0.0576 s, threshold 2.77 x TE = 0.16 s
    assert "real improvement" in html
    assert "not retested" in html  # the jump was not retested
    assert "Next block: raise the" in html
    # A second retest of the same block is refused and the form sends to the review.
    again = client.get(url)
    assert again.status_code == 302
    assert again.url == review_url
    assert client.post(url, _end_data()).status_code == 200
    assert Assessment.objects.filter(athlete=personas.athlete).count() == 2


def test_a_retest_dated_before_the_start_is_refused(client, personas):
    version, session = _block(personas.athlete)
    client.force_login(personas.coach)
    old = (version.assessment.date - dt.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("programs:retest", args=[personas.athlete.id, session.id]), _end_data(date=old)
    )
    assert "must come after the block" in response.content.decode()
    version.refresh_from_db()
    assert version.end_assessment_id is None
    assert Assessment.objects.filter(athlete=personas.athlete).count() == 1


def test_an_open_block_reads_not_retested_and_offers_the_retest(client, personas):
    version, session = _block(personas.athlete)
    client.force_login(personas.coach)
    html = client.get(reverse("programs:review", args=[personas.athlete.id, version.id])).content
    html = html.decode()
    assert "Not retested yet" in html
    assert reverse("programs:retest", args=[personas.athlete.id, session.id]) in html


def test_activity_counts_sessions_sets_and_rpe(client, personas):
    version, _ = _block(personas.athlete)
    sessions = list(version.sessions.exclude(kind__in=["rest", "retest"]).order_by("date")[:2])
    for session, rpe in zip(sessions, (6, 8), strict=True):
        SessionLog.objects.create(
            session=session, athlete=personas.athlete, rpe=rpe, completed_at=timezone.now()
        )
    client.force_login(personas.coach)
    response = client.get(reverse("programs:review", args=[personas.athlete.id, version.id]))
    activity = response.context["activity"]
    assert activity.sessions_done == 2
    assert activity.sessions_planned > 2
    assert activity.mean_rpe == 7.0
    assert activity.targeted_sets_planned > 0


@pytest.mark.parametrize("who", ["other_coach", "athlete"])
def test_only_the_athletes_coaches_see_the_pages(client, personas, who):
    version, session = _block(personas.athlete)
    team = Team.objects.create(organization=personas.organization, name="Sprinters")
    client.force_login(getattr(personas, who) if who == "other_coach" else personas.athlete.user)
    for url in (
        reverse("programs:retest", args=[personas.athlete.id, session.id]),
        reverse("programs:review", args=[personas.athlete.id, version.id]),
        reverse("programs:squad", args=[team.id]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("programs:retest", args=[personas.athlete.id, session.id]), _end_data()
        ).status_code
        == 404
    )
    version.refresh_from_db()
    assert version.end_assessment_id is None


def test_another_athletes_block_is_a_404(client, personas):
    version, session = _block(personas.other_athlete)
    client.force_login(personas.coach)
    assert (
        client.get(reverse("programs:review", args=[personas.athlete.id, version.id])).status_code
        == 404
    )
    retest = reverse("programs:retest", args=[personas.athlete.id, session.id])
    assert client.get(retest).status_code == 404


def _closed_block(team, *, weakest_gain: bool, faster: bool, n: int):
    athlete = AthleteFactory(organization=team.organization)
    athlete.teams.add(team)
    today = timezone.localdate()
    start = record(athlete, date=today - dt.timedelta(days=40), results=START)
    hip = 470.0 if weakest_gain else 402.0
    end_results = [(c, s, hip if c == "hip_flexion_hhd" else v) for c, s, v in FULL_RESULTS] + [
        ("sprint_20m", "B", 3.00 if faster else 3.18 + 0.001 * n)
    ]
    end = record(athlete, date=today - dt.timedelta(days=5), results=end_results)
    version = ProgramVersionFactory(
        program=Program.objects.get(athlete=athlete),  # recording made it
        assessment=start,
        end_assessment=end,
        start_date=start.date,
    )
    SessionFactory(version=version, date=start.date + dt.timedelta(days=2))
    return version


def _squad(client, personas, count):
    team = Team.objects.create(organization=personas.organization, name=f"Squad {count}")
    for n in range(count):
        _closed_block(team, weakest_gain=n % 2 == 0, faster=n % 3 == 0, n=n)
    client.force_login(personas.coach)
    return team


def test_the_squad_view_counts_and_says_association(client, personas):
    team = _squad(client, personas, 6)
    response = client.get(reverse("programs:squad", args=[team.id]))
    html = response.content.decode()
    claim = response.context["claim"]
    # weakest link (hip flexors) +70 N beyond the MDC in athletes 0, 2, 4; faster: 0 and 3
    assert (claim.weakest_improved, claim.faster, claim.both, claim.retested) == (3, 2, 1, 6)
    assert "association in your own athletes' data, not proof" in html
    assert "<svg" in html


def test_the_squad_view_queries_do_not_grow_with_the_squad(
    client, personas, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = _squad(client, personas, 10)
    with CaptureQueriesContext(connection) as ten:
        assert client.get(reverse("programs:squad", args=[small.id])).status_code == 200
    large = _squad(client, personas, 50)
    with django_assert_max_num_queries(len(ten.captured_queries)):
        response = client.get(reverse("programs:squad", args=[large.id]))
    assert len(response.context["rows"]) == 50


def test_a_past_blocks_retest_carried_into_the_next_version_is_not_offered(client, personas):
    _version, session = _block(personas.athlete)
    client.force_login(personas.coach)
    client.post(reverse("programs:retest", args=[personas.athlete.id, session.id]), _end_data())
    later = program_generate_for(
        athlete=personas.athlete,
        today=session.date + dt.timedelta(days=1),
        trigger="manual",
    )
    carried = later.sessions.get(kind="retest", date=session.date)  # copied: it is past
    assert (
        client.get(reverse("programs:retest", args=[personas.athlete.id, carried.id])).status_code
        == 404
    )


def test_the_athletes_phone_labels_the_retest_day(client, personas):
    version = ProgramVersionFactory(program=Program.objects.create(athlete=personas.athlete))
    SessionFactory(
        version=version, kind="retest", title="Retest", date=timezone.localdate() + dt.timedelta(2)
    )
    client.force_login(personas.athlete.user)
    html = client.get(reverse("programs:week")).content.decode()
    assert "Retest day" in html
