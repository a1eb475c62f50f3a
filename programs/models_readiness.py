"""The morning readiness check-in and the session adjustments it led to (issue #20).

The rule itself is pure: programs.generator.readiness. These rows keep what was reported
and exactly what was changed, so an adjustment can be shown with its reasons and undone.
"""

from django.conf import settings
from django.db import models

from programs import generator


def _item_field(name: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(help_text=f"{name}: 1 (worst) to 5 (best)")


class ReadinessCheckIn(models.Model):
    """Five items of a wellness questionnaire (McLean 2010), one row per athlete and day."""

    athlete = models.ForeignKey(
        "athletes.Athlete", on_delete=models.CASCADE, related_name="readiness_checkins"
    )
    date = models.DateField()
    sleep = _item_field("Sleep quality")
    fatigue = _item_field("Energy (fatigue)")
    soreness = _item_field("Muscle soreness")
    stress = _item_field("Stress")
    mood = _item_field("Mood")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["athlete", "date"], name="one_checkin_per_day"),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"checkin_{name}_range",
                )
                for name in generator.READINESS_ITEMS
            ),
        ]

    def __str__(self):
        return f"Readiness of {self.athlete} on {self.date}: {self.total}/25"

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name in generator.READINESS_ITEMS)

    def to_value(self) -> generator.CheckIn:
        return generator.CheckIn(
            **{name: getattr(self, name) for name in generator.READINESS_ITEMS}
        )


class SessionAdjustment(models.Model):
    """What a low check-in changed in one session. `changes` keeps each prescription's
    values before and after, so undo restores exactly what was planned."""

    session = models.ForeignKey(
        "programs.Session", on_delete=models.CASCADE, related_name="adjustments"
    )
    checkin = models.ForeignKey(
        ReadinessCheckIn, on_delete=models.CASCADE, related_name="adjustments"
    )
    status = models.CharField(max_length=10)  # the rule's status: "low" / "very_low"
    z = models.FloatField()
    summary = models.JSONField(default=list)  # sentences with the numbers
    # [{"prescription": id, "action", "reason", "before": {...}, "after": {...}}]
    changes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session"],
                condition=models.Q(undone_at__isnull=True),
                name="one_live_adjustment_per_session",
            ),
        ]

    def __str__(self):
        return f"Readiness adjustment of {self.session}"

    @property
    def is_live(self) -> bool:
        return self.undone_at is None
