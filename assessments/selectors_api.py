"""Assessment reads for the token API: only the key's organization's (else 404)."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from assessments.models import Assessment, TestResult
from athletes.models import Athlete, Organization


def _with_results(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    results = TestResult.objects.select_related("protocol").order_by(
        "protocol__sort_order", "side"
    )
    return assessments.prefetch_related(Prefetch("results", queryset=results))


def assessment_list_for_athlete(athlete: Athlete) -> QuerySet[Assessment]:
    """Newest first; the caller scoped the athlete."""
    return _with_results(Assessment.objects.filter(athlete=athlete).order_by("-date", "-id"))


def assessment_get_for_organization(organization: Organization, assessment_id: int) -> Assessment:
    return get_object_or_404(
        _with_results(Assessment.objects.filter(athlete__organization=organization)),
        pk=assessment_id,
    )


def assessments_by_ids(ids: list[int]) -> list[Assessment]:
    by_id = {a.id: a for a in _with_results(Assessment.objects.filter(id__in=ids))}
    return [by_id[i] for i in ids if i in by_id]
