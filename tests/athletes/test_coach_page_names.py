"""Coach pages show names, never stored codes: walked on the demo organization's data."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.balance import GROUPS
from assessments.models import TestProtocol
from assessments.services_library import protocol_library_load
from athletes.models import Athlete, User
from config.celery_app import app as celery_app
from programs.services.library import exercise_library_load
from seeding.demo import demo_seed


class _Text(HTMLParser):
    """The text a person reads (no tags, attributes, scripts or styles), and each table
    cell's text on its own."""

    def __init__(self):
        super().__init__()
        self.chunks, self.cells, self._skip, self._cell = [], [], 0, None

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "td":
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag == "td" and self._cell is not None:
            self.cells.append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if not self._skip:
            self.chunks.append(data)
            if self._cell is not None:
                self._cell.append(data)


def _read(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


def _coach_urls(org) -> list[str]:
    urls = [reverse("athletes:roster"), reverse("athletes:roster") + "?archived=1"]
    for athlete in Athlete.objects.filter(organization=org):
        urls.append(reverse("athletes:detail", args=[athlete.id]))
        urls.append(reverse("programs:coach_program", args=[athlete.id]))
        for assessment in athlete.assessments.all():
            urls.append(
                reverse(
                    "assessments:detail",
                    kwargs={"athlete_id": athlete.id, "assessment_id": assessment.id},
                )
            )
        for version in athlete.program.versions.all():
            urls.append(reverse("programs:coach_version", args=[athlete.id, version.id]))
    return urls


@pytest.mark.django_db(transaction=True)
def test_coach_pages_of_the_demo_show_no_raw_codes(client, settings):
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True  # as the quick start seeds it
    settings.DEBUG = True
    try:
        protocol_library_load()
        exercise_library_load()
        demo_seed(today=timezone.localdate())
    finally:
        celery_app.conf.task_always_eager = eager
    codes = [g for g in GROUPS if "_" in g] + list(
        TestProtocol.objects.values_list("code", flat=True)
    )
    raw = re.compile(r"\b(" + "|".join(map(re.escape, codes)) + r")\b")
    plural_of_one = re.compile(r"\b1 (assessments|athletes|results|sessions|versions|days)\b")
    client.force_login(User.objects.get(email="coach@northside.demo"))
    urls = _coach_urls(Athlete.objects.get(first_name="Maya").organization)
    assert len(urls) > 20
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = _read(response.content.decode())
        text = " ".join("".join(page.chunks).split())
        assert not raw.findall(text), (url, raw.findall(text))
        assert not plural_of_one.findall(text), url
        assert not {"L", "R", "B"} & set(page.cells), url
