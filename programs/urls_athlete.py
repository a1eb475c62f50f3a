from django.urls import path

from programs import views_athlete, views_offline, views_readiness

# Included into the "programs" namespace by programs/urls.py.
urlpatterns = [
    path("today/", views_athlete.today, name="today"),
    path(
        "today/prescriptions/<int:prescription_id>/sets/",
        views_athlete.log_set,
        name="log_set",
    ),
    path(
        "today/prescriptions/<int:prescription_id>/sets/undo/",
        views_athlete.undo_set,
        name="undo_set",
    ),
    path("today/sessions/<int:session_id>/finish/", views_athlete.finish, name="finish"),
    path("today/readiness/", views_readiness.checkin, name="readiness_checkin"),
    path("today/sync/", views_offline.sync, name="sync"),
    path("week/", views_athlete.week, name="week"),
    path("history/", views_athlete.history, name="history"),
    path("sessions/<int:session_id>/", views_athlete.session_detail, name="session"),
]
