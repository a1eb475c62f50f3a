"""Invitation links: a coach creates one, the athlete opens it and sets a password.

The raw token exists only in the link; the database keeps its SHA-256, so a leaked
database does not leak usable links. A new link voids the athlete's older open ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from athletes.models import Athlete, Invitation, User

INVITATION_LIFETIME = dt.timedelta(days=7)
INVALID_MESSAGE = "This invite link is no longer valid. Ask your coach for a new one."


def token_hash(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


def invitation_create(*, athlete: Athlete, created_by: User) -> tuple[Invitation, str]:
    """A fresh one-time link for the athlete. Returns the row and the raw token (shown once)."""
    if athlete.is_archived:
        raise ValidationError("This athlete is archived. Restore them before inviting.")
    raw_token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        # Lock the athlete so two coaches inviting at once still leave one open link.
        Athlete.objects.select_for_update().get(pk=athlete.pk)
        Invitation.objects.filter(
            athlete=athlete, accepted_at__isnull=True, expires_at__gt=now
        ).update(expires_at=now)
        invitation = Invitation(
            athlete=athlete,
            created_by=created_by,
            token_hash=token_hash(raw_token),
            expires_at=now + INVITATION_LIFETIME,
        )
        invitation.full_clean()
        invitation.save()
    return invitation, raw_token


def invitation_for_token(raw_token: str, *, for_update: bool = False) -> Invitation:
    """The open invitation behind a raw token; ValidationError if unknown, used or expired."""
    invitations = Invitation.objects.select_related("athlete", "athlete__user")
    if for_update:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(token_hash=token_hash(raw_token or "")).first()
    if (
        invitation is None
        or invitation.accepted_at is not None
        or invitation.expires_at <= timezone.now()
        or invitation.athlete.is_archived
    ):
        raise ValidationError(INVALID_MESSAGE, code="invalid_invitation")
    return invitation


def _user_for(athlete: Athlete, email: str) -> User:
    """The athlete's existing login, a role-less user with their email, or a new user."""
    if athlete.user_id:
        return athlete.user
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return User(email=email, full_name=athlete.full_name)
    # Never hand an invite holder someone else's account (a coach's, another athlete's).
    if user.is_staff or user.memberships.exists() or Athlete.objects.filter(user=user).exists():
        raise ValidationError(
            {"email": "This email already belongs to another account. Ask your coach."}
        )
    return user


def invitation_accept(*, raw_token: str, password: str, email: str | None = None) -> User:
    """Set the athlete's password from a valid link and connect the login. One use only."""
    with transaction.atomic():
        invitation = invitation_for_token(raw_token, for_update=True)
        athlete = invitation.athlete
        address = (athlete.email or email or "").strip().lower()
        if not address:
            raise ValidationError({"email": "Enter your email address."})
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError({"email": "Enter a valid email address."}) from None
        user = _user_for(athlete, address)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from None
        user.set_password(password)
        user.is_active = True
        user.save()
        update_fields = []
        if athlete.user_id != user.pk:
            athlete.user = user
            update_fields.append("user")
        if not athlete.email:
            athlete.email = address
            update_fields.append("email")
        if update_fields:
            athlete.validate_constraints()
            athlete.save(update_fields=update_fields)
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return user
