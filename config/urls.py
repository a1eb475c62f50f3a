from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import views, views_bench

admin.site.site_header = "Speedchain administration"
admin.site.site_title = "Speedchain admin"
admin.site.index_title = "Libraries, organizations and accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("health/worker/", views.health_worker, name="health_worker"),
    path("bench/floor/", views_bench.floor, name="bench_floor"),
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("athletes.urls")),
    path("", include("assessments.urls")),
    path("", include("programs.urls")),
]
