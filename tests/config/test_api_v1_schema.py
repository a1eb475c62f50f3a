"""Schemathesis against the served schema: generated requests to every operation, with a
live write key of a seeded organization; no 500, and every answer matches the schema.

Budget: 25 derandomized examples per operation (under a minute on two cores). The
positive-data check is left out: the schema cannot say the business rules (plausible
ranges per protocol, no future dates) that rightly answer valid-looking data with 400.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from assessments.services_library import protocol_library_load
from athletes.services_api_keys import api_key_create
from tests.assessments.factories import record
from tests.factories import make_personas

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """As Django's test client does: the WSGI app would close the connection, and with it
    the test's transaction, at the end of every request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def seeded():
    """An organization with two athletes (one with results) and a write key, once per
    operation: generated ids hit them as well as unknown ones."""
    protocol_library_load()
    p = make_personas()
    record(p.athlete)
    _key, raw = api_key_create(
        organization=p.organization, name="fuzz", scope="write", created_by=None
    )
    return raw


@schema.parametrize()
@hypothesis_settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_generated_requests_never_500_and_match_the_schema(case, seeded, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 1_000_000
    case.call_and_validate(
        headers={"Authorization": f"Bearer {seeded}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
