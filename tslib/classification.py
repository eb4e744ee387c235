"""Chapter 5's classifier recipe: :func:`fit_classifier` trains one on raw series."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from torch import nn

from tslib._validate import (
    as_array,
    check_float,
    check_int,
    check_labels,
    check_seed,
    describe,
)
from tslib.models.classifiers import ConvLSTMNetwork, ScaledClassifier
from tslib.training import _as_device, fit, update_loader

__all__ = ["fit_classifier"]


def fit_classifier(
    X_train: Any,
    y_train: Any,
    *,
    seed: int = 0,
    updates: int = 300,
    batch_size: int = 16,
    lr: float = 1e-2,
    weight_decay: float = 1e-2,
    label_smoothing: float = 0.1,
    differences: bool = True,
    lstm: bool = False,
    n_models: int = 1,
    conv_channels: Sequence[int] = (16, 32, 32),
    kernel_sizes: Sequence[int] = (7, 5, 3),
    hidden_size: int = 32,
    lstm_steps: int = 48,
    device: torch.device | str | None = None,
) -> ScaledClassifier:
    """Train a convolutional (optionally Conv1D-LSTM) classifier on raw series.

    Each network, a :class:`tslib.models.ConvLSTMNetwork`, trains with
    :func:`tslib.training.fit` for ``updates`` steps on full batches, with AdamW, a
    one-cycle schedule and a label-smoothed cross-entropy, and keeps its last weights
    (no validation set). The defaults were chosen on GunPoint and BasicMotions and
    checked, unchanged, on other archive data sets (``benchmarks/transfer.py``).

    Args:
        X_train: training series ``(N, L, C_in)``, raw (unscaled), no missing values.
        y_train: integer class labels ``(N,)``, ``0..K-1``, every class present.
        seed: seed of the initialisation and of the batch order.
        updates: optimizer steps per network (the training budget).
        batch_size: series per update (at most N).
        lr: the peak learning rate of the one-cycle schedule.
        weight_decay: AdamW's decoupled weight decay.
        label_smoothing: of the cross-entropy, in ``[0, 1)``.
        differences: add the first difference of each scaled channel as a channel.
        lstm: add an LSTM over the max-pooled convolution features (chapter 5).
        n_models: networks in the ensemble, with seeds ``seed, seed + 1, ...``; their
            logits are averaged.
        conv_channels: filters per convolution block.
        kernel_sizes: odd filter width per block.
        hidden_size: LSTM width ``D`` (with ``lstm``).
        lstm_steps: about how many steps the LSTM reads (with ``lstm``).
        device: where to train (``None``: :func:`tslib.training.get_device`); the
            returned module stays there.

    Returns:
        A :class:`tslib.models.ScaledClassifier` in evaluation mode that maps raw series
        ``(B, L, C_in)`` to ``(B, K)`` logits (``argmax(1)``: the classes).

    Raises:
        TypeError: labels that are not integers, a setting of the wrong type.
        ValueError: shapes that disagree, a missing class, NaN, a setting out of range.

    Example:
        >>> from tslib.training import predict
        >>> rng = np.random.default_rng(0)
        >>> y = np.arange(20) % 2
        >>> X = 50.0 + rng.normal(size=(20, 30, 1)) + 5.0 * y[:, None, None]
        >>> model = fit_classifier(X, y, updates=30, conv_channels=(8,),
        ...                        kernel_sizes=(3,))
        >>> float((predict(model, X).argmax(1) == y).mean())
        1.0
    """
    X = as_array(X_train, "X_train", ndim=3).astype(np.float32)
    y = check_labels(y_train, "y_train")  # (N,) int64
    if len(y) != len(X):
        raise ValueError(
            f"expected y_train of shape ({len(X)},), one label per series of X_train "
            f"{X.shape}, got shape {y.shape}"
        )
    counts = np.bincount(y) if y.min() >= 0 else np.array([])
    if y.min() < 0 or np.any(counts == 0) or len(counts) < 2:
        raise ValueError(
            "expected labels 0..K-1 with every class present and K >= 2, got labels "
            f"{sorted(set(y.tolist()))}"
        )
    n_classes = len(counts)
    seed = check_seed(seed)
    updates = check_int(updates, "updates", minimum=1)
    batch_size = min(check_int(batch_size, "batch_size", minimum=2), len(X))
    lr = check_float(lr, "lr", low=0.0, low_inclusive=False)
    weight_decay = check_float(weight_decay, "weight_decay", low=0.0)
    label_smoothing = check_float(
        label_smoothing, "label_smoothing", low=0.0, high=1.0, high_inclusive=False
    )
    for flag, name in ((differences, "differences"), (lstm, "lstm")):
        if not isinstance(flag, bool):
            raise TypeError(f"{name} must be True or False, got {describe(flag)}")
    n_models = check_int(n_models, "n_models", minimum=1)
    lstm_steps = check_int(lstm_steps, "lstm_steps", minimum=1)
    device = _as_device(device)
    _, length, n_channels = X.shape
    flat = X.reshape(-1, n_channels).astype(np.float64)
    mean, std = flat.mean(axis=0), flat.std(axis=0)
    std = np.where(std > 0, std, 1.0)  # a constant channel is centred, not divided by 0
    model = ScaledClassifier(mean, std, [nn.Identity()], differences)
    with torch.no_grad():
        inputs = model.features(torch.from_numpy(X))
    networks = []
    for member in range(n_models):
        with torch.random.fork_rng(devices=[]):  # leave the caller's RNG untouched
            torch.manual_seed(seed + member)
            network = ConvLSTMNetwork(
                inputs.shape[2],
                n_classes=n_classes,
                conv_channels=conv_channels,
                kernel_sizes=kernel_sizes,
                hidden_size=hidden_size,
                lstm_pool=math.ceil(length / lstm_steps) if lstm else None,
            ).to(device)
            fit(  # one "epoch" of all the updates: no validation set to watch
                network,
                update_loader(
                    inputs,
                    y,
                    batch_size=batch_size,
                    updates=updates,
                    seed=seed + member,
                    drop_last=True,  # full batches only: batch norm needs > 1
                ),
                epochs=1,
                optimizer=torch.optim.AdamW(
                    network.parameters(), lr=lr, weight_decay=weight_decay
                ),
                scheduler=lambda opt: torch.optim.lr_scheduler.OneCycleLR(
                    opt, max_lr=lr, total_steps=updates
                ),
                scheduler_interval="batch",
                loss_fn=nn.CrossEntropyLoss(label_smoothing=label_smoothing),
                device=device,
                progress=False,
            )
        networks.append(network)
    model.networks = nn.ModuleList(networks)
    return model.to(device).eval()
