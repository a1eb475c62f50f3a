"""The demo organization that `python3 dev.py run` loads: every feature with realistic data.

It goes through the same services as the app (assessment_record, program_generate_for, the
logging services), so the demo also exercises the real flow: past assessments, a program
that started two weeks ago with logged sessions, then a fresh assessment whose regeneration
keeps that history.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from assessments import balance
from assessments.services import assessment_record
from athletes.models import ApiKey, Membership, Organization, User
from athletes.services import athlete_archive, athlete_create, team_create
from athletes.services_api_keys import KEY_PREFIX, api_key_hash
from athletes.services_invitations import invitation_create
from programs.models import Session
from programs.services import program_generate_for, program_set_locked
from programs.services.logs import prescription_log_set, session_log_finish
from seeding.demo_morning import morning_weekdays

DEMO_PASSWORD = "speedchain-demo"  # demo only; seed_demo refuses to run without DEBUG
DEMO_SLUG = "northside-track-club"
ALL_EQUIPMENT = ["band", "barbell", "dumbbells", "box", "cones", "ladder", "bench", "mat", "hill"]


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str
    note: str


@dataclass(frozen=True)
class DemoAthlete:
    first: str
    last: str
    sex: str
    focus: str
    level: str
    team: str
    mass: float
    weak: str | None  # weakest group, None: not tested yet
    weak_pct: tuple[float, ...]  # the weak group's score per assessment, oldest first
    asym: dict | None = None  # {"group": g, "pct": p}: the left side p % weaker
    days_ago: tuple[int, ...] = (100, 45, 1)  # assessment dates
    login: bool = False
    locked: bool = False
    adherence: float = 0.85  # share of past sessions logged
    archived: bool = False  # left the squad: on the Archived athletes list
    weak_latest: str | None = None  # the weakest group of the latest test, when it moved
    retest_only: tuple[str, ...] = ()  # groups the latest test retested (empty: all)
    lightened_today: bool = False  # the morning's lighter session (demo_morning)


ATHLETES = (
    DemoAthlete(
        "Maya",
        "Okafor",
        "F",
        "sprint",
        "advanced",
        "Sprint group",
        61.0,
        "hip_flexors",
        (58, 63, 68),
        {"group": "hip_flexors", "pct": 16},
        login=True,
        lightened_today=True,
    ),
    DemoAthlete(
        "Leo",
        "Brandt",
        "M",
        "sprint",
        "intermediate",
        "Sprint group",
        78.0,
        "hamstrings",
        (64, 70, 74),
        {"group": "hamstrings", "pct": 19},
    ),
    DemoAthlete(
        "Sara",
        "Lindqvist",
        "F",
        "distance",
        "advanced",
        "Endurance group",
        55.0,
        "calves",
        (66, 70, 73),
        adherence=0.95,
    ),
    DemoAthlete(
        "Tom",
        "Reyes",
        "M",
        "field",
        "intermediate",
        "Field sports",
        84.0,
        "glutes",
        (70, 72, 77),
        adherence=0.5,
    ),
    DemoAthlete(
        "Jonas",
        "Weber",
        "M",
        "sprint",
        "advanced",
        "Sprint group",
        80.0,
        "quadriceps",
        (68, 74, 80),
        locked=True,
        weak_latest="hip_flexors",  # the proposal moves the emphasis: a real diff to review
    ),
    DemoAthlete(
        "Aisha",
        "Khan",
        "F",
        "field",
        "novice",
        "Field sports",
        59.0,
        "core",
        (55, 61, 66),
        {"group": "core", "pct": 12},
    ),
    DemoAthlete(
        "Nina",
        "Park",
        "F",
        "sprint",
        "intermediate",
        "Sprint group",
        57.0,
        "hip_flexors",
        (74, 79),
        days_ago=(150, 90),
    ),  # stale: no test for 12 weeks
    DemoAthlete(
        "Priya",
        "Nair",
        "F",
        "sprint",
        "intermediate",
        "Sprint group",
        60.0,
        "hip_flexors",
        (61, 67),
        days_ago=(35, 6),
        retest_only=("hip_flexors",),
    ),  # partial retest: only hip flexion last week, the rest carried from 5 weeks ago
    DemoAthlete(
        "Mateo",
        "Silva",
        "M",
        "sprint",
        "intermediate",
        "Sprint group",
        74.0,
        "hamstrings",
        (62, 66),
        days_ago=(40, 4),
        retest_only=("glutes", "quadriceps"),
    ),  # partial retest without the weakest link: the roster marks it carried
    DemoAthlete(
        "Ben", "Carter", "M", "sprint", "novice", "Sprint group", 70.0, None, ()
    ),  # new: no assessment yet, invite pending
    DemoAthlete(
        "Omar",
        "Haddad",
        "M",
        "distance",
        "intermediate",
        "Endurance group",
        68.0,
        "calves",
        (64, 69),
        days_ago=(150, 95),
        archived=True,
    ),  # moved away: archived, history kept
)


def demo_results(spec_by_code, *, sex, mass, weak, weak_pct, other_pct, asym) -> list:
    """Raw results that score `weak` at weak_pct % and the rest near other_pct %."""
    results = []
    strength = [spec for spec in spec_by_code.values() if not spec.is_outcome]
    for index, spec in enumerate(strength):
        reference = spec.reference_male if sex == "M" else spec.reference_female
        scale = {"per_kg": mass, "x_bw": mass * balance.GRAVITY, "abs": 1.0}[spec.norm]
        # Spread the other groups a little so the chart is not a perfect circle.
        pct = weak_pct if spec.group == weak else other_pct + (index * 7) % 15
        right = reference * scale * pct / 100
        if not spec.sided:
            results.append((spec.code, "B", round(right, 1)))
            continue
        left = right
        if asym and asym["group"] == spec.group:
            left = right * (1 - asym["pct"] / 100)
        results += [(spec.code, "L", round(left, 1)), (spec.code, "R", round(right, 1))]
    return results


def _log_past_sessions(athlete, version, *, today: dt.date, adherence: float) -> None:
    sessions = (
        Session.objects.filter(version=version, date__lt=today)
        .exclude(kind="rest")
        .prefetch_related("prescriptions")
        .order_by("date")
    )
    for n, session in enumerate(sessions):
        # Deterministic pattern: skip sessions to reach roughly the wanted adherence.
        if (n % 10) / 10 >= adherence:
            continue
        for prescription in session.prescriptions.all():
            done = prescription.sets or 1
            if n % 4 == 3:
                done = max(done - 1, 0)  # a set short now and then
            prescription_log_set(
                athlete=athlete,
                prescription=prescription,
                sets_done=done,
                hold_seconds=prescription.seconds if prescription.muscle_length else None,
                today=session.date,
            )
        session_log_finish(
            athlete=athlete,
            session=session,
            rpe=6 + n % 3,
            notes=["Felt sharp.", "Legs heavy at the start.", "Left side still weaker."][n % 3],
            today=session.date,
        )


def _user(email: str, full_name: str, *, staff: bool = False) -> User:
    user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
    if staff:
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return user


# The demo's API key is as public as its passwords: the same every run, so it can be printed
# again (real keys are random and shown once).
DEMO_API_KEY = KEY_PREFIX + "northside-demo-key-not-secret"


def demo_seed(*, today: dt.date) -> list[DemoLogin]:
    """Create the demo organizations once; later calls only return the logins."""
    logins = [
        DemoLogin("coach", "coach@northside.demo", DEMO_PASSWORD, "Northside Track Club"),
        DemoLogin("athlete", "maya@northside.demo", DEMO_PASSWORD, "Maya Okafor, on her phone"),
        DemoLogin("coach", "coach@riverside.demo", DEMO_PASSWORD, "another organization"),
        DemoLogin("staff", "admin@speedchain.demo", DEMO_PASSWORD, "Django admin at /admin/"),
    ]
    if Organization.objects.filter(slug=DEMO_SLUG).exists():
        return logins

    _user("admin@speedchain.demo", "Sam Admin", staff=True)
    org = Organization.objects.create(name="Northside Track Club", slug=DEMO_SLUG)
    coach = _user("coach@northside.demo", "Coach Rivera")
    Membership.objects.create(user=coach, organization=org, role=Membership.Role.HEAD_COACH)
    teams = {
        name: team_create(organization=org, name=name)
        for name in ("Sprint group", "Endurance group", "Field sports")
    }
    ApiKey.objects.create(
        organization=org,
        name="Demo force frame",
        scope=ApiKey.Scope.WRITE,
        prefix=DEMO_API_KEY[:10],
        key_hash=api_key_hash(DEMO_API_KEY),
        created_by=coach,
    )
    specs = balance.standard_protocols()
    for person in ATHLETES:
        _seed_athlete(
            person, org=org, coach=coach, team=teams[person.team], specs=specs, today=today
        )
    from seeding.demo_blocks import demo_blocks_seed  # a block retested: the review (#18)

    demo_blocks_seed(
        organization=org, coach=coach, team=teams["Sprint group"], specs=specs, today=today
    )

    from seeding.demo_morning import demo_morning_seed  # the coach's Today (#20)

    demo_morning_seed(organization=org, today=today)

    other = Organization.objects.create(name="Riverside Academy", slug="riverside-academy")
    other_coach = _user("coach@riverside.demo", "Coach Lund")
    Membership.objects.create(user=other_coach, organization=other)
    squad = team_create(organization=other, name="Academy sprinters")
    for person in (
        DemoAthlete("Elif", "Demir", "F", "sprint", "intermediate", "", 58.0, "glutes", (66, 71)),
        DemoAthlete("Karl", "Svensson", "M", "field", "novice", "", 82.0, "calves", (62, 69)),
    ):
        _seed_athlete(person, org=other, coach=other_coach, team=squad, specs=specs, today=today)
    return logins


def _weekdays(person: DemoAthlete, today: dt.date) -> list[int]:
    if person.lightened_today:
        return morning_weekdays(today)
    return [0, 1, 2, 4, 5, 6] if person.level != "novice" else [0, 2, 4, 5]


def _seed_athlete(person: DemoAthlete, *, org, coach, team, specs, today) -> None:
    slug = person.first.lower()
    athlete = athlete_create(
        organization=org,
        first_name=person.first,
        last_name=person.last,
        sex=person.sex,
        email=f"{slug}@{org.slug.split('-')[0]}.demo",
        external_id=f"{org.slug[:3].upper()}-{slug}",
        birth_date=dt.date(2003 + len(person.last) % 5, 1 + len(slug) % 12, 10),
        level=person.level,
        event_focus=person.focus,
        available_weekdays=_weekdays(person, today),
        equipment=ALL_EQUIPMENT if person.focus != "field" else ALL_EQUIPMENT[:-1],
        teams=[team],
    )
    if person.login:
        athlete.user = _user(athlete.email, athlete.full_name)
        athlete.save(update_fields=["user"])
    if person.weak is None:
        invitation_create(athlete=athlete, created_by=coach)
        return

    def record(n: int):
        latest = n == len(person.weak_pct) - 1
        weak = person.weak_latest if latest and person.weak_latest else person.weak
        results = demo_results(
            specs,
            sex=person.sex,
            mass=person.mass + n * 0.4,
            weak=weak,
            weak_pct=person.weak_pct[n],
            other_pct=84 + 3 * n,
            asym=person.asym,
        )
        if latest and person.retest_only:
            results = [r for r in results if specs[r[0]].group in person.retest_only]
        return assessment_record(
            athlete=athlete,
            date=today - dt.timedelta(days=person.days_ago[n]),
            body_mass_kg=person.mass + n * 0.4,
            results=results,
            recorded_by=coach,
            notes="Demo test day." if n else "Baseline test.",
            today=today,
        )

    history = len(person.weak_pct) - 1 if person.days_ago[-1] <= 7 else len(person.weak_pct)
    # Everything up to the latest test commits together; the latest test then triggers the
    # regeneration job (in-process here), which keeps the logged past sessions.
    with transaction.atomic():
        assessments = [record(n) for n in range(history)]
        start = today - dt.timedelta(days=14)
        version = program_generate_for(
            athlete=athlete, today=start, trigger="assessment", assessment=assessments[-1]
        )
        _log_past_sessions(athlete, version, today=today, adherence=person.adherence)
    if person.locked:
        program_set_locked(program=athlete.program, locked=True)
    if history < len(person.weak_pct):
        record(history)  # commits, then the job regenerates (or proposes, when locked)
    if person.archived:
        athlete_archive(athlete=athlete)
