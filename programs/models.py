from django.conf import settings
from django.db import models

from programs import generator


def _choices(values):
    return [(v, v.replace("_", " ").capitalize()) for v in values]


class Exercise(models.Model):
    """The exercise library. Seeded from programs/exercises.toml; staff edit it in the admin."""

    code = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=150)
    category = models.CharField(max_length=20, choices=_choices(generator.CATEGORIES))
    groups = models.JSONField(default=list, blank=True, help_text="Target muscle groups.")
    contraction = models.CharField(max_length=12, choices=_choices(generator.CONTRACTIONS))
    equipment = models.JSONField(default=list, blank=True, help_text="Everything it needs.")
    unilateral = models.BooleanField(default=False)
    muscle_length = models.CharField(
        max_length=8, choices=_choices(generator.MUSCLE_LENGTHS), blank=True
    )
    intensity = models.CharField(max_length=10, choices=_choices(generator.INTENSITIES))
    sets = models.PositiveSmallIntegerField(null=True, blank=True)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    seconds = models.PositiveIntegerField(null=True, blank=True)
    distance_m = models.PositiveIntegerField(null=True, blank=True)
    rest_s = models.PositiveIntegerField(null=True, blank=True)
    description = models.TextField(blank=True)
    cues = models.TextField(blank=True)
    video_url = models.URLField(blank=True)
    contraindications = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["category", "name"]

    def __str__(self):
        return self.name

    @property
    def default_dose(self) -> str:
        return dose_text(self)

    def to_spec(self) -> generator.ExerciseSpec:
        return generator.ExerciseSpec(
            code=self.code,
            name=self.name,
            category=self.category,
            groups=tuple(self.groups),
            contraction=self.contraction,
            equipment=tuple(self.equipment),
            unilateral=self.unilateral,
            muscle_length=self.muscle_length or None,
            intensity=self.intensity,
            sets=self.sets,
            reps=self.reps,
            seconds=self.seconds,
            distance_m=self.distance_m,
            rest_s=self.rest_s,
            cues=self.cues,
            description=self.description,
            contraindications=self.contraindications,
            video_url=self.video_url,
        )


def dose_text(obj) -> str:
    """'3 × 25 s', '6 × 60 m', '4 × 6' — shared by exercises and prescriptions."""
    parts = []
    amount = None
    if obj.reps:
        amount = f"{obj.reps}"
    elif obj.seconds:
        amount = f"{obj.seconds} s" if obj.seconds < 120 else f"{round(obj.seconds / 60)} min"
    elif obj.distance_m:
        amount = f"{obj.distance_m} m"
    if obj.sets and amount:
        parts.append(f"{obj.sets} × {amount}")
    elif amount:
        parts.append(amount)
    elif obj.sets:
        parts.append(f"{obj.sets} sets")
    return " ".join(parts)


class Program(models.Model):
    """One per athlete. Also records whether it needs regenerating (the outbox for the job)."""

    class Regeneration(models.TextChoices):
        IDLE = "idle", "Up to date"
        PENDING = "pending", "Waiting to regenerate"
        RUNNING = "running", "Regenerating"
        FAILED = "failed", "Regeneration failed"

    athlete = models.OneToOneField(
        "athletes.Athlete", on_delete=models.CASCADE, related_name="program"
    )
    locked = models.BooleanField(
        default=False, help_text="Locked: new results produce a proposal for the coach."
    )
    block_length = models.PositiveSmallIntegerField(default=4)
    weeks = models.PositiveSmallIntegerField(default=4)
    # Minutes no session may exceed (the long run aside); Weldon 2022: mostly 46-60 min.
    session_budget_min = models.PositiveSmallIntegerField(default=60)
    regen_status = models.CharField(
        max_length=10, choices=Regeneration.choices, default=Regeneration.IDLE
    )
    regen_requested_at = models.DateTimeField(null=True, blank=True)
    regen_started_at = models.DateTimeField(null=True, blank=True)
    regen_finished_at = models.DateTimeField(null=True, blank=True)
    regen_attempts = models.PositiveIntegerField(default=0)
    regen_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(block_length__gte=2, block_length__lte=8),
                name="program_block_length_range",
            ),
        ]
        indexes = [models.Index(fields=["regen_status", "regen_requested_at"])]

    def __str__(self):
        return f"Program of {self.athlete}"


class GeneratorCatalogue(models.Model):
    """One distinct exercise catalogue a version was generated from, stored once and named
    by its fingerprint (generator.catalogue_fingerprint of `content`)."""

    fingerprint = models.CharField(max_length=64, unique=True)
    content = models.JSONField()  # generator.catalogue_to_list
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Catalogue {self.fingerprint[:12]} ({len(self.content)} exercises)"


class ProgramVersion(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "Active"
        SUPERSEDED = "superseded", "Superseded"
        REJECTED = "rejected", "Rejected"

    class Trigger(models.TextChoices):
        ASSESSMENT = "assessment", "New assessment"
        MANUAL = "manual", "Coach request"
        EDIT = "edit", "Coach edit"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    trigger = models.CharField(max_length=12, choices=Trigger.choices)
    assessment = models.ForeignKey(
        "assessments.Assessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="program_versions",
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    # The block's retest, recorded from its retest session: it closes the block, and the
    # block review compares it with `assessment` (the block's start).
    end_assessment = models.ForeignKey(
        "assessments.Assessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="closed_blocks",
    )
    rationale = models.JSONField(default=list, blank=True)
    substitutions = models.JSONField(default=list, blank=True)
    # generator.plan_input_to_dict: the catalogue in it is the fingerprint of `catalogue`.
    generator_input = models.JSONField(default=dict, blank=True)
    catalogue = models.ForeignKey(
        GeneratorCatalogue,
        to_field="fingerprint",
        db_column="catalogue_fingerprint",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    input_fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    start_date = models.DateField()
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="unique_version_number"),
            models.UniqueConstraint(
                fields=["program"],
                condition=models.Q(status="active"),
                name="one_active_version_per_program",
            ),
            models.UniqueConstraint(
                fields=["program"],
                condition=models.Q(status="proposed"),
                name="one_proposed_version_per_program",
            ),
        ]

    def __str__(self):
        return f"{self.program} v{self.number} ({self.status})"


class Session(models.Model):
    """One day of a program version. Past and completed sessions are carried over unchanged."""

    # No index of its own: one_session_per_day (version, date) serves every lookup by version,
    # and each regeneration writes ~28 rows into it.
    version = models.ForeignKey(
        ProgramVersion, on_delete=models.CASCADE, related_name="sessions", db_index=False
    )
    date = models.DateField()
    week = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=12, choices=_choices(generator.SESSION_KINDS))
    title = models.CharField(max_length=150)
    purpose = models.TextField(blank=True)
    intensity = models.CharField(max_length=10, choices=_choices(generator.INTENSITIES))
    coach_note = models.TextField(blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["version", "date"], name="one_session_per_day"),
        ]

    def __str__(self):
        return f"{self.date} {self.title}"

    @property
    def is_rest(self):
        return self.kind == "rest"


class Prescription(models.Model):
    # No index of its own: unique_prescription_order (session, order) serves every lookup by
    # session, and each regeneration writes ~230 rows into it.
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="prescriptions", db_index=False
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField()
    section = models.CharField(max_length=12, default="main")
    sets = models.PositiveSmallIntegerField(null=True, blank=True)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    seconds = models.PositiveIntegerField(null=True, blank=True)
    distance_m = models.PositiveIntegerField(null=True, blank=True)
    rest_s = models.PositiveIntegerField(null=True, blank=True)
    side = models.CharField(max_length=1, default="B")
    muscle_length = models.CharField(max_length=8, blank=True)
    emphasis = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    coach_edited = models.BooleanField(default=False)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["session", "order"], name="unique_prescription_order"),
            models.CheckConstraint(
                condition=models.Q(side__in=["L", "R", "B"]), name="prescription_side_valid"
            ),
        ]

    def __str__(self):
        return f"{self.exercise} {self.dose}"

    @property
    def dose(self) -> str:
        return dose_text(self)


class SessionLog(models.Model):
    """The athlete's record of a session: one per session."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="log")
    athlete = models.ForeignKey(
        "athletes.Athlete", on_delete=models.CASCADE, related_name="session_logs"
    )
    rpe = models.PositiveSmallIntegerField(null=True, blank=True)
    # Minutes the session took: session load = RPE × minutes (Foster 2001, JSCR 15:109).
    duration_min = models.PositiveSmallIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rpe__isnull=True) | models.Q(rpe__gte=1, rpe__lte=10),
                name="session_log_rpe_range",
            ),
            models.CheckConstraint(
                condition=models.Q(duration_min__isnull=True)
                | models.Q(duration_min__gte=1, duration_min__lte=600),
                name="session_log_duration_range",
            ),
        ]
        indexes = [models.Index(fields=["athlete", "completed_at"])]

    def __str__(self):
        return f"Log of {self.session}"


class PrescriptionLog(models.Model):
    """What was done of one prescription: sets ticked off, hold seconds, load."""

    prescription = models.OneToOneField(Prescription, on_delete=models.CASCADE, related_name="log")
    sets_done = models.PositiveSmallIntegerField(default=0)
    hold_seconds = models.PositiveIntegerField(null=True, blank=True)
    load_kg = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sets_done__lte=50), name="prescription_log_sets_sane"
            ),
        ]

    def __str__(self):
        return f"{self.sets_done} sets of {self.prescription}"


class WorkerHeartbeat(models.Model):
    """The last sign of life of a Celery worker whose consumer loop is running (written by
    programs/worker_heartbeat.py). In the database, so /health/ can tell a dead worker
    even while Redis is the part that broke."""

    hostname = models.CharField(max_length=255, unique=True)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.hostname} seen {self.seen_at:%Y-%m-%d %H:%M:%S}"


class AppliedAction(models.Model):
    """A logging action sent from the phone's offline queue, applied at most once.

    The key is the phone's own UUID for the action; a replay finds its row and gets the
    stored outcome back instead of applying the action again.
    """

    class Outcome(models.TextChoices):
        APPLIED = "applied", "Applied"
        REFUSED = "refused", "Refused"

    athlete = models.ForeignKey(
        "athletes.Athlete", on_delete=models.CASCADE, related_name="applied_actions"
    )
    key = models.UUIDField()
    kind = models.CharField(max_length=16)
    done_at = models.DateTimeField()
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    message = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["athlete", "key"], name="applied_action_key_unique")
        ]

    def __str__(self):
        return f"{self.kind} {self.key} ({self.outcome})"


from programs.models_readiness import ReadinessCheckIn, SessionAdjustment  # noqa: E402, F401
