from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import views, views_offline
from config.api_v1 import api as api_v1

admin.site.site_header = "Speedchain administration"
admin.site.site_title = "Speedchain admin"
admin.site.index_title = "Libraries, organizations and accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("favicon.ico", views.FaviconView.as_view(), name="favicon"),
    path("sw.js", views_offline.service_worker, name="service_worker"),
    path("health/worker/", views.health_worker, name="health_worker"),
    path("admin/", admin.site.urls),
    path("api/v1/", api_v1.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", views_offline.LogoutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("athletes.urls")),
    path("", include("assessments.urls")),
    path("", include("programs.urls")),
]
