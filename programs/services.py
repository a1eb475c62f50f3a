"""Program services, one import point for views, tasks and other apps.

The regeneration outbox is in services_outbox.py, version building in
services_generate.py, the coach's edits in services_edit.py.
"""

from programs.services_edit import (
    prescription_update,
    program_set_locked,
    program_settings_update,
    program_version_approve,
    program_version_reject,
    session_note_set,
)
from programs.services_generate import (
    program_generate_for,
    program_regenerate,
    program_regeneration_failed,
    programs_to_sweep,
)
from programs.services_outbox import (
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
