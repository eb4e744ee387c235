"""One rank of the distributed test run (tests/integration/test_distributed.py).

Launched as ``torchrun --standalone --nproc-per-node=N ddp_worker.py OUT [options]``.
It trains a small network on a synthetic panel with :func:`tslib.training.fit` and
writes what the test checks to ``OUT``: ``rank<r>.json`` (the history) and
``weights<r>.pt`` (the final weights), and passes ``checkpoint=OUT/best<r>.pt`` to fit,
so that the files show which ranks wrote a checkpoint.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
from torch import nn
from torch.distributed.elastic.multiprocessing.errors import record

from tslib.data import make_loader
from tslib.training import EarlyStopping, fit, set_seed

LOOKBACK, HORIZON, WINDOWS = 12, 3, 512


def panel(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Noisy sine windows: a learnable signal, and a noise floor to stop on."""
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, 100, size=(n, 1)) + np.arange(LOOKBACK + HORIZON)
    series = np.sin(t / 3) + 0.3 * rng.normal(size=t.shape)
    X, y = series[:, :LOOKBACK, None], series[:, LOOKBACK:, None]
    return X.astype("float32"), y.astype("float32")


@record  # a failing rank's traceback goes to torchrun's summary of the run
def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--batch", type=int, default=16, help="windows per rank")
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fail-rank", type=int, default=None)
    args = parser.parse_args()
    torch.set_num_threads(1)
    dist.init_process_group("gloo")
    rank = dist.get_rank()
    set_seed(args.seed)
    X, y = panel(0, WINDOWS)
    X_val, y_val = panel(1, 200)
    model = nn.Sequential(
        nn.Flatten(),
        nn.Linear(LOOKBACK, 32),
        nn.ReLU(),
        nn.Linear(32, HORIZON),
        nn.Unflatten(1, (HORIZON, 1)),
    )

    def fail(_model: nn.Module, epoch: int) -> None:
        if rank == args.fail_rank and epoch == 2:
            raise RuntimeError(f"rank {rank} failed on purpose at epoch {epoch}")

    history = fit(
        model,
        make_loader(X, y, args.batch, shuffle=True, seed=args.seed),
        make_loader(X_val, y_val, 64),
        epochs=args.epochs,
        lr=3e-3,
        early_stopping=EarlyStopping(patience=3, min_delta=1e-3),
        on_epoch_start=fail,
        checkpoint=args.out / f"best{rank}.pt",
        progress=False,
        device="cpu",
    )
    torch.save(model.state_dict(), args.out / f"weights{rank}.pt")
    record = {
        "world_size": dist.get_world_size(),
        "train_loss": history.train_loss,
        "val_loss": history.val_loss,
        "best_epoch": history.best_epoch,
        "stopped_early": history.stopped_early,
    }
    (args.out / f"rank{rank}.json").write_text(json.dumps(record))
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
