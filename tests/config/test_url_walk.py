"""Every URL of the app, on the real demo data, as every role: never a server error.

The URLs come from the resolver, so a new one is walked without touching this file; its
path parameters are filled from the demo data (`_parameter_sets`). Runs on PostgreSQL and,
in the SQLite pass, on the database the quick start serves.
"""

import re
import traceback
from collections import defaultdict

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from assessments.services_library import protocol_library_load
from athletes.models import ApiKey, Athlete, Team, User
from athletes.services_invitations import invitation_create
from config.celery_app import app as celery_app
from programs.models import Session, SessionAdjustment
from programs.services.library import exercise_library_load
from seeding.demo import DEMO_SLUG, demo_seed

# Unnamed patterns cannot be reversed; the admin's catch-all is the only one we have.
UNNAMED_ALLOWED = {"admin:<catch-all>"}
# Answer 404 to every role by design (so never a 200 in the walk).
ALWAYS_404 = {
    "admin:view_on_site",  # no model of ours has get_absolute_url
}
ROLES = {
    "anonymous": None,
    "coach": "coach@northside.demo",
    "athlete": "maya@northside.demo",
    "other_coach": "coach@riverside.demo",
    "staff": "admin@speedchain.demo",
}
# The roles whose pages swap fragments with htmx (requested with and without HX-Request).
HTMX_ROLES = {"coach", "athlete"}
# Links a changelist offers (filters, sorting, date drill-down): followed up to this many.
CHANGELIST_LINKS = 15


def _patterns(patterns, namespace=(), params=()):
    """(full name, parameter names) of every URL pattern under `patterns`."""
    for pattern in patterns:
        names = (*params, *_parameter_names(pattern.pattern))
        if isinstance(pattern, URLResolver):
            inner = (*namespace, pattern.namespace) if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, inner, names)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or "<catch-all>"
            yield ":".join((*namespace, name)), names


def _parameter_names(pattern) -> tuple[str, ...]:
    converters = getattr(pattern, "converters", None)
    if converters:  # path()
        return tuple(converters)
    return tuple(pattern.regex.groupindex)  # re_path()


def _admin_objects() -> dict[str, str]:
    """The admin URL prefix of each registered model (`athletes_user`) and one row's pk."""
    found = {}
    for model in admin.site._registry:
        row = model._default_manager.order_by("pk").first()
        found[f"{model._meta.app_label}_{model._meta.model_name}"] = str(row.pk) if row else "0"
    return found


# The athletes whose pages differ most: an active program with logs, a locked program with
# a proposal, no assessment yet (empty states), archived.
WALKED_ATHLETES = ("Maya", "Jonas", "Ben", "Omar")


def _parameter_sets(coach_email: str) -> list[dict]:
    """One set of path parameters per walked athlete of the coach's organization, each
    consistent with that athlete's own rows."""
    athletes = Athlete.objects.filter(
        organization__memberships__user__email=coach_email, first_name__in=WALKED_ATHLETES
    )
    team = Team.objects.filter(organization__memberships__user__email=coach_email).first()
    sets = []
    for athlete in athletes.order_by("pk"):
        values = {"athlete_id": athlete.pk, "team_id": team.pk}
        assessment = athlete.assessments.order_by("-date").first()
        if assessment:
            values["assessment_id"] = assessment.pk
        versions = athlete.program.versions.all() if hasattr(athlete, "program") else None
        if versions:
            # The newest version (Jonas's proposal); sessions from the one in use.
            values["version_id"] = versions.order_by("-pk").first().pk
            in_use = versions.filter(status="active").first() or versions.order_by("-pk")[0]
            session = (
                Session.objects.filter(version=in_use, date__gte=timezone.localdate())
                .exclude(kind="rest")
                .order_by("date")
                .first()
            )
            if session:
                values["session_id"] = session.pk
                if prescription := session.prescriptions.order_by("order").first():
                    values["prescription_id"] = prescription.pk
            # The block's retest session, for the retest form (#18).
            if retest := Session.objects.filter(version=in_use, kind="retest").first():
                sets.append({**values, "session_id": retest.pk})
        adjustment = SessionAdjustment.objects.filter(
            session__version__program__athlete=athlete
        ).first()
        if adjustment:  # the demo's lighter session (programs/demo_morning.py)
            values["adjustment_id"] = adjustment.pk
        sets.append(values)
    return sets


def _reverse_all(name: str, params: tuple[str, ...], sets: list[dict], extra: dict) -> set:
    """Every URL of the pattern that the parameter sets (or `extra`) can fill."""
    if "app_label" in params:
        labels = {m._meta.app_label for m in admin.site._registry}
        return {reverse(name, kwargs={"app_label": label}) for label in labels}
    urls = set()
    for values in [*sets, {}]:
        kwargs = {**extra, **values}
        if all(p in kwargs for p in params):
            urls.add(reverse(name, kwargs={p: kwargs[p] for p in params}))
    return urls


def _admin_row(name: str, admin_objects: dict[str, str]) -> dict:
    """`object_id` for a model admin's URL: one of its rows."""
    view = name.removeprefix("admin:")
    prefixes = [key for key in admin_objects if view.startswith(f"{key}_")]
    if not name.startswith("admin:") or not prefixes:
        return {}
    pk = admin_objects[max(prefixes, key=len)]
    return {"object_id": pk}


def _changelist_links(page: str) -> list[str]:
    return sorted(set(re.findall(r'href="(\?[^"]*)"', page)))[:CHANGELIST_LINKS]


@pytest.mark.django_db(transaction=True)
def test_every_url_as_every_role_on_the_demo_data_is_never_a_server_error(settings):
    settings.DEBUG = True
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True  # as the quick start seeds it
    try:
        protocol_library_load()
        exercise_library_load()
        demo_seed(today=timezone.localdate())
    finally:
        celery_app.conf.task_always_eager = eager
    ben = Athlete.objects.get(first_name="Ben")
    _, token = invitation_create(
        athlete=ben, created_by=User.objects.get(email="coach@northside.demo")
    )
    admin_objects = _admin_objects()
    extra = {
        "token": token,
        "uidb64": "MQ",  # password reset confirm: well-formed, not valid (the page says so)
        "content_type_id": 1,
        "object_id": "1",
        "id": User.objects.get(email="coach@northside.demo").pk,  # UserAdmin's password page
        # the demo's API key (seeding/demo.py); revoking is a POST, so the walk's GET is a 405
        "api_key_id": ApiKey.objects.get(organization__slug=DEMO_SLUG).pk,
    }
    sets = _parameter_sets("coach@northside.demo")

    urls: dict[str, set[str]] = {}
    for name, params in _patterns(get_resolver().url_patterns):
        if name in UNNAMED_ALLOWED:
            continue
        assert not name.endswith("<catch-all>"), f"unnamed URL pattern {name}: name it"
        urls[name] = _reverse_all(name, params, sets, {**extra, **_admin_row(name, admin_objects)})
        assert urls[name], f"{name} {params}: no demo data fills these parameters"

    errors, statuses = [], defaultdict(set)
    for role, email in ROLES.items():
        client = Client()
        if email:
            client.force_login(User.objects.get(email=email))
        for name, paths in urls.items():
            for path in sorted(paths):
                htmx = () if role not in HTMX_ROLES else ({"HX-Request": "true"},)
                for headers in ({}, *htmx):
                    status, page = _get(client, path, headers, errors, role)
                    if email:  # a visitor's redirect to the login page proves nothing
                        statuses[name].add(status)
                    if role == "staff" and name.endswith("_changelist") and status == 200:
                        for link in _changelist_links(page):
                            _get(client, path + link.replace("&amp;", "&"), {}, errors, role)

    assert not errors, "\n\n".join(errors)
    never_served = sorted(
        name
        for name, seen in statuses.items()
        if not seen & {200, 302}
        and seen != {405}
        and not (name == "health_worker" and seen == {503})  # no worker runs here
        and name not in ALWAYS_404
        # The token API answers API keys, not logins (walked with keys in test_api_v1.py).
        and not name.startswith("api_v1:")
    )
    # The walk proves little unless its ids open the pages for a logged-in role.
    assert not never_served, {name: statuses[name] for name in never_served}
    assert statuses["programs:prescription_edit"] >= {200}


def _get(client, path, headers, errors, role) -> tuple[int, str]:
    try:
        response = client.get(path, headers=headers)
    except Exception:
        errors.append(f"{role} GET {path} {headers}:\n{traceback.format_exc(limit=-4)}")
        return 500, ""
    # The health endpoints answer 503 to report a part that is down (here: no worker runs).
    reported = response.status_code == 503 and path.startswith("/health/")
    if response.status_code >= 500 and not reported:
        errors.append(f"{role} GET {path} {headers}: {response.status_code}")
    body = response.content.decode() if response.get("Content-Type", "").startswith("text") else ""
    return response.status_code, body
