"""Regeneration pipeline throughput: N athletes marked pending, real celery workers.

    .venv/bin/python benchmarks/pipeline.py --athletes 200 --workers 1 2

Uses the test settings against its own database (speedchain_bench, created and migrated
here) and Redis database 12. Prints jobs/s per worker count (from marking the athletes
pending to the last job's finish), the load average, and the per-job split of the job
body: the pure generator, SQL reads, SQL writes and the rest.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
BENCH_DB = os.environ.get("BENCH_DATABASE", "speedchain_bench")
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/12")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"postgres://localhost:5432/{BENCH_DB}"
os.environ["CELERY_BROKER_URL"] = BROKER
# The workers keep their database connections between jobs, as production's do
# (CONN_MAX_AGE 60); the test settings otherwise open one per job.
WORKER_ENV = {"TEST_CONN_MAX_AGE": "60"}


def ensure_database() -> None:
    import psycopg

    with psycopg.connect("dbname=postgres host=localhost port=5432", autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def setup() -> None:
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed(count: int) -> list[int]:
    from django.db import transaction

    from athletes.models import Athlete, Organization
    from programs.models import Program
    from programs.services.library import exercise_library_load
    from tests.worker import make_assessment

    exercise_library_load()
    organization, _ = Organization.objects.get_or_create(
        slug="bench", defaults={"name": "Benchmark club"}
    )
    existing = list(
        Athlete.objects.filter(organization=organization)
        .exclude(last_name__startswith="Other")
        .order_by("id")
    )
    groups = ["hip_flexors", "glutes", "hamstrings", "quadriceps", "calves", "core"]
    with transaction.atomic():
        for index in range(len(existing), count):
            athlete = Athlete.objects.create(
                organization=organization,
                first_name="Bench",
                last_name=f"Athlete {index}",
                sex="MF"[index % 2],
                available_weekdays=[0, 1, 2, 3, 4, 5, 6],
                equipment=["band", "barbell", "dumbbells", "box", "cones", "mat", "bench"],
            )
            make_assessment(athlete, weakest=groups[index % len(groups)])
            existing.append(athlete)
    ids = [a.id for a in existing[:count]]
    Program.objects.filter(athlete_id__in=ids).delete()  # fresh programs every run
    background(organization, count)
    analyze()
    return ids


def background(organization, count: int) -> None:
    """As many other athletes with a program, built once and kept: a real database is never
    without sessions and prescriptions. Against empty tables the workers' prepared
    statements got generic plans made for empty tables (the first drain after a reseed
    ran at half speed)."""
    from unittest import mock

    from athletes.models import Athlete
    from programs.models import Program
    from programs.services import program_regenerate

    others = Athlete.objects.filter(organization=organization, last_name__startswith="Other")
    have = others.count()
    created = [
        Athlete.objects.create(
            organization=organization,
            first_name="Bench",
            last_name=f"Other {index}",
            sex="MF"[index % 2],
            available_weekdays=[0, 1, 3, 5],
        )
        for index in range(have, count)
    ]
    Program.objects.bulk_create(
        [Program(athlete=a, regen_status=Program.Regeneration.PENDING) for a in created]
    )
    with mock.patch("programs.services.outbox._enqueue_regeneration"):
        for athlete in created:
            program_regenerate(athlete_id=athlete.id)


def analyze() -> None:
    """Statistics as a settled database's autovacuum keeps them: with a table's estimates
    off by orders of magnitude (just filled or emptied) PostgreSQL picks plans production
    would not (parallel scans of the whole prescriptions table)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def run_workers(ids: list[int], workers: int) -> tuple[float, float]:
    """Seconds from marking the athletes pending to the last job's finish, and the median
    seconds of one job as the worker timed it (Celery's "succeeded in")."""
    from django.db.models import Max

    from programs.models import Program, ProgramVersion
    from programs.services import program_mark_pending_bulk
    from tests.worker import celery_app_broker, purge_broker, running_worker

    Program.objects.filter(athlete_id__in=ids).delete()
    purge_broker(BROKER)
    with (
        celery_app_broker(BROKER),
        running_worker(
            concurrency=workers, broker_url=BROKER, database=BENCH_DB, extra_env=WORKER_ENV
        ) as worker,
    ):
        started = time.time()
        # As a CSV import marks its athletes: one transaction, one job each on commit.
        program_mark_pending_bulk(athlete_ids=ids)
        wait_until_idle(ids, started + 600)
        jobs = [float(s) for s in re.findall(r"succeeded in ([\d.]+)s", worker.log())]
    programs = Program.objects.filter(athlete_id__in=ids)
    versions = ProgramVersion.objects.filter(program__athlete_id__in=ids).count()
    if versions != len(ids):
        raise SystemExit(f"{versions} versions for {len(ids)} athletes")
    # The end is when the last job finished (its row's own timestamp, written in the job's
    # transaction), so the polling interval does not pad the figure.
    finished = programs.aggregate(last=Max("regen_finished_at"))["last"]
    return finished.timestamp() - started, statistics.median(jobs)


def wait_until_idle(ids: list[int], deadline: float) -> None:
    """One indexed COUNT every 0.2 s: the benchmark shares the CPUs with the workers, and
    polling harder takes time from them."""
    from programs.models import Program

    # A row turns idle in the transaction that writes its version (program_regenerate).
    idle = Program.objects.filter(athlete_id__in=ids, regen_status="idle")
    while (done := idle.count()) < len(ids):
        if time.time() > deadline:
            raise SystemExit(f"timed out: {done} of {len(ids)} programs regenerated")
        time.sleep(0.2)


class Split:
    """Time inside SQL statements, reads (SELECT) apart from writes (everything else:
    inserts, updates, locks, sequences, COPY), while a job runs in this process."""

    def __init__(self):
        self.reads = self.writes = 0.0
        self.statements = 0
        self._in_copy = False

    def __call__(self, execute, sql, params, many, context):
        if self._in_copy:  # timed as a whole by copy_timer
            return execute(sql, params, many, context)
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - t0
            self.statements += 1
            head = sql.lstrip()[:60].upper()
            read = head.startswith("SELECT") and not any(
                word in head for word in ("ADVISORY", "NEXTVAL")
            )
            if read:
                self.reads += elapsed
            else:
                self.writes += elapsed

    def copy_timer(self, rows_insert):
        """Wrap generate_write.rows_insert: its id reservation and COPY are writes (the
        tuples it builds for COPY are counted with them)."""

        def timed(*args, **kwargs):
            t0 = time.perf_counter()
            self._in_copy = True
            try:
                return rows_insert(*args, **kwargs)
            finally:
                self._in_copy = False
                self.writes += time.perf_counter() - t0
                self.statements += 2 + bool(kwargs.get("returning_ids"))

        return timed


def split_per_job(ids: list[int], sample: int = 40, warmup: int = 5) -> dict:
    """Medians per job, in this process: the job body (program_regenerate, committing, as
    a worker runs it) split into the generator, SQL reads, SQL writes and the rest; and
    program_generate_for alone (rolled back), the figure of the first measurements."""
    from unittest import mock

    from django.db import connection, transaction
    from django.utils import timezone

    from athletes.models import Athlete
    from programs import generator
    from programs.models import Program
    from programs.services import program_generate_for, program_regenerate

    try:
        from programs.services import generate_write
    except ImportError:  # older code: bulk_create, seen by the execute wrapper
        generate_write = None
    real_generate = generator.generate
    rows = []
    for athlete_id in ids[: sample + warmup]:
        Program.objects.filter(athlete_id=athlete_id).delete()
        Program.objects.create(athlete_id=athlete_id, regen_status="pending")
        split, spent = Split(), [0.0]

        def timed_generate(plan_input, spent=spent):
            t0 = time.perf_counter()
            try:
                return real_generate(plan_input)
            finally:
                spent[0] += time.perf_counter() - t0

        with contextlib.ExitStack() as stack:
            stack.enter_context(mock.patch.object(generator, "generate", timed_generate))
            if generate_write is not None:
                timed = split.copy_timer(generate_write.rows_insert)
                stack.enter_context(mock.patch.object(generate_write, "rows_insert", timed))
            stack.enter_context(connection.execute_wrapper(split))
            t0 = time.perf_counter()
            assert program_regenerate(athlete_id=athlete_id) is not None
            whole = time.perf_counter() - t0
        rows.append((whole, spent[0], split.reads, split.writes, split.statements))
    rows = rows[warmup:]
    whole_for = []
    today = timezone.localdate()
    for athlete in Athlete.objects.filter(id__in=ids[:sample]):
        with transaction.atomic():
            Program.objects.filter(athlete=athlete).delete()
            t0 = time.perf_counter()
            program_generate_for(athlete=athlete, today=today, trigger="assessment")
            whole_for.append(time.perf_counter() - t0)
            transaction.set_rollback(True)

    def median(index: int) -> float:
        return statistics.median(r[index] for r in rows)

    whole, pure, reads, writes = median(0), median(1), median(2), median(3)
    return {
        "sample": len(rows),
        "job": whole,
        "generator": pure,
        "reads": reads,
        "writes": writes,
        "rest": statistics.median(r[0] - r[1] - r[2] - r[3] for r in rows),
        "statements": median(4),
        "generate_for": statistics.median(whole_for),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=200)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    load_before = load_average()
    setup()
    ids = seed(args.athletes)
    rows = []
    for workers in args.workers:
        seconds, job = run_workers(ids, workers)
        rows.append((workers, seconds, len(ids) / seconds, job))
    split = split_per_job(ids)
    print(f"\n{len(ids)} athletes, one job each (database {BENCH_DB}, broker {BROKER})")
    print(f"load average before / after: {load_before} / {load_average()}")
    print(f"{'workers':>8} {'seconds':>9} {'jobs/s':>8} {'ms per job in the worker':>26}")
    for workers, seconds, rate, job in rows:
        print(f"{workers:>8} {seconds:>9.2f} {rate:>8.1f} {job * 1000:>26.1f}")
    ms = {k: v * 1000 for k, v in split.items() if k not in ("sample", "statements")}
    print(f"\nper job, in process (median of {split['sample']}, committed):")
    print(f"  program_regenerate (the job body)  {ms['job']:6.1f} ms")
    print(f"    generate() alone                 {ms['generator']:6.1f} ms")
    print(f"    SQL reads                        {ms['reads']:6.1f} ms")
    print(f"    SQL writes (COPY included)       {ms['writes']:6.1f} ms")
    print(f"    the rest (Python around them)    {ms['rest']:6.1f} ms")
    print(f"    statements                       {split['statements']:6.0f}")
    print(f"  program_generate_for (rolled back) {ms['generate_for']:6.1f} ms")


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
