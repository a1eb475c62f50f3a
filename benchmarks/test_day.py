"""Test day: a 10,000-row CSV import for 500 athletes, until every program is regenerated.

    .venv/bin/python benchmarks/test_day.py [--athletes 500 --results 20 --workers 2]
        [--fresh]

The real import service (`csv_import_commit`) and the real pipeline: the import marks the
500 programs pending in its transaction and queues one job each on commit (the outbox),
a real `celery worker` (concurrency 2 by default) on Redis takes them. By default each
athlete is two weeks into a 4-week block built before the test day (its past sessions
are carried into the new version, as on a real retest day); `--fresh` starts them without
a program. Prints the import's seconds and the seconds from the start of the commit to
the last program's regeneration (target < 20 s). Database and broker as
benchmarks/pipeline.py (BENCH_DATABASE, BENCH_BROKER_URL); the run's organization is
deleted at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import pipeline  # sets the database and broker variables first

TARGET_S = 20.0


def prepare(athletes: int, fresh: bool, today: dt.date):
    """An organization of `athletes` with logins' emails (the CSV names athletes by
    email) and, unless fresh, a program built two weeks ago."""
    from unittest import mock

    from assessments.services_library import protocol_library_load
    from athletes.models import Athlete, Organization
    from programs.models import Program
    from programs.services import program_regenerate
    from programs.services.library import exercise_library_load

    protocol_library_load()
    exercise_library_load()
    tag = uuid.uuid4().hex[:8]
    organization = Organization.objects.create(name=f"Test day {tag}", slug=f"test-day-{tag}")
    rows = Athlete.objects.bulk_create(
        Athlete(
            organization=organization,
            first_name="Test",
            last_name=f"{n:05d}",
            email=f"test-day{n}-{tag}@example.com",
            sex="MF"[n % 2],
            available_weekdays=[0, 1, 2, 3, 4, 5, 6],
            equipment=["band", "barbell", "dumbbells", "box", "cones", "mat", "bench"],
        )
        for n in range(athletes)
    )
    if not fresh:
        started = time.perf_counter()
        Program.objects.bulk_create(
            [Program(athlete=a, regen_status=Program.Regeneration.PENDING) for a in rows]
        )
        # In this process, before the workers start: what is timed is the test day.
        with mock.patch("programs.services.outbox._enqueue_regeneration"):
            for athlete in rows:
                program_regenerate(athlete_id=athlete.id, today=today - dt.timedelta(days=14))
        pipeline.analyze()  # as autovacuum would have over the two weeks
        print(
            f"built {len(rows)} programs dated two weeks ago in "
            f"{time.perf_counter() - started:.1f} s (not timed)"
        )
    return organization, rows


def run(args) -> dict:
    from django.db.models import Max
    from django.utils import timezone

    from assessments.csv_import import csv_import_commit
    from benchmarks.csv_import import build_csv
    from programs.models import Program, ProgramVersion
    from tests.worker import celery_app_broker, purge_broker, running_worker

    today = timezone.localdate()
    organization, athletes = prepare(args.athletes, args.fresh, today)
    data = build_csv(athletes, args.results, today - dt.timedelta(days=1))
    rows = data.count(b"\n") - 1
    ids = [a.id for a in athletes]
    programs = Program.objects.filter(athlete_id__in=ids)
    versions_before = ProgramVersion.objects.filter(program__athlete_id__in=ids).count()
    print(f"{rows} rows for {len(ids)} athletes, {len(data) / 1024:.0f} KiB")
    purge_broker(pipeline.BROKER)
    try:
        with (
            celery_app_broker(pipeline.BROKER),
            running_worker(
                concurrency=args.workers,
                broker_url=pipeline.BROKER,
                database=pipeline.BENCH_DB,
                extra_env=pipeline.WORKER_ENV,
            ),
        ):
            started = time.time()
            result = csv_import_commit(
                organization=organization, file_bytes=data, user=None, today=today
            )
            imported = time.time() - started  # the commit and the 500 jobs queued
            assert result.athletes_marked_pending == len(ids), result
            pipeline.wait_until_idle(ids, started + 600)
        finished = programs.aggregate(last=Max("regen_finished_at"))["last"].timestamp()
        versions = ProgramVersion.objects.filter(program__athlete_id__in=ids).count()
        if versions - versions_before != len(ids):
            raise SystemExit(f"{versions - versions_before} new versions for {len(ids)}")
        return {
            "rows": rows,
            "athletes": len(ids),
            "workers": args.workers,
            "import_s": imported,
            "total_s": finished - started,
            "results": result.results_created,
        }
    finally:
        cleanup_started = time.perf_counter()
        organization.delete()
        print(f"deleted the run's organization in {time.perf_counter() - cleanup_started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=500)
    parser.add_argument("--results", type=int, default=20, help="results per athlete")
    parser.add_argument("--workers", type=int, default=2, help="worker concurrency")
    parser.add_argument("--fresh", action="store_true", help="athletes without a program")
    args = parser.parse_args()
    load_before = pipeline.load_average()
    pipeline.setup()
    figures = run(args)
    total = figures["total_s"]
    print(
        f"\ntest day: {figures['rows']:,} rows, {figures['athletes']} athletes "
        f"({'no program before' if args.fresh else 'two weeks into a block'}), "
        f"{figures['workers']} workers (database {pipeline.BENCH_DB})"
    )
    print(f"load average before / after: {load_before} / {pipeline.load_average()}")
    print(f"  import (commit, jobs queued)      {figures['import_s']:6.2f} s")
    print(
        f"  commit to every program rebuilt   {total:6.2f} s  "
        f"({figures['athletes'] / total:.1f} programs/s)"
    )
    print(f"  target < {TARGET_S:.0f} s: {'met' if total < TARGET_S else 'missed'}")
    sys.exit(0 if total < TARGET_S else 3)


if __name__ == "__main__":
    main()
