"""The block's retest: recording it from the retest session closes the block.

The block is the program version built from the start assessment (`version.assessment`);
its end is `version.end_assessment`, set here in the same transaction as the results.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.models import Assessment
from assessments.services import assessment_record
from programs.models import ProgramVersion, Session


def retest_record(*, session: Session, **record) -> Assessment:
    """Record the retest (assessment_record's keyword arguments) and close the block.
    Refuses, saving nothing, when the block is already closed or the date precedes its
    start."""
    version = session.version
    start = version.assessment
    errors = {}
    if version.end_assessment_id is not None:
        errors["date"] = [
            f"This block's retest is already recorded ({version.end_assessment.date:%-d %b %Y})."
        ]
    elif start is not None and record.get("date") and record["date"] <= start.date:
        errors["date"] = [
            f"The retest must come after the block's start test ({start.date:%-d %b %Y})."
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        assessment = assessment_record(athlete=version.program.athlete, **record)
        closed = ProgramVersion.objects.filter(pk=version.pk, end_assessment__isnull=True).update(
            end_assessment=assessment
        )
        if not closed:  # a second coach closed it meanwhile: keep one retest per block
            raise ValidationError({"date": ["This block's retest is already recorded."]})
    version.end_assessment = assessment
    return assessment
