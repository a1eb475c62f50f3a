from django.conf import settings
from django.db import models

from assessments import balance
from config.choices import text_choices


class TestProtocol(models.Model):
    """A test: a muscle group's strength, or an outcome (sprint, jump) that shows whether a
    block worked. Seeded from assessments/protocols.toml; staff edit it in the admin."""

    Group = text_choices(
        "Group", {g: name.capitalize() for g, name in balance.GROUP_NAMES.items()}
    )
    Norm = text_choices("Norm", balance.NORM_LABELS)
    Kind = text_choices("Kind", balance.KIND_LABELS)

    __test__ = False  # not a pytest test class

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=10, choices=Kind.choices, default="strength")
    # Blank for an outcome: outcomes are not muscle groups.
    group = models.CharField(max_length=20, choices=Group.choices, blank=True)
    unit = models.CharField(max_length=10)
    sided = models.BooleanField(default=True)
    norm = models.CharField(max_length=10, choices=Norm.choices)
    reference_male = models.FloatField(null=True, blank=True)  # required for strength
    reference_female = models.FloatField(null=True, blank=True)
    sem_pct = models.FloatField(null=True, blank=True)
    noise_abs = models.FloatField(null=True, blank=True)
    swc_abs = models.FloatField(
        null=True, blank=True, help_text="Published smallest worthwhile change, in the unit."
    )
    lower_is_better = models.BooleanField(default=False, help_text="Times: smaller is better.")
    plausible_min = models.FloatField()
    plausible_max = models.FloatField()
    instructions = models.TextField(blank=True)
    source = models.TextField(blank=True)
    provisional = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(plausible_min__lt=models.F("plausible_max")),
                name="protocol_plausible_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="outcome")
                | models.Q(reference_male__gt=0, reference_female__gt=0),
                name="protocol_reference_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="outcome", group="")
                | (models.Q(kind="strength") & ~models.Q(group="")),
                name="protocol_group_fits_kind",
            ),
        ]

    def __str__(self):
        return self.name

    def to_spec(self) -> balance.ProtocolSpec:
        return balance.ProtocolSpec(
            code=self.code,
            group=self.group,
            name=self.name,
            unit=self.unit,
            sided=self.sided,
            norm=self.norm,
            reference_male=self.reference_male,
            reference_female=self.reference_female,
            sem_pct=self.sem_pct,
            noise_abs=self.noise_abs,
            plausible_min=self.plausible_min,
            plausible_max=self.plausible_max,
            provisional=self.provisional,
            source=self.source,
            instructions=self.instructions,
            kind=self.kind,
            lower_is_better=self.lower_is_better,
            swc_abs=self.swc_abs,
        )


class Assessment(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", "Entered by a coach"
        CSV = "csv", "CSV import"
        API = "api", "API"

    athlete = models.ForeignKey(
        "athletes.Athlete", on_delete=models.CASCADE, related_name="assessments"
    )
    date = models.DateField()
    body_mass_kg = models.DecimalField(max_digits=5, decimal_places=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    notes = models.TextField(blank=True)
    # The computed BalanceProfile (balance.profile_to_dict), so history is never recomputed.
    profile = models.JSONField(default=dict, blank=True)
    # Denormalized from the profile for sorting and filtering lists cheaply.
    balance_level = models.FloatField(null=True, blank=True)
    weakest_link = models.CharField(max_length=20, blank=True)
    max_asymmetry_pct = models.FloatField(null=True, blank=True)
    # The watch/act asymmetries (services.profile_asymmetries), so the roster lists them
    # without reading the ~4 kB profile of every row.
    asymmetries = models.JSONField(default=list, blank=True)
    # Partial retests (docs/profiles.md), for the roster's marks: the weakest link's
    # carried results (athletes.profile_marks.weakest_carried: {"dates", "partly"} or {})
    # and how many groups are stale (tested only before the window).
    weakest_carried = models.JSONField(default=dict, blank=True)
    stale_group_count = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["athlete", "-date", "-id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(body_mass_kg__gte=25, body_mass_kg__lte=250),
                name="assessment_body_mass_plausible",
            ),
        ]

    def __str__(self):
        return f"{self.athlete} on {self.date}"

    @property
    def balance_profile(self) -> balance.BalanceProfile | None:
        return balance.profile_from_dict(self.profile) if self.profile else None


class TestResult(models.Model):
    Side = text_choices("Side", balance.SIDE_LABELS, {"L": "LEFT", "R": "RIGHT", "B": "BOTH"})

    __test__ = False

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="results")
    protocol = models.ForeignKey(TestProtocol, on_delete=models.PROTECT, related_name="results")
    side = models.CharField(max_length=1, choices=Side.choices)
    value = models.FloatField()

    class Meta:
        ordering = ["protocol__sort_order", "side"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "protocol", "side"], name="unique_result_per_side"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="result_value_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(side__in=["L", "R", "B"]), name="result_side_valid"
            ),
        ]

    def __str__(self):
        return f"{self.protocol.code} {self.side} = {self.value}"
