from django.urls import include, path

app_name = "programs"

# urls_coach: the coach's program pages. urls_athlete: the athlete's phone pages.
urlpatterns = [
    path("", include("programs.urls_coach")),
    path("", include("programs.urls_athlete")),
]
