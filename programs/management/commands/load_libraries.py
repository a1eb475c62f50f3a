from django.core.management.base import BaseCommand

from assessments.services_library import protocol_library_load
from programs.services.library import exercise_library_load


class Command(BaseCommand):
    help = "Load the standard test-protocol and exercise libraries (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite", action="store_true", help="Reset edited entries to the shipped files."
        )

    def handle(self, *args, overwrite=False, **options):
        p_created, p_updated = protocol_library_load(overwrite=overwrite)
        e_created, e_updated = exercise_library_load(overwrite=overwrite)
        self.stdout.write(
            f"Protocols: {p_created} created, {p_updated} updated. "
            f"Exercises: {e_created} created, {e_updated} updated."
        )
