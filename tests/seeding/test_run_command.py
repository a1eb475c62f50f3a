"""The quick start as a new user meets it: `dev.py run`'s steps in fresh processes, with the
dev settings, SQLite and no broker at all. Every regeneration the demo asks for must have
run in-process (a job sent to a broker nobody reads leaves the programs pending forever)."""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

COUNT_STATES = """
import django
django.setup()
from collections import Counter
from programs.models import Program
print(dict(Counter(Program.objects.values_list("regen_status", flat=True))))
"""


def _manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


def test_the_demo_regenerates_in_process_without_a_broker(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "REDIS_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        # Nothing listens here: queueing through a broker would fail and leave rows pending.
        "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
    }
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "load_libraries")
    seeded = _manage(env, "seed_demo", "--url", "http://127.0.0.1:8000")
    assert "speedchain-demo" in seeded.stdout
    states = subprocess.run(
        [sys.executable, "-c", COUNT_STATES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    counts = ast.literal_eval(states)
    assert counts.get("pending", 0) == 0, counts
    assert counts.get("running", 0) == 0, counts
    # The demo shows one failed regeneration on purpose (the coach's "Needs action").
    assert counts.get("failed", 0) == 1, counts
    assert counts["idle"] >= 10, counts
