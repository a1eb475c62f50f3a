"""What the phone needs to work offline and that must live at the site's root.

The service worker's scope is the folder it is served from, so /static/js/sw.js could only
control /static/: it is served at /sw.js, with the release and the files to keep in front.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.templatetags.static import static
from django.views.decorators.http import require_GET

# Kept on the phone at install: what every athlete page loads.
OFFLINE_ASSETS = (
    "css/app.css",
    "css/phone.css",
    "django_htmx/htmx-2.min.js",
    "js/hold-timer.js",
    "js/offline.js",
    "favicon.svg",
    "manifest.webmanifest",
    "icons/icon-192.png",
)


def _read(name: str) -> bytes:
    path = finders.find(name)
    if path:
        with open(path, "rb") as f:
            return f.read()
    with staticfiles_storage.open(name) as f:  # collected, no app folders (production)
        return f.read()


def offline_release() -> str:
    """SPEEDCHAIN_RELEASE, or a hash of the worker and the files it keeps: any change to
    them is a new release, so phones drop their old caches."""
    if settings.OFFLINE_RELEASE:
        return settings.OFFLINE_RELEASE
    digest = hashlib.sha256(_read("js/sw.js"))
    for name in OFFLINE_ASSETS:
        digest.update(static(name).encode())
        digest.update(_read(name))
    return digest.hexdigest()[:12]


@require_GET
def service_worker(request):
    head = (
        f"var RELEASE = {json.dumps(offline_release())};\n"
        f"var PRECACHE = {json.dumps([static(name) for name in OFFLINE_ASSETS])};\n"
    )
    response = HttpResponse(
        head.encode() + _read("js/sw.js"), content_type="text/javascript; charset=utf-8"
    )
    # Always asked for again, so a new release reaches the phone on its next open.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


class LogoutView(auth_views.LogoutView):
    """Logging out also empties this browser's caches and storage for the site: the
    athlete's saved pages and unsent queue go, so the next person on the phone sees none."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
