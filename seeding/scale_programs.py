"""Scale seed, programs part: one real plan per athlete profile key, written with COPY.

Also the low-level writers the whole seed uses: ids reserved from a table's sequence and
COPY into the table. See seeding/scale.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.db import connection

from assessments import balance
from config.copy import copy_rows
from programs import generator
from programs.models import (
    Exercise,
    GeneratorCatalogue,
    Prescription,
    PrescriptionLog,
    Program,
    ProgramVersion,
    Session,
    SessionLog,
)

EQUIPMENT = ["band", "barbell", "dumbbells", "box", "cones", "ladder", "bench", "mat"]
PLAN_WEEKS = 4


def reserve_ids(model, n: int) -> range:
    """Take n ids from the table's sequence (the seed is the only writer meanwhile)."""
    if n <= 0:
        return range(0)
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'),"
            " nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
            [table, table, n],
        )
        last = cursor.fetchone()[0]
    return range(last - n + 1, last + 1)


class Planner:
    """One real plan per (weakest link, level, focus, sex), generated on first use."""

    def __init__(self, start: dt.date):
        self.start = start
        self.catalogue = tuple(
            e.to_spec() for e in Exercise.objects.filter(active=True).order_by("code")
        )
        self.exercise_ids = dict(Exercise.objects.values_list("code", "id"))
        self.catalogue_fingerprint = generator.catalogue_fingerprint(self.catalogue)
        GeneratorCatalogue.objects.get_or_create(
            fingerprint=self.catalogue_fingerprint,
            defaults={"content": generator.catalogue_to_list(self.catalogue)},
        )
        self.plans: dict[tuple, tuple[generator.ProgramPlan, str, str]] = {}

    def plan_for(self, traits: dict, profile: balance.BalanceProfile):
        key = (profile.weakest_link, traits["level"], traits["focus"], traits["sex"])
        if key not in self.plans:
            plan_input = generator.PlanInput(
                athlete=generator.AthleteContext(
                    level=traits["level"],
                    sex=traits["sex"],
                    available_weekdays=tuple(range(7)),
                    equipment=tuple(sorted(EQUIPMENT)),
                    event_focus=traits["focus"],
                ),
                profile=profile,
                catalogue=self.catalogue,
                start=self.start,
                weeks=PLAN_WEEKS,
            )
            # The canonical JSON is what generator.input_fingerprint hashes: serialize once.
            stored = generator.plan_input_to_dict(plan_input, catalogue=self.catalogue_fingerprint)
            text = json.dumps(stored, sort_keys=True, separators=(",", ":"))
            fingerprint = hashlib.sha256(text.encode()).hexdigest()
            self.plans[key] = (generator.generate(plan_input), text, fingerprint)
        return self.plans[key]


def seed_programs(rows, traits, latest, *, rng, today, now, planner) -> None:
    programs = Program.objects.bulk_create(
        (Program(athlete=a, regen_finished_at=now) for a in rows), batch_size=1000
    )
    plans = [planner.plan_for(t, latest[a.id][1]) for a, t in zip(rows, traits, strict=True)]
    # COPY with the plan's input serialized once per plan.
    version_ids = list(reserve_ids(ProgramVersion, len(programs)))
    copy_rows(
        ProgramVersion,
        (
            "id",
            "program_id",
            "number",
            "created_at",
            "trigger",
            "assessment_id",
            "status",
            "rationale",
            "substitutions",
            "generator_input",
            "catalogue_fingerprint",
            "input_fingerprint",
            "start_date",
            "decided_at",
        ),
        (
            (
                version_id,
                program.id,
                1,
                now,
                ProgramVersion.Trigger.ASSESSMENT,
                latest[athlete.id][0],
                ProgramVersion.Status.ACTIVE,
                json.dumps(plan.rationale),
                json.dumps(plan.substitutions),
                input_json,
                planner.catalogue_fingerprint,
                fingerprint,
                planner.start,
                now,
            )
            for version_id, program, athlete, (plan, input_json, fingerprint) in zip(
                version_ids, programs, rows, plans, strict=True
            )
        ),
    )
    session_count = sum(len(plan.sessions) for plan, _i, _f in plans)
    item_count = sum(len(s.items) for plan, _i, _f in plans for s in plan.sessions)
    session_ids = iter(reserve_ids(Session, session_count))
    prescription_ids = iter(reserve_ids(Prescription, item_count))
    sessions, prescriptions, session_logs, prescription_logs = [], [], [], []
    for athlete, t, version_id, (plan, _i, _f) in zip(
        rows, traits, version_ids, plans, strict=True
    ):
        for s in plan.sessions:
            session_id = next(session_ids)
            sessions.append(
                (session_id, version_id, s.date, s.week, s.kind, s.title[:150], s.purpose,
                 s.intensity, "")
            )  # fmt: skip
            logged = s.date < today and s.kind != "rest" and rng.random() < t["adherence"]
            if logged:
                done_at = dt.datetime.combine(s.date, dt.time(18), tzinfo=dt.UTC)
                session_logs.append((session_id, athlete.id, rng.randint(4, 9), "", done_at, now))
            for item in s.items:
                prescription_id = next(prescription_ids)
                prescriptions.append(
                    (prescription_id, session_id, planner.exercise_ids[item.exercise_code],
                     item.order, item.section, item.sets, item.reps, item.seconds,
                     item.distance_m, item.rest_s, item.side, item.muscle_length or "",
                     item.emphasis or "", item.note, False)
                )  # fmt: skip
                if logged and item.sets:
                    sets_done = item.sets if rng.random() < 0.85 else max(item.sets - 1, 0)
                    prescription_logs.append((prescription_id, sets_done, item.seconds, None, now))
    copy_rows(
        Session,
        (
            "id",
            "version_id",
            "date",
            "week",
            "kind",
            "title",
            "purpose",
            "intensity",
            "coach_note",
        ),
        sessions,
    )
    copy_rows(
        Prescription,
        (
            "id",
            "session_id",
            "exercise_id",
            "order",
            "section",
            "sets",
            "reps",
            "seconds",
            "distance_m",
            "rest_s",
            "side",
            "muscle_length",
            "emphasis",
            "note",
            "coach_edited",
        ),
        prescriptions,
    )
    copy_rows(
        SessionLog,
        ("session_id", "athlete_id", "rpe", "notes", "completed_at", "updated_at"),
        session_logs,
    )
    copy_rows(
        PrescriptionLog,
        ("prescription_id", "sets_done", "hold_seconds", "load_kg", "updated_at"),
        prescription_logs,
    )
