"""Where each benchmarked page spends its time, in-process: SQL, template, the rest.

    .venv/bin/python benchmarks/page_split.py [--requests 200]

Runs against the database benchmarks/run.py seeded (`speedchain_bench`; DATABASE_URL
overrides) with the same subjects and sessions, through Django's test client, so there
is no HTTP server in the figures. Per page: the mean and median time of a request, the
time spent waiting for SQL (every query, timed by a connection execute wrapper), the
time in template rendering (nested renders counted once, at the outermost; queries run
while rendering count as SQL), and the
rest: middleware, the ORM building queries and model instances, view code.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"
os.environ.setdefault("DATABASE_URL", "postgres://localhost:5432/speedchain_bench")


class Split:
    """Accumulates SQL and template time across requests."""

    def __init__(self):
        self.sql_s = 0.0
        self.queries = 0
        self.render_s = 0.0
        self._depth = 0

    def execute(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.sql_s += time.perf_counter() - start
            self.queries += 1

    def wrap_render(self, render):
        def timed(template, *args, **kwargs):
            self._depth += 1
            start, sql_before = time.perf_counter(), self.sql_s
            try:
                return render(template, *args, **kwargs)
            finally:
                self._depth -= 1
                if self._depth == 0:
                    # Queries run while rendering (lazy context) count as SQL, not here.
                    sql_inside = self.sql_s - sql_before
                    self.render_s += time.perf_counter() - start - sql_inside

        return timed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import connection
    from django.template.backends.django import Template

    from benchmarks import bench_lib as lib

    subjects = lib.pick_subjects()
    cookies = {
        "coach": lib._session_cookie(subjects["coach"]),
        "athlete": lib._session_cookie(subjects["athlete"].user),
    }
    print("| page | mean ms | median ms | SQL ms (queries) | template ms | rest ms |")
    print("|---|---:|---:|---:|---:|---:|")
    original_render = Template.render
    try:
        for page in lib.page_specs(subjects):
            cookie = cookies[page["who"]]
            client = lib._client(cookie)
            for _ in range(30):  # warm: prepared statements, caches, imports
                lib.client_send(client, page, cookie)
            split = Split()
            Template.render = split.wrap_render(original_render)
            timings = []
            with connection.execute_wrapper(split.execute):
                for _ in range(args.requests):
                    start = time.perf_counter()
                    lib.client_send(client, page, cookie)
                    timings.append(time.perf_counter() - start)
            Template.render = original_render
            n = args.requests
            mean = sum(timings) / n * 1000
            sql = split.sql_s / n * 1000
            render = split.render_s / n * 1000
            print(
                f"| {page['name']} | {mean:.2f} | {statistics.median(timings) * 1000:.2f} "
                f"| {sql:.2f} ({split.queries // n}) | {render:.2f} "
                f"| {mean - sql - render:.2f} |"
            )
    finally:
        Template.render = original_render
    return 0


if __name__ == "__main__":
    sys.exit(main())
