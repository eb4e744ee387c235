"""The whole preparation of one series in one call: split, scale on train, window."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tslib.data.scalers import StandardScaler
from tslib.data.split import Split, chronological_split
from tslib.data.windows import make_windows

Windows = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class PreparedWindows:
    """What :func:`prepare_windows` returns.

    Attributes:
        split: the chronological :class:`~tslib.data.Split` of the original series.
        scaler: the :class:`~tslib.data.StandardScaler` fitted on ``split.train`` only;
            use its ``inverse_transform`` to report forecasts on the original scale.
        train: ``(X, y)`` windows whose targets lie in the training part.
        val: ``(X, y)`` windows whose targets lie in the validation part.
        test: ``(X, y)`` windows whose targets lie in the test part (inputs may reach
            back into earlier parts: they are known at forecast time).
    """

    split: Split
    scaler: StandardScaler
    train: Windows
    val: Windows
    test: Windows


def prepare_windows(
    series: Any,
    lookback: int,
    horizon: int = 1,
    *,
    train: float | int | None = 0.7,
    val: float | int | None = 0.15,
    target: int | str | Sequence[int | str] | None = None,
) -> PreparedWindows:
    """Split in time order, fit a scaler on the training part only, window every part.

    Chapter 1's steps: :func:`~tslib.data.chronological_split`, a
    :class:`~tslib.data.StandardScaler` fitted on ``split.train``, then
    :func:`~tslib.data.make_windows` for each part, with ``first_target`` so that every
    validation and test value is forecast exactly once.

    Args:
        series: array ``(T,)`` or ``(T, C)``, a Series or a DataFrame, in time order.
        lookback: input length ``L``.
        horizon: forecast steps ``H``.
        train: size of the training part (fraction or count), as in
            ``chronological_split``.
        val: size of the validation part; the test part is the rest.
        target: the column(s) to forecast; default all.

    Returns:
        A :class:`PreparedWindows` with the split, the fitted scaler and ``(X, y)``
        float32 windows ``(N, L, C_in)``, ``(N, H, C_out)`` for each part, on the scaled
        values.

    Raises:
        ValueError: as :func:`~tslib.data.chronological_split` and
            :func:`~tslib.data.make_windows`, in particular for a Series or DataFrame
            whose DatetimeIndex is not strictly increasing (out of time order).

    Example:
        >>> series = np.arange(100.0)
        >>> data = prepare_windows(series, lookback=5, horizon=2, train=0.6, val=0.2)
        >>> [part[0].shape for part in (data.train, data.val, data.test)]
        [(54, 5, 1), (19, 5, 1), (19, 5, 1)]
        >>> # the first test value
        >>> float(data.scaler.inverse_transform(data.test[1])[0, 0, 0])
        80.0
    """
    split = chronological_split(series, train=train, val=val)
    if len(split.val) == 0:
        raise ValueError(
            f"val must give a non-empty validation part, got val={val!r}: "
            "prepare_windows makes validation windows (for early stopping); without "
            "one, call chronological_split and make_windows yourself"
        )
    scaler = StandardScaler().fit(split.train)  # statistics of the past only
    scaled = scaler.transform(series)
    rows = scaled.iloc if hasattr(scaled, "iloc") else scaled  # by position, as split
    train, val, test = (
        make_windows(rows[:end], lookback, horizon, target=target, first_target=first)
        for end, first in (
            (split.val_start, None),
            (split.test_start, split.val_start),
            (len(scaled), split.test_start),
        )
    )
    return PreparedWindows(split, scaler, train, val, test)
