from django.urls import path

from programs import views_coach, views_retest, views_review

base = "athletes/<int:athlete_id>/program/"

urlpatterns = [
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
]
