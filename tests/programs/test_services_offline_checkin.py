"""The morning check-in from the phone's offline queue (issue #20): the same form and rule
as online, applied once, its day judged by when it was made."""

import datetime as dt
import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import (
    AppliedAction,
    Prescription,
    PrescriptionLog,
    ReadinessCheckIn,
    SessionAdjustment,
)
from programs.services.offline import offline_action_apply, offline_actions_apply
from programs.services.readiness import session_adjustment_undo
from tests.factories import AthleteUserFactory, CoachFactory
from tests.programs.factories import (
    ExerciseFactory,
    PrescriptionFactory,
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
BAD = {"sleep": "1", "fatigue": "2", "soreness": "2", "stress": "3", "mood": "3"}  # 11/25


@pytest.fixture
def now():
    # Mid-morning, whatever time the suite runs: the day is never about to turn.
    return timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(10)))


@pytest.fixture
def today(now):
    return timezone.localdate(now)


@pytest.fixture
def athlete(today):
    athlete = AthleteUserFactory()
    for n in range(1, 11):  # ten ordinary mornings around 20/25: the baseline
        ReadinessCheckIn.objects.create(
            athlete=athlete,
            date=today - dt.timedelta(days=n),
            sleep=4,
            fatigue=4,
            soreness=4,
            stress=4,
            mood=4 + n % 2,
        )
    return athlete


def _squat_on(athlete, day) -> Prescription:
    """A session on `day` whose back squat (4 sets, high intensity) a bad morning halves."""
    version = ProgramVersionFactory(program=ProgramFactory(athlete=athlete))
    session = SessionFactory(version=version, date=day, kind="strength", intensity="high")
    return PrescriptionFactory(
        session=session,
        section="main",
        sets=4,
        reps=5,
        seconds=None,
        exercise=ExerciseFactory(name="Back squat", category="strength", intensity="high"),
    )


def _checkin(done_at, data=None, key=None, target=None):
    return {
        "key": str(key or uuid.uuid4()),
        "kind": "checkin",
        "target": target,
        "data": BAD if data is None else data,
        "done_at": done_at.isoformat(),
    }


def _sets(prescription) -> int:
    return Prescription.objects.get(pk=prescription.pk).sets


def test_a_queued_checkin_is_saved_and_lightens_the_days_session(athlete, now, today):
    squat = _squat_on(athlete, today)
    made = now - dt.timedelta(hours=3)  # 07:00, sent at 10:00
    outcome = offline_action_apply(athlete=athlete, action=_checkin(made), now=now)
    assert (outcome.outcome, outcome.message) == ("applied", "")
    assert ReadinessCheckIn.objects.get(athlete=athlete, date=today).total == 11
    adjustment = SessionAdjustment.objects.get(session=squat.session, undone_at=None)
    assert adjustment.status == "very_low"
    assert "Readiness 11/25" in adjustment.summary[0]
    assert "Back squat: 4 → 2 sets" in adjustment.changes[0]["reason"]
    assert _sets(squat) == 2
    stored = AppliedAction.objects.get(athlete=athlete)
    assert (stored.kind, stored.done_at, stored.outcome) == ("checkin", made, "applied")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**BAD, "mood": "6"}, "Mood: tap 1 to 5."),
        ({k: v for k, v in BAD.items() if k != "sleep"}, "Sleep quality: tap 1 to 5."),
        ({**BAD, "stress": "three"}, "Stress: tap 1 to 5."),
        ({}, "Sleep quality: tap 1 to 5."),
    ],
)
def test_a_bad_checkin_is_refused_with_the_forms_message_and_saves_nothing(
    athlete, now, today, data, message
):
    squat = _squat_on(athlete, today)
    outcome = offline_action_apply(athlete=athlete, action=_checkin(now, data), now=now)
    assert outcome.outcome == "refused"
    assert message in outcome.message
    assert not ReadinessCheckIn.objects.filter(date=today).exists()
    assert not SessionAdjustment.objects.exists()
    assert _sets(squat) == 4
    # A replay is refused again from the stored outcome.
    assert AppliedAction.objects.get(key=outcome.key).outcome == "refused"


def test_a_replayed_checkin_is_applied_once(athlete, now, today):
    squat = _squat_on(athlete, today)
    action = _checkin(now)
    first = offline_actions_apply(athlete=athlete, actions=[action, action], now=now)
    assert [o.outcome for o in first] == ["applied", "applied"]
    assert SessionAdjustment.objects.count() == 1
    # The coach puts the session back; the queue sent again (an answer lost) changes nothing.
    session_adjustment_undo(
        adjustment=SessionAdjustment.objects.get(),
        user=CoachFactory(organization=athlete.organization),
    )
    assert _sets(squat) == 4
    again = offline_actions_apply(athlete=athlete, actions=[action], now=now)
    assert again == first[:1]
    assert _sets(squat) == 4
    assert SessionAdjustment.objects.count() == 1
    assert AppliedAction.objects.filter(athlete=athlete).count() == 1


def test_another_athletes_session_id_or_key_reaches_only_the_senders_own_day(athlete, now, today):
    other = AthleteUserFactory(organization=athlete.organization)
    theirs = _squat_on(other, today)
    mine = _squat_on(athlete, today)
    key = uuid.uuid4()
    # The target names their session: a check-in is about the sender's own day, always.
    outcome = offline_action_apply(
        athlete=athlete, action=_checkin(now, key=key, target=theirs.session_id), now=now
    )
    assert outcome.outcome == "applied"
    assert _sets(mine) == 2
    assert _sets(theirs) == 4
    assert not ReadinessCheckIn.objects.filter(athlete=other).exists()
    # The same key from the other athlete is their own action (they have no baseline yet).
    theirs_outcome = offline_action_apply(athlete=other, action=_checkin(now, key=key), now=now)
    assert theirs_outcome.outcome == "applied"
    assert ReadinessCheckIn.objects.get(athlete=other, date=today).total == 11
    assert _sets(theirs) == 4  # no baseline: nothing changes
    assert AppliedAction.objects.filter(key=key).count() == 2


def test_the_endpoint_takes_a_checkin_from_its_own_login_only(client, athlete, now, today):
    _squat_on(athlete, today)
    body = {"owner": athlete.user.pk, "actions": [_checkin(timezone.now())]}
    other = AthleteUserFactory()
    client.force_login(other.user)
    post = {"content_type": "application/json"}
    assert client.post(reverse("programs:sync"), json.dumps(body), **post).status_code == 409
    assert not ReadinessCheckIn.objects.filter(date=timezone.localdate()).exists()
    client.force_login(athlete.user)
    response = client.post(reverse("programs:sync"), json.dumps(body), **post)
    assert response.json()["results"][0]["outcome"] == "applied"
    assert ReadinessCheckIn.objects.filter(athlete=athlete, date=timezone.localdate()).exists()


def test_made_yesterday_and_sent_today_counts_for_yesterday_and_keeps_its_closed_session(
    athlete, now, today
):
    yesterday = today - dt.timedelta(days=1)
    ReadinessCheckIn.objects.filter(athlete=athlete, date=yesterday).delete()
    closed = _squat_on(athlete, yesterday)
    made = timezone.make_aware(dt.datetime.combine(yesterday, dt.time(7)))
    outcome = offline_action_apply(athlete=athlete, action=_checkin(made), now=now)
    assert outcome.outcome == "applied"
    assert ReadinessCheckIn.objects.get(athlete=athlete, date=yesterday).total == 11
    assert not ReadinessCheckIn.objects.filter(athlete=athlete, date=today).exists()
    # The day has closed: its session is history, never rewritten.
    assert _sets(closed) == 4
    assert not SessionAdjustment.objects.exists()


def test_with_late_logging_allowed_yesterdays_session_is_lightened(athlete, now, today):
    athlete.allow_late_logging = True
    athlete.save()
    yesterday = today - dt.timedelta(days=1)
    ReadinessCheckIn.objects.filter(athlete=athlete, date=yesterday).delete()
    late = _squat_on(athlete, yesterday)
    made = timezone.make_aware(dt.datetime.combine(yesterday, dt.time(7)))
    offline_action_apply(athlete=athlete, action=_checkin(made), now=now)
    assert _sets(late) == 2


@pytest.mark.parametrize(
    ("made", "message"),
    [
        (dt.timedelta(hours=1), "dated in the future"),
        (dt.timedelta(minutes=4), "dated after today"),  # within the clock skew, past midnight
        (-dt.timedelta(days=8), "waited on the phone too long"),
    ],
)
def test_a_checkin_dated_after_today_or_too_long_ago_is_refused(athlete, today, made, message):
    before_midnight = timezone.make_aware(dt.datetime.combine(today, dt.time(23, 58)))
    _squat_on(athlete, today + dt.timedelta(days=1))
    outcome = offline_action_apply(
        athlete=athlete, action=_checkin(before_midnight + made), now=before_midnight
    )
    assert outcome.outcome == "refused"
    assert message in outcome.message
    assert not ReadinessCheckIn.objects.filter(date__gte=today).exists()
    assert AppliedAction.objects.get(key=outcome.key).outcome == "refused"
    assert not SessionAdjustment.objects.exists()


def test_a_date_in_the_values_is_ignored_the_day_is_when_it_was_made(athlete, now, today):
    squat = _squat_on(athlete, today)
    data = {**BAD, "date": (today + dt.timedelta(days=3)).isoformat()}
    offline_action_apply(athlete=athlete, action=_checkin(now, data), now=now)
    assert list(
        ReadinessCheckIn.objects.filter(date__gte=today).values_list("date", flat=True)
    ) == [today]
    assert _sets(squat) == 2


def test_a_session_the_queue_logs_after_the_checkin_is_kept_as_the_phone_showed_it(
    athlete, now, today
):
    # Offline: the check-in at 07:00, then the session as planned (4 sets), sent at 10:00.
    squat = _squat_on(athlete, today)
    made = now - dt.timedelta(hours=3)
    tap = {
        "key": str(uuid.uuid4()),
        "kind": "log_set",
        "target": squat.pk,
        "data": {"sets_done": "4"},
        "done_at": (made + dt.timedelta(hours=1)).isoformat(),
    }
    outcomes = offline_actions_apply(athlete=athlete, actions=[_checkin(made), tap], now=now)
    assert [o.outcome for o in outcomes] == ["applied", "applied"]
    assert ReadinessCheckIn.objects.get(athlete=athlete, date=today).total == 11
    assert _sets(squat) == 4
    assert not SessionAdjustment.objects.exists()
    assert PrescriptionLog.objects.get(prescription=squat).sets_done == 4
