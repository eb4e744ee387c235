"""pytest plugin of the book: time every notebook that nbval runs and enforce the budget.

Each chapter must run top to bottom in at most 60 seconds on a 2-core CPU. When pytest runs
notebooks with nbval (`pytest --nbval-lax book/`, stage 2 of `make test`), this plugin sums
the wall time of every cell of each notebook -- including the start and shutdown of its
kernel, which nbval does in the first cell's setup and the last cell's teardown -- then

- prints a table "notebook  cells  seconds" at the end of the session,
- writes the same numbers to `_build/notebook-times.json`,
- fails the session (exit status 1) if a notebook took longer than the budget.

The budget is `DLTS_NOTEBOOK_BUDGET_S` seconds (default 60; 0 switches the check off, for
instance on a machine much slower than the reference laptop). Items that are not nbval cells
(unit tests, doctests) are ignored, so a plain `pytest` run is unaffected.
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
    cells: int = 0
    seconds: float = 0.0


class NotebookTimer:
    """Collects the wall time of nbval cells, grouped by notebook."""

    def __init__(self, budget_s: float, rootpath: Path) -> None:
        self.budget_s = budget_s
        self.rootpath = rootpath
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
        record = self.times.setdefault(self._notebook_of(item), NotebookTime())
        record.cells += 1
        record.seconds += time.perf_counter() - start

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
                    "cells": t.cells,
                    "seconds": round(t.seconds, 2),
                    "over_budget": nb in self.over_budget(),
                }
                for nb, t in sorted(self.times.items())
            },
        }
        path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        return path

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if not self.times:
            return
        self.write_report()
        if self.over_budget() and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if not self.times:
            return
        tr = terminalreporter
        budget = (
            f"budget {self.budget_s:g} s each" if self.budget_s > 0 else "no budget"
        )
        tr.write_sep("=", f"notebook run times ({budget})")
        width = max(len("notebook"), *(len(nb) for nb in self.times))
        tr.write_line(f"{'notebook':<{width}}  {'cells':>5}  {'seconds':>7}")
        for nb, t in sorted(self.times.items()):
            flag = "  OVER BUDGET" if nb in self.over_budget() else ""
            tr.write_line(
                f"{nb:<{width}}  {t.cells:>5}  {t.seconds:>7.1f}{flag}", red=bool(flag)
            )
        total = sum(t.seconds for t in self.times.values())
        tr.write_line(
            f"{'total':<{width}}  {sum(t.cells for t in self.times.values()):>5}  {total:>7.1f}"
        )
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
    timer = NotebookTimer(budget_s=_read_budget(), rootpath=Path(str(config.rootpath)))
    config.pluginmanager.register(timer, "dlts-notebook-timer")
