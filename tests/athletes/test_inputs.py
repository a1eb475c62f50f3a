"""Bad input on the roster's query string and the athlete form never reaches a 500."""

import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from athletes.models import Athlete
from tests.factories import AthleteFactory, TeamFactory

pytestmark = pytest.mark.django_db

PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CONTROLS = st.sampled_from(["\x00", "\x01", "\x07", "\x1b", "\x7f"])


@pytest.mark.parametrize(
    "query",
    [
        {"team": "²"},
        {"team": "99999999999999999999"},
        {"page": "²"},
        {"page": "99999999999999999999"},
        {"page": "-1"},
        {"q": "\x00"},
        {"q": "\x00\x07 "},
    ],
)
def test_roster_survives_bad_params(client, personas, query):
    client.force_login(personas.coach)
    response = client.get(reverse("athletes:roster"), query)
    assert response.status_code == 200
    assert personas.athlete.last_name in response.content.decode()


def test_roster_search_ignores_the_control_character(client, personas):
    AthleteFactory(organization=personas.organization, first_name="Zelda", last_name="Quill")
    client.force_login(personas.coach)
    html = client.get(reverse("athletes:roster"), {"q": "Quill\x00"}).content.decode()
    assert "Quill" in html
    assert personas.athlete.last_name not in html


def test_roster_team_filter_still_works(client, personas):
    team = TeamFactory(organization=personas.organization)
    personas.athlete.teams.add(team)
    client.force_login(personas.coach)
    html = client.get(reverse("athletes:roster"), {"team": str(team.id)}).content.decode()
    assert personas.athlete.last_name in html
    assert personas.other_athlete.last_name not in html


@PROPERTY
@given(
    st.dictionaries(
        st.sampled_from(["team", "page", "q", "sort", "archived"]),
        st.one_of(
            st.text(max_size=30),
            st.integers(min_value=10**15).map(str),
            st.builds(lambda a, c: a + c, st.text(max_size=5), CONTROLS),
        ),
        max_size=4,
    )
)
def test_roster_any_query_string_is_a_page(client, personas, query):
    client.force_login(personas.coach)
    assert client.get(reverse("athletes:roster"), query).status_code == 200


def _athlete_form(**overrides):
    data = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "email": "grace@example.com",
        "external_id": "",
        "sex": "F",
        "birth_date": "2005-02-03",
        "level": "advanced",
        "event_focus": "sprint",
        "available_weekdays": ["0", "2", "4"],
    }
    data.update(overrides)
    return data


@PROPERTY
@given(
    st.one_of(
        st.tuples(
            st.sampled_from(["first_name", "last_name", "external_id"]),
            st.builds(
                lambda a, c, b: a + c + b, st.text("ab", min_size=1), CONTROLS, st.text("ab")
            ),
        ),
        st.tuples(st.just("email"), st.builds(lambda c: f"a{c}b@example.com", CONTROLS)),
        st.tuples(
            st.just("birth_date"),
            st.one_of(
                st.dates(max_value=dt.date(1900, 1, 1)),
                st.dates(min_value=dt.date.today()),
            ).map(lambda d: d.isoformat()),
        ),
    )
)
def test_athlete_form_refuses_bad_input_with_a_message(client, personas, field_value):
    field, value = field_value
    client.force_login(personas.coach)
    before = Athlete.objects.count()
    response = client.post(reverse("athletes:create"), _athlete_form(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert Athlete.objects.count() == before
