"""CSV import: parsing, line-numbered errors, all-or-nothing commit and idempotent re-import."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.csv_format import MAX_ROWS
from assessments.csv_import import csv_import_commit, csv_import_preview
from assessments.models import Assessment, TestProtocol, TestResult
from assessments.services_library import protocol_library_load
from programs.models import Program
from tests.assessments.factories import record
from tests.factories import AthleteFactory, CoachFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 1)


@pytest.fixture(autouse=True)
def protocols():
    protocol_library_load()


@pytest.fixture
def org():
    return OrganizationFactory()


@pytest.fixture
def sam(org):
    return AthleteFactory(organization=org, email="Sam@Example.com", external_id="S-1")


@pytest.fixture
def kim(org):
    return AthleteFactory(organization=org, email="kim@example.com", external_id="K-7", sex="F")


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


GOOD = _csv(
    "athlete_email,date,body_mass_kg,protocol,side,value",
    "sam@example.com,2025-05-01,75,hip_flexion_hhd,L,400",
    "sam@example.com,2025-05-01,75,hip_flexion_hhd,R,380",
    "kim@example.com,2025-05-01,60,prone_plank,B,95",
)


def _preview(org, data: bytes):
    return csv_import_preview(organization=org, file_bytes=data, today=TODAY)


def _commit(org, data: bytes, user=None):
    return csv_import_commit(organization=org, file_bytes=data, user=user, today=TODAY)


def _counts():
    return Assessment.objects.count(), TestResult.objects.count(), Program.objects.count()


def test_preview_counts_and_writes_nothing(org, sam, kim):
    preview = _preview(org, GOOD)
    assert preview.errors == []
    assert preview.is_valid
    assert (preview.athletes, preview.assessments_to_create, preview.results) == (2, 2, 3)
    assert _counts() == (0, 0, 0)


def test_commit_creates_one_assessment_per_athlete_and_date_and_marks_each_athlete_once(
    org, sam, kim, django_capture_on_commit_callbacks
):
    coach = CoachFactory(organization=org)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = _commit(org, GOOD, user=coach)
    assert (result.assessments_created, result.results_created) == (2, 3)
    assert result.athletes_marked_pending == 2
    assert len(callbacks) == 2  # fan-out: one job per athlete, not per row
    sam_assessment = Assessment.objects.get(athlete=sam)
    assert sam_assessment.source == "csv"
    assert sam_assessment.recorded_by == coach
    assert sam_assessment.results.count() == 2
    assert sam_assessment.weakest_link == "hip_flexors"
    assert sam_assessment.max_asymmetry_pct == pytest.approx(5.0)
    statuses = set(Program.objects.values_list("regen_status", flat=True))
    assert statuses == {"pending"}


def test_reimporting_the_same_file_changes_nothing(org, sam, kim):
    _commit(org, GOOD)
    snapshot = list(Assessment.objects.values_list("id", "profile", "body_mass_kg"))
    results = list(TestResult.objects.values_list("id", "value"))
    Program.objects.update(regen_status="idle")
    preview = _preview(org, GOOD)
    assert (preview.assessments_to_create, preview.assessments_to_update) == (0, 0)
    assert preview.assessments_unchanged == 2
    result = _commit(org, GOOD)
    assert (result.assessments_created, result.assessments_updated) == (0, 0)
    assert result.athletes_marked_pending == 0
    assert list(Assessment.objects.values_list("id", "profile", "body_mass_kg")) == snapshot
    assert list(TestResult.objects.values_list("id", "value")) == results
    assert set(Program.objects.values_list("regen_status", flat=True)) == {"idle"}


def test_a_changed_value_updates_the_result_and_recomputes_the_profile(org, sam, kim):
    _commit(org, GOOD)
    changed = GOOD.replace(b"hip_flexion_hhd,R,380", b"hip_flexion_hhd,R,300")
    preview = _preview(org, changed)
    assert (preview.assessments_to_update, preview.results_to_update) == (1, 1)
    Program.objects.update(regen_status="idle")
    result = _commit(org, changed)
    assert (result.assessments_updated, result.results_updated, result.results_created) == (
        1,
        1,
        0,
    )
    assert TestResult.objects.count() == 3
    assessment = Assessment.objects.get(athlete=sam)
    assert assessment.results.get(side="R").value == 300.0
    assert assessment.max_asymmetry_pct == pytest.approx(25.0)
    assert assessment.asymmetries == [
        {"group": "hip_flexors", "flag": "act", "pct": 25.0, "weaker_side": "R"}
    ]
    assert Program.objects.get(athlete=sam).regen_status == "pending"
    assert Program.objects.get(athlete=kim).regen_status == "idle"  # untouched


def test_import_updates_an_api_assessment_but_never_a_manual_one(org, sam):
    manual = record(sam, date=dt.date(2025, 5, 1), results=[("prone_plank", "B", 80.0)])
    _commit(org, GOOD.replace(b"kim@example.com", b"sam@example.com").replace(b",60,", b",75,"))
    assert Assessment.objects.filter(athlete=sam).count() == 2
    assert manual.results.count() == 1


def test_bom_semicolons_decimal_commas_and_blank_lines(org, sam):
    data = (
        "\ufeffAthlete Email ; Date ; Body Mass kg ; Protocol ; Side ; Value\r\n"
        "\r\n"
        "sam@example.com;01/05/2025;75,5;hip_flexion_hhd;left;400,5\r\n"
        "   \r\n"
        "SAM@example.com;01/05/2025;75,5;HIP_FLEXION_HHD;r;380\r\n"
    ).encode()
    preview = _preview(org, data)
    assert preview.errors == []
    _commit(org, data)
    assessment = Assessment.objects.get()
    assert assessment.date == dt.date(2025, 5, 1)
    assert str(assessment.body_mass_kg) == "75.5"
    assert sorted(assessment.results.values_list("side", "value")) == [("L", 400.5), ("R", 380.0)]


def test_external_id_and_generic_athlete_columns(org, sam, kim):
    data = _csv(
        "external_id,date,body_mass_kg,protocol,side,value",
        "S-1,2025-05-01,75,prone_plank,B,100",
    )
    assert _preview(org, data).errors == []
    data = _csv(
        "athlete,date,body_mass_kg,protocol,side,value",
        "K-7,2025-05-01,60,prone_plank,B,100",
        "sam@example.com,2025-05-01,75,prone_plank,B,100",
    )
    preview = _preview(org, data)
    assert preview.errors == []
    assert preview.athletes == 2


def test_errors_are_reported_by_line_number(org, sam, kim):
    outside = AthleteFactory(email="outsider@example.com")  # another organization
    TestProtocol.objects.filter(code="side_bridge").update(active=False)
    data = _csv(
        "athlete_email,date,body_mass_kg,protocol,side,value",
        "nobody@example.com,2025-05-01,75,prone_plank,B,100",  # 2 unknown
        f"{outside.email},2025-05-01,75,prone_plank,B,100",  # 3 other org: unknown
        "sam@example.com,2025-13-01,75,prone_plank,B,100",  # 4 bad date
        "sam@example.com,2025-07-01,75,prone_plank,B,100",  # 5 future
        "sam@example.com,2025-05-01,300,prone_plank,B,100",  # 6 body mass
        "sam@example.com,2025-05-02,75,bench_press,B,100",  # 7 unknown protocol
        "sam@example.com,2025-05-02,75,hip_flexion_hhd,B,300",  # 8 side mismatch
        "sam@example.com,2025-05-02,75,hip_flexion_hhd,L,abc",  # 9 not a number
        "sam@example.com,2025-05-02,75,hip_flexion_hhd,R,5000",  # 10 range
        "sam@example.com,2025-05-02,75,prone_plank,B,100",  # 11 fine
        "sam@example.com,2025-05-02,75,prone_plank,B,101",  # 12 duplicate of 11
        "sam@example.com,2025-05-02,76,knee_flexion_iso,L,100",  # 13 body mass differs
        "sam@example.com,2025-05-02,75,side_bridge,L,60",  # 14 inactive
        "sam@example.com,2025-05-02,75,prone_plank,X,60",  # 15 bad side
    )
    preview = _preview(org, data)
    errors = dict(preview.errors)
    assert sorted(errors) == [2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15]
    assert "Unknown athlete" in errors[2]
    assert errors[3] == f"Unknown athlete {outside.email!r} in your organization."
    assert "not a date" in errors[4]
    assert "future" in errors[5]
    assert "between 25 and 250 kg" in errors[6]
    assert "Unknown protocol 'bench_press'" in errors[7]
    assert "use L or R" in errors[8]
    assert "'abc' is not a number" in errors[9]
    assert "Outside the plausible range 20–1200 N." in errors[10]
    assert "Duplicate of line 11" in errors[12]
    assert "differs from 75.0 kg on line 11" in errors[13]
    assert "not active" in errors[14]
    assert "must be L, R or B" in errors[15]
    assert not preview.is_valid
    assert preview.error_messages()[0].startswith("Line 2: ")


def test_commit_is_all_or_nothing(org, sam, kim):
    data = GOOD + b"kim@example.com,2025-05-01,60,prone_plank,L,95\n"
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        _commit(org, data)
    assert exc.value.messages == ["Line 5: Prone plank is not tested per side: use B, not 'L'."]
    assert _counts() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\n \n", "The file is empty."),
        ("athlete_email;date\nSäm;x\n".encode("latin-1"), "not UTF-8"),
        (b"athlete_email,date,protocol,side,value\n", "Missing columns: body_mass_kg."),
        (b"date,body_mass_kg,protocol,side,value\n", "athlete_email or external_id"),
        (b"athlete_email,date,body_mass_kg,protocol,side,value\n", "no rows"),
    ],
)
def test_file_level_errors(org, data, message):
    preview = _preview(org, data)
    assert len(preview.errors) == 1
    assert message in preview.errors[0][1]
    with pytest.raises(ValidationError):
        _commit(org, data)
    assert _counts() == (0, 0, 0)


def test_too_many_rows(org, sam):
    rows = ["sam@example.com,2025-05-01,75,prone_plank,B,100"] * (MAX_ROWS + 1)
    preview = _preview(org, _csv("athlete_email,date,body_mass_kg,protocol,side,value", *rows))
    assert preview.errors == [(0, "The file has more than 20,000 rows.")]


def test_archived_athlete_is_an_error(org, sam):
    sam.archived_at = timezone.now()
    sam.save()
    preview = _preview(org, GOOD.replace(b"kim@", b"sam@").replace(b",60,", b",75,"))
    assert "archived" in dict(preview.errors)[2]


def test_several_dates_of_one_athlete_chain_their_profiles(org, sam):
    data = _csv(
        "athlete_email,date,body_mass_kg,protocol,side,value",
        "sam@example.com,2025-05-20,75,hip_flexion_hhd,L,440",
        "sam@example.com,2025-04-20,75,hip_flexion_hhd,L,400",
    )
    _commit(org, data)
    later = Assessment.objects.get(date=dt.date(2025, 5, 20))
    [change] = later.balance_profile.changes
    assert (change.before, change.after, change.delta_pct) == (400.0, 440.0, 10.0)


def test_commit_query_count_does_not_grow_with_rows(
    org, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    athletes = [AthleteFactory(organization=org) for _ in range(10)]
    lines = ["athlete_email,date,body_mass_kg,protocol,side,value"]
    for a in athletes:
        for code in ("hip_flexion_hhd", "nordic_nordbord", "knee_extension_iso"):
            lines.append(f"{a.email},2025-05-01,70,{code},L,200")
            lines.append(f"{a.email},2025-05-01,70,{code},R,210")
    # A dozen bulk reads and writes, plus marking each athlete's program pending
    # (programs.services: about 7 queries with savepoints); nothing per row.
    with (
        django_assert_max_num_queries(15 + 8 * len(athletes)),
        django_capture_on_commit_callbacks(),
    ):
        result = _commit(org, _csv(*lines))
    assert result.results_created == 60


def test_a_changed_body_mass_updates_the_assessment_and_its_scores(org, sam, kim):
    _commit(org, GOOD)
    before = Assessment.objects.get(athlete=sam)
    result = _commit(org, GOOD.replace(b",75,", b",80,"))
    assert (result.assessments_updated, result.results_updated) == (1, 0)
    after = Assessment.objects.get(athlete=sam)
    assert after.id == before.id
    assert str(after.body_mass_kg) == "80.0"
    assert after.balance_level < before.balance_level  # per-kg scores drop
