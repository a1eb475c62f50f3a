"""The catalogue stored once per content, referenced by each version (issue #21)."""

import hashlib
import importlib
import json

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from programs import generator, services
from programs.models import Exercise, GeneratorCatalogue, ProgramVersion
from programs.selectors.program import version_sessions
from programs.services.catalogue import catalogue_current, version_plan_input
from programs.services.library import exercise_library_load
from tests.factories import AthleteFactory
from tests.worker import make_assessment

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
migration = importlib.import_module("programs.migrations.0007_generator_catalogue")


@pytest.fixture
def athlete():
    exercise_library_load()
    athlete = AthleteFactory()
    make_assessment(athlete, weakest="hamstrings")
    return athlete


def generate(athlete):
    return services.program_generate_for(athlete=athlete, today=TODAY, trigger="assessment")


def rows(version):
    return [
        (
            s.date,
            s.kind,
            s.title,
            [
                (p.exercise.code, p.sets, p.reps, p.seconds, p.side, p.note)
                for p in s.prescriptions.all()
            ],
        )
        for s in version_sessions(version)
    ]


def plan_rows(plan):
    return [
        (
            s.date,
            s.kind,
            s.title,
            [(i.exercise_code, i.sets, i.reps, i.seconds, i.side, i.note) for i in s.items],
        )
        for s in plan.sessions
    ]


def test_versions_share_one_stored_catalogue_and_store_kilobytes(athlete):
    other = AthleteFactory(organization=athlete.organization)
    make_assessment(other, weakest="calves")
    first, second = generate(athlete), generate(other)
    assert GeneratorCatalogue.objects.count() == 1
    stored = GeneratorCatalogue.objects.get()
    assert first.catalogue_id == second.catalogue_id == stored.fingerprint
    assert first.generator_input["catalogue"] == stored.fingerprint
    assert len(stored.content) == Exercise.objects.filter(active=True).count()
    assert len(json.dumps(first.generator_input)) < 10_000


def test_a_version_still_reproduces_its_plan_after_the_catalogue_changes(athlete):
    version = generate(athlete)
    used = version_sessions(version)[0].prescriptions.first().exercise
    Exercise.objects.filter(pk=used.pk).update(sets=9, cues="Changed cues")
    Exercise.objects.filter(category="plyometric").update(active=False)
    assert catalogue_current().fingerprint != version.catalogue_id

    version = ProgramVersion.objects.get(pk=version.pk)
    plan = generator.generate(version_plan_input(version))
    assert plan_rows(plan) == rows(version)
    assert list(plan.rationale) == version.rationale
    # ... while the changed catalogue is a changed input: the next job builds anew.
    newer = generate(athlete)
    assert newer is not None
    assert newer.catalogue_id != version.catalogue_id
    assert GeneratorCatalogue.objects.count() == 2


def test_the_same_inputs_build_nothing_new(athlete):
    assert generate(athlete) is not None
    assert generate(athlete) is None
    Exercise.objects.filter(code=Exercise.objects.order_by("code").first().code).update(
        description="Edited text"
    )
    assert generate(athlete) is not None  # the catalogue is part of the input


def _sha(data):
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()


def test_the_migration_moves_embedded_catalogues_out_and_back(athlete):
    version = generate(athlete)
    new_input, new_fingerprint = version.generator_input, version.input_fingerprint
    content = GeneratorCatalogue.objects.get().content
    # A version as stored before the migration: the whole catalogue inside its input.
    old_input = {**new_input, "catalogue": content}
    ProgramVersion.objects.filter(pk=version.pk).update(
        generator_input=old_input, input_fingerprint=_sha(old_input), catalogue=None
    )
    GeneratorCatalogue.objects.all().delete()

    migration.catalogues_out_of_versions(apps, connection.schema_editor())
    version.refresh_from_db()
    assert version.generator_input == new_input
    assert version.input_fingerprint == new_fingerprint  # as a job computes it today
    assert GeneratorCatalogue.objects.get(fingerprint=version.catalogue_id).content == content
    assert generate(athlete) is None  # nothing changed: the migrated version still matches

    migration.catalogues_into_versions(apps, connection.schema_editor())
    version.refresh_from_db()
    assert version.generator_input == old_input
    assert version.input_fingerprint == _sha(old_input)
    assert version.catalogue_id is None
