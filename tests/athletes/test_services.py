"""Athlete and team services: validated, scoped to the organization, nothing half-saved."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from athletes import services
from athletes.models import Athlete, Team
from programs.models import Program
from tests.factories import AthleteFactory, OrganizationFactory, TeamFactory, days_ago

pytestmark = pytest.mark.django_db


def _create(organization, **overrides):
    values = {
        "organization": organization,
        "first_name": " Ada ",
        "last_name": "Lovelace",
        "sex": "F",
        "email": "Ada@Example.com",
        "available_weekdays": [4, 0, 2],
        "equipment": ["band", "mat"],
    }
    return services.athlete_create(**{**values, **overrides})


def test_athlete_create_saves_cleaned_values_teams_and_a_program():
    organization = OrganizationFactory()
    team = TeamFactory(organization=organization)
    athlete = _create(organization, teams=[team])
    athlete.refresh_from_db()
    assert athlete.first_name == "Ada"
    assert athlete.email == "ada@example.com"
    assert athlete.available_weekdays == [0, 2, 4]
    assert list(athlete.teams.all()) == [team]
    assert Program.objects.filter(athlete=athlete).exists()


def test_athlete_create_refuses_a_duplicate_email_in_the_organization():
    organization = OrganizationFactory()
    AthleteFactory(organization=organization, email="ada@example.com")
    with pytest.raises(ValidationError) as excinfo:
        _create(organization, email="ADA@example.com")
    assert "already uses this email" in str(excinfo.value.message_dict["email"])
    assert Athlete.objects.filter(organization=organization).count() == 1
    assert Program.objects.count() == 0


def test_same_email_is_fine_in_another_organization():
    AthleteFactory(email="ada@example.com")
    assert _create(OrganizationFactory()).pk


def test_athlete_create_refuses_a_duplicate_external_id():
    organization = OrganizationFactory()
    AthleteFactory(organization=organization, external_id="A-1")
    with pytest.raises(ValidationError) as excinfo:
        _create(organization, external_id="A-1")
    assert "external_id" in excinfo.value.message_dict


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"teams": "other-org"}, "teams"),
        ({"equipment": ["jetpack"]}, "equipment"),
        ({"available_weekdays": [7]}, "available_weekdays"),
        ({"sex": "X"}, "sex"),
        ({"first_name": "  "}, "first_name"),
        ({"birth_date": dt.date(2999, 1, 1)}, "birth_date"),
        ({"birth_date": dt.date(1800, 1, 1)}, "birth_date"),
        ({"birth_date": days_ago(365 * 4)}, "birth_date"),
        ({"first_name": "Sam\x00"}, "first_name"),
        ({"email": "sam\x00@example.com"}, "email"),
        ({"external_id": "A\x001"}, "external_id"),
    ],
)
def test_athlete_create_rejects_bad_input_and_saves_nothing(overrides, field):
    organization = OrganizationFactory()
    if overrides.get("teams") == "other-org":
        overrides = {"teams": [TeamFactory()]}
    with pytest.raises(ValidationError) as excinfo:
        _create(organization, **overrides)
    assert field in excinfo.value.message_dict
    assert not Athlete.objects.exists()
    assert not Program.objects.exists()


def test_athlete_update_changes_fields_and_teams():
    athlete = AthleteFactory()
    team = TeamFactory(organization=athlete.organization)
    services.athlete_update(athlete=athlete, level="advanced", teams=[team])
    athlete.refresh_from_db()
    assert athlete.level == "advanced"
    assert list(athlete.teams.all()) == [team]


def test_athlete_update_refuses_a_clash_and_leaves_the_row():
    athlete = AthleteFactory(email="a@example.com")
    AthleteFactory(organization=athlete.organization, email="b@example.com")
    with pytest.raises(ValidationError):
        services.athlete_update(athlete=athlete, email="b@example.com", last_name="Changed")
    athlete.refresh_from_db()
    assert athlete.email == "a@example.com"
    assert athlete.last_name != "Changed"


def test_athlete_update_refuses_unknown_fields():
    with pytest.raises(ValidationError):
        services.athlete_update(athlete=AthleteFactory(), organization=OrganizationFactory())


def test_archive_and_unarchive():
    athlete = AthleteFactory()
    services.athlete_archive(athlete=athlete)
    athlete.refresh_from_db()
    assert athlete.archived_at is not None
    services.athlete_unarchive(athlete=athlete)
    athlete.refresh_from_db()
    assert athlete.archived_at is None


def test_team_create_update_archive():
    organization = OrganizationFactory()
    team = services.team_create(organization=organization, name="  Sprinters ")
    assert team.name == "Sprinters"
    services.team_update(team=team, name="Sprint squad")
    team.refresh_from_db()
    assert team.name == "Sprint squad"
    services.team_archive(team=team)
    team.refresh_from_db()
    assert team.archived_at is not None


def test_team_names_are_unique_per_organization_ignoring_case():
    organization = OrganizationFactory()
    services.team_create(organization=organization, name="Sprinters")
    with pytest.raises(ValidationError) as excinfo:
        services.team_create(organization=organization, name="sprinters")
    assert "name" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        services.team_create(organization=organization, name=" ")
    assert Team.objects.filter(organization=organization).count() == 1
    assert services.team_create(organization=OrganizationFactory(), name="Sprinters").pk
