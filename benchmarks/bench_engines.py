"""The benchmark's in-process parts: engine throughput and the 10,000-row CSV import."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def engine_throughput(seconds: float = 2.0) -> dict:
    """Profiles per second (balance.assess) and 4-week plans per second (generate) on
    varied synthetic athletes from the seed's own generator."""
    import random

    from assessments import balance
    from programs import generator
    from seeding import scale as scale_seed

    rng = random.Random(7)
    specs = balance.standard_protocols()
    catalogue = generator.standard_catalogue()
    inputs = []
    for _ in range(50):
        traits = scale_seed._athlete_traits(rng)
        mass = round(traits["mass"], 1)
        results = scale_seed._results_for(rng, traits, specs, 0, mass)
        inputs.append((traits, mass, results))

    def profile(i):
        traits, mass, results = inputs[i % len(inputs)]
        return balance.assess(results, body_mass_kg=mass, sex=traits["sex"], protocols=specs)

    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        profile(n)
        n += 1
    profiles_per_s = n / (time.perf_counter() - start)
    plan_inputs = [
        generator.PlanInput(
            athlete=generator.AthleteContext(
                level=t["level"],
                sex=t["sex"],
                available_weekdays=tuple(range(7)),
                equipment=tuple(scale_seed.EQUIPMENT),
                event_focus=t["focus"],
            ),
            profile=profile(i),
            catalogue=catalogue,
            start=dt.date(2026, 1, 5),
            weeks=4,
        )
        for i, (t, _m, _r) in enumerate(inputs)
    ]
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        generator.generate(plan_inputs[n % len(plan_inputs)])
        n += 1
    return {
        "profiles_per_s": round(profiles_per_s),
        "plans_per_s": round(n / (time.perf_counter() - start), 1),
    }


def csv_import_timing(rows: int) -> dict:
    """Run benchmarks/csv_import.py (written for this, rolls back) when present."""
    script = ROOT / "benchmarks" / "csv_import.py"
    if script.exists():
        per_athlete = 20
        out = subprocess.run(
            [PYTHON, str(script), f"--athletes={rows // per_athlete}", f"--results={per_athlete}"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=os.environ.copy(),
        )
        preview = re.search(r"preview: ([\d.]+) s", out.stdout)
        commit = re.search(r"commit:\s+([\d.]+) s", out.stdout)
        if out.returncode == 0 and preview and commit:
            return {
                "rows": rows,
                "preview_s": float(preview.group(1)),
                "commit_s": float(commit.group(1)),
                "via": "benchmarks/csv_import.py",
            }
        print(f"benchmarks/csv_import.py failed; timing it here instead:\n{out.stderr[-1500:]}")
    return _csv_import_inline(rows)


def _csv_import_inline(rows: int) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from assessments.csv_import import csv_import_commit
    from assessments.models import TestProtocol
    from athletes.models import Athlete, Organization

    organization = Organization.objects.get(slug="scale-1")
    athletes = list(Athlete.objects.filter(organization=organization).order_by("id"))
    slots = [
        (p, side)
        for p in TestProtocol.objects.filter(active=True)
        for side in (("L", "R") if p.sided else ("B",))
    ]
    today = timezone.localdate()
    lines, n = ["athlete_email,date,body_mass_kg,protocol,side,value"], 0
    while len(lines) <= rows:
        athlete = athletes[n // len(slots) % len(athletes)]
        day = today - dt.timedelta(days=1 + n // (len(slots) * len(athletes)))
        protocol, side = slots[n % len(slots)]
        low, high = protocol.plausible_min, protocol.plausible_max
        value = round(low + (high - low) * 0.4, 1)
        lines.append(f"{athlete.email},{day},72.0,{protocol.code},{side},{value}")
        n += 1
    data = ("\n".join(lines) + "\n").encode()
    with transaction.atomic():
        start = time.perf_counter()
        csv_import_commit(organization=organization, file_bytes=data, user=None, today=today)
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    return {"rows": rows, "preview_s": None, "commit_s": round(seconds, 2), "via": "inline"}
