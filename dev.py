#!/usr/bin/env python3
"""Speedchain's single entry point: `python3 dev.py run` and `python3 dev.py test` (and
`python3 dev.py bench`, the scale benchmark).

Needs only Python 3.12+. Installs uv (into .data/tools) if it is missing, syncs the locked
dependencies into .venv, then runs the demo server or the whole test suite.
"""

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV_PY = ROOT / ".venv" / "bin" / "python"
TOOLS = ROOT / ".data" / "tools"


def sh(*args, env=None, allowed=(0,), echo=True):
    if echo:
        print("+", " ".join(str(a) for a in args), flush=True)
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env=env)
    if result.returncode not in allowed:
        sys.exit(result.returncode)


def uv() -> list[str]:
    if found := shutil.which("uv"):
        check = subprocess.run([found, "--version"], capture_output=True)
        if check.returncode == 0:
            return [found]
    tool_uv = TOOLS / "bin" / "uv"
    if not tool_uv.exists():
        # A private venv avoids "externally managed" system Pythons.
        print("Installing uv from PyPI into .data/tools ...", flush=True)
        venv.create(TOOLS, with_pip=True)
        sh(TOOLS / "bin" / "python", "-m", "pip", "install", "--quiet", "uv")
    return [str(tool_uv)]


def ensure_python():
    """Re-run under a Python 3.12+ found on PATH when started by an older python3."""
    if sys.version_info >= (3, 12):  # noqa: UP036 - dev.py may be started by an older python3
        return
    for name in ("python3.12", "python3.13", "python3.14"):
        if (found := shutil.which(name)) and subprocess.run(
            [found, "-c", "import sys; sys.exit(sys.version_info < (3, 12))"]
        ).returncode == 0:
            os.execv(found, [found, __file__, *sys.argv[1:]])
    sys.exit(f"Speedchain needs Python 3.12+, this is {sys.version.split()[0]}.")


def sync():
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": os.environ.get("UV_PYTHON_DOWNLOADS", "never")}
    sh(*uv(), "sync", "--frozen", "--python", sys.executable, env=env)


def run(args):
    sync()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    manage = [VENV_PY, "manage.py"]
    sh(*manage, "migrate", "--noinput", "-v0", env=env)
    sh(*manage, "load_libraries", env=env)
    addr = args[0] if args else "127.0.0.1:8000"
    sh(*manage, "seed_demo", "--url", f"http://{addr}", env=env)
    # Not echoed: the demo logins stay the last lines before the server's own.
    sh(*manage, "runserver", addr, env=env, echo=False)


ENGINE_TESTS = "tests/engines"
NO_TESTS_COLLECTED = 5  # pytest's exit code when a selection matches nothing


def test(args):
    """Lint, the import contracts, migrations, then pytest three times: the engine tests
    without Django (they must not need it), the Django suite on PostgreSQL, and again on
    SQLite. Path arguments go to the runs they belong to; other arguments go to all."""
    sync()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    bin_ = ROOT / ".venv" / "bin"
    sh(bin_ / "ruff", "check", ".", env=env)
    sh(bin_ / "ruff", "format", "--check", ".", env=env)
    sh(VENV_PY, "manage.py", "makemigrations", "--check", "--dry-run", env=env)
    sh(bin_ / "lint-imports", env=env)
    paths = [a for a in args if not a.startswith("-") and (ROOT / a.split("::")[0]).exists()]
    options = [a for a in args if a not in paths]
    engine = [
        p for p in paths if Path(p.split("::")[0]).resolve().is_relative_to(ROOT / ENGINE_TESTS)
    ]
    other = [p for p in paths if p not in engine]
    sqlite_env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.test_sqlite"}
    runs = []  # (pytest arguments, environment)
    if engine or not paths:
        engine_args = [
            *("-p", "no:django", "--confcutdir", ENGINE_TESTS),
            *("-W", "ignore::pytest.PytestConfigWarning"),  # the DJANGO_SETTINGS_MODULE key
            *options,
            *(engine or [ENGINE_TESTS]),
        ]
        runs.append((engine_args, env))
    if other or not paths:
        django_args = [*options, *(other or ["--ignore", ENGINE_TESTS])]
        runs.append((django_args, env))
        # Again on SQLite, the database `run` serves: every test that touches the database,
        # except postgres_only and integration ones (tests/conftest.py).
        runs.append((django_args, sqlite_env))
    codes = []
    for run_args, run_env in runs:
        on = " (on SQLite)" if run_env is sqlite_env else ""
        print("+", "pytest", " ".join(run_args) + on, flush=True)
        codes.append(
            subprocess.run([bin_ / "pytest", *run_args], cwd=ROOT, env=run_env).returncode
        )
    # A selection (-k, -m) may match nothing in one half; it must match something somewhere.
    failed = [c for c in codes if c not in (0, NO_TESTS_COLLECTED)]
    if failed or all(c == NO_TESTS_COLLECTED for c in codes):
        sys.exit(failed[0] if failed else NO_TESTS_COLLECTED)


def ensure_wrk():
    """The benchmark's load generator, from Debian's packages when missing (as root)."""
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit("The benchmark needs wrk: sudo apt-get install -y wrk")
    sh("apt-get", "update", "-qq")
    sh("apt-get", "install", "-y", "-qq", "wrk")


def bench(args):
    """The scale benchmark (docs/performance.md) against PostgreSQL on localhost."""
    sync()
    ensure_wrk()
    sh(VENV_PY, "benchmarks/run.py", *args)


if __name__ == "__main__":
    ensure_python()
    commands = {"run": run, "test": test, "bench": bench}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(
            "usage: python3 dev.py run [ADDR:PORT] | python3 dev.py test [PYTEST ARGS]"
            " | python3 dev.py bench [BENCHMARK ARGS]"
        )
    commands[sys.argv[1]](sys.argv[2:])
