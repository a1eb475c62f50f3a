from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from seeding.demo import DEMO_API_KEY, demo_seed


class Command(BaseCommand):
    help = "Load the demo organizations (once) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Seed even without DEBUG (never in production)."
        )
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000", help="Where the demo is served."
        )

    def handle(self, *args, force=False, url="http://127.0.0.1:8000", **options):
        if not (settings.DEBUG or force):
            raise CommandError("The demo has public passwords: run it with DEBUG=true only.")
        logins = demo_seed(today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins ({url}):"))
        for login in logins:
            self.stdout.write(
                f"  {login.role:<8} {login.email:<26} {login.password}   {login.note}"
            )
        self.stdout.write(
            f"  API key  {DEMO_API_KEY}   Northside (read and write):"
            f" curl -H 'Authorization: Bearer {DEMO_API_KEY}' {url}/api/v1/athletes"
        )
        self.stdout.write("")
