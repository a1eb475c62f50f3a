"""Loading the seeded exercise library from programs/exercises.toml."""

from django.db import transaction

from programs import generator
from programs.models import Exercise

_FIELDS = (
    "name",
    "category",
    "contraction",
    "unilateral",
    "intensity",
    "sets",
    "reps",
    "seconds",
    "distance_m",
    "rest_s",
    "cues",
    "description",
    "contraindications",
    "video_url",
)


def _fields(spec: generator.ExerciseSpec) -> dict:
    fields = {name: getattr(spec, name) for name in _FIELDS}
    fields["groups"] = list(spec.groups)
    fields["equipment"] = list(spec.equipment)
    fields["muscle_length"] = spec.muscle_length or ""
    return fields


@transaction.atomic
def exercise_library_load(*, overwrite: bool = False) -> tuple[int, int]:
    """Create missing library exercises; with overwrite, reset existing ones to the file.

    Idempotent. Staff edits survive a plain reload. Returns (created, updated).
    """
    existing = {e.code: e for e in Exercise.objects.all()}
    created = updated = 0
    to_create = []
    for spec in generator.standard_catalogue():
        fields = _fields(spec)
        exercise = existing.get(spec.code)
        if exercise is None:
            to_create.append(Exercise(code=spec.code, **fields))
        elif overwrite and any(getattr(exercise, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(exercise, key, value)
            exercise.save()
            updated += 1
    Exercise.objects.bulk_create(to_create)
    created = len(to_create)
    return created, updated
