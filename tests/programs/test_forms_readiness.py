from programs.forms_readiness import ReadinessForm


def _checked(form):
    return {
        field.name: [v for v, _id, checked in options if checked]
        for field, *_, options in form.rows()
    }


def test_rows_check_the_initial_ratings_and_name_each_input():
    form = ReadinessForm(initial={"sleep": 2, "fatigue": 5, "soreness": 3, "stress": 1, "mood": 4})
    assert _checked(form) == {
        "sleep": [2],
        "fatigue": [5],
        "soreness": [3],
        "stress": [1],
        "mood": [4],
    }
    field, worst, best, options = form.rows()[0]
    assert (field.name, worst, best) == ("sleep", "Very poor", "Very good")
    assert [input_id for _v, input_id, _c in options] == [f"id_sleep_{i}" for i in range(5)]


def test_a_rejected_submission_keeps_what_was_tapped():
    form = ReadinessForm(data={"sleep": "4", "fatigue": "9"})
    assert not form.is_valid()
    checked = _checked(form)
    assert checked["sleep"] == [4]
    assert checked["fatigue"] == []  # 9 is no choice: nothing shown as tapped
    assert checked["mood"] == []
