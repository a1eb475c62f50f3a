"""Partial retests (issue #16 §1): `latest_results` and profiles built from it.

The rule: per protocol and side, this assessment's result, else the latest earlier one dated
within the window; nothing older; changes only for what both assessments measured.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.balance import (
    GROUPS,
    CarriedResult,
    DatedResult,
    Result,
    assess,
    assess_latest,
    latest_results,
    profile_from_dict,
    profile_to_dict,
    standard_protocols,
)

P = standard_protocols()
ON = dt.date(2026, 6, 1)
WEEKS_12 = 84


def days_ago(n: int) -> dt.date:
    return ON - dt.timedelta(days=n)


def full_test(date: dt.date, value: float = 200.0) -> list[DatedResult]:
    """Every protocol on every side it allows, at the plausible middle (or `value`)."""
    out = []
    for code, spec in P.items():
        v = min(max(value, spec.plausible_min), spec.plausible_max)
        for side in ("L", "R") if spec.sided else ("B",):
            out.append(DatedResult(code, side, v, date))
    return out


HIP = [Result("hip_flexion_hhd", "L", 180.0), Result("hip_flexion_hhd", "R", 190.0)]


@pytest.mark.parametrize(
    ("earlier", "expect_carried", "expect_stale"),
    [
        # nothing earlier: nothing carried, nothing stale
        ([], set(), ()),
        # 5 weeks ago a full test: everything but hip flexion is carried
        (
            full_test(days_ago(35)),
            {(r.protocol_code, r.side) for r in full_test(days_ago(35))}
            - {("hip_flexion_hhd", "L"), ("hip_flexion_hhd", "R")},
            (),
        ),
        # exactly at the window's edge (84 days) is still in
        (
            [DatedResult("nordic_nordbord", "L", 300.0, days_ago(WEEKS_12))],
            {("nordic_nordbord", "L")},
            (),
        ),
        # one day older is out, and hamstrings are stale
        (
            [DatedResult("nordic_nordbord", "L", 300.0, days_ago(WEEKS_12 + 1))],
            set(),
            ("hamstrings",),
        ),
        # an old hamstring result and a recent one of another hamstring test: not stale
        (
            [
                DatedResult("nordic_nordbord", "L", 300.0, days_ago(200)),
                DatedResult("knee_flexion_iso", "L", 100.0, days_ago(10)),
            ],
            {("knee_flexion_iso", "L")},
            (),
        ),
        # a measured protocol's old result is not stale (the group is tested now)
        ([DatedResult("hip_flexion_hhd", "L", 150.0, days_ago(300))], set(), ()),
        # results dated after this assessment are not history
        ([DatedResult("soleus_iso", "L", 1500.0, ON + dt.timedelta(days=1))], set(), ()),
        # unknown protocol and a side that no longer fits: left out
        (
            [
                DatedResult("retired_test", "L", 1.0, days_ago(3)),
                DatedResult("prone_plank", "L", 60.0, days_ago(3)),
            ],
            set(),
            (),
        ),
    ],
)
def test_latest_results_table(earlier, expect_carried, expect_stale):
    got = latest_results(HIP, earlier=earlier, on=ON, window_days=WEEKS_12, protocols=P)
    assert got.current == tuple(HIP)
    assert {(c.protocol_code, c.side) for c in got.carried} == expect_carried
    assert got.stale_groups == expect_stale


def test_latest_of_several_wins_and_ties_go_to_the_last_given():
    earlier = [
        DatedResult("soleus_iso", "L", 1000.0, days_ago(40)),
        DatedResult("soleus_iso", "L", 1200.0, days_ago(20)),
        DatedResult("soleus_iso", "L", 1100.0, days_ago(30)),
        DatedResult("soleus_iso", "R", 900.0, days_ago(20)),
        DatedResult("soleus_iso", "R", 950.0, days_ago(20)),
    ]
    got = latest_results(HIP, earlier=earlier, on=ON, window_days=WEEKS_12, protocols=P)
    assert got.carried == (
        CarriedResult("soleus_iso", "L", 1200.0, days_ago(20)),
        CarriedResult("soleus_iso", "R", 950.0, days_ago(20)),
    )


@pytest.mark.parametrize("window", [0, 6, 729, 7.0, True, None])
def test_window_out_of_bounds_is_refused(window):
    with pytest.raises(ValueError, match="window"):
        latest_results(HIP, earlier=[], on=ON, window_days=window, protocols=P)


def test_partial_retest_keeps_the_profile_and_marks_carried():
    """Issue #16 §1: only hip flexion retested a week after a full test."""
    earlier = full_test(days_ago(35))
    full = assess(
        [Result(r.protocol_code, r.side, r.value) for r in earlier],
        body_mass_kg=70,
        sex="M",
        protocols=P,
    )
    latest = latest_results(HIP, earlier=earlier, on=ON, window_days=WEEKS_12, protocols=P)
    partial = assess_latest(latest, body_mass_kg=70, sex="M", protocols=P, previous=full)
    assert all(partial.groups[g].tested for g in GROUPS)
    assert partial.groups["glutes"] == full.groups["glutes"]  # carried unchanged
    assert {c.protocol_code for c in partial.carried} == set(P) - {"hip_flexion_hhd"}
    assert {(c.protocol_code, c.side) for c in partial.changes} == {
        ("hip_flexion_hhd", "L"),
        ("hip_flexion_hhd", "R"),
    }
    # the snapshot keeps the marks, dates included
    again = profile_from_dict(profile_to_dict(partial))
    assert again == partial
    assert again.carried[0].date == days_ago(35)


def test_changes_skip_what_the_previous_profile_only_carried():
    earlier = [DatedResult("soleus_iso", "L", 1000.0, days_ago(20))]
    first = assess_latest(
        latest_results(HIP, earlier=earlier, on=days_ago(10), window_days=WEEKS_12, protocols=P),
        body_mass_kg=70,
        sex="M",
        protocols=P,
    )
    assert first.carried  # soleus L carried into `first`
    now = assess(
        [Result("soleus_iso", "L", 1300.0), *HIP],
        body_mass_kg=70,
        sex="M",
        protocols=P,
        previous=first,
    )
    # soleus was not measured by `first` itself: no change for it; hip flexion was
    assert {c.protocol_code for c in now.changes} == {"hip_flexion_hhd"}


def test_unknown_stale_group_is_refused():
    with pytest.raises(ValueError, match="stale group"):
        assess(HIP, body_mass_kg=70, sex="M", protocols=P, stale_groups=("wings",))


# --- properties over generated histories ---------------------------------------------

# The profile is strength only: outcomes (sprints, jumps) are never scored nor carried.
KEYS = [
    (code, side)
    for code, spec in P.items()
    if not spec.is_outcome
    for side in (("L", "R") if spec.sided else ("B",))
]


@st.composite
def histories(draw):
    """Assessments oldest first: (days before ON, {key: value}); the last is the newest."""
    n = draw(st.integers(1, 6))
    offsets = sorted(draw(st.lists(st.integers(0, 400), min_size=n, max_size=n)), reverse=True)
    out = []
    for offset in offsets:
        keys = draw(st.sets(st.sampled_from(KEYS), min_size=1, max_size=len(KEYS)))
        values = {
            k: draw(st.floats(P[k[0]].plausible_min, P[k[0]].plausible_max, allow_nan=False))
            for k in sorted(keys)
        }
        out.append((offset, values))
    window = draw(st.integers(1, 104)) * 7
    return out, window


def build(history, window):
    """Chain the profiles the way the services do; returns [(date, results, latest, profile)]."""
    built, earlier, previous = [], [], None
    for offset, values in history:
        date = days_ago(offset)
        current = [Result(c, s, v) for (c, s), v in values.items()]
        latest = latest_results(current, earlier=earlier, on=date, window_days=window, protocols=P)
        profile = assess_latest(latest, body_mass_kg=72, sex="F", protocols=P, previous=previous)
        built.append((date, values, latest, profile))
        earlier = earlier + [DatedResult(c, s, v, date) for (c, s), v in values.items()]
        previous = profile
    return built


@settings(max_examples=1500, deadline=None)
@given(histories())
def test_properties_of_partial_retests(case):
    history, window = case
    built = build(history, window)
    for i, (date, values, latest, profile) in enumerate(built):
        assert profile.carried == latest.carried
        start = date - dt.timedelta(days=window)
        in_window = [(d, v) for d, v, *_ in built[:i] if start <= d <= date]
        # carried values equal the latest value in the window; nothing older is used
        for c in profile.carried:
            key = (c.protocol_code, c.side)
            assert key not in values
            assert start <= c.date <= date
            candidates = [(d, vals[key]) for d, vals in in_window if key in vals]
            best = max(d for d, _ in candidates)
            assert c.date == best
            assert c.value == [v for d, v in candidates if d == best][-1]
        used = {(p.protocol_code, p.side) for g in profile.groups.values() for p in g.protocols}
        assert used == set(values) | {(c.protocol_code, c.side) for c in profile.carried}
        # every key measured within the window is in the profile (a retest erases nothing)
        for _, vals in in_window:
            assert set(vals) <= used
        # so a group tested within the window is never "untested"
        tested_in_window = {P[c].group for _, vals in in_window for c, _ in vals}
        tested_in_window |= {P[c].group for c, _ in values}
        assert {g for g in GROUPS if profile.groups[g].tested} == tested_in_window
        # stale: tested only before the window
        older = {P[c].group for d, vals, *_ in built[:i] if d < start for c, _ in vals}
        assert set(profile.stale_groups) == older - tested_in_window
        # changes only for protocols measured in both this and the previous assessment
        if i:
            before = built[i - 1][1]
            assert {(ch.protocol_code, ch.side) for ch in profile.changes} == set(values) & set(
                before
            )
        else:
            assert profile.changes == ()
