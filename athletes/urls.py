from django.urls import include, path

app_name = "athletes"

# views_coach: roster, athlete pages, teams (coach dashboard).
# views_invite: invitation links and their acceptance.
urlpatterns = [
    path("", include("athletes.urls_coach")),
    path("", include("athletes.urls_invite")),
]
