"""The engine tests run without Django: nothing they import pulls it or an app module in.

Runs in the engine-only pytest process (`-p no:django`), after every engine test module
has been imported at collection.
"""

import sys

import pytest

APP_PACKAGES = ("athletes", "config")
ENGINES = ("assessments.balance", "programs.generator")


def test_no_django_and_no_app_module_is_imported(request):
    if request.config.pluginmanager.has_plugin("django"):
        pytest.skip("a plain `pytest` run loads Django; `python3 dev.py test` runs this alone")
    loaded = [name for name in sys.modules if name == "django" or name.startswith("django.")]
    assert loaded == []
    apps = [
        name
        for name in sys.modules
        if name.split(".")[0] in (*APP_PACKAGES, "assessments", "programs")
        and name not in ("assessments", "programs")
        and not name.startswith(ENGINES)
    ]
    assert apps == []
