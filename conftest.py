"""pytest plugin of the book: time every chapter the tests execute, enforce the budget.

Each chapter must run top to bottom in at most 60 seconds on a 2-core CPU. The tests
execute chapters in two ways, and this plugin measures both from outside the chapter:

- alone in an empty folder (tests/integration/test_clean_folder.py, stage 3 of
  `make test`): that test measures the wall time of the chapter's run, kernel start
  included, and the peak memory of its kernel, and hands them over as the user property
  ``notebook_run``; this works with pytest-xdist (`-n 2`), whose workers send the
  properties to the main process;
- with nbval (`pytest --nbval-lax book/`, `make test-notebooks`): the plugin sums the
  wall time of every cell of each notebook, including the start and shutdown of its
  kernel, which nbval does in the first cell's setup and the last cell's teardown.

At the end of the session it

- prints a table "notebook  seconds  peak memory",
- writes the same numbers to `_build/notebook-times.json`,
- fails the session (exit status 1) if a notebook took longer than the budget.

The budget is `DLTS_NOTEBOOK_BUDGET_S` seconds (default 60; 0 switches the check off,
for instance on a machine much slower than the reference laptop). Other tests (unit
tests, doctests) are ignored, so a plain `pytest` run is unaffected.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

BUDGET_ENV = "DLTS_NOTEBOOK_BUDGET_S"
DEFAULT_BUDGET_S = 60.0
REPORT_PATH = Path("_build") / "notebook-times.json"
RUN_PROPERTY = "notebook_run"


def _is_nbval_cell(item: pytest.Item) -> bool:
    cls = type(item)
    return cls.__name__ == "IPyNbCell" and cls.__module__.split(".")[0] == "nbval"


def _read_budget() -> float:
    raw = os.environ.get(BUDGET_ENV, "").strip()
    if not raw:
        return DEFAULT_BUDGET_S
    try:
        budget = float(raw)
    except ValueError:
        raise pytest.UsageError(
            f"{BUDGET_ENV} must be a number of seconds, got {raw!r}"
        ) from None
    if budget < 0:
        raise pytest.UsageError(
            f"{BUDGET_ENV} must be >= 0 (0 = no budget), got {budget}"
        )
    return budget


@dataclass
class NotebookTime:
    seconds: float = 0.0
    cells: int | None = None  # nbval: the number of cells timed
    peak_memory_mb: float | None = None
    passed: bool | None = None
    how: str = ""


class NotebookTimer:
    """Collects the wall time of each executed notebook."""

    def __init__(self, budget_s: float, rootpath: Path, is_worker: bool) -> None:
        self.budget_s = budget_s
        self.rootpath = rootpath
        self.is_worker = is_worker  # a pytest-xdist worker: the main process reports
        self.times: dict[str, NotebookTime] = {}

    def _notebook_of(self, item: pytest.Item) -> str:
        path = Path(str(item.path))
        try:
            return path.relative_to(self.rootpath).as_posix()
        except ValueError:
            return path.as_posix()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None):
        if not _is_nbval_cell(item):
            yield
            return
        # setup + call + teardown: the kernel starts in the setup of the first cell of a
        # notebook and shuts down in the teardown of its last cell.
        start = time.perf_counter()
        yield
        record = self.times.setdefault(
            self._notebook_of(item), NotebookTime(cells=0, how="nbval")
        )
        record.cells += 1
        record.seconds += time.perf_counter() - start

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """A run measured by a test (in this process or in a pytest-xdist worker)."""
        if report.when != "call":
            return
        for name, run in report.user_properties:
            if name == RUN_PROPERTY:
                self.times[run["notebook"]] = NotebookTime(
                    seconds=run["seconds"],
                    peak_memory_mb=run.get("peak_memory_mb"),
                    passed=run.get("passed"),
                    how="alone in an empty folder",
                )

    def over_budget(self) -> list[str]:
        if self.budget_s <= 0:
            return []
        return [nb for nb, t in self.times.items() if t.seconds > self.budget_s]

    def write_report(self) -> Path:
        path = self.rootpath / REPORT_PATH
        path.parent.mkdir(parents=True, exist_ok=True)
        report = {
            "budget_s": self.budget_s,
            "notebooks": {
                nb: {
                    "seconds": round(t.seconds, 2),
                    "peak_memory_mb": t.peak_memory_mb,
                    "passed": t.passed,
                    "executed": t.how,
                    "over_budget": nb in self.over_budget(),
                }
                for nb, t in sorted(self.times.items())
            },
        }
        path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        return path

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if not self.times or self.is_worker:
            return
        self.write_report()
        if self.over_budget() and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if not self.times or self.is_worker:
            return
        tr = terminalreporter
        budget = (
            f"budget {self.budget_s:g} s each" if self.budget_s > 0 else "no budget"
        )
        tr.write_sep("=", f"notebook run times ({budget})")
        width = max(len("notebook"), *(len(nb) for nb in self.times))
        tr.write_line(f"{'notebook':<{width}}  {'seconds':>7}  {'peak memory':>11}")
        for nb, t in sorted(self.times.items()):
            flag = "  OVER BUDGET" if nb in self.over_budget() else ""
            flag += "  FAILED" if t.passed is False else ""
            memory = "" if t.peak_memory_mb is None else f"{t.peak_memory_mb:.0f} MB"
            tr.write_line(
                f"{nb:<{width}}  {t.seconds:>7.1f}  {memory:>11}{flag}", red=bool(flag)
            )
        total = sum(t.seconds for t in self.times.values())
        tr.write_line(f"{'total':<{width}}  {total:>7.1f}")
        tr.write_line(f"(written to {REPORT_PATH.as_posix()})")
        for nb in self.over_budget():
            tr.write_line(
                f"FAILED: {nb} took {self.times[nb].seconds:.1f} s, over the budget of "
                f"{self.budget_s:g} s ({BUDGET_ENV})",
                red=True,
                bold=True,
            )


def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.has_plugin("dlts-notebook-timer"):
        return
    timer = NotebookTimer(
        budget_s=_read_budget(),
        rootpath=Path(str(config.rootpath)),
        is_worker=hasattr(config, "workerinput"),
    )
    config.pluginmanager.register(timer, "dlts-notebook-timer")
