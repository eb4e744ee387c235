"""Chapter 6's global model, trained by several processes at once (DDP, ``torchrun``).

Each process trains a replica of the chapter's N-BEATS-style network on its own shard
of the windows of all Tourism monthly series; ``tslib.training.fit`` does the sharding,
the gradient all-reduce (``DistributedDataParallel``) and the all-reduce of the
validation loss. The script only starts the process group and reports. It prints the
throughput (training windows per second), the final validation loss and the test MASE,
and rank 0 writes them to ``tslib/results/data/global_ddp_np<N>.json``.

Usage (one thread per process; on GPUs, one process per GPU and the ``nccl`` backend)::

    torchrun --standalone --nproc-per-node=1 benchmarks/global_ddp.py
    torchrun --standalone --nproc-per-node=2 benchmarks/global_ddp.py
    python benchmarks/global_ddp.py --no-save   # no torchrun: the plain fit

``--batch`` is the *effective* batch: each of the ``N`` processes takes ``batch / N``
windows per step, so that every ``N`` makes the same optimizer steps (see the page
"When one machine is not enough").

As in Chapter 6, the learning rate decays to 0 over a fixed budget of epochs (a cosine)
and the model keeps its last weights; ``--patience`` turns early stopping on.

Validation without the test: the model trains on each series' training part without its
last ``H`` values, and the validation loss is its L1 loss on those values (the scaled
windows); the test MASE scores the forecasts from the whole training parts on the
competition's test periods.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
from torch import nn
from torch.distributed.elastic.multiprocessing.errors import record
from torch.utils.data import DataLoader, TensorDataset

from tslib.data import panel_windows
from tslib.datasets import load_tourism
from tslib.evaluation import panel_scores
from tslib.models import NBeatsForecaster
from tslib.training import EarlyStopping, fit, forecast_series, set_seed

# Data files (.json, .csv) are written once, where tslib.results reads them; the
# reports (.md) stay in benchmarks/results/.
RESULTS = Path(__file__).resolve().parents[1] / "tslib" / "results" / "data"
SEASON, LOOKBACK_IN_H = 12, 2
WIDTH, N_BLOCKS, N_LAYERS = 128, 4, 2  # Chapter 6's network


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=12, help="passes over windows")
    parser.add_argument("--batch", type=int, default=1024, help="effective batch")
    parser.add_argument("--lr", type=float, default=1e-3, help="Adam, cosine decay")
    parser.add_argument("--patience", type=int, default=None, help="early stopping")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-save", action="store_true", help="print only")
    return parser.parse_args(argv)


def loaders(args: argparse.Namespace, world: int) -> tuple[DataLoader, DataLoader]:
    """Training windows (shuffled) and validation windows (the last H of each part)."""
    series = load_tourism(frequency="monthly")
    horizon = series[0].horizon
    lookback = LOOKBACK_IN_H * horizon
    fit_part = [r.train[:-horizon] for r in series]
    train = panel_windows(fit_part, lookback, horizon)
    val = panel_windows([r.train for r in series], lookback, horizon, history=1)
    per_process = args.batch // world  # fit shards each epoch's windows across ranks
    train_loader = DataLoader(
        TensorDataset(torch.from_numpy(train.X), torch.from_numpy(train.y)),
        batch_size=per_process,
        shuffle=True,
    )
    val_loader = DataLoader(
        TensorDataset(torch.from_numpy(val.X), torch.from_numpy(val.y)),
        batch_size=args.batch,
    )
    return train_loader, val_loader


@record  # if a rank fails, torchrun's summary shows its traceback
def main(argv: list[str]) -> None:
    args = parse_args(argv)
    torch.set_num_threads(1)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if "RANK" in os.environ:  # started by torchrun: join the other processes
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    world = dist.get_world_size() if dist.is_initialized() else 1
    rank = dist.get_rank() if dist.is_initialized() else 0
    if args.batch % world:
        raise SystemExit(f"--batch {args.batch} is not a multiple of {world} processes")
    set_seed(args.seed)  # the same seed on every rank: DDP starts from rank 0's weights
    train_loader, val_loader = loaders(args, world)
    series = load_tourism(frequency="monthly")
    horizon = series[0].horizon
    model = NBeatsForecaster(
        lookback=LOOKBACK_IN_H * horizon,
        horizon=horizon,
        width=WIDTH,
        n_blocks=N_BLOCKS,
        n_layers=N_LAYERS,
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    # epoch counts from 0: args.lr in the first epoch, then down to near 0
    cosine = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda epoch: 0.5 * (1 + math.cos(math.pi * epoch / args.epochs))
    )

    history = fit(
        model,
        train_loader,
        val_loader,
        epochs=args.epochs,
        optimizer=optimizer,
        loss_fn=nn.L1Loss(),
        early_stopping=EarlyStopping(args.patience) if args.patience else None,
        scheduler=cosine,
        progress=rank == 0,
        device=device,
    )
    if rank == 0:
        report(args, world, device, len(train_loader.dataset), history, model, series)
    if dist.is_initialized():
        dist.destroy_process_group()


def report(args, world, device, n_windows, history, model, series) -> None:
    """Print and (unless --no-save) write the results of rank 0."""
    horizon = series[0].horizon
    train = [r.train for r in series]
    forecasts = forecast_series(model.cpu(), train, LOOKBACK_IN_H * horizon)
    scores = panel_scores(train, [r.test for r in series], forecasts, SEASON)
    results = {
        "processes": world,
        "device": device.type,
        "threads_per_process": torch.get_num_threads(),
        "effective_batch": args.batch,
        "batch_per_process": args.batch // world,
        "lr": args.lr,
        "training_windows": n_windows,
        "epochs_run": history.epochs,
        "best_epoch": history.best_epoch,
        "train_seconds": round(history.seconds, 2),
        "windows_per_second": round(history.epochs * n_windows / history.seconds, 1),
        "final_val_loss": round(history.val_loss[-1], 5),
        "best_val_loss": round(history.best_val_loss, 5),
        "test_mase": round(float(np.mean(scores["mase"])), 4),
        "test_smape": round(float(np.mean(scores["smape"])), 3),
    }
    print(json.dumps(results, indent=1))
    if args.no_save:
        return
    meta = {
        "script": "benchmarks/global_ddp.py",
        "command": f"torchrun --standalone --nproc-per-node={world} "
        f"benchmarks/global_ddp.py {' '.join(sys.argv[1:])}".strip(),
        "dataset": "tourism monthly",
        "torch": torch.__version__,
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "note": os.environ.get("DLTS_BENCHMARK_NOTE", ""),
    }
    name = f"global_ddp_np{world}.json"
    text = json.dumps({"meta": meta, "results": results}, indent=1) + "\n"
    (RESULTS / name).write_text(text)
    print("wrote", RESULTS / name)


if __name__ == "__main__":
    main(sys.argv[1:])
