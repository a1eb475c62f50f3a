"""The token API: every endpoint for a key of the organization, a key of another
organization, a revoked key, a read-only key on a write, and no key."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from assessments.models import Assessment
from assessments.services_library import protocol_library_load
from athletes.models import ApiIdempotencyRecord
from athletes.services_api_keys import api_key_create, api_key_revoke
from programs.models import Program, SessionLog
from tests.assessments.factories import FULL_RESULTS, record
from tests.factories import TeamFactory, days_ago, make_personas
from tests.programs.factories import ProgramFactory, ProgramVersionFactory, week_of_sessions

pytestmark = pytest.mark.django_db

BASE = "/api/v1"


@pytest.fixture(autouse=True)
def protocols():
    protocol_library_load()


@pytest.fixture
def p():
    personas = make_personas()
    personas.athlete.external_id = "NB-7"
    personas.athlete.save()
    return personas


def _key(organization, scope="write"):
    return api_key_create(organization=organization, name="NordBord", scope=scope, created_by=None)


@pytest.fixture
def keys(p):
    write, write_raw = _key(p.organization)
    _read, read_raw = _key(p.organization, "read")
    _other, other_raw = _key(p.other_organization)
    revoked, revoked_raw = _key(p.organization)
    api_key_revoke(api_key=revoked)
    return {
        "write": write_raw,
        "read": read_raw,
        "other": other_raw,
        "revoked": revoked_raw,
        "write_key": write,
    }


def _get(path, key=None, **params):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return Client().get(BASE + path, params, headers=headers)


def _post(path, body, key=None, **headers):
    if key:
        headers["Authorization"] = f"Bearer {key}"
    return Client().post(
        BASE + path,
        body if isinstance(body, str) else json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


def _assessment(athlete=None, **overrides):
    body = {
        "date": days_ago(1).isoformat(),
        "body_mass_kg": 75,
        "results": [{"protocol": c, "side": s, "value": v} for c, s, v in FULL_RESULTS],
    }
    if athlete is not None:
        body["athlete_id"] = athlete.id
    body.update(overrides)
    return body


def _reads(p):
    """Every read endpoint, as paths of the persona athlete."""
    a = p.athlete.id
    assessment = record(p.athlete)
    return [
        "/athletes",
        f"/athletes/{a}",
        f"/athletes/{a}/assessments",
        f"/assessments/{assessment.id}",
        f"/athletes/{a}/program",
        f"/athletes/{a}/logs",
        f"/athletes/{a}/program/regeneration",
    ]


# --- authentication and scoping, every endpoint ----------------------------------------


def test_every_read_answers_a_live_key_of_the_organization(p, keys):
    for path in _reads(p):
        for key in (keys["read"], keys["write"]):
            response = _get(path, key)
            assert response.status_code == 200, (path, response.content)


def test_every_endpoint_refuses_no_key_and_a_revoked_or_made_up_key(p, keys):
    writes = [("/assessments", _assessment(p.athlete)), ("/assessments/batch", {"items": []})]
    for key in (None, keys["revoked"], "sc_made-up", "x" * 5000):
        for path in _reads(p):
            response = _get(path, key)
            assert response.status_code == 401, (path, key)
            assert response["WWW-Authenticate"] == "Bearer"
            assert response.json()["detail"]
        for path, body in writes:
            assert _post(path, body, key).status_code == 401
    assert Assessment.objects.filter(source="api").count() == 0


def test_another_organizations_key_gets_404_for_everything_of_this_one(p, keys):
    for path in _reads(p)[1:]:
        response = _get(path, keys["other"])
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Not found.", "errors": {}}
    assert _get("/athletes", keys["other"]).json()["count"] == 1  # only its own athlete
    assert _post("/assessments", _assessment(p.athlete), keys["other"]).status_code == 404
    by_external = _assessment(external_id="NB-7")
    assert _post("/assessments", by_external, keys["other"]).status_code == 404
    batch = {"items": [_assessment(p.athlete)]}
    response = _post("/assessments/batch", batch, keys["other"])
    assert response.status_code == 400
    assert response.json()["item_errors"] == {"0": ["Unknown athlete in your organization."]}
    assert not Assessment.objects.filter(source="api").exists()


def test_a_read_only_key_cannot_write(p, keys):
    for path, body in [
        ("/assessments", _assessment(p.athlete)),
        ("/assessments/batch", {"items": [_assessment(p.athlete)]}),
    ]:
        response = _post(path, body, keys["read"])
        assert response.status_code == 403
        assert "read-only" in response.json()["detail"]
    assert not Assessment.objects.filter(source="api").exists()


def test_a_key_records_its_last_use(p, keys):
    assert keys["write_key"].last_used_at is None
    _get("/athletes", keys["write"])
    keys["write_key"].refresh_from_db()
    assert keys["write_key"].last_used_at is not None


def test_past_the_rate_limit_a_key_gets_429(p, keys, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    statuses = [_get("/athletes", keys["read"]).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = _get("/athletes", keys["read"])
    assert 0 < int(response["Retry-After"]) <= 60
    assert _get("/athletes", keys["write"]).status_code == 200  # per key


# --- athletes --------------------------------------------------------------------------


def test_athletes_page_filter_by_team_and_search_by_external_id(p, keys):
    team = TeamFactory(organization=p.organization)
    p.other_athlete.teams.add(team)
    body = _get("/athletes", keys["read"], limit=1).json()
    assert (body["count"], len(body["items"])) == (2, 1)
    assert _get("/athletes", keys["read"], offset=1).json()["items"][0]["id"] == max(
        p.athlete.id, p.other_athlete.id
    )
    teamed = _get("/athletes", keys["read"], team_id=team.id).json()
    assert [a["id"] for a in teamed["items"]] == [p.other_athlete.id]
    assert teamed["items"][0]["teams"] == [{"id": team.id, "name": team.name}]
    found = _get("/athletes", keys["read"], external_id="NB-7").json()
    assert [a["id"] for a in found["items"]] == [p.athlete.id]


# --- create ----------------------------------------------------------------------------


def test_create_by_external_id_returns_the_profile_and_marks_the_program_pending(
    p, keys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _post("/assessments", _assessment(external_id="NB-7"), keys["write"])
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["athlete_id"] == p.athlete.id
    assert body["source"] == "api"
    assert body["profile"]["weakest_link"] == body["weakest_link"]
    assert len(body["results"]) == len(FULL_RESULTS)
    assert Program.objects.get(athlete=p.athlete).regen_status == "pending"
    assert len(callbacks) == 1
    got = _get(f"/assessments/{body['id']}", keys["read"]).json()
    assert got == body


def test_create_rejects_bad_input_with_per_field_400s_and_saves_nothing(p, keys):
    huge = 10**400
    cases = [
        ('{"date": "2025-01-01", "body_mass_kg": NaN, "results": []}', "body_mass_kg"),
        (_assessment(p.athlete, body_mass_kg=float("inf")), "body_mass_kg"),
        (_assessment(p.athlete, body_mass_kg=10**30), "body_mass_kg"),
        (_assessment(p.athlete, notes="a\x00b"), "notes"),
        (_assessment(p.athlete, notes="x" * 10_000), "notes"),
        (_assessment(p.athlete, date="0001-01-01"), "date"),
        (_assessment(p.athlete, date="2025-02-30"), "date"),
        (
            _assessment(p.athlete, date=(timezone.localdate() + dt.timedelta(1)).isoformat()),
            "date",
        ),
        (_assessment(p.athlete, results="lots"), "results"),
        (_assessment(p.athlete, results=[]), "results"),
        (_assessment(p.athlete, results=[{"protocol": "x\x00", "side": "L", "value": 1}]), None),
        (_assessment(p.athlete, results=[{"protocol": "nope", "side": "L", "value": 1}]), None),
        (
            _assessment(
                p.athlete, results=[{"protocol": "hip_flexion_hhd", "side": "L", "value": 99999}]
            ),
            "hip_flexion_hhd_L",
        ),
        (_assessment(p.athlete, athlete_id=huge), "athlete_id"),
        (_assessment(), "__all__"),  # no athlete named
        ("[1, 2]", None),
        ("not json", None),
    ]
    for body, field in cases:
        response = _post("/assessments", body, keys["write"])
        assert response.status_code == 400, (body, response.content)
        payload = response.json()
        assert payload["detail"]
        if field == "__all__":
            assert "athlete_id" in payload["detail"]
        elif field:
            assert any(k.startswith(field) for k in payload["errors"]), (field, payload)
    assert not Assessment.objects.exists()


def test_an_archived_athlete_gets_a_400_not_a_new_assessment(p, keys):
    p.athlete.archived_at = timezone.now()
    p.athlete.save()
    response = _post("/assessments", _assessment(p.athlete), keys["write"])
    assert response.status_code == 400
    assert "archived" in response.json()["errors"]["athlete"][0]


# --- idempotency -------------------------------------------------------------------------


def test_a_retried_create_with_the_same_key_creates_one_assessment_and_one_regeneration(
    p, keys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = _post(
            "/assessments",
            _assessment(p.athlete),
            keys["write"],
            **{"Idempotency-Key": "frame-42"},
        )
        again = _post(
            "/assessments",
            _assessment(p.athlete),
            keys["write"],
            **{"Idempotency-Key": "frame-42"},
        )
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Assessment.objects.count() == 1
    assert len(callbacks) == 1  # one queued regeneration job
    different = _post(
        "/assessments",
        _assessment(p.athlete, body_mass_kg=80),
        keys["write"],
        **{"Idempotency-Key": "frame-42"},
    )
    assert different.status_code == 422
    assert Assessment.objects.count() == 1


def test_a_device_result_id_makes_a_retry_idempotent_and_keys_are_per_organization(p, keys):
    body = _assessment(p.athlete, device_result_id="nb-2025-0001")
    assert _post("/assessments", body, keys["write"]).status_code == 201
    assert _post("/assessments", body, keys["write"]).status_code == 201
    assert Assessment.objects.count() == 1
    _other_key, other_raw = _key(p.other_organization)
    other_body = _assessment(p.outside_athlete, device_result_id="nb-2025-0001")
    assert _post("/assessments", other_body, other_raw).status_code == 201
    assert Assessment.objects.count() == 2


def test_a_failed_write_stores_no_answer_so_a_fixed_retry_succeeds(p, keys):
    bad = _assessment(p.athlete, body_mass_kg=3)
    assert (
        _post("/assessments", bad, keys["write"], **{"Idempotency-Key": "k1"}).status_code == 400
    )
    assert not ApiIdempotencyRecord.objects.exists()
    good = _assessment(p.athlete)
    assert (
        _post("/assessments", good, keys["write"], **{"Idempotency-Key": "k1"}).status_code == 201
    )


# --- batch -------------------------------------------------------------------------------


def test_batch_creates_many_athletes_results_all_or_nothing(p, keys):
    p.other_athlete.external_id = "NB-8"
    p.other_athlete.save()
    items = [
        _assessment(external_id="NB-7"),
        _assessment(
            p.other_athlete, results=[{"protocol": "prone_plank", "side": "B", "value": 90}]
        ),
    ]
    bad = [*items, _assessment(external_id="NB-7", date="2024-01-01", body_mass_kg=400)]
    response = _post("/assessments/batch", {"items": bad}, keys["write"])
    assert response.status_code == 400
    errors = response.json()["item_errors"]
    assert list(errors) == ["2"]
    assert any("Body mass" in m for m in errors["2"])
    assert not Assessment.objects.exists()

    response = _post("/assessments/batch", {"items": items}, keys["write"])
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["assessments_created"], body["athletes_marked_pending"]) == (2, 2)
    assert set(Assessment.objects.values_list("source", flat=True)) == {"api"}
    # The CSV import's rule: the same athlete and date again updates, never duplicates.
    again = _post("/assessments/batch", {"items": items}, keys["write"]).json()
    assert again["assessments_created"] == 0
    assert Assessment.objects.count() == 2


def test_batch_rejects_a_side_the_protocol_does_not_have_per_item(p, keys):
    items = [
        _assessment(p.athlete, results=[{"protocol": "prone_plank", "side": "L", "value": 90}])
    ]
    response = _post("/assessments/batch", {"items": items}, keys["write"])
    assert response.status_code == 400
    assert "not tested per side" in response.json()["item_errors"]["0"][0]


# --- programs ----------------------------------------------------------------------------


def test_program_sessions_in_a_range_logs_and_regeneration_status(p, keys):
    program = ProgramFactory(athlete=p.athlete)
    version = ProgramVersionFactory(program=program, start_date=days_ago(3))
    sessions = week_of_sessions(version, days_ago(3))
    SessionLog.objects.create(
        session=sessions[0], athlete=p.athlete, rpe=7, completed_at=timezone.now()
    )
    body = _get(
        f"/athletes/{p.athlete.id}/program",
        keys["read"],
        start=days_ago(3).isoformat(),
        end=days_ago(1).isoformat(),
    ).json()
    assert body["version"] == version.number
    assert [s["date"] for s in body["sessions"]] == [days_ago(n).isoformat() for n in (3, 2, 1)]
    assert body["sessions"][0]["rpe"] == 7
    logs = _get(f"/athletes/{p.athlete.id}/logs", keys["read"]).json()
    assert logs["count"] == 1
    assert logs["items"][0]["session_id"] == sessions[0].id
    status = _get(f"/athletes/{p.athlete.id}/program/regeneration", keys["read"]).json()
    assert (status["status"], status["active_version"]) == ("idle", version.number)
    backwards = _get(
        f"/athletes/{p.athlete.id}/program", keys["read"], start="2025-02-01", end="2025-01-01"
    )
    assert backwards.status_code == 400


def test_no_program_yet_reads_as_none(p, keys):
    assert (
        _get(f"/athletes/{p.athlete.id}/program/regeneration", keys["read"]).json()["status"]
        == "none"
    )
    assert _get(f"/athletes/{p.athlete.id}/program", keys["read"]).json()["sessions"] == []


# --- the schema and the docs page ------------------------------------------------------


def test_the_schema_and_the_docs_are_served_without_a_cdn():
    schema = Client().get(BASE + "/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    docs = Client().get(BASE + "/docs")
    assert docs.status_code == 200
    assert b"cdn." not in docs.content
    assert b"/static/ninja/swagger-ui-bundle.js" in docs.content


def test_the_session_endpoint_still_works_for_a_logged_in_coach(p):
    client = Client()
    client.force_login(p.coach)
    response = client.post(
        f"/api/athletes/{p.athlete.id}/assessments/",
        json.dumps(_assessment()),
        content_type="application/json",
    )
    assert response.status_code == 201
