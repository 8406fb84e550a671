"""From a failure to the lesson: every function names a tour section that exists, and the
common mistakes the grader recognises (a loop, a biased std, a wrong dtype, a mutated input,
torch.flip where one index was asked for, ...) come with one sentence on the idea, never code."""

from __future__ import annotations

import re

import pytest
from rich.console import Console

from torch101.grader.api import grade
from torch101.grader.lessons import IDEAS, TOUR, lesson_for, tour_for
from torch101.grader.report.result import learn_line
from torch101.reference.templates import TEMPLATES
from torch101.tour.sections import section_names

from . import CORPUS
from .inprocess import InProcessSession

# corpus/wrong file -> (function, template, the mistake the lesson must name)
WRONG = {
    "reverse_rows__flip": ("reverse_rows", "2022", "flip"),
    "reverse_rows__flipud": ("reverse_rows", "2022", "flip"),
    "make_one_hot__loop": ("make_one_hot", "2022", "loop"),
    "make_one_hot__map": ("make_one_hot", "2022", "loop"),
    "normalize_columns__loop": ("normalize_columns", "2022", "loop"),
    "normalize_columns__biased_std": ("normalize_columns", "2022", "biased_std"),
    "normalize_columns__mean_std": ("normalize_columns", "2022", "mean_std"),
    "normalize_columns__mutates_input": ("normalize_columns", "2022", "mutated"),
    "zero_row_min__mutates_input": ("zero_row_min", "2022", "mutated"),
    "multiples_of_ten__float32": ("multiples_of_ten", "2022", "dtype"),
    "make_one_hot__int64": ("make_one_hot", "2022", "dtype"),
    "sum_positive_entries__tensor_result": ("sum_positive_entries", "2022", "python_number"),
    "count_tensor_elements__numel": ("count_tensor_elements", "2022", "numel"),
    "slice_indexing_practice__copies": ("slice_indexing_practice", "2022", "not_a_view"),
}


def test_every_function_of_both_templates_has_a_tour_section_that_exists():
    names = {name for t in TEMPLATES.values() for name in t.functions}
    assert set(TOUR) == names
    assert set(TOUR.values()) <= set(section_names())
    assert {where for where, _ in IDEAS.values() if where} <= set(section_names())
    assert tour_for("no_such_function") == ""


def test_ideas_are_one_sentence_of_prose_not_code():
    for mistake, (_, idea) in IDEAS.items():
        assert idea.count(". ") == 0 and idea.endswith("."), mistake
        assert not re.search(r"torch\.|\w\.\w+\(|=|\[|`", idea), mistake


@pytest.mark.parametrize("stem", sorted(WRONG))
def test_a_recognised_mistake_gets_its_idea_and_a_section(stem):
    function, template, mistake = WRONG[stem]
    path = CORPUS / "wrong" / f"{stem}.py"
    result = grade(path, template=template, functions=[function], random_cases=5, session_factory=InProcessSession)  # fmt: skip
    f = result[function]
    assert f.status == "fail"
    section, idea = IDEAS[mistake]
    assert f.lesson == idea
    assert f.tour == (section or TOUR[function])
    assert result.to_dict()["functions"][0]["tour"] == f.tour  # JSON carries it too


def test_a_pass_gets_its_section_and_no_idea():
    result = grade(None, functions=["normalize_columns"], random_cases=3, session_factory=InProcessSession)  # fmt: skip
    f = result["normalize_columns"]
    assert (f.status, f.tour, f.lesson) == ("pass", "broadcasting", "")


def test_an_unrecognised_failure_still_names_the_section():
    lesson = lesson_for("shuffle_cols", "fail", [])
    assert (lesson.tour, lesson.idea, lesson.mistake) == ("integer-indexing", "", "")


def test_the_loop_versions_of_bmm_are_not_told_to_drop_their_loop():
    class Finding:
        rule, subject = "loop", ""

    lesson = lesson_for("batched_matrix_multiply_loop", "fail", [], [Finding()])  # fmt: skip
    assert lesson.mistake == ""


def test_the_report_shows_the_learn_line_under_the_details():
    path = CORPUS / "wrong" / "zero_row_min__mutates_input.py"
    result = grade(path, functions=["zero_row_min"], random_cases=3, session_factory=InProcessSession)  # fmt: skip
    console = Console(width=200, record=True, color_system=None)
    console.print(result)
    text = console.export_text()
    assert "learn: torch101 tour in-place; Indexed assignment" in text
    assert learn_line(result["zero_row_min"]).startswith("learn: torch101 tour in-place")


def test_the_html_report_shows_the_learn_line_for_failures_only():
    path = CORPUS / "wrong" / "reverse_rows__flip.py"
    result = grade(path, functions=["reverse_rows"], random_cases=3, session_factory=InProcessSession)  # fmt: skip
    assert "learn: torch101 tour integer-indexing; An integer-array index" in result._repr_html_()
    passing = grade(None, functions=["shuffle_cols"], random_cases=3, session_factory=InProcessSession)  # fmt: skip
    assert passing["shuffle_cols"].tour and "learn:" not in passing._repr_html_()


def test_an_untouched_template_points_to_the_first_functions_section(tmp_path):
    from torch101.reference.blank import blank_source

    path = tmp_path / "pytorch101.py"
    path.write_text(blank_source("2022"))
    console = Console(width=100, record=True, color_system=None)
    console.print(grade(path))
    assert "to start create_sample_tensor: torch101 tour creating" in console.export_text()


def test_a_mistake_is_learned_from_the_judge_not_from_words_a_submission_prints(tmp_path):
    # Before: the lessons searched the messages, so an error text could name its own mistake.
    path = tmp_path / "pytorch101.py"
    path.write_text(
        "def zero_row_min(x):\n"
        "    raise ValueError('the output should have dtype torch.float32, got torch.int64; "
        "that is a loop over the data; must not modify its input')\n"
    )
    result = grade(path, functions=["zero_row_min"], random_cases=2, session_factory=InProcessSession)  # fmt: skip
    assert result["zero_row_min"].status == "error"
    assert result["zero_row_min"].lesson == ""


def test_said_carries_one_known_mistake_through_copies():
    import copy
    import pickle

    from torch101.grader.mistake import MISTAKES, Said, mistake_of

    said = Said("the output should have dtype torch.float64, got torch.float32", "dtype")
    assert mistake_of(copy.deepcopy(said)) == mistake_of(pickle.loads(pickle.dumps(said))) == "dtype"
    assert mistake_of("plain words") == "" and said == str(said)
    with pytest.raises(ValueError, match="must be one of"):
        Said("x", "typo")
    assert set(MISTAKES) <= set(IDEAS)
