from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from seeding.scale import scale_flush, scale_seed


class Command(BaseCommand):
    help = (
        "Seed benchmark-scale data: organizations x athletes, each with assessments over "
        "months, a program and completion logs. Deterministic for a given --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=int, default=20, help="Organizations (default 20).")
        parser.add_argument(
            "--athletes", type=int, default=200, help="Athletes per organization (default 200)."
        )
        parser.add_argument(
            "--assessments", type=int, default=6, help="Assessments per athlete (default 6)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Delete existing scale data first (slow at full scale: prefer a fresh DB).",
        )

    def handle(self, *args, orgs, athletes, assessments, seed, flush, **options):
        if flush:
            self.stdout.write(f"Flushed {scale_flush()} scale organizations.")
        try:
            report = scale_seed(
                organizations=orgs,
                athletes=athletes,
                assessments=assessments,
                seed=seed,
                progress=lambda message: self.stdout.write(message),
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        counts = ", ".join(f"{name} {count:,}" for name, count in report.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded in {report.seconds} s ({report.profiles_computed:,} profiles, "
                f"{report.plans_generated} distinct plans): {counts}."
            )
        )
