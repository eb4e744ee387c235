"""Tests of the student versions made by `.ci/make_student.py` (`make student`).

For every chapter: it has at least three exercises whose solutions carry the nbgrader
markers; its student version contains none of the solution lines, keeps every check
line, and each stub stops with NotImplementedError before the checks run; putting the
solutions back gives the original chapter, which `make test` executes with its checks
(stage 3).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
CHAPTERS = sorted(BOOK.glob("[0-9][0-9]_*.ipynb"))
MIN_EXERCISES = 3

_spec = importlib.util.spec_from_file_location(
    "make_student", ROOT / ".ci" / "make_student.py"
)
make_student = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_student)


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def solution_code_cells(nb) -> list[int]:
    return [
        i
        for _, inside in make_student.solution_blocks(nb)
        for i in inside
        if nb.cells[i].cell_type == "code"
    ]


def code_lines(nb) -> list[str]:
    return [
        line.strip()
        for cell in nb.cells
        if cell.cell_type == "code"
        for line in cell.source.split("\n")
    ]


@pytest.fixture(scope="module", params=CHAPTERS, ids=lambda p: p.stem)
def chapter(request):
    original = read(request.param)
    return request.param, original, make_student.make_student(original)


def test_there_are_chapters():
    assert len(CHAPTERS) >= 1


def test_chapter_has_exercises_with_marked_solutions(chapter):
    path, original, _ = chapter
    blocks = make_student.solution_blocks(original)
    assert len(blocks) >= MIN_EXERCISES, (
        f"{path.name}: expected >= {MIN_EXERCISES} solutions, got {len(blocks)}"
    )
    for label, inside in blocks:
        code = [i for i in inside if original.cells[i].cell_type == "code"]
        assert code, f"{path.name}: solution {label!r} has no code cell"
        for i in code:
            source = original.cells[i].source
            before, solution, after = make_student.split_solution_cell(source)
            assert before == [], (
                f"{path.name} {label}: '{make_student.BEGIN}' must be the first line"
            )
            assert any(line.strip() for line in solution), (
                f"{path.name} {label}: empty solution"
            )
            assert any(
                line.lstrip().startswith(
                    ("assert", "check(", "np.testing.assert", "torch.testing.assert")
                )
                for line in after
            ), f"{path.name} {label}: no check line after '{make_student.END}'"


def test_student_version_contains_no_solution_line(chapter):
    path, original, student = chapter
    outside = set()
    solution_lines = set()
    sol_cells = set(solution_code_cells(original))
    for i, cell in enumerate(original.cells):
        if cell.cell_type != "code":
            continue
        if i in sol_cells:
            _, solution, after = make_student.split_solution_cell(cell.source)
            solution_lines.update(line.strip() for line in solution if line.strip())
            outside.update(line.strip() for line in after)
        else:
            outside.update(line.strip() for line in cell.source.split("\n"))
    # A line that also occurs outside the solutions (e.g. `set_seed(SEED)`) may stay.
    secret = solution_lines - outside
    assert secret
    leaked = secret & set(code_lines(student))
    assert not leaked, (
        f"{path.name}: the student version still holds solution lines {sorted(leaked)}"
    )
    assert make_student.BEGIN not in "".join(c.source for c in student.cells)


def test_student_version_keeps_checks_and_the_rest(chapter):
    path, original, student = chapter
    assert len(student.cells) == len(original.cells)
    sol_cells = set(solution_code_cells(original))
    blocks = make_student.solution_blocks(original)
    in_blocks = {i for _, inside in blocks for i in inside}
    for i, (old, new) in enumerate(zip(original.cells, student.cells)):
        assert old.cell_type == new.cell_type
        if i in sol_cells:
            _, _, after = make_student.split_solution_cell(old.source)
            assert new.source.split("\n")[-len(after) :] == after, (
                f"{path.name} cell {i}: checks changed"
            )
        elif i in in_blocks:
            assert new.source == make_student.ANSWER
        elif make_student.solution_start_label(old.source) is None:
            assert new.source == old.source, (
                f"{path.name} cell {i} changed outside a solution"
            )


def test_student_stub_stops_before_the_checks(chapter):
    path, original, student = chapter
    for i in solution_code_cells(original):
        with pytest.raises(NotImplementedError):
            exec(compile(student.cells[i].source, f"{path.name}[{i}]", "exec"), {})


def test_putting_the_solutions_back_gives_the_original(chapter):
    """The chapter that make test runs is the student version plus the solutions."""
    path, original, student = chapter
    for i in solution_code_cells(original):
        _, solution, _ = make_student.split_solution_cell(original.cells[i].source)
        filled = student.cells[i].source.replace(
            make_student.STUB,
            "\n".join([make_student.BEGIN, *solution, make_student.END]),
        )
        assert filled == original.cells[i].source


def test_make_student_writes_every_chapter(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "make_student.py"), "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in tmp_path.glob("*.ipynb"))
    assert written == [p.name for p in CHAPTERS]
    for path in tmp_path.glob("*.ipynb"):
        nb = read(path)
        nbformat.validate(nb)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_a_solution_cell_without_markers_is_an_error():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                "```{solution-start} ex\n:class: dropdown\n```"
            ),
            nbformat.v4.new_code_cell("x = 1\nassert x == 1"),
            nbformat.v4.new_markdown_cell("```{solution-end}\n```"),
        ]
    )
    with pytest.raises(ValueError, match="BEGIN SOLUTION"):
        make_student.make_student(nb)
