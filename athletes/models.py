import datetime as dt

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from assessments import balance
from config.choices import text_choices
from programs import generator

# Partial retests (docs/profiles.md): the 12-week default spans a typical training block.
PROFILE_WINDOW_WEEKS_DEFAULT = 12
PROFILE_WINDOW_WEEKS_MIN = balance.WINDOW_DAYS_MIN // 7
PROFILE_WINDOW_WEEKS_MAX = balance.WINDOW_DAYS_MAX // 7


def login_email(value: str) -> str:
    """An email as it is stored and looked up: no surrounding spaces, lower-case."""
    return (value or "").strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("Users need an email address.")
        user = self.model(email=login_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, email):
        # Logging in with "Maya@Club.org" (a phone capitalises the first letter) finds
        # maya@club.org: emails are stored lower-case.
        return self.get(email=login_email(email))

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Logs in with an email. A coach has memberships; an athlete has an athlete profile."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return (self.full_name or self.email).split(" ")[0]


class Organization(models.Model):
    """A club, school or team: the tenant boundary."""

    name = models.CharField(max_length=150)
    slug = models.SlugField(unique=True)
    # How far back a partial retest's profile reaches for groups it did not retest
    # (docs/profiles.md); the coach sets it on Settings.
    profile_window_weeks = models.PositiveSmallIntegerField(
        default=PROFILE_WINDOW_WEEKS_DEFAULT,
        validators=[
            MinValueValidator(PROFILE_WINDOW_WEEKS_MIN),
            MaxValueValidator(PROFILE_WINDOW_WEEKS_MAX),
        ],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    profile_window_weeks__gte=PROFILE_WINDOW_WEEKS_MIN,
                    profile_window_weeks__lte=PROFILE_WINDOW_WEEKS_MAX,
                ),
                name="organization_profile_window_bounded",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def profile_window_days(self) -> int:
        return self.profile_window_weeks * 7


def assessment_is_stale(tested_on: dt.date, *, today: dt.date, window_weeks: int) -> bool:
    """A test older than the organization's profile window is out of date: its results no
    longer count in the profile (docs/profiles.md). The roster's badge and the coach's
    "Tests out of date" both ask this."""
    return (today - tested_on).days > window_weeks * 7


class Membership(models.Model):
    """A coach's membership of an organization."""

    class Role(models.TextChoices):
        COACH = "coach", "Coach"
        HEAD_COACH = "head_coach", "Head coach"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.COACH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="unique_membership"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.organization}"


class Team(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=100)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "organization", Lower("name"), name="unique_team_name_per_org"
            ),
        ]

    def __str__(self):
        return self.name


class Athlete(models.Model):
    Sex = text_choices("Sex", balance.SEX_LABELS, {"M": "MALE", "F": "FEMALE"})
    Level = text_choices("Level", generator.LEVEL_LABELS)
    EventFocus = text_choices("EventFocus", generator.EVENT_FOCUS_LABELS)

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="athletes"
    )
    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="athlete"
    )
    teams = models.ManyToManyField(Team, blank=True, related_name="athletes")
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField(blank=True)
    external_id = models.CharField(max_length=64, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices)
    birth_date = models.DateField(null=True, blank=True)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.INTERMEDIATE)
    event_focus = models.CharField(
        max_length=20, choices=EventFocus.choices, default=EventFocus.SPRINT
    )
    # 0 = Monday. Stored as a list of ints.
    available_weekdays = models.JSONField(default=list, blank=True)
    equipment = models.JSONField(default=list, blank=True)
    excluded_categories = models.JSONField(default=list, blank=True)
    excluded_exercises = models.JSONField(default=list, blank=True)
    allow_late_logging = models.BooleanField(default=False)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                "organization",
                Lower("email"),
                condition=~models.Q(email=""),
                name="unique_athlete_email_per_org",
            ),
            models.UniqueConstraint(
                fields=["organization", "external_id"],
                condition=~models.Q(external_id=""),
                name="unique_athlete_external_id_per_org",
            ),
            models.CheckConstraint(
                condition=models.Q(sex__in=["M", "F"]), name="athlete_sex_valid"
            ),
        ]
        indexes = [models.Index(fields=["organization", "archived_at"])]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_archived(self):
        return self.archived_at is not None


class Invitation(models.Model):
    """A one-time link that lets an athlete set a password. Only the token's hash is stored."""

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Invitation for {self.athlete}"


from athletes.models_api import ApiIdempotencyRecord, ApiKey  # noqa: E402, F401
