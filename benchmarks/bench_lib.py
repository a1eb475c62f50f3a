"""The benchmark's parts: database preparation, gunicorn, measurements, report.

Used by benchmarks/run.py, which sets DJANGO_SETTINGS_MODULE=config.settings.bench first.
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.bench_engines import csv_import_timing, engine_throughput
from benchmarks.bench_report import CSV_TARGET_S, machine

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
FLOOR_FACTOR = 3.0  # each page within 3x the floor's median latency
TODAY_FACTOR = 1.5  # today's page within 1.5x

# wrk reports its own percentiles and errors as one JSON line.
WRK_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,'
    .. '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout))
end
"""


TRANSACTION_CONTROL = re.compile(r"\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", re.I)


class BenchmarkError(Exception):
    pass


def _manage(*args: str) -> None:
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], check=True, cwd=ROOT)


# --- database -------------------------------------------------------------------------


def _admin_conn(database_url: str):
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    return psycopg.connect(admin, autocommit=True), name


def _database_exists(database_url: str) -> bool:
    conn, name = _admin_conn(database_url)
    with conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()


def _recreate_database(database_url: str) -> None:
    from psycopg import sql

    conn, name = _admin_conn(database_url)
    with conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _scale_state(database_url: str) -> tuple[int, int, dt.date | None]:
    """(organizations, athletes, latest plan start) of the scale data; zeros when none."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            """
            SELECT count(DISTINCT o.id), count(a.id), max(v.start_date)
            FROM athletes_organization o
            LEFT JOIN athletes_athlete a ON a.organization_id = o.id
            LEFT JOIN programs_program p ON p.athlete_id = a.id
            LEFT JOIN programs_programversion v ON v.program_id = p.id AND v.status = 'active'
            WHERE o.slug LIKE 'scale-%%'
            """
        ).fetchone()
    return row[0], row[1], row[2]


def prepare_database(database_url: str, args) -> None:
    """Create, migrate, load libraries; (re)seed unless it already holds this scale."""
    name = urlsplit(database_url).path.lstrip("/")
    if args.reset or not _database_exists(database_url):
        print(f"Creating database {name}")
        _recreate_database(database_url)
    _manage("migrate", "--noinput", "-v0")
    _manage("load_libraries")
    orgs, athletes, start = _scale_state(database_url)
    wanted = args.orgs * args.athletes
    # The seeded plan covers 14 days before and after seeding: older data is stale.
    fresh = start is not None and (dt.date.today() - start).days <= 21
    if orgs == args.orgs and athletes == wanted and fresh:
        print(f"Database {name} already holds {orgs} organizations, {athletes:,} athletes")
        _vacuum_analyze(database_url)
        return
    if orgs:
        print(f"Database {name} holds other or stale scale data: recreating it")
        _recreate_database(database_url)
        _manage("migrate", "--noinput", "-v0")
        _manage("load_libraries")
    started = time.perf_counter()
    _manage(
        "seed_scale",
        f"--orgs={args.orgs}",
        f"--athletes={args.athletes}",
        f"--assessments={args.assessments}",
        f"--seed={args.seed}",
    )
    print(f"Seeding took {time.perf_counter() - started:.0f} s")
    _vacuum_analyze(database_url)


# The planner setting docker-compose.yml gives production's PostgreSQL.
PRODUCTION_PLANNER = {"random_page_cost": "1.1"}


def _vacuum_analyze(database_url: str) -> None:
    """Statistics and visibility maps as a settled production database has them, and the
    production planner settings (for connections opened from now on)."""
    import psycopg
    from psycopg import sql

    started = time.perf_counter()
    with psycopg.connect(database_url, autocommit=True) as conn:
        name = urlsplit(database_url).path.lstrip("/")
        for setting, value in PRODUCTION_PLANNER.items():
            conn.execute(
                sql.SQL("ALTER DATABASE {} SET {} = {}").format(
                    sql.Identifier(name), sql.Identifier(setting), sql.Literal(value)
                )
            )
        conn.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE took {time.perf_counter() - started:.0f} s")


# --- who and what is measured ---------------------------------------------------------


def _session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    # A browser keeps the CSRF cookie the first page set; so does the benchmark, else every
    # request would be a first visit with a new secret (and cached fragments keyed on it).
    csrf_secret = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    return (
        f"{settings.SESSION_COOKIE_NAME}={store.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf_secret}"
    )


def pick_subjects() -> dict:
    """The first scale organization's head coach, and its athlete with the fullest session
    today (so today's page shows real work, not a rest day)."""
    from django.db.models import Count
    from django.utils import timezone

    from athletes.models import Athlete, User
    from programs.models import Session
    from seeding.scale import coach_email

    coach = User.objects.filter(email=coach_email(1)).first()
    if coach is None:
        raise BenchmarkError("no scale data: run manage.py seed_scale")
    session = (
        Session.objects.filter(
            date=timezone.localdate(),
            version__status="active",
            version__program__athlete__organization__slug="scale-1",
        )
        .annotate(n=Count("prescriptions"))
        .order_by("-n", "version__program__athlete_id")
        .select_related("version__program")
        .first()
    )
    if session is None:
        raise BenchmarkError("no session today in the scale data: rerun with --reset")
    athlete = Athlete.objects.select_related("user").get(pk=session.version.program.athlete_id)
    # The set the athlete logs: the first of today's prescriptions counted in sets.
    prescription = session.prescriptions.filter(sets__isnull=False).order_by("order").first()
    if prescription is None:
        raise BenchmarkError("today's session has no prescription counted in sets")
    return {
        "coach": coach,
        "athlete": athlete,
        "today_items": session.n,
        "prescription": prescription,
    }


# The set log's form, as the today page's htmx posts it: the same count every time, so
# each request after the first is an update of the same log (a tap never lowers it).
SET_LOG_URL = "programs:log_set"


def page_specs(subjects: dict, *, allow_missing: bool = False) -> list[dict]:
    from django.urls import NoReverseMatch, reverse

    athlete_id = subjects["athlete"].pk
    prescription = subjects["prescription"]
    specs = [
        ("floor", "bench_floor", {}, "coach"),
        ("coach roster", "athletes:roster", {}, "coach"),
        ("athlete page", "athletes:detail", {"athlete_id": athlete_id}, "coach"),
        ("program page", "programs:coach_program", {"athlete_id": athlete_id}, "coach"),
        ("today (athlete)", "programs:today", {}, "athlete"),
        ("set log (athlete POST)", SET_LOG_URL, {"prescription_id": prescription.pk}, "athlete"),
    ]
    pages = []
    for name, url_name, kwargs, who in specs:
        try:
            path = reverse(url_name, kwargs=kwargs)
        except NoReverseMatch as exc:
            if allow_missing:
                print(f"Skipping {name}: URL {url_name!r} does not exist yet")
                continue
            raise BenchmarkError(f"URL {url_name!r} does not exist yet ({exc})") from exc
        page = {"name": name, "url_name": url_name, "path": path, "who": who, "method": "GET"}
        if url_name == SET_LOG_URL:
            page.update(method="POST", body=f"sets_done={prescription.sets}")
        pages.append(page)
    return pages


def _csrf_secret(cookie: str) -> str:
    from django.conf import settings

    return dict(pair.split("=", 1) for pair in cookie.split("; "))[settings.CSRF_COOKIE_NAME]


def request_headers(page: dict, cookie: str) -> dict[str, str]:
    """The headers a browser sends: the cookies and, for the htmx POST, the CSRF token
    (the cookie's secret, which Django accepts as the token) and HX-Request."""
    headers = {"Cookie": cookie}
    if page.get("method") == "POST":
        headers |= {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-CSRFToken": _csrf_secret(cookie),
            "HX-Request": "true",
        }
    return headers


# --- in-process: status and queries per request ---------------------------------------


def _client(cookie: str):
    from django.test import Client

    client = Client()
    for pair in cookie.split("; "):
        key, value = pair.split("=", 1)
        client.cookies[key] = value
    return client


def client_send(client, page: dict, cookie: str):
    """The page's request through Django's test client (GET, or the htmx POST)."""
    if page["method"] == "GET":
        return client.get(page["path"])
    headers = request_headers(page, cookie)
    return client.post(
        page["path"],
        page["body"],
        content_type=headers.pop("Content-Type"),
        headers={k: v for k, v in headers.items() if k != "Cookie"},
    )


def count_queries(path: str, cookie: str, page: dict | None = None) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(cookie)
    page = page or {"path": path, "method": "GET"}

    def send():
        return client_send(client, page, cookie)

    send()  # warm caches the way a running server would have them
    with CaptureQueriesContext(connection) as ctx:
        response = send()
    if response.status_code != 200:
        raise BenchmarkError(
            f"{page['method']} {path} answered {response.status_code}, expected 200"
        )
    # BEGIN and COMMIT of a write are not queries (as pytest-django's counts in the tests).
    queries = [
        (float(q["time"]), q["sql"])
        for q in ctx.captured_queries
        if not TRANSACTION_CONTROL.match(q["sql"])
    ]
    slowest = sorted(queries, key=lambda q: -q[0])[:3]
    return {
        "queries": len(queries),
        "query_ms": round(sum(t for t, _ in queries) * 1000, 2),
        "slowest": [{"ms": round(t * 1000, 2), "sql": sql[:300]} for t, sql in slowest],
        "bytes": len(response.content),
    }


def roster_query_scaling(path: str, cookie: str, organization_slug: str, keep: int = 5) -> dict:
    """Queries of the roster with every athlete, and with only `keep` left active (the rest
    archived inside a rolled-back transaction): equal when constant in the athletes."""
    from django.db import transaction
    from django.utils import timezone

    from athletes.models import Athlete

    full = count_queries(path, cookie)["queries"]
    with transaction.atomic():
        athletes = Athlete.objects.filter(organization__slug=organization_slug).order_by("id")
        total = athletes.count()
        cutoff = athletes.values_list("id", flat=True)[keep - 1]
        athletes.filter(id__gt=cutoff).update(archived_at=timezone.now())
        small = count_queries(path, cookie)["queries"]
        transaction.set_rollback(True)
    return {"athletes": total, "queries": full, "small_athletes": keep, "small_queries": small}


# --- gunicorn, sequential client, wrk -------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(workers: int):
    port = _free_port()
    gunicorn_bin = str(Path(PYTHON).with_name("gunicorn"))
    command = [gunicorn_bin, "config.wsgi:application", "-w", str(workers)]
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(
            [*command, "-b", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(port, process, log)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_for(port: int, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health/")
            conn.getresponse().read()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise BenchmarkError(f"gunicorn did not start:\n{log.read()[-2000:]}") from None
            time.sleep(0.2)


def sequential(port: int, page: dict, cookie: str, requests: int) -> dict:
    """Median and p95 of `requests` one-at-a-time requests on a kept-alive connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    path, method, body = page["path"], page["method"], page.get("body")
    headers = request_headers(page, cookie)
    timings = []
    for n in range(requests + 5):  # 5 warm-up requests are not counted
        start = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        elapsed = time.perf_counter() - start
        if response.status != 200:
            raise BenchmarkError(f"{method} {path} answered {response.status} under gunicorn")
        if n >= 5:
            timings.append(elapsed * 1000)
    conn.close()
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[max(0, round(0.95 * len(timings)) - 1)], 2),
    }


def _lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run_wrk(port: int, page: dict, cookie: str, args) -> dict:
    path = page["path"]
    lua = WRK_LUA
    if page["method"] != "GET":
        lua += (
            f"wrk.method = {_lua_string(page['method'])}\nwrk.body = {_lua_string(page['body'])}\n"
        )
        for name, value in request_headers(page, cookie).items():
            lua += f"wrk.headers[{_lua_string(name)}] = {_lua_string(value)}\n"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        output = subprocess.run(
            [
                "wrk",
                f"-t{args.threads}",
                f"-c{args.connections}",
                f"-d{args.duration}",
                "--timeout",
                "10s",
                "-s",
                script.name,
                "-H",
                f"Cookie: {cookie}",
                f"http://127.0.0.1:{port}{path}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    match = re.search(r"WRKJSON (\{.*\})", output)
    if match is None:
        raise BenchmarkError(f"could not read wrk's output:\n{output}")
    import json

    data = json.loads(match.group(1))
    errors = sum(data[k] for k in ("connect", "read", "write", "status", "timeout"))
    return {
        "rps": round(data["requests"] / (data["duration_us"] / 1e6), 1),
        "requests": data["requests"],
        "p50_ms": round(data["p50_us"] / 1000, 2),
        "p95_ms": round(data["p95_us"] / 1000, 2),
        "p99_ms": round(data["p99_us"] / 1000, 2),
        "errors": errors,
        "non_2xx": data["status"],
    }


# --- the run --------------------------------------------------------------------


def run_benchmark(args) -> dict:
    from seeding.scale import scale_counts

    subjects = pick_subjects()
    cookies = {
        "coach": _session_cookie(subjects["coach"]),
        "athlete": _session_cookie(subjects["athlete"].user),
    }
    pages = page_specs(subjects, allow_missing=args.allow_missing)
    print("Counting queries (in-process client)")
    for page in pages:
        page.update(count_queries(page["path"], cookies[page["who"]], page))
    roster = next((p for p in pages if p["url_name"] == "athletes:roster"), None)
    scaling = {"athletes": 0, "queries": None, "small_athletes": 0, "small_queries": -1}
    if roster is not None:
        scaling = roster_query_scaling(roster["path"], cookies["coach"], "scale-1")
    with gunicorn(args.workers) as port:
        for page in pages:
            print(f"Measuring {page['name']} ({page['method']} {page['path']})")
            cookie = cookies[page["who"]]
            page["sequential"] = sequential(port, page, cookie, args.requests)
            page["wrk"] = run_wrk(port, page, cookie, args)
    print("Engines and CSV import")
    engines = engine_throughput()
    csv = csv_import_timing(args.csv_rows)
    floor = pages[0]["sequential"]["median_ms"]
    for page in pages:
        page["ratio"] = round(page["sequential"]["median_ms"] / floor, 2)
        limit = TODAY_FACTOR if page["url_name"] == "programs:today" else FLOOR_FACTOR
        page["limit"] = limit
        page["within"] = page["ratio"] <= limit
    targets = {
        "pages_within_floor_factor": all(p["within"] for p in pages),
        "queries_constant_in_athletes": scaling["queries"] == scaling["small_queries"],
        "no_errors_under_load": all(p["wrk"]["errors"] == 0 for p in pages),
        "csv_import_under_20s": csv["commit_s"] < CSV_TARGET_S,
    }
    set_log = next((p for p in pages if p["url_name"] == SET_LOG_URL), None)
    targets["set_log_at_most_8_queries"] = set_log is not None and set_log["queries"] <= 8
    targets["all_pages_measured"] = len(pages) == 6
    targets["all_met"] = all(targets.values())
    return {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "orgs": args.orgs,
            "athletes_per_org": args.athletes,
            "assessments": args.assessments,
            "gunicorn_workers": args.workers,
            "wrk": f"-t{args.threads} -c{args.connections} -d{args.duration}",
            "sequential_requests": args.requests,
        },
        "data": scale_counts(),
        "today_items": subjects["today_items"],
        "pages": pages,
        "roster_scaling": scaling,
        "engines": engines,
        "csv_import": csv,
        "targets": targets,
    }
