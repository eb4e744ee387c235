"""The chapters are valid nbgrader source notebooks (no nbgrader needed: nbformat only).

Every exercise is, between its `{solution-start}` and `{solution-end}` Markdown cells
(hidden behind a toggle on the website):

1. a solution cell (nbgrader "autograded answer": `solution`, grade id = the exercise's
   label) whose code lies between `### BEGIN SOLUTION` and `### END SOLUTION`;
2. a test cell (nbgrader "autograder tests": `grade`, `locked`, points, grade id
   `<label>-tests`) with the checks of the answer, some of them between
   `### BEGIN HIDDEN TESTS` and `### END HIDDEN TESTS` (at least one block per chapter);
3. the written answer, the Markdown cell that ends with `{solution-end}` (nbgrader
   "manually graded answer": `solution`, `grade`, points, grade id `<label>-answer`).

No other cell carries nbgrader metadata. The points of each chapter are those the page
"For instructors" (book/instructors.md) lists. tests/integration/test_coursework.py
releases and grades the chapters with nbgrader itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
MIN_EXERCISES = 3
START_RE = re.compile(r"```\{solution-start\}\s*(\S+)")
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
CHECK_STARTS = ("assert", "check(", "np.testing.assert", "torch.testing.assert")


def nbgrader(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def exercises(nb) -> list[tuple[str, list]]:
    """(label, the cells strictly inside its solution block) for every exercise."""
    found, label = [], None
    for cell in nb.cells:
        start = START_RE.search(cell.source) if cell.cell_type == "markdown" else None
        if start:
            assert label is None, f"solution {label!r} is not closed before {start[1]}"
            label, inside = start.group(1), []
            continue
        if label is not None:
            inside.append(cell)
            if cell.cell_type == "markdown" and "{solution-end}" in cell.source:
                found.append((label, inside))
                label = None
    assert label is None, f"solution {label!r} has no {{solution-end}}"
    return found


def marked_lines(source: str, begin: str, end: str) -> tuple[list[str], int]:
    """(the lines between the markers, the number of blocks); checks the nesting."""
    inside, blocks, found = False, 0, []
    for line in source.split("\n"):
        if line.strip() == begin:
            assert not inside, f"nested {begin!r}"
            inside, blocks = True, blocks + 1
        elif line.strip() == end:
            assert inside, f"{end!r} without {begin!r}"
            inside = False
        elif inside:
            found.append(line)
    assert not inside, f"{begin!r} without {end!r}"
    return found, blocks


@pytest.fixture(scope="module", params=CHAPTERS, ids=lambda p: p.stem)
def chapter(request):
    return request.param, nbformat.read(request.param, as_version=4)


def test_every_exercise_is_a_solution_a_locked_test_and_a_written_answer(chapter):
    path, nb = chapter
    found = exercises(nb)
    assert len(found) >= MIN_EXERCISES, f"{path.name}: {len(found)} exercises"
    for label, cells in found:
        where = f"{path.name} {label}"
        assert [c.cell_type for c in cells] == ["code", "code", "markdown"], (
            f"{where}: expected a solution cell, a test cell and the written answer"
        )
        solution, test, answer = cells
        meta = nbgrader(solution)
        assert meta.get("solution") and not meta.get("grade"), where
        assert meta.get("grade_id") == label and not meta.get("locked"), where
        lines = solution.source.split("\n")
        assert lines[0] == BEGIN and lines[-1] == END, (
            f"{where}: the solution cell is '{BEGIN}', the code, '{END}'"
        )
        code, _ = marked_lines(solution.source, BEGIN, END)
        assert any(line.strip() for line in code), f"{where}: empty solution"

        meta = nbgrader(test)
        assert meta.get("grade") and meta.get("locked") and not meta.get("solution")
        assert meta.get("grade_id") == f"{label}-tests" and meta.get("points", 0) > 0
        assert any(
            line.lstrip().startswith(CHECK_STARTS) for line in test.source.split("\n")
        ), f"{where}: the test cell checks nothing"

        meta = nbgrader(answer)
        assert meta.get("grade") and meta.get("solution"), where
        assert meta.get("grade_id") == f"{label}-answer" and meta.get("points", 0) > 0


def test_nbgrader_metadata_only_on_exercise_cells_and_valid(chapter):
    path, nb = chapter
    inside = {id(c) for _, cells in exercises(nb) for c in cells}
    ids = []
    for cell in nb.cells:
        meta = nbgrader(cell)
        if id(cell) not in inside:
            assert not meta, f"{path.name}: nbgrader metadata outside an exercise"
            assert BEGIN not in cell.source and BEGIN_HIDDEN not in cell.source
            continue
        assert meta["schema_version"] == 3 and meta["task"] is False
        ids.append(meta["grade_id"])
    assert len(ids) == len(set(ids)), f"{path.name}: duplicate grade ids"


def test_every_chapter_has_hidden_tests_and_no_answer_in_sight(chapter):
    path, nb = chapter
    blocks = 0
    for _, (_, test, _) in exercises(nb):
        hidden, n = marked_lines(test.source, BEGIN_HIDDEN, END_HIDDEN)
        blocks += n
        assert BEGIN not in test.source, f"{path.name}: a solution in a test cell"
        if n:
            assert any(line.strip() for line in hidden)
    assert blocks >= 1, f"{path.name}: no '{BEGIN_HIDDEN}' block"


def chapter_points(nb) -> tuple[int, int]:
    """(autograded points, points of written answers) of a chapter."""
    auto = written = 0
    for _, (_, test, answer) in exercises(nb):
        auto += nbgrader(test)["points"]
        written += nbgrader(answer)["points"]
    return auto, written


def test_the_instructors_page_lists_the_points_of_every_chapter():
    page = (ROOT / "book" / "instructors.md").read_text(encoding="utf-8")
    for path in CHAPTERS:
        nb = nbformat.read(path, as_version=4)
        auto, written = chapter_points(nb)
        n = len(exercises(nb))
        row = f"| `{path.stem}` | {n} | {auto} | {written} | {auto + written} |"
        assert row in page, f"book/instructors.md: expected the row\n{row}"


# ---- make grade: which chapter a submitted notebook is -------------------------------


def course_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("course", ROOT / ".ci" / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


STEMS = [p.stem for p in CHAPTERS]


@pytest.mark.parametrize(
    "filename, chapter",
    [
        ("01_lstm_sine_wave.ipynb", "01_lstm_sine_wave"),
        ("Copy of 02_multivariate_forecasting.ipynb", "02_multivariate_forecasting"),
        ("03_encoder_decoder (1).ipynb", "03_encoder_decoder"),
        ("alice_07_homework.ipynb", "07_probabilistic_forecasts"),
        ("notes.ipynb", None),
    ],
)
def test_a_submission_is_matched_to_its_chapter_by_its_file_name(filename, chapter):
    assert course_script().chapter_of(filename, STEMS) == chapter


def test_submissions_flat_or_in_nbgrader_layout(tmp_path):
    (tmp_path / "alice").mkdir()
    (tmp_path / "alice" / "Copy of 01_lstm_sine_wave.ipynb").write_text("{}")
    (tmp_path / "bob" / STEMS[1]).mkdir(parents=True)
    (tmp_path / "bob" / STEMS[1] / f"{STEMS[1]}.ipynb").write_text("{}")
    found = course_script().find_submissions(tmp_path, STEMS)
    assert sorted(found) == [(STEMS[0], "alice"), (STEMS[1], "bob")]


def test_two_submissions_of_one_chapter_are_an_error(tmp_path):
    (tmp_path / "alice").mkdir()
    for name in ("01_lstm_sine_wave.ipynb", "Copy of 01_lstm_sine_wave.ipynb"):
        (tmp_path / "alice" / name).write_text("{}")
    with pytest.raises(SystemExit, match="a second 01_lstm_sine_wave of alice"):
        course_script().find_submissions(tmp_path, STEMS)
