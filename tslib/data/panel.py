"""Windows from many series at once, for one global model (a *panel* of series).

A global model is trained on windows cut from the training part of every series. The
series have different lengths and levels, so each window is scaled before it reaches the
network, and forecasts are scaled back, so that metrics are computed on the original
scale. Series shorter than the lookback are padded on the left with zeros after scaling
(N-BEATS pads the same way), and a series too short to give a single full target is an
error, never skipped silently.

The three steps (``forecast_series`` is in :mod:`tslib.training`)::

    panel = panel_windows(train_series, lookback, horizon)    # training windows, scaled
    loader = batch_loader(panel.X, panel.y, batch_size=1024, steps=100, seed=0)
    forecasts = forecast_series(model, train_series, lookback)  # (S, H), original scale
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch.utils.data import DataLoader, IterableDataset

from tslib._validate import (
    as_array,
    check_choice,
    check_int,
    check_seed,
    check_series_list,
)
from tslib.data.scalers import mean_abs_scale

SCALINGS = ("window", "robust", "series", "none")


@dataclass(frozen=True)
class PanelWindows:
    """Scaled training windows of many series (see :func:`panel_windows`).

    Attributes:
        X (numpy.ndarray): inputs ``(N, L, 1)``, float32, scaled (0 where padded).
        y (numpy.ndarray): targets ``(N, H, 1)``, float32, scaled.
        scale (numpy.ndarray): ``(N,)``, the divisor of each window.
        loc (numpy.ndarray): ``(N,)``, what was subtracted first (0 but for
            ``"robust"``); ``y * scale + loc`` is the original target.
        series (numpy.ndarray): ``(N,)``, the index of the series each window was cut
            from.
    """

    X: np.ndarray
    y: np.ndarray
    scale: np.ndarray
    loc: np.ndarray
    series: np.ndarray

    def __len__(self) -> int:
        return len(self.X)


def _location_scale(
    inputs: np.ndarray, scaling: str, series: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Location and scale ``(N,)`` of windows ``(N, L)`` (NaN where padded)."""
    n = len(inputs)
    if scaling == "none":
        return np.zeros(n), np.ones(n)
    if scaling == "series":
        return np.zeros(n), np.full(n, mean_abs_scale(series, axis=0)[0])
    mean_abs = mean_abs_scale(inputs, axis=1, ignore_nan=True)[:, 0]  # 0 -> 1
    if scaling == "window":
        return np.zeros(n), mean_abs
    q = np.empty((3, n))  # "robust": median and interquartile range
    n_pad = np.isnan(inputs).sum(axis=1)  # padding is on the left only
    for k in np.unique(n_pad):  # windows with as much padding: np.quantile is fast
        rows = n_pad == k
        q[:, rows] = np.quantile(inputs[rows, k:], [0.25, 0.5, 0.75], axis=1)
    iqr = q[2] - q[0]
    return q[1], np.where(iqr > 0, iqr, mean_abs)  # a constant window: mean abs, or 1


def panel_windows(
    series: Sequence[Any],
    lookback: int,
    horizon: int,
    *,
    history: int | None = None,
    min_observed: int = 1,
    scaling: str = "window",
) -> PanelWindows:
    """Cut every series into scaled (input, target) windows for one global model.

    A window's input is the ``lookback`` values before a forecast origin and its target
    the ``horizon`` values after it; every origin with a full target is used (the
    ``history`` most recent ones per series, if given). Near the start of a series,
    fewer than ``lookback`` values exist: the input is padded on the left with zeros
    after scaling.

    Args:
        series: the training parts of the series, each 1-D (lengths may differ).
        lookback: input length ``L``.
        horizon: forecast steps ``H``.
        history: keep only the ``history`` most recent origins of each series (N-BEATS
            samples from the last ``k * H`` points); ``None`` keeps them all.
        min_observed: the fewest real (unpadded) values an input must have, >= 1.
        scaling: ``"window"`` divides each window by the mean absolute value of its
            observed input; ``"robust"`` subtracts the input's median and divides by
            its interquartile range (by its mean absolute value if that is 0);
            ``"series"`` divides by the mean absolute value of the whole series (its
            training part: nothing from the test period); ``"none"`` keeps the raw
            values, to show why scaling is needed. A scale of 0 becomes 1.

    Returns:
        A :class:`PanelWindows`.

    Raises:
        ValueError: a series with fewer than ``min_observed + horizon`` values or not
            finite, or a setting out of range.

    Example:
        >>> series = [np.arange(1.0, 6.0), np.full(4, 10.0)]
        >>> p = panel_windows(series, lookback=3, horizon=1)
        >>> len(p), p.series.tolist()
        (7, [0, 0, 0, 0, 1, 1, 1])
        >>> p.X[0, :, 0].tolist(), float(p.y[0, 0, 0] * p.scale[0])  # padded, scale 1
        ([0.0, 0.0, 1.0], 2.0)
        >>> r = panel_windows(series, lookback=3, horizon=1, scaling="robust")
        >>> r.X[2, :, 0].tolist(), float(r.loc[2]), float(r.scale[2])
        ([-1.0, 0.0, 1.0], 2.0, 1.0)
    """
    lookback = check_int(lookback, "lookback", minimum=1)
    horizon = check_int(horizon, "horizon", minimum=1)
    min_observed = check_int(min_observed, "min_observed", minimum=1)
    if min_observed > lookback:
        raise ValueError(
            f"min_observed must be <= lookback = {lookback}, got {min_observed}"
        )
    if history is not None:
        history = check_int(history, "history", minimum=1)
    scaling = check_choice(scaling, "scaling", SCALINGS)
    values = check_series_list(series, min_length=min_observed + horizon)
    X, y, scale, loc, index = [], [], [], [], []
    for i, s in enumerate(values):
        # Origin t: input s[t - L : t] (padded), target s[t : t + H].
        last = len(s) - horizon  # the latest origin with a full target
        first = (
            min_observed if history is None else max(min_observed, last - history + 1)
        )
        origins = np.arange(first, last + 1)
        padded = np.concatenate([np.full(lookback, np.nan), s])
        inputs = np.lib.stride_tricks.sliding_window_view(padded, lookback)[origins]
        targets = np.lib.stride_tricks.sliding_window_view(s, horizon)[origins]
        lo, sc = _location_scale(inputs, scaling, s)
        X.append(np.nan_to_num((inputs - lo[:, None]) / sc[:, None], nan=0.0))
        y.append((targets - lo[:, None]) / sc[:, None])
        scale.append(sc)
        loc.append(lo)
        index.append(np.full(len(origins), i))
    return PanelWindows(
        X=np.concatenate(X).astype(np.float32)[:, :, None],
        y=np.concatenate(y).astype(np.float32)[:, :, None],
        scale=np.concatenate(scale),
        loc=np.concatenate(loc),
        series=np.concatenate(index),
    )


def last_windows(
    series: Sequence[Any], lookback: int, *, scaling: str = "window"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The last ``lookback`` values of each series, scaled as in :func:`panel_windows`.

    Returns:
        ``(X, loc, scale)``: the forecast inputs ``(S, L, 1)`` float32, and each
        window's location and scale ``(S,)``: ``model(X) * scale + loc`` is the
        forecast on the original scale.

    Example:
        >>> X, loc, scale = last_windows([np.array([2.0, 4.0, 6.0])], lookback=2)
        >>> X[0, :, 0].astype(float).round(3).tolist(), loc.tolist(), scale.tolist()
        ([0.8, 1.2], [0.0], [5.0])
    """
    lookback = check_int(lookback, "lookback", minimum=1)
    scaling = check_choice(scaling, "scaling", SCALINGS)
    values = check_series_list(series)
    inputs = np.full((len(values), lookback), np.nan)
    loc, scale = np.zeros(len(values)), np.ones(len(values))
    for i, s in enumerate(values):
        tail = s[-lookback:]
        inputs[i, lookback - len(tail) :] = tail
        if scaling in ("window", "series"):
            scale[i] = mean_abs_scale(tail if scaling == "window" else s, axis=0)[0]
    if scaling == "robust":
        loc, scale = _location_scale(inputs, "robust")
    X = np.nan_to_num((inputs - loc[:, None]) / scale[:, None], nan=0.0)
    return X.astype(np.float32)[:, :, None], loc, scale


class _RandomBatches(IterableDataset):
    """``steps`` batches of windows drawn at random (with replacement) per pass."""

    def __init__(
        self, X: torch.Tensor, y: torch.Tensor, batch_size: int, steps: int, seed: int
    ) -> None:
        super().__init__()
        self.X, self.y = X, y
        self.batch_size, self.steps = batch_size, steps
        self.generator = torch.Generator().manual_seed(seed)

    def __len__(self) -> int:
        return self.steps

    def __iter__(self) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        for _ in range(self.steps):
            idx = torch.randint(
                len(self.X), (self.batch_size,), generator=self.generator
            )
            yield self.X[idx], self.y[idx]


def batch_loader(
    X: Any, y: Any, batch_size: int = 1024, steps: int = 100, seed: int = 0
) -> DataLoader:
    """A DataLoader of ``steps`` random batches of inputs ``X`` ``(N, L, C)`` and
    targets ``y`` ``(N, H, C)`` per epoch, for ``fit``.

    A panel holds ~100,000 windows; an epoch over all of them is not needed, and
    indexing a tensor once per batch is much faster than collating windows one by one.
    Batches of ``batch_size`` windows are drawn with replacement from a generator
    seeded by ``seed``, so a run is reproducible, and each epoch draws new ones.

    Example:
        >>> X, y = np.zeros((10, 4, 1)), np.zeros((10, 2, 1))
        >>> loader = batch_loader(X, y, batch_size=3, steps=2)
        >>> [tuple(xb.shape) for xb, _ in loader]
        [(3, 4, 1), (3, 4, 1)]
    """
    x_arr = as_array(X, "X", ndim=3, dtype=np.float32)
    y_arr = as_array(y, "y", ndim=3, dtype=np.float32)
    if len(x_arr) != len(y_arr):
        raise ValueError(f"X has {len(x_arr)} windows but y has {len(y_arr)}")
    if len(x_arr) == 0:
        raise ValueError("X is empty: expected at least one window")
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    steps = check_int(steps, "steps", minimum=1)
    seed = check_seed(seed)
    data = _RandomBatches(
        torch.from_numpy(x_arr), torch.from_numpy(y_arr), batch_size, steps, seed
    )
    return DataLoader(data, batch_size=None)
