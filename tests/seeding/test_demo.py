"""The demo organization shows every feature: distinct weakest links, logs, a proposal."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessments.services_library import protocol_library_load
from athletes.models import Athlete, Organization, User
from config.celery_app import app as celery_app
from programs.home import home_for_coach
from programs.models import SessionLog
from programs.selectors.program import version_diff
from programs.services.library import exercise_library_load
from seeding.demo import DEMO_SLUG, demo_seed


@pytest.mark.django_db(transaction=True)
def test_demo_seed_covers_every_feature_and_is_idempotent(settings):
    # The quick start runs jobs in-process; do the same here.
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    settings.DEBUG = True
    try:
        _check_demo_seed()
    finally:
        celery_app.conf.task_always_eager = eager


def _check_demo_seed():
    protocol_library_load()
    exercise_library_load()
    today = timezone.localdate()

    logins = demo_seed(today=today)

    assert {login.role for login in logins} == {"coach", "athlete", "staff"}
    org = Organization.objects.get(slug=DEMO_SLUG)
    athletes = Athlete.objects.filter(organization=org)
    weakest = {a.assessments.first().weakest_link for a in athletes if a.assessments.exists()}
    assert len(weakest) >= 5
    assert athletes.filter(assessments__isnull=True).exists()  # an empty state to show
    archived = athletes.get(archived_at__isnull=False)  # the Archived athletes list
    assert archived.assessments.count() == 2
    assert archived.program.versions.exists()

    maya = athletes.get(first_name="Maya")
    assert maya.user.email == "maya@northside.demo"
    active = maya.program.versions.get(status="active")
    assert active.sessions.filter(date=today).exists()
    assert SessionLog.objects.filter(
        athlete=maya, session__date__gte=today - timezone.timedelta(days=7)
    ).exists()
    assert maya.program.regen_status == "idle"
    # Regenerating kept the logged past sessions.
    assert active.sessions.filter(date__lt=today, log__isnull=False).count() >= 5

    # A partial retest: only hip flexion last week, the other groups carried and marked.
    priya = athletes.get(first_name="Priya").assessments.first().balance_profile
    assert all(priya.groups[g].tested for g in priya.groups)
    carried = {c.protocol_code for c in priya.carried}
    assert carried == {g.protocol_code for s in priya.groups.values() for g in s.protocols} - {
        "hip_flexion_hhd"
    }
    assert {c.protocol_code for c in priya.changes} == {"hip_flexion_hhd"}
    # Mateo's retest left out his weakest link: the roster's row says it is carried.
    mateo = athletes.get(first_name="Mateo").assessments.first()
    assert mateo.weakest_link == "hamstrings"
    assert mateo.weakest_carried["dates"] == [(today - timezone.timedelta(days=40)).isoformat()]

    jonas = athletes.get(first_name="Jonas")
    assert jonas.program.locked
    proposal = jonas.program.versions.get(status="proposed")
    # The latest test moved his weakest link: the proposal has changes to review.
    assert jonas.assessments.order_by("-date").first().weakest_link == "hip_flexors"
    assert version_diff(jonas.program.versions.get(status="active"), proposal)

    # The coach's morning: something in every section of the home page.
    coach = User.objects.get(email="coach@northside.demo")
    home = home_for_coach(coach, today=today)
    for title, lines in {**home.needs_action, **home.watch}.items():
        if title != "No program":  # every tested demo athlete has a program
            assert lines, f"nothing under {title!r} in the demo"
    assert any(line.undo_url for line in home.watch["Low readiness today"])

    counts = (Athlete.objects.count(), SessionLog.objects.count())
    out = io.StringIO()  # the run command's second start: nothing new, the logins again
    call_command("seed_demo", url="http://0.0.0.0:9000", stdout=out)
    assert (Athlete.objects.count(), SessionLog.objects.count()) == counts
    assert "Demo logins (http://0.0.0.0:9000)" in out.getvalue()
    assert "maya@northside.demo" in out.getvalue()


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
