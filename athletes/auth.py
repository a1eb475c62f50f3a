"""Login throttling keys (django-axes)."""

from athletes.models import login_email


def axes_username(request, credentials=None) -> str:
    """The login email as the lockout counts it: "Maya@Club.org" and "maya@club.org " are
    one account, so changing the case cannot buy an attacker more attempts."""
    source = credentials if credentials else getattr(request, "POST", {})
    return login_email(source.get("username", ""))
