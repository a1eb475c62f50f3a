"""Demo: completed blocks for the block review and the squad view (#18).

Each athlete is tested (strength, 20 m sprint, jump), trains a four-week block (logged
to their adherence), and is retested from the block's retest session, through the same
services as the app. Hand-set numbers so the demo shows each case:
some whose weakest link rose beyond noise and who got faster, one within noise, one who
did not train.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from assessments.services import assessment_record
from athletes.services import athlete_create
from programs.models import Session
from programs.services import program_generate_for
from programs.services.logs import prescription_log_set, session_log_finish
from programs.services.retest import retest_record
from seeding.demo import ALL_EQUIPMENT, demo_results

BLOCK_START_DAYS_AGO = 40


@dataclass(frozen=True)
class BlockAthlete:
    first: str
    last: str
    sex: str
    mass: float
    weak: str
    weak_pct: tuple[float, float]  # start, end (% of reference)
    sprint_20m: tuple[float, float]  # s, start and end
    cmj_cm: tuple[float, float]
    adherence: float


BLOCK_ATHLETES = (
    # Weakest link up beyond noise (+19 %, MDC 13.9 %); 0.19 s faster (threshold 0.17 s).
    BlockAthlete(
        "Ella", "Moreau", "F", 60.0, "hip_flexors", (62, 74), (3.45, 3.26), (36, 39.5), 0.9
    ),
    # Knee flexion beyond its MDC; 0.17 s faster (threshold 0.156 s).
    BlockAthlete(
        "Marcus", "Bell", "M", 79.0, "hamstrings", (66, 80), (3.12, 2.95), (44, 46), 0.85
    ),
    # Glutes up beyond noise, the sprint within it: unclear.
    BlockAthlete("Ines", "Costa", "F", 58.0, "glutes", (66, 86), (3.38, 3.33), (35, 36), 0.9),
    # Trained half the sessions: everything within noise.
    BlockAthlete("Daniel", "Osei", "M", 82.0, "quadriceps", (72, 74), (3.05, 3.04), (47, 47), 0.5),
    # Did not train: nothing moved beyond noise.
    BlockAthlete("Finn", "Larsen", "M", 75.0, "calves", (68, 67), (3.20, 3.24), (42, 41), 0.0),
)


def _results(person: BlockAthlete, specs, n: int) -> list:
    strength = demo_results(
        specs,
        sex=person.sex,
        mass=person.mass,
        weak=person.weak,
        weak_pct=person.weak_pct[n],
        other_pct=86 + n,
        asym=None,
    )
    return [
        *strength,
        ("sprint_20m", "B", person.sprint_20m[n]),
        ("cmj_height", "B", person.cmj_cm[n]),
    ]


def _log(athlete, version, *, until: dt.date, adherence: float) -> None:
    sessions = (
        Session.objects.filter(version=version, date__lt=until)
        .exclude(kind__in=["rest", "retest"])
        .prefetch_related("prescriptions")
        .order_by("date")
    )
    for n, session in enumerate(sessions):
        if (n % 10) / 10 >= adherence:
            continue
        for prescription in session.prescriptions.all():
            prescription_log_set(
                athlete=athlete,
                prescription=prescription,
                sets_done=prescription.sets or 1,
                hold_seconds=prescription.seconds if prescription.muscle_length else None,
                today=session.date,
            )
        session_log_finish(
            athlete=athlete, session=session, rpe=6 + n % 3, notes="", today=session.date
        )


def demo_blocks_seed(*, organization, coach, team, specs, today: dt.date) -> None:
    start_day = today - dt.timedelta(days=BLOCK_START_DAYS_AGO)
    for person in BLOCK_ATHLETES:
        slug = person.first.lower()
        athlete = athlete_create(
            organization=organization,
            first_name=person.first,
            last_name=person.last,
            sex=person.sex,
            email=f"{slug}@{organization.slug.split('-')[0]}.demo",
            external_id=f"{organization.slug[:3].upper()}-{slug}",
            birth_date=dt.date(2004, 3, 12),
            level="intermediate",
            event_focus="sprint",
            available_weekdays=[0, 1, 2, 4, 5, 6],
            equipment=ALL_EQUIPMENT,
            teams=[team],
        )
        with transaction.atomic():
            start = assessment_record(
                athlete=athlete,
                date=start_day,
                body_mass_kg=person.mass,
                results=_results(person, specs, 0),
                recorded_by=coach,
                notes="Start of the block.",
                today=today,
            )
            version = program_generate_for(
                athlete=athlete,
                today=start_day + dt.timedelta(days=1),
                trigger="assessment",
                assessment=start,
            )
            retest = version.sessions.get(kind="retest")
            _log(athlete, version, until=retest.date, adherence=person.adherence)
        retest_record(  # commits; the regeneration then builds the next block
            session=retest,
            date=retest.date,
            body_mass_kg=person.mass,
            results=_results(person, specs, 1),
            recorded_by=coach,
            notes="Retest at the end of the block.",
            today=today,
        )
