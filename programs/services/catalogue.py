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


def _rows_stamp(fingerprint: str) -> tuple[str, bool] | None:
    """The active rows' stamp, and whether a catalogue of `fingerprint` is stored (the
    last one built: the usual answer to "must this job store it?", in the same query)."""
    if connection.vendor != "postgresql":
        return None  # the quick start's SQLite: read the rows every time
    table = Exercise._meta.db_table
    stored = GeneratorCatalogue._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            # The table names come from model metadata.
            f"SELECT md5(string_agg(id::text || ':' || xmin::text, ',' ORDER BY id)), "
            f"EXISTS (SELECT 1 FROM {stored} WHERE fingerprint = %s) "
            f"FROM {table} WHERE active",
            [fingerprint],
        )
        stamp, exists = cursor.fetchone()
        return stamp or "", exists


def catalogue_current() -> CurrentCatalogue:
    """The active exercises as the generator's catalogue (code order)."""
    return catalogue_current_stored()[0]


def catalogue_current_stored() -> tuple[CurrentCatalogue, bool]:
    """The current catalogue, and True when it is known to be stored already (False: ask
    generator_catalogue_ensure)."""
    last = next(iter(_built.items()), None)
    checked = _rows_stamp(last[1].fingerprint if last else "")
    if checked is not None and last is not None and checked[0] == last[0]:
        return last[1], checked[1]
    exercises = list(Exercise.objects.filter(active=True).order_by("code"))
    specs = tuple(e.to_spec() for e in exercises)
    catalogue = CurrentCatalogue(
        specs=specs,
        fingerprint=generator.catalogue_fingerprint(specs),
        exercise_ids={e.code: e.pk for e in exercises},
    )
    if checked is not None:
        _built.clear()  # one catalogue is current at a time
        _built[checked[0]] = catalogue
    return catalogue, False


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
