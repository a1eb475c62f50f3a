"""The roster query: one page of athletes with their latest assessment and program state.

It reads all three apps, so it lives in the top one (programs), called by the roster view.

The page's athletes come with the id of their latest assessment (and the column the page
is sorted by) as Subquery annotations; those assessments' few denormalized columns come in
one more query, and compliance from programs.selectors.program.adherence_for_athletes. A page
costs the same handful of queries whether the organization has 10 athletes or 2,000.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.urls import reverse
from django.utils.dateformat import format as date_format

from assessments.balance import GROUP_NAMES
from assessments.models import Assessment
from athletes.display import fixed
from athletes.models import Athlete, User, assessment_is_stale
from athletes.profile_marks import stale_text, stored_carried_text
from athletes.selectors import athlete_list_for_coach
from config.params import int_param, search_text
from programs.models import ProgramVersion
from programs.selectors.program import adherence_for_athletes

PAGE_SIZE = 50

# sort key -> the latest assessment's column it orders by (then by name); "name" orders by
# name and the compliance keys are sorted in Python from adherence. A leading "-" reverses.
SORTS: dict[str, str | None] = {
    "name": None,
    "balance": "balance_level",
    "weakest": "weakest_link",
    "asymmetry": "max_asymmetry_pct",
    "last_test": "date",
    "compliance_7": None,
    "compliance_28": None,
}
# What a row shows of the latest assessment.
LATEST_FIELDS = (
    "id",
    "date",
    "balance_level",
    "weakest_link",
    "asymmetries",
    "weakest_carried",
    "stale_group_count",
)


@dataclass(frozen=True)
class RosterParams:
    team_id: int | None = None
    q: str = ""
    sort: str = "name"
    page: int = 1
    archived: bool = False  # the archived athletes instead of the active ones

    @classmethod
    def from_query(cls, query) -> RosterParams:
        sort = query.get("sort", "name")
        if sort.lstrip("-") not in SORTS:
            sort = "name"
        return cls(
            team_id=int_param(query, "team"),
            q=search_text(query.get("q", ""))[:100],
            sort=sort,
            page=int_param(query, "page", default=1),
            archived=query.get("archived", "") == "1",
        )


def _percent(share: float | None) -> str | None:
    """A share as a whole percent ("85"); None when nothing was planned."""
    return None if share is None else str(round(share * 100))


# program_status -> (badge class, label); "none" has no badge.
PROGRAM_BADGES = {
    "proposed": ("proposed", "proposal waiting"),
    "pending": ("pending", "regenerating"),
    "running": ("running", "regenerating"),
    "failed": ("failed", "failed"),
    "active": ("active", "active"),
}


@dataclass
class RosterRow:
    """One athlete's row with its display values worked out once (see _row), so the
    template only prints them: filters and {% with %} blocks over 50 rows were most of
    the render time.

    The repr holds every value the template prints and nothing else (the athlete and the
    raw adherence are left out of it), so a hash of the rows' reprs can key the rendered
    rows in the cache (views_coach.roster)."""

    athlete: Athlete = field(repr=False)
    adherence: dict = field(default_factory=dict, repr=False)
    athlete_id: int = 0
    stale: bool = False
    asymmetries: list[dict] = field(default_factory=list)
    program_status: str = "none"  # active / proposed / pending / running / failed / none
    url: str = ""
    name: str = ""
    balance: str = ""  # "62" (% of reference); "" when never tested
    balance_width: str = ""  # the bar's CSS width in %, clamped to 0-100
    weakest_name: str = ""
    # Partial retests, by the athlete page's rule (athletes.profile_marks), as stored with
    # the assessment: "carried from 3 Nov 2026" and "2 groups stale"; "" when neither.
    weakest_carried: str = ""
    stale_groups: str = ""
    last_test: str = ""  # "3 Nov 2026"; "" when never tested
    program_badge: tuple[str, str] | None = None  # (class, label); None: no program
    share_7: str | None = None  # "85" (%); None when nothing was planned
    share_28: str | None = None
    last_logged: str = ""  # "3 Nov"; "" when never


def _nulls_last(ordering: tuple, descending: bool):
    out = []
    for name in ordering:
        expr = F(name)
        out.append(expr.desc(nulls_last=True) if descending else expr.asc(nulls_last=True))
    return out


def roster_queryset(user: User, params: RosterParams) -> QuerySet[Athlete]:
    latest = Assessment.objects.filter(athlete=OuterRef("pk")).order_by("-date", "-id")
    # One subquery for the program badge, by the program already joined for regen_status:
    # a waiting proposal wins over the active version.
    versions = (
        ProgramVersion.objects.filter(
            program=OuterRef("program"),
            status__in=(ProgramVersion.Status.PROPOSED, ProgramVersion.Status.ACTIVE),
        )
        .order_by(Case(When(status=ProgramVersion.Status.PROPOSED, then=Value(0)), default=1))
        .values("status")[:1]
    )
    athletes = athlete_list_for_coach(user, include_archived=params.archived)
    if params.archived:
        athletes = athletes.filter(archived_at__isnull=False)
    athletes = (
        athletes
        # A row shows the name only: no organization, user or JSON preferences to decode.
        .select_related(None)
        .only("id", "first_name", "last_name")
        .annotate(
            latest_id=Subquery(latest.values("id")[:1]),
            regen_status=F("program__regen_status"),
            version_status=Subquery(versions),
            window_weeks=F("organization__profile_window_weeks"),
        )
    )
    if params.team_id:
        athletes = athletes.filter(teams__id=params.team_id, teams__archived_at__isnull=True)
    if params.q:
        for word in params.q.split():
            athletes = athletes.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(external_id__iexact=word)
            )
    ordering: tuple = ("last_name", "first_name", "id")
    if column := SORTS[params.sort.lstrip("-")]:
        athletes = athletes.annotate(latest_sort=Subquery(latest.values(column)[:1]))
        ordering = ("latest_sort", "last_name", "id")
    return athletes.order_by(*_nulls_last(ordering, params.sort.startswith("-")))


def _program_status(athlete: Athlete) -> str:
    status = athlete.regen_status
    if status in ("pending", "running", "failed"):
        return status
    return athlete.version_status or "none"  # "proposed" or "active"


def _with_latest(athletes: list[Athlete]) -> None:
    """Set latest_date, latest_balance, latest_weakest, latest_asymmetries,
    latest_carried and latest_stale_groups on each athlete (None when never tested) from
    their latest assessments, in one query."""
    latest = {
        row["id"]: row
        for row in Assessment.objects.filter(
            id__in=[a.latest_id for a in athletes if a.latest_id]
        ).values(*LATEST_FIELDS)
    }
    for a in athletes:
        row = latest.get(a.latest_id, {})
        a.latest_date = row.get("date")
        a.latest_balance = row.get("balance_level")
        a.latest_weakest = row.get("weakest_link")
        a.latest_asymmetries = row.get("asymmetries")
        a.latest_carried = row.get("weakest_carried")
        a.latest_stale_groups = row.get("stale_group_count") or 0


def _asymmetries(stored: list[dict] | None) -> list[dict]:
    """Assessment.asymmetries (largest first) with the group's name and display values."""
    return [
        {
            **item,
            "name": GROUP_NAMES.get(item["group"], item["group"]),
            "pct_text": fixed(item.get("pct")),
            "weaker": item.get("weaker_side") or "",
        }
        for item in stored or ()
    ]


class _CountedPaginator(Paginator):
    """A Paginator given its count instead of running a COUNT query for it."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.count = count  # sets the cached_property


def _page(athletes: QuerySet[Athlete], requested) -> Page:
    """The requested page, its total counted by the page query itself (COUNT(*) OVER ():
    PostgreSQL still runs the row subqueries for the page's rows only). A page number out
    of range, or an empty roster, falls back to Paginator.get_page and its COUNT query."""
    try:
        number = int(requested)
    except (TypeError, ValueError):
        number = 1
    if number >= 1:
        start = (number - 1) * PAGE_SIZE
        rows = list(athletes.annotate(total=Window(Count("id")))[start : start + PAGE_SIZE])
        if rows:
            paginator = _CountedPaginator(athletes, PAGE_SIZE, count=rows[0].total)
            return Page(rows, number, paginator)
    return Paginator(athletes, PAGE_SIZE).get_page(requested)


def _compliance_sort_key(adherence: dict, key: str):
    share = adherence.get("share_7" if key == "compliance_7" else "share_28")
    return (share is None, share or 0.0)


def roster_page(
    user: User, params: RosterParams, *, today: dt.date
) -> tuple[Page, list[RosterRow]]:
    """The requested page and its rows; a constant number of queries for any roster size."""
    athletes = roster_queryset(user, params)
    key = params.sort.lstrip("-")
    adherence: dict[int, dict]
    if key.startswith("compliance"):
        # Compliance is computed in Python, so order every id, then fetch only the page.
        ids = list(athletes.values_list("id", flat=True))
        adherence = adherence_for_athletes(ids, today)
        descending = params.sort.startswith("-")

        def order(athlete_id: int) -> tuple:
            # Athletes without planned sessions last in both directions.
            missing, share = _compliance_sort_key(adherence[athlete_id], key)
            return (missing, -share if descending else share)

        ordered = sorted(ids, key=order)
        page = Paginator(ordered, PAGE_SIZE).get_page(params.page)
        by_id = {a.id: a for a in athletes.filter(id__in=list(page.object_list))}
        page_athletes = [by_id[i] for i in page.object_list if i in by_id]
    else:
        page = _page(athletes, params.page)
        page_athletes = list(page.object_list)
        adherence = adherence_for_athletes([a.id for a in page_athletes], today)
    _with_latest(page_athletes)
    day = functools.cache(date_format)  # a page shows few distinct dates
    rows = [_row(a, adherence.get(a.id, {}), today=today, day=day) for a in page_athletes]
    return page, rows


def _row(a: Athlete, adherence: dict, *, today: dt.date, day) -> RosterRow:
    level = a.latest_balance
    status = _program_status(a)
    last_logged = adherence.get("last_logged")
    return RosterRow(
        athlete=a,
        adherence=adherence,
        athlete_id=a.id,
        stale=a.latest_date is not None
        and assessment_is_stale(a.latest_date, today=today, window_weeks=a.window_weeks),
        asymmetries=_asymmetries(a.latest_asymmetries),
        program_status=status,
        url=reverse("athletes:detail", args=[a.id]),
        name=f"{a.last_name}, {a.first_name}",
        balance=fixed(level),
        balance_width=f"{0.0 if level is None else min(max(level, 0.0), 100.0):.1f}",
        weakest_name=GROUP_NAMES.get(a.latest_weakest or "", ""),
        weakest_carried=stored_carried_text(a.latest_carried),
        stale_groups=stale_text(a.latest_stale_groups),
        last_test=day(a.latest_date, "j M Y") if a.latest_date else "",
        program_badge=PROGRAM_BADGES.get(status),
        share_7=_percent(adherence.get("share_7")),
        share_28=_percent(adherence.get("share_28")),
        last_logged=day(last_logged, "j M") if last_logged else "",
    )
