"""The benchmark's floor: the cheapest authenticated page of the stack (issue 8).

Session lookup, user lookup and one query, through the full middleware stack. Every page
is reported as a multiple of this one's latency.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from athletes.selectors import is_coach


@login_required
def floor(request):
    role = "coach" if is_coach(request.user) else "user"  # the one query
    return HttpResponse(f"{request.user.email} {role}\n", content_type="text/plain")
