"""Reads for the token API and the API-keys page, scoped like athletes/selectors.py:
a key sees its organization's athletes, a coach their organizations' keys; else 404."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from athletes.models import ApiKey, Athlete, Organization, Team, User


def api_key_list_for_coach(user: User) -> QuerySet[ApiKey]:
    if not user.is_authenticated:
        return ApiKey.objects.none()
    return ApiKey.objects.filter(organization__memberships__user=user).select_related(
        "organization", "created_by"
    )


def api_key_get_for_coach(user: User, api_key_id: int) -> ApiKey:
    return get_object_or_404(api_key_list_for_coach(user), pk=api_key_id)


def athlete_list_for_organization(
    organization: Organization, *, team_id: int | None = None, external_id: str | None = None
) -> QuerySet[Athlete]:
    """Archived athletes included (a device may still hold their ids), teams prefetched."""
    athletes = Athlete.objects.filter(organization=organization).order_by("id")
    if team_id is not None:
        athletes = athletes.filter(teams__id=team_id)
    if external_id is not None:
        athletes = athletes.filter(external_id=external_id)
    return athletes.prefetch_related(Prefetch("teams", queryset=Team.objects.order_by("name")))


def athlete_get_for_organization(
    organization: Organization, *, athlete_id: int | None = None, external_id: str | None = None
) -> Athlete:
    """By id or by external id; 404 when it is not this organization's."""
    athletes = Athlete.objects.filter(organization=organization).select_related("organization")
    if athlete_id is not None:
        return get_object_or_404(athletes, pk=athlete_id)
    return get_object_or_404(athletes.exclude(external_id=""), external_id=external_id or "")
