"""The environment of stage 3 of `make test`: tslib comes from its wheel, not the repo.

Stage 3 runs every chapter with nbval, alone in an empty folder, in a kernel of the
fresh venv that `.ci/clean_venv.py` builds (tslib's wheel, the pinned dependencies, the
packages Colab ships), two chapters at once:

    python .ci/chapters_alone.py _build/alone   # the copies, one folder each
    pytest -n 2 --dist loadfile --nbval-lax --kernel-venv _build/clean-venv \\
        --book-cache _build/.jupyter_cache tests/integration/test_clean_folder.py \\
        _build/alone/*/*.ipynb

(the root conftest.py: `--kernel-venv`, `--book-cache`, the budget and the report).
This test checks that environment: the kernel's Python imports tslib from the venv's
site-packages, installed from a wheel and not in editable mode.
"""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_spec = importlib.util.spec_from_file_location(
    "clean_venv", ROOT / ".ci" / "clean_venv.py"
)
clean_venv = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(clean_venv)


@pytest.fixture(scope="session")
def installed(pytestconfig, tmp_path_factory):
    """(python of the clean venv, its environment); built here without --kernel-venv."""
    work = pytestconfig.getoption("kernel_venv")
    if work:
        venv_dir = Path(work).resolve() / "venv"
    else:
        venv_dir = clean_venv.ensure(tmp_path_factory.getbasetemp() / "clean")
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
