"""Program services, one import point for views, tasks and other apps.

The regeneration outbox is in outbox.py, version building in generate.py, the coach's
edits in edit.py, the athlete's logging in logs.py, the libraries in library.py.
"""

from programs.services.edit import (
    prescription_update,
    program_set_locked,
    program_settings_update,
    program_version_approve,
    program_version_reject,
    session_note_set,
)
from programs.services.generate import (
    program_generate_for,
    program_regenerate,
    program_regeneration_failed,
    programs_to_sweep,
)
from programs.services.outbox import (
    program_enqueue_on_commit,
    program_get_or_create,
    program_mark_pending,
    program_mark_pending_bulk,
    program_request_regeneration,
)

__all__ = [
    "prescription_update",
    "program_enqueue_on_commit",
    "program_generate_for",
    "program_get_or_create",
    "program_mark_pending",
    "program_mark_pending_bulk",
    "program_regenerate",
    "program_regeneration_failed",
    "program_request_regeneration",
    "program_set_locked",
    "program_settings_update",
    "program_version_approve",
    "program_version_reject",
    "programs_to_sweep",
    "session_note_set",
]
