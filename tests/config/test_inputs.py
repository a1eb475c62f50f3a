"""The shared input rules (config.validation) and the int query-param parser (config.params)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from config.params import INT_PARAM_MAX, int_param, search_text
from config.validation import (
    NUMBER_LIMIT,
    number_decimal,
    number_float,
    number_quantized,
    text_error,
    years_before,
)


@pytest.mark.parametrize(
    "value",
    [
        True,
        None,
        "abc",
        "",
        "nan",
        "inf",
        "-Infinity",
        "sNaN",
        10**400,
        -(10**12),
        1e30,
        float("nan"),
        float("inf"),
        Decimal("NaN"),
        Decimal("1e30"),
        "1" * 400,
        "1e30",
        [1],
    ],
)
def test_numbers_that_are_refused(value):
    assert number_decimal(value) is None
    assert number_float(value) is None
    assert number_quantized(value, places=1) is None


@given(st.one_of(st.integers(), st.floats(), st.decimals(), st.text(max_size=50)))
def test_number_rule_never_raises_and_bounds_what_it_accepts(value):
    number = number_decimal(value)
    if number is not None:
        assert number.is_finite()
        assert abs(number) <= NUMBER_LIMIT
        number_quantized(value, places=1)  # never an InvalidOperation


def test_numbers_that_pass():
    assert number_quantized("72.55", places=1) == Decimal("72.6")
    assert number_float(" 400 ") == 400.0
    assert number_float(Decimal("380.5")) == 380.5


@pytest.mark.parametrize(
    ("value", "multiline", "expected"),
    [
        ("plain text", False, None),
        ("two\nlines\tand a tab", True, None),
        ("two\nlines", False, "U+000A"),
        ("a\x00b", True, "U+0000"),
        ("\x7f", True, "U+007F"),
        ("\ud800", True, "U+D800"),
        ("x" * 31, False, "at most 30 characters (it has 31)"),
        (5, False, "Enter text."),
    ],
)
def test_text_rule(value, multiline, expected):
    message = text_error(value, max_chars=30, multiline=multiline)
    if expected is None:
        assert message is None
    else:
        assert expected in message


def test_years_before_a_leap_day():
    assert years_before(dt.date(2024, 2, 29), 5) == dt.date(2019, 2, 28)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7", 7),
        ("0", None),
        ("-3", None),
        ("²", None),
        ("٣", None),  # Arabic-Indic digit: isdigit() but not ASCII
        (" 7", None),
        ("99999999999999999999", None),
        (str(INT_PARAM_MAX), INT_PARAM_MAX),
        (str(INT_PARAM_MAX + 1), None),
        ("", None),
    ],
)
def test_int_param(text, expected):
    assert int_param({"n": text}, "n") == expected
    assert int_param({}, "n", default=1) == 1


@given(st.text())
def test_int_param_never_raises(text):
    value = int_param({"n": text}, "n")
    assert value is None or 1 <= value <= INT_PARAM_MAX


def test_search_text_drops_control_characters():
    assert search_text(" Ann\x00 \x07Lee ") == "Ann Lee"
