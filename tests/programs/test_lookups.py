"""`has_item` on JSON lists answers the same on PostgreSQL and on SQLite (both passes)."""

import pytest
from django.db.models import Q

from programs.models import Exercise
from tests.programs.factories import ExerciseFactory

pytestmark = pytest.mark.django_db


def _codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


def test_has_item_matches_whole_items_only():
    ExerciseFactory(code="glutes", groups=["glutes"], equipment=["band", "box"])
    ExerciseFactory(code="both", groups=["hamstrings", "glutes"], equipment=[])
    ExerciseFactory(code="none", groups=[], equipment=["box"])
    ExerciseFactory(code="prefix", groups=["glutes_medius"], equipment=["1"])

    assert _codes(Exercise.objects.filter(groups__has_item="glutes")) == {"glutes", "both"}
    assert _codes(Exercise.objects.filter(equipment__has_item="box")) == {"glutes", "none"}
    assert _codes(Exercise.objects.filter(groups__has_item="glute")) == set()
    either = Q(groups__has_item="hamstrings") | Q(equipment__has_item="box")
    assert _codes(Exercise.objects.filter(either)) == {"glutes", "both", "none"}
    assert _codes(Exercise.objects.exclude(groups__has_item="glutes")) == {"none", "prefix"}
    # A JSON string "1" is not the number 1.
    assert _codes(Exercise.objects.filter(equipment__has_item=1)) == set()
    assert _codes(Exercise.objects.filter(equipment__has_item="1")) == {"prefix"}
