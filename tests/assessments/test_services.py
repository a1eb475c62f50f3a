"""assessment_record and squad_medians_for against PostgreSQL."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments import balance
from assessments.models import Assessment, TestProtocol, TestResult
from assessments.services import assessment_record, profile_asymmetries, squad_medians_for
from assessments.services_library import protocol_library_load
from programs.models import Program
from tests.assessments.factories import FULL_RESULTS, record
from tests.factories import AthleteFactory, OrganizationFactory, UserFactory, days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def protocols():
    protocol_library_load()


@pytest.fixture
def athlete():
    return AthleteFactory()


def _counts():
    return Assessment.objects.count(), TestResult.objects.count(), Program.objects.count()


def test_record_saves_results_profile_and_marks_the_program_pending(
    athlete, django_capture_on_commit_callbacks
):
    coach = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assessment = record(athlete, recorded_by=coach, notes=" first test ")
    assert assessment.results.count() == len(FULL_RESULTS)
    assert assessment.source == "manual"
    assert assessment.recorded_by == coach
    assert assessment.notes == "first test"
    assert assessment.profile["weakest_link"] == assessment.weakest_link
    assert assessment.weakest_link in balance.GROUPS
    assert assessment.balance_level == assessment.balance_profile.balance_level
    # nordic 300 vs 340 N is the largest left-right difference: 11.8 %
    assert assessment.max_asymmetry_pct == pytest.approx(11.8)
    # The roster's flags, stored with the profile: only watch/act groups.
    assessment.refresh_from_db()
    assert assessment.asymmetries == [
        {"group": "hamstrings", "flag": "watch", "pct": 11.8, "weaker_side": "L"}
    ]
    assert Program.objects.get(athlete=athlete).regen_status == Program.Regeneration.PENDING
    assert len(callbacks) == 1  # one job queued on commit


def test_record_accepts_engine_results_and_compares_with_the_previous_one(athlete):
    record(athlete, date=days_ago(30), results=[("hip_flexion_hhd", "L", 300.0)])
    record(athlete, date=days_ago(60), results=[("hip_flexion_hhd", "L", 100.0)])
    latest = record(
        athlete, date=days_ago(1), results=[balance.Result("hip_flexion_hhd", "L", 360.0)]
    )
    [change] = latest.balance_profile.changes
    assert (change.before, change.after) == (300.0, 360.0)  # the latest before, not the oldest
    assert change.delta_pct == 20.0


def test_record_defaults_today_to_the_local_date(athlete):
    assessment = record(athlete, date=timezone.localdate())
    assert assessment.date == timezone.localdate()


@pytest.mark.parametrize(
    ("kwargs", "key", "message"),
    [
        ({"body_mass_kg": 24.9}, "body_mass_kg", "between 25 and 250 kg"),
        ({"body_mass_kg": 250.1}, "body_mass_kg", "between 25 and 250 kg"),
        ({"body_mass_kg": "heavy"}, "body_mass_kg", "Enter the body mass"),
        ({"date": dt.date(2030, 1, 2), "today": dt.date(2030, 1, 1)}, "date", "future"),
        ({"results": []}, "results", "at least one test result"),
        ({"results": [("no_such_test", "L", 10.0)]}, "no_such_test_L", "Unknown protocol"),
        ({"results": [("hip_flexion_hhd", "B", 300.0)]}, "hip_flexion_hhd_B", "use L or R"),
        ({"results": [("prone_plank", "L", 60.0)]}, "prone_plank_L", "use B"),
        (
            {"results": [("hip_flexion_hhd", "L", 300.0), ("hip_flexion_hhd", "L", 310.0)]},
            "hip_flexion_hhd_L",
            "Duplicate result",
        ),
        (
            {"results": [("hip_flexion_hhd", "L", 1300.0)]},
            "hip_flexion_hhd_L",
            "Outside the plausible range 20–1200 N.",
        ),
        (
            {"results": [("hip_flexion_hhd", "R", 19.0)]},
            "hip_flexion_hhd_R",
            "Outside the plausible range 20–1200 N.",
        ),
        ({"results": [("hip_flexion_hhd", "R", float("nan"))]}, "hip_flexion_hhd_R", "number"),
        ({"source": "fax"}, "source", "Unknown source"),
    ],
)
def test_bad_input_is_refused_with_a_keyed_message_and_saves_nothing(
    athlete, kwargs, key, message
):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        record(athlete, **kwargs)
    assert any(message in m for m in exc.value.message_dict[key]), exc.value.message_dict
    assert _counts() == before


def test_inactive_protocol_is_refused(athlete):
    TestProtocol.objects.filter(code="side_bridge").update(active=False)
    with pytest.raises(ValidationError) as exc:
        record(athlete, results=[("side_bridge", "L", 80.0)])
    assert "not an active protocol" in exc.value.message_dict["side_bridge_L"][0]
    assert Assessment.objects.count() == 0


def test_archived_athlete_is_refused(athlete):
    athlete.archived_at = timezone.now()
    athlete.save()
    with pytest.raises(ValidationError) as exc:
        record(athlete)
    assert "archived" in exc.value.message_dict["athlete"][0]
    assert _counts() == (0, 0, 0)


def test_every_error_is_reported_at_once(athlete):
    with pytest.raises(ValidationError) as exc:
        assessment_record(
            athlete=athlete,
            date=dt.date(2099, 1, 1),
            body_mass_kg=10,
            results=[("hip_flexion_hhd", "L", 5000.0), ("prone_plank", "B", 100.0)],
        )
    assert set(exc.value.message_dict) == {"date", "body_mass_kg", "hip_flexion_hhd_L"}


def test_failure_after_the_first_write_rolls_everything_back(athlete, monkeypatch):
    def explode(**kwargs):
        raise RuntimeError("queue down")

    # The pending mark, run by programs' receiver of results_recorded, fails.
    monkeypatch.setattr("programs.receivers.program_mark_pending_bulk", explode)
    with pytest.raises(RuntimeError):
        record(athlete)
    assert _counts() == (0, 0, 0)


# --- squad medians ---------------------------------------------------------------------


def _squad(organization, masses_and_values, code="hip_extension_hhd"):
    athletes = []
    for mass, value in masses_and_values:
        athlete = AthleteFactory(organization=organization)
        record(athlete, body_mass_kg=mass, results=[(code, "L", value), (code, "R", value)])
        athletes.append(athlete)
    return athletes


def test_squad_median_needs_enough_athletes_and_normalizes():
    organization = OrganizationFactory()
    _squad(organization, [(80, 400.0), (80, 480.0), (80, 560.0), (80, 640.0)])
    assert "hip_extension_hhd" not in squad_medians_for(organization)
    _squad(organization, [(100, 600.0)])  # 6 N/kg
    medians = squad_medians_for(organization)
    # per kg: 5, 6, 7, 8 and 6 -> median 6
    assert medians["hip_extension_hhd"] == pytest.approx(6.0)
    assert squad_medians_for(organization, min_athletes=6) == {}


def test_squad_median_uses_each_athletes_latest_assessment_in_their_organization_only():
    organization = OrganizationFactory()
    athletes = _squad(organization, [(100, 500.0)] * 5)  # 5 N/kg each
    _squad(OrganizationFactory(), [(100, 1000.0)] * 5)  # another club: ignored
    newer = [("hip_extension_hhd", "L", 900.0), ("hip_extension_hhd", "R", 700.0)]
    for athlete in athletes[:3]:
        record(athlete, date=days_ago(0), body_mass_kg=100, results=newer)  # 8 N/kg
    record(athletes[3], date=days_ago(300), body_mass_kg=100, results=newer)  # older: ignored
    assert squad_medians_for(organization)["hip_extension_hhd"] == pytest.approx(8.0)


def test_squad_medians_query_count_is_constant(django_assert_max_num_queries):
    organization = OrganizationFactory()
    _squad(organization, [(70 + i, 400.0 + 10 * i) for i in range(12)])
    with django_assert_max_num_queries(2):
        medians = squad_medians_for(organization)
    assert set(medians) == {"hip_extension_hhd"}


def test_a_provisional_protocol_scores_against_the_squad_median():
    organization = OrganizationFactory()
    _squad(organization, [(100, 500.0)] * 5)  # median 5 N/kg, placeholder norm is 5.7
    athlete = AthleteFactory(organization=organization)
    assessment = record(
        athlete,
        body_mass_kg=100,
        results=[("hip_extension_hhd", "L", 500.0), ("hip_flexion_hhd", "L", 570.0)],
    )
    scores = {
        p.protocol_code: p for g in assessment.balance_profile.groups.values() for p in g.protocols
    }
    assert scores["hip_extension_hhd"].reference_source == "squad_median"
    assert scores["hip_extension_hhd"].pct == pytest.approx(100.0)
    # a protocol with a trusted norm keeps it even with a squad
    assert scores["hip_flexion_hhd"].reference_source == "norm"
    assert scores["hip_flexion_hhd"].pct == pytest.approx(100.0)


def test_profile_asymmetries_lists_flagged_groups_largest_first():
    def group(code, pct, flag, weaker="L"):
        return balance.GroupScore(code, 80.0, 80.0, 90.0, pct, flag, weaker)

    profile = balance.BalanceProfile(
        groups={
            "core": group("core", 12.0, "watch"),
            "glutes": group("glutes", 3.0, "none"),
            "calves": group("calves", 16.0, "act", "R"),
            "quadriceps": group("quadriceps", 12.0, "watch"),
        },
        balance_level=80.0,
        potential=85.0,
        weakest_link="glutes",
        second_weakest="core",
        swing_push_ratio=None,
        hq_ratio=None,
    )
    assert profile_asymmetries(profile) == [
        {"group": "calves", "flag": "act", "pct": 16.0, "weaker_side": "R"},
        # A tie keeps the GROUPS order, whatever the order of the stored JSON.
        {"group": "quadriceps", "flag": "watch", "pct": 12.0, "weaker_side": "L"},
        {"group": "core", "flag": "watch", "pct": 12.0, "weaker_side": "L"},
    ]


@pytest.mark.parametrize(
    ("protocol_code", "side"), [("nordic_nordbord", "B"), ("prone_plank", "L")]
)
def test_the_database_refuses_a_side_the_protocol_does_not_have(athlete, protocol_code, side):
    # Below the service: PostgreSQL's trigger and, in the SQLite pass, SQLite's.
    assessment = record(athlete)
    result = assessment.results.get(protocol__code=protocol_code, side__in=["L", "B"])
    with pytest.raises(IntegrityError), transaction.atomic():
        TestResult.objects.create(
            assessment=assessment, protocol=result.protocol, side=side, value=1.0
        )
    result.side = side
    with pytest.raises(IntegrityError), transaction.atomic():
        result.save(update_fields=["side"])
