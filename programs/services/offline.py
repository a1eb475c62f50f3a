"""Actions queued on the athlete's phone while offline, applied exactly once: logging
(sets, undo, finish) and the morning check-in.

Each action carries the phone's own UUID (its idempotency key) and the time it was done.
The first time a key arrives the action is applied (or refused) and the outcome is stored
under that key; a replay returns the stored outcome and writes nothing. The day rule is
the one the pages use, judged at the time the action was done: a set tapped on the
session's day and sent the next morning counts; one tapped after the day closed does not.
A check-in counts for the day it was made, and lightens that day's session as online,
unless the session was done as the phone showed it (the queue logs it after the
check-in) or its day has closed: then it is saved and the session is left as it is.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from programs.forms_athlete import FinishForm, LogSetForm, UndoSetForm
from programs.forms_readiness import ReadinessForm
from programs.models import AppliedAction, Prescription
from programs.rules import session_log_error
from programs.selectors import athlete as sel
from programs.services.logs import (
    prescription_log_set,
    prescription_log_undo_set,
    session_log_finish,
)
from programs.services.readiness import readiness_record

# A phone's clock may run a little ahead of the server's.
CLOCK_SKEW = dt.timedelta(minutes=5)
# Older than this is not a queue that waited for a signal; the pages are cached as long.
MAX_QUEUE_AGE = dt.timedelta(days=7)
MAX_BATCH = 200
KINDS = {
    "log_set": LogSetForm,
    "undo_set": UndoSetForm,
    "finish": FinishForm,
    "checkin": ReadinessForm,
}
LOGGING = ("log_set", "undo_set", "finish")
NOT_YOURS = "This session is not part of your program."


@dataclass(frozen=True)
class ActionOutcome:
    key: str
    outcome: str  # AppliedAction.Outcome
    message: str

    def as_dict(self) -> dict:
        return {"key": self.key, "outcome": self.outcome, "message": self.message}


def _done_at(value, *, now: dt.datetime) -> dt.datetime:
    try:
        done_at = dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise ValidationError("The time the action was done is not a valid time.") from None
    if timezone.is_naive(done_at):
        raise ValidationError("The time the action was done has no time zone.")
    if done_at > now + CLOCK_SKEW:
        raise ValidationError("This action is dated in the future: check the phone's clock.")
    if done_at < now - MAX_QUEUE_AGE:
        raise ValidationError("This action waited on the phone too long to be sent.")
    return done_at


def _messages(errors) -> str:
    if hasattr(errors, "message_dict"):
        errors = errors.message_dict
    if isinstance(errors, dict):
        return " ".join(m for messages in errors.values() for m in messages)
    return " ".join(errors.messages)


def _checkin_record(
    *, athlete, values: dict, done_at: dt.datetime, now: dt.datetime, logged_later: frozenset
) -> None:
    """The check-in of the day it was made (the page's rule: one per day, a repeat
    replaces it). The target is not used: the day's session is the athlete's own."""
    day = timezone.localdate(done_at)
    if day > timezone.localdate(now):
        raise ValidationError("This check-in is dated after today: check the phone's clock.")
    session = sel.athlete_session_on(athlete, day)
    keep = session is not None and (
        session.pk in logged_later
        or session_log_error(athlete, session, today=timezone.localdate(now)) is not None
    )
    readiness_record(athlete=athlete, date=day, keep_session=keep, **values)


def _apply(
    *,
    athlete,
    kind: str,
    target,
    data: dict,
    done_at: dt.datetime,
    now: dt.datetime,
    logged_later: frozenset = frozenset(),
) -> None:
    """Apply one parsed action; raises ValidationError when it is refused."""
    form = KINDS[kind](data)
    if not form.is_valid():
        raise ValidationError(_messages(form.errors))
    if kind == "checkin":
        _checkin_record(
            athlete=athlete,
            values=form.cleaned_data,
            done_at=done_at,
            now=now,
            logged_later=logged_later,
        )
        return
    try:
        target = int(target)
    except (TypeError, ValueError):
        raise ValidationError(NOT_YOURS) from None
    day = timezone.localdate(done_at)
    try:
        if kind == "finish":
            session = sel.athlete_session_get(athlete, target)
            session_log_finish(
                athlete=athlete,
                session=session,
                today=day,
                completed_at=done_at,
                **form.cleaned_data,
            )
            return
        prescription = sel.athlete_prescription_get(athlete, target)
    except Http404:
        raise ValidationError(NOT_YOURS) from None
    write = prescription_log_set if kind == "log_set" else prescription_log_undo_set
    write(athlete=athlete, prescription=prescription, today=day, **form.cleaned_data)


def offline_action_apply(
    *, athlete, action: dict, now: dt.datetime, logged_later: frozenset = frozenset()
) -> ActionOutcome:
    """Apply one queued action once: {key, kind, target, data, done_at}. logged_later:
    the ids of the sessions the rest of the batch logs (a check-in leaves those as they
    are: the athlete did them as the phone showed them)."""
    try:
        key = uuid.UUID(str(action.get("key")))
    except ValueError:
        # Nothing to store it under: refused, and a fixed phone sends it with a key.
        return ActionOutcome(
            str(action.get("key"))[:40], "refused", "The action has no valid key."
        )
    stored = AppliedAction.objects.filter(athlete=athlete, key=key).first()
    if stored is not None:
        return ActionOutcome(str(key), stored.outcome, stored.message)
    kind = str(action.get("kind"))
    outcome, message, done_at = AppliedAction.Outcome.APPLIED, "", now
    try:
        with transaction.atomic():
            try:
                if kind not in KINDS:
                    raise ValidationError("Unknown action.")
                data = action.get("data")
                if not isinstance(data, dict):
                    raise ValidationError("The action has no values.")
                done_at = _done_at(action.get("done_at"), now=now)
                with transaction.atomic():  # a refusal leaves nothing half-written
                    _apply(
                        athlete=athlete,
                        kind=kind,
                        target=action.get("target"),
                        data=data,
                        done_at=done_at,
                        now=now,
                        logged_later=logged_later,
                    )
            except ValidationError as exc:
                outcome, message = AppliedAction.Outcome.REFUSED, _messages(exc)[:300]
            AppliedAction.objects.create(
                athlete=athlete,
                key=key,
                kind=kind[:16],
                done_at=done_at,
                outcome=outcome,
                message=message,
            )
    except IntegrityError:
        # The same key arrived twice at once: the other request applied it.
        stored = AppliedAction.objects.get(athlete=athlete, key=key)
        return ActionOutcome(str(key), stored.outcome, stored.message)
    return ActionOutcome(str(key), outcome, message)


def offline_actions_apply(*, athlete, actions: list, now: dt.datetime) -> list[ActionOutcome]:
    """A batch from the phone's queue, in the order the athlete did them. A refused action
    does not stop the ones after it."""
    if not isinstance(actions, list) or len(actions) > MAX_BATCH:
        raise ValidationError(f"Send a list of at most {MAX_BATCH} actions.")
    actions = [a if isinstance(a, dict) else {} for a in actions]
    later = _sessions_logged_after(actions)
    return [
        offline_action_apply(athlete=athlete, action=a, now=now, logged_later=later[i])
        for i, a in enumerate(actions)
    ]


def _target_id(action: dict) -> int | None:
    try:
        return int(action.get("target"))
    except (TypeError, ValueError):
        return None


def _sessions_logged_after(actions: list[dict]) -> list[frozenset]:
    """For each action, the ids of the sessions the actions after it log (one query, and
    none for a batch without a check-in)."""
    if not any(a.get("kind") == "checkin" for a in actions):
        return [frozenset()] * len(actions)
    rx_ids = {_target_id(a) for a in actions if a.get("kind") in ("log_set", "undo_set")}
    rx_sessions = dict(
        Prescription.objects.filter(pk__in=rx_ids - {None}).values_list("pk", "session_id")
    )
    out, seen = [], set()
    for action in reversed(actions):
        out.append(frozenset(seen))
        kind, target = action.get("kind"), _target_id(action)
        if kind == "finish" and target is not None:
            seen.add(target)
        elif kind in LOGGING and target in rx_sessions:
            seen.add(rx_sessions[target])
    return out[::-1]
