"""The import-linter contracts in pyproject.toml catch the breaks they are written for.

The app packages and pyproject.toml are copied into a temporary directory, deliberate
violations are added there, and lint-imports runs on the copy: the real tree is untouched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("athletes", "assessments", "programs", "seeding", "config")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_copy(tmp_path: Path, violations: dict[str, str]) -> subprocess.CompletedProcess:
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for path, source in violations.items():
        (tmp_path / path).write_text(source)
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "COLUMNS": "200"}  # no wrapping
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"], cwd=tmp_path, env=env, capture_output=True, text=True
    )


def broken(output: str) -> set[str]:
    """The names of the contracts reported broken."""
    return {line.split(" BROKEN")[0].strip() for line in output.splitlines() if " BROKEN" in line}


def test_the_contracts_fail_on_deliberate_violations(tmp_path):
    result = lint_copy(
        tmp_path,
        {
            # an engine module reaching for Django
            "programs/generator/leak.py": "from django.db import models\n",
            # the balance engine using the generator
            "assessments/balance/upward.py": "from programs.generator import generate\n",
            # a cycle inside the generator: a text helper importing the planner
            "programs/generator/text.py": (ROOT / "programs/generator/text.py").read_text()
            + "\nfrom programs.generator import plan\n",
        },
    )
    assert result.returncode != 0, result.stdout
    assert broken(result.stdout) >= {
        "The engines import no Django and no app module",
        "The balance engine never imports the generator",
        "The generator's modules are layered (no cycles)",
    }, result.stdout + result.stderr
    assert "programs.generator.leak -> django" in result.stdout
    assert "programs.generator.text -> programs.generator.plan" in result.stdout


def test_the_app_contracts_fail_on_upward_imports(tmp_path):
    def plus(path: str, line: str) -> str:
        return (ROOT / path).read_text() + f"\n{line}\n"

    result = lint_copy(
        tmp_path,
        {
            # athletes reaching up to programs, assessments to programs, a service to tasks
            "athletes/services.py": plus("athletes/services.py", "import programs.models"),
            "assessments/selectors.py": plus(
                "assessments/selectors.py", "from programs.services import outbox"
            ),
            "programs/services/edit.py": plus(
                "programs/services/edit.py", "import programs.tasks"
            ),
            "programs/models.py": plus("programs/models.py", "import seeding.demo"),
        },
    )
    assert result.returncode != 0, result.stdout
    assert broken(result.stdout) >= {
        "athletes (below its views) imports neither assessments, programs nor seeding",
        "assessments (below its views) imports neither programs nor seeding",
        "programs' services, selectors and models never import its tasks",
        "Nothing imports seeding (demo and scale data sit on top of the apps)",
    }, result.stdout + result.stderr
    assert "athletes.services -> programs.models" in result.stdout
    assert "assessments.selectors -> programs.services" in result.stdout
