"""docker-compose.yml is validated with docker-compose itself (no engine needed)."""

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV = {
    "SECRET_KEY": "x",
    "POSTGRES_PASSWORD": "y",
    "ALLOWED_HOSTS": "example.com",
    "PATH": "/usr/bin:/bin",
}


def compose(*args, env):
    binary = shutil.which("docker-compose")
    assert binary, "docker-compose is not installed (.ci/run installs Debian's docker-compose)"
    return subprocess.run(
        [binary, "-f", "docker-compose.yml", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_compose_file_is_valid():
    result = compose("config", "-q", env=ENV)
    assert result.returncode == 0, result.stderr


def test_compose_runs_every_production_process_with_health_checks():
    listed = compose("config", "--services", env=ENV)
    assert listed.returncode == 0, listed.stderr
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(listed.stdout.split())
    rendered = compose("config", env=ENV)
    assert rendered.returncode == 0, rendered.stderr
    # Split the normalized output into one text block per service.
    blocks, current = {}, None
    for line in rendered.stdout.splitlines():
        if line.startswith("  ") and not line.startswith("   ") and line.strip().endswith(":"):
            current = line.strip()[:-1]
            blocks[current] = ""
        elif current:
            blocks[current] += line + "\n"
    assert "gunicorn" in blocks["web"]
    assert "- worker" in blocks["worker"]
    assert "- celery" in blocks["worker"]
    assert "- beat" in blocks["beat"]
    for name in ("postgres", "redis", "web", "worker", "beat"):
        assert "healthcheck:" in blocks[name], name
    for name in ("worker", "beat"):
        # Their only supervisor: a worker that dies or exits itself is started again.
        assert "restart: unless-stopped" in blocks[name], name
    # The worker's health is its own heartbeat, not a broker round trip.
    assert "worker_check --hostname celery@$$HOSTNAME" in blocks["worker"]
    assert "celery@%h" in blocks["worker"]
    assert "random_page_cost=1.1" in blocks["postgres"]  # as the benchmark measures it
    # The fragment cache is capped and evicted; the broker's keys (no expiry) never are.
    assert "volatile-lru" in blocks["redis"]
    assert "--maxmemory" in blocks["redis"]


def test_compose_refuses_to_start_without_secrets():
    result = compose("config", "-q", env={"PATH": "/usr/bin:/bin"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr or "POSTGRES_PASSWORD" in result.stderr
