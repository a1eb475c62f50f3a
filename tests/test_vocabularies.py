"""The models' choices come from the engines' vocabularies, in the same order."""

import pytest

from assessments import balance
from assessments.models import TestProtocol, TestResult
from athletes.forms import EQUIPMENT_CHOICES, WEEKDAY_CHOICES
from athletes.models import Athlete
from config.choices import text_choices
from programs import generator
from programs.models import Exercise, Session


@pytest.mark.parametrize(
    ("choices", "vocabulary"),
    [
        (TestProtocol.Group.values, balance.GROUPS),
        (TestProtocol.Norm.values, balance.NORMS),
        (TestResult.Side.values, balance.SIDES),
        (Athlete.Sex.values, balance.SEXES),
        (Athlete.Level.values, generator.LEVELS),
        (Athlete.EventFocus.values, generator.EVENT_FOCUSES),
        ([v for v, _ in EQUIPMENT_CHOICES], generator.EQUIPMENT),
        ([label for _, label in WEEKDAY_CHOICES], generator.WEEKDAYS),
        ([v for v, _ in Exercise._meta.get_field("category").choices], generator.CATEGORIES),
        ([v for v, _ in Session._meta.get_field("kind").choices], generator.SESSION_KINDS),
    ],
)
def test_choices_follow_the_engine_vocabulary(choices, vocabulary):
    assert list(choices) == list(vocabulary)


def test_labels_and_member_names_are_kept():
    assert TestProtocol.Group.HIP_FLEXORS.label == "Hip flexors"
    assert TestResult.Side.BOTH.label == "Both / unsided"
    assert Athlete.EventFocus.FIELD.label == "Field sport"
    assert Athlete.Sex.MALE == "M"


def test_text_choices_refuses_names_for_other_values():
    with pytest.raises(ValueError, match="member names"):
        text_choices("Side", {"L": "Left", "R": "Right"}, {"L": "LEFT"})
