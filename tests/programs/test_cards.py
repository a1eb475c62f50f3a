import pytest

from programs import cards
from programs.models import PrescriptionLog
from tests.factories import AthleteUserFactory
from tests.programs.factories import (
    ExerciseFactory,
    PrescriptionFactory,
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    return ProgramFactory(athlete=AthleteUserFactory())


def test_prescription_card_buttons_post_their_own_number(program):
    rx = PrescriptionFactory(
        session=SessionFactory(version=ProgramVersionFactory(program=program))
    )
    PrescriptionLog.objects.create(prescription=rx, sets_done=2)
    rx.refresh_from_db()
    card = cards.prescription_card(rx, editable=True)
    # Sets 1 and 2 are done, set 3 is open; each button marks the sets up to its number.
    assert card.set_buttons == [(1, True), (2, True), (3, False)]
    assert not card.complete


@pytest.mark.parametrize(
    ("category", "contraction", "wants_hold"),
    [
        ("isometric_band", "isometric", True),
        ("core", "isometric", True),  # plank
        ("easy_run", "mixed", False),  # a 10-minute steady run
        ("drill", "concentric", False),  # 2 x 30 s high knees
        ("mobility", "mixed", False),  # 10 min of stretching
        ("intervals", "mixed", False),
    ],
)
def test_hold_time_is_asked_only_of_isometric_holds(program, category, contraction, wants_hold):
    exercise = ExerciseFactory(category=category, contraction=contraction)
    rx = PrescriptionFactory(
        session=SessionFactory(version=ProgramVersionFactory(program=program)),
        exercise=exercise,
        sets=1,
        reps=None,
        seconds=600,
    )
    assert cards.prescription_card(rx, editable=True).wants_hold is wants_hold
