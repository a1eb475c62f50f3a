"""The site icon: linked from every page and served at /favicon.ico."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ICO_MAGIC = b"\x00\x00\x01\x00"  # ICONDIR: reserved 0, type 1 (icon)


def _get(client, url):
    response = client.get(url)
    # Whitenoise serves static files as streaming responses.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_favicon_ico_redirects_to_a_real_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    icon, body = _get(client, response.url)
    assert icon.status_code == 200
    assert icon["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert body.startswith(ICO_MAGIC)


def test_pages_link_the_icons_and_both_are_served(client):
    html = client.get(reverse("login")).content.decode()
    hrefs = re.findall(r'<link rel="icon" href="([^"]+)"', html)
    assert len(hrefs) == 2, html
    bodies = [_get(client, href) for href in hrefs]
    assert all(response.status_code == 200 for response, _ in bodies)
    ico, svg = (body for _, body in bodies)
    assert ico.startswith(ICO_MAGIC)
    assert svg.lstrip().startswith(b"<svg")
