"""Scale data for the benchmark: organizations, coaches, teams, athletes with months of
assessments, programs and completion logs (issue 8).

Deterministic: the same seed and `today` give the same rows (ids and timestamps aside).
Profiles are real (one `balance.assess` per assessment, chained to the previous one);
plans are real too, but one `generator.generate` per (weakest link, level, focus, sex)
is reused by every athlete with that key, which keeps 4,000 athletes to a minute or two.
The big tables are written with COPY into ids reserved from their sequences.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from assessments import balance
from assessments.models import Assessment, TestProtocol, TestResult
from assessments.services import profile_asymmetries
from assessments.services_library import protocol_library_load
from athletes import profile_marks
from athletes.models import Athlete, Membership, Organization, Team, User
from config.copy import copy_rows
from programs.models import (
    Prescription,
    PrescriptionLog,
    Program,
    ProgramVersion,
    Session,
    SessionLog,
)
from programs.services.library import exercise_library_load
from seeding.scale_programs import EQUIPMENT, Planner, reserve_ids, seed_programs

SLUG_PREFIX = "scale-"
EMAIL_DOMAIN = "scale.speedchain.test"
PASSWORD = "scale-bench-password"  # every seeded login shares it (one hash, computed once)
TEAM_NAMES = ("Sprint squad", "Jumps", "Field sport", "Development")
FIRST_NAMES = [
    "Ava",
    "Ben",
    "Chloe",
    "Dan",
    "Ella",
    "Finn",
    "Grace",
    "Hugo",
    "Isla",
    "Jack",
    "Kai",
    "Lena",
    "Milo",
    "Nora",
    "Owen",
    "Pia",
    "Quinn",
    "Rosa",
    "Sam",
    "Tara",
    "Uma",
    "Vic",
    "Will",
    "Xena",
    "Yara",
    "Zane",
]
LAST_NAMES = [
    "Adams",
    "Baker",
    "Costa",
    "Diaz",
    "Evans",
    "Fischer",
    "Garcia",
    "Hughes",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lopez",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quinn",
    "Rossi",
    "Silva",
    "Tanaka",
    "Ueda",
    "Varga",
    "Weber",
    "Young",
    "Zhou",
]
PLAN_STARTED_DAYS_AGO = 14  # today sits in week 3: two logged weeks behind, two ahead
ASSESSMENT_EVERY_DAYS = 28


@dataclass(frozen=True)
class SeedReport:
    counts: dict[str, int]
    seconds: float
    plans_generated: int
    profiles_computed: int


def coach_email(org_number: int, n: int = 1) -> str:
    return f"coach{n}-{org_number:02d}@{EMAIL_DOMAIN}"


def athlete_email(org_number: int, n: int) -> str:
    return f"athlete-{org_number:02d}-{n:04d}@{EMAIL_DOMAIN}"


def scale_organizations():
    return Organization.objects.filter(slug__startswith=SLUG_PREFIX)


# --- synthetic athletes and results ---------------------------------------------------


def _raw_value(spec: balance.ProtocolSpec, normalized: float, mass: float) -> float:
    if spec.norm == "per_kg":
        raw = normalized * mass
    elif spec.norm == "x_bw":
        raw = normalized * mass * balance.GRAVITY
    else:
        raw = normalized
    return round(min(max(raw, spec.plausible_min), spec.plausible_max), 1)


def _athlete_traits(rng: random.Random) -> dict:
    sex = "M" if rng.random() < 0.55 else "F"
    # Hip flexors are the most often overlooked limiter (DESIGN §1): start them lower.
    strength = {g: rng.uniform(0.65, 1.15) for g in balance.GROUPS}
    strength["hip_flexors"] = rng.uniform(0.55, 1.05)
    return {
        "sex": sex,
        "mass": rng.gauss(78, 7) if sex == "M" else rng.gauss(63, 6),
        "level": rng.choices(Athlete.Level.values, weights=(3, 5, 2))[0],
        "focus": rng.choices(Athlete.EventFocus.values, weights=(5, 4, 1))[0],
        "strength": strength,
        "asymmetry": {g: rng.gauss(0, 0.07) for g in balance.GROUPS},
        "adherence": rng.uniform(0.5, 0.95),
    }


def _results_for(
    rng: random.Random, traits: dict, specs: dict[str, balance.ProtocolSpec], k: int, mass: float
) -> list[balance.Result]:
    results = []
    for code, spec in specs.items():
        if spec.is_outcome:  # strength tests only
            continue
        reference = spec.reference_male if traits["sex"] == "M" else spec.reference_female
        base = reference * traits["strength"][spec.group] * (1 + 0.02 * k)  # ~2 % a month
        asym = traits["asymmetry"][spec.group]
        sides = (("L", 1 - asym / 2), ("R", 1 + asym / 2)) if spec.sided else (("B", 1.0),)
        for side, factor in sides:
            normalized = base * factor * rng.gauss(1, 0.03)
            results.append(balance.Result(code, side, _raw_value(spec, normalized, mass)))
    return results


def _assessment_dates(rng: random.Random, today: dt.date, count: int) -> list[dt.date]:
    """Oldest first; the newest a few days before the current plan started."""
    newest = today - dt.timedelta(days=PLAN_STARTED_DAYS_AGO + 1 + rng.randint(0, 3))
    return [
        newest - dt.timedelta(days=ASSESSMENT_EVERY_DAYS * (count - 1 - k) + rng.randint(0, 2))
        for k in range(count)
    ]


# --- the seed -------------------------------------------------------------------------


def _check_args(organizations: int, athletes: int, assessments: int) -> None:
    from django.core.exceptions import ValidationError

    if organizations < 1 or athletes < 1 or assessments < 1:
        raise ValidationError("Organizations, athletes and assessments must each be at least 1.")
    if organizations > 99 or athletes > 9999:
        raise ValidationError("At most 99 organizations of 9,999 athletes each.")
    if scale_organizations().exists():
        raise ValidationError(
            "Scale data already exists; flush it first (seed_scale --flush) or use an "
            "empty database."
        )


def scale_seed(
    *,
    organizations: int = 20,
    athletes: int = 200,
    assessments: int = 6,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> SeedReport:
    """Seed `organizations` x `athletes` athletes with `assessments` assessments each, a
    4-week program (active version, sessions, prescriptions) and logs of the past days.
    All or nothing. Raises ValidationError on bad counts or when scale data exists."""
    _check_args(organizations, athletes, assessments)
    started = time.perf_counter()
    today = today or timezone.localdate()
    progress = progress or (lambda _message: None)
    rng = random.Random(seed)
    now = timezone.now()
    with transaction.atomic():
        with connection.cursor() as cursor:  # a seed may lose its last commit on a crash
            cursor.execute("SET LOCAL synchronous_commit = off")
        protocol_library_load()
        exercise_library_load()
        protocol_ids = dict(TestProtocol.objects.values_list("code", "id"))
        specs = {
            p.code: p.to_spec()
            for p in TestProtocol.objects.filter(active=True).order_by("sort_order", "code")
        }
        planner = Planner(today - dt.timedelta(days=PLAN_STARTED_DAYS_AGO))
        password = make_password(PASSWORD)
        profiles = 0
        for number in range(1, organizations + 1):
            profiles += _seed_organization(
                number=number,
                athletes=athletes,
                assessments=assessments,
                rng=rng,
                today=today,
                now=now,
                specs=specs,
                protocol_ids=protocol_ids,
                planner=planner,
                password=password,
            )
            progress(f"organization {number}/{organizations} seeded")
    _analyze()
    counts = scale_counts()
    return SeedReport(
        counts=counts,
        seconds=round(time.perf_counter() - started, 1),
        plans_generated=len(planner.plans),
        profiles_computed=profiles,
    )


def _seed_organization(
    *, number, athletes, assessments, rng, today, now, specs, protocol_ids, planner, password
) -> int:
    org = Organization.objects.create(
        name=f"Scale Club {number:02d}", slug=f"{SLUG_PREFIX}{number}"
    )
    coaches = User.objects.bulk_create(
        User(
            email=coach_email(number, n),
            full_name=f"Coach {n} of club {number}",
            password=password,
        )
        for n in (1, 2)
    )
    Membership.objects.bulk_create(
        Membership(user=coach, organization=org, role=role)
        for coach, role in zip(coaches, ("head_coach", "coach"), strict=True)
    )
    teams = Team.objects.bulk_create(Team(organization=org, name=name) for name in TEAM_NAMES)
    traits = [_athlete_traits(rng) for _ in range(athletes)]
    names = [(rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)) for _ in range(athletes)]
    users = User.objects.bulk_create(
        (
            User(email=athlete_email(number, i), full_name=f"{first} {last}", password=password)
            for i, (first, last) in enumerate(names, start=1)
        ),
        batch_size=1000,
    )
    rows = Athlete.objects.bulk_create(
        (
            Athlete(
                organization=org,
                user=user,
                first_name=first,
                last_name=last,
                email=user.email,
                external_id=f"S{number:02d}-{i:04d}",
                sex=t["sex"],
                birth_date=dt.date(1995, 1, 1) + dt.timedelta(days=rng.randint(0, 4000)),
                level=t["level"],
                event_focus=t["focus"],
                available_weekdays=list(range(7)),
                equipment=EQUIPMENT,
            )
            for i, ((first, last), user, t) in enumerate(zip(names, users, traits, strict=True), 1)
        ),
        batch_size=1000,
    )
    Athlete.teams.through.objects.bulk_create(
        Athlete.teams.through(athlete_id=a.id, team_id=teams[i % len(teams)].id)
        for i, a in enumerate(rows)
    )

    # Assessments: real profiles, each compared with the athlete's previous one.
    assessment_ids = iter(reserve_ids(Assessment, athletes * assessments))
    result_rows, assessment_rows, latest = [], [], {}
    for athlete, t in zip(rows, traits, strict=True):
        previous = None
        for k, date in enumerate(_assessment_dates(rng, today, assessments)):
            mass = round(t["mass"] + rng.gauss(0, 0.8), 1)
            results = _results_for(rng, t, specs, k, mass)
            profile = balance.assess(
                results, body_mass_kg=mass, sex=t["sex"], protocols=specs, previous=previous
            )
            previous = profile
            assessment_id = next(assessment_ids)
            asymmetries = [
                g.asymmetry_pct for g in profile.groups.values() if g.asymmetry_pct is not None
            ]
            assessment_rows.append(
                (
                    assessment_id,
                    athlete.id,
                    date,
                    Decimal(str(mass)),
                    coaches[k % 2].id,
                    Assessment.Source.MANUAL,
                    "",
                    json.dumps(balance.profile_to_dict(profile)),
                    profile.balance_level,
                    profile.weakest_link or "",
                    max(asymmetries) if asymmetries else None,
                    json.dumps(profile_asymmetries(profile)),
                    json.dumps(profile_marks.weakest_carried(profile)),
                    len(profile.stale_groups),
                    now,
                )
            )
            result_rows.extend(
                (assessment_id, protocol_ids[r.protocol_code], r.side, r.value) for r in results
            )
        latest[athlete.id] = (assessment_id, profile)
    copy_rows(
        Assessment,
        (
            "id",
            "athlete_id",
            "date",
            "body_mass_kg",
            "recorded_by_id",
            "source",
            "notes",
            "profile",
            "balance_level",
            "weakest_link",
            "max_asymmetry_pct",
            "asymmetries",
            "weakest_carried",
            "stale_group_count",
            "created_at",
        ),
        assessment_rows,
    )
    copy_rows(TestResult, ("assessment_id", "protocol_id", "side", "value"), result_rows)
    seed_programs(rows, traits, latest, rng=rng, today=today, now=now, planner=planner)
    return len(assessment_rows)


SEEDED_MODELS = (
    User, Organization, Membership, Team, Athlete, Assessment, TestResult, Program,
    ProgramVersion, Session, Prescription, SessionLog, PrescriptionLog,
)  # fmt: skip


def _analyze() -> None:
    """Fresh planner statistics: without them, a table just filled by COPY looks empty and
    the planner picks sequential scans and hash joins a production database would not."""
    with connection.cursor() as cursor:
        for model in SEEDED_MODELS:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def scale_counts() -> dict[str, int]:
    """Row counts of the scale data (organizations with the scale slug prefix)."""
    orgs = scale_organizations()
    athletes = Athlete.objects.filter(organization__in=orgs)
    return {
        "organizations": orgs.count(),
        "coaches": Membership.objects.filter(organization__in=orgs).count(),
        "teams": Team.objects.filter(organization__in=orgs).count(),
        "athletes": athletes.count(),
        "assessments": Assessment.objects.filter(athlete__in=athletes).count(),
        "results": TestResult.objects.filter(assessment__athlete__in=athletes).count(),
        "programs": Program.objects.filter(athlete__in=athletes).count(),
        "sessions": Session.objects.filter(version__program__athlete__in=athletes).count(),
        "prescriptions": Prescription.objects.filter(
            session__version__program__athlete__in=athletes
        ).count(),
        "session_logs": SessionLog.objects.filter(athlete__in=athletes).count(),
        "prescription_logs": PrescriptionLog.objects.filter(
            prescription__session__version__program__athlete__in=athletes
        ).count(),
    }


@transaction.atomic
def scale_flush() -> int:
    """Delete the scale organizations, everything under them and their users. Uses the
    ORM's cascade: fine for small scales; for the full one recreate the database."""
    users = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
    count = scale_organizations().count()
    scale_organizations().delete()
    users.delete()
    return count
