"""The benchmark's URLs: the app's, plus the floor page. Mounted only by
config.settings.bench, so production never routes /bench/floor/."""

from django.urls import path

from config import views_bench
from config.urls import urlpatterns as app_urlpatterns

urlpatterns = [
    path("bench/floor/", views_bench.floor, name="bench_floor"),
    *app_urlpatterns,
]
