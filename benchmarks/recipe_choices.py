"""How ``fit_global``'s defaults were chosen: single networks on validation periods.

Development data only: Tourism monthly and M3 monthly, each series' training part
without its last horizon (to train) and that last horizon (to score, mean MASE over
series). The competitions' test periods are never read here, and the other
competition sets (the held-out ones of ``benchmarks/held_out.py``) are not loaded.

Each variant is one network of the recipe (``tslib.recipe``'s private
``_train_member``), changed in one setting from the Chapter 6 network (lookback 2H,
mean-absolute window scaling, every window equally likely, L1 loss of the scaled
windows, 300 steps of 1,024 windows, width 128): the scaler (median and interquartile
range), the sampling (series equally likely), the lookback, the loss, the steps, the
width, the seed; then median ensembles of some of them. Two more settings were
measured the same way and dropped from ``fit_global`` (the rows "series sampling",
"robust scale + series sampling", "sMAPE loss" and "MAPE loss" of the CSV): this
script at commit 7e271d9 reproduces them.

``--theta`` measures the last choice added to the recipe, on the same validation
periods: the median ensemble that ``fit_global``'s greedy selection picks from its six
default candidates (L = 2H, 3H, 4H x mean, robust), the Theta method
(``tslib.classical.theta``) alone, and their weighted combinations.

    python benchmarks/recipe_choices.py           # about 5 CPU-minutes, one thread
    python benchmarks/recipe_choices.py --theta   # about 2 CPU-minutes

Writes ``tslib/results/data/recipe_choices.csv`` (one row per variant and ensemble),
or, with ``--theta``, ``recipe_theta.csv``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from tslib import recipe
from tslib.datasets import load_m3, load_tourism

# Data files (.json, .csv) are written once, where tslib.results reads them; the
# reports (.md) stay in benchmarks/results/.
RESULTS = Path(__file__).resolve().parents[1] / "tslib" / "results" / "data"
BASE = dict(
    width=128,
    n_blocks=4,
    n_layers=2,
    batch_size=1024,
    lr=1e-3,
    steps=300,
    epochs=30,
)
# name -> (member fields, settings changed)
VARIANTS = {
    "chapter 6 (L=2H, mean scale)": ({}, {}),
    "robust scale (median, IQR)": ({"scaler": "robust"}, {}),
    "L=3H": ({"lookback": 3}, {}),
    "L=4H": ({"lookback": 4}, {}),
    "L=3H, robust": ({"lookback": 3, "scaler": "robust"}, {}),
    "L=4H, robust": ({"lookback": 4, "scaler": "robust"}, {}),
    "seed 1": ({"seed": 1}, {}),
    "robust, seed 1": ({"scaler": "robust", "seed": 1}, {}),
    "600 steps": ({}, {"steps": 600}),
    "900 steps": ({}, {"steps": 900}),
    "robust, 600 steps": ({"scaler": "robust"}, {"steps": 600}),
}
ENSEMBLES = {
    "median of L=2H, 3H, 4H (mean scale)": (
        "chapter 6 (L=2H, mean scale)",
        "L=3H",
        "L=4H",
    ),
    "median of L=2H, 3H, 4H (robust)": (
        "robust scale (median, IQR)",
        "L=3H, robust",
        "L=4H, robust",
    ),
    "median of L=2H, 3H, 4H (robust) + L=4H (mean)": (
        "robust scale (median, IQR)",
        "L=3H, robust",
        "L=4H",
    ),
    "median of L=2H (mean), L=2H (robust), L=3H (mean)": (
        "chapter 6 (L=2H, mean scale)",
        "robust scale (median, IQR)",
        "L=3H",
    ),
}


def main() -> None:
    torch.set_num_threads(1)
    rows = []
    for name, loader in (("tourism", load_tourism), ("m3", load_m3)):
        records = loader("monthly")
        horizon = records[0].horizon
        fit_part = [r.train[:-horizon] for r in records]  # the test parts: unread
        actual = np.stack([r.train[-horizon:] for r in records])

        def score(f, fit_part=fit_part, actual=actual):
            return float(np.nanmean(recipe._mase_rows(fit_part, actual, f, 12)))

        forecasts = {}
        for label, (member, changed) in VARIANTS.items():
            m = recipe._Member(
                member.get("lookback", 2),
                member.get("scaler", "mean"),
                member.get("seed", 0),
            )
            settings = {"horizon": horizon} | BASE | changed
            start = time.process_time()
            net, _ = recipe._train_member(fit_part, m, settings)
            forecasts[label] = recipe._forecast(net, fit_part, m, horizon)
            rows.append(
                {
                    "dataset": name,
                    "variant": label,
                    "validation_mase": round(score(forecasts[label]), 4),
                    "cpu_s": round(time.process_time() - start, 1),
                }
            )
            print(rows[-1], flush=True)
        for label, members in ENSEMBLES.items():
            f = np.median([forecasts[m] for m in members], axis=0)
            rows.append(
                {"dataset": name, "variant": label, "validation_mase": score(f)}
            )
            print(rows[-1], flush=True)
    frame = pd.DataFrame(rows).round(4)
    frame.to_csv(RESULTS / "recipe_choices.csv", index=False)


def theta() -> None:
    """The networks' median against Theta, and their combinations (validation)."""
    torch.set_num_threads(1)
    rows = []
    for name, loader in (("tourism", load_tourism), ("m3", load_m3)):
        records = loader("monthly")
        horizon, period = records[0].horizon, records[0].period
        fit_part = [r.train[:-horizon] for r in records]  # the test parts: unread
        actual = np.stack([r.train[-horizon:] for r in records])

        def score(f, fit_part=fit_part, actual=actual, period=period):
            return float(np.nanmean(recipe._mase_rows(fit_part, actual, f, period)))

        settings = {"horizon": horizon} | BASE
        candidates = [
            recipe._Member(lb, sc, 0) for lb in (2, 3, 4) for sc in ("mean", "robust")
        ]
        forecasts = np.stack(
            [
                recipe._forecast(
                    recipe._train_member(fit_part, m, settings)[0], fit_part, m, horizon
                )
                for m in candidates
            ]
        )
        picked = recipe._greedy_median(score, forecasts, 5)
        networks = np.median(forecasts[picked], axis=0)
        classical = recipe._theta(fit_part, horizon, period)
        members = " + ".join(candidates[i].label() for i in picked)
        for w in recipe.WEIGHTS:
            rows.append(
                {
                    "dataset": name,
                    "network_weight": w,
                    "networks": members,
                    "validation_mase": score(w * networks + (1 - w) * classical),
                }
            )
            print(rows[-1], flush=True)
    pd.DataFrame(rows).round(4).to_csv(RESULTS / "recipe_theta.csv", index=False)


if __name__ == "__main__":
    theta() if "--theta" in sys.argv[1:] else main()
