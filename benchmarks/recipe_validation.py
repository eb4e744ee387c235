"""Chapter 5's recipe with or without its LSTM, chosen on validation folds.

``tslib.classification.fit_classifier`` has an option, ``lstm=True``, that adds an LSTM
summary of the max-pooled filter responses to the global average. Whether the recipe
uses it by default is an architecture choice, so it is made on validation data, never
on the test part: each data set's official *training* part is cut into ``--folds``
stratified folds; for every fold and seed, both versions train on the other folds and
are scored on the held-out one. The official test parts are not read here.

    python benchmarks/recipe_validation.py  # about 5 CPU-minutes on one thread

It writes ``tslib/results/data/recipe_validation.csv`` (one row per data set, fold,
seed and version), a copy of it in ``tslib/results/data/`` (which chapter 5 loads),
and ``benchmarks/results/recipe_validation.md`` (the summary).
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
import torch
from _common import RESULTS, environment, fit_and_score, write_runs

from tslib.datasets import load_basic_motions, load_gunpoint

LOADERS = {"GunPoint": load_gunpoint, "BasicMotions": load_basic_motions}


def stratified_folds(y: np.ndarray, n_folds: int, seed: int = 0) -> np.ndarray:
    """A fold number per series, each class spread evenly over the folds."""
    rng = np.random.default_rng(seed)
    fold = np.empty(len(y), dtype=int)
    start = 0
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        # continue the round-robin where the previous class stopped: even fold sizes
        fold[members] = (start + np.arange(len(members))) % n_folds
        start += len(members)
    return fold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", default=list(LOADERS))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(1)
    rows = []
    for name in args.sets:
        X, y = LOADERS[name]("train")  # the official training part only
        fold = stratified_folds(y, args.folds)
        for k in range(args.folds):
            fit_part, val_part = fold != k, fold == k
            for seed in range(args.seeds):
                for lstm in (False, True):
                    acc, seconds = fit_and_score(
                        X[fit_part],
                        y[fit_part],
                        X[val_part],
                        y[val_part],
                        seed=seed,
                        lstm=lstm,
                    )
                    rows.append(
                        {
                            "data set": name,
                            "fold": k,
                            "seed": seed,
                            "lstm": lstm,
                            "fit series": int(fit_part.sum()),
                            "validation series": int(val_part.sum()),
                            "accuracy": round(100 * acc, 2),
                            "cpu seconds": round(seconds, 2),
                        }
                    )
            print(name, "fold", k, flush=True)
    runs = pd.DataFrame(rows)
    write_runs(runs, RESULTS, "recipe_validation")
    (RESULTS / "recipe_validation.md").write_text(report(runs, args))
    print(report(runs, args))


def report(runs: pd.DataFrame, args: argparse.Namespace) -> str:
    """Mean validation accuracy per version, and the paired differences."""
    lines = [
        "# fit_classifier with and without its LSTM, on validation folds",
        "",
        f"{args.folds} stratified folds of each official training part x "
        f"{args.seeds} seeds; validation accuracy (%), pooled over the folds.",
        "",
        "| data set | without LSTM | with LSTM | with minus without, per fold and seed "
        "(better / worse / tied) |",
        "|---|---|---|---|",
    ]
    for name, group in runs.groupby("data set", sort=False):
        table = group.pivot_table(
            index=["fold", "seed"], columns="lstm", values="accuracy"
        )
        diff = table[True] - table[False]
        lines.append(
            f"| {name} | {table[False].mean():.1f} | {table[True].mean():.1f} | "
            f"{diff.mean():+.1f} ({int((diff > 0).sum())} / {int((diff < 0).sum())} "
            f"/ {int((diff == 0).sum())}) |"
        )
    lines += [
        "",
        environment(),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
