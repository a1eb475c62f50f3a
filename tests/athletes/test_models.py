import datetime as dt

import pytest

from athletes.models import assessment_is_stale

TODAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("days_ago", "window_weeks", "stale"),
    [
        (0, 12, False),
        (84, 12, False),  # exactly the window: still in the profile
        (85, 12, True),
        (43, 6, True),
        (42, 6, False),
    ],
)
def test_an_assessment_is_stale_past_the_window(days_ago, window_weeks, stale):
    tested_on = TODAY - dt.timedelta(days=days_ago)
    assert assessment_is_stale(tested_on, today=TODAY, window_weeks=window_weeks) is stale
