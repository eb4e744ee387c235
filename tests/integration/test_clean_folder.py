"""Every chapter, alone in an empty folder, against the installed wheel of `tslib`.

Stage 3 of `make test` (or `make test-clean-folder`), two chapters at once:

    pytest -n 2 tests/integration/test_clean_folder.py

This is the one execution of each chapter in the tests. What Colab does, short of Colab:
build a wheel of `dlts-tslib` (`pip wheel --no-deps .`), make a fresh virtual
environment, install the wheel as a regular package (not editable) with its dependencies
at the pinned versions of `.ci/constraints.txt`, plus a Jupyter kernel and the packages
Colab ships that chapters use (.ci/clean_venv.py); copy each chapter alone into an empty
folder and execute it there from top to bottom (nbclient, the folder as working
directory, no PYTHONPATH). Check cells assert the claims of the text, so a claim that
stops holding fails here. A chapter that reads a file next to it, imports something from
the repository, or needs data that the wheel does not ship fails too.

Each chapter's wall time (kernel start included) and the peak memory of its kernel are
measured from outside and handed to the root `conftest.py`, which prints them, writes
`_build/notebook-times.json` and fails the run if a chapter took longer than its budget
(60 s). The executed chapter goes into the book build's cache (`_build/.jupyter_cache`,
keyed by the chapter's code), so that `jupyter-book build` shows these outputs and
executes no chapter a second time.
"""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import shutil
import subprocess
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]


def expected_seconds(chapter: Path) -> float:
    """The chapter's median time in its robustness sweep (0 when it has none)."""
    path = ROOT / "book" / "_data" / "robustness" / f"{chapter.stem}.json"
    try:
        runs = json.loads(path.read_text(encoding="utf-8"))["runs"]
        return sorted(r["seconds"] for r in runs)[len(runs) // 2]
    except (OSError, ValueError, KeyError, IndexError):
        return 0.0


# Longest first: two at a time, the run ends sooner when the short ones come last.
CHAPTERS = sorted(
    sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb")),
    key=lambda p: -expected_seconds(p),
)
BOOK_CACHE = ROOT / "_build" / ".jupyter_cache"
CELL_TIMEOUT_S = 300
# Where `make test` builds the clean venv while the unit tests run (.ci/clean_venv.py).
VENV_ENV = "DLTS_CLEAN_VENV"

_spec = importlib.util.spec_from_file_location(
    "clean_venv", ROOT / ".ci" / "clean_venv.py"
)
clean_venv = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(clean_venv)

RUNNER = """
import json, resource, sys
import nbformat
from nbclient import NotebookClient
notebook, timeout, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
nb = nbformat.read(notebook, as_version=4)
try:
    NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                   record_timing=False, resources={"metadata": {"path": "."}}).execute()
finally:
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    with open(out + ".json", "w") as f:
        json.dump({"peak_memory_mb": round(peak, 1)}, f)
nbformat.write(nb, out)
"""


@pytest.fixture(scope="session")
def installed(tmp_path_factory):
    """(python of a fresh venv with the wheel of dlts-tslib installed, its environment).

    The venv is `$DLTS_CLEAN_VENV/venv` when that is set (make test builds it there in
    the background), else one of this session. Built once: with pytest-xdist, the first
    worker builds it and the others wait for it.
    """
    if os.environ.get(VENV_ENV):
        work = Path(os.environ[VENV_ENV])
    else:
        base = tmp_path_factory.getbasetemp()
        shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
        work = shared / "clean"
    venv_dir = clean_venv.ensure(work)
    return venv_dir / "bin" / "python", clean_venv.clean_env(venv_dir)


def test_tslib_is_the_installed_wheel(installed, tmp_path):
    python, env = installed
    result = subprocess.run(
        [
            str(python),
            "-c",
            "import tslib, importlib.metadata as m; print(tslib.__file__); "
            "print(m.distribution('dlts-tslib').read_text('direct_url.json') or '')",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    location, direct_url = result.stdout.split("\n", 1)
    site_packages = Path(python).parent.parent / "lib"
    assert Path(location).is_relative_to(site_packages), location
    assert "site-packages" in location and not Path(location).is_relative_to(
        ROOT / "tslib"
    ), location
    assert '"editable": true' not in direct_url, (
        f"tslib is installed in editable mode: {direct_url}"
    )


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_runs_alone_in_an_empty_folder(
    installed, tmp_path, chapter, record_property
):
    python, env = installed
    folder = tmp_path / "alone"
    folder.mkdir()
    shutil.copy(chapter, folder / chapter.name)
    executed = tmp_path / "executed.ipynb"
    start = time.perf_counter()
    result = subprocess.run(
        [str(python), "-c", RUNNER, chapter.name, str(CELL_TIMEOUT_S), str(executed)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    measured = Path(f"{executed}.json")
    peak = (
        json.loads(measured.read_text())["peak_memory_mb"]
        if measured.exists()
        else None
    )
    # read by the root conftest.py: the budget, the table, _build/notebook-times.json
    record_property(
        "notebook_run",
        {
            "notebook": chapter.relative_to(ROOT).as_posix(),
            "seconds": round(seconds, 2),
            "peak_memory_mb": peak,
            "passed": result.returncode == 0,
        },
    )
    assert result.returncode == 0, (
        f"{chapter.name} failed in a clean folder:\n{result.stderr[-6000:]}"
    )
    left = sorted(p.name for p in folder.iterdir() if p.name != chapter.name)
    print(f"{chapter.stem}: {seconds:.1f} s in a clean folder; files it wrote: {left}")
    cache_for_the_book(chapter, executed, seconds, peak)


def cache_for_the_book(
    chapter: Path, executed: Path, seconds: float, peak_memory_mb: float | None
) -> None:
    """Store the executed chapter in the book build's jupyter-cache.

    The cache is keyed by the code cells and their metadata, so the outputs are put
    into the committed notebook as it is (the kernel may have added metadata).
    """
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    original = nbformat.read(chapter, as_version=4)
    ran = nbformat.read(executed, as_version=4)
    assert len(original.cells) == len(ran.cells), "the kernel changed the cell list"
    for cell, done in zip(original.cells, ran.cells):
        if cell.cell_type == "code":
            cell.outputs = done.outputs
            cell.execution_count = done.execution_count
    original.metadata["language_info"] = ran.metadata.get("language_info", {})
    data = {
        "execution_seconds": round(seconds, 2),
        "peak_memory_mb": peak_memory_mb,
        "executed_by": "make test: alone in an empty folder, tslib from its wheel",
        "python": platform.python_version(),
    }
    with clean_venv.locked(BOOK_CACHE.parent / ".jupyter_cache.lock"):
        get_cache(str(BOOK_CACHE)).cache_notebook_bundle(
            CacheBundleIn(original, str(chapter), data=data),
            check_validity=False,
            overwrite=True,
        )
