"""Sliding windows: a series ``(T, C)`` becomes inputs and targets.

Inputs have the shape ``(N, L, C_in)``, targets ``(N, H, C_out)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

from tslib._validate import (
    as_array,
    check_int,
    check_same_length,
    check_seed,
    check_time_index,
    column_indices,
)


def make_windows(
    series: Any,
    lookback: int,
    horizon: int = 1,
    *,
    target: int | str | Sequence[int | str] | None = None,
    stride: int = 1,
    first_target: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Cut a series into (input window, future targets) pairs.

    Window ``i`` starts at ``s = first_target - lookback + i * stride``; its input is
    ``series[s : s + L]`` (all columns) and its target is the next ``H`` values,
    ``series[s + L : s + L + H, target]``. Inputs end strictly before targets begin: no
    look-ahead.

    ``first_target`` lets later parts borrow their inputs from the past: to forecast
    every test value, scale the whole series with a scaler fitted on the training part,
    then ``make_windows(scaled, L, H, first_target=split.test_start)``: the first test
    window's input is the last ``L`` values before the test part, which a forecaster
    would know.

    Args:
        series: array ``(T,)`` or ``(T, C)``, a Series or a DataFrame, in time order.
        lookback: input length ``L`` (>= 1).
        horizon: number of future steps ``H`` (>= 1).
        target: the column(s) to forecast (positions, or names for a DataFrame); default
            all.
        stride: step between the starts of consecutive windows (>= 1).
        first_target: position of the first value any window predicts (>= ``lookback``);
            default ``lookback``, the earliest possible.

    Returns:
        ``(X, y)``, float32 arrays of shapes ``(N, L, C_in)`` and ``(N, H, C_out)`` with
        ``N = (T - first_target - H) // stride + 1``; new arrays, not views of
        ``series``.

    Raises:
        ValueError: if ``L + H`` exceeds the series, ``L`` or ``H`` < 1, the series
            holds NaN or infinite values, a target column does not exist, or a
            Series/DataFrame has a DatetimeIndex that is not strictly increasing (out of
            time order).

    Example:
        >>> X, y = make_windows(np.arange(6.0), lookback=3, horizon=2)
        >>> X.shape, y.shape
        ((2, 3, 1), (2, 2, 1))
        >>> X[0, :, 0].tolist(), y[0, :, 0].tolist()
        ([0.0, 1.0, 2.0], [3.0, 4.0])
    """
    lookback = check_int(lookback, "lookback", minimum=1)
    horizon = check_int(horizon, "horizon", minimum=1)
    stride = check_int(stride, "stride", minimum=1)
    check_time_index(series, "series")
    values = as_array(series, "series", ndim=(1, 2))
    values = values.reshape(len(values), -1)  # -> (T, C)
    n_steps, n_columns = values.shape
    columns = column_indices(target, n_columns, list(getattr(series, "columns", [])))
    if first_target is None:
        first_target = lookback
    first_target = check_int(first_target, "first_target", minimum=lookback)
    if first_target + horizon > n_steps:
        raise ValueError(
            "the series is too short for one window: "
            f"lookback ({lookback}) + horizon ({horizon})"
            + (f" from first_target {first_target}" if first_target != lookback else "")
            + f" needs at least {first_target + horizon} values, got {n_steps}"
        )
    n_windows = (n_steps - first_target - horizon) // stride + 1
    starts = first_target - lookback + stride * np.arange(n_windows)
    # index arrays gather (N, L) and (N, H) positions; fancy indexing copies
    X = values[starts[:, None] + np.arange(lookback)]  # -> (N, L, C_in)
    targets = starts[:, None] + lookback + np.arange(horizon)
    y = values[targets][:, :, columns]  # -> (N, H, C_out)
    return X.astype(np.float32), y.astype(np.float32)


def make_loader(
    X: Any, y: Any, batch_size: int = 32, shuffle: bool = False, seed: int | None = None
) -> DataLoader:
    """Wrap windows in a :class:`~torch.utils.data.DataLoader`.

    Shuffle training windows only (each carries its own past); the last, smaller batch
    is kept (``drop_last=True`` would silently skip test samples).

    Args:
        X: inputs ``(N, L, C_in)``.
        y: targets ``(N, H, C_out)`` (float) or class labels ``(N,)`` (integers).
        batch_size: windows per batch ``B``.
        shuffle: reshuffle the windows every epoch (training only).
        seed: seed of the shuffling generator, for reproducible epochs.

    Returns:
        A loader yielding ``(x, y)`` batches: float32 ``(B, L, C_in)``, and float32
        ``(B, H, C_out)`` or int64 ``(B,)``.

    Example:
        >>> X, y = make_windows(np.arange(10.0), lookback=3)
        >>> xb, yb = next(iter(make_loader(X, y, batch_size=4)))
        >>> tuple(xb.shape), tuple(yb.shape)
        ((4, 3, 1), (4, 1, 1))
    """
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    X_arr = as_array(X, "X", ndim=3, dtype=np.float32)
    y_raw = np.asarray(y.detach().cpu() if hasattr(y, "detach") else y)
    if np.issubdtype(y_raw.dtype, np.integer):
        y_arr = as_array(y_raw, "y", ndim=1, dtype=np.int64)
    else:
        y_arr = as_array(y_raw, "y", ndim=(1, 2, 3), dtype=np.float32)
    check_same_length(X_arr, y_arr, "X", "y")
    seed = None if seed is None else check_seed(seed)
    generator = None if seed is None else torch.Generator().manual_seed(seed)
    tensors = (torch.as_tensor(X_arr).clone(), torch.as_tensor(y_arr).clone())
    dataset = TensorDataset(*tensors)
    return DataLoader(
        dataset,
        batch_size=batch_size,
        shuffle=shuffle,
        generator=generator,
        drop_last=False,
    )
