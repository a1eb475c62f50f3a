"""Tests on SQLite, the database `python3 dev.py run` serves (config.settings.dev): the
test settings with the dev settings' engine. `python3 dev.py test` runs the tests that touch
the database a second time under these (tests/conftest.py picks them).

A file, not SQLite's in-memory default, so a live-server browser test's server thread and
the test share one database.
"""

from config.settings.test import *  # noqa: F403
from config.settings.test import BASE_DIR

DATA_DIR = BASE_DIR / ".data"
DATA_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "speedchain-test.sqlite3",
        "TEST": {"NAME": DATA_DIR / "test-speedchain.sqlite3"},
    }
}
