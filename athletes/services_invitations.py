"""Invitation links: a coach creates one, the athlete opens it and gets a login.

Emails are global identities: one account per email across all organizations, and it
belongs to whoever can log in to it (its password, or the reset mail sent to the address).
A link creates an account for an email that has none; for an email with an account, its
owner logs in with their own password and the athlete is linked to it. No link ever
changes a password, and nothing a coach does reaches an account it cannot log in to.

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
from django.db import IntegrityError, transaction
from django.utils import timezone

from athletes.models import Athlete, Invitation, User, login_email

INVITATION_LIFETIME = dt.timedelta(days=7)
INVALID_MESSAGE = "This invite link is no longer valid. Ask your coach for a new one."
ACCOUNT_EXISTS_MESSAGE = (
    "This email already has a Speedchain account. Log in with its password to accept."
)


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


def invitation_address(invitation: Invitation, *, email: str | None = None) -> str:
    """The login email the invitation is for: the linked account's, the athlete's, or typed."""
    athlete = invitation.athlete
    if athlete.user_id:
        return athlete.user.email
    return login_email(athlete.email or email or "")


def invitation_account(invitation: Invitation, *, email: str | None = None) -> User | None:
    """The existing account the invitation points at, or None when accepting creates one."""
    if invitation.athlete.user_id:
        return invitation.athlete.user
    address = invitation_address(invitation, email=email)
    return User.objects.filter(email=address).first() if address else None


def _link(invitation: Invitation, user: User, address: str) -> None:
    athlete = invitation.athlete
    # One athlete profile per account: an owner accepting elsewhere moves their login here;
    # the old organization keeps its records, without a login.
    Athlete.objects.filter(user=user).exclude(pk=athlete.pk).update(user=None)
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


def invitation_accept(*, raw_token: str, password: str, email: str | None = None) -> User:
    """Create the athlete's account from a valid link, with the password they chose.

    Only for an email without an account: an existing account (the athlete's own login, a
    coach elsewhere, another club's athlete, one staff made) is never given a new password;
    its owner logs in and accepts with invitation_accept_as_user.
    """
    with transaction.atomic():
        invitation = invitation_for_token(raw_token, for_update=True)
        address = invitation_address(invitation, email=email)
        if not address:
            raise ValidationError({"email": "Enter your email address."})
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError({"email": "Enter a valid email address."}) from None
        if invitation_account(invitation, email=address) is not None:
            raise ValidationError(ACCOUNT_EXISTS_MESSAGE, code="account_exists")
        user = User(email=address, full_name=invitation.athlete.full_name)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from None
        user.set_password(password)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # the same email accepted a moment ago through another link
            raise ValidationError(ACCOUNT_EXISTS_MESSAGE, code="account_exists") from None
        _link(invitation, user, address)
    return user


def invitation_accept_as_user(*, raw_token: str, user: User) -> User:
    """Link the athlete to `user`, who has just proven the account is theirs (logged in).

    Refused when the invitation is for another account: a different logged-in user cannot
    accept, whatever the link says.
    """
    with transaction.atomic():
        invitation = invitation_for_token(raw_token, for_update=True)
        invitation_check_user(invitation, user=user)
        _link(invitation, user, user.email)
    return user


def invitation_check_user(invitation: Invitation, *, user: User) -> None:
    """ValidationError unless `user` is the account this invitation is for (or it names none)."""
    account = invitation_account(invitation)
    address = invitation_address(invitation)
    # An email with no account yet is that person's to claim, not this login's.
    if (account is not None and account.pk != user.pk) or (account is None and address):
        raise ValidationError(
            f"This invite is for {address}, and you are logged in as {user.email}. "
            "Log out to accept it.",
            code="other_account",
        )
