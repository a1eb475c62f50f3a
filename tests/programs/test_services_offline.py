"""The offline queue's actions: each key applied once, the day rule at the time done."""

import datetime as dt
import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import AppliedAction, PrescriptionLog, ProgramVersion, SessionLog
from programs.services.offline import offline_action_apply, offline_actions_apply
from tests.factories import AthleteUserFactory
from tests.programs.factories import (
    PrescriptionFactory,
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def athlete():
    return AthleteUserFactory()


@pytest.fixture
def now():
    return timezone.now()


def _rx(athlete, day, **kwargs):
    version = ProgramVersion.objects.filter(program__athlete=athlete).first()
    version = version or ProgramVersionFactory(program=ProgramFactory(athlete=athlete))
    return PrescriptionFactory(session=SessionFactory(version=version, date=day), sets=3, **kwargs)


def _action(kind, target, data, done_at, key=None):
    return {
        "key": str(key or uuid.uuid4()),
        "kind": kind,
        "target": target,
        "data": data,
        "done_at": done_at.isoformat(),
    }


def test_a_replayed_key_is_applied_once_and_returns_the_same_outcome(athlete, now):
    rx = _rx(athlete, timezone.localdate(now))
    tap = _action("log_set", rx.pk, {"sets_done": "2"}, now)
    undo = _action("undo_set", rx.pk, {"from_count": "2"}, now)
    first = offline_actions_apply(athlete=athlete, actions=[tap, undo], now=now)
    assert [o.outcome for o in first] == ["applied", "applied"]
    assert PrescriptionLog.objects.get(prescription=rx).sets_done == 1
    # The whole queue sent again (the answer was lost): nothing changes.
    second = offline_actions_apply(athlete=athlete, actions=[tap, undo], now=now)
    assert second == first
    assert PrescriptionLog.objects.get(prescription=rx).sets_done == 1
    assert AppliedAction.objects.filter(athlete=athlete).count() == 2


def test_the_same_key_under_another_athlete_is_that_athletes_own_action(athlete, now):
    other = AthleteUserFactory()
    key = uuid.uuid4()
    mine = _rx(athlete, timezone.localdate(now))
    theirs = _rx(other, timezone.localdate(now))
    offline_action_apply(
        athlete=athlete, action=_action("log_set", mine.pk, {"sets_done": "1"}, now, key), now=now
    )
    # Their key is theirs; my prescription through their account is not found.
    refused = offline_action_apply(
        athlete=other, action=_action("log_set", mine.pk, {"sets_done": "3"}, now), now=now
    )
    assert refused.outcome == "refused"
    assert "not part of your program" in refused.message
    applied = offline_action_apply(
        athlete=other, action=_action("log_set", theirs.pk, {"sets_done": "3"}, now, key), now=now
    )
    assert applied.outcome == "applied"
    assert PrescriptionLog.objects.get(prescription=mine).sets_done == 1
    assert PrescriptionLog.objects.get(prescription=theirs).sets_done == 3


def test_done_on_the_sessions_day_and_sent_the_next_day_is_accepted(athlete, now):
    yesterday = timezone.localdate(now) - dt.timedelta(days=1)
    rx = _rx(athlete, yesterday)
    done_at = timezone.make_aware(dt.datetime.combine(yesterday, dt.time(18, 30)))
    outcomes = offline_actions_apply(
        athlete=athlete,
        actions=[
            _action("log_set", rx.pk, {"sets_done": "3", "load_kg": "42.5"}, done_at),
            _action("finish", rx.session_id, {"rpe": "8", "notes": "Windy"}, done_at),
        ],
        now=now,
    )
    assert [o.outcome for o in outcomes] == ["applied", "applied"]
    log = PrescriptionLog.objects.get(prescription=rx)
    assert (log.sets_done, str(log.load_kg)) == (3, "42.5")
    session_log = SessionLog.objects.get(session=rx.session)
    assert (session_log.rpe, session_log.notes) == (8, "Windy")
    # Completed when the athlete finished, not when the signal came back.
    assert session_log.completed_at == done_at


def test_done_after_the_day_closed_is_refused_and_the_rest_of_the_queue_applied(athlete, now):
    yesterday = timezone.localdate(now) - dt.timedelta(days=1)
    closed = _rx(athlete, yesterday)
    open_ = _rx(athlete, timezone.localdate(now))
    outcomes = offline_actions_apply(
        athlete=athlete,
        actions=[
            _action("log_set", closed.pk, {"sets_done": "2"}, now),
            _action("log_set", open_.pk, {"sets_done": "1"}, now),
        ],
        now=now,
    )
    assert [o.outcome for o in outcomes] == ["refused", "applied"]
    assert "closed" in outcomes[0].message
    assert not PrescriptionLog.objects.filter(prescription=closed).exists()
    assert PrescriptionLog.objects.get(prescription=open_).sets_done == 1
    # A refusal is stored too: a replay is refused again without another try.
    assert (
        offline_action_apply(
            athlete=athlete,
            action=_action("log_set", closed.pk, {"sets_done": "2"}, now, outcomes[0].key),
            now=now,
        )
        == outcomes[0]
    )


@pytest.mark.parametrize(
    ("done_at", "message"),
    [
        ("2026-13-01T10:00:00+00:00", "not a valid time"),
        ("2026-01-01T10:00:00", "no time zone"),
        ("FUTURE", "future"),
        ("ANCIENT", "too long"),
    ],
)
def test_done_at_must_be_a_plausible_time(athlete, now, done_at, message):
    rx = _rx(athlete, timezone.localdate(now))
    if done_at == "FUTURE":
        done_at = (now + dt.timedelta(hours=1)).isoformat()
    elif done_at == "ANCIENT":
        done_at = (now - dt.timedelta(days=30)).isoformat()
    action = {**_action("log_set", rx.pk, {"sets_done": "1"}, now), "done_at": done_at}
    outcome = offline_action_apply(athlete=athlete, action=action, now=now)
    assert outcome.outcome == "refused"
    assert message in outcome.message
    assert not PrescriptionLog.objects.exists()


def test_a_few_minutes_of_clock_skew_is_accepted(athlete, now):
    rx = _rx(athlete, timezone.localdate(now))
    ahead = now + dt.timedelta(minutes=2)
    outcome = offline_action_apply(
        athlete=athlete, action=_action("log_set", rx.pk, {"sets_done": "1"}, ahead), now=now
    )
    assert outcome.outcome == "applied"


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("log_set", {"sets_done": "9"}, "between 0 and 3"),
        ("log_set", {}, "Nothing to save"),
        ("finish", {"rpe": "11"}, "11"),
        ("delete_everything", {}, "Unknown action"),
    ],
)
def test_bad_values_are_refused_with_the_pages_messages_and_save_nothing(
    athlete, now, kind, data, message
):
    rx = _rx(athlete, timezone.localdate(now))
    target = rx.session_id if kind == "finish" else rx.pk
    outcome = offline_action_apply(
        athlete=athlete, action=_action(kind, target, data, now), now=now
    )
    assert outcome.outcome == "refused"
    assert message in outcome.message
    assert not PrescriptionLog.objects.exists()
    assert not SessionLog.objects.filter(rpe__isnull=False).exists()


def test_an_action_without_a_valid_key_is_refused_and_not_applied(athlete, now):
    rx = _rx(athlete, timezone.localdate(now))
    action = {**_action("log_set", rx.pk, {"sets_done": "1"}, now), "key": "not-a-uuid"}
    assert offline_action_apply(athlete=athlete, action=action, now=now).outcome == "refused"
    assert not PrescriptionLog.objects.exists()
    assert not AppliedAction.objects.exists()


# --- the endpoint ------------------------------------------------------------------------


def _post(client, body):
    return client.post(reverse("programs:sync"), json.dumps(body), content_type="application/json")


def test_the_endpoint_applies_a_batch_for_its_own_login_only(client, athlete, now):
    rx = _rx(athlete, timezone.localdate(now))
    client.force_login(athlete.user)
    actions = [_action("log_set", rx.pk, {"sets_done": "2"}, now)]
    response = _post(client, {"owner": athlete.user.pk, "actions": actions})
    assert response.status_code == 200
    assert response.json()["results"][0]["outcome"] == "applied"
    # A queue saved under another login on this phone is refused whole.
    other = AthleteUserFactory()
    client.force_login(other.user)
    response = _post(client, {"owner": athlete.user.pk, "actions": actions})
    assert response.status_code == 409
    assert "another login" in response.json()["error"]
    assert not AppliedAction.objects.filter(athlete=other).exists()


def test_the_endpoint_answers_json_errors(client, athlete):
    assert _post(client, {"owner": 1, "actions": []}).status_code == 401
    client.force_login(athlete.user)
    response = client.post(reverse("programs:sync"), "{", content_type="application/json")
    assert response.status_code == 400
    response = _post(client, {"owner": athlete.user.pk, "actions": "nope"})
    assert response.status_code == 400
    assert "list" in response.json()["error"]
    assert client.get(reverse("programs:sync")).status_code == 405


def test_the_endpoint_needs_the_csrf_token(athlete, now):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(athlete.user)
    assert _post(client, {"owner": athlete.user.pk, "actions": []}).status_code == 403
