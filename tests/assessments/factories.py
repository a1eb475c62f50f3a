"""Helpers for assessment tests: a plausible full battery and a quick recorder."""

import datetime as dt

from assessments.services import assessment_record
from tests.factories import days_ago

# One plausible value per protocol and side (a ~75 kg male).
FULL_RESULTS = [
    ("hip_flexion_hhd", "L", 400.0),
    ("hip_flexion_hhd", "R", 380.0),
    ("hip_extension_hhd", "L", 420.0),
    ("hip_extension_hhd", "R", 430.0),
    ("nordic_nordbord", "L", 300.0),
    ("nordic_nordbord", "R", 340.0),
    ("knee_flexion_iso", "L", 100.0),
    ("knee_flexion_iso", "R", 104.0),
    ("knee_extension_iso", "L", 230.0),
    ("knee_extension_iso", "R", 235.0),
    ("soleus_iso", "L", 1400.0),
    ("soleus_iso", "R", 1450.0),
    ("single_leg_heel_raise", "L", 24.0),
    ("single_leg_heel_raise", "R", 25.0),
    ("prone_plank", "B", 120.0),
    ("side_bridge", "L", 90.0),
    ("side_bridge", "R", 95.0),
]


def record(athlete, *, date: dt.date | None = None, body_mass_kg=75, results=None, **kwargs):
    return assessment_record(
        athlete=athlete,
        date=date or days_ago(1),
        body_mass_kg=body_mass_kg,
        results=FULL_RESULTS if results is None else results,
        **kwargs,
    )
