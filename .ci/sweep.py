"""The robustness sweep: every chapter under several seeds and CPU kernel paths.

    make sweep                                   # every chapter, seeds 0-7, every path
    make sweep CHAPTERS="03 04" SEEDS="0 1" CAPS="default avx2"
    python .ci/sweep.py --chapters 05 --seeds "0 1" --caps "default avx2"

PyTorch picks its CPU kernels by instruction set (``ATEN_CPU_CAPABILITY``: ``default``,
``avx2``, ``avx512``), and the same seed trains to a different model on each. A claim
of the text must hold on all of them and for every seed. For each chapter
``book/NN_*.ipynb``, each seed and each kernel path this machine offers, the sweep
executes the chapter top to bottom (nbclient) as the book's tests do: the kernel starts
in ``book/`` with the repository on ``PYTHONPATH``, ``ATEN_CPU_CAPABILITY`` set before
Python starts and one thread. The seed is injected papermill-style: a cell tagged
``injected-parameters`` that sets ``SEED = <seed>`` goes right after the cell tagged
``parameters`` (the committed chapter still says ``SEED = 0``). Every call of
``tslib.checks.check`` appends its claim, value, threshold and margin to the file named
by ``TSLIB_CHECK_LOG``, one per run.

Results: one JSON file per chapter, ``book/_data/robustness/<chapter>.json`` (format in
:func:`chapter_record`), with the SHA-256 of the chapter's code cells, so that a test
(tests/test_sweep.py) fails when the chapter changed after its last sweep. The page
"How robust is each claim?" (book/robustness.md) is generated from these files.

Runs of an earlier sweep of the same chapter are kept when the chapter's code and the
PyTorch version are unchanged and the new sweep does not repeat them (``--fresh``
discards them). The exit status is 1 if a run or a check failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.metadata
import io
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tokenize
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
DATA = BOOK / "_data" / "robustness"
DEFAULT_SEEDS = (0, 1, 2, 3, 4, 5, 6, 7)
CELL_TIMEOUT_S = 300
PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"
FORMAT_VERSION = 1


# ---- the chapter's code and its hash -------------------------------------------------


def chapters(selection: list[str] | None = None) -> list[Path]:
    """The chapter notebooks ``book/NN_*.ipynb``, all or those whose NN is selected."""
    found = sorted(BOOK.glob("[0-9][0-9]_*.ipynb"))
    if not selection:
        return found
    chosen = []
    for key in selection:
        matches = [p for p in found if p.stem[:2] == key.zfill(2) or p.stem == key]
        if not matches:
            names = ", ".join(p.stem for p in found)
            raise SystemExit(f"error: no chapter {key!r} in book/ (chapters: {names})")
        chosen.extend(m for m in matches if m not in chosen)
    return chosen


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _code_tokens(source: str) -> str:
    """The cell's code without its comments and blank lines, as one string of tokens.

    Comments and layout cannot change what a chapter computes, so editing them (the
    Colab cell's comment, say) does not make a sweep stale. A cell that Python's
    tokenizer cannot read (an IPython magic) counts with its raw source.
    """
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}
    try:
        tokens = tokenize.generate_tokens(io.StringIO(source).readline)
        layout = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
        return "\x1f".join(
            f"{tok.type}:{'' if tok.type in layout else tok.string}"
            for tok in tokens
            if tok.type not in skip
        )
    except (tokenize.TokenError, SyntaxError):
        return source


def code_sha256(notebook: dict) -> str:
    """SHA-256 of the code cells, in order (comments, outputs, ids, metadata ignored).

    Example:
        >>> nb = {"cells": [{"cell_type": "code", "source": ["x = 1"], "outputs": [1]},
        ...                 {"cell_type": "markdown", "source": "prose"}]}
        >>> code_sha256(nb) == code_sha256(
        ...     {"cells": [{"cell_type": "code", "source": "x = 1  # one"}]})
        True
    """
    code = [
        _code_tokens(_source(c)) for c in notebook["cells"] if c["cell_type"] == "code"
    ]
    return hashlib.sha256("\x1e".join(code).encode("utf-8")).hexdigest()


def notebook_code_sha256(path: Path) -> str:
    return code_sha256(json.loads(path.read_text(encoding="utf-8")))


def parameters_cell(notebook: dict) -> int:
    """The index of the one cell tagged ``parameters`` (it holds ``SEED = 0``).

    papermill injects ``SEED = seed`` in a cell tagged ``injected-parameters`` right
    after it; a chapter without exactly one such cell cannot be swept.
    """
    tagged = [
        i
        for i, c in enumerate(notebook["cells"])
        if PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])
    ]
    if len(tagged) != 1:
        raise ValueError(
            f"expected exactly one cell tagged {PARAMETERS_TAG!r} (it holds SEED = 0), "
            f"found {len(tagged)}"
        )
    return tagged[0]


# ---- the machine ---------------------------------------------------------------------


def cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_capabilities() -> list[str]:
    """The kernel paths of this CPU: default, avx2 and avx512 where the CPU has them."""
    flags = cpu_flags()
    caps = ["default"]
    if "avx2" in flags:
        caps.append("avx2")
    if "avx512f" in flags:
        caps.append("avx512")
    return caps


def kernel_env(capability: str, check_log: Path | None = None) -> dict[str, str]:
    """The environment of a chapter's kernel: the repository importable, one thread."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"MPLBACKEND", "PYTHONSTARTUP", "TSLIB_CHECK_LOG"}
    }
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    env["ATEN_CPU_CAPABILITY"] = capability
    env["OMP_NUM_THREADS"] = "1"
    env["MKL_NUM_THREADS"] = "1"
    env["PYTHONHASHSEED"] = "0"
    env["TSLIB_STRICT_CHECKS"] = "1"  # a failed claim raises, as in make test
    if check_log is not None:
        env["TSLIB_CHECK_LOG"] = str(check_log)
    return env


def capability_in_use(capability: str) -> str:
    """The kernel path PyTorch really takes when asked for ``capability``."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import torch; print(torch.backends.cpu.get_cpu_capability())",
        ],
        env=kernel_env(capability),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().lower()


# ---- one run -------------------------------------------------------------------------

# Runs in a fresh Python process per run: the kernel inherits its environment, and
# getrusage(RUSAGE_CHILDREN) afterwards is the peak memory of the kernel. papermill
# injects the parameters and executes the notebook (nbclient underneath).
WORKER = r"""
import json, resource, sys
import nbformat
import papermill
from nbclient.exceptions import CellTimeoutError, DeadKernelError

notebook, executed, cwd, seed, timeout, out = sys.argv[1:7]
error = None
try:
    papermill.execute_notebook(
        notebook, executed, parameters={"SEED": int(seed)}, cwd=cwd,
        kernel_name="python3", language="python", execution_timeout=int(timeout),
        progress_bar=False)
except papermill.PapermillExecutionError as exc:
    # papermill reports an error of a cell tagged raises-exception too (nbclient lets
    # those pass and goes on): the run failed only where an untagged cell failed
    nb = nbformat.read(executed, as_version=4)
    failed = [i for i, c in enumerate(nb.cells)
              if "raises-exception" not in c.metadata.get("tags", [])
              and any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    if failed or exc.ename == "CellExecutionError":
        error = {"cell": exc.cell_index, "name": exc.ename,
                 "message": str(exc.evalue)[:2000]}
except (CellTimeoutError, DeadKernelError) as exc:
    error = {"cell": None, "name": type(exc).__name__, "message": str(exc)[:2000]}
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
json.dump({"error": error, "peak_memory_mb": round(peak, 1)}, open(out, "w"))
"""


def run_once(chapter: Path, seed: int, capability: str, timeout: int) -> dict:
    """Execute the chapter with this seed and kernel path; the run's record."""
    notebook = json.loads(chapter.read_text(encoding="utf-8"))
    try:
        parameters_at = parameters_cell(notebook)
    except ValueError as exc:
        error = {"cell": None, "name": "ValueError", "message": str(exc)}
        return run_record(seed, capability, 0.0, [], error, None)
    with tempfile.TemporaryDirectory(prefix=f"sweep-{chapter.stem[:2]}-") as tmp:
        tmp = Path(tmp)
        log = tmp / "checks.jsonl"
        result = tmp / "result.json"
        start = time.perf_counter()
        process = subprocess.run(
            [
                sys.executable,
                "-c",
                WORKER,
                str(chapter),
                str(tmp / chapter.name),
                str(BOOK),
                str(seed),
                str(timeout),
                str(result),
            ],
            cwd=BOOK,
            env=kernel_env(capability, log),
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        if result.exists():
            outcome = json.loads(result.read_text(encoding="utf-8"))
        else:
            outcome = {
                "error": {
                    "cell": None,
                    "name": "RunnerError",
                    "message": process.stderr[-2000:],
                },
                "peak_memory_mb": None,
            }
        checks = []
        if log.exists():
            for line in log.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    entry = json.loads(line)
                    checks.append({key: entry.get(key) for key in CHECK_KEYS})
    error = outcome["error"]
    if error and error.get("cell") is not None:
        # the index in the committed chapter: papermill's injected cell (right after
        # the parameters cell) is not there
        injected_at = parameters_at + 1
        cell = error["cell"]
        error["cell"] = None if cell == injected_at else cell - (cell > injected_at)
    return run_record(
        seed, capability, seconds, checks, error, outcome["peak_memory_mb"]
    )


CHECK_KEYS = (
    "claim",
    "value",
    "op",
    "threshold",
    "passed",
    "margin",
    "by_construction",
)


def run_record(seed, capability, seconds, checks, error, peak_memory_mb) -> dict:
    """One run: ``passed`` is true when the chapter ran through and every check held."""
    return {
        "seed": seed,
        "capability": capability,
        "passed": error is None and all(c["passed"] for c in checks),
        "error": error,
        "seconds": round(seconds, 2),
        "peak_memory_mb": peak_memory_mb,
        "checks": checks,
    }


# ---- the chapter's file --------------------------------------------------------------


def chapter_record(
    chapter: Path, runs: list[dict], capabilities: dict[str, str]
) -> dict:
    """The content of ``book/_data/robustness/<chapter>.json``.

    Keys: ``format`` (1), ``notebook`` (path from the repository root),
    ``code_sha256`` (:func:`code_sha256`), ``torch``, ``python``, ``cpu`` (model name),
    ``date`` (UTC, ISO 8601), ``capabilities`` (asked -> taken by PyTorch),
    ``seeds``, and ``runs``: one object per (seed, capability) with ``seed``,
    ``capability``, ``passed``, ``error`` (null, or ``{cell, name, message}`` of the
    failing cell), ``seconds`` (wall, kernel start included), ``peak_memory_mb`` and
    ``checks``: ``{claim, value, op, threshold, passed, margin}`` in the order the
    chapter made them.
    """
    runs = sorted(runs, key=lambda r: (r["seed"], _cap_order(r["capability"])))
    return {
        "format": FORMAT_VERSION,
        "notebook": _relative(chapter),
        "code_sha256": notebook_code_sha256(chapter),
        "torch": importlib.metadata.version("torch"),
        "python": platform.python_version(),
        "cpu": cpu_model(),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "capabilities": capabilities,
        "seeds": sorted({r["seed"] for r in runs}),
        "runs": runs,
    }


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def _cap_order(capability: str) -> int:
    order = ["default", "avx2", "avx512"]
    return order.index(capability) if capability in order else len(order)


def result_path(chapter: Path) -> Path:
    return DATA / f"{chapter.stem}.json"


def merge_with_previous(
    chapter: Path, runs: list[dict], fresh: bool
) -> tuple[list[dict], dict]:
    """These runs plus the still valid, not repeated runs of the previous sweep."""
    path = result_path(chapter)
    if fresh or not path.exists():
        return runs, {}
    previous = json.loads(path.read_text(encoding="utf-8"))
    same = (
        previous.get("code_sha256") == notebook_code_sha256(chapter)
        and previous.get("torch") == importlib.metadata.version("torch")
        and previous.get("format") == FORMAT_VERSION
    )
    if not same:
        return runs, {}
    done = {(r["seed"], r["capability"]) for r in runs}
    kept = [r for r in previous["runs"] if (r["seed"], r["capability"]) not in done]
    return runs + kept, previous.get("capabilities", {})


# ---- how far each claim stays from its threshold ------------------------------------

Z_BAR = 4.0  # an asserted check lies at least this many standard deviations away


def _passing_side(op: str) -> int:
    return 1 if op in (">", ">=") else -1


def check_statistics(runs: list[dict]) -> list[dict]:
    """Every check of a chapter over its runs, with its z and failure probability.

    A check is identified by its claim and, for a claim asserted more than once in a
    run, by its rank among those. For run i, ``d_i = s * (g(value_i) - g(threshold_i))``
    with ``s = +1`` for ``>``/``>=`` and ``-1`` for ``<``/``<=`` (so that ``d_i > 0``
    means the claim held), and ``g = log`` when every value and threshold is positive
    (ratios, errors and rates, whose spread grows with their size and which cannot
    cross 0: on the log scale their run-to-run variation is closer to normal), else
    ``g`` is the identity. Then ``z = mean(d) / sd(d)`` (sample sd, ``n - 1``), and
    the probability that a new run fails the claim is estimated as that of a normal
    predictive distribution, ``Phi(-z / sqrt(1 + 1/n))``.

    Exempt (``z`` is None): exact claims (``==``), claims made with
    ``by_construction=True`` (a proven bound) and checks whose ``d`` does not vary.

    Example:
        >>> check = {"claim": "c", "op": "<", "threshold": 1.0}
        >>> runs = [{"checks": [{**check, "value": v}]} for v in (0.5, 0.4, 0.6)]
        >>> stat = check_statistics(runs)[0]
        >>> round(stat["z"], 2), stat["scale"], stat["n"]
        (3.48, 'log', 3)
    """
    grouped: dict[tuple[str, int], list[dict]] = {}
    for run in runs:
        rank: dict[str, int] = {}
        for c in run["checks"]:
            k = rank[c["claim"]] = rank.get(c["claim"], -1) + 1
            grouped.setdefault((c["claim"], k), []).append(c)
    stats = []
    for (claim, k), checks in grouped.items():
        op = checks[0]["op"]
        values = [c["value"] for c in checks]
        thresholds = [c["threshold"] for c in checks]
        log = all(x > 0 for x in values + thresholds)
        g = math.log if log else float
        d = (
            [_passing_side(op) * (g(v) - g(t)) for v, t in zip(values, thresholds)]
            if op != "=="
            else []
        )
        sd = statistics.stdev(d) if len(d) > 1 else 0.0
        by_construction = any(c.get("by_construction") for c in checks)
        exempt = op == "==" or sd == 0.0 or by_construction
        z = None if exempt else statistics.fmean(d) / sd
        stats.append(
            {
                "claim": claim,
                "rank": k,
                "op": op,
                "threshold": thresholds[0],
                "n": len(checks),
                "min": min(values),
                "median": statistics.median(values),
                "max": max(values),
                "scale": "log" if log else "linear",
                "by_construction": by_construction,
                "z": z,
                "p_fail": None
                if z is None
                else 0.5 * math.erfc(z / math.sqrt(1 + 1 / len(d)) / math.sqrt(2)),
                "runs_passed": sum(bool(c.get("passed", True)) for c in checks),
            }
        )
    return stats


def book_outlook(p_fail: list[float]) -> tuple[float, float]:
    """Expected number of failing checks on a new run, and P(every check holds)."""
    return sum(p_fail), math.prod(1 - p for p in p_fail)


# ---- the summary ---------------------------------------------------------------------


def smallest_margin(runs: list[dict]) -> tuple[float, str, dict] | None:
    margins = [
        (c["margin"], c["claim"], r)
        for r in runs
        for c in r["checks"]
        if c.get("margin") is not None
    ]
    return min(margins, key=lambda m: m[0]) if margins else None


def first_line(text: str | None, width: int = 200) -> str:
    return (text or "").strip().split("\n", 1)[0][:width]


def summary_lines(record: dict) -> list[str]:
    runs = record["runs"]
    passed = sum(r["passed"] for r in runs)
    seconds = [r["seconds"] for r in runs]
    n_checks = len({c["claim"] for r in runs for c in r["checks"]})
    lines = [
        f"{Path(record['notebook']).stem}: {passed}/{len(runs)} runs passed, "
        f"{n_checks} checks, median {statistics.median(seconds):.1f} s, "
        f"max {max(seconds):.1f} s"
    ]
    small = smallest_margin(runs)
    if small:
        margin, claim, run = small
        lines.append(
            f"    smallest margin {margin:+.1%}: {claim!r} "
            f"(seed {run['seed']}, {run['capability']})"
        )
    scored = [s for s in check_statistics(runs) if s["z"] is not None]
    if scored:
        low = min(scored, key=lambda s: s["z"])
        below = sum(s["z"] < Z_BAR for s in scored)
        lines.append(
            f"    smallest z {low['z']:.2f}: {low['claim']!r}; "
            f"{below} check(s) below z = {Z_BAR:g}"
        )
    for run in runs:
        failed = [c["claim"] for c in run["checks"] if not c["passed"]]
        if run["error"] or failed:
            error = run["error"] or {}
            lines.append(
                f"    FAILED seed {run['seed']}, {run['capability']}: "
                f"{error.get('name', '')} in cell {error.get('cell')}: "
                f"{first_line(error.get('message'))}"
                + (f" (failed checks: {failed})" if failed else "")
            )
    return lines


# ---- main ----------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chapters", default="", help='e.g. "03 04" (default: all)')
    parser.add_argument(
        "--seeds", default="", help='e.g. "0 1 2 3 4 5 6 7" (the default)'
    )
    parser.add_argument(
        "--caps",
        default="",
        help='e.g. "default avx2" (default: every path of the CPU)',
    )
    parser.add_argument("--jobs", type=int, default=2, help="notebooks at once (2)")
    parser.add_argument(
        "--timeout", type=int, default=CELL_TIMEOUT_S, help="per cell, s"
    )
    parser.add_argument(
        "--fresh", action="store_true", help="discard the runs of an earlier sweep"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    selected = chapters(args.chapters.split())
    seeds = [int(s) for s in args.seeds.split()] or list(DEFAULT_SEEDS)
    offered = machine_capabilities()
    caps = args.caps.split() or offered
    unknown = [c for c in caps if c not in offered]
    if unknown:
        raise SystemExit(
            f"error: this CPU offers the kernel paths {offered}, not {unknown}"
        )
    taken = {cap: capability_in_use(cap) for cap in caps}
    print(
        f"sweep: {len(selected)} chapter(s) x seeds {seeds} x kernel paths {caps} "
        f"({args.jobs} at once); PyTorch takes {taken}",
        flush=True,
    )
    # seed by seed, so that a chapter that fails everywhere shows in the first minutes
    jobs = [(ch, seed, cap) for seed in seeds for cap in caps for ch in selected]
    results: dict[Path, list[dict]] = {ch: [] for ch in selected}
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {
            pool.submit(run_once, ch, seed, cap, args.timeout): (ch, seed, cap)
            for ch, seed, cap in jobs
        }
        for done, future in enumerate(as_completed(futures), 1):
            ch, seed, cap = futures[future]
            run = future.result()
            results[ch].append(run)
            state = "ok" if run["passed"] else "FAILED"
            print(
                f"[{done}/{len(jobs)}] {ch.stem} seed {seed} {cap}: {state} "
                f"in {run['seconds']:.1f} s",
                flush=True,
            )
    DATA.mkdir(parents=True, exist_ok=True)
    failed = False
    every_run = []
    print("\nsummary")
    for ch, runs in results.items():
        all_runs, previous_caps = merge_with_previous(ch, runs, args.fresh)
        record = chapter_record(ch, all_runs, {**previous_caps, **taken})
        path = result_path(ch)
        path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        kept = len(all_runs) - len(runs)
        for line in summary_lines(record):
            print(line)
        if kept:
            print(f"    ({kept} run(s) kept from the previous sweep of the same code)")
        print(f"    -> {path.relative_to(ROOT)}")
        failed |= not all(r["passed"] for r in record["runs"])
        every_run += [{**r, "chapter": ch.stem[:2]} for r in record["runs"]]
    print(overall_line(every_run))
    return 1 if failed else 0


def overall_line(runs: list[dict]) -> str:
    """One line over all chapters: runs, checks, the smallest margin and where."""
    checks = {(r["chapter"], c["claim"]) for r in runs for c in r["checks"]}
    line = (
        f"all: {sum(r['passed'] for r in runs)}/{len(runs)} runs passed, "
        f"{len(checks)} checks, "
        f"{sum(c['passed'] for r in runs for c in r['checks'])}/"
        f"{sum(len(r['checks']) for r in runs)} check results held"
    )
    small = smallest_margin(runs)
    if small:
        margin, claim, run = small
        line += f"; smallest margin {margin:+.1%} (chapter {run['chapter']}: {claim!r})"
    return line


if __name__ == "__main__":
    sys.exit(main())
