"""Coursework with nbgrader itself: `make assignments` and `make grade` (stage 4).

No mocks: `make assignments` runs `nbgrader generate_assignment` on every chapter into a
fresh course folder, and each release is checked: no solution code, no hidden test,
locked test cells, everything else as in the chapter. Then synthetic submissions of
chapter 1, the shortest, go through `make grade` (nbgrader autograde, two notebooks at
once, then generate_feedback and export). Each submission costs a full run of the
chapter, so three submissions cover the five cases (the test budget of `make test`):

- `solutions`: every solution and written answer -> full marks on every autograded
  cell; the written answers wait for the instructor (manual grading);
- `untouched`: the release as handed out -> zero on every cell, and the grading run
  succeeds; its executed notebook shows that the release runs, in the empty folder
  where nbgrader grades it, up to the first stub;
- `mixed`, a half-done submission with two accidents: two of the four exercises
  solved; an infinite loop in a third (stopped by the time limit of its cell, and the
  run goes on); the fourth unsolved, with its locked test cell replaced by `pass`
  (nbgrader flags it and restores it, so the edit earns nothing) -> exactly the points
  of the two test cells it solves.

grades.csv must hold exactly one row per student, with these scores, and there must be
one HTML feedback file per submission.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
GRADED = "01_lstm_sine_wave"
# The time limit of one cell while grading (make grade TIMEOUT=...). Chapter 1's
# slowest cell takes a few seconds; the infinite loop is stopped after this long.
TIMEOUT = 15
STUB = "raise NotImplementedError()"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def make_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS")}


def make(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    result = subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=ROOT,
        env=make_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    command = " ".join(["make", *args])
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result


def nbgrader_meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def grade_id(cell) -> str | None:
    return nbgrader_meta(cell).get("grade_id")


def lines(source: str) -> list[str]:
    return [line.strip() for line in source.split("\n") if line.strip()]


def between(source: str, begin: str, end: str) -> list[str]:
    """The stripped lines between every `begin` and `end` marker line."""
    inside, found = False, []
    for line in source.split("\n"):
        if line.strip() == begin:
            inside = True
        elif line.strip() == end:
            inside = False
        elif inside and line.strip():
            found.append(line.strip())
    return found


@pytest.fixture(scope="module")
def releasing(tmp_path_factory):
    """`make assignments` of every chapter, started in the background (the grading
    below leaves a core idle while the infinite loop waits for its time limit)."""
    folder = tmp_path_factory.mktemp("release")
    log = folder.parent / "make-assignments.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "assignments", f"COURSE={folder}"],
            cwd=ROOT,
            env=make_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    yield folder, process, log
    if process.poll() is None:
        process.kill()


@pytest.fixture(scope="module")
def released_course(releasing) -> Path:
    folder, process, log = releasing
    assert process.wait(timeout=600) == 0, log.read_text()
    return folder


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """The course folder in which chapter 1 is released, then graded."""
    folder = tmp_path_factory.mktemp("course")
    make("assignments", f"COURSE={folder}", f"CHAPTERS={GRADED[:2]}")
    return folder


def released(course: Path, stem: str) -> nbformat.NotebookNode:
    return nbformat.read(course / "release" / stem / f"{stem}.ipynb", as_version=4)


# ---- grading synthetic submissions of one chapter ------------------------------------

EXERCISES = ["ch1-ex-gru", "ch1-ex-lags", "ch1-ex-noise", "ch1-ex-transpose"]
SOLVED = ["ch1-ex-gru", "ch1-ex-transpose"]  # by the half-done submission
LOOP = "ch1-ex-noise"  # an infinite loop (it sleeps: the CPU stays free)
EDITED = "ch1-ex-lags"  # unsolved, its locked test cell replaced by `pass`
SUBMISSIONS = {  # student: (exercises solved, {grade_id: new source})
    "solutions": (EXERCISES, {}),
    "untouched": ([], {}),
    "mixed": (
        SOLVED,
        {
            LOOP: "import time\n\nwhile True:\n    time.sleep(0.1)",
            f"{EDITED}-tests": "pass  # the student's 'fix' of the test",
        },
    ),
}


def submission(course: Path, solved, replaced) -> nbformat.NotebookNode:
    source = nbformat.read(course / "source" / GRADED / f"{GRADED}.ipynb", as_version=4)
    answers = {grade_id(c): c.source for c in source.cells if grade_id(c)}
    nb = released(course, GRADED)
    for cell in nb.cells:
        gid = grade_id(cell)
        if gid is None:
            continue
        if nbgrader_meta(cell)["solution"] and gid.removesuffix("-answer") in solved:
            cell.source = answers[gid]
        cell.source = replaced.get(gid, cell.source)
    return nb


def points_of_test_cells(course: Path) -> dict[str, float]:
    nb = nbformat.read(course / "source" / GRADED / f"{GRADED}.ipynb", as_version=4)
    return {
        grade_id(c).removesuffix("-tests"): float(nbgrader_meta(c)["points"])
        for c in nb.cells
        if nbgrader_meta(c).get("grade") and not nbgrader_meta(c)["solution"]
    }


@pytest.fixture(scope="module")
def graded(releasing, course, tmp_path_factory):
    """make grade on the five submissions (flat layout: <student>/<chapter>.ipynb)."""
    folder = tmp_path_factory.mktemp("submissions")
    for student, (solved, replaced) in SUBMISSIONS.items():
        (folder / student).mkdir()
        nb = submission(course, solved, replaced)
        nbformat.write(nb, folder / student / f"{GRADED}.ipynb")
    start = time.perf_counter()
    result = make(
        "grade", f"COURSE={course}", f"SUBMISSIONS={folder}", f"TIMEOUT={TIMEOUT}"
    )
    seconds = time.perf_counter() - start
    print(result.stdout)
    print(f"make grade: {len(SUBMISSIONS)} submissions of {GRADED} in {seconds:.1f} s")
    done = re.finditer(rf"autograde {GRADED} (\w+): ok \(([\d.]+) s\)", result.stdout)
    times = {m.group(1): float(m.group(2)) for m in done}
    with (course / "grades.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {"rows": rows, "times": times, "stdout": result.stdout}


def cell_scores(course: Path, student: str) -> dict[str, tuple]:
    """{grade_id: (score, max_score, needs_manual_grade)} from nbgrader's gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(GRADED, GRADED, student)
        return {g.name: (g.score, g.max_score, g.needs_manual_grade) for g in nb.grades}


def test_the_grade_sheet_has_one_row_per_student_with_the_expected_scores(
    course, graded
):
    points = points_of_test_cells(course)
    expected = {
        "solutions": sum(points.values()),
        "untouched": 0.0,
        "mixed": sum(points[e] for e in SOLVED),
    }
    rows = graded["rows"]
    assert sorted((r["assignment"], r["student_id"]) for r in rows) == sorted(
        (GRADED, s) for s in SUBMISSIONS
    )
    source = nbformat.read(course / "source" / GRADED / f"{GRADED}.ipynb", as_version=4)
    total = sum(float(nbgrader_meta(c).get("points", 0)) for c in source.cells)
    for row in rows:
        assert float(row["score"]) == expected[row["student_id"]], row
        assert float(row["max_score"]) == total, row


def test_solutions_get_full_marks_and_written_answers_wait_for_the_instructor(
    course, graded
):
    for gid, (score, max_score, manual) in cell_scores(course, "solutions").items():
        if gid.endswith("-answer"):
            assert manual, f"{gid}: a written answer is graded by hand"
        else:
            assert score == max_score > 0 and not manual, gid


def errors(nb) -> list[tuple[int, str]]:
    """(cell index, exception name) of each error the chapter does not expect."""
    return [
        (i, output.ename)
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        and "raises-exception" not in cell.metadata.get("tags", [])
        for output in cell.outputs
        if output.output_type == "error"
    ]


def autograded(course: Path, student: str) -> nbformat.NotebookNode:
    path = course / "autograded" / student / GRADED / f"{GRADED}.ipynb"
    return nbformat.read(path, as_version=4)


def test_the_untouched_release_scores_zero_and_runs_up_to_the_first_stub(
    course, graded
):
    for gid, (score, _, manual) in cell_scores(course, "untouched").items():
        assert score == 0 and not manual, gid
    nb = autograded(course, "untouched")
    first = next(i for i, c in enumerate(nb.cells) if nbgrader_meta(c).get("solution"))
    assert errors(nb)[0] == (first, "NotImplementedError"), errors(nb)[:3]


def test_a_half_done_submission_gets_the_points_of_what_it_solves(course, graded):
    scores = cell_scores(course, "mixed")
    for exercise in EXERCISES:
        score, max_score, _ = scores[f"{exercise}-tests"]
        assert score == (max_score if exercise in SOLVED else 0), exercise


def test_an_infinite_loop_costs_its_cell_not_the_run(course, graded):
    nb = autograded(course, "mixed")
    (loop,) = [i for i, c in enumerate(nb.cells) if grade_id(c) == LOOP]
    assert loop in dict(errors(nb)), "the loop was not stopped"
    # the cells after the loop ran: the last exercise was graded (see above)
    times = graded["times"]
    assert times["mixed"] < times["solutions"] + TIMEOUT + 60, times


def test_an_edited_test_cell_is_flagged_restored_and_earns_nothing(course, graded):
    # make grade names the edit; nbgrader restores the cell from the source
    flagged = re.findall(r"(\w+), [\w]+: edited locked cells (.*) \(", graded["stdout"])
    assert flagged == [("mixed", str([f"{EDITED}-tests"]))], graded["stdout"]
    score, _, _ = cell_scores(course, "mixed")[f"{EDITED}-tests"]
    assert score == 0
    source = nbformat.read(course / "source" / GRADED / f"{GRADED}.ipynb", as_version=4)
    (restored,) = [
        c for c in autograded(course, "mixed").cells if grade_id(c) == f"{EDITED}-tests"
    ]
    (original,) = [c for c in source.cells if grade_id(c) == f"{EDITED}-tests"]
    assert restored.source == original.source  # its hidden tests included


def test_one_html_feedback_file_per_submission(course, graded):
    folder = course / "feedback"
    found = sorted(p.relative_to(folder).as_posix() for p in folder.glob("*/*/*.html"))
    assert found == sorted(f"{s}/{GRADED}/{GRADED}.html" for s in SUBMISSIONS)


# ---- the release of every chapter ----------------------------------------------------


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_the_release_holds_no_solution_and_no_hidden_test(released_course, chapter):
    source = nbformat.read(chapter, as_version=4)
    release = released(released_course, chapter.stem)
    # Lines that also occur outside the solutions and hidden tests may stay.
    secret, public = set(), set()
    for cell in source.cells:
        text = cell.source
        hidden = between(text, BEGIN, END) + between(text, BEGIN_HIDDEN, END_HIDDEN)
        if nbgrader_meta(cell).get("solution") and cell.cell_type == "markdown":
            hidden = lines(text)
        secret.update(hidden)
        public.update(set(lines(text)) - set(hidden))
    secret -= public
    assert secret, f"{chapter.name}: no solution lines found"
    shown = {line for cell in release.cells for line in lines(cell.source)}
    assert not secret & shown, (
        f"{chapter.name}: the release still holds {sorted(secret & shown)[:5]}"
    )
    text = "\n".join(cell.source for cell in release.cells)
    for marker in (BEGIN, END, BEGIN_HIDDEN, END_HIDDEN):
        assert marker not in text, f"{chapter.name}: the release holds {marker!r}"

    # Every other cell is the chapter's own; the release adds the course's header.
    by_id = {grade_id(c): c for c in release.cells if grade_id(c)}
    kept = [c for c in release.cells if not grade_id(c)]
    assert kept[0].id == "coursework-header"
    assert [c.source for c in kept[1:]] == [
        c.source for c in source.cells if not grade_id(c)
    ]
    for cell in source.cells:
        meta = nbgrader_meta(cell)
        if not meta:
            continue
        student = by_id[meta["grade_id"]]
        if meta["solution"] and cell.cell_type == "code":
            assert STUB in student.source
        elif meta["solution"]:
            assert student.source == "YOUR ANSWER HERE"
        else:  # a test cell: locked, its visible tests kept
            assert student.metadata.get("editable") is False
            assert set(lines(student.source)) <= set(lines(cell.source))
