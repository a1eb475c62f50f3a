"""`manage.py worker_check`: exit 1 when no worker heartbeat is fresher than
WORKER_STALE_AFTER_S (the compose health check of the worker container)."""

import json

from django.core.management.base import BaseCommand, CommandError

from programs.worker_heartbeat import worker_health_get


class Command(BaseCommand):
    help = "Exit non-zero when the worker (or any worker) has no fresh heartbeat."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hostname", help="the worker's node name (celery@...); default: any worker"
        )

    def handle(self, *args, hostname=None, **options):
        health = worker_health_get(hostname=hostname)
        report = json.dumps({"hostname": hostname or "any", **health.as_dict()})
        if not health.ok:
            raise CommandError(f"worker {health.status}: {report}")
        self.stdout.write(report)
