"""Walk every coach URL as an outsider: another organization's coach, an athlete, anonymous.

The URL list is read from the resolver, so a new coach page is covered (or this test fails
asking for its kwargs) without anyone remembering to add it here.
"""

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from assessments.models import Assessment
from athletes.models import Athlete, Invitation, Team
from programs.models import (
    Prescription,
    Program,
    ProgramVersion,
    ReadinessCheckIn,
    Session,
    SessionAdjustment,
)
from tests.athletes.factories import make_assessment
from tests.factories import TeamFactory, make_personas
from tests.programs.factories import (
    ExerciseFactory,
    ProgramFactory,
    ProgramVersionFactory,
    week_of_sessions,
)

pytestmark = pytest.mark.django_db

NAMESPACES = ("athletes", "programs", "assessments")
# Not coach pages: the athlete's own phone pages and the public invitation acceptance.
NOT_COACH = {
    "athletes:invite_accept",
    "programs:today",
    "programs:log_set",
    "programs:undo_set",
    "programs:finish",
    "programs:readiness_checkin",
    "programs:sync",
    "programs:week",
    "programs:history",
    "programs:session",
}


def _walk(resolver: URLResolver, namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            yield from _walk(entry, f"{namespace}:{inner}".strip(":") if inner else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}".strip(":"), list(entry.pattern.converters)


def coach_urls() -> list[tuple[str, list[str]]]:
    seen = {}
    for name, kwargs in _walk(get_resolver()):
        namespace, _, short = name.partition(":")
        # api_*: token-authenticated endpoints with their own tests, not session pages.
        if namespace in NAMESPACES and name not in NOT_COACH and not short.startswith("api_"):
            seen.setdefault(name, kwargs)
    return sorted(seen.items())


@pytest.fixture
def world():
    personas = make_personas()
    athlete = personas.athlete
    program = ProgramFactory(athlete=athlete)
    active = ProgramVersionFactory(program=program, status="active", number=1)
    week_of_sessions(active, timezone.localdate())
    proposal = ProgramVersionFactory(program=program, status="proposed", number=2)
    week_of_sessions(proposal, timezone.localdate())
    team = TeamFactory(organization=personas.organization)
    athlete.teams.add(team)
    assessment = make_assessment(athlete)
    prescription = Prescription.objects.filter(session__version=active).first()
    # The block pages need a block: the proposal built from the assessment, and the
    # session a retest (the session pages take any session).
    ProgramVersion.objects.filter(pk=proposal.pk).update(assessment=assessment)
    Session.objects.filter(pk=prescription.session_id).update(kind="retest")
    values = {
        "athlete_id": athlete.id,
        "version_id": proposal.id,
        "prescription_id": prescription.id,
        "session_id": prescription.session_id,
        "team_id": team.id,
        "assessment_id": assessment.id,
        "adjustment_id": SessionAdjustment.objects.create(
            session=prescription.session,
            checkin=ReadinessCheckIn.objects.create(
                athlete=athlete,
                date=prescription.session.date,
                **dict.fromkeys(("sleep", "fatigue", "soreness", "stress", "mood"), 1),
            ),
            status="very_low",
            z=-3.0,
        ).id,
    }
    swap = ExerciseFactory(groups=["hip_flexors"])
    post_data = {
        "name": "Hacked",
        "first_name": "Hacked",
        "last_name": "Hacked",
        "email": "hacked@example.com",
        "sex": "M",
        "level": "advanced",
        "event_focus": "sprint",
        "available_weekdays": ["0"],
        "locked": "1",
        "block_length": "6",
        "weeks": "2",
        "note": "hacked",
        "exercise": str(swap.id),
        "sets": "9",
        "date": str(timezone.localdate()),
        "body_mass_kg": "80",
    }
    return personas, values, post_data


def snapshot():
    """Everything a refused write could have touched."""
    return (
        list(Athlete.objects.order_by("id").values()),
        list(Team.objects.order_by("id").values()),
        list(Program.objects.order_by("id").values()),
        list(ProgramVersion.objects.order_by("id").values("id", "status", "decided_at")),
        list(Session.objects.order_by("id").values("id", "coach_note")),
        list(Prescription.objects.order_by("id").values()),
        list(Assessment.objects.order_by("id").values("id", "date", "balance_level")),
        Invitation.objects.count(),
        list(SessionAdjustment.objects.order_by("id").values("id", "undone_at")),
    )


def _url(name, kwargs, values):
    missing = [k for k in kwargs if k not in values]
    assert not missing, f"{name}: give test_access a value for {missing}"
    return reverse(name, kwargs={k: values[k] for k in kwargs})


def test_the_walk_covers_the_coach_pages():
    names = {name for name, _ in coach_urls()}
    assert {"athletes:roster", "athletes:detail", "programs:coach_program"} <= names
    assert {"programs:prescription_edit", "athletes:team_archive"} <= names


def test_the_coach_of_the_organization_gets_every_page(client, world):
    personas, values, _post = world
    client.force_login(personas.coach)
    for name, kwargs in coach_urls():
        response = client.get(_url(name, kwargs, values))
        # 405: a POST-only action; anything but 404 shows the ids above are the coach's own.
        assert response.status_code in (200, 302, 405), name


@pytest.mark.parametrize("who", ["other_coach", "athlete", "anonymous"])
def test_outsiders_are_refused_everywhere_and_change_nothing(client, world, who):
    personas, values, post_data = world
    if who == "other_coach":
        client.force_login(personas.other_coach)
    elif who == "athlete":
        client.force_login(personas.athlete.user)
    before = snapshot()
    for name, kwargs in coach_urls():
        if who == "other_coach" and not kwargs:
            continue  # their own roster, import, teams: scoping is tested per page
        url = _url(name, kwargs, values)
        for htmx in ({}, {"HTTP_HX_REQUEST": "true"}):
            statuses = {}
            for method in ("get", "post"):
                response = getattr(client, method)(url, post_data, **htmx)
                statuses[method] = response.status_code
                if who == "anonymous":
                    assert response.status_code == 302, (name, method)
                    assert response.url.startswith(reverse(settings.LOGIN_URL)), name
            if who != "anonymous":
                # 405 for the method a view does not take; the one it takes must be a 404.
                assert set(statuses.values()) <= {404, 405}, (name, statuses, who)
                assert 404 in statuses.values(), (name, statuses, who)
    assert snapshot() == before
