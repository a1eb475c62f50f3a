"""Build weeks, the deload, the retest and repeated loads (progression.py, plan.py).

Run without Django: `pytest -p no:django --confcutdir tests/engines tests/engines`.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import replace
from datetime import date, timedelta

import pytest

from assessments.balance import GROUPS, ProtocolScore
from programs.generator import (
    RETEST_CODE,
    Adherence,
    ProgramPlan,
    generate,
    progressed_dose,
    targeted_volume,
)
from tests.engines.generator.factories import (
    LONG,
    MONDAY,
    kinds_by_weekday,
    make_input,
    make_profile,
    volume,
    windows,
)


# -------------------------------------------------------------------- rule 5: progression
def test_build_weeks_progress_then_deload_and_retest():
    plan = generate(make_input(session_budget_min=LONG))
    vols = [volume(w) for w in windows(plan)]
    # hand count (intermediate): holds 25 -> 28 -> 30 s, activation 10 -> 11 -> 12 s;
    # 9 primary hold sets, 2 activation sets, 4 secondary and 4 maintenance hold sets;
    # deload: half the sets (rounded up), holds 20 s, activation 8 s
    assert vols == [
        9 * 25 + 2 * 10 + 8 * 25,
        9 * 28 + 2 * 11 + 8 * 28,
        9 * 30 + 2 * 12 + 8 * 30,
        6 * 20 + 1 * 8 + 6 * 20,
    ]
    assert [targeted_volume(w) for w in windows(plan)] == vols
    for a, b in itertools.pairwise(vols[:3]):
        assert a < b <= a * 1.15
    assert vols[3] < 0.6 * vols[2]
    retests = [s for s in plan.sessions if s.kind == "retest"]
    assert len(retests) == 1
    assert retests[0].date == MONDAY + timedelta(days=27)  # Sunday, last training day
    assert retests[0].week == 4
    codes = [(i.exercise_code, i.emphasis) for i in retests[0].items if i.section == "retest"]
    assert codes == [(RETEST_CODE, g) for g in GROUPS]
    assert all("(deload)" in s.title for s in windows(plan)[3] if s.kind not in ("rest", "retest"))


@pytest.mark.parametrize(("base", "weeks"), [(25, 3), (6, 5), (8, 6), (10, 8), (20, 4)])
def test_progressed_dose_never_rises_more_than_15_percent(base, weeks):
    doses = [progressed_dose(base, k) for k in range(1, weeks + 1)]
    assert doses[0] == base
    for a, b in itertools.pairwise(doses):
        assert a <= b <= math.floor(a * 1.15)


def test_block_length_and_block_week_are_respected():
    plan = generate(make_input(weeks=6, block_length=6, block_week=2))
    assert [w[0].week for w in windows(plan)] == [2, 3, 4, 5, 6, 1]
    retests = [s for s in plan.sessions if s.kind == "retest"]
    assert [s.week for s in retests] == [6]
    vols = [volume(w) for w in windows(plan)]
    assert vols[0] < vols[1] < vols[2] < vols[3]
    assert vols[4] < vols[3]


@pytest.mark.parametrize(
    ("adherence", "phrase"),
    [
        (Adherence(completed_share=0.45), "Only 45 % of recent sessions were completed"),
        (Adherence(mean_rpe=9.2), "Mean effort was RPE 9.2"),
    ],
)
def test_low_adherence_or_high_rpe_repeats_the_load(adherence, phrase):
    plan = generate(make_input(adherence=adherence, block_week=2))
    normal = generate(make_input(block_week=2))
    vols = [volume(w) for w in windows(plan)]
    assert vols[0] == vols[1]  # weeks 2 and 3 hold the week-1 load
    assert vols[0] == volume(windows(generate(make_input()))[0])
    assert volume(windows(normal)[1]) > vols[1]
    assert any(r.startswith(phrase) and "repeated" in r for r in plan.rationale)
    assert not any("repeated" in r for r in normal.rationale)


def test_good_adherence_progresses():
    plan = generate(make_input(adherence=Adherence(completed_share=0.9, mean_rpe=7.0)))
    vols = [volume(w) for w in windows(plan)]
    assert vols[0] < vols[1] < vols[2]


def test_retest_moves_to_the_last_training_day_and_calms_the_day_before():
    # build weeks: Mon sprint (high), Wed strength (high), Thu intervals (moderate)
    plan = generate(make_input(available_weekdays=(0, 2, 3)))
    assert kinds_by_weekday(plan)[2] == ("strength", "high")
    deload = windows(plan)[3]
    retest = next(s for s in deload if s.kind == "retest")
    assert retest.date.weekday() == 3
    assert (deload[2].kind, deload[2].intensity) == ("strength", "moderate")
    assert "Kept moderate before the retest." in deload[2].purpose


def _retest_notes(plan: ProgramPlan) -> list[str]:
    retest = next(s for s in plan.sessions if s.kind == "retest")
    return [i.note for i in retest.items if i.section == "retest"]


def test_retest_notes_name_the_protocols_never_their_codes():
    def tested_by(*codes: str) -> tuple[ProtocolScore, ...]:
        return tuple(ProtocolScore(code, "L", 1.0, 1.0, 1.0, 80.0, "norm") for code in codes)

    profile = make_profile()
    groups = dict(profile.groups)
    groups["hip_flexors"] = replace(groups["hip_flexors"], protocols=tested_by("hip_flexion_hhd"))
    groups["hamstrings"] = replace(
        groups["hamstrings"], protocols=tested_by("nordic_nordbord", "knee_flexion_iso")
    )
    groups["core"] = replace(groups["core"], protocols=tested_by("prone_plank"))
    names = {
        "hip_flexion_hhd": "Isometric hip flexion (handheld dynamometer)",
        "nordic_nordbord": "Nordic hamstring test (NordBord)",
        "knee_flexion_iso": "Isometric knee flexion (mid-range)",
    }
    plan_input = make_input(replace(profile, groups=groups), protocol_names=names)
    notes = _retest_notes(generate(plan_input))
    assert notes[0] == (
        "Retest hip flexors, last 62 % of reference. "
        "Tests: Isometric hip flexion (handheld dynamometer)."
    )
    assert notes[2] == (
        "Retest hamstrings, last 80 % of reference. "
        "Tests: Isometric knee flexion (mid-range); Nordic hamstring test (NordBord)."
    )
    # A protocol without a name is left out rather than shown as a code.
    assert notes[-1] == "Retest core, last 101 % of reference."
    assert not any("_" in note for note in notes)


def test_retest_never_takes_the_only_rest_day():
    # all seven days available and the plan starts on a Friday: the last day of each 7-day
    # window is Thursday, the rest day; the retest goes to Wednesday instead
    start = date(2025, 1, 10)
    plan = generate(make_input(start=start, weeks=4))
    deload = windows(plan)[3]
    assert [s.date.weekday() for s in deload if s.kind == "rest"] == [3]
    retest = next(s for s in deload if s.kind == "retest")
    assert retest.date.weekday() == 2
