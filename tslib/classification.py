"""A Conv1D-LSTM classifier recipe: :func:`fit_classifier` trains one from raw series.

The recipe of chapter 5, for readers who want a classifier without choosing a dozen
settings by hand. It makes the choices the chapter measured:

- scaling fitted on the training series only (a mean and a standard deviation per
  channel), built into the returned module, so that it takes raw, unscaled series;
- the first differences of each channel as extra input channels (slopes, which a
  small filter finds more easily than levels);
- convolution blocks with batch normalisation, and a head on the global average of
  their features over time (the fully convolutional network of Wang et al., 2017);
- optionally (``lstm=True``) an LSTM over the max-pooled convolution features, whose
  last output joins the average: the serial Conv1D-LSTM of DeepConvLSTM (Ordóñez and
  Roggen, 2016). Chapter 5 measures when it helps (the order of distant events) and
  when it does not (GunPoint, BasicMotions), so it is off by default;
- a training budget counted in updates (not epochs), a one-cycle learning-rate
  schedule, label smoothing and weight decay;
- a small ensemble: the members differ only by their seed and their logits are
  averaged.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from torch import nn

from tslib._checks import (
    as_array,
    check_float,
    check_int,
    check_labels,
    check_seed,
    describe,
)
from tslib.models.base import check_sequence_batch
from tslib.models.conv_lstm import conv_stack
from tslib.training import as_device

__all__ = ["ConvLSTMNetwork", "ScaledClassifier", "fit_classifier"]


class ConvLSTMNetwork(nn.Module):
    """Convolution blocks, global average pooling, and optionally an LSTM beside it.

    Convolution blocks (``Conv1d -> BatchNorm -> ReLU``, the length kept) turn the
    series into a sequence of feature vectors. The head always reads their average
    over all steps (global average pooling, as in the fully convolutional network of
    Wang et al., 2017): it says *which* local shapes occur, wherever they are. With
    ``lstm_pool``, an LSTM also reads the features, max-pooled by ``lstm_pool``, and
    its output after the last step joins the average: the serial design of
    DeepConvLSTM (Ordóñez and Roggen, 2016), which can tell *in which order* shapes
    occur.

    Args:
        input_size: input channels ``C_in``.
        n_classes: classes ``K``.
        conv_channels: filters per convolution block.
        kernel_sizes: odd filter width per block.
        hidden_size: LSTM width ``D``.
        lstm_pool: max-pooling window in front of the LSTM; ``None``: no LSTM.

    Shape:
        - Input: ``(B, L, C_in)``, already scaled.
        - Output: ``(B, K)`` logits.

    Example:
        >>> net = ConvLSTMNetwork(3, 4, conv_channels=(8, 8), kernel_sizes=(5, 3),
        ...                       hidden_size=8, lstm_pool=4)
        >>> tuple(net(torch.zeros(2, 50, 3)).shape)
        (2, 4)
    """

    def __init__(
        self,
        input_size: int,
        n_classes: int,
        conv_channels: Sequence[int] = (16, 32, 32),
        kernel_sizes: Sequence[int] = (7, 5, 3),
        hidden_size: int = 32,
        lstm_pool: int | None = None,
    ) -> None:
        super().__init__()
        self.input_size = check_int(input_size, "input_size", minimum=1)
        self.n_classes = check_int(n_classes, "n_classes", minimum=2)
        self.conv = conv_stack(
            self.input_size, conv_channels=conv_channels, kernel_sizes=kernel_sizes
        )
        width = self.conv[-1].conv.out_channels
        self.lstm = None
        if lstm_pool is not None:
            self.pool = nn.MaxPool1d(
                check_int(lstm_pool, "lstm_pool", minimum=1), ceil_mode=True
            )
            hidden_size = check_int(hidden_size, "hidden_size", minimum=1)
            self.lstm = nn.LSTM(width, hidden_size, batch_first=True)
            width += hidden_size
        self.head = nn.Linear(width, self.n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits ``(B, K)`` for a scaled batch ``x`` of shape ``(B, L, C_in)``."""
        check_sequence_batch(x, self.input_size)
        features = self.conv(x.transpose(1, 2))  # (B, L, C_in) -> (B, C, L)
        summary = features.mean(dim=-1)  # -> (B, C): global average over time
        if self.lstm is not None:
            steps = self.pool(features).transpose(1, 2)  # -> (B, L / pool, C)
            out, _ = self.lstm(steps)  # -> (B, L / pool, D)
            summary = torch.cat([summary, out[:, -1]], dim=1)  # -> (B, C + D)
        return self.head(summary)  # -> (B, K)


class ScaledClassifier(nn.Module):
    """Raw series in, logits out: per-channel scaling, differences, then the networks.

    The scaling statistics are buffers (saved with ``state_dict``, moved with
    ``.to(device)``) fitted on training data only. With ``differences``, the first
    difference of each scaled channel (0 at the first step) is appended as an extra
    channel. The logits of several networks are averaged (an ensemble of seeds).

    Args:
        mean: ``(C_in,)`` training mean of each channel.
        std: ``(C_in,)`` training standard deviation of each channel (> 0).
        networks: the trained networks, each ``(B, L, C_in or 2 C_in) -> (B, K)``.
        differences: append the first differences as channels.

    Shape:
        - Input: ``(B, L, C_in)`` raw series, as given to :func:`fit_classifier`.
        - Output: ``(B, K)`` logits (the mean over the networks).

    Example:
        >>> clf = ScaledClassifier([10.0], [2.0], [nn.Flatten()], differences=True)
        >>> clf(torch.tensor([[[12.0], [8.0]]]))  # (1, 2, 1): scaled, + differences
        tensor([[ 1.,  0., -1., -2.]])
    """

    def __init__(
        self,
        mean: Any,
        std: Any,
        networks: Sequence[nn.Module],
        differences: bool = False,
    ) -> None:
        super().__init__()
        mean = as_array(mean, "mean", ndim=1)
        std = as_array(std, "std", ndim=1)
        if mean.shape != std.shape or np.any(std <= 0):
            raise ValueError(
                f"expected mean and std of the same shape (C_in,) with std > 0, got "
                f"{mean.shape} and {std.shape} (smallest std {std.min()})"
            )
        if len(networks) == 0:
            raise ValueError("expected at least one network, got none")
        self.input_size = len(mean)
        self.differences = bool(differences)
        self.register_buffer("mean", torch.as_tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.as_tensor(std, dtype=torch.float32))
        self.networks = nn.ModuleList(networks)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """The input as the networks see it: scaled, with differences if asked."""
        check_sequence_batch(x, self.input_size)
        scaled = (x - self.mean) / self.std  # (B, L, C_in)
        if not self.differences:
            return scaled
        slopes = torch.diff(scaled, dim=1, prepend=scaled[:, :1])  # 0 at step 0
        return torch.cat([scaled, slopes], dim=2)  # -> (B, L, 2 C_in)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits ``(B, K)`` for raw series ``x`` of shape ``(B, L, C_in)``."""
        inputs = self.features(x)
        logits = [network(inputs) for network in self.networks]
        return torch.stack(logits).mean(dim=0)  # -> (B, K)


def _check_training_data(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray, int]:
    """``X`` as float32 ``(N, L, C)``, ``y`` as int64 ``(N,)`` labels 0..K-1, and K."""
    X = as_array(X, "X_train", ndim=3).astype(np.float32)
    y_arr = np.asarray(y.detach().cpu() if isinstance(y, torch.Tensor) else y)
    if y_arr.ndim != 1 or len(y_arr) != len(X):
        raise ValueError(
            f"expected y_train of shape ({len(X)},), one label per series of X_train "
            f"{X.shape}, got shape {y_arr.shape}"
        )
    y_arr = check_labels(y_arr, "y_train")
    counts = np.bincount(y_arr) if y_arr.min() >= 0 else np.array([])
    if y_arr.min() < 0 or np.any(counts == 0) or len(counts) < 2:
        raise ValueError(
            "expected labels 0..K-1 with every class present and K >= 2, got labels "
            f"{sorted(set(y_arr.tolist()))}"
        )
    return X, y_arr.astype(np.int64), len(counts)


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

    The recipe of chapter 5 (see the module's description). The defaults were chosen
    on GunPoint and BasicMotions and then checked, unchanged, on archive data sets the
    chapter never uses (``benchmarks/transfer.py``); the arguments are there to
    experiment with.

    1. Scaling: the mean and standard deviation of each channel over all training
       series and steps, stored in the returned module; with ``differences``, the
       first difference of each scaled channel is an extra channel.
    2. Network: :class:`ConvLSTMNetwork`; with ``lstm``, its LSTM reads about
       ``lstm_steps`` steps (max-pooling by ``ceil(L / lstm_steps)``).
    3. Training: ``updates`` mini-batch steps of ``batch_size`` series (reshuffled
       every pass over the data, full batches only), AdamW with a one-cycle schedule
       that peaks at ``lr``, cross-entropy with ``label_smoothing``. The weights after
       the last update are kept: no validation set is carved from a small training set.
    4. ``n_models`` networks with seeds ``seed, seed + 1, ...``; their logits are
       averaged.

    Args:
        X_train: training series, raw (unscaled), float, no missing values.
        y_train: integer class labels ``0..K-1``, every class present.
        seed: seed of the initialisation and of the batch order.
        updates: optimizer steps per network (the training budget).
        batch_size: series per update (at most N).
        lr: the peak learning rate of the one-cycle schedule.
        weight_decay: AdamW's decoupled weight decay.
        label_smoothing: of the cross-entropy, in ``[0, 1)``.
        differences: add the first differences as input channels.
        lstm: add the LSTM over the pooled convolution features.
        n_models: networks in the ensemble.
        conv_channels: filters per convolution block.
        kernel_sizes: odd filter width per block.
        hidden_size: LSTM width ``D`` (with ``lstm``).
        lstm_steps: about how many steps the LSTM reads (with ``lstm``).
        device: where to train (``None``: :func:`tslib.training.get_device`, as in
            :func:`tslib.training.fit`); the returned module stays there.

    Returns:
        A :class:`ScaledClassifier` in evaluation mode that maps raw series
        ``(B, L, C_in)`` to ``(B, K)`` logits:
        ``tslib.training.predict(model, X_test).argmax(1)`` gives the classes.

    Shape:
        - X_train: ``(N, L, C_in)``.
        - y_train: ``(N,)``.

    Raises:
        TypeError: if the labels are not integers or a setting has the wrong type.
        ValueError: if the shapes disagree, a class in ``0..K-1`` is missing, the
            series hold NaN, or a setting is out of range.

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
    X, y, n_classes = _check_training_data(X_train, y_train)
    seed = check_seed(seed)
    updates = check_int(updates, "updates", minimum=1)
    batch_size = check_int(batch_size, "batch_size", minimum=2)
    batch_size = min(batch_size, len(X))
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
    device = as_device(device)
    _, length, n_channels = X.shape
    flat = X.reshape(-1, n_channels).astype(np.float64)
    mean, std = flat.mean(axis=0), flat.std(axis=0)
    std = np.where(std > 0, std, 1.0)  # a constant channel is centred, not divided by 0
    model = ScaledClassifier(mean, std, [nn.Identity()], differences)
    with torch.no_grad():
        inputs = model.features(torch.from_numpy(X)).to(device)
    targets = torch.from_numpy(y).to(device)
    networks = []
    for member in range(n_models):
        with torch.random.fork_rng(devices=[]):  # leave the caller's RNG untouched
            torch.manual_seed(seed + member)
            network = ConvLSTMNetwork(
                inputs.shape[2],
                n_classes,
                conv_channels,
                kernel_sizes,
                hidden_size,
                lstm_pool=math.ceil(length / lstm_steps) if lstm else None,
            ).to(device)
            _train(
                network,
                inputs,
                targets,
                np.random.default_rng(seed + member),
                updates,
                batch_size,
                lr,
                weight_decay,
                label_smoothing,
            )
        networks.append(network)
    model.networks = nn.ModuleList(networks)
    return model.to(device).eval()


def _train(
    network: nn.Module,
    X: torch.Tensor,
    y: torch.Tensor,
    rng: np.random.Generator,
    updates: int,
    batch_size: int,
    lr: float,
    weight_decay: float,
    label_smoothing: float,
) -> None:
    """``updates`` AdamW steps with a one-cycle schedule over shuffled batches."""
    optimizer = torch.optim.AdamW(
        network.parameters(), lr=lr, weight_decay=weight_decay
    )
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=lr, total_steps=updates
    )
    loss_fn = nn.CrossEntropyLoss(label_smoothing=label_smoothing)
    n_batches = len(X) // batch_size  # full batches only: batch norm needs > 1 series
    network.train()
    step = 0
    while step < updates:
        order = torch.from_numpy(rng.permutation(len(X))).to(X.device)
        for i in range(min(n_batches, updates - step)):
            batch = order[i * batch_size : (i + 1) * batch_size]
            loss = loss_fn(network(X[batch]), y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
        step += min(n_batches, updates - step)
    network.eval()
