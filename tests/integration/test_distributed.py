"""``fit`` under ``torchrun``: two CPU processes (gloo) train one model.

Each test launches ``torchrun --standalone`` (a free port: tests can run beside each
other) on ``ddp_worker.py``, in its own process group, and kills that group if it
outlives its timeout, so that no rank is left behind. Run with
``pytest tests/integration/test_distributed.py`` (stage 6 of ``make test``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).resolve().parent / "ddp_worker.py"
TIMEOUT_S = 45
# Same seed, same effective batch (2 ranks x 16 windows = 1 rank x 32): the same windows
# make each step and the gradients are equal in exact arithmetic, but float32 adds them
# in another order (two means of 16 averaged by the all-reduce, against one mean of 32),
# and the differences of ~1e-7 grow a little over the steps.
RTOL = 1e-4


def torchrun(nproc: int, out: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the worker on ``nproc`` CPU processes; kill them all on a timeout."""
    env = os.environ | {"OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "torch.distributed.run", "--standalone"]
    command += [f"--nproc-per-node={nproc}", str(WORKER), str(out), *args]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,  # its own process group: torchrun and every rank
    )
    try:
        output, _ = process.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        pytest.fail(f"torchrun hung for {TIMEOUT_S} s:\n{output[-3000:]}")
    finally:
        leftover = _kill_leftovers(process.pid)
    run = subprocess.CompletedProcess(command, process.returncode, output)
    run.leftover = leftover  # a rank outlived torchrun (killed now)
    return run


def _kill_leftovers(group: int) -> bool:
    """Kill what is left of the run's process group; return whether anything was."""
    try:
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:
        return False
    return True


def records(out: Path, nproc: int) -> list[dict]:
    return [json.loads((out / f"rank{r}.json").read_text()) for r in range(nproc)]


@pytest.fixture(scope="module")
def two_ranks(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("two_ranks")
    run = torchrun(2, out, "--batch", "16")
    assert run.returncode == 0, run.stdout[-3000:]
    return out


def test_both_ranks_end_with_identical_weights(two_ranks):
    w0 = torch.load(two_ranks / "weights0.pt")
    w1 = torch.load(two_ranks / "weights1.pt")
    assert w0.keys() == w1.keys()
    for name in w0:
        assert torch.equal(w0[name], w1[name]), name


def test_the_loss_decreases(two_ranks):
    for record in records(two_ranks, 2):
        assert record["train_loss"][-1] < 0.5 * record["train_loss"][0]
        assert min(record["val_loss"]) < 0.5 * record["val_loss"][0]


def test_rank_0_alone_writes_the_best_weights(two_ranks):
    assert (two_ranks / "best0.pt").exists()
    assert not (two_ranks / "best1.pt").exists()
    best = torch.load(two_ranks / "best0.pt")
    final = torch.load(two_ranks / "weights0.pt")  # restore_best: the same weights
    assert all(torch.equal(best[name], final[name]) for name in best)


def test_early_stopping_stops_both_ranks_at_the_same_epoch(two_ranks):
    rank0, rank1 = records(two_ranks, 2)
    assert rank0["stopped_early"] and rank1["stopped_early"]
    assert len(rank0["val_loss"]) == len(rank1["val_loss"])
    assert rank0["best_epoch"] == rank1["best_epoch"]
    # The losses were all-reduced: every rank saw the same numbers.
    assert rank0["val_loss"] == rank1["val_loss"]
    assert rank0["train_loss"] == rank1["train_loss"]


def test_two_ranks_match_one_rank_with_the_same_effective_batch(two_ranks, tmp_path):
    run = torchrun(1, tmp_path, "--batch", "32")
    assert run.returncode == 0, run.stdout[-3000:]
    (one,), (two, _) = records(tmp_path, 1), records(two_ranks, 2)
    assert one["world_size"] == 1 and two["world_size"] == 2
    assert one["best_epoch"] == two["best_epoch"]
    assert one["val_loss"] == pytest.approx(two["val_loss"], rel=RTOL)


def test_a_failing_rank_ends_the_run_with_its_error(tmp_path):
    start = time.perf_counter()
    run = torchrun(2, tmp_path, "--fail-rank", "1")
    seconds = time.perf_counter() - start
    assert run.returncode != 0
    # torchrun names the rank that failed first, with its error (the worker's @record)
    root_cause = run.stdout.split("Root Cause")[-1]
    assert "rank 1 failed on purpose at epoch 2" in root_cause
    assert seconds < TIMEOUT_S  # torchrun stopped rank 0, which waited for rank 1
    assert not run.leftover
    assert not list(tmp_path.glob("rank*.json"))  # neither rank finished
