"""The coach's home page "Today": who needs the coach this morning, and why (issue #20).

Every section is worked out from a fixed set of queries over the coach's athletes (one
for the athletes with their program state, then one or two per kind of fact, each for all
ids at once), so the page costs the same whether the squad has 10 athletes or 200.

Thresholds are conventions, not evidence, and are named here: compliance below 70 % (with
coach support squads log 84 ± 21 %, Saw 2015, JSSM 14:732), a rise of 1 point of mean
session RPE (CR-10) against the three weeks before. A test is out of date past the
organization's profile window (athletes.models.assessment_is_stale, as on the roster).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import fmean

from django.db.models import Exists, F, OuterRef, Subquery
from django.urls import reverse

from assessments.balance import GROUP_NAMES, GROUPS
from assessments.models import Assessment
from athletes.models import assessment_is_stale
from athletes.selectors import athlete_list_for_coach, team_list_for_coach
from programs.models import ProgramVersion, SessionLog
from programs.selectors.program import adherence_for_athletes
from programs.selectors.readiness import adjustments_on, readiness_on

COMPLIANCE_BELOW = 0.70
RPE_RISE = 1.0  # CR-10 points, last 7 days against the 21 days before
RPE_MIN_LOGS = 2  # in each window
BALANCE_MONTHS = 12


@dataclass(frozen=True)
class HomeLine:
    athlete_id: int
    name: str
    why: str  # with its number
    url: str  # where the coach acts
    action: str  # the link's text
    undo_url: str = ""  # a readiness adjustment the coach can undo


@dataclass
class Home:
    needs_action: dict[str, list[HomeLine]] = field(default_factory=dict)
    watch: dict[str, list[HomeLine]] = field(default_factory=dict)
    weakest_counts: list[tuple[str, str, int]] = field(default_factory=list)  # code, name, n
    balance_months: list[tuple[dt.date, float, int]] = field(default_factory=list)
    athlete_count: int = 0

    @property
    def action_count(self) -> int:
        return sum(len(lines) for lines in self.needs_action.values())

    @property
    def watch_count(self) -> int:
        return sum(len(lines) for lines in self.watch.values())


def _athletes(user, team_id: int | None) -> list:
    proposed = ProgramVersion.objects.filter(
        program=OuterRef("program"), status=ProgramVersion.Status.PROPOSED
    )
    active = ProgramVersion.objects.filter(
        program=OuterRef("program"), status=ProgramVersion.Status.ACTIVE
    )
    latest = Assessment.objects.filter(athlete=OuterRef("pk")).order_by("-date", "-id")
    athletes = (
        athlete_list_for_coach(user)
        .select_related(None)
        .only("id", "first_name", "last_name")
        .annotate(
            program_pk=F("program__id"),
            regen_status=F("program__regen_status"),
            window_weeks=F("organization__profile_window_weeks"),
            regen_error=F("program__regen_error"),
            proposed_id=Subquery(proposed.values("id")[:1]),
            proposed_number=Subquery(proposed.values("number")[:1]),
            has_active=Exists(active),
            latest_id=Subquery(latest.values("id")[:1]),
        )
        .order_by("last_name", "first_name", "id")
    )
    if team_id:
        athletes = athletes.filter(teams__id=team_id, teams__archived_at__isnull=True)
    return list(athletes)


def _rpe_by_window(ids, today: dt.date) -> dict[int, tuple[list[int], list[int]]]:
    """{athlete id: (RPEs of the last 7 days, RPEs of the 21 days before)}."""
    start_7, start_28 = today - dt.timedelta(days=7), today - dt.timedelta(days=28)
    out: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for athlete_id, day, rpe in SessionLog.objects.filter(
        athlete_id__in=ids,
        completed_at__isnull=False,
        rpe__isnull=False,
        session__date__gte=start_28,
        session__date__lte=today,
    ).values_list("athlete_id", "session__date", "rpe"):
        out[athlete_id][0 if day >= start_7 else 1].append(rpe)
    return out


def _pct(share: float) -> str:
    return f"{round(share * 100)} %"


def home_for_coach(user, *, today: dt.date, team_id: int | None = None) -> Home:
    athletes = _athletes(user, team_id)
    ids = [a.id for a in athletes]
    latest = {
        row["id"]: row
        for row in Assessment.objects.filter(
            id__in=[a.latest_id for a in athletes if a.latest_id]
        ).values("id", "date", "balance_level", "weakest_link", "asymmetries")
    }
    adherence = adherence_for_athletes(ids, today)
    rpes = _rpe_by_window(ids, today)
    readiness = readiness_on(ids, today)
    adjustments = adjustments_on(ids, today)

    needs = {k: [] for k in ("Proposals waiting", "Failed regenerations", "No program")}
    needs["Never tested"] = []
    watch = {k: [] for k in ("Low readiness today", "Asymmetries to act on")}
    watch |= {k: [] for k in ("Low compliance", "Rising session RPE", "Tests out of date")}
    weakest: Counter[str] = Counter()
    for a in athletes:
        name = f"{a.first_name} {a.last_name}"
        detail = reverse("athletes:detail", args=[a.id])
        program = reverse("programs:coach_program", args=[a.id])
        record = reverse("assessments:record", args=[a.id])

        def line(why, url, action, undo_url="", *, name=name, a=a):
            return HomeLine(a.id, name, why, url, action, undo_url)

        if a.proposed_id:
            url = reverse("programs:coach_version", args=[a.id, a.proposed_id])
            why = f"Program version {a.proposed_number} is proposed and waits for approval."
            needs["Proposals waiting"].append(line(why, url, "Review the proposal"))
        if a.regen_status == "failed":
            error = (a.regen_error or "no error recorded").splitlines()[0][:120]
            needs["Failed regenerations"].append(
                line(f"Regeneration failed: {error}", program, "Open the program")
            )
        row = latest.get(a.latest_id)
        if row is None:
            needs["Never tested"].append(
                line("No strength test yet: no weakest link to train.", record, "Record a test")
            )
        elif not a.has_active and not a.proposed_id and a.regen_status != "failed":
            needs["No program"].append(
                line("Tested, but no active program.", program, "Open the program")
            )
        if row is not None:
            weakest[row["weakest_link"]] += 1
            weeks = (today - row["date"]).days // 7
            if assessment_is_stale(row["date"], today=today, window_weeks=a.window_weeks):
                why = f"Last test {weeks} weeks ago ({row['date']:%-d %b %Y})."
                watch["Tests out of date"].append(line(why, record, "Record a test"))
            for item in row["asymmetries"] or ():
                if item.get("flag") == "act":
                    group = GROUP_NAMES.get(item["group"], item["group"])
                    side = {"L": "left", "R": "right"}.get(item.get("weaker_side") or "", "one")
                    why = f"{group.capitalize()}: {side} side {item['pct']:.0f} % weaker."
                    watch["Asymmetries to act on"].append(line(why, detail, "See the analysis"))
        share_7 = adherence.get(a.id, {}).get("share_7")
        share_28 = adherence.get(a.id, {}).get("share_28")
        low = [
            f"{_pct(s)} over {days} days"
            for s, days in ((share_7, 7), (share_28, 28))
            if s is not None and s < COMPLIANCE_BELOW
        ]
        if low:
            why = f"Logged {' and '.join(low)} (below {_pct(COMPLIANCE_BELOW)})."
            watch["Low compliance"].append(line(why, program, "See the sessions"))
        recent, before = rpes.get(a.id, ([], []))
        if len(recent) >= RPE_MIN_LOGS and len(before) >= RPE_MIN_LOGS:
            now, then = fmean(recent), fmean(before)
            if now - then >= RPE_RISE:
                why = f"Session RPE {now:.1f} this week, {then:.1f} in the 3 weeks before."
                watch["Rising session RPE"].append(line(why, detail, "See session load"))
        verdict = readiness.get(a.id)
        adjustment = adjustments.get(a.id)
        if adjustment:
            # The stored summary speaks to the athlete; the coach reads about them.
            stored = (adjustment["summary"] or [f"Readiness z {adjustment['z']:+.1f}."])[0]
            reason = verdict.coach_reason if verdict is not None else stored
            why = f"{reason} Today's session was made lighter."
            undo = reverse("programs:adjustment_undo", args=[a.id, adjustment["id"]])
            watch["Low readiness today"].append(line(why, detail, "Open the athlete", undo))
        elif verdict is not None and verdict.is_low:
            # Low, but no session to lighten (rest day, or already being logged).
            why = f"{verdict.coach_reason} No session was changed."
            watch["Low readiness today"].append(line(why, detail, "Open the athlete"))
    return Home(
        needs_action=needs,
        watch=watch,
        weakest_counts=[(g, GROUP_NAMES[g], weakest[g]) for g in GROUPS],
        balance_months=_balance_months(ids, today),
        athlete_count=len(athletes),
    )


def _balance_months(ids, today: dt.date) -> list[tuple[dt.date, float, int]]:
    """(first of month, mean balance level of that month's tests, tests) for the months
    with tests in the last BALANCE_MONTHS months."""
    start = (today.replace(day=1) - dt.timedelta(days=31 * (BALANCE_MONTHS - 1))).replace(day=1)
    levels: dict[dt.date, list[float]] = defaultdict(list)
    for day, level in Assessment.objects.filter(
        athlete_id__in=ids, date__gte=start, balance_level__isnull=False
    ).values_list("date", "balance_level"):
        levels[day.replace(day=1)].append(level)
    return [(month, round(fmean(v), 1), len(v)) for month, v in sorted(levels.items())]


def home_teams(user):
    return list(team_list_for_coach(user).order_by("name").only("id", "name"))
