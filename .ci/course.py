"""Coursework with nbgrader: release the chapters, then grade submissions.

Usage (from the repository root; `make assignments` and `make grade` run these):

    python .ci/course.py assignments [--course DIR] [CHAPTER ...]
    python .ci/course.py grade --submissions DIR [--course DIR] [--timeout S] [--jobs N]

Every step is nbgrader's own command, run in the course folder (default
`_build/course/`, laid out as nbgrader expects: `source/`, `release/`, `submitted/`,
`autograded/`, `feedback/`, `gradebook.db`, `nbgrader_config.py`):

- `assignments` copies each chapter (`book/NN_*.ipynb`, or the chapters named, e.g.
  `01`) to `source/<chapter>/<chapter>.ipynb` and runs `nbgrader generate_assignment
  <chapter> --force`, which writes the student version to `release/<chapter>/`:
  solutions replaced by stubs, hidden tests removed, test cells locked.
- `grade` copies the submissions into `submitted/`, then runs `nbgrader autograde`
  for every (chapter, student), `--jobs` at a time, each cell with a time limit of
  `--timeout` seconds; then `nbgrader generate_feedback` (one HTML file per
  submission, in `feedback/<student>/<chapter>/`) and `nbgrader export` (the grade
  sheet `grades.csv`: one row per student and chapter graded).

Submissions: a folder with one folder per student, named after the student. Inside,
either the notebooks themselves (`alice/01_lstm_sine_wave.ipynb`) or nbgrader's layout
with one folder per chapter (`alice/01_lstm_sine_wave/01_lstm_sine_wave.ipynb`, with
an optional `timestamp.txt`). A notebook is matched to its chapter by its file name,
which may carry a prefix such as Colab's "Copy of ".

The course folder's `nbgrader_config.py` and `header.ipynb` are copied from `course/`
when the folder has none, and are not overwritten afterwards (an instructor may edit
them). The kernels that grade run with TSLIB_STRICT_CHECKS=1, so a failed claim in a
test cell raises and costs that cell's points.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
COURSE_FILES = ROOT / "course"
CHAPTER_GLOB = "[0-9][0-9]_*.ipynb"
DEFAULT_COURSE = ROOT / "_build" / "course"
DEFAULT_TIMEOUT = 120


def chapters(selection: list[str] | None = None) -> list[Path]:
    """The chapter notebooks, all or those selected by number (`01`) or stem."""
    found = sorted(BOOK.glob(CHAPTER_GLOB))
    if not selection:
        return found
    chosen = []
    for key in selection:
        matches = [p for p in found if key in (p.stem, p.stem[:2], p.name)]
        if not matches and key.isdigit():
            matches = [p for p in found if p.stem[:2] == key.zfill(2)]
        if not matches:
            names = ", ".join(p.stem for p in found)
            raise SystemExit(f"error: no chapter {key!r} in book/ (chapters: {names})")
        chosen.extend(m for m in matches if m not in chosen)
    return chosen


def nbgrader_env(jobs: int = 1) -> dict[str, str]:
    """The environment of nbgrader and of the kernels it starts."""
    env = dict(os.environ)
    env["TSLIB_STRICT_CHECKS"] = "1"
    # nbgrader calls `alembic` and starts kernels from this interpreter's environment.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])
    # Kernels that run at once share the cores instead of each taking all of them.
    threads = max(1, (os.cpu_count() or 1) // max(1, jobs))
    env["OMP_NUM_THREADS"] = env["MKL_NUM_THREADS"] = str(threads)
    env.pop("MPLBACKEND", None)  # the kernels draw inline, as in Jupyter
    return env


def nbgrader(course: Path, *args: str, jobs: int = 1) -> subprocess.CompletedProcess:
    """Run one nbgrader command in the course folder; its output is captured."""
    command = [sys.executable, "-m", "nbgrader", *args]
    return subprocess.run(
        command,
        cwd=course,
        env=nbgrader_env(jobs),
        capture_output=True,
        text=True,
    )


def check_ran(result: subprocess.CompletedProcess, what: str) -> None:
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"error: {what} failed (exit status {result.returncode})")


def prepare_course(course: Path) -> None:
    """Create the course folder with its configuration (kept when it exists)."""
    course.mkdir(parents=True, exist_ok=True)
    for name in ("nbgrader_config.py", "header.ipynb"):
        if not (course / name).exists():
            shutil.copy2(COURSE_FILES / name, course / name)


def release(course: Path, selection: list[Path]) -> list[str]:
    """`nbgrader generate_assignment` for each chapter; returns the assignment ids."""
    prepare_course(course)
    start = time.perf_counter()
    for path in selection:
        source = course / "source" / path.stem
        source.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, source / path.name)
    # One nbgrader process releases all the chapters (an assignment id may be a glob).
    ids = [CHAPTER_GLOB.removesuffix(".ipynb")] if selection == chapters() else None
    for assignment in ids or [path.stem for path in selection]:
        result = nbgrader(course, "generate_assignment", assignment, "--force")
        check_ran(result, f"nbgrader generate_assignment {assignment}")
    for path in selection:
        released = course / "release" / path.stem / path.name
        if not released.is_file():
            raise SystemExit(f"error: nbgrader did not write {released}")
        print(released)
    print(f"{len(selection)} chapters released in {time.perf_counter() - start:.1f} s")
    return [path.stem for path in selection]


# ---- submissions ---------------------------------------------------------------------


def chapter_of(filename: str, stems: list[str]) -> str | None:
    """The chapter a submitted notebook belongs to, from its file name."""
    name = filename.removesuffix(".ipynb")
    for stem in stems:
        if stem in name:
            return stem
    match = re.search(r"(?:^|\D)(\d{2})_", name)
    if match:
        found = [s for s in stems if s.startswith(match.group(1) + "_")]
        if len(found) == 1:
            return found[0]
    return None


def find_submissions(
    submissions: Path, stems: list[str]
) -> dict[tuple[str, str], Path]:
    """{(chapter, student): notebook, or the chapter folder of nbgrader's layout}."""
    found: dict[tuple[str, str], Path] = {}
    problems = []
    for student_dir in sorted(p for p in submissions.iterdir() if p.is_dir()):
        student = student_dir.name
        if student.startswith("."):
            continue
        for entry in sorted(student_dir.iterdir()):
            if entry.is_dir() and entry.name in stems:
                key = (entry.name, student)  # nbgrader's layout
            elif entry.is_file() and entry.suffix == ".ipynb":
                chapter = chapter_of(entry.name, stems)
                if chapter is None:
                    problems.append(f"{entry}: no chapter of the book has this name")
                    continue
                key = (chapter, student)
            else:
                continue
            if key in found:
                problems.append(f"{entry}: a second {key[0]} of {student}")
                continue
            found[key] = entry
    if problems:
        raise SystemExit("error: " + "\n       ".join(problems))
    if not found:
        raise SystemExit(
            f"error: no submissions in {submissions}: expected "
            "<student>/<chapter>.ipynb or <student>/<chapter>/<chapter>.ipynb"
        )
    return found


def copy_submission(entry: Path, target: Path, stem: str) -> None:
    """Put a submission where nbgrader looks for it: submitted/<student>/<chapter>/."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    if entry.is_dir():
        notebooks = sorted(entry.glob("*.ipynb"))
        if len(notebooks) != 1:
            raise SystemExit(f"error: {entry} must hold one notebook, not {notebooks}")
        shutil.copy2(notebooks[0], target / f"{stem}.ipynb")
        if (entry / "timestamp.txt").is_file():
            shutil.copy2(entry / "timestamp.txt", target / "timestamp.txt")
    else:
        shutil.copy2(entry, target / f"{stem}.ipynb")


def edited_locked_cells(submitted: Path, released: Path) -> list[str]:
    """The grade ids of the locked cells a student changed or deleted.

    nbgrader's autograde restores them from the source (with their hidden tests, so it
    warns about every test cell with hidden tests); this names the real edits.
    """
    import nbformat  # installed with nbgrader; imported here to keep --help quick

    def locked(path: Path) -> dict[str, str]:
        cells = nbformat.read(path, as_version=4).cells
        meta = [(c, c.metadata.get("nbgrader", {})) for c in cells]
        return {m["grade_id"]: c.source for c, m in meta if m.get("locked")}

    try:
        theirs = locked(submitted)
    except Exception as error:  # noqa: BLE001 (any unreadable notebook)
        return [f"(unreadable notebook: {error})"]
    return [
        gid for gid, source in locked(released).items() if theirs.get(gid) != source
    ]


# ---- grading -------------------------------------------------------------------------


def autograde(course: Path, stem: str, student: str, timeout: int, jobs: int):
    start = time.perf_counter()
    result = nbgrader(
        course,
        "autograde",
        stem,
        f"--student={student}",
        "--force",
        f"--Execute.timeout={timeout}",
        jobs=jobs,
    )
    return stem, student, result, time.perf_counter() - start


def grade(
    course: Path, submissions: Path, timeout: int, jobs: int, out: Path | None
) -> int:
    start = time.perf_counter()
    prepare_course(course)
    stems = [p.stem for p in chapters()]
    found = find_submissions(submissions, stems)
    graded = sorted({stem for stem, _ in found})
    missing = [s for s in graded if not (course / "release" / s).is_dir()]
    if missing:
        print(f"releasing {missing} first (make assignments)")
        release(course, [BOOK / f"{s}.ipynb" for s in missing])
    for (stem, student), entry in found.items():
        target = course / "submitted" / student / stem
        if submissions.resolve() != (course / "submitted").resolve():
            copy_submission(entry, target, stem)
        edited = edited_locked_cells(
            target / f"{stem}.ipynb", course / "release" / stem / f"{stem}.ipynb"
        )
        if edited:
            print(f"{student}, {stem}: edited locked cells {edited} (restored)")

    failed = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        runs = [
            pool.submit(autograde, course, stem, student, timeout, jobs)
            for stem, student in sorted(found)
        ]
        for run in concurrent.futures.as_completed(runs):
            stem, student, result, seconds = run.result()
            status = "ok" if result.returncode == 0 else "FAILED"
            print(f"autograde {stem} {student}: {status} ({seconds:.1f} s)")
            if result.returncode != 0:
                sys.stderr.write(result.stdout + result.stderr)
                failed.append((stem, student))
    if failed:
        raise SystemExit(f"error: nbgrader autograde failed for {failed}")

    for stem in graded:
        result = nbgrader(course, "generate_feedback", stem, "--force")
        check_ran(result, f"nbgrader generate_feedback {stem}")
    sheet = out or course / "grades.csv"
    result = nbgrader(
        course, "export", f"--to={sheet.resolve()}", f"--assignment={graded}"
    )
    check_ran(result, "nbgrader export")

    with sheet.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    print(f"\n{'chapter':36} {'student':16} {'score':>7} {'max':>5}")
    for row in rows:
        print(
            f"{row['assignment']:36} {row['student_id']:16} "
            f"{float(row['score']):7.1f} {float(row['max_score']):5.1f}"
        )
    feedback = sorted((course / "feedback").glob("*/*/*.html"))
    print(
        f"\ngrade sheet: {sheet}\nfeedback: {len(feedback)} HTML files in "
        f"{course / 'feedback'}/<student>/<chapter>/\n"
        f"{len(found)} submissions graded in {time.perf_counter() - start:.1f} s"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("assignments", help="release chapters with nbgrader")
    a.add_argument("chapters", nargs="*", help="numbers or names (default: all)")
    g = sub.add_parser("grade", help="autograde, feedback and grades.csv")
    g.add_argument("--submissions", type=Path, required=True)
    g.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, help="s per cell")
    g.add_argument("--jobs", type=int, default=2, help="notebooks graded at once")
    g.add_argument("--out", type=Path, help="grade sheet (default: COURSE/grades.csv)")
    for p in (a, g):
        p.add_argument("--course", type=Path, default=DEFAULT_COURSE)
    args = parser.parse_args(argv)
    course = args.course.resolve()
    if args.command == "assignments":
        release(course, chapters(args.chapters))
        return 0
    if not args.submissions.is_dir():
        raise SystemExit(f"error: no folder {args.submissions}")
    return grade(course, args.submissions.resolve(), args.timeout, args.jobs, args.out)


if __name__ == "__main__":
    sys.exit(main())
