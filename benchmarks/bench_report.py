"""The benchmark's report: the machine, the table, and the figures in docs/performance.md."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path

CSV_TARGET_S = 20.0
DOC_START = "<!-- bench:results:start -->"
DOC_END = "<!-- bench:results:end -->"


def machine() -> dict:
    import django
    from django.db import connection

    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split()[1]
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": pg,
        "wrk": wrk,
    }


def format_table(results: dict) -> str:
    head = (
        "| page | median ms | p95 ms | × floor | req/s (wrk) | p95 ms (wrk) | errors "
        "| queries | target |\n|---|---:|---:|---:|---:|---:|---:|---:|---|"
    )
    lines = [head]
    for p in results["pages"]:
        target = "floor" if p["url_name"] == "bench_floor" else f"≤ {p['limit']}×"
        mark = "" if p["url_name"] == "bench_floor" else (" ✓" if p["within"] else " ✗")
        lines.append(
            f"| {p['name']} | {p['sequential']['median_ms']} | {p['sequential']['p95_ms']} "
            f"| {p['ratio']} | {p['wrk']['rps']} | {p['wrk']['p95_ms']} | {p['wrk']['errors']} "
            f"| {p['queries']} | {target}{mark} |"
        )
    s, e, c = results["roster_scaling"], results["engines"], results["csv_import"]
    lines += [
        "",
        f"- Roster queries: {s['queries']} with {s['athletes']} athletes, "
        f"{s['small_queries']} with {s['small_athletes']}.",
        f"- Engines: {e['profiles_per_s']:,} profiles/s, {e['plans_per_s']} 4-week plans/s "
        "(one process).",
        f"- CSV import of {c['rows']:,} rows: commit {c['commit_s']} s"
        + (f", preview {c['preview_s']} s" if c.get("preview_s") is not None else "")
        + f" (target < {CSV_TARGET_S:.0f} s).",
    ]
    t = results["targets"]
    missed = [name for name, ok in t.items() if name != "all_met" and not ok]
    lines.append(f"- Targets: {'all met' if not missed else 'missed: ' + ', '.join(missed)}.")
    return "\n".join(lines)


def format_machine(results: dict) -> str:
    m, s, d = results["machine"], results["settings"], results["data"]
    data = ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in d.items())
    return "\n".join(
        [
            f"Run {results['when']} on {m['cpus']} CPUs ({m['cpu']}), {m['ram_gb']} GB RAM, "
            f"{m['os']}; Python {m['python']}, Django {m['django']}, PostgreSQL "
            f"{m['postgresql']}, wrk {m['wrk']}. gunicorn {s['gunicorn_workers']} sync "
            f"workers; wrk `{s['wrk']}`; sequential figures from {s['sequential_requests']} "
            "requests on one kept-alive connection. wrk, gunicorn and PostgreSQL share the "
            "machine.",
            "",
            f"Data: {data}.",
        ]
    )


def write_docs(results: dict, path: Path) -> Path:
    block = f"{DOC_START}\n{format_machine(results)}\n\n{format_table(results)}\n{DOC_END}"
    text = path.read_text() if path.exists() else ""
    if DOC_START in text and DOC_END in text:
        before, rest = text.split(DOC_START, 1)
        after = rest.split(DOC_END, 1)[1]
        text = before + block + after
    else:
        text = text + "\n" + block + "\n"
    path.write_text(text)
    return path
