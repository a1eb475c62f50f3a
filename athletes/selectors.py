"""Organization scoping: every view that reads athletes goes through these helpers.

A coach sees every athlete of the organizations they belong to and nothing else; an athlete
sees only their own profile. Lookups outside that scope raise Http404, never 403, so ids of
other organizations are not even confirmed to exist.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from athletes.models import Athlete, Organization, Team, User


def is_coach(user: User) -> bool:
    return user.is_authenticated and user.memberships.exists()


def organization_list_for_coach(user: User) -> QuerySet[Organization]:
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user).order_by("name")


def organization_for_coach(user: User) -> Organization:
    """The coach's (first) organization; 404 for anyone who coaches nowhere."""
    organization = organization_list_for_coach(user).first()
    if organization is None:
        raise Http404("Not a coach of any organization.")
    return organization


def athlete_list_for_coach(user: User, *, include_archived: bool = False) -> QuerySet[Athlete]:
    if not user.is_authenticated:
        return Athlete.objects.none()
    athletes = Athlete.objects.filter(organization__memberships__user=user)
    if not include_archived:
        athletes = athletes.filter(archived_at__isnull=True)
    return athletes.select_related("organization", "user")


def athlete_get_for_coach(user: User, athlete_id: int) -> Athlete:
    return get_object_or_404(athlete_list_for_coach(user, include_archived=True), pk=athlete_id)


def team_list_for_coach(user: User) -> QuerySet[Team]:
    if not user.is_authenticated:
        return Team.objects.none()
    return Team.objects.filter(organization__memberships__user=user, archived_at__isnull=True)


def team_get_for_coach(user: User, team_id: int) -> Team:
    return get_object_or_404(Team.objects.filter(organization__memberships__user=user), pk=team_id)


def athlete_for_user(user: User) -> Athlete:
    """The athlete profile of the logged-in athlete; 404 for coaches and strangers."""
    if not user.is_authenticated:
        raise Http404
    try:
        athlete = Athlete.objects.select_related("organization").get(
            user=user, archived_at__isnull=True
        )
    except Athlete.DoesNotExist:
        raise Http404("No athlete profile.") from None
    return athlete


def athlete_linked_to(user: User) -> Athlete | None:
    """The athlete profile (any organization, archived too) this account logs in to."""
    return Athlete.objects.select_related("organization").filter(user=user).first()
