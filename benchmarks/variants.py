"""The tutorial's three Conv1D-LSTM variants, as written, and the book's refinements.

Chapter 5 trains a widely copied tutorial's three Conv1D-LSTM models (one convolution
block; stacked blocks; one block with dropout) and two refinements (batch
normalisation; batch normalisation and max-pooling) on GunPoint and BasicMotions. The
chapter runs the cheap part live (two variants on GunPoint); this script runs the whole
table, with the chapter's protocol and budget, and optionally at longer budgets
(``--updates 100 300``) to see whether the conclusions hold when the models train
longer. Nothing here is part of the book's runtime.

    python benchmarks/variants.py --seeds 5  # about 3 CPU-minutes on one thread

It writes ``tslib/results/data/variants.csv`` (one row per run; chapter 5 loads it
with ``tslib.results``) and ``benchmarks/results/variants.md``
(the table and the paired comparisons). The data and the seeding are the chapter's:
GunPoint as the archive stores it (each series z-normalised on its own), BasicMotions
standardised per channel with the training part's statistics, and ``set_seed(seed)``
before each model is built, so that the chapter's live runs repeat these rows on the
same machine and kernel path.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from _common import RESULTS, environment, write_runs
from torch import nn

from tslib.datasets import load_basic_motions, load_gunpoint
from tslib.evaluation import paired_test
from tslib.metrics import accuracy
from tslib.training import fit, predict, set_seed, update_loader


# The same class and training loop as chapter 5's (copied: the chapter is a notebook).
class TutorialConvLSTM(nn.Module):
    """The tutorial's Conv1D-LSTM: its three variants, and batch norm and pooling."""

    def __init__(
        self,
        input_size,
        num_classes,
        conv_channels=(32,),
        kernel_sizes=(3,),
        lstm_hidden_size=64,
        dropout_rate=0.0,
        batch_norm=False,
        pool_size=1,
    ):
        super().__init__()
        self.conv_layers = nn.ModuleList()
        in_channels = input_size
        for out_channels, kernel_size in zip(conv_channels, kernel_sizes):
            layers = [nn.Conv1d(in_channels, out_channels, kernel_size)]
            if batch_norm:
                layers.append(nn.BatchNorm1d(out_channels))
            layers.append(nn.ReLU())
            if pool_size > 1:
                layers.append(nn.MaxPool1d(pool_size))
            self.conv_layers.append(nn.Sequential(*layers))
            in_channels = out_channels
        self.dropout_conv = nn.Dropout(dropout_rate)
        self.lstm = nn.LSTM(in_channels, lstm_hidden_size, batch_first=True)
        self.dropout_lstm = nn.Dropout(dropout_rate)
        self.fc = nn.Linear(lstm_hidden_size, num_classes)

    def forward(self, x):
        x = x.transpose(1, 2)  # (B, L, C_in) -> (B, C_in, L), the layout of Conv1d
        for conv_layer in self.conv_layers:
            x = conv_layer(x)  # -> (B, C, L - k + 1), then / pool_size
        x = self.dropout_conv(x)
        out, _ = self.lstm(x.permute(0, 2, 1))  # -> (B, L', D)
        out = self.dropout_lstm(out)
        return self.fc(out[:, -1, :])  # -> (B, K): the last step


VARIANTS = {
    "1. one block (as written)": {},
    "2. stacked blocks (as written)": dict(conv_channels=(32, 64), kernel_sizes=(3, 3)),
    "3. one block, dropout 0.3 (as written)": dict(dropout_rate=0.3),
    "3b. one block, dropout 0.5": dict(dropout_rate=0.5),
    "4. stacked + batch norm": dict(
        conv_channels=(32, 64), kernel_sizes=(3, 3), batch_norm=True
    ),
    "5. stacked + batch norm + max-pool 2": dict(
        conv_channels=(32, 64), kernel_sizes=(3, 3), batch_norm=True, pool_size=2
    ),
}


def train_for_updates(model, X, y, updates, seed, batch_size=16, lr=3e-3):
    """Adam on shuffled mini-batches for a fixed number of updates; last weights."""
    fit(
        model,
        update_loader(X, y, batch_size=batch_size, updates=updates, seed=seed),
        epochs=1,
        optimizer=torch.optim.Adam(model.parameters(), lr=lr),
        loss_fn=nn.CrossEntropyLoss(),
        progress=False,
        device="cpu",
    )
    return model


def scaled_data():
    """Both data sets as chapter 5 feeds them to the networks."""
    data = {}
    (X_train, y_train), (X_test, y_test) = load_gunpoint("train"), load_gunpoint("test")
    data["GunPoint"] = (X_train, y_train, X_test, y_test)  # z-normalised per series
    (X_train, y_train), (X_test, y_test) = (
        load_basic_motions("train"),
        load_basic_motions("test"),
    )
    flat = X_train.reshape(-1, X_train.shape[2])  # (N * L, C): training part only
    mean, std = flat.mean(axis=0), flat.std(axis=0)
    data["BasicMotions"] = (
        ((X_train - mean) / std).astype(np.float32),
        y_train,
        ((X_test - mean) / std).astype(np.float32),
        y_test,
    )
    return data


def paired(runs: pd.DataFrame, a: str, b: str) -> str:
    """The differences b - a, seed by seed, with :func:`tslib.evaluation.paired_test`.

    Its mean, the 95 % bootstrap interval of the mean (``block=1``: the seeds are
    independent) and the Diebold-Mariano p-value, here the paired t test. With five
    seeds the interval is rough; the differences themselves and how many are positive
    say as much.
    """
    lines = []
    for (data, budget), group in runs.groupby(["data set", "updates"], sort=False):
        table = group.pivot(index="seed", columns="variant", values="accuracy")
        diff = (table[b] - table[a]).to_numpy()
        each = ", ".join(f"{d:+.1f}" for d in diff)
        test = paired_test(table[b].to_numpy(), table[a].to_numpy(), block=1)
        lines.append(
            f"| {data} | {budget} | {each} | {test.mean:+.1f} "
            f"[{test.low:+.1f}, {test.high:+.1f}] | {test.p_value:.3f} | "
            f"{int((diff > 0).sum())} / {int((diff < 0).sum())} |"
        )
    header = (
        f"\n**{b}** minus **{a}** (points, paired by seed)\n\n"
        "| data set | updates | per seed | mean [95 % interval] | p | "
        "seeds better / worse |\n"
        "|---|---|---|---|---|---|"
    )
    return "\n".join([header, *lines])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--updates", type=int, nargs="+", default=[100])
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    torch.set_num_threads(1)
    rows = []
    for data, (X_train, y_train, X_test, y_test) in scaled_data().items():
        for updates in args.updates:
            for variant, settings in VARIANTS.items():
                for seed in range(args.seeds):
                    set_seed(seed)
                    model = TutorialConvLSTM(
                        X_train.shape[2], int(y_train.max()) + 1, **settings
                    )
                    train_for_updates(model, X_train, y_train, updates, seed)
                    acc = accuracy(y_test, predict(model, X_test).argmax(1))
                    rows.append(
                        {
                            "data set": data,
                            "updates": updates,
                            "variant": variant,
                            "seed": seed,
                            "accuracy": round(100 * acc, 2),
                        }
                    )
                print(data, updates, variant, flush=True)
    runs = pd.DataFrame(rows)
    write_runs(runs, args.out, "variants")
    (args.out / "variants.md").write_text(report(runs))
    print(report(runs))


def report(runs: pd.DataFrame) -> str:
    """The table (mean ± sd and min per cell) and the paired comparisons, Markdown."""
    stats = runs.groupby(["variant", "data set", "updates"], sort=False)["accuracy"]
    cells = stats.agg(
        lambda a: f"{a.mean():.1f} ± {a.std(ddof=1):.1f} (min {a.min():.1f})"
    )
    table = cells.unstack(["data set", "updates"])
    names = list(VARIANTS)
    lines = [
        "# The tutorial's Conv1D-LSTM variants and the book's refinements",
        "",
        f"Test accuracy (%), mean ± sd (min) over {runs['seed'].nunique()} seeds, "
        "after a fixed number of Adam updates (lr 3e-3, 16 series each).",
        "",
        table.to_markdown(),
        paired(runs, names[0], names[1]),
        paired(runs, names[0], names[2]),
        paired(runs, names[0], names[3]),
        paired(runs, names[1], names[4]),
        paired(runs, names[4], names[5]),
        "",
        environment(),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
