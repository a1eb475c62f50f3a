"""Speedchain scale benchmark (issue 8): one command, PostgreSQL + gunicorn + wrk.

    .venv/bin/python benchmarks/run.py [--orgs 20 --athletes 200 --assessments 6]
        [--duration 5s] [--connections 16] [--reset] [--write-docs]

Creates and migrates the database `speedchain_bench` on localhost (DATABASE_URL
overrides), loads the libraries, seeds it with `manage.py seed_scale` when it holds no
(or other-sized, or stale) scale data, starts gunicorn with config.settings.bench and
measures, per page: median and p95 latency of sequential requests, requests per second
and latency under wrk's concurrent load, errors, and database queries per request. Then
engine throughput and the 10,000-row CSV import. Prints a table, writes
benchmarks/results/latest.json, and with --write-docs the figures in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"
os.environ.setdefault("DATABASE_URL", "postgres://localhost:5432/speedchain_bench")

from benchmarks import bench_lib as lib  # noqa: E402
from benchmarks import bench_report as report  # noqa: E402


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Speedchain scale benchmark (issue 8).")
    parser.add_argument("--orgs", type=int, default=20)
    parser.add_argument("--athletes", type=int, default=200, help="per organization")
    parser.add_argument("--assessments", type=int, default=6, help="per athlete")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", default="5s", help="wrk duration per page (5s)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--requests", type=int, default=100, help="sequential requests (100)")
    parser.add_argument("--csv-rows", type=int, default=10_000)
    parser.add_argument("--reset", action="store_true", help="drop and reseed the database")
    parser.add_argument(
        "--allow-missing", action="store_true", help="skip pages whose URL does not exist"
    )
    parser.add_argument("--write-docs", action="store_true", help="update docs/performance.md")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        print(
            "wrk is not installed. Install it with: sudo apt-get install -y wrk", file=sys.stderr
        )
        return 2
    database_url = os.environ["DATABASE_URL"]
    lib.prepare_database(database_url, args)
    import django

    django.setup()
    try:
        results = lib.run_benchmark(args)
    except lib.BenchmarkError as exc:
        print(f"\nBenchmark failed: {exc}", file=sys.stderr)
        return 1
    print()
    print(report.format_table(results))
    out = ROOT / "benchmarks" / "results" / "latest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"\nWrote {out.relative_to(ROOT)}")
    if args.write_docs:
        path = report.write_docs(results, ROOT / "docs" / "performance.md")
        print(f"Updated {path.relative_to(ROOT)}")
    return 0 if results["targets"]["all_met"] else 3


if __name__ == "__main__":
    sys.exit(main())
