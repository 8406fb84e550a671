"""The tour's content: order, names, and the shape of every step."""

from __future__ import annotations

import re

import pytest

from torch101.tour import SECTIONS, select
from torch101.tour.sections import normalize_name, section_names, suggest

# Spec section 2a: the notebook's headings under `# PyTorch`, in order, with the heading
# each one sits under ('##' level). Broadcasting and Running on GPU are their own groups.
NOTEBOOK_HEADINGS = [
    ("Tensor Basics", "Creating and Accessing tensors"),
    ("Tensor Basics", "Tensor constructors"),
    ("Tensor Basics", "Datatypes"),
    ("Tensor indexing", "Slice indexing"),
    ("Tensor indexing", "Integer tensor indexing"),
    ("Tensor indexing", "Boolean tensor indexing"),
    ("Reshaping operations", "View"),
    ("Reshaping operations", "Swapping axes"),
    ("Reshaping operations", "Contiguous tensors"),
    ("Tensor operations", "Elementwise operations"),
    ("Tensor operations", "Reduction operations"),
    ("Tensor operations", "Matrix operations"),
    ("Tensor operations", "Vectorization"),
    ("Broadcasting", "Broadcasting"),
    ("Broadcasting", "Out-of-place vs in-place operators"),
    ("Running on GPU", "Running on GPU"),
]


def test_sections_follow_the_notebook_headings_in_order():
    assert [(s.group, s.heading) for s in SECTIONS] == NOTEBOOK_HEADINGS


def test_names_are_unique_command_line_slugs():
    names = section_names()
    assert len(set(names)) == len(names)
    for name in names:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", name), name


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.name)
def test_every_step_has_code_that_compiles_and_a_short_explanation(section):
    assert section.summary and "\n" not in section.summary
    assert section.steps
    for step in section.steps:
        compile(step.code, section.name, "exec")
        assert step.code == step.code.strip("\n") and not step.code.startswith(" ")
        # One or two sentences, counted outside `code` spans.
        prose = re.sub(r"`[^`]*`", "CODE", step.explain)
        assert 1 <= len(re.findall(r"[.!?](?:\s|$)", prose)) <= 2, step.explain
        # Explanations are markdown in the notebook: balanced code spans, no stray emphasis.
        assert step.explain.count("`") % 2 == 0, step.explain
        assert not re.search(r"[*_]", prose), step.explain


def test_only_the_timing_step_is_unstable():
    unstable = [(s.name, i) for s in SECTIONS for i, st in enumerate(s.steps) if not st.stable]
    assert [name for name, _ in unstable] == ["vectorization"]


def test_select_defaults_to_all_keeps_given_order_and_drops_repeats():
    assert select() == SECTIONS
    chosen = select(["gpu", "matrix", "GPU", "In_Place"])
    assert [s.name for s in chosen] == ["gpu", "matrix", "in-place"]


def test_select_rejects_unknown_names_listing_the_valid_ones():
    with pytest.raises(ValueError) as info:
        select(["matrix", "matrx", "nope"])
    message = str(info.value)
    assert message.startswith("select:")
    assert "'matrx'" in message and "'nope'" in message
    for name in ("creating", "broadcasting", "gpu"):
        assert name in message


def test_select_rejects_a_bare_string():
    with pytest.raises(TypeError, match="select: names"):
        select("matrix")


def test_normalize_and_suggest():
    assert normalize_name("  Swapping_Axes ") == "swapping-axes"
    assert normalize_name("in place") == "in-place"
    assert suggest("matrx") == "matrix"
    assert suggest("broadcast") == "broadcasting"
    assert suggest("zzzzzz") is None
