from django.apps import AppConfig


class SeedingConfig(AppConfig):
    """Demo and benchmark-scale data: the top layer, above programs; no app imports it."""

    name = "seeding"
