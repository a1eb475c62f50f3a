"""Assessment selectors."""

import pytest
from django.http import Http404

from assessments import selectors
from assessments.models import TestProtocol
from assessments.services_library import protocol_library_load
from tests.assessments.factories import record
from tests.factories import days_ago, make_personas

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def protocols():
    protocol_library_load()


def test_list_is_newest_first_with_results_prefetched(django_assert_max_num_queries):
    p = make_personas()
    old = record(p.athlete, date=days_ago(30))
    new = record(p.athlete, date=days_ago(2))
    record(p.other_athlete)
    with django_assert_max_num_queries(3):
        assessments = list(selectors.assessment_list_for_athlete(p.athlete))
        names = [r.protocol.name for a in assessments for r in a.results.all()]
    assert assessments == [new, old]
    assert len(names) == 2 * new.results.count()
    assert selectors.latest_assessment(p.athlete) == new
    assert selectors.latest_assessment(p.outside_athlete) is None
    assert selectors.previous_assessment(p.athlete, new.date) == old


def test_active_protocols_and_specs():
    TestProtocol.objects.filter(code="side_bridge").update(active=False)
    codes = [p.code for p in selectors.active_protocols()]
    assert "side_bridge" not in codes
    assert codes[0] == "hip_flexion_hhd"
    specs = selectors.protocol_specs()
    assert "side_bridge" in specs  # old results may still use it
    assert next(iter(specs)) == "hip_flexion_hhd"


def test_assessment_get_for_coach_is_scoped():
    p = make_personas()
    mine = record(p.athlete)
    assert selectors.assessment_get_for_coach(p.coach, p.athlete.id, mine.id) == mine
    with pytest.raises(Http404):
        selectors.assessment_get_for_coach(p.other_coach, p.athlete.id, mine.id)
    with pytest.raises(Http404):
        selectors.assessment_get_for_coach(p.coach, p.other_athlete.id, mine.id)
