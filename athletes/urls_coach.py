from django.urls import path

from athletes import views_api_keys, views_coach, views_settings, views_teams

urlpatterns = [
    path("roster/", views_coach.roster, name="roster"),
    # /athletes/ is where a coach guesses the list is (athletes/<id>/ is each one's page).
    path("athletes/", views_coach.athletes_index, name="athletes"),
    path("athletes/new/", views_coach.create, name="create"),
    path("athletes/<int:athlete_id>/", views_coach.detail, name="detail"),
    path(
        "athletes/<int:athlete_id>/program-status/",
        views_coach.program_status,
        name="program_status",
    ),
    path("athletes/<int:athlete_id>/edit/", views_coach.edit, name="edit"),
    path("athletes/<int:athlete_id>/archive/", views_coach.archive, name="archive"),
    path("athletes/<int:athlete_id>/unarchive/", views_coach.unarchive, name="unarchive"),
    path("teams/", views_teams.teams, name="teams"),
    path("teams/<int:team_id>/edit/", views_teams.team_edit, name="team_edit"),
    path("teams/<int:team_id>/archive/", views_teams.team_archive, name="team_archive"),
    path("api-keys/", views_api_keys.api_keys, name="api_keys"),
    path("settings/", views_settings.organization_settings, name="settings"),
    path(
        "api-keys/<int:api_key_id>/revoke/",
        views_api_keys.api_key_revoke_view,
        name="api_key_revoke",
    ),
]
