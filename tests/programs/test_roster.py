"""The roster: filters, search, sorting, paging, program state, constant query count."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import Program, SessionLog
from programs.roster import RosterParams, roster_page
from tests.athletes.factories import make_assessment
from tests.factories import AthleteFactory, TeamFactory, days_ago
from tests.programs.factories import ProgramFactory, ProgramVersionFactory, SessionFactory

pytestmark = pytest.mark.django_db
URL = reverse("athletes:roster")


def _rows(personas, **params):
    _page, rows = roster_page(personas.coach, RosterParams(**params), today=timezone.localdate())
    return rows


def _names(rows):
    return [row.athlete.last_name for row in rows]


def _populate(organization, count: int):
    team = TeamFactory(organization=organization)
    for i in range(count):
        athlete = AthleteFactory(organization=organization, last_name=f"Runner{i:04d}")
        athlete.teams.add(team)
        make_assessment(
            athlete,
            date=days_ago(3 + i % 60),
            scores={"hip_flexors": 50.0 + i % 40},
            asymmetry={"hamstrings": (16.0, "act")},
        )
        make_assessment(athlete, date=days_ago(90))
        version = ProgramVersionFactory(program=ProgramFactory(athlete=athlete))
        session = SessionFactory(version=version, date=days_ago(2))
        SessionLog.objects.create(
            session=session, athlete=athlete, rpe=6, completed_at=timezone.now()
        )
    return team


@pytest.mark.parametrize("count", [10, 200])
def test_roster_query_count_does_not_grow_with_the_roster(
    client, personas, count, django_assert_max_num_queries
):
    team = _populate(personas.organization, count)
    client.force_login(personas.coach)
    for query in ("", "?sort=-balance", "?sort=compliance_7", f"?team={team.id}&q=runner"):
        with django_assert_max_num_queries(12):
            response = client.get(URL + query)
        assert response.status_code == 200
    assert len(response.context["rows"]) == min(count, 50)  # the team has no personas


def test_roster_paginates_fifty_per_page(client, personas):
    _populate(personas.organization, 55)
    client.force_login(personas.coach)
    response = client.get(URL + "?page=2")
    # 55 plus the two persona athletes.
    assert len(response.context["rows"]) == 7
    assert 'rel="prev"' in response.content.decode()


@pytest.mark.parametrize(("requested", "shown"), [("2", 2), ("99", 2), ("0", 2), ("x", 1)])
def test_roster_page_numbers_out_of_range_behave_like_paginator_get_page(
    personas, requested, shown
):
    for i in range(53):  # 55 with the two personas: two pages
        AthleteFactory(organization=personas.organization, last_name=f"Runner{i:04d}")
    page, rows = roster_page(
        personas.coach, RosterParams(page=requested), today=timezone.localdate()
    )
    assert (page.number, page.paginator.num_pages, page.paginator.count) == (shown, 2, 55)
    assert len(rows) == (5 if shown == 2 else 50)


def test_roster_rows_show_latest_assessment_and_flags(personas):
    athlete = personas.athlete
    make_assessment(athlete, date=days_ago(100), scores={"hip_flexors": 40.0})
    make_assessment(
        athlete,
        date=days_ago(50),
        scores={"hip_flexors": 70.0},
        asymmetry={"hamstrings": (16.0, "act"), "calves": (11.0, "watch")},
    )
    row = next(r for r in _rows(personas) if r.athlete == athlete)
    assert row.athlete.latest_balance == 70.0
    assert row.weakest_name == "hip flexors"
    assert not row.stale  # 50 days: inside the organization's default 12-week window
    assert [(a["group"], a["flag"]) for a in row.asymmetries] == [
        ("hamstrings", "act"),
        ("calves", "watch"),
    ]
    other = next(r for r in _rows(personas) if r.athlete == personas.other_athlete)
    assert other.athlete.latest_balance is None
    assert not other.stale
    # Stale is the organization's window, the same rule as the coach's "Tests out of date".
    personas.organization.profile_window_weeks = 6
    personas.organization.save()
    assert next(r for r in _rows(personas) if r.athlete == athlete).stale  # 50 days > 6 weeks


def test_roster_flags_come_from_the_stored_asymmetries_column(personas):
    # The row reads Assessment.asymmetries, never the profile (too big to load per row).
    assessment = make_assessment(personas.athlete, asymmetry={"calves": (11.0, "watch")})
    assessment.asymmetries = [{"group": "core", "flag": "act", "pct": 15.6, "weaker_side": "R"}]
    assessment.save()
    row = next(r for r in _rows(personas) if r.athlete == personas.athlete)
    assert row.asymmetries == [
        {
            "group": "core",
            "flag": "act",
            "pct": 15.6,
            "weaker_side": "R",
            "name": "core",
            "pct_text": "16",
            "weaker": "R",
        }
    ]


def test_roster_row_display_values(personas):
    make_assessment(personas.athlete, date=days_ago(2), scores={"hip_flexors": 62.5})
    version = ProgramVersionFactory(program=ProgramFactory(athlete=personas.athlete))
    logged = SessionFactory(version=version, date=days_ago(1))
    SessionFactory(version=version, date=days_ago(3))
    SessionLog.objects.create(
        session=logged, athlete=personas.athlete, completed_at=timezone.now()
    )
    row = next(r for r in _rows(personas) if r.athlete == personas.athlete)
    assert row.name == f"{personas.athlete.last_name}, {personas.athlete.first_name}"
    assert row.url == reverse("athletes:detail", args=[personas.athlete.id])
    assert (row.balance, row.balance_width) == ("63", "62.5")  # halves round up, as floatformat
    assert row.last_test == f"{days_ago(2).day} {days_ago(2):%b %Y}"
    assert row.program_badge == ("active", "active")
    assert (row.share_7, row.share_28) == ("50", "50")
    assert row.last_logged == f"{days_ago(1).day} {days_ago(1):%b}"
    untested = next(r for r in _rows(personas) if r.athlete == personas.other_athlete)
    assert (untested.balance, untested.last_test, untested.share_7) == ("", "", None)
    assert untested.program_badge is None


def test_roster_is_scoped_and_excludes_archived(personas):
    archived = AthleteFactory(organization=personas.organization, archived_at=timezone.now())
    rows = _rows(personas)
    ids = {r.athlete.id for r in rows}
    assert ids == {personas.athlete.id, personas.other_athlete.id}
    assert archived.id not in ids
    assert personas.outside_athlete.id not in ids


def test_roster_team_filter_and_search(personas):
    team = TeamFactory(organization=personas.organization)
    personas.athlete.teams.add(team)
    assert {r.athlete for r in _rows(personas, team_id=team.id)} == {personas.athlete}
    q = personas.other_athlete.last_name[:4]
    assert personas.other_athlete in {r.athlete for r in _rows(personas, q=q)}
    assert _rows(personas, q="zzzz-nobody") == []


def test_roster_sorts_by_balance_with_untested_last(personas):
    a = AthleteFactory(organization=personas.organization, last_name="Alpha")
    b = AthleteFactory(organization=personas.organization, last_name="Bravo")
    make_assessment(a, scores={"hip_flexors": 80.0})
    make_assessment(b, scores={"hip_flexors": 55.0})
    assert _names(_rows(personas, sort="balance"))[:2] == ["Bravo", "Alpha"]
    assert _names(_rows(personas, sort="-balance"))[:2] == ["Alpha", "Bravo"]


def test_roster_sorts_by_asymmetry_and_last_test(personas):
    a = AthleteFactory(organization=personas.organization, last_name="Alpha")
    b = AthleteFactory(organization=personas.organization, last_name="Bravo")
    make_assessment(a, date=days_ago(10), asymmetry={"glutes": (12.0, "watch")})
    make_assessment(b, date=days_ago(20), asymmetry={"glutes": (20.0, "act")})
    assert _names(_rows(personas, sort="-asymmetry"))[:2] == ["Bravo", "Alpha"]
    assert _names(_rows(personas, sort="last_test"))[:2] == ["Bravo", "Alpha"]


def test_roster_sorts_by_compliance(personas):
    good = AthleteFactory(organization=personas.organization, last_name="Good")
    poor = AthleteFactory(organization=personas.organization, last_name="Poor")
    for athlete, logged in ((good, True), (poor, False)):
        version = ProgramVersionFactory(program=ProgramFactory(athlete=athlete))
        session = SessionFactory(version=version, date=days_ago(1))
        if logged:
            SessionLog.objects.create(
                session=session, athlete=athlete, completed_at=timezone.now()
            )
    assert _names(_rows(personas, sort="compliance_7"))[:2] == ["Poor", "Good"]
    assert _names(_rows(personas, sort="-compliance_7"))[:2] == ["Good", "Poor"]


def test_program_status_per_row(personas):
    program = ProgramFactory(athlete=personas.athlete, regen_status=Program.Regeneration.PENDING)
    ProgramVersionFactory(program=program)
    other = ProgramFactory(athlete=personas.other_athlete)
    ProgramVersionFactory(program=other, status="active")
    ProgramVersionFactory(program=other, status="proposed")
    by_athlete = {r.athlete: r.program_status for r in _rows(personas)}
    assert by_athlete == {personas.athlete: "pending", personas.other_athlete: "proposed"}


def test_roster_page_full_and_htmx_fragment(client, personas):
    make_assessment(personas.athlete, scores={"hip_flexors": 62.0})
    client.force_login(personas.coach)
    page = client.get(URL).content.decode()
    assert "<html" in page
    assert 'id="roster-table"' in page
    assert 'hx-push-url="true"' in page
    assert re.search(r'<div class="bar"[^>]*><svg [^>]*><rect width="62.0"', page)
    fragment = client.get(URL + "?sort=balance", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert fragment.strip().startswith('<div id="roster-table"')
    assert reverse("athletes:detail", args=[personas.athlete.id]) in fragment
    # The active column flips on click, and every htmx link keeps the same real href.
    assert 'href="/roster/?sort=-balance" hx-get="/roster/?sort=-balance"' in fragment


def test_roster_empty_state(client):
    from tests.factories import CoachFactory

    client.force_login(CoachFactory())
    page = client.get(URL).content.decode()
    assert 'No athletes yet — <a href="/athletes/new/">add your first athlete</a>' in page


def test_roster_refuses_athletes_and_anonymous(client, personas):
    assert client.get(URL).status_code == 302
    client.force_login(personas.athlete.user)
    assert client.get(URL).status_code == 404


def test_home_sends_coaches_to_their_today_page(client, personas):
    client.force_login(personas.coach)
    assert client.get(reverse("home")).url == reverse("programs:coach_home")


def test_the_archived_list_holds_only_this_organizations_archived_athletes(personas):
    archived = AthleteFactory(organization=personas.organization, archived_at=timezone.now())
    AthleteFactory(organization=personas.other_organization, archived_at=timezone.now())
    make_assessment(archived, date=days_ago(5))
    rows = _rows(personas, archived=True)
    assert [r.athlete for r in rows] == [archived]
    assert rows[0].balance  # the same row as on the roster: latest test and all
    assert archived not in {r.athlete for r in _rows(personas)}


def test_the_archived_page_for_each_persona(client, personas):
    archived = AthleteFactory(
        organization=personas.organization, last_name="Zarchived", archived_at=timezone.now()
    )
    outside = AthleteFactory(
        organization=personas.other_organization,
        last_name="Youtside",
        archived_at=timezone.now(),
    )
    client.force_login(personas.coach)
    roster = client.get(URL).content.decode()
    assert f'href="{URL}?archived=1"' in roster
    assert archived.last_name not in roster
    page = client.get(URL, {"archived": "1"}).content.decode()
    assert "<h1>Archived athletes</h1>" in page
    assert archived.last_name in page
    assert personas.athlete.last_name not in page
    assert outside.last_name not in page
    assert f'href="{URL}"' in page  # back to the active athletes
    # Sorting, searching and paging stay on the archived list.
    assert f'href="{URL}?sort=balance&amp;archived=1"' in page
    assert '<input type="hidden" name="archived" value="1">' in page
    assert archived.last_name in client.get(URL, {"archived": "1", "q": "zarch"}).content.decode()

    client.force_login(personas.other_coach)
    other = client.get(URL, {"archived": "1"}).content.decode()
    assert outside.last_name in other
    assert archived.last_name not in other

    client.force_login(personas.athlete.user)
    assert client.get(URL, {"archived": "1"}).status_code == 404


def test_no_archived_athletes_says_so(client, personas):
    client.force_login(personas.coach)
    assert "No archived athletes." in client.get(URL, {"archived": "1"}).content.decode()
