"""Write the student version of every chapter: solutions replaced by stubs, checks kept.

Usage (from the repository root; `make student` runs the first form):

    python .ci/make_student.py                   # book/NN_*.ipynb -> _build/student/
    python .ci/make_student.py --out DIR PATH..  # only these notebooks, into DIR

The convention is nbgrader's, so instructors who know nbgrader know it already. In a
chapter, an exercise's solution lies between a `{solution-start}` and a `{solution-end}`
Markdown cell (sphinx-exercise). Inside that block

- a code cell holds the solution between the lines `### BEGIN SOLUTION` and
  `### END SOLUTION`, followed by the check lines (asserts) that test the answer. The
  student version replaces the lines between the markers by

      # YOUR CODE HERE
      raise NotImplementedError()

  and keeps the check lines. The markers open the cell, so a student cell that has not
  been filled in stops at the stub with NotImplementedError before its checks run, never
  with a confusing NameError;
- Markdown cells (the explanation of the answer) are replaced by `YOUR ANSWER HERE`; the
  `{solution-start}` cell becomes a short instruction and the `{solution-end}` directive
  is dropped (it means nothing outside the website).

The exercise statements (`{exercise}` cells) and everything outside the solution blocks
are copied unchanged. Outputs are stripped. Uses only nbformat (installed by the test
extra).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
ANSWER = "YOUR ANSWER HERE"
SOLUTION_START_RE = re.compile(r"```\{solution-start\}\s*(\S+)")
SOLUTION_END_RE = re.compile(r"```\{solution-end\}\s*\n```", re.MULTILINE)
CHAPTER_GLOB = "[0-9][0-9]_*.ipynb"


def solution_start_label(source: str) -> str | None:
    """The exercise label of a `{solution-start}` Markdown cell, or None."""
    match = SOLUTION_START_RE.search(source)
    return match.group(1) if match else None


def is_solution_end(source: str) -> bool:
    return "{solution-end}" in source


def split_solution_cell(source: str) -> tuple[list[str], list[str], list[str]]:
    """Split a solution code cell into the lines (before, between, after) the markers.

    Raises:
        ValueError: if the cell does not hold exactly one well-formed marker pair.
    """
    lines = source.split("\n")
    begins = [i for i, line in enumerate(lines) if line.strip() == BEGIN]
    ends = [i for i, line in enumerate(lines) if line.strip() == END]
    if len(begins) != 1 or len(ends) != 1 or begins[0] >= ends[0]:
        raise ValueError(
            f"expected one '{BEGIN}' line followed by one '{END}' line, "
            f"got {len(begins)} begin and {len(ends)} end marker(s) in:\n{source}"
        )
    b, e = begins[0], ends[0]
    return lines[:b], lines[b + 1 : e], lines[e + 1 :]


def student_cell_source(source: str) -> str:
    """The student version of one solution code cell (stub in place of the solution)."""
    before, _, after = split_solution_cell(source)
    return "\n".join([*before, STUB, *after])


def solution_blocks(nb: nbformat.NotebookNode) -> list[tuple[str, list[int]]]:
    """(label, indices of the cells strictly inside) for every solution block of ``nb``.

    Raises:
        ValueError: for an unclosed or nested block.
    """
    blocks: list[tuple[str, list[int]]] = []
    label: str | None = None
    inside: list[int] = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            if label is not None:
                inside.append(index)
            continue
        start = solution_start_label(cell.source)
        if start is not None:
            if label is not None:
                raise ValueError(
                    f"solution block {label!r} is not closed before {start!r} starts"
                )
            label, inside = start, []
            if is_solution_end(cell.source):
                raise ValueError(
                    f"solution block {label!r} starts and ends in one cell"
                )
        elif is_solution_end(cell.source):
            if label is None:
                raise ValueError(
                    f"cell {index}: {{solution-end}} without {{solution-start}}"
                )
            inside.append(
                index
            )  # the end cell may carry the last paragraph of the answer
            blocks.append((label, inside))
            label = None
        elif label is not None:
            inside.append(index)
    if label is not None:
        raise ValueError(f"solution block {label!r} has no {{solution-end}}")
    return blocks


def make_student(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return the student version of a chapter (``nb`` is not changed)."""
    student = nbformat.from_dict(nb)  # a deep copy
    starts = {}
    for index, cell in enumerate(student.cells):
        label = (
            solution_start_label(cell.source) if cell.cell_type == "markdown" else None
        )
        if label is not None:
            starts[index] = label
    for index, label in starts.items():
        student.cells[index].source = (
            f"**Your solution** (exercise `{label}`): replace "
            "`raise NotImplementedError()` in the code below by your code. The lines "
            "after it check your answer: compute the names they use."
        )
    for label, inside in solution_blocks(nb):
        code_cells = [i for i in inside if nb.cells[i].cell_type == "code"]
        if not code_cells:
            raise ValueError(f"solution block {label!r} has no code cell")
        for i in inside:
            cell = student.cells[i]
            if cell.cell_type == "code":
                cell.source = student_cell_source(cell.source)
            elif cell.cell_type == "markdown":
                cell.source = ANSWER
    for cell in student.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return student


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "paths", nargs="*", type=Path, help=f"notebooks (default: book/{CHAPTER_GLOB})"
    )
    parser.add_argument(
        "--out", type=Path, default=Path("_build/student"), help="output folder"
    )
    args = parser.parse_args(argv)
    paths = args.paths or sorted(Path("book").glob(CHAPTER_GLOB))
    if not paths:
        print(
            f"error: no notebooks book/{CHAPTER_GLOB}; run from the repository root",
            file=sys.stderr,
        )
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        student = make_student(nb)
        target = args.out / path.name
        nbformat.write(student, target)
        print(f"{target}: {len(solution_blocks(nb))} exercises with stubs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
