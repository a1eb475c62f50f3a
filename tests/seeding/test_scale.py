import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from assessments import balance
from assessments.models import Assessment, TestResult
from assessments.selectors import protocol_specs
from athletes.models import Athlete, Organization, User
from programs.models import PrescriptionLog, ProgramVersion, Session, SessionLog
from seeding.scale import (
    PLAN_STARTED_DAYS_AGO,
    athlete_email,
    coach_email,
    scale_counts,
    scale_flush,
    scale_seed,
)

# The scale seed is the benchmark's (COPY, sequences): PostgreSQL only.
pytestmark = [pytest.mark.django_db, pytest.mark.postgres_only]
TODAY = dt.date(2026, 3, 18)


def small_seed(seed=1):
    return scale_seed(organizations=2, athletes=5, assessments=2, seed=seed, today=TODAY)


def fingerprint() -> list:
    """Everything seeded, without ids and timestamps."""
    return [
        list(
            Athlete.objects.order_by("email").values_list(
                "email", "first_name", "last_name", "sex", "level", "event_focus", "birth_date"
            )
        ),
        list(
            Assessment.objects.order_by("athlete__email", "date").values_list(
                "athlete__email", "date", "body_mass_kg", "weakest_link", "profile"
            )
        ),
        list(
            TestResult.objects.order_by(
                "assessment__athlete__email", "assessment__date", "protocol__code", "side"
            ).values_list("assessment__athlete__email", "protocol__code", "side", "value")
        ),
        list(
            Session.objects.order_by("version__program__athlete__email", "date").values_list(
                "version__program__athlete__email", "date", "kind", "title"
            )
        ),
        list(
            SessionLog.objects.order_by("athlete__email", "session__date").values_list(
                "athlete__email", "session__date", "rpe"
            )
        ),
        PrescriptionLog.objects.count(),
    ]


def test_counts():
    report = small_seed()
    counts = scale_counts()
    assert report.counts == counts
    assert counts["organizations"] == 2
    assert counts["coaches"] == 4
    assert counts["teams"] == 8
    assert counts["athletes"] == 10
    assert counts["assessments"] == 20
    assert counts["results"] == 20 * len(
        [
            s
            for spec in protocol_specs().values()
            if not spec.is_outcome  # the scale seed records strength tests only
            for s in ("LR" if spec.sided else "B")
        ]
    )
    assert counts["programs"] == 10
    assert counts["sessions"] == 10 * 28
    assert counts["session_logs"] > 0
    assert counts["prescription_logs"] > 0
    assert report.profiles_computed == 20


def test_logins_exist_for_coaches_and_athletes():
    small_seed()
    coach = User.objects.get(email=coach_email(1))
    assert coach.memberships.get().organization.slug == "scale-1"
    athlete = Athlete.objects.get(email=athlete_email(2, 5))
    assert athlete.user.email == athlete.email
    assert athlete.teams.count() == 1
    assert coach.check_password("scale-bench-password")


def test_same_seed_gives_the_same_data():
    small_seed(seed=3)
    first = fingerprint()
    scale_flush()
    assert scale_counts()["athletes"] == 0
    small_seed(seed=3)
    assert fingerprint() == first
    scale_flush()
    small_seed(seed=4)
    assert fingerprint() != first


def test_every_athlete_has_an_active_plan_with_sessions_covering_today():
    small_seed()
    start = TODAY - dt.timedelta(days=PLAN_STARTED_DAYS_AGO)
    for athlete in Athlete.objects.all():
        version = ProgramVersion.objects.get(program__athlete=athlete)
        assert version.status == ProgramVersion.Status.ACTIVE
        assert version.start_date == start
        assert version.assessment == athlete.assessments.order_by("-date").first()
        assert len(version.input_fingerprint) == 64
        dates = list(version.sessions.values_list("date", flat=True))
        assert dates == [start + dt.timedelta(days=n) for n in range(28)]
        assert version.sessions.filter(prescriptions__isnull=False).exists()


def test_logs_only_for_past_training_sessions():
    small_seed()
    assert not SessionLog.objects.filter(session__date__gte=TODAY).exists()
    assert not SessionLog.objects.filter(session__kind="rest").exists()
    assert not PrescriptionLog.objects.filter(prescription__session__log__isnull=True).exists()


def test_profiles_are_the_engines_chained_to_the_previous_assessment():
    small_seed()
    specs = protocol_specs()
    athlete = Athlete.objects.order_by("id").first()
    older, newer = athlete.assessments.order_by("date")
    for assessment, previous in ((older, None), (newer, older)):
        results = [
            balance.Result(r.protocol.code, r.side, r.value) for r in assessment.results.all()
        ]
        expected = balance.assess(
            results,
            body_mass_kg=float(assessment.body_mass_kg),
            sex=athlete.sex,
            protocols=specs,
            previous=previous.balance_profile if previous else None,
        )
        assert assessment.profile == balance.profile_to_dict(expected)
        assert assessment.weakest_link == expected.weakest_link
    assert newer.profile["changes"]  # compared with the older one


def test_bad_counts_save_nothing():
    with pytest.raises(ValidationError, match="at least 1"):
        scale_seed(organizations=0, athletes=5, assessments=2, today=TODAY)
    assert not Organization.objects.exists()


def test_refuses_to_seed_twice():
    small_seed()
    with pytest.raises(ValidationError, match="already exists"):
        small_seed()
    assert scale_counts()["athletes"] == 10


def test_command(capsys):
    call_command("seed_scale", "--orgs=1", "--athletes=3", "--assessments=1")
    assert "Seeded in" in capsys.readouterr().out
    assert Athlete.objects.count() == 3
    with pytest.raises(CommandError, match="already exists"):
        call_command("seed_scale", "--orgs=1", "--athletes=3", "--assessments=1")
    call_command("seed_scale", "--orgs=1", "--athletes=2", "--assessments=1", "--flush")
    assert Athlete.objects.count() == 2
