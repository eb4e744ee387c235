"""Chapter 4's comparison at a budget where the validation curves have flattened.

Chapter 4 compares an RNN, an LSTM, a GRU, two 1D CNNs, a Transformer encoder, DLinear
and NLinear on the hourly electricity demand (the next 24 hours from the last 24), at
about 2,500 parameters each. Its live run fits in a minute only at a fixed small budget
(8 epochs, a 3-value learning-rate grid, 3 seeds). This script runs the same comparison
as it should be run:

- each model's learning rate chosen on the validation part from a log-spaced grid
  (``LEARNING_RATES``, half-decades from 1e-4 to 1), and the script fails if a chosen
  rate is at an edge of the grid;
- Adam at a constant rate, up to ``MAX_EPOCHS`` epochs, with early stopping on the
  validation loss (``PATIENCE`` epochs without improvement; the best epoch's weights are
  kept), so that every run stops where its validation curve has flattened (the script
  records whether early stopping fired before ``MAX_EPOCHS``);
- ``N_SEEDS`` seeds per model at the chosen rate; test RMSE reported once, in MW;
- the LSTM twice: with the standard forget-gate bias of 1 (Gers et al. 2000, Jozefowicz
  et al. 2015) and with PyTorch's default (about 0), so that what comes from the
  initialisation is not attributed to the architecture;
- the quantities behind the chapter's computed table, over the same seeds: the memory
  task (copy the input 4, 12 and 24 steps back, its rate chosen on validation as
  well), time per update, the untrained first input's reach, and the Spearman agreement
  between the Transformer's attention and its gradient.

    python benchmarks/architectures.py  # about 6 CPU-minutes on one thread

It writes ``tslib/results/data/architectures_runs.csv`` (one row per demand run),
``tslib/results/data/architectures.json`` (the choices, the memory task, the table's
quantities) and copies of both in ``tslib/results/data/``, which chapter 4 loads.
Nothing here is part of the book's runtime. The learning rates are chosen on
validation data only; test numbers are computed once, for the chosen rates.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from scipy import stats
from torch import nn

from tslib.baselines import LinearAR, SeasonalNaive
from tslib.benchmark import match_width
from tslib.data import make_loader, prepare_windows
from tslib.datasets import load_electricity_demand
from tslib.metrics import rmse
from tslib.models import (
    CNNForecaster,
    DLinear,
    GRUForecaster,
    LSTMForecaster,
    NLinear,
    RNNForecaster,
    TransformerForecaster,
)
from tslib.training import EarlyStopping, count_parameters, fit, predict, set_seed

# Data files (.json, .csv) are written once, where tslib.results reads them; the
# reports (.md) stay in benchmarks/results/.
RESULTS = Path(__file__).resolve().parent.parent / "tslib" / "results" / "data"

# The chapter's setting.
LOOKBACK, HORIZON, DAY = 24, 24, 24
TRAIN, VAL = 0.6, 0.2
TARGET_PARAMS = 2_500
BATCH_SIZE = 64
GRAD_CLIP = 1.0
# This script's budget.
LEARNING_RATES = tuple(float(f"{10 ** (e / 2):.0e}") for e in range(-8, 1))  # 1e-4..1
MAX_EPOCHS = 60
PATIENCE = 8
N_SEEDS = 5
# The memory task (chapter 4, Section 4.5).
MEMORY_LAGS = (4, 12, 24)
MEMORY_WINDOWS = (2048, 512, 512)
MEMORY_BATCH = 64
MEMORY_RATES = (3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1)
MEMORY_MAX_EPOCHS = 30
SOLVED_MSE = 0.5


class GlobalMaxPoolCNN(nn.Module):
    """The overview's CNN1DModel: one convolution, a global max pool, a linear head."""

    def __init__(self, channels, kernel_size=3, horizon=HORIZON):
        super().__init__()
        self.conv1 = nn.Conv1d(1, channels, kernel_size)
        self.relu = nn.ReLU()
        self.pool = nn.AdaptiveMaxPool1d(1)
        self.fc = nn.Linear(channels, horizon)

    def forward(self, x):  # x: (B, L, 1)
        x = x.permute(0, 2, 1)
        x = self.pool(self.relu(self.conv1(x))).squeeze(-1)
        return self.fc(x).unsqueeze(-1)


def builders(horizon):
    """Width -> model, for every network of the chapter (and the LSTM twice)."""
    return {
        "RNN": lambda w: RNNForecaster(1, hidden_size=w, horizon=horizon),
        "LSTM": lambda w: LSTMForecaster(
            1, hidden_size=w, horizon=horizon, forget_bias=1.0
        ),
        "LSTM, forget bias 0": lambda w: LSTMForecaster(
            1, hidden_size=w, horizon=horizon
        ),
        "GRU": lambda w: GRUForecaster(1, hidden_size=w, horizon=horizon),
        "CNN": lambda w: CNNForecaster(
            1, channels=w, kernel_size=3, n_layers=3, horizon=horizon
        ),
        "CNN, global max pool": lambda w: GlobalMaxPoolCNN(w, horizon=horizon),
        "Transformer": lambda w: TransformerForecaster(
            1, d_model=2 * w, nhead=2, dim_feedforward=4 * w, horizon=horizon
        ),
    }


def matched(build_by_name):
    out = {}
    for name, build in build_by_name.items():
        width = match_width(build, TARGET_PARAMS, widths=range(1, 129))
        out[name] = (lambda b, w: lambda: b(w))(build, width)
    return out


def train(make, lr, seed, windows, val_loader, max_epochs, batch):
    """Adam at a constant rate, early stopping on validation; the best weights."""
    set_seed(seed)
    model = make()
    history = fit(
        model,
        make_loader(*windows, batch_size=batch, shuffle=True, seed=seed),
        val_loader,
        epochs=max_epochs,
        lr=lr,
        early_stopping=EarlyStopping(patience=PATIENCE),
        grad_clip=GRAD_CLIP,
        device="cpu",
        progress=False,
    )
    return model, history


def finite(value):
    return float(value) if np.isfinite(value) else float("inf")


def gradient_flow(model, X):
    """g(k) = mean |d y_1 / d x_{L+1-k}| over the windows X, for k = 1..L."""
    model.eval()
    x = torch.as_tensor(X).clone().requires_grad_(True)
    model(x)[:, 0, 0].sum().backward()
    return x.grad.abs().mean(dim=0)[:, 0].numpy()[::-1]


def at_edge(chosen, grid, what):
    """The models whose chosen rate is at an edge of the grid (printed loudly)."""
    edge = [name for name, lr in chosen.items() if lr in (grid[0], grid[-1])]
    for name in edge:
        print(
            f"WARNING {what}: the rate chosen for {name} ({chosen[name]:g}) is at an "
            f"edge of the grid {grid}; widen the grid"
        )
    return edge


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=N_SEEDS)
    parser.add_argument("--max-epochs", type=int, default=MAX_EPOCHS)
    parser.add_argument("--models", nargs="*", default=None)
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--dry-run", action="store_true", help="write nothing")
    parser.add_argument(
        "--memory-only",
        action="store_true",
        help="rerun only the memory task, into the committed architectures.json",
    )
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    started = time.perf_counter()
    cpu_started = time.process_time()
    if args.memory_only:
        path = RESULTS / "architectures.json"
        summary = json.loads(path.read_text())
        summary["memory"] = memory_task(list(range(args.seeds)), started)
        summary["meta"]["memory_cpu_seconds"] = round(
            time.process_time() - cpu_started, 1
        )
        if not args.dry_run:
            with open(path, "w") as f:
                json.dump(summary, f, indent=1)
                f.write("\n")
        return

    demand = load_electricity_demand().resample("h").mean()
    data = prepare_windows(demand, LOOKBACK, HORIZON, train=TRAIN, val=VAL)
    (X_train, y_train), (X_val, y_val), (X_test, y_test) = (
        data.train,
        data.val,
        data.test,
    )
    val_loader = make_loader(X_val, y_val, batch_size=len(X_val))
    updates_per_epoch = math.ceil(len(X_train) / BATCH_SIZE)

    def megawatts(scaled):
        n, h, c = scaled.shape
        flat = np.asarray(scaled, dtype=np.float64).reshape(n * h, c)
        return np.asarray(data.scaler.inverse_transform(flat)).reshape(n, h, c)

    y_test_mw = megawatts(y_test)
    makers = matched(builders(HORIZON))
    makers["DLinear"] = lambda: DLinear(1, lookback=LOOKBACK, horizon=HORIZON)
    makers["NLinear"] = lambda: NLinear(1, lookback=LOOKBACK, horizon=HORIZON)
    if args.models:
        makers = {n: m for n, m in makers.items() if n in args.models}
    seeds = list(range(args.seeds))

    rows, histories = [], {}

    def record(name, lr, seed, model, history):
        epochs_run = len(history.val_loss)
        row = {
            "model": name,
            "lr": lr,
            "seed": seed,
            "params": count_parameters(model),
            "epochs_run": epochs_run,
            "best_epoch": history.best_epoch,
            "stopped_early": epochs_run < args.max_epochs,
            "val_mse": finite(history.best_val_loss),
            "seconds_per_update": history.seconds / (epochs_run * updates_per_epoch),
        }
        rows.append(row)
        histories[(name, lr, seed)] = [finite(v) for v in history.val_loss]
        return row

    # 1. The learning rate of each model: the grid at the first seed, on validation.
    models = {}
    for name, make in makers.items():
        for lr in LEARNING_RATES:
            model, history = train(
                make, lr, seeds[0], data.train, val_loader, args.max_epochs, BATCH_SIZE
            )
            record(name, lr, seeds[0], model, history)
            models[(name, lr, seeds[0])] = model
        print(f"{name}: grid done ({time.perf_counter() - started:.0f} s)", flush=True)
    runs = pd.DataFrame(rows)
    val_by_lr = runs.pivot(index="model", columns="lr", values="val_mse")
    chosen = {name: float(val_by_lr.loc[name].idxmin()) for name in makers}
    edge = at_edge(chosen, LEARNING_RATES, "demand")
    # Keep only the chosen rate's model of the first seed (the others are freed).
    models = {k: m for k, m in models.items() if chosen[k[0]] == k[1]}

    # 2. The other seeds at the chosen rate.
    for name, make in makers.items():
        for seed in seeds[1:]:
            model, history = train(
                make,
                chosen[name],
                seed,
                data.train,
                val_loader,
                args.max_epochs,
                BATCH_SIZE,
            )
            record(name, chosen[name], seed, model, history)
            models[(name, chosen[name], seed)] = model
    runs = pd.DataFrame(rows)
    runs["chosen"] = runs.apply(lambda r: chosen[r["model"]] == r["lr"], axis=1)

    # 3. Test RMSE (MW), once, for the chosen rates; the baselines alongside.
    runs["test_rmse_mw"] = np.nan
    for (name, lr, seed), model in models.items():
        forecast = megawatts(predict(model, X_test))
        mask = (runs["model"] == name) & (runs["lr"] == lr) & (runs["seed"] == seed)
        runs.loc[mask, "test_rmse_mw"] = rmse(y_test_mw, forecast)
    baselines = {
        "seasonal naive": SeasonalNaive(DAY, HORIZON),
        "linear AR": LinearAR().fit(X_train, y_train),
    }
    baseline_rmse = {
        name: float(rmse(y_test_mw, megawatts(f.predict(X_test))))
        for name, f in baselines.items()
    }

    # 4. The table's quantities over the seeds.
    networks = [n for n in makers if n not in ("DLinear", "NLinear")]
    untrained_reach = {}
    for name in networks:
        reach = []
        for seed in seeds:
            set_seed(seed)
            g = gradient_flow(makers[name](), X_test)
            reach.append(float(g[-1] / g.max()))
        untrained_reach[name] = reach
    attention_rho = []
    if "Transformer" in makers:
        for seed in seeds:
            model = models[("Transformer", chosen["Transformer"], seed)]
            flow = gradient_flow(model, X_test)
            with torch.no_grad():
                weights = model.attention_weights(torch.as_tensor(X_test))
            by_step = weights[:, 0, :, -1, :].mean(dim=(0, 1)).numpy()[::-1]
            attention_rho.append(float(stats.spearmanr(by_step, flow).statistic))

    # 5. The memory task: the rate chosen on validation at the first seed, then the
    # seeds at that rate; each seed draws its own data.
    memory = {}
    if not args.no_memory:
        memory = memory_task(seeds, started)

    cpu_seconds = time.process_time() - cpu_started
    meta = {
        "script": "benchmarks/architectures.py",
        "torch": torch.__version__,
        "machine": platform.machine(),
        "threads": 1,
        "seeds": seeds,
        "learning_rates": list(LEARNING_RATES),
        "max_epochs": args.max_epochs,
        "patience": PATIENCE,
        "updates_per_epoch": updates_per_epoch,
        "batch_size": BATCH_SIZE,
        "optimizer": "Adam, constant rate, gradient norm clipped at 1",
        "wall_seconds": round(time.perf_counter() - started, 1),
        "cpu_seconds": round(cpu_seconds, 1),
    }
    summary = {
        "meta": meta,
        "chosen_lr": chosen,
        "chosen_at_edge": edge,
        "val_mse_by_lr": {
            name: {f"{lr:g}": val_by_lr.loc[name, lr] for lr in LEARNING_RATES}
            for name in makers
        },
        "baseline_test_rmse_mw": baseline_rmse,
        "untrained_first_input_reach": untrained_reach,
        "attention_spearman": attention_rho,
        "memory": memory,
        "val_curves_chosen": {
            f"{name}|{seed}": histories[(name, chosen[name], seed)]
            for name in makers
            for seed in seeds
        },
    }
    print(
        runs[runs["chosen"]]
        .groupby("model", sort=False)["test_rmse_mw"]
        .agg(["mean", "std", "min", "max"])
        .round(0)
    )
    print("chosen:", chosen)
    print("baselines:", baseline_rmse)
    print(f"wall {meta['wall_seconds']} s, cpu {meta['cpu_seconds']} s")
    if args.dry_run:
        return
    RESULTS.mkdir(exist_ok=True)
    runs.to_csv(RESULTS / "architectures_runs.csv", index=False, float_format="%.6g")
    with open(RESULTS / "architectures.json", "w") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")


def memory_task(seeds, started):
    """MSE per lag of each recurrent network and the pooled CNN, per seed."""
    n_lags = len(MEMORY_LAGS)
    makers = matched(
        {
            name: build
            for name, build in builders(n_lags).items()
            if name
            in ("RNN", "LSTM", "LSTM, forget bias 0", "GRU", "CNN, global max pool")
        }
    )

    def task(seed):
        rng = np.random.default_rng(seed)
        X = rng.normal(size=(sum(MEMORY_WINDOWS), LOOKBACK, 1)).astype(np.float32)
        y = X[:, [LOOKBACK - k for k in MEMORY_LAGS], :].copy()
        cuts = np.cumsum(MEMORY_WINDOWS)[:-1]
        return list(zip(np.split(X, cuts), np.split(y, cuts)))

    def run(name, lr, seed):
        train_part, val_part, (X_task, y_task) = task(seed)
        loader = make_loader(*val_part, batch_size=len(val_part[0]))
        model, history = train(
            makers[name],
            lr,
            seed,
            train_part,
            loader,
            MEMORY_MAX_EPOCHS,
            MEMORY_BATCH,
        )
        return model, history, (X_task, y_task)

    out = {
        "lags": list(MEMORY_LAGS),
        "rates": list(MEMORY_RATES),
        "max_epochs": MEMORY_MAX_EPOCHS,
        "solved_mse": SOLVED_MSE,
        "updates_per_epoch": math.ceil(MEMORY_WINDOWS[0] / MEMORY_BATCH),
    }
    val_by_rate, chosen, results = {}, {}, {}
    for name in makers:
        val_by_rate[name], candidates = {}, {}
        for lr in MEMORY_RATES:
            model, history, test = run(name, lr, seeds[0])
            val_by_rate[name][f"{lr:g}"] = finite(history.best_val_loss)
            candidates[lr] = (lr, model, history, test)
        best = candidates[min(MEMORY_RATES, key=lambda r: val_by_rate[name][f"{r:g}"])]
        chosen[name] = best[0]
        per_seed = {}
        for seed in seeds:
            if seed == seeds[0]:
                _, model, history, (X_task, y_task) = best
            else:
                model, history, (X_task, y_task) = run(name, best[0], seed)
            forecast = predict(model, X_task)
            losses = np.asarray(history.val_loss)
            cut = len(losses) - max(1, len(losses) // 4)
            per_seed[str(seed)] = {
                "test_mse_by_lag": ((forecast - y_task) ** 2)
                .mean(axis=(0, 2))
                .tolist(),
                "epochs_run": len(history.val_loss),
                "stopped_early": len(history.val_loss) < MEMORY_MAX_EPOCHS,
                # relative improvement of the best validation loss in the last quarter
                "late_gain": float(1 - losses.min() / losses[:cut].min()),
                "val_loss": [finite(v) for v in history.val_loss],
            }
        results[name] = per_seed
        print(
            f"memory {name}: lr {best[0]:g} ({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    edge = at_edge(chosen, MEMORY_RATES, "memory task")
    out.update(
        val_mse_by_rate=val_by_rate, chosen_lr=chosen, chosen_at_edge=edge, runs=results
    )
    return out


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    main()
