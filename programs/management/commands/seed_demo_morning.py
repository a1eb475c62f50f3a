import datetime as dt

from django.core.management.base import BaseCommand

from athletes.models import Organization
from programs.demo_morning import demo_morning_seed


class Command(BaseCommand):
    help = "Give a demo organization its morning (check-ins, a lighter session, alerts)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("today", type=dt.date.fromisoformat)

    def handle(self, *args, slug, today, **options):
        demo_morning_seed(organization=Organization.objects.get(slug=slug), today=today)
