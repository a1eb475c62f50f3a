"""programs' answers to the signals of the apps below it (connected in ProgramsConfig.ready).

athletes and assessments send the signals inside their own transactions and never import
programs; these receivers run in that same transaction.
"""

from django.dispatch import receiver

from assessments.signals import results_recorded
from athletes.signals import athlete_created
from programs.services.outbox import program_get_or_create, program_mark_pending_bulk


@receiver(athlete_created, dispatch_uid="programs.athlete_created")
def program_for_new_athlete(sender, *, athlete, **kwargs) -> None:
    program_get_or_create(athlete=athlete)


@receiver(results_recorded, dispatch_uid="programs.results_recorded")
def programs_pending_for_results(sender, *, athlete_ids, **kwargs) -> None:
    program_mark_pending_bulk(athlete_ids=athlete_ids)
