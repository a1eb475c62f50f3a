import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

from programs.worker_heartbeat import HeartbeatStep

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("speedchain")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The worker heartbeat behind /health/ and `manage.py worker_check`.
app.steps["consumer"].add(HeartbeatStep)


@task_prerun.connect
@task_postrun.connect
def _close_old_connections(task=None, **kwargs) -> None:
    """Around each job, what Django does around each request: close a connection that is
    older than CONN_MAX_AGE or broken (CELERY_DB_REUSE_MAX keeps Celery from closing
    every one). Eager jobs run inside a request, whose connection is not theirs to close."""
    if task is not None and getattr(task.request, "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()
