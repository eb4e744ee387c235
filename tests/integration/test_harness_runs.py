"""The harness's runners end to end: each test starts Jupyter kernels or nested pytest.

Stage 7 of `make test` runs them (with fit under torchrun), not the unit stage: the
root conftest.py under pytest-xdist (chapter times, the budget, the book cache), and
the robustness sweep's runner (papermill, `.ci/sweep.py`).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("sweep", ROOT / ".ci" / "sweep.py")
sweep = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sweep)


def code(source, **extra):
    return {
        "cell_type": "code",
        "source": source,
        "metadata": {},
        "execution_count": None,
        "outputs": [],
        **extra,
    }


def notebook(*cells):
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_the_harness_reports_chapter_times_and_fails_over_the_budget(tmp_path):
    """Runs measured by tests reach the main process under pytest-xdist."""
    import shutil
    import subprocess

    shutil.copy(ROOT / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_runs.py").write_text(
        "import pytest\n\n"
        "@pytest.mark.parametrize('name, seconds', [('a', 12.5), ('b', 61.0)])\n"
        "def test_run(name, seconds, record_property):\n"
        "    record_property('notebook_run', {'notebook': f'book/{name}.ipynb',\n"
        "        'seconds': seconds, 'peak_memory_mb': 300.0, 'passed': True})\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k != "DLTS_NOTEBOOK_BUDGET_S"}
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # quicker; only xdist is needed
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "xdist", "-p", "no:cacheprovider"]
        + ["-n", "2"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stdout[-3000:]
    assert "2 passed" in result.stdout
    assert "FAILED: book/b.ipynb took 61.0 s, over the budget of 60 s" in result.stdout
    report = json.loads((tmp_path / "_build" / "notebook-times.json").read_text())
    assert report["notebooks"]["book/a.ipynb"] == {
        "seconds": 12.5,
        "peak_memory_mb": 300.0,
        "passed": True,
        "executed": "alone in an empty folder",
        "over_budget": False,
    }
    assert report["notebooks"]["book/b.ipynb"]["over_budget"] is True


def test_the_harness_times_nbval_runs_and_caches_their_outputs(tmp_path):
    """nbval under pytest-xdist: time and memory reach the report, outputs the cache."""
    import shutil
    import subprocess

    import nbformat
    from jupyter_cache import get_cache

    shutil.copy(ROOT / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / ".ci").mkdir()
    shutil.copy(ROOT / ".ci" / "clean_venv.py", tmp_path / ".ci" / "clean_venv.py")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A chapter"),
        nbformat.v4.new_code_cell("print('hello')"),
        nbformat.v4.new_code_cell("6 * 7"),
    ]
    (tmp_path / "book").mkdir()
    nbformat.write(nb, tmp_path / "book" / "01_x.ipynb")
    (tmp_path / "alone" / "01_x").mkdir(parents=True)
    shutil.copy(tmp_path / "book" / "01_x.ipynb", tmp_path / "alone" / "01_x")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2"]
        + ["--dist", "loadfile", "--nbval-lax", "--nbval-current-env"]
        + ["--book-cache", "cache", "alone/01_x/01_x.ipynb"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    report = json.loads((tmp_path / "_build" / "notebook-times.json").read_text())
    run = report["notebooks"]["book/01_x.ipynb"]
    assert run["passed"] and run["seconds"] > 0, run
    if sys.platform == "linux":
        assert run["peak_memory_mb"] > 10, run
    (record,) = get_cache(str(tmp_path / "cache")).list_cache_records()
    cached = get_cache(str(tmp_path / "cache")).get_cache_bundle(record.pk).nb
    outputs = [cell.outputs for cell in cached.cells if cell.cell_type == "code"]
    assert outputs[0][0]["text"] == "hello\n"
    assert outputs[1][0]["data"]["text/plain"] == "42"
    assert record.data["execution_seconds"] == run["seconds"]


def test_a_run_records_checks_errors_and_time(tmp_path):
    """End to end, one kernel: seed 2 breaks the second claim of a tiny chapter.

    The error of a cell tagged raises-exception is expected, and is not the failure.
    """
    nb = notebook(
        code("SEED = 0", metadata={"tags": ["parameters"]}),
        code(
            "1 / 0  # a cell that shows an error",
            metadata={"tags": ["raises-exception"]},
        ),
        code(
            "import os\nfrom tslib.checks import check\n"
            "check('the path is set', len(os.environ['ATEN_CPU_CAPABILITY']), '>', 0)\n"
            "check('the seed is below 1.5', SEED, '<', 1.5)"
        ),
        code("print('not reached')"),
    )
    nb["metadata"]["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    chapter = tmp_path / "99_tiny.ipynb"
    chapter.write_text(json.dumps(nb), encoding="utf-8")
    run = sweep.run_once(chapter, seed=2, capability="default", timeout=60)
    assert run["seed"] == 2 and run["capability"] == "default"
    assert not run["passed"] and run["seconds"] > 0
    assert run["error"] == {
        "cell": 2,  # numbered as in the chapter, without the injected cell
        "name": "AssertionError",
        "message": "the seed is below 1.5: measured 2, expected < 1.5",
    }
    assert [(c["claim"], c["passed"]) for c in run["checks"]] == [
        ("the path is set", True),
        ("the seed is below 1.5", False),
    ]
    assert run["checks"][1]["margin"] == pytest.approx(-1 / 3)
    record = sweep.chapter_record(chapter, [run], {"default": "default"})
    assert set(record) >= {"code_sha256", "torch", "cpu", "date", "runs", "seeds"}
    assert any("FAILED seed 2, default" in line for line in sweep.summary_lines(record))
