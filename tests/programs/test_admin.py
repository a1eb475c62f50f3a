import pytest
import tablib
from django.contrib.auth.models import Permission
from django.urls import reverse

from programs.admin import ExerciseResource
from programs.models import Exercise, Program, ProgramVersion
from programs.services.library import exercise_library_load
from tests.factories import UserFactory, make_personas
from tests.programs.factories import ExerciseFactory, ProgramVersionFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:programs_exercise_changelist"


@pytest.fixture
def staff(client):
    """A staff member with the exercise permissions only (not a superuser)."""
    user = UserFactory(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="programs", codename__endswith="exercise"
        )
    )
    client.force_login(user)
    return user


@pytest.fixture
def library():
    exercise_library_load()


def form_data(exercise, **changes):
    data = {
        "code": exercise.code,
        "name": exercise.name,
        "category": exercise.category,
        "groups": exercise.groups,
        "contraction": exercise.contraction,
        "equipment": exercise.equipment,
        "muscle_length": exercise.muscle_length,
        "intensity": exercise.intensity,
        "sets": exercise.sets or "",
        "reps": exercise.reps or "",
        "seconds": exercise.seconds or "",
        "distance_m": exercise.distance_m or "",
        "rest_s": exercise.rest_s or "",
        "description": exercise.description,
        "cues": exercise.cues,
        "contraindications": exercise.contraindications,
        "video_url": exercise.video_url,
        "active": "on" if exercise.active else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_staff_lists_searches_and_filters(client, staff, library, django_assert_max_num_queries):
    url = reverse(CHANGELIST)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    first = Exercise.objects.order_by("category", "name").first()
    assert first.name in response.text
    assert response.context["cl"].result_count == Exercise.objects.count()

    response = client.get(url, {"q": "nordic"})
    names = [e.name for e in response.context["cl"].result_list]
    assert names
    assert all("ordic" in n for n in names)

    response = client.get(url, {"group": "calves", "category__exact": "isometric_band"})
    result = list(response.context["cl"].result_list)
    assert result
    assert all("calves" in e.groups for e in result)
    assert all(e.category == "isometric_band" for e in result)

    response = client.get(url, {"equipment": "nordic_bench"})
    result = list(response.context["cl"].result_list)
    assert result
    assert all("nordic_bench" in e.equipment for e in result)
    assert len(result) < Exercise.objects.count()


def test_staff_edits_an_exercise(client, staff):
    exercise = ExerciseFactory(code="test_hold")
    url = reverse("admin:programs_exercise_change", args=[exercise.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(exercise, name="Renamed hold", groups=["glutes"]))
    assert response.status_code == 302, response.context["adminform"].form.errors
    exercise.refresh_from_db()
    assert (exercise.name, exercise.groups) == ("Renamed hold", ["glutes"])


def test_invalid_groups_are_rejected_with_a_message(client, staff):
    exercise = ExerciseFactory(code="test_hold")
    url = reverse("admin:programs_exercise_change", args=[exercise.pk])
    response = client.post(url, form_data(exercise, name="Changed", groups=["elbows"]))
    assert response.status_code == 200
    assert "elbows is not one of the available choices" in response.text
    response = client.post(url, form_data(exercise, name="Changed", groups=[]))
    assert "A band hold must target at least one muscle group." in response.text
    exercise.refresh_from_db()
    assert (exercise.name, exercise.groups) == (exercise.name, ["hip_flexors"])
    assert exercise.name != "Changed"


def test_bulk_activate_and_deactivate(client, staff):
    first, second = ExerciseFactory(), ExerciseFactory()
    url = reverse(CHANGELIST)
    client.post(url, {"action": "deactivate", "_selected_action": [first.pk, second.pk]})
    assert not Exercise.objects.filter(active=True).exists()
    client.post(url, {"action": "activate", "_selected_action": [first.pk]})
    assert list(Exercise.objects.filter(active=True)) == [first]


def test_staff_exports_and_imports_keyed_on_code(client, staff, library):
    assert client.get(reverse("admin:programs_exercise_export")).status_code == 200
    assert client.get(reverse("admin:programs_exercise_import")).status_code == 200
    dataset = ExerciseResource().export()
    assert "code" in dataset.headers
    assert "id" not in dataset.headers
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert row["groups"] == ", ".join(Exercise.objects.get(code=row["code"]).groups)

    count = Exercise.objects.count()
    changed = tablib.Dataset(headers=dataset.headers)
    changed.append([("Imported name" if h == "name" else row[h]) for h in dataset.headers])
    result = ExerciseResource().import_data(changed, dry_run=False)
    assert not result.has_errors()
    assert not result.has_validation_errors()
    assert Exercise.objects.get(code=row["code"]).name == "Imported name"
    assert Exercise.objects.count() == count


def test_import_rejects_unknown_groups(staff, library):
    dataset = ExerciseResource().export()
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    bad = tablib.Dataset(headers=dataset.headers)
    bad.append([("elbows" if h == "groups" else row[h]) for h in dataset.headers])
    result = ExerciseResource().import_data(bad, dry_run=False)
    assert result.has_validation_errors()
    assert "Unknown group elbows" in str(result.invalid_rows[0].error_dict)
    assert Exercise.objects.get(code=row["code"]).groups != ["elbows"]


def test_non_staff_coach_is_sent_to_the_admin_login(client):
    personas = make_personas()
    client.force_login(personas.coach)
    for url in (reverse(CHANGELIST), reverse("admin:programs_exercise_export")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_programs_and_versions_are_read_mostly(client, django_capture_on_commit_callbacks):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    version = ProgramVersionFactory()
    program = version.program
    response = client.get(reverse("admin:programs_program_changelist"))
    assert response.status_code == 200
    assert str(program.athlete) in response.text
    assert client.get(reverse("admin:programs_program_add")).status_code == 403
    response = client.get(reverse("admin:programs_programversion_changelist"))
    assert response.status_code == 200
    url = reverse("admin:programs_programversion_change", args=[version.pk])
    response = client.post(url, {"status": "rejected"})
    assert ProgramVersion.objects.get(pk=version.pk).status == "active"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            reverse("admin:programs_program_changelist"),
            {"action": "request_regeneration", "_selected_action": [program.pk]},
        )
    assert Program.objects.get(pk=program.pk).regen_status == "pending"
    assert len(callbacks) == 1
