from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"

    def ready(self):
        from programs import (
            lookups,  # noqa: F401 - registers JSONField's has_item
            receivers,  # noqa: F401 - results recorded -> program pending
            tasks,  # noqa: F401 - the outbox queues by name: every process must know them
        )
