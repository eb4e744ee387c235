"""Colab parity: every chapter runs alone in an empty folder against an installed `tslib`.

Stage 3 of `make test` (or `make test-clean-folder`):

    pytest tests/integration/test_clean_folder.py

What Colab does, short of Colab: build a wheel of `dlts-tslib` (`pip wheel --no-deps .`), make
a fresh virtual environment, install the wheel as a regular package (not editable) with its
dependencies at the pinned versions of `.ci/constraints.txt` plus a Jupyter kernel, copy each
chapter alone into an empty folder and execute it there (nbclient, the folder as working
directory, no PYTHONPATH). A chapter that reads a file next to it, imports something from
the repository, or needs data that the wheel does not ship fails here. The run time of each
chapter is written to `_build/clean-folder-times.json`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
CONSTRAINTS = ROOT / ".ci" / "constraints.txt"
REPORT = ROOT / "_build" / "clean-folder-times.json"
CELL_TIMEOUT_S = 300

RUNNER = """
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=int(sys.argv[2]), kernel_name="python3", allow_errors=False,
               resources={"metadata": {"path": "."}}).execute()
"""


def clean_env(venv_dir: Path) -> dict[str, str]:
    """The environment of a reader's shell with only the fresh venv active."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "PYTHONPATH",
            "VIRTUAL_ENV",
            "MPLBACKEND",
            "PYTHONHOME",
            "PYTHONSTARTUP",
        }
    }
    env["PATH"] = f"{venv_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv_dir)
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(python of a fresh venv with the wheel of dlts-tslib installed, its environment)."""
    work = tmp_path_factory.mktemp("clean")
    # Build from a copy of what the package is made of: an in-tree build would leave build/
    # in the repository, and stale files there (a deleted module) would end up in the wheel.
    source = work / "source"
    shutil.copytree(
        ROOT / "tslib",
        source / "tslib",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    wheels = work / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(wheels),
            str(source),
        ],
        check=True,
        cwd=work,
    )
    (wheel,) = wheels.glob("dlts_tslib-*.whl")
    venv_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(venv_dir)
    python = venv_dir / "bin" / "python"
    env = clean_env(venv_dir)
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-c",
            str(CONSTRAINTS),
            str(wheel),
            "ipykernel",
            "nbclient",
            "nbformat",
        ],
        check=True,
        cwd=work,
        env=env,
    )
    return python, env


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
    assert "site-packages" in location and not location.startswith(str(ROOT)), location
    assert '"editable": true' not in direct_url, (
        f"tslib is installed in editable mode: {direct_url}"
    )


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_runs_alone_in_an_empty_folder(installed, tmp_path, chapter):
    python, env = installed
    folder = tmp_path / "alone"
    folder.mkdir()
    shutil.copy(chapter, folder / chapter.name)
    start = time.perf_counter()
    result = subprocess.run(
        [str(python), "-c", RUNNER, chapter.name, str(CELL_TIMEOUT_S)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    record(chapter.stem, seconds, result.returncode == 0)
    assert result.returncode == 0, (
        f"{chapter.name} failed in a clean folder:\n{result.stderr[-6000:]}"
    )
    left = sorted(p.name for p in folder.iterdir() if p.name != chapter.name)
    print(f"{chapter.stem}: {seconds:.1f} s in a clean folder; files it wrote: {left}")


def record(name: str, seconds: float, passed: bool) -> None:
    REPORT.parent.mkdir(exist_ok=True)
    times = json.loads(REPORT.read_text()) if REPORT.exists() else {}
    times[name] = {"seconds": round(seconds, 1), "passed": passed}
    REPORT.write_text(json.dumps(times, indent=2) + "\n")
