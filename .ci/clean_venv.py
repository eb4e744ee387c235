"""The environment in which the tests run the chapters: tslib's wheel in a fresh venv.

    python .ci/clean_venv.py DIR     # make DIR/venv; nothing to do when up to date

What Colab has, short of Colab: a wheel of `dlts-tslib` built from a copy of its sources
(`pip wheel --no-deps`), installed as a regular package (not editable) into a fresh
virtual environment with its dependencies at the pinned versions of
`.ci/constraints.txt`, plus a Jupyter kernel and the packages Colab ships that chapters
use (`COLAB_PACKAGES`). Nothing of the repository is importable from it.

Stage 3 of `make test` runs the chapters with nbval in a kernel of this venv: the venv
holds a Jupyter kernelspec named `KERNEL_NAME` (DIR/venv/share/jupyter/kernels), which
the root conftest.py selects (`--kernel-venv DIR`). `make test` starts this script in
the background while the unit tests run, and stage 3 waits for it (a lock on
`DIR.lock`).
The venv is rebuilt when tslib's sources, the package metadata or the pins change
(their SHA-256 is stored in `DIR/venv/.fingerprint`).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONSTRAINTS = ROOT / ".ci" / "constraints.txt"
PACKAGE_FILES = ("pyproject.toml", "README.md", "LICENSE")
# Preinstalled on Colab and used by chapters, but not dependencies of tslib.
COLAB_PACKAGES = ("ipykernel", "nbclient", "nbformat", "statsmodels")
# The kernel of the venv, as nbval finds it (JUPYTER_PATH=DIR/venv/share/jupyter).
KERNEL_NAME = "dlts-clean-venv"
# Imported once after the installation, so that their bytecode is written once and not
# by every chapter's kernel.
WARM_UP = """
import importlib, pkgutil
import matplotlib.pyplot, matplotlib_inline.backend_inline, numpy, pandas, torch
import ipykernel.kernelapp, nbclient, nbformat, statsmodels.api, tslib
for module in pkgutil.walk_packages(tslib.__path__, "tslib."):
    importlib.import_module(module.name)
"""


# Variables of the developer's shell that a reader's kernel must not see. The kernelspec
# sets them to "" (Python and matplotlib ignore an empty value), since a kernelspec's
# env can add and override variables but not remove them.
DROPPED = (
    "PYTHONPATH",
    "MPLBACKEND",
    "PYTHONHOME",
    "PYTHONSTARTUP",
    "PYTHONDONTWRITEBYTECODE",
)


def kernel_env(venv_dir: Path) -> dict[str, str]:
    """The kernel's changes to its environment: only the venv active, strict mode."""
    env = dict.fromkeys(DROPPED, "")
    env["PATH"] = f"{venv_dir / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv_dir)
    env["TSLIB_STRICT_CHECKS"] = "1"
    return env


def clean_env(venv_dir: Path) -> dict[str, str]:
    """The environment of a reader's shell with only the fresh venv active."""
    return {**os.environ, **kernel_env(venv_dir)}


@contextlib.contextmanager
def locked(path: Path):
    """An exclusive lock on `path` (between processes, e.g. pytest-xdist workers)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _sources() -> list[Path]:
    files = [
        p
        for p in (ROOT / "tslib").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    ]
    return sorted(files) + [ROOT / name for name in PACKAGE_FILES] + [CONSTRAINTS]


def fingerprint() -> str:
    """SHA-256 of what the venv is made of: the package files, pins and extras."""
    digest = hashlib.sha256(" ".join(COLAB_PACKAGES).encode())
    for path in _sources():
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build(work: Path) -> None:
    """Build the wheel from a copy of the sources and install it into work/venv."""
    # An in-tree build would leave build/ in the repository, and stale files there (a
    # deleted module) would end up in the wheel.
    source = work / "source"
    shutil.copytree(
        ROOT / "tslib",
        source / "tslib",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    for name in PACKAGE_FILES:
        shutil.copy(ROOT / name, source / name)
    wheels = work / "wheels"
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
    subprocess.run([*pip_wheel, "-w", str(wheels), str(source)], check=True, cwd=work)
    (wheel,) = wheels.glob("dlts_tslib-*.whl")
    venv_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(venv_dir)
    subprocess.run(
        [
            str(venv_dir / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            # compiling every module of every package takes longer than installing
            # them; WARM_UP compiles the ones the chapters import
            "--no-compile",
            "-c",
            str(CONSTRAINTS),
            str(wheel),
            *COLAB_PACKAGES,
        ],
        check=True,
        cwd=work,
        env=clean_env(venv_dir),
    )
    subprocess.run(
        [str(venv_dir / "bin" / "python"), "-c", WARM_UP],
        check=True,
        cwd=work,
        env=clean_env(venv_dir),
    )


def write_kernelspec(venv_dir: Path) -> Path:
    """A kernelspec that starts the venv's Python; returns its JUPYTER_PATH entry."""
    share = venv_dir / "share" / "jupyter"
    spec = share / "kernels" / KERNEL_NAME / "kernel.json"
    spec.parent.mkdir(parents=True, exist_ok=True)
    python = str(venv_dir / "bin" / "python")
    argv = [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    # jupyter_client starts the kernel with the caller's environment updated by "env"
    spec_json = {
        "argv": argv,
        "display_name": "Python 3 (clean venv)",
        "language": "python",
        "env": kernel_env(venv_dir),
    }
    text = json.dumps(spec_json, indent=1)
    if not spec.exists() or spec.read_text() != text:
        spec.write_text(text)
    return share


def ensure(work: Path) -> Path:
    """work/venv, built unless it is up to date; waits while another process builds."""
    work = work.resolve()
    venv_dir = work / "venv"
    stamp = venv_dir / ".fingerprint"
    wanted = fingerprint()
    with locked(work.parent / f"{work.name}.lock"):
        if not (stamp.exists() and stamp.read_text() == wanted):
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            build(work)
            stamp.write_text(wanted)
        write_kernelspec(venv_dir)
    return venv_dir


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python .ci/clean_venv.py DIR")
    print(f"clean venv: {ensure(Path(sys.argv[1]))}")
