"""Does chapter 5's classifier recipe transfer to data sets the chapter never uses?

Runs ``tslib.classification.fit_classifier`` with its defaults, unchanged, on UCR/UEA
data sets that chapter 5 does not use, over several seeds, beside 1-NN Euclidean
(computed here on the same split) and the published FCN and ResNet accuracies of Ismail
Fawaz et al. (2019), "Deep learning for time series classification: a review", Data
Mining and Knowledge Discovery 33, 917-963 (mean of 10 runs on the official split of the
UCR 2015 archive; the multivariate row from their MTS archive experiments). Nothing here
is part of the book's runtime, and tslib bundles none of these files.

Getting the data (about 3 MB, offline afterwards): several archive data sets ship inside
the ``aeon`` wheel.

    pip download --no-deps aeon==1.6.0 -d /tmp/wheel
    mkdir -p /tmp/ucr && unzip -j -o /tmp/wheel/aeon-1.6.0-py3-none-any.whl \
        'aeon/datasets/data/ArrowHead/*.ts' 'aeon/datasets/data/ItalyPowerDemand/*.ts' \
        'aeon/datasets/data/OSULeaf/*.ts' 'aeon/datasets/data/JapaneseVowels/*.ts' \
        -d /tmp/ucr

Then, from the repository root (about 20 CPU-minutes on one thread):

    python benchmarks/transfer.py /tmp/ucr

It writes ``tslib/results/data/transfer.csv`` (one row per data set and seed) and
``benchmarks/results/transfer.md`` (the summary table). ``--lstm`` trains
``fit_classifier(..., lstm=True)`` and ``--n-models 3`` an ensemble of three networks
per seed instead (files ``transfer_lstm*``, ``transfer*_ensemble3``); ``--sets GunPoint
BasicMotions ...`` adds the chapter's own two data sets, which ship in the same wheel.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from _common import RESULTS, environment, fit_and_score, write_runs

from tslib.baselines import NearestNeighbor
from tslib.datasets import load_ts_file
from tslib.metrics import accuracy

# Published test accuracy (%), mean of 10 runs: Ismail Fawaz et al. (2019), tables of
# the UCR 2015 archive (univariate) and of the MTS archive (JapaneseVowels). Also in
# the authors' repository hfawaz/dl-4-tsc, results/results-uea-avg-std.csv and
# results/results-mts-avg-std.csv.
PUBLISHED = {
    "ArrowHead": {"FCN": 84.3, "ResNet": 84.5},
    "ItalyPowerDemand": {"FCN": 96.1, "ResNet": 96.3},
    "OSULeaf": {"FCN": 97.7, "ResNet": 97.9},
    "JapaneseVowels_eq": {"FCN": 99.3, "ResNet": 99.2},
    "GunPoint": {"FCN": 100.0, "ResNet": 99.1},  # chapter 5's own (for --lstm)
}
# How a data set's files differ from the published experiment, if they do.
NOTES = {
    "JapaneseVowels_eq": "aeon's equal-length version (the published run resampled the "
    "variable-length series to the longest): comparable only roughly",
}
DEFAULT_SETS = ("ArrowHead", "ItalyPowerDemand", "OSULeaf", "JapaneseVowels_eq")


def label_codes(train: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Map the string labels to 0..K-1 (in numeric order when they are numbers)."""

    def key(label: str) -> tuple[int, float | str]:
        try:
            return (0, float(label))
        except ValueError:
            return (1, label)

    classes = sorted(set(train), key=key)
    code = {label: i for i, label in enumerate(classes)}
    return np.array([code[v] for v in train]), np.array([code[v] for v in test])


def load_split(folder: Path, name: str) -> tuple[np.ndarray, ...]:
    """``X_train, y_train, X_test, y_test`` of one data set from its ``.ts`` files."""
    X_train, labels_train = load_ts_file(folder / f"{name}_TRAIN.ts")
    X_test, labels_test = load_ts_file(folder / f"{name}_TEST.ts")
    y_train, y_test = label_codes(labels_train, labels_test)
    return X_train.astype(np.float32), y_train, X_test.astype(np.float32), y_test


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="folder with NAME_TRAIN.ts files")
    parser.add_argument("--sets", nargs="+", default=list(DEFAULT_SETS))
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--lstm", action="store_true", help="fit_classifier(lstm=True)")
    parser.add_argument("--n-models", type=int, default=1, help="an ensemble per seed")
    args = parser.parse_args()
    stem = "transfer" + ("_lstm" if args.lstm else "")
    stem += f"_ensemble{args.n_models}" if args.n_models > 1 else ""
    torch.set_num_threads(1)
    rows = []
    for name in args.sets:
        X_train, y_train, X_test, y_test = load_split(args.folder, name)
        nn_acc = accuracy(
            y_test, NearestNeighbor().fit(X_train, y_train).predict(X_test)
        )
        for seed in range(args.seeds):
            acc, seconds = fit_and_score(
                X_train,
                y_train,
                X_test,
                y_test,
                seed=seed,
                lstm=args.lstm,
                n_models=args.n_models,
            )
            rows.append(
                {
                    "data set": name,
                    "seed": seed,
                    "train": len(X_train),
                    "test": len(X_test),
                    "length": X_train.shape[1],
                    "channels": X_train.shape[2],
                    "classes": int(y_train.max()) + 1,
                    "fit_classifier": round(100 * acc, 2),
                    "1-NN Euclidean": round(100 * nn_acc, 2),
                    "FCN (published)": PUBLISHED.get(name, {}).get("FCN"),
                    "ResNet (published)": PUBLISHED.get(name, {}).get("ResNet"),
                    "CPU seconds": round(seconds, 1),
                }
            )
            print(f"{name:18s} seed {seed}: {acc:.1%} ({seconds:.0f} s CPU)")
    runs = pd.DataFrame(rows)
    write_runs(runs, args.out, stem)
    changed = ["lstm=True"] if args.lstm else []
    changed += [f"n_models={args.n_models}"] if args.n_models > 1 else []
    settings = ", ".join(changed)
    (args.out / f"{stem}.md").write_text(summary(runs, settings))
    print(summary(runs, settings))


def summary(runs: pd.DataFrame, settings: str = "") -> str:
    """The summary table in Markdown, with the run's environment."""
    grouped = runs.groupby("data set", sort=False)
    table = grouped[["train", "test", "length", "channels", "classes"]].first()
    acc = grouped["fit_classifier"]
    table["fit_classifier mean ± sd"] = [
        f"{m:.1f} ± {s:.1f}" for m, s in zip(acc.mean(), acc.std(ddof=1))
    ]
    table["min"] = acc.min().round(1)
    for column in ("1-NN Euclidean", "FCN (published)", "ResNet (published)"):
        table[column] = grouped[column].first()
    table["CPU s / fit"] = grouped["CPU seconds"].mean().round(0)
    means = acc.mean()
    fcn = grouped["FCN (published)"].first()
    lines = [
        "# fit_classifier on data sets chapter 5 never uses",
        "",
        f"Test accuracy (%) on the official splits, {runs['seed'].nunique()} seeds "
        "(0, 1, ...), fit_classifier's defaults unchanged"
        f"{' except ' + settings if settings else ''}. FCN and ResNet: "
        "Ismail Fawaz et al. (2019), mean of 10 runs.",
        "",
        table.to_markdown(),
        "",
        f"- above 1-NN Euclidean on every set (mean over seeds): "
        f"{bool((means > grouped['1-NN Euclidean'].first()).all())}; on every seed: "
        f"{bool((runs['fit_classifier'] > runs['1-NN Euclidean']).all())}",
        f"- mean over the sets: fit_classifier {means.mean():.1f}, FCN "
        f"{fcn.mean():.1f} (gap {fcn.mean() - means.mean():+.1f} points)",
    ]
    lines += [f"- {name}: {note}" for name, note in NOTES.items() if name in means]
    lines += [
        "",
        environment(),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
