"""Benchmark: preview and commit a 10,000-row assessment CSV against a configured database.

    DJANGO_SETTINGS_MODULE=config.settings.test \
    DATABASE_URL=postgres://localhost:5432/speedchain_bench \
    .venv/bin/python benchmarks/csv_import.py [--athletes 500] [--results 20]

Run `manage.py migrate` on that database first. Everything happens in one transaction that
is rolled back at the end, so the database is left as it was and no regeneration job is
queued (queueing is an on-commit Redis call per athlete, outside the import's own cost).
"""

import argparse
import datetime as dt
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import transaction  # noqa: E402

from assessments.csv_import import csv_import_commit, csv_import_preview  # noqa: E402
from assessments.models import TestProtocol  # noqa: E402
from assessments.services_library import protocol_library_load  # noqa: E402
from athletes.models import Athlete, Organization  # noqa: E402


class _Rollback(Exception):
    pass


def build_csv(athletes: list[Athlete], results_per_athlete: int, date: dt.date) -> bytes:
    """Each athlete gets `results_per_athlete` plausible results (cycling through protocols
    and sides; past the library's 19 slots, extra rows go to an earlier date)."""
    slots = [
        (p, side)
        for p in TestProtocol.objects.filter(active=True)
        for side in (("L", "R") if p.sided else ("B",))
    ]
    lines = ["athlete_email,date,body_mass_kg,protocol,side,value"]
    for i, athlete in enumerate(athletes):
        mass = 60 + i % 40
        for n in range(results_per_athlete):
            protocol, side = slots[n % len(slots)]
            day = date - dt.timedelta(days=7 * (n // len(slots)))
            low, high = protocol.plausible_min, protocol.plausible_max
            value = round(low + (high - low) * (0.3 + 0.4 * ((i * 7 + n * 13) % 100) / 100), 1)
            lines.append(f"{athlete.email},{day},{mass},{protocol.code},{side},{value}")
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=500)
    parser.add_argument("--results", type=int, default=20, help="results per athlete")
    args = parser.parse_args()
    today = dt.date.today()
    try:
        with transaction.atomic():
            protocol_library_load()
            tag = uuid.uuid4().hex[:8]
            organization = Organization.objects.create(name=f"Bench {tag}", slug=f"bench-{tag}")
            athletes = Athlete.objects.bulk_create(
                Athlete(
                    organization=organization,
                    first_name="Bench",
                    last_name=f"{n:05d}",
                    email=f"bench{n}-{tag}@example.com",
                    sex="MF"[n % 2],
                )
                for n in range(args.athletes)
            )
            data = build_csv(athletes, args.results, today - dt.timedelta(days=1))
            rows = data.count(b"\n") - 1
            print(f"{rows} rows, {args.athletes} athletes, {len(data) / 1024:.0f} KiB")

            start = time.perf_counter()
            preview = csv_import_preview(organization=organization, file_bytes=data, today=today)
            t_preview = time.perf_counter() - start
            assert not preview.errors, preview.errors[:5]
            print(
                f"preview: {t_preview:.2f} s ({preview.assessments_to_create} assessments, "
                f"{preview.results_to_create} results to create)"
            )

            start = time.perf_counter()
            result = csv_import_commit(
                organization=organization, file_bytes=data, user=None, today=today
            )
            t_commit = time.perf_counter() - start
            print(
                f"commit:  {t_commit:.2f} s ({result.assessments_created} assessments, "
                f"{result.results_created} results, {result.athletes_marked_pending} programs "
                f"marked pending)"
            )

            start = time.perf_counter()
            again = csv_import_commit(
                organization=organization, file_bytes=data, user=None, today=today
            )
            t_again = time.perf_counter() - start
            print(
                f"re-import of the same file: {t_again:.2f} s "
                f"({again.assessments_created} created, {again.assessments_updated} updated)"
            )
            print(f"total preview + commit: {t_preview + t_commit:.2f} s")
            raise _Rollback
    except _Rollback:
        print("rolled back: the database is unchanged")


if __name__ == "__main__":
    main()
