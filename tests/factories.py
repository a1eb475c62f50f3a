"""factory_boy factories and the personas every access rule is tested with."""

import datetime as dt
from dataclasses import dataclass

import factory
from django.utils import timezone

from athletes.models import Athlete, Membership, Organization, Team, User

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Club {n}")
    slug = factory.Sequence(lambda n: f"club-{n}")


class CoachFactory(UserFactory):
    """A user with a coach membership; pass organization= to choose it."""

    @factory.post_generation
    def organization(obj, create, extracted, **kwargs):
        if create:
            Membership.objects.create(user=obj, organization=extracted or OrganizationFactory())


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Squad {n}")


class AthleteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Athlete

    organization = factory.SubFactory(OrganizationFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"athlete{n}@example.com")
    sex = "M"
    birth_date = dt.date(2004, 5, 1)
    available_weekdays = [0, 1, 2, 3, 4, 5, 6]
    equipment = ["band", "barbell", "dumbbells", "box", "cones", "ladder", "bench", "mat"]


class AthleteUserFactory(AthleteFactory):
    """An athlete with a login."""

    user = factory.SubFactory(UserFactory, email=factory.SelfAttribute("..email"))


@dataclass
class Personas:
    organization: Organization
    coach: User
    other_organization: Organization
    other_coach: User
    athlete: Athlete  # has a login (athlete.user), in `organization`
    other_athlete: Athlete  # has a login, in `organization` too
    outside_athlete: Athlete  # in `other_organization`


def make_personas() -> Personas:
    organization = OrganizationFactory()
    other_organization = OrganizationFactory()
    return Personas(
        organization=organization,
        coach=CoachFactory(organization=organization),
        other_organization=other_organization,
        other_coach=CoachFactory(organization=other_organization),
        athlete=AthleteUserFactory(organization=organization),
        other_athlete=AthleteUserFactory(organization=organization),
        outside_athlete=AthleteUserFactory(organization=other_organization),
    )


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)
