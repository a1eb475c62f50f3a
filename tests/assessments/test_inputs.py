"""Bad input never reaches a 500, on every entry path: the record form (full post and the
inline check), the JSON API and the CSV import. Property tests draw from the classes of
input that used to crash or slip through: huge or non-finite numbers, NUL and other
control characters, overlong notes, and dates outside the sane range."""

import datetime as dt
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.csv_import import csv_import_preview
from assessments.models import Assessment, TestResult
from assessments.services_library import protocol_library_load
from config.validation import NOTES_MAX_CHARS
from tests.assessments.factories import record
from tests.factories import days_ago

pytestmark = pytest.mark.django_db

PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

CONTROLS = ["\x00", "\x01", "\x07", "\x1b", "\x7f"]


def with_control(max_size=12, *, surrogate=False):
    """Text with at least one control character somewhere in it (or a lone surrogate, which
    JSON can carry but a form post cannot)."""
    control = st.sampled_from(CONTROLS + ["\ud800"] * surrogate)
    text = st.text(alphabet=st.characters(codec="utf-8"), max_size=max_size)
    return st.builds(lambda a, c, b: a + c + b, text, control, text)


# Numbers that overflow a float, a Decimal.quantize or a column; and non-numbers.
huge_ints = st.one_of(
    st.integers(min_value=10**12, max_value=10**400), st.integers(max_value=-(10**12))
)
huge_number_texts = st.one_of(
    huge_ints.map(str),
    st.sampled_from(["1e30", "1E+30", "-1e300", "1" * 400, "9" * 30 + ".5"]),
)
non_finite_texts = st.sampled_from(["nan", "NaN", "inf", "-Infinity", "sNaN"])
bad_number_texts = st.one_of(huge_number_texts, non_finite_texts)
too_early = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(1999, 12, 31))
too_late = st.dates(min_value=days_ago(-1), max_value=dt.date(9999, 12, 31))
bad_dates = st.one_of(too_early, too_late)


@pytest.fixture(autouse=True)
def protocols():
    protocol_library_load()


def _nothing_saved():
    assert Assessment.objects.count() == 0
    assert TestResult.objects.count() == 0


# --- the record form ------------------------------------------------------------------------


def _record_url(athlete):
    return reverse("assessments:record", kwargs={"athlete_id": athlete.id})


def _post_data(**overrides):
    data = {
        "date": days_ago(1).isoformat(),
        "body_mass_kg": "75.0",
        "hip_flexion_hhd_L": "400",
        "notes": "",
    }
    data.update(overrides)
    return data


def _field_error(client, athlete, field, data) -> str:
    """The message in the inline check's error slot ("" when the value is fine)."""
    url = reverse("assessments:validate_field", kwargs={"athlete_id": athlete.id})
    response = client.post(f"{url}?field={field}", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return re.sub(r"<[^>]+>", "", response.content.decode()).strip()


@PROPERTY
@given(
    st.one_of(
        st.tuples(st.just("body_mass_kg"), bad_number_texts),
        st.tuples(st.just("hip_flexion_hhd_L"), bad_number_texts),
        st.tuples(st.just("date"), bad_dates.map(dt.date.isoformat)),
        st.tuples(st.just("notes"), with_control()),
        st.tuples(st.just("notes"), st.just("x" * (NOTES_MAX_CHARS + 1))),
    )
)
def test_record_form_refuses_bad_input_with_a_message(client, personas, field_value):
    field, value = field_value
    client.force_login(personas.coach)
    response = client.post(_record_url(personas.athlete), _post_data(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    if field != "notes":
        assert _field_error(client, personas.athlete, field, _post_data(**{field: value}))
    _nothing_saved()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("body_mass_kg", "1e30", "Enter the body mass as a number of kg (25–250)."),
        ("hip_flexion_hhd_L", "1" * 400, "Enter a number."),
        ("hip_flexion_hhd_L", "1e30", "Enter a number no larger than 1,000,000,000"),
        ("date", "0001-01-01", "Assessments cannot be dated before 1 January 2000"),
        ("date", "1900-01-01", "Assessments cannot be dated before 1 January 2000"),
        ("notes", "a\x00b", "Null characters are not allowed."),
        ("notes", "a\x07b", "Remove the invisible control character U+0007"),
        ("notes", "x" * 100_000, "at most 5000 characters"),
    ],
)
def test_record_form_messages(client, personas, field, value, message):
    client.force_login(personas.coach)
    response = client.post(_record_url(personas.athlete), _post_data(**{field: value}))
    assert message in " ".join(response.context["form"].errors[field])
    _nothing_saved()


def test_inline_check_says_why_a_date_is_refused(client, personas):
    client.force_login(personas.coach)
    html = _field_error(client, personas.athlete, "date", _post_data(date="1900-01-01"))
    assert html == "Assessments cannot be dated before 1 January 2000: check the year."
    assert _field_error(client, personas.athlete, "date", _post_data()) == ""


# --- same-date warning ----------------------------------------------------------------------


def test_a_second_assessment_on_one_date_asks_first_then_adds_anyway(client, personas):
    existing = record(personas.athlete, date=days_ago(1))
    client.force_login(personas.coach)
    response = client.post(_record_url(personas.athlete), _post_data())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="same-date-warning"' in html
    assert "already has 1 assessment dated" in html
    detail = reverse(
        "assessments:detail",
        kwargs={"athlete_id": personas.athlete.id, "assessment_id": existing.id},
    )
    assert f'href="{detail}"' in html
    assert 'name="add_anyway" value="1"' in html
    assert Assessment.objects.count() == 1
    response = client.post(_record_url(personas.athlete), _post_data(add_anyway="1"))
    assert response.status_code == 302
    assert Assessment.objects.filter(athlete=personas.athlete, date=days_ago(1)).count() == 2


def test_same_date_warning_over_htmx_returns_the_form_fragment(client, personas):
    record(personas.athlete, date=days_ago(1))
    client.force_login(personas.coach)
    response = client.post(_record_url(personas.athlete), _post_data(), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 422
    assert html.lstrip().startswith("<form")
    assert 'id="same-date-warning"' in html
    response = client.post(
        _record_url(personas.athlete), _post_data(add_anyway="1"), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response.headers["HX-Redirect"]
    assert Assessment.objects.count() == 2


def test_another_date_needs_no_confirmation(client, personas):
    record(personas.athlete, date=days_ago(5))
    client.force_login(personas.coach)
    assert client.post(_record_url(personas.athlete), _post_data()).status_code == 302


# --- the JSON API ---------------------------------------------------------------------------


def _api(client, athlete, body: str):
    url = reverse("assessments:api_record", kwargs={"athlete_id": athlete.id})
    return client.post(url, body, content_type="application/json")


def _api_body(**overrides) -> dict:
    body = {
        "date": days_ago(1).isoformat(),
        "body_mass_kg": 75,
        "notes": "",
        "results": [{"protocol": "hip_flexion_hhd", "side": "L", "value": 400}],
    }
    body.update(overrides)
    return body


def _result(**overrides):
    return [{"protocol": "hip_flexion_hhd", "side": "L", "value": 400, **overrides}]


json_bad_numbers = st.one_of(
    huge_ints, st.sampled_from([1e30, -1e300, float("nan"), float("inf"), float("-inf")])
)


@PROPERTY
@given(
    st.one_of(
        st.tuples(st.just("body_mass_kg"), json_bad_numbers.map(lambda v: {"body_mass_kg": v})),
        st.tuples(
            st.just("results"), json_bad_numbers.map(lambda v: {"results": _result(value=v)})
        ),
        st.tuples(st.just("date"), bad_dates.map(lambda d: {"date": d.isoformat()})),
        st.tuples(st.just("notes"), with_control(surrogate=True).map(lambda t: {"notes": t})),
        st.tuples(
            st.just("results"),
            with_control(surrogate=True).map(lambda t: {"results": _result(protocol=t)}),
        ),
        st.tuples(st.just("results"), with_control().map(lambda t: {"results": _result(side=t)})),
    )
)
def test_api_refuses_bad_input_per_field(client, personas, key_overrides):
    key, overrides = key_overrides
    client.force_login(personas.coach)
    response = _api(client, personas.athlete, json.dumps(_api_body(**overrides)))
    assert response.status_code == 400
    assert response.json()["errors"][key]
    _nothing_saved()


@pytest.mark.parametrize(
    ("body", "key", "message"),
    [
        ('"body_mass_kg": NaN', "body_mass_kg", "NaN and Infinity are not numbers"),
        ('"body_mass_kg": 1e30', "body_mass_kg", "no larger than 1,000,000,000"),
        ('"body_mass_kg": Infinity', "body_mass_kg", "NaN and Infinity are not numbers"),
        ('"date": "0001-01-01"', "date", "before 1 January 2000"),
        ('"notes": "' + "x" * 100_000 + '"', "notes", "at most 5000 characters"),
        ('"notes": "a\\u0000b"', "notes", "U+0000"),
        ('"notes": 5', "notes", "Enter text."),
    ],
)
def test_api_messages(client, personas, body, key, message):
    client.force_login(personas.coach)
    results = '"results": [{"protocol": "hip_flexion_hhd", "side": "L", "value": 400}]'
    date = f'"date": "{days_ago(1)}", ' if key != "date" else ""
    mass = '"body_mass_kg": 75, ' if key != "body_mass_kg" else ""
    response = _api(client, personas.athlete, "{" + date + mass + body + ", " + results + "}")
    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"][key])
    _nothing_saved()


@pytest.mark.parametrize("value", ["1" * 400, "1" * 5000, "NaN", "-Infinity", "1e400"])
def test_api_result_values_that_are_not_numbers(client, personas, value):
    client.force_login(personas.coach)
    body = json.dumps(_api_body()).replace('"value": 400', f'"value": {value}')
    response = _api(client, personas.athlete, body)
    assert response.status_code == 400
    assert "Result 1: Enter a number" in response.json()["errors"]["results"][0]
    _nothing_saved()


# --- the CSV import -------------------------------------------------------------------------

HEADER = "athlete_email,date,body_mass_kg,protocol,side,value"


def _row(athlete, **cells) -> str:
    values = {
        "athlete_email": athlete.email,
        "date": days_ago(2).isoformat(),
        "body_mass_kg": "75",
        "protocol": "hip_flexion_hhd",
        "side": "L",
        "value": "400",
        **cells,
    }
    return ",".join(values[c] for c in HEADER.split(","))


def _preview(personas, *lines: str):
    data = ("\n".join([HEADER, *lines]) + "\n").encode()
    return csv_import_preview(
        organization=personas.organization, file_bytes=data, today=days_ago(0)
    )


csv_safe_control = st.builds(
    lambda a, c, b: a + c + b,
    st.text(alphabet="abc@.-_1", max_size=8),
    st.sampled_from(["\x00", "\x01", "\x07", "\x1b", "\x7f"]),
    st.text(alphabet="abc@.-_1", max_size=8),
)


@PROPERTY
@given(
    st.one_of(
        st.tuples(st.just("body_mass_kg"), huge_number_texts),
        st.tuples(st.just("value"), huge_number_texts),
        st.tuples(st.just("date"), bad_dates.map(dt.date.isoformat)),
        st.tuples(st.just("athlete_email"), csv_safe_control),
        st.tuples(st.just("protocol"), csv_safe_control),
        st.tuples(st.just("side"), csv_safe_control),
    )
)
def test_csv_dry_run_reports_bad_cells_by_line(personas, column_value):
    column, value = column_value
    preview = _preview(
        personas, _row(personas.athlete), _row(personas.athlete, **{"side": "R", column: value})
    )
    assert not preview.is_valid
    assert preview.errors
    assert {line for line, _ in preview.errors} == {3}
    _nothing_saved()


def test_csv_messages(personas):
    preview = _preview(
        personas,
        _row(personas.athlete, body_mass_kg="1" + "0" * 30),
        _row(personas.athlete, side="R", value="1" * 40),
        _row(personas.athlete, date="0001-01-01"),
        _row(personas.athlete, athlete_email="sam\x00@example.com"),
        _row(personas.athlete, protocol="x" * 300),
    )
    assert preview.error_messages() == [
        "Line 2: Enter the body mass as a number of kg (25–250).",
        "Line 3: Enter a number no larger than 1,000,000,000 (NaN and Infinity are not numbers).",
        "Line 4: Assessments cannot be dated before 1 January 2000: check the year.",
        "Line 5: Column athlete_email: Remove the invisible control character U+0000 "
        "(often pasted in from another program).",
        "Line 6: Column protocol: Ensure this value has at most 254 characters (it has 300).",
    ]


def test_csv_cell_over_the_csv_module_limit_is_a_file_error(personas):
    preview = _preview(personas, _row(personas.athlete, value='"' + "1" * 200_000 + '"'))
    assert preview.error_messages()[0].startswith("Line 2: The file is not valid CSV")


def test_csv_upload_with_a_nul_byte_is_a_page_not_a_500(client, personas):
    client.force_login(personas.coach)
    content = ("\n".join([HEADER, _row(personas.athlete, athlete_email="a\x00b")]) + "\n").encode()
    upload = SimpleUploadedFile("r.csv", content, content_type="text/csv")
    response = client.post(reverse("assessments:import"), {"file": upload})
    assert response.status_code == 200
    assert "U+0000" in response.content.decode()
    _nothing_saved()
