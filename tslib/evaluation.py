r"""Evaluation over time: recursive multi-step forecasts and rolling-origin backtests.

One train/test split gives one number from one forecast origin, and rankings of methods change
with the origin. A *rolling-origin* backtest :cite:`tashman2000out` forecasts from several
origins :math:`o_1 < o_2 < \dots`: from each, a method sees the series before the origin only,
forecasts the next ``H`` values, and is scored against them. Its mean over origins, and its
error by lead time (steps ahead), say much more than a single split.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tslib._checks import as_array, check_int, describe
from tslib.metrics import mae, mase_scale, smape

StepFn = Callable[[np.ndarray], Any]
ForecastFn = Callable[[np.ndarray, int], Any]


def recursive_forecast(step: StepFn, X: Any, steps: int) -> np.ndarray:
    """Forecast ``steps`` values by feeding a one-step model its own predictions.

    The *recursive* (iterated) multi-step strategy :cite:`taieb2012review`: predict the next
    value, append it to the window, drop the oldest value, repeat. Errors compound, since
    later steps read earlier forecasts as if they were observations.

    Args:
        step: maps windows ``(N, L, C)`` to next values ``(N, 1, C)``, e.g.
            ``lambda x: predict(model, x)`` or ``LinearAR().fit(X, y).predict``. Every input
            column is fed back, so the model must forecast all ``C`` of them.
        X: windows ``(N, L, C)``; not modified.
        steps: number of values to forecast ``H`` (>= 1).

    Returns:
        Forecasts ``(N, H, C)``, float64.

    Raises:
        ValueError: if ``step`` returns another shape than ``(N, 1, C)``.

    Shape:
        - ``X``: ``(N, L, C)``
        - Output: ``(N, H, C)``

    Example:
        >>> add_one = lambda x: x[:, -1:, :] + 1.0  # "next = last + 1"
        >>> recursive_forecast(add_one, np.zeros((2, 3, 1)), steps=4)[0, :, 0].tolist()
        [1.0, 2.0, 3.0, 4.0]
    """
    if not callable(step):
        raise TypeError(
            f"step must be a function from windows (N, L, C) to (N, 1, C), got {describe(step)}"
        )
    window = as_array(X, "X", ndim=3).copy()  # -> (N, L, C), our own copy to slide
    steps = check_int(steps, "steps", minimum=1)
    N, L, C = window.shape
    forecasts = np.empty((N, steps, C))
    for k in range(steps):
        nxt = as_array(step(window), "step(X)", ndim=3)
        if nxt.shape != (N, 1, C):
            raise ValueError(
                f"step must map windows {window.shape} to next values of shape "
                f"(N, 1, C) = {(N, 1, C)}, got {nxt.shape}"
            )
        forecasts[:, k : k + 1] = nxt  # -> (N, 1, C)
        window = np.concatenate(
            [window[:, 1:], nxt], axis=1
        )  # -> (N, L, C): slide by one step
    return forecasts


@dataclass
class Backtest:
    """The result of :func:`rolling_origin_backtest`, on the original scale of the series.

    Attributes:
        origins: positions of the first forecast value, one per origin.
        horizon: forecast steps ``H``.
        season: the seasonal period ``m`` of the MASE scale.
        actual: actual values ``(n_origins, H, C)``.
        forecasts: method name -> forecasts ``(n_origins, H, C)``.
        scales: in-sample seasonal-naive MAE of the history before each origin ``(n_origins,)``
            (the MASE denominators).
        scores: one row per origin and method, columns ``origin, method, mase, smape``.
    """

    origins: list[int]
    horizon: int
    season: int
    actual: np.ndarray
    forecasts: dict[str, np.ndarray] = field(default_factory=dict)
    scales: np.ndarray = field(default_factory=lambda: np.empty(0))
    scores: pd.DataFrame = field(default_factory=pd.DataFrame)

    def summary(self) -> pd.DataFrame:
        """Mean MASE and sMAPE over origins, one row per method (in the order given)."""
        table = self.scores.groupby("method", sort=False)[["mase", "smape"]].mean()
        table.index.name = None
        return table

    def error_by_lead(self) -> dict[str, np.ndarray]:
        """Scaled absolute error by lead time: method -> ``(H,)``, mean over origins and columns.

        Entry ``h - 1`` is the MASE of the ``h``-step-ahead forecasts alone; the mean over
        ``h`` equals the method's mean MASE of :meth:`summary`.
        """
        scale = self.scales.reshape(-1, 1, 1)
        return {
            name: (np.abs(self.actual - f) / scale).mean(axis=(0, 2))
            for name, f in self.forecasts.items()
        }


def rolling_origin_backtest(
    series: Any,
    forecasters: Mapping[str, ForecastFn],
    origins: Sequence[int],
    horizon: int,
    season: int = 1,
) -> Backtest:
    r"""Forecast from several origins and score every method on the same targets.

    For each origin :math:`o` (a position in the series), each method is called as
    ``forecaster(history, horizon)`` with ``history`` the values ``series[:o]`` as a float
    array of shape ``(o, C)`` (a copy: what was known at the origin), and must return the next
    ``horizon`` values, ``(H,)`` or ``(H, C)``. It
    is scored against ``series[o : o + H]`` with MASE (scaled by the seasonal-naive error of
    that history, lag ``season``) and sMAPE. Whether a method refits at each origin or
    reuses weights trained before the first origin is up to the forecaster function.

    Args:
        series: the whole series on its original scale, ``(T,)`` or ``(T, C)`` (array,
            Series or DataFrame), in time order.
        forecasters: name -> ``forecaster(history, horizon)``.
        origins: increasing positions of the first forecast value; each needs
            ``season < origin`` and ``origin + horizon <= T``.
        horizon: forecast steps ``H`` (>= 1).
        season: seasonal period ``m`` of the MASE scale (12 monthly, 24 hourly, 1 none).

    Returns:
        A :class:`Backtest`: forecasts, per-origin scores, :meth:`~Backtest.summary` and
        :meth:`~Backtest.error_by_lead`.

    Raises:
        ValueError: for origins out of range or not increasing, no forecasters, or a
            forecaster returning the wrong shape.

    Example:
        >>> t = np.arange(40.0)
        >>> last_value = lambda history, h: np.repeat(history[-1:], h, axis=0)
        >>> bt = rolling_origin_backtest(t, {"naive": last_value}, origins=[20, 30], horizon=2)
        >>> bt.summary().loc["naive", "mase"]  # errors 1 and 2 over an in-sample scale of 1
        np.float64(1.5)
        >>> bt.error_by_lead()["naive"].tolist()
        [1.0, 2.0]
    """
    values = as_array(series, "series", ndim=(1, 2))
    values = values.reshape(len(values), -1)  # -> (T, C)
    T, C = values.shape
    horizon = check_int(horizon, "horizon", minimum=1)
    season = check_int(season, "season", minimum=1)
    if not isinstance(forecasters, Mapping) or not forecasters:
        raise ValueError(
            f"forecasters must be a non-empty mapping name -> function, got {describe(forecasters)}"
        )
    origins = [check_int(o, "origin", minimum=0) for o in origins]
    if not origins:
        raise ValueError("origins must hold at least one position, got none")
    if any(b <= a for a, b in zip(origins, origins[1:])):
        raise ValueError(f"origins must be strictly increasing, got {origins}")
    if origins[0] <= season or origins[-1] + horizon > T:
        raise ValueError(
            f"origins must lie in ({season}, {T - horizon}] for season = {season}, "
            f"horizon = {horizon} and a series of {T} values, got {origins[0]} .. {origins[-1]}"
        )

    actual = np.stack(
        [values[o : o + horizon] for o in origins]
    )  # -> (n_origins, H, C)
    scales = np.array([mase_scale(values[:o], season) for o in origins])
    forecasts, rows = {}, []
    for name, forecaster in forecasters.items():
        if not callable(forecaster):
            raise TypeError(
                f"forecasters[{name!r}] must be a function (history, horizon), got {describe(forecaster)}"
            )
        per_origin = []
        for i, o in enumerate(origins):
            out = as_array(
                forecaster(values[:o].copy(), horizon),
                f"forecasters[{name!r}] output",
                ndim=(1, 2),
            )
            out = out.reshape(len(out), -1)  # -> (H, C)
            if out.shape != (horizon, C):
                raise ValueError(
                    f"forecasters[{name!r}] must return {horizon} values "
                    f"(shape ({horizon},) or ({horizon}, {C})), got shape {out.shape} at origin {o}"
                )
            per_origin.append(out)
            rows.append(
                {
                    "origin": o,
                    "method": name,
                    "mase": mae(actual[i], out) / scales[i],
                    "smape": smape(actual[i], out),
                }
            )
        forecasts[name] = np.stack(per_origin)  # -> (n_origins, H, C)
    return Backtest(
        origins=origins,
        horizon=horizon,
        season=season,
        actual=actual,
        forecasts=forecasts,
        scales=scales,
        scores=pd.DataFrame(rows),
    )
