"""The exercise catalogue the generator plans from, stored once per distinct content.

A version names its catalogue by fingerprint (`ProgramVersion.catalogue`, and the
"catalogue" key of its stored input) instead of carrying a copy of it. The current
catalogue is built from the active exercises once per process and kept while the rows
are unchanged: on PostgreSQL a one-row query over their ids and `xmin` (the writing
transaction, new on every update; see programs.selectors._fingerprint_sql) tells.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from programs import generator
from programs.models import Exercise, GeneratorCatalogue


@dataclass(frozen=True)
class CurrentCatalogue:
    specs: tuple[generator.ExerciseSpec, ...]
    fingerprint: str  # generator.catalogue_fingerprint(specs)
    exercise_ids: dict[str, int]  # code -> Exercise id


_built: dict[str, CurrentCatalogue] = {}  # rows stamp -> the catalogue they make


def _rows_stamp() -> str | None:
    if connection.vendor != "postgresql":
        return None  # the quick start's SQLite: read the rows every time
    table = Exercise._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT md5(string_agg(id::text || ':' || xmin::text, ',' ORDER BY id)) "
            f"FROM {table} WHERE active"  # the table name comes from model metadata
        )
        return cursor.fetchone()[0] or ""


def catalogue_current() -> CurrentCatalogue:
    """The active exercises as the generator's catalogue (code order)."""
    stamp = _rows_stamp()
    if stamp is not None and stamp in _built:
        return _built[stamp]
    exercises = list(Exercise.objects.filter(active=True).order_by("code"))
    specs = tuple(e.to_spec() for e in exercises)
    catalogue = CurrentCatalogue(
        specs=specs,
        fingerprint=generator.catalogue_fingerprint(specs),
        exercise_ids={e.code: e.pk for e in exercises},
    )
    if stamp is not None:
        _built.clear()  # one catalogue is current at a time
        _built[stamp] = catalogue
    return catalogue


def generator_catalogue_ensure(*, catalogue: CurrentCatalogue) -> None:
    """Store the catalogue's content under its fingerprint unless it is there already
    (two workers storing it at once: the second insert is ignored)."""
    if GeneratorCatalogue.objects.filter(fingerprint=catalogue.fingerprint).exists():
        return
    GeneratorCatalogue.objects.bulk_create(
        [
            GeneratorCatalogue(
                fingerprint=catalogue.fingerprint,
                content=generator.catalogue_to_list(catalogue.specs),
            )
        ],
        ignore_conflicts=True,
    )


def version_plan_input(version) -> generator.PlanInput:
    """The plan input a version was generated from, rebuilt from its stored input and the
    catalogue it names: generate() of it gives the version's plan again."""
    content = GeneratorCatalogue.objects.get(fingerprint=version.catalogue_id).content
    return generator.plan_input_from_dict(
        version.generator_input, generator.catalogue_from_list(content)
    )
