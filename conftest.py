"""pytest plugin of the book: time every chapter the tests execute, enforce the budget.

Each chapter must run top to bottom in at most 60 seconds on a 2-core CPU. The tests
execute chapters with nbval (`pytest --nbval-lax`), cell by cell in one kernel; this
plugin measures each notebook from outside: the wall time from the setup of its first
cell (the kernel starts there) to the teardown of its last (the kernel stops there), and
the peak resident memory of its kernel process (Linux: VmHWM, read just before the
kernel stops). It works with pytest-xdist (`-n 2 --dist loadfile`, which keeps a
notebook's cells on one worker, in order): the worker attaches the measurement to the
teardown report of the notebook's last cell as the user property ``notebook_run``, and
the main process collects it. Tests may hand over their own ``notebook_run`` too.

At the end of the session it

- prints a table "notebook  seconds  peak memory",
- writes the same numbers to `_build/notebook-times.json`,
- fails the session (exit status 1) if a notebook took longer than the budget.

Two options serve stage 3 of `make test` (the chapters alone, in a clean folder):

- ``--kernel-venv DIR``: the kernels are started from the fresh venv `DIR/venv` that
  `.ci/clean_venv.py DIR` builds (tslib installed from its wheel; built here if it is
  missing or stale), with a reader's environment: no PYTHONPATH, that venv first on
  PATH. nbval is pointed at the venv's kernelspec.
- ``--book-cache DIR``: every notebook whose cells all passed is assembled from the
  outputs nbval collected (nbformat outputs, in the committed notebook with its code
  cells unchanged, so the cache key matches) and stored in the jupyter-cache `DIR`
  (the book build's `_build/.jupyter_cache`), with its time and peak memory, so that
  `jupyter-book build` executes it no second time.

Every kernel these tests start runs in strict mode (``TSLIB_STRICT_CHECKS=1``): a claim
of a chapter that fails raises, so the test fails (readers get a warning instead; see
`tslib.checks`). A kernel that never answers its start-up request is started once more
(:func:`start_kernel_with_one_retry`): two kernels started at the same moment can
collide on their TCP ports. A failing claim is never retried.

The budget is `DLTS_NOTEBOOK_BUDGET_S` seconds (default 60; 0 switches the check off,
for instance on a machine much slower than the reference laptop). Other tests (unit
tests, doctests) are ignored, so a plain `pytest` run is unaffected.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import platform
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest

BUDGET_ENV = "DLTS_NOTEBOOK_BUDGET_S"
# tslib.checks.STRICT_ENV (tslib may not be importable here)
STRICT_ENV = "TSLIB_STRICT_CHECKS"
# what wait_for_ready of jupyter_client raises when a kernel never answered
NO_ANSWER = "didn't respond"
DEFAULT_BUDGET_S = 60.0
REPORT_PATH = Path("_build") / "notebook-times.json"
RUN_PROPERTY = "notebook_run"
ROOT = Path(__file__).resolve().parent


def _clean_venv_module():
    spec = importlib.util.spec_from_file_location(
        "dlts_clean_venv", ROOT / ".ci" / "clean_venv.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("dlts", "the book's notebooks")
    group.addoption(
        "--kernel-venv",
        metavar="DIR",
        default=None,
        help="run notebook kernels in the clean venv DIR/venv (.ci/clean_venv.py DIR)",
    )
    group.addoption(
        "--book-cache",
        metavar="DIR",
        default=None,
        help="store each notebook that passed, with its outputs, in this jupyter-cache",
    )


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
    peak_memory_mb: float | None = None
    passed: bool | None = None
    how: str = ""


@dataclass
class NotebookRun:
    """What a worker gathers while nbval runs one notebook."""

    start: float
    retried_at_start: float = 0.0  # RETRIED_SECONDS[0] when the notebook started
    passed: bool = True
    peak_memory_mb: float | None = None
    outputs: dict[int, list] = field(default_factory=dict)  # code cell -> outputs


def _kernel_peak_memory_mb(nbfile) -> float | None:
    """Peak resident memory of the notebook's kernel process (Linux), or None."""
    km = getattr(getattr(nbfile, "kernel", None), "km", None)
    process = getattr(getattr(km, "provisioner", None), "process", None)
    pid = getattr(process, "pid", None)
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (OSError, TypeError):
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def book_name(path: Path) -> str:
    """`book/NAME` for a copy of a chapter (stage 3 runs copies), else the path."""
    path = path.resolve()
    chapter = ROOT / "book" / path.name
    if chapter.is_file() and path.read_bytes() == chapter.read_bytes():
        return chapter.relative_to(ROOT).as_posix()
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def store_in_book_cache(
    cache_dir: Path, notebook: Path, run: NotebookRun, seconds: float, how: str
) -> None:
    """The committed notebook with nbval's outputs, into the book build's cache.

    jupyter-cache keys a notebook by its code cells' sources and its kernelspec, so
    the outputs are put into the committed notebook as it is; nbval's outputs are
    nbformat outputs (stream, display_data, execute_result, error).
    """
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    chapter = ROOT / book_name(notebook)
    nb = nbformat.read(chapter if chapter.is_file() else notebook, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    count = 0
    for number, cell in enumerate(code):
        outputs = run.outputs.get(number)
        cell.outputs = [nbformat.from_dict(dict(out)) for out in outputs or []]
        if outputs is not None:
            count += 1
            cell.execution_count = count
            for out in cell.outputs:
                if out.output_type == "execute_result":
                    out.execution_count = count
    nbformat.validate(nb)
    data = {
        "execution_seconds": round(seconds, 2),
        "peak_memory_mb": run.peak_memory_mb,
        "executed_by": f"make test: {how}",
        "python": platform.python_version(),
    }
    lock = _clean_venv_module().locked
    with lock(cache_dir.parent / f"{cache_dir.name}.lock"):
        get_cache(str(cache_dir)).cache_notebook_bundle(
            CacheBundleIn(
                nb, str(chapter if chapter.is_file() else notebook), data=data
            ),
            check_validity=False,
            overwrite=True,
        )


class NotebookTimer:
    """Collects the wall time of each executed notebook."""

    def __init__(
        self,
        budget_s: float,
        rootpath: Path,
        is_worker: bool,
        how: str = "nbval, in the repository's environment",
        book_cache: Path | None = None,
    ) -> None:
        self.budget_s = budget_s
        self.rootpath = rootpath
        self.is_worker = is_worker  # a pytest-xdist worker: the main process reports
        self.how = how
        self.book_cache = book_cache
        self.times: dict[str, NotebookTime] = {}
        self.runs: dict[Path, NotebookRun] = {}  # notebooks running in this process
        self.last_cell: set[str] = set()  # node ids of the notebooks' last cells

    # ---- in the process that runs the cells (a worker under pytest-xdist) ----

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None):
        if _is_nbval_cell(item):
            path = Path(str(item.path))
            if path not in self.runs:
                self.runs[path] = NotebookRun(
                    start=time.perf_counter(), retried_at_start=RETRIED_SECONDS[0]
                )
            if nextitem is None or nextitem.parent is not item.parent:
                self.last_cell.add(item.nodeid)
        yield

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_teardown(self, item: pytest.Item, nextitem: pytest.Item | None):
        # the kernel stops in this teardown: read its peak memory before
        if item.nodeid in self.last_cell:
            run = self.runs[Path(str(item.path))]
            run.peak_memory_mb = _kernel_peak_memory_mb(item.parent)
        yield

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        outcome = yield
        if not _is_nbval_cell(item):
            return
        report = outcome.get_result()
        path = Path(str(item.path))
        run = self.runs[path]
        if report.failed:
            run.passed = False
        if call.when == "call":
            run.outputs[item.cell_num] = item.test_outputs
        if call.when != "teardown" or item.nodeid not in self.last_cell:
            return
        # a kernel start that never answered and was retried is not the chapter's time
        lost = RETRIED_SECONDS[0] - run.retried_at_start
        seconds = time.perf_counter() - run.start - lost
        notebook = book_name(path)
        report.user_properties.append(
            (
                RUN_PROPERTY,
                {
                    "notebook": notebook,
                    "seconds": round(seconds, 2),
                    "peak_memory_mb": run.peak_memory_mb,
                    "passed": run.passed,
                    "how": self.how,
                },
            )
        )
        if self.book_cache is not None and run.passed:
            store_in_book_cache(self.book_cache, path, run, seconds, self.how)
        del self.runs[path]

    # ---- in the main process ----

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """A run measured here, by a worker of pytest-xdist, or by a test."""
        for name, run in report.user_properties:
            if name == RUN_PROPERTY:
                self.times[run["notebook"]] = NotebookTime(
                    seconds=run["seconds"],
                    peak_memory_mb=run.get("peak_memory_mb"),
                    passed=run.get("passed"),
                    how=run.get("how", "alone in an empty folder"),
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


def use_kernel_venv(config: pytest.Config, work: Path) -> None:
    """Start nbval's kernels from the clean venv work/venv, in a reader's env."""
    clean_venv = _clean_venv_module()
    if hasattr(config, "workerinput"):  # the main process has built it
        venv_dir = work.resolve() / "venv"
    else:
        venv_dir = clean_venv.ensure(work)
    # The kernelspec's "env" gives the kernel a reader's environment (only the venv
    # active, strict mode); JUPYTER_PATH is how jupyter_client finds the kernelspec.
    share = clean_venv.write_kernelspec(venv_dir)
    os.environ["JUPYTER_PATH"] = str(share)
    if getattr(config.option, "nbval_current_env", False):
        raise pytest.UsageError(
            "--kernel-venv and --nbval-current-env exclude each other"
        )
    config.option.nbval_kernel_name = clean_venv.KERNEL_NAME


RETRIED_SECONDS = [0.0]  # time lost in this process to kernels that never answered


def start_kernel_with_one_retry(start):
    """Wrap nbval's ``start_new_kernel``: start a kernel that never answered once more.

    ``start`` raises ``RuntimeError("Kernel didn't respond in 60 seconds")`` when the
    kernel it started never answers (and shuts that kernel down). The wrapper starts a
    fresh one, with fresh ports, once; any other error, and a second silence, propagate.
    The time the silent start took is added to ``RETRIED_SECONDS``, and the notebook
    timer does not count it against the chapter's budget.
    """

    @functools.wraps(start)
    def start_with_retry(*args, **kwargs):
        began = time.perf_counter()
        try:
            return start(*args, **kwargs)
        except RuntimeError as error:
            if NO_ANSWER not in str(error):
                raise
            RETRIED_SECONDS[0] += time.perf_counter() - began
            warnings.warn(
                f"a notebook kernel never answered ({error}); starting it once more",
                stacklevel=2,
            )
            return start(*args, **kwargs)

    return start_with_retry


def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.has_plugin("dlts-notebook-timer"):
        return
    os.environ[STRICT_ENV] = "1"  # kernels inherit it (jupyter_client)
    try:
        import nbval.kernel
    except ImportError:
        pass
    else:
        if not hasattr(nbval.kernel.start_new_kernel, "__wrapped__"):
            nbval.kernel.start_new_kernel = start_kernel_with_one_retry(
                nbval.kernel.start_new_kernel
            )
    how = "nbval, in the repository's environment"
    kernel_venv = config.getoption("kernel_venv", None)
    if kernel_venv:
        use_kernel_venv(config, Path(kernel_venv))
        how = "nbval, alone in an empty folder, tslib from its wheel"
    book_cache = config.getoption("book_cache", None)
    timer = NotebookTimer(
        budget_s=_read_budget(),
        rootpath=Path(str(config.rootpath)),
        is_worker=hasattr(config, "workerinput"),
        how=how,
        book_cache=Path(book_cache).resolve() if book_cache else None,
    )
    config.pluginmanager.register(timer, "dlts-notebook-timer")
