"""The athlete's pages speak plainly: no raw codes (protocol, group, exercise, side).

The program comes from the real pipeline (library, assessment, generator), so every
sentence the generator writes for athletes is on the scanned pages.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import TestProtocol
from assessments.services_library import protocol_library_load
from programs.models import ProgramVersion, Session
from programs.services import program_generate_for
from programs.services.library import exercise_library_load
from programs.services.logs import prescription_log_set
from tests.assessments.factories import FULL_RESULTS, record
from tests.factories import AthleteUserFactory

pytestmark = pytest.mark.django_db

SNAKE_CASE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")  # hip_flexors, soleus_iso, easy_run
SIDE_CODE = re.compile(r"(?<![\w'’])[LRB](?![\w'’])")  # "L" / "R" / "B" on their own
READ_ALOUD = ("aria-label", "title", "alt", "placeholder")


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes outside script and style, and the
    attributes screen readers announce."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        self.parts += [value for name, value in attrs if name in READ_ALOUD and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(part.strip() for part in parser.parts if part.strip())


def raw_codes(text: str) -> set[str]:
    # Codes of one plain word ("glutes", "plank") read as English; the rest have underscores.
    return set(SNAKE_CASE.findall(text)) | set(SIDE_CODE.findall(text))


@pytest.fixture
def athlete():
    protocol_library_load()
    exercise_library_load()
    athlete = AthleteUserFactory()
    # Hip flexors 20 % weaker on the left: side-specific sets (L/R) and a retest of each group.
    results = [
        (code, side, 300.0 if (code, side) == ("hip_flexion_hhd", "L") else value)
        for code, side, value in FULL_RESULTS
    ]
    today = timezone.localdate()
    record(athlete, results=results)
    program_generate_for(athlete=athlete, today=today, trigger="assessment")
    return athlete


def test_no_raw_codes_on_the_athletes_pages(client, athlete):
    today = timezone.localdate()
    sessions = list(
        Session.objects.filter(
            version__program__athlete=athlete, version__status=ProgramVersion.Status.ACTIVE
        ).order_by("date")
    )
    assert any(s.kind == "retest" for s in sessions)
    assert any(p.side in ("L", "R") for s in sessions for p in s.prescriptions.all())
    todays = next(s for s in sessions if s.date == today)
    for prescription in todays.prescriptions.all():  # a started session for history
        prescription_log_set(athlete=athlete, prescription=prescription, sets_done=1, today=today)
    client.force_login(athlete.user)
    urls = [reverse("programs:today"), reverse("programs:week"), reverse("programs:history")]
    urls += [reverse("programs:session", args=[s.pk]) for s in sessions]
    problems = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if found := raw_codes(visible_text(response.content.decode())):
            problems[url] = sorted(found)
    assert problems == {}
    # The retest names the tests the athlete will do.
    retest = next(s for s in sessions if s.kind == "retest")
    html = client.get(reverse("programs:session", args=[retest.pk])).content.decode()
    assert TestProtocol.objects.get(code="hip_flexion_hhd").name in html


def test_the_scan_finds_raw_codes():
    text = visible_text(
        '<p title="x">Retest (hip_flexion_hhd)</p><p>R side</p><script>a_b = 1</script>'
    )
    assert raw_codes(text) == {"hip_flexion_hhd", "R"}
