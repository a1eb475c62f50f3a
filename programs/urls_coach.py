from django.urls import path

from programs import (
    views_athlete_load,
    views_coach,
    views_home,
    views_readiness,
    views_retest,
    views_review,
)

base = "athletes/<int:athlete_id>/program/"

urlpatterns = [
    path("coach/today/", views_home.coach_home, name="coach_home"),
    path(base, views_coach.coach_program, name="coach_program"),
    path(f"{base}versions/<int:version_id>/", views_coach.coach_version, name="coach_version"),
    path(f"{base}versions/<int:version_id>/approve/", views_coach.approve, name="approve"),
    path(f"{base}versions/<int:version_id>/reject/", views_coach.reject, name="reject"),
    path(f"{base}lock/", views_coach.lock, name="lock"),
    path(f"{base}regenerate/", views_coach.regenerate, name="regenerate"),
    path(f"{base}settings/", views_coach.program_settings, name="settings"),
    path(
        f"{base}prescriptions/<int:prescription_id>/edit/",
        views_coach.prescription_edit,
        name="prescription_edit",
    ),
    path(f"{base}sessions/<int:session_id>/note/", views_coach.session_note, name="session_note"),
    path(f"{base}sessions/<int:session_id>/retest/", views_retest.retest, name="retest"),
    path(f"{base}blocks/<int:version_id>/review/", views_review.review, name="review"),
    path("teams/<int:team_id>/blocks/", views_review.squad, name="squad"),
    path("athletes/<int:athlete_id>/load/", views_athlete_load.athlete_load, name="athlete_load"),
    path(
        "athletes/<int:athlete_id>/readiness/adjustments/<int:adjustment_id>/undo/",
        views_readiness.adjustment_undo,
        name="adjustment_undo",
    ),
]
