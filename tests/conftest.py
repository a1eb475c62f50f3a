import os

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread; Django's async-safety check
# would otherwise refuse ORM calls from live-server browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DATABASE_FIXTURES = {"db", "transactional_db", "live_server"}


def _on_sqlite() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def _runs_on_sqlite(item: pytest.Item) -> bool:
    """In the SQLite pass: every test that touches the database, except those marked
    postgres_only or integration (the workers and their pipeline run on PostgreSQL only).
    Tests without a database would only repeat the first pass."""
    if item.get_closest_marker("postgres_only") or item.get_closest_marker("integration"):
        return False
    return bool(item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(item.fixturenames))


def pytest_collection_modifyitems(config, items):
    if not _on_sqlite():
        return
    selected = [item for item in items if _runs_on_sqlite(item)]
    deselected = [item for item in items if not _runs_on_sqlite(item)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


# The personas every access rule is tested with (tests/factories.py::Personas): a coach,
# a coach of another organization, and athletes inside and outside the coach's one.
@pytest.fixture
def personas():
    from tests.factories import make_personas

    return make_personas()


# Logged-in clients share pytest-django's `client`: one persona per test client. A test
# that needs two personas at once logs a second django.test.Client in itself.
@pytest.fixture
def coach_client(client, personas):
    client.force_login(personas.coach)
    return client


@pytest.fixture
def athlete_client(client, personas):
    client.force_login(personas.athlete.user)
    return client
