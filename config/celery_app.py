import os

from celery import Celery

from programs.worker_heartbeat import HeartbeatStep

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("speedchain")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The worker heartbeat behind /health/ and `manage.py worker_check`.
app.steps["consumer"].add(HeartbeatStep)
