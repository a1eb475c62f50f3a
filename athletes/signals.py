"""Signals athletes sends to the apps above it, which athletes must not import."""

from django.dispatch import Signal

# Sent inside athlete_create's transaction with `athlete`; programs gives the athlete an
# (empty) program there, so a failing receiver rolls the athlete back too.
athlete_created = Signal()
