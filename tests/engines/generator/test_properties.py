"""Properties of every generated plan, over generated inputs.

Run without Django: `pytest -p no:django --confcutdir tests/engines tests/engines`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from itertools import groupby

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.balance import ASYMMETRY_FLAGS, GROUPS, BalanceProfile
from programs.generator import (
    CATEGORIES,
    EQUIPMENT,
    EVENT_FOCUSES,
    INTENSITIES,
    LEVELS,
    SECTIONS,
    SESSION_KINDS,
    Adherence,
    AthleteContext,
    PlanInput,
    generate,
    input_fingerprint,
    near_tie,
    target_order,
    warmup_seconds,
)
from tests.engines.generator.factories import (
    ALL_DAYS,
    BY_CODE,
    CATALOGUE,
    allowed,
    make_profile,
    sets_by_group,
    volume,
    windows,
)

# --------------------------------------------------------------------------- properties
CODES = sorted(BY_CODE)
HOST_KINDS = ("sprint", "agility")  # the days the budget moves targeted blocks to
TARGETED_SECTIONS = ("targeted", "support", "maintenance")


def subset(draw, items, max_size=None):
    """A subset of `items` from one integer bitmask (much cheaper to draw than st.sets)."""
    mask = draw(st.integers(0, 2 ** len(items) - 1))
    chosen = [x for n, x in enumerate(items) if mask >> n & 1]
    return chosen[:max_size] if max_size is not None else chosen


@st.composite
def profiles(draw) -> BalanceProfile:
    untested = draw(st.integers(0, 9)) == 0  # about one profile in ten has no test at all
    scores = {}
    for g in GROUPS:
        raw = draw(st.integers(0, 1300))  # tenths of a percent; below 300 means untested
        scores[g] = None if untested or raw < 300 else raw / 10
    asym = {}
    for g in GROUPS:
        flag = draw(st.sampled_from(ASYMMETRY_FLAGS))
        gap = draw(st.integers(-1, 400))
        side = draw(st.sampled_from(("L", "R", None)))
        if scores[g] is not None:
            asym[g] = (flag, None if gap < 0 else gap / 10, side)
    swing = draw(st.integers(40, 150))
    return make_profile(scores, asym=asym, swing_push=None if swing < 50 else swing / 100)


@st.composite
def plan_inputs(draw) -> PlanInput:
    days = subset(draw, ALL_DAYS) or [draw(st.integers(0, 6))]
    n_excluded = draw(st.integers(0, 10))
    excluded = sorted({CODES[draw(st.integers(0, len(CODES) - 1))] for _ in range(n_excluded)})
    athlete = AthleteContext(
        level=draw(st.sampled_from(LEVELS)),
        sex=draw(st.sampled_from(("M", "F"))),
        available_weekdays=tuple(days),
        equipment=tuple(subset(draw, EQUIPMENT)),
        event_focus=draw(st.sampled_from(EVENT_FOCUSES)),
        excluded_categories=tuple(
            CATEGORIES[draw(st.integers(0, len(CATEGORIES) - 1))]
            for _ in range(draw(st.integers(0, 3)))
        ),
        excluded_exercises=tuple(excluded),
    )
    block_length = draw(st.integers(2, 6))
    share = draw(st.integers(-1, 100))
    rpe = draw(st.integers(9, 100))
    return PlanInput(
        athlete=athlete,
        profile=draw(profiles()),
        catalogue=CATALOGUE,
        start=date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 1000))),
        weeks=draw(st.integers(1, 6)),
        block_week=draw(st.integers(1, block_length)),
        block_length=block_length,
        adherence=Adherence(
            completed_share=None if share < 0 else share / 100,
            mean_rpe=None if rpe < 10 else rpe / 10,
        ),
        session_budget_min=draw(st.sampled_from((30, 40, 45, 60, 75, 90, 150))),
    )


PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(plan_inputs())
def test_property_structure_warmup_and_availability(pi):
    plan = generate(pi)
    a = pi.athlete
    assert len(plan.sessions) == 7 * pi.weeks
    assert [s.date for s in plan.sessions] == [
        pi.start + timedelta(days=n) for n in range(7 * pi.weeks)
    ]
    # warm-up candidates: easy drills, else short mobility items, else an easy jog
    ok = [s for s in CATALOGUE if allowed(s, a)]
    drills_ok = any(s.category == "drill" and s.intensity == "low" for s in ok)
    warm_ok = drills_ok or any(
        (s.category == "mobility" and (s.seconds or 0) <= 60)
        or (s.category == "easy_run" and (s.seconds or 0) <= 600)
        for s in ok
    )
    for week in windows(plan):
        assert any(s.kind == "rest" for s in week)
    for s in plan.sessions:
        assert s.kind in SESSION_KINDS
        assert s.intensity in INTENSITIES
        if s.kind == "rest":
            assert s.items == ()
            assert s.intensity == "low"
            continue
        warm = [i for i in s.items if i.section == "warmup"]
        assert s.items[: len(warm)] == tuple(warm)
        if warm_ok:
            assert warm
            assert 300 <= warmup_seconds(s) <= 600
            assert all(i.emphasis is None for i in warm)
        if drills_ok:
            assert all(BY_CODE[i.exercise_code].category == "drill" for i in warm)
        for i in s.items:
            assert i.section in SECTIONS
            spec = BY_CODE[i.exercise_code]  # every code exists in the catalogue
            assert allowed(spec, a), (i.exercise_code, a)
        assert s.date.weekday() in a.available_weekdays


@PROPERTY
@given(plan_inputs())
def test_property_weakest_link_gets_most_targeted_sets(pi):
    plan = generate(pi)
    order = target_order(pi.profile, pi.athlete.event_focus)
    if not order:
        assert pi.profile.weakest_link is None
        return
    first = order[0]
    w = pi.profile.weakest_link
    assert first == w or near_tie(pi.profile, first, w, pi.test_noise)
    for week in windows(plan):
        totals = sets_by_group(week)
        if totals[first] > 0:
            assert all(totals[first] > totals[g] for g in GROUPS if g != first), totals
        if len(order) > 1 and totals[order[1]] > 0:
            second = order[1]
            assert all(totals[second] > totals[g] for g in GROUPS if g not in (first, second))


def section_runs(s) -> list[str]:
    """The sections of a session in order, one entry per run of equal sections."""
    return [k for k, _ in groupby(i.section for i in s.items)]


@PROPERTY
@given(plan_inputs())
def test_property_each_section_is_one_run_after_the_warmup(pi):
    # A page heads each run of one section: a second run is a second "Weakest link" heading.
    for s in generate(pi).sessions:
        runs = section_runs(s)
        assert len(runs) == len(set(runs)), (s.kind, runs)
        assert "warmup" not in runs[1:], (s.kind, runs)
        if s.kind in HOST_KINDS and "main" in runs:  # moved blocks, the activation: first
            targeted = [n for n, r in enumerate(runs) if r in TARGETED_SECTIONS]
            assert all(n < runs.index("main") for n in targeted), (s.kind, runs)


@PROPERTY
@given(plan_inputs())
def test_property_progression_and_deload(pi):
    plan = generate(pi)
    weeks = windows(plan)
    vols = [volume(w) for w in weeks]
    for i in range(1, len(weeks)):
        prev, cur = weeks[i - 1][0].week, weeks[i][0].week
        if cur == prev + 1 and cur < pi.block_length:  # build week after build week
            assert vols[i] * 100 <= vols[i - 1] * 115, (vols, i)
        if cur == pi.block_length and vols[i - 1] > 0:  # deload after the last build week
            assert vols[i] < vols[i - 1], (vols, i)
    for w in weeks:
        retests = [s for s in w if s.kind == "retest"]
        training = [s for s in w if s.kind != "rest"]
        if w[0].week == pi.block_length and training:
            assert len(retests) == 1
            assert retests[0] is training[-1]
        else:
            assert not retests


@PROPERTY
@given(plan_inputs())
def test_property_no_two_hard_days_in_a_row(pi):
    plan = generate(pi)
    for a, b in zip(plan.sessions, plan.sessions[1:], strict=False):
        assert not (a.intensity == "high" and b.intensity == "high"), (a.date, b.date)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_inputs())
def test_property_deterministic(pi):
    again = replace(pi, athlete=replace(pi.athlete), profile=replace(pi.profile))
    assert generate(pi) == generate(again)
    assert input_fingerprint(pi) == input_fingerprint(again)
