from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.generic import RedirectView

from athletes.models import Athlete
from athletes.selectors import is_coach
from config.celery_app import app as celery_app
from programs.worker_heartbeat import worker_health_get


@never_cache
def health(request):
    """Database and broker reachability, for load balancers and compose health checks."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # any driver error means unhealthy
        checks["database"] = f"error: {exc.__class__.__name__}"
    if celery_app.conf.task_always_eager:
        checks["broker"] = "in-process"
    else:
        try:
            with celery_app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
            checks["broker"] = "ok"
        except Exception as exc:
            checks["broker"] = f"error: {exc.__class__.__name__}"
    checks["static"] = _static_check()
    healthy = all(v in ("ok", "in-process", "from-app-folders") for v in checks.values())
    # The worker is reported, not counted: a dead worker must not get the web restarted.
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks, "worker": _worker_report()},
        status=200 if healthy else 503,
    )


def _static_check() -> str:
    """Production's manifest storage needs collectstatic's manifest: without it every
    page's {% static %} fails (a 500), so the app is not healthy."""
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return "from-app-folders"  # dev and tests: served by the finders
    if staticfiles_storage.read_manifest() is None:
        return "error: no staticfiles manifest; run manage.py collectstatic"
    return "ok"


def _worker_report() -> dict:
    if celery_app.conf.task_always_eager:
        return {"status": "in-process"}
    try:
        return worker_health_get().as_dict()
    except Exception as exc:  # the database check above says why
        return {"status": f"error: {exc.__class__.__name__}"}


@never_cache
def health_worker(request):
    """200 while some worker's consumer loop wrote a heartbeat within WORKER_STALE_AFTER_S,
    503 otherwise; with the age of the oldest pending regeneration, for monitoring."""
    report = _worker_report()
    ok = report["status"] in ("ok", "in-process")
    return JsonResponse(report, status=200 if ok else 503)


@login_required
def home(request):
    """Send each role to its own start page."""
    if is_coach(request.user):
        return redirect("programs:coach_home")
    if Athlete.objects.filter(user=request.user, archived_at__isnull=True).exists():
        return redirect("programs:today")
    if request.user.is_staff:
        return redirect("admin:index")
    return render(request, "no_role.html")


class FaviconView(RedirectView):
    """/favicon.ico, which browsers ask for on every site, to the static icon. The URL is
    looked up per request: production's manifest storage names it with a content hash."""

    permanent = False  # a new icon gets a new hashed name; browsers must not pin the old one

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.ico")
