"""Issue 16: the duration estimate on the athlete's and the coach's pages, from the stored
prescriptions by the generator's rule, and the coach calendar's section headings."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programs import cards, generator
from programs.services.edit import prescription_update
from tests.factories import make_personas
from tests.programs.factories import (
    ExerciseFactory,
    PrescriptionFactory,
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
    week_of_sessions,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def p():
    return make_personas()


@pytest.fixture
def version(p):
    return ProgramVersionFactory(program=ProgramFactory(athlete=p.athlete))


def sectioned_session(version, day):
    """A session in the generator's order: warm-up, weakest link, support, maintenance."""
    session = SessionFactory(version=version, date=day, title="Strength and power")
    drill = ExerciseFactory(code="high_knees", name="High knees", category="drill")
    one_leg = ExerciseFactory(code="sl_bridge", name="Single-leg bridge", unilateral=True)
    rows = [
        ("warmup", drill, "", {"sets": 2, "seconds": 30, "rest_s": 30}),
        ("targeted", None, "hip_flexors", {}),
        ("targeted", None, "hip_flexors", {"side": "L", "sets": 4}),
        ("support", one_leg, "glutes", {"seconds": None, "reps": 10}),
        ("maintenance", None, "calves", {"sets": 1}),
        ("cooldown", None, "", {"sets": 1, "seconds": 60, "rest_s": None}),
    ]
    for order, (section, exercise, group, dose) in enumerate(rows, start=1):
        extra = {"exercise": exercise} if exercise else {}
        PrescriptionFactory(
            session=session, order=order, section=section, emphasis=group, **extra, **dose
        )
    return session


def expected_minutes(session) -> int:
    """The generator's own estimate of the same items, by catalogue (session_minutes)."""
    rows = list(session.prescriptions.select_related("exercise").order_by("order"))
    specs = {
        str(r.exercise_id): generator.ExerciseSpec(
            code=str(r.exercise_id),
            name=r.exercise.name,
            category=r.exercise.category,
            groups=(),
            contraction="isometric",
            equipment=(),
            unilateral=r.exercise.unilateral,
            muscle_length=None,
            intensity="moderate",
        )
        for r in rows
    }
    return generator.session_minutes([cards.prescription_item(r) for r in rows], specs)


def test_the_estimate_is_the_generators_rule(version):
    session = sectioned_session(version, timezone.localdate())
    rows = list(session.prescriptions.select_related("exercise").order_by("order"))
    # warm-up 2 x 30 s + 30 s rest + 30 s = 150; holds 3 x 25 + 120 + 30 = 225 and
    # 4 x 25 + 180 + 30 = 310; the one-leg bridge both sides: 3 x (30 + 30 + 10) + 120 + 30
    # = 360; maintenance 25 + 30 = 55; the stretch 60 + 30 = 90: 1,190 s, 20 min.
    assert cards.session_estimate(rows) == 20 == expected_minutes(session)
    assert cards.session_estimate([]) is None


def test_today_shows_the_estimate_and_how_it_is_made(client, p, version):
    session = sectioned_session(version, timezone.localdate())
    client.force_login(p.athlete.user)
    html = client.get(reverse("programs:today")).content.decode()
    assert "≈ 20 min" in html
    assert "both sides of one-sided exercises" in html
    # a coach's edit shows at once (on PostgreSQL the cached body is keyed on the rows)
    rx = session.prescriptions.get(order=2)
    prescription_update(prescription=rx, user=p.coach, sets=1)
    assert expected_minutes(session) == 17  # 3 x 25 s + 2 rests became one 25 s set
    assert "≈ 17 min" in client.get(reverse("programs:today")).content.decode()


def test_the_week_shows_each_days_estimate(client, p, version, django_assert_max_num_queries):
    today = timezone.localdate()
    week_of_sessions(version, today)  # 9 min strength days, rest days between
    client.force_login(p.athlete.user)
    with django_assert_max_num_queries(8):
        html = client.get(reverse("programs:week")).content.decode()
    assert html.count("≈ 9 min") == 4
    assert "How the ≈ minutes are estimated" in html


def test_the_week_page_queries_do_not_grow_with_its_rows(
    client, p, version, django_assert_max_num_queries
):
    today = timezone.localdate()
    client.force_login(p.athlete.user)
    SessionFactory(version=version, date=today)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("programs:week"))
    for offset in range(1, 7):
        day = SessionFactory(version=version, date=today + dt.timedelta(days=offset))
        for order in range(1, 6):
            PrescriptionFactory(session=day, order=order)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("programs:week"))


@pytest.fixture
def coach_client(client, p):
    client.force_login(p.coach)
    return client


def calendar(coach_client, athlete) -> str:
    html = coach_client.get(reverse("programs:coach_program", args=[athlete.id])).content
    return html.decode()


def test_the_coach_calendar_heads_each_section_and_shows_the_estimate(coach_client, p, version):
    sectioned_session(version, timezone.localdate())
    html = calendar(coach_client, p.athlete)
    heads = re.findall(r'<th colspan="7" scope="colgroup">([^<]+)</th>', html)
    assert heads == [
        "Warm-up",
        "Weakest link: Hip flexors",
        "Targeted work",
        "Maintenance holds",
        "Cool-down",
    ]
    # the weakest link's heading holds its two rows only; maintenance under its own
    groups = html.split('scope="colgroup">')
    assert groups[2].count('<tr id="prescription-') == 2
    assert groups[4].count('<tr id="prescription-') == 1
    assert "≈ 20 min" in html
    assert 'title="An estimate: the work and rest of every set' in html


def test_the_coach_calendar_queries_do_not_grow_with_its_rows(
    coach_client, p, version, django_assert_max_num_queries
):
    today = timezone.localdate()
    sectioned_session(version, today)
    with CaptureQueriesContext(connection) as one:
        calendar(coach_client, p.athlete)
    for offset in range(1, 7):
        day = SessionFactory(version=version, date=today + dt.timedelta(days=offset))
        for order in range(1, 8):
            PrescriptionFactory(session=day, order=order, section="maintenance")
    with django_assert_max_num_queries(len(one.captured_queries)):
        calendar(coach_client, p.athlete)


def test_a_coach_edit_swaps_the_sessions_new_estimate_in(coach_client, p, version):
    session = sectioned_session(version, timezone.localdate())
    rx = session.prescriptions.get(order=2)
    url = reverse("programs:prescription_edit", args=[p.athlete.id, rx.id])
    data = {"exercise": rx.exercise_id, "sets": "1", "seconds": "25", "rest_s": "60"}
    html = coach_client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert html.strip().startswith(f'<tr id="prescription-{rx.id}">')
    # out of band, in a <template> (a <span> beside a <tr> would not survive parsing)
    oob = re.search(r"<template><span ([^>]*)>([^<]*)</span></template>", html)
    assert oob is not None
    assert f'id="estimate-{session.id}"' in oob.group(1)
    assert 'hx-swap-oob="true"' in oob.group(1)
    assert oob.group(2) == f"≈ {expected_minutes(session)} min" == "≈ 17 min"
