"""Factories for program rows (shared by program, athlete and dashboard tests)."""

import datetime as dt

import factory
from django.utils import timezone

from programs.models import Exercise, Prescription, Program, ProgramVersion, Session
from tests.factories import AthleteFactory


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exercise
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"exercise_{n}")
    name = factory.Sequence(lambda n: f"Exercise {n}")
    category = "isometric_band"
    groups = ["hip_flexors"]
    contraction = "isometric"
    equipment = ["band"]
    muscle_length = "middle"
    intensity = "moderate"
    sets = 3
    seconds = 25
    rest_s = 60
    cues = "Drive the knee up fast and hold."


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    athlete = factory.SubFactory(AthleteFactory)


class ProgramVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramVersion

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: n + 1)
    trigger = "assessment"
    status = "active"
    rationale = ["Hip flexors are the weakest link at 62 % of reference."]
    start_date = factory.LazyFunction(timezone.localdate)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    version = factory.SubFactory(ProgramVersionFactory)
    date = factory.LazyFunction(timezone.localdate)
    kind = "strength"
    title = "Strength and power"
    purpose = "Raise your weakest link."
    intensity = "moderate"


class PrescriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prescription

    session = factory.SubFactory(SessionFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    order = factory.Sequence(lambda n: n + 1)
    section = "targeted"
    sets = 3
    seconds = 25
    rest_s = 60
    side = "B"
    muscle_length = "middle"
    emphasis = "hip_flexors"
    note = "Targets your weakest link: hip flexors, 62 % of reference."


def week_of_sessions(version: ProgramVersion, start: dt.date, days: int = 7) -> list[Session]:
    """A simple week: a strength day with two prescriptions, then alternating rest days."""
    sessions = []
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        if offset % 2:
            sessions.append(
                SessionFactory(
                    version=version, date=day, kind="rest", title="Rest", intensity="low"
                )
            )
        else:
            session = SessionFactory(version=version, date=day)
            PrescriptionFactory(session=session, order=1)
            PrescriptionFactory(session=session, order=2, side="L", sets=4)
            sessions.append(session)
    return sessions
