"""Scoped reads for assessments. Athlete scoping itself lives in athletes.selectors."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from assessments import balance
from assessments.models import Assessment, TestProtocol, TestResult
from athletes.models import Athlete, User
from athletes.selectors import athlete_get_for_coach


def _results_prefetch() -> Prefetch:
    return Prefetch("results", queryset=TestResult.objects.select_related("protocol"))


def assessment_list_for_athlete(athlete: Athlete) -> QuerySet[Assessment]:
    """The athlete's assessments, newest first, with results and their protocols."""
    return (
        Assessment.objects.filter(athlete=athlete)
        .select_related("recorded_by")
        .prefetch_related(_results_prefetch())
        .order_by("-date", "-id")
    )


def latest_assessment(athlete: Athlete) -> Assessment | None:
    return assessment_list_for_athlete(athlete).first()


def previous_assessment(athlete: Athlete, date) -> Assessment | None:
    """The latest assessment dated strictly before `date`: what a new one is compared to."""
    return (
        Assessment.objects.filter(athlete=athlete, date__lt=date).order_by("-date", "-id").first()
    )


def assessments_on_date(athlete: Athlete, date) -> list[Assessment]:
    """The athlete's assessments already dated `date`, oldest first."""
    return list(Assessment.objects.filter(athlete=athlete, date=date).order_by("id"))


def assessment_get_for_coach(user: User, athlete_id: int, assessment_id: int) -> Assessment:
    """One assessment of an athlete in the coach's organization; 404 otherwise."""
    athlete = athlete_get_for_coach(user, athlete_id)
    return get_object_or_404(assessment_list_for_athlete(athlete), pk=assessment_id)


def active_protocols() -> QuerySet[TestProtocol]:
    return TestProtocol.objects.filter(active=True).order_by("sort_order", "code")


def protocol_specs() -> dict[str, balance.ProtocolSpec]:
    """Every protocol (active or not: old results may use a retired one) for the engine,
    in library order, which is the order the engine reports results in."""
    return {p.code: p.to_spec() for p in TestProtocol.objects.order_by("sort_order", "code")}


def protocol_names(codes) -> dict[str, str]:
    """Protocol code -> the name people read, for codes stored in profiles."""
    return dict(TestProtocol.objects.filter(code__in=codes).values_list("code", "name"))
