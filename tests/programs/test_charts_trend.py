import datetime as dt

from programs.charts_trend import trend_coords


def test_trend_coords_scale_by_date_and_value():
    d = dt.date(2025, 1, 1)
    coords = trend_coords([(d, 50.0), (d + dt.timedelta(days=10), 100.0)])
    assert coords == [("8.0", "50.0"), ("292.0", "8.0")]
    assert trend_coords([]) == []
    assert trend_coords([(d, 70.0)]) == [("8.0", "33.2")]
