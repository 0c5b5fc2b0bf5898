"""course.yml's quiz settings: when the key is shown, and whether options are shuffled."""

from __future__ import annotations

from tests.content.course_files import COURSE_YML, load, messages


def test_defaults_keep_the_key_until_a_pass_and_shuffle(tmp_path):
    result = load(tmp_path, {"course.yml": COURSE_YML})
    assert result.ok, messages(result)
    assert result.spec.show_answers == "after_pass"
    assert result.spec.shuffle_options is True


def test_a_course_can_opt_out_of_both(tmp_path):
    yml = COURSE_YML + "show_answers: always\nshuffle_options: false\n"
    result = load(tmp_path, {"course.yml": yml})
    assert result.ok, messages(result)
    assert result.spec.show_answers == "always"
    assert result.spec.shuffle_options is False


def test_wrong_values_are_explained_with_their_line(tmp_path):
    yml = COURSE_YML + "show_answers: never\nshuffle_options: maybe\n"
    lines = yml.splitlines()
    result = load(tmp_path, {"course.yml": yml})
    assert not result.ok
    shown = lines.index("show_answers: never") + 1
    assert messages(result) == [
        f"demo/course.yml:{shown}: 'show_answers' must be after_pass or always, got 'never'",
        f"demo/course.yml:{shown + 1}: 'shuffle_options' must be true or false, got 'maybe'",
    ]
