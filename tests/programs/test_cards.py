import pytest
from django.db.models import Prefetch
from django.utils import timezone

from programs import cards, services
from programs.models import Prescription, PrescriptionLog
from programs.services.library import exercise_library_load
from tests.factories import AthleteUserFactory
from tests.programs.factories import (
    ExerciseFactory,
    PrescriptionFactory,
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
)
from tests.worker import make_assessment

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


def test_each_heading_shows_once_per_generated_session_to_athlete_and_coach():
    # Advanced at the default 60 min: strength-day holds move to the sprint and agility
    # days, which used to put "Weakest link" over two runs of one session.
    exercise_library_load()
    athlete = AthleteUserFactory(level="advanced")
    make_assessment(athlete, weakest="hip_flexors")
    version = services.program_generate_for(
        athlete=athlete, today=timezone.localdate(), trigger="assessment"
    )
    rows = Prescription.objects.select_related("exercise").order_by("order")
    sessions = list(
        version.sessions.exclude(kind="rest").prefetch_related(Prefetch("prescriptions", rows))
    )
    hosts = [s for s in sessions if s.kind == "sprint"]
    assert any(sum(p.section == "targeted" for p in s.prescriptions.all()) > 1 for s in hosts), (
        "no holds moved to a sprint day: the case this test is for"
    )
    for session in cards.calendar_view(sessions):
        athlete_heads = [title for title, _ in cards.session_sections(session, editable=True)]
        coach_heads = [title for title, _ in session.sections]
        for heads in (athlete_heads, coach_heads):
            assert len(heads) == len(set(heads)), (session.kind, heads)
            assert heads[0] == "Warm-up"
        if session.kind == "sprint":
            assert athlete_heads[1] == "Your weakest link"
            assert coach_heads[1] == "Weakest link: Hip flexors"
            assert athlete_heads[-1] == coach_heads[-1] == "Main work"  # the sprints last
