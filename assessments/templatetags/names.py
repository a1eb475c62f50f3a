"""What people read for the codes the engines and rows store: "Hip flexors", "Left".

Group names come from the balance engine (GROUP_NAMES), side names from TestResult.Side;
protocol names live on TestProtocol rows (the views look them up). Load with
{% load names %}.
"""

from django import template

from assessments.balance import GROUP_NAMES
from assessments.models import TestResult

register = template.Library()

# In a prescription or a change "B" means both sides; the form's "Both / unsided" is for
# entering results.
SIDE_NAMES = {TestResult.Side.LEFT: "Left", TestResult.Side.RIGHT: "Right", "B": "Both"}


@register.filter
def group_name(code: str | None) -> str:
    """'hip_flexors' -> 'Hip flexors'; "" for none; an unknown code as it is."""
    if not code:
        return ""
    name = GROUP_NAMES.get(code, code)
    return name[:1].upper() + name[1:]


@register.filter
def side_name(code: str | None) -> str:
    return SIDE_NAMES.get(code, code or "")
