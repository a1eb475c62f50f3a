from django.urls import path

from assessments import api, views

app_name = "assessments"

urlpatterns = [
    path("athletes/<int:athlete_id>/assessments/new/", views.record, name="record"),
    path(
        "athletes/<int:athlete_id>/assessments/validate/",
        views.validate_field,
        name="validate_field",
    ),
    path(
        "athletes/<int:athlete_id>/assessments/<int:assessment_id>/",
        views.detail,
        name="detail",
    ),
    path("assessments/import/", views.import_upload, name="import"),
    path("assessments/import/commit/", views.import_commit, name="import_commit"),
    path("api/athletes/<int:athlete_id>/assessments/", api.api_record, name="api_record"),
    path("assessments/import/template.csv", views.import_template, name="import_template"),
]
