"""Organization scoping: the one place access rules live, tested with two organizations."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from athletes import selectors
from tests.factories import AthleteFactory, CoachFactory, TeamFactory, UserFactory, make_personas

pytestmark = pytest.mark.django_db


def test_coach_lists_only_their_organizations_athletes():
    p = make_personas()
    archived = AthleteFactory(organization=p.organization, archived_at=timezone.now())
    listed = set(selectors.athlete_list_for_coach(p.coach))
    assert listed == {p.athlete, p.other_athlete}
    assert set(selectors.athlete_list_for_coach(p.other_coach)) == {p.outside_athlete}
    assert archived in selectors.athlete_list_for_coach(p.coach, include_archived=True)


def test_athlete_lookup_outside_the_organization_is_a_404():
    p = make_personas()
    assert selectors.athlete_get_for_coach(p.coach, p.athlete.pk) == p.athlete
    with pytest.raises(Http404):
        selectors.athlete_get_for_coach(p.coach, p.outside_athlete.pk)
    with pytest.raises(Http404):
        selectors.athlete_get_for_coach(p.other_coach, p.athlete.pk)


def test_athletes_and_strangers_see_no_roster():
    p = make_personas()
    assert not selectors.athlete_list_for_coach(p.athlete.user).exists()
    assert not selectors.athlete_list_for_coach(AnonymousUser()).exists()
    with pytest.raises(Http404):
        selectors.athlete_get_for_coach(p.athlete.user, p.other_athlete.pk)
    with pytest.raises(Http404):
        selectors.organization_for_coach(p.athlete.user)


def test_coach_of_two_organizations_sees_both():
    p = make_personas()
    both = CoachFactory(organization=p.organization)
    both.memberships.create(organization=p.other_organization)
    assert set(selectors.athlete_list_for_coach(both)) == {
        p.athlete,
        p.other_athlete,
        p.outside_athlete,
    }
    assert set(selectors.organization_list_for_coach(both)) == {
        p.organization,
        p.other_organization,
    }


def test_teams_are_scoped_too():
    p = make_personas()
    mine = TeamFactory(organization=p.organization)
    theirs = TeamFactory(organization=p.other_organization)
    assert list(selectors.team_list_for_coach(p.coach)) == [mine]
    assert selectors.team_get_for_coach(p.coach, mine.pk) == mine
    with pytest.raises(Http404):
        selectors.team_get_for_coach(p.coach, theirs.pk)


def test_athlete_for_user_returns_only_their_own_profile():
    p = make_personas()
    assert selectors.athlete_for_user(p.athlete.user) == p.athlete
    with pytest.raises(Http404):
        selectors.athlete_for_user(p.coach)
    with pytest.raises(Http404):
        selectors.athlete_for_user(UserFactory())
    with pytest.raises(Http404):
        selectors.athlete_for_user(AnonymousUser())


def test_is_coach():
    p = make_personas()
    assert selectors.is_coach(p.coach)
    assert not selectors.is_coach(p.athlete.user)
    assert not selectors.is_coach(AnonymousUser())
