"""The robustness sweep (`.ci/sweep.py`, `make sweep`) and its committed results.

Every chapter has a file `book/_data/robustness/<chapter>.json` written by the sweep.
It must be current (the SHA-256 of the chapter's code cells is the one the sweep ran),
cover at least eight seeds on every kernel path it names, record no failed run and
no failed check, and put every asserted check at least four standard deviations from
its threshold (z >= 4, `sweep.check_statistics`). When one of these fails, change the
claim or the method (see book/robustness.md), then run the sweep of that chapter again:

    make sweep CHAPTERS=NN
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
MIN_SEEDS = 8
REQUIRED_CAPABILITIES = ("default", "avx2")

_spec = importlib.util.spec_from_file_location("sweep", ROOT / ".ci" / "sweep.py")
sweep = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sweep)


def rerun(chapter: Path) -> str:
    return f"run `make sweep CHAPTERS={chapter.stem[:2]}` and commit {rel(chapter)}"


def rel(chapter: Path) -> str:
    return sweep.result_path(chapter).relative_to(ROOT).as_posix()


# ---- the committed results -----------------------------------------------------------


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_has_a_current_sweep_in_which_everything_passed(chapter):
    path = sweep.result_path(chapter)
    assert path.is_file(), f"{chapter.name} has no robustness sweep: {rerun(chapter)}"
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record.get("format") == sweep.FORMAT_VERSION, (
        f"{rel(chapter)} has format {record.get('format')}, not "
        f"{sweep.FORMAT_VERSION}: {rerun(chapter)}"
    )
    assert record["code_sha256"] == sweep.notebook_code_sha256(chapter), (
        f"the code of {chapter.name} changed after its last robustness sweep "
        f"({record['date']}): {rerun(chapter)}"
    )
    failed = [
        f"seed {run['seed']}, {run['capability']}: "
        + (
            f"{run['error']['name']}: {sweep.first_line(run['error']['message'])}"
            if run["error"]
            else "failed checks "
            + str([c["claim"] for c in run["checks"] if not c["passed"]])
        )
        for run in record["runs"]
        if not run["passed"]
    ]
    assert not failed, (
        f"{rel(chapter)} records failed runs; make every claim hold on every seed and "
        f"kernel path (change the claim, or make the method robust), then "
        f"{rerun(chapter)}:\n" + "\n".join(failed)
    )


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_the_sweep_covers_eight_seeds_on_every_kernel_path(chapter):
    path = sweep.result_path(chapter)
    if not path.is_file():
        pytest.skip("no sweep yet (the test above fails)")
    record = json.loads(path.read_text(encoding="utf-8"))
    seeds, caps = record["seeds"], sorted(record["capabilities"])
    min_seeds = MIN_SEEDS
    assert len(seeds) >= min_seeds and all(c in caps for c in REQUIRED_CAPABILITIES), (
        f"{rel(chapter)} covers seeds {seeds} on {caps}; the book needs at least "
        f"{min_seeds} seeds on {list(REQUIRED_CAPABILITIES)} and avx512 where the CPU "
        f"has it: run `make sweep CHAPTERS={chapter.stem[:2]}` (all seeds and paths)"
    )
    done = {(run["seed"], run["capability"]) for run in record["runs"]}
    missing = [(s, c) for s in seeds for c in caps if (s, c) not in done]
    assert not missing, f"{rel(chapter)} lacks the runs (seed, path) {missing}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_every_asserted_check_lies_four_standard_deviations_from_its_threshold(
    chapter,
):
    path = sweep.result_path(chapter)
    if not path.is_file():
        pytest.skip("no sweep yet (the first test fails)")
    record = json.loads(path.read_text(encoding="utf-8"))
    low = [
        f"z = {s['z']:.2f} ({s['scale']} scale, {s['n']} runs, values "
        f"{s['min']:.4g}..{s['max']:.4g} {s['op']} {s['threshold']:.4g}): {s['claim']}"
        for s in sweep.check_statistics(record["runs"])
        if s["z"] is not None and s["z"] < sweep.Z_BAR
    ]
    assert not low, (
        f"{chapter.name} asserts claims that a new seed or machine may break; make the "
        f"effect larger, print the number with its interval, or restate the claim "
        f"(book/robustness.md), then {rerun(chapter)}:\n" + "\n".join(low)
    )


def test_z_is_signed_exempts_exact_and_constant_checks_and_reads_ratios_in_logs():
    def runs(values, op="<", threshold=1.0, claim="c"):
        return [
            {"checks": [{"claim": claim, "value": v, "op": op, "threshold": threshold}]}
            for v in values
        ]

    (below,) = sweep.check_statistics(runs([0.5, 0.4, 0.6]))
    (above,) = sweep.check_statistics(runs([0.5, 0.4, 0.6], op=">"))
    assert below["z"] > 3 and above["z"] == pytest.approx(-below["z"])
    assert below["p_fail"] < 0.05 < 0.95 < above["p_fail"]
    (linear,) = sweep.check_statistics(runs([-1.0, 0.0, 1.0], op=">", threshold=-3))
    assert linear["scale"] == "linear" and linear["z"] == pytest.approx(3.0)
    assert sweep.check_statistics(runs([3, 3], op="=="))[0]["z"] is None
    assert sweep.check_statistics(runs([0.5, 0.5]))[0]["z"] is None
    proven = runs([0.5, 0.4, 0.9])
    proven[1]["checks"][0]["by_construction"] = True
    assert sweep.check_statistics(proven)[0]["z"] is None
    # a claim made twice in a run: two checks
    twice = [
        {"checks": [{"claim": "c", "value": v, "op": "<", "threshold": 1.0}] * 2}
        for v in (0.5, 0.6)
    ]
    assert [s["rank"] for s in sweep.check_statistics(twice)] == [0, 1]
    expected, p_all = sweep.book_outlook([0.01, 0.02])
    assert expected == pytest.approx(0.03) and p_all == pytest.approx(0.99 * 0.98)


def test_no_result_without_its_chapter():
    stems = {chapter.stem for chapter in CHAPTERS}
    orphans = [p.name for p in sorted(sweep.DATA.glob("*.json")) if p.stem not in stems]
    assert not orphans, f"robustness results of chapters that do not exist: {orphans}"


# ---- the sweep's parts ---------------------------------------------------------------


def code(source, **extra):
    return {
        "cell_type": "code",
        "source": source,
        "metadata": {},
        "outputs": [],
        **extra,
    }


def notebook(*cells):
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_the_code_hash_sees_only_the_code():
    nb = notebook(
        code("x = 1"), {"cell_type": "markdown", "source": "a", "metadata": {}}
    )
    same = notebook(
        code(["x ", "= 1"], outputs=[{"output_type": "stream", "text": "1"}], id="a"),
        {"cell_type": "markdown", "source": "other prose", "metadata": {"tags": ["t"]}},
    )
    same["cells"][0]["execution_count"] = 3
    assert sweep.code_sha256(nb) == sweep.code_sha256(same)
    assert sweep.code_sha256(nb) != sweep.code_sha256(notebook(code("x = 2")))
    assert sweep.code_sha256(nb) != sweep.code_sha256(notebook(code("x = 1"), code("")))
    # comments and blank lines cannot change a result
    commented = notebook(code("# the answer\nx = 1  # one\n\n"))
    assert sweep.code_sha256(nb) == sweep.code_sha256(commented)


def test_the_parameters_cell_is_the_one_tagged_parameters():
    params = code("SEED = 0", metadata={"tags": ["parameters"]})
    nb = notebook(code("import sys"), params, code("print(SEED)"))
    assert sweep.parameters_cell(nb) == 1


@pytest.mark.parametrize("tags", [[], [["parameters"], ["parameters"]]])
def test_a_chapter_needs_exactly_one_parameters_cell(tags):
    nb = notebook(*(code("SEED = 0", metadata={"tags": t}) for t in tags))
    with pytest.raises(ValueError, match="exactly one cell tagged 'parameters'"):
        sweep.parameters_cell(nb)


def test_the_kernel_paths_of_the_machine():
    caps = sweep.machine_capabilities()
    assert caps[0] == "default" and set(caps) <= {"default", "avx2", "avx512"}
