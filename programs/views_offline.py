"""The phone's offline queue arrives here: a JSON batch of logging actions, in order.

CSRF-protected like every POST (the page's script sends the token in X-CSRFToken). The
batch names the login it was queued under; a queue from another login is refused whole,
so a shared phone never sends one athlete's taps under another's account.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from athletes.selectors import athlete_for_user
from programs.services.offline import offline_actions_apply


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@require_POST
def sync(request):
    if not request.user.is_authenticated:
        return _error("Log in again to send what is saved on this phone.", 401)
    athlete = athlete_for_user(request.user)
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return _error("The request is not JSON.", 400)
    if not isinstance(body, dict):
        return _error("The request is not a JSON object.", 400)
    if str(body.get("owner")) != str(request.user.pk):
        return _error("These actions were saved on this phone under another login.", 409)
    try:
        outcomes = offline_actions_apply(
            athlete=athlete, actions=body.get("actions"), now=timezone.now()
        )
    except ValidationError as exc:
        return _error(" ".join(exc.messages), 400)
    return JsonResponse({"results": [o.as_dict() for o in outcomes]})
