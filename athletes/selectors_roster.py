"""The roster query: one page of athletes with their latest assessment and program state.

The latest assessment's fields come in as Subquery annotations and compliance from
programs.selectors.adherence_for_athletes, so a page costs the same handful of queries
whether the organization has 10 athletes or 2,000.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery

from assessments.balance import GROUP_NAMES
from assessments.models import Assessment
from athletes.models import Athlete, User
from athletes.selectors import athlete_list_for_coach
from programs.models import ProgramVersion
from programs.selectors import adherence_for_athletes

PAGE_SIZE = 50
STALE_AFTER = dt.timedelta(weeks=6)

# sort key -> (label, ORM ordering); a leading "-" on the key reverses it.
SORTS: dict[str, tuple[str, tuple]] = {
    "name": ("Name", ("last_name", "first_name", "id")),
    "balance": ("Balance level", ("latest_balance", "last_name", "id")),
    "weakest": ("Weakest link", ("latest_weakest", "last_name", "id")),
    "asymmetry": ("Largest asymmetry", ("latest_asymmetry", "last_name", "id")),
    "last_test": ("Last test", ("latest_date", "last_name", "id")),
    "compliance_7": ("Compliance 7 days", ()),  # sorted in Python from adherence
    "compliance_28": ("Compliance 28 days", ()),
}


@dataclass(frozen=True)
class RosterParams:
    team_id: int | None = None
    q: str = ""
    sort: str = "name"
    page: int | str = 1

    @classmethod
    def from_query(cls, query) -> RosterParams:
        team = query.get("team", "")
        sort = query.get("sort", "name")
        if sort.lstrip("-") not in SORTS:
            sort = "name"
        return cls(
            team_id=int(team) if team.isdigit() else None,
            q=query.get("q", "").strip()[:100],
            sort=sort,
            page=query.get("page", 1),
        )


@dataclass
class RosterRow:
    athlete: Athlete
    adherence: dict = field(default_factory=dict)
    stale: bool = False
    asymmetries: list[dict] = field(default_factory=list)
    program_status: str = "none"  # active / proposed / pending / running / failed / none

    @property
    def weakest_name(self) -> str:
        return GROUP_NAMES.get(self.athlete.latest_weakest or "", "")

    @property
    def balance_width(self) -> float:
        level = self.athlete.latest_balance
        return 0.0 if level is None else round(min(max(level, 0.0), 100.0), 1)


def _nulls_last(ordering: tuple, descending: bool):
    out = []
    for name in ordering:
        expr = F(name)
        out.append(expr.desc(nulls_last=True) if descending else expr.asc(nulls_last=True))
    return out


def roster_queryset(user: User, params: RosterParams) -> QuerySet[Athlete]:
    latest = Assessment.objects.filter(athlete=OuterRef("pk")).order_by("-date", "-id")
    proposals = ProgramVersion.objects.filter(
        program__athlete=OuterRef("pk"), status=ProgramVersion.Status.PROPOSED
    )
    active = ProgramVersion.objects.filter(
        program__athlete=OuterRef("pk"), status=ProgramVersion.Status.ACTIVE
    )
    athletes = athlete_list_for_coach(user).annotate(
        latest_date=Subquery(latest.values("date")[:1]),
        latest_balance=Subquery(latest.values("balance_level")[:1]),
        latest_weakest=Subquery(latest.values("weakest_link")[:1]),
        latest_asymmetry=Subquery(latest.values("max_asymmetry_pct")[:1]),
        latest_groups=Subquery(latest.values("profile__groups")[:1]),
        regen_status=F("program__regen_status"),
        has_proposal=Exists(proposals),
        has_active=Exists(active),
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
    key = params.sort.lstrip("-")
    ordering = SORTS[key][1] or SORTS["name"][1]
    return athletes.order_by(*_nulls_last(ordering, params.sort.startswith("-")))


def _program_status(athlete: Athlete) -> str:
    status = athlete.regen_status
    if status in ("pending", "running", "failed"):
        return status
    if athlete.has_proposal:
        return "proposed"
    return "active" if athlete.has_active else "none"


def _asymmetries(groups: dict | None) -> list[dict]:
    out = []
    for code, group in (groups or {}).items():
        if isinstance(group, dict) and group.get("asymmetry_flag") in ("watch", "act"):
            out.append(
                {
                    "group": code,
                    "name": GROUP_NAMES.get(code, code),
                    "flag": group["asymmetry_flag"],
                    "pct": group.get("asymmetry_pct"),
                    "weaker_side": group.get("weaker_side"),
                }
            )
    return sorted(out, key=lambda a: -(a["pct"] or 0))


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
        ordered = sorted(ids, key=lambda i: _compliance_sort_key(adherence[i], key))
        if params.sort.startswith("-"):
            # Best first, athletes without planned sessions still last.
            ordered = sorted(
                ids,
                key=lambda i: (
                    _compliance_sort_key(adherence[i], key)[0],
                    -_compliance_sort_key(adherence[i], key)[1],
                ),
            )
        page = Paginator(ordered, PAGE_SIZE).get_page(params.page)
        by_id = {a.id: a for a in athletes.filter(id__in=list(page.object_list))}
        page_athletes = [by_id[i] for i in page.object_list if i in by_id]
    else:
        page = Paginator(athletes, PAGE_SIZE).get_page(params.page)
        page_athletes = list(page.object_list)
        adherence = adherence_for_athletes([a.id for a in page_athletes], today)
    rows = [
        RosterRow(
            athlete=a,
            adherence=adherence.get(a.id, {}),
            stale=a.latest_date is not None and today - a.latest_date > STALE_AFTER,
            asymmetries=_asymmetries(a.latest_groups),
            program_status=_program_status(a),
        )
        for a in page_athletes
    ]
    return page, rows
