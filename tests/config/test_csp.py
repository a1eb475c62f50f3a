"""The Content-Security-Policy header, and templates that need nothing it forbids."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import make_personas

pytestmark = pytest.mark.django_db
TEMPLATES = Path(settings.BASE_DIR) / "templates"
# What script-src/style-src 'self' block: inline scripts, on* handlers, style attributes.
FORBIDDEN = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\sstyle\s*=|<style")


def _policy(response):
    return dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )


def test_every_page_sends_the_policy(client):
    personas = make_personas()
    pages = [(None, reverse("login"))]
    pages += [(personas.coach, reverse("athletes:roster"))]
    pages += [(personas.athlete.user, reverse("programs:today"))]
    for user, url in pages:
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        policy = _policy(response)
        assert policy["script-src"] == "'self'", url
        assert policy["style-src"] == "'self'", url
        assert policy["frame-ancestors"] == "'none'"
        assert policy["object-src"] == "'none'"


def test_templates_have_no_inline_script_handler_or_style():
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for match in FORBIDDEN.finditer(path.read_text())
    ]
    assert offenders == []


def test_htmx_injects_no_indicator_style(client):
    page = client.get(reverse("login")).content.decode()
    assert '"includeIndicatorStyles":false' in page
