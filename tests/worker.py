"""A real `celery worker` subprocess for integration tests and the pipeline benchmark,
plus the data helpers they share (assessments with a chosen weakest link).

    with running_worker(concurrency=2) as worker:
        ...  # enqueue, then poll the database with wait_for(...)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from celery.utils.nodenames import host_format
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
CELERY = BASE_DIR / ".venv" / "bin" / "celery"
# Its own Redis database, apart from the default test broker (15) and development (0).
TEST_BROKER_URL = os.environ.get("SPEEDCHAIN_TEST_BROKER_URL", "redis://127.0.0.1:6379/14")
# Nothing listens here: a broker outage.
DEAD_BROKER_URL = "redis://127.0.0.1:6390/0"


def database_url(name: str | None = None) -> str:
    """A DATABASE_URL for the current connection's database (the test database inside a
    test: pytest-django renames it test_...)."""
    s = connection.settings_dict
    user = quote(s.get("USER") or "")
    password = quote(s.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = s.get("HOST") or "localhost"
    port = s.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{name or s['NAME']}"


def purge_broker(url: str = TEST_BROKER_URL) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def queue_length(url: str = TEST_BROKER_URL, queue: str = "celery") -> int:
    import redis

    return redis.Redis.from_url(url).llen(queue)


@contextlib.contextmanager
def celery_app_broker(url: str) -> Iterator[None]:
    """Make this process publish to `url` (the app caches its connection pool)."""
    from config.celery_app import app

    def reset() -> None:
        # Drop the cached pools (not close: kombu's registry would hand the closed one back).
        app._pool = None
        app.amqp._producer_pool = None

    # CELERY_BROKER_URL in the environment outranks conf.broker_url; the read and write
    # URLs outrank both.
    names = ("broker_url", "broker_read_url", "broker_write_url")
    old = {name: app.conf.get(name) for name in names}
    reset()
    app.conf.update(dict.fromkeys(names, url))
    try:
        yield
    finally:
        reset()
        app.conf.update(old)


@dataclass
class RedisServer:
    """A throwaway redis-server of a test's own, to freeze (SIGSTOP), thaw or kill."""

    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis(port=self.port, socket_timeout=0.5)
        wait_for(lambda: _pings(client), timeout=10, what=f"redis-server on {self.port}")

    def freeze(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        """Kill the server (thawed first, so SIGKILL is not left pending)."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=10)


def _pings(client) -> bool:
    try:
        return bool(client.ping())
    except Exception:
        return False


@contextlib.contextmanager
def dedicated_redis() -> Iterator[RedisServer]:
    """Start redis-server on a free port (kept across its restarts) and kill it on exit."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = RedisServer(port)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Worker:
    process: subprocess.Popen
    log_path: Path
    name: str  # the node name, as in its WorkerHeartbeat row

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes, as a crash or the OOM killer would."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, timeout: float = 10) -> None:
        if self.process.poll() is not None:
            # Exited by itself (os._exit): its pool processes may still run.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()


@contextlib.contextmanager
def running_worker(
    *,
    concurrency: int = 1,
    extra_env: dict[str, str] | None = None,
    broker_url: str = TEST_BROKER_URL,
    database: str | None = None,
    beat: bool = False,
    ready_timeout: float = 30,
) -> Iterator[Worker]:
    """Start `celery worker` on the test broker and database; stop it on exit.

    `database` is a database name (default: the current connection's). With beat=True
    the worker also runs the beat scheduler (-B).
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(database),
        "CELERY_BROKER_URL": broker_url,
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    name = f"test-{uuid.uuid4().hex[:8]}@%h"
    cmd = [
        str(CELERY),
        "-A",
        "config",
        "worker",
        "--pool=prefork",
        f"--concurrency={concurrency}",
        "-Q",
        "celery",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=INFO",
        "-n",
        name,
    ]
    if beat:
        schedule = Path(tempfile.gettempdir()) / f"celerybeat-{uuid.uuid4().hex}"
        cmd += ["-B", "-s", str(schedule)]
    # Kept after the run (delete=False) so a failing test can point at it.
    with tempfile.NamedTemporaryFile(
        prefix="celery-worker-", suffix=".log", delete=False
    ) as log_file:
        process = subprocess.Popen(
            cmd,
            cwd=BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill() takes the pool with it
        )
        worker = Worker(process, Path(log_file.name), host_format(name))
        try:
            deadline = time.monotonic() + ready_timeout
            while " ready." not in worker.log():
                if process.poll() is not None:
                    raise RuntimeError(f"celery worker exited early:\n{worker.log()[-3000:]}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"celery worker not ready:\n{worker.log()[-3000:]}")
                time.sleep(0.1)
            yield worker
        finally:
            worker.stop()


def wait_for(
    condition: Callable[[], object], *, timeout: float = 20, interval: float = 0.1, what=""
):
    """Poll until condition() is truthy and return it; AssertionError after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or condition}")
        time.sleep(interval)


# ------------------------------------------------------------------------------ test data
def results_with_weakest(
    group: str, *, sex: str = "M", body_mass_kg: float = 75.0, weak_pct=60.0, other_pct=95.0
):
    """Results on every standard protocol: `group` at weak_pct % of reference, the others
    at other_pct % (raw values computed back through each protocol's norm)."""
    from assessments import balance

    results = []
    for spec in balance.standard_protocols().values():
        if spec.is_outcome:  # strength tests only: outcomes have no reference to scale
            continue
        reference = spec.reference_male if sex == "M" else spec.reference_female
        scale = {"per_kg": body_mass_kg, "x_bw": body_mass_kg * balance.GRAVITY, "abs": 1.0}
        pct = weak_pct if spec.group == group else other_pct
        raw = round(reference * scale[spec.norm] * pct / 100, 1)
        for side in ("L", "R") if spec.sided else ("B",):
            results.append(balance.Result(spec.code, side, raw))
    return results


def make_assessment(athlete, *, weakest: str = "hip_flexors", date: dt.date | None = None):
    """An Assessment row with a computed profile (no TestResult rows: the pipeline reads
    the stored profile)."""
    from django.utils import timezone

    from assessments import balance
    from assessments.models import Assessment

    mass = 75.0
    profile = balance.assess(
        results_with_weakest(weakest, sex=athlete.sex, body_mass_kg=mass),
        body_mass_kg=mass,
        sex=athlete.sex,
        protocols=balance.standard_protocols(),
    )
    return Assessment.objects.create(
        athlete=athlete,
        date=date or timezone.localdate(),
        body_mass_kg=mass,
        profile=balance.profile_to_dict(profile),
        balance_level=profile.balance_level,
        weakest_link=profile.weakest_link or "",
    )
