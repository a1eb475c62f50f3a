"""Regeneration pipeline throughput: N athletes marked pending, real celery workers.

    .venv/bin/python benchmarks/pipeline.py --athletes 200 --workers 1 2

Uses the test settings against its own database (speedchain_bench, created and migrated
here) and Redis database 12. Prints jobs/s per worker count, and the per-job split
between the pure generator and the rest (input building, database reads and writes).
"""

from __future__ import annotations

import argparse
import os
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
    existing = list(Athlete.objects.filter(organization=organization).order_by("id"))
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
    return ids


def run_workers(ids: list[int], workers: int) -> float:
    from django.db import transaction

    from athletes.models import Athlete
    from programs.models import Program, ProgramVersion
    from programs.services import program_mark_pending
    from tests.worker import celery_app_broker, purge_broker, running_worker

    Program.objects.filter(athlete_id__in=ids).delete()
    purge_broker(BROKER)
    athletes = list(Athlete.objects.filter(id__in=ids))
    with (
        celery_app_broker(BROKER),
        running_worker(concurrency=workers, broker_url=BROKER, database=BENCH_DB),
    ):
        start = time.perf_counter()
        with transaction.atomic():
            for athlete in athletes:
                program_mark_pending(athlete=athlete)
        deadline = start + 600
        while True:
            done = ProgramVersion.objects.filter(program__athlete_id__in=ids).count()
            idle = Program.objects.filter(athlete_id__in=ids, regen_status="idle").count()
            if done >= len(ids) and idle == len(ids):
                break
            if time.perf_counter() > deadline:
                raise SystemExit(f"timed out: {done} of {len(ids)} versions")
            time.sleep(0.05)
        return time.perf_counter() - start


def split_per_job(ids: list[int], sample: int = 20) -> tuple[float, float]:
    """Median seconds per job of generate() alone and of the whole in-process service."""
    from django.db import transaction
    from django.utils import timezone

    from athletes.models import Athlete
    from programs import generator
    from programs.services import program_generate_for, program_get_or_create
    from programs.services.catalogue import catalogue_current
    from programs.services.generate import latest_assessment, plan_input_for

    today = timezone.localdate()
    pure, whole = [], []
    for athlete in Athlete.objects.filter(id__in=ids[:sample]):
        with transaction.atomic():
            program = program_get_or_create(athlete=athlete)
            program.versions.all().delete()
            plan_input = plan_input_for(
                program=program,
                athlete=athlete,
                today=today,
                assessment=latest_assessment(athlete),
                active=None,
                catalogue=catalogue_current(),
            )
            t0 = time.perf_counter()
            generator.generate(plan_input)
            pure.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            program_generate_for(athlete=athlete, today=today, trigger="assessment")
            whole.append(time.perf_counter() - t0)
            transaction.set_rollback(True)
    return statistics.median(pure), statistics.median(whole)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=200)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    setup()
    ids = seed(args.athletes)
    rows = []
    for workers in args.workers:
        seconds = run_workers(ids, workers)
        rows.append((workers, seconds, len(ids) / seconds))
    pure, whole = split_per_job(ids)
    print(f"\n{len(ids)} athletes, one job each (database {BENCH_DB}, broker {BROKER})")
    print(f"{'workers':>8} {'seconds':>9} {'jobs/s':>8}")
    for workers, seconds, rate in rows:
        print(f"{workers:>8} {seconds:>9.2f} {rate:>8.1f}")
    print("\nper job, in process (median of 20):")
    print(f"  generate() alone        {pure * 1000:7.1f} ms")
    print(f"  database and the rest   {(whole - pure) * 1000:7.1f} ms")
    print(f"  program_generate_for    {whole * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
