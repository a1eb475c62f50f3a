"""Signals assessments sends to the apps above it, which assessments must not import."""

from django.dispatch import Signal

# Sent inside the recording transaction with `athlete_ids` (one or many): programs marks
# those programs pending in the same transaction (its outbox), so the pending state
# commits or rolls back with the results.
results_recorded = Signal()
