"""Classical per-series forecasts of the M3 competition: Naive2 and Theta.

Both work on one training series at a time and follow the M3 protocol
:cite:`makridakis2000m3`: test the series for seasonality (autocorrelation at the
seasonal lag, 90 % level), remove the season by classical multiplicative decomposition
if it is significant, forecast the seasonally adjusted series, and put the season back.

- :func:`naive2`: the last adjusted value, repeated (the M3 benchmark "Naive2").
- :func:`theta`: the Theta method :cite:`assimakopoulos2000theta`, in the form of
  :cite:`hyndman2003theta`: simple exponential smoothing plus half the trend's slope.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from tslib._validate import as_array, check_int, check_time_index

_ALPHAS = np.linspace(0.01, 1.0, 100)


def _series(y: Any) -> np.ndarray:
    check_time_index(y, "y")
    return as_array(y, "y", ndim=1, dtype=np.float64)


def _seasonality_test(y: Any, period: int) -> bool:
    """Whether ``y`` is seasonal at lag ``period`` (the M3 test, 90 % level)."""
    x = _series(y)
    period = check_int(period, "period", minimum=1)
    d = x - x.mean()
    denom = float(d @ d)
    if period == 1 or len(x) < 3 * period or denom == 0:  # denom 0: a constant series
        return False
    r = np.array([float(d[k:] @ d[: len(d) - k]) / denom for k in range(period + 1)])
    limit = 1.645 * np.sqrt((1 + 2 * np.sum(r[1:period] ** 2)) / len(x))
    return bool(abs(r[period]) > limit)


def _seasonal_indices(y: Any, period: int) -> np.ndarray:
    """Classical multiplicative seasonal indices ``(period,)``, averaging 1."""
    x = _series(y)
    period = check_int(period, "period", minimum=2)
    if len(x) < 2 * period:
        raise ValueError(
            f"y needs at least 2 seasons ({2 * period} values), got {len(x)}"
        )
    if np.any(x <= 0):
        raise ValueError("multiplicative decomposition needs positive values")
    weights = (
        np.r_[0.5, np.ones(period - 1), 0.5] if period % 2 == 0 else np.ones(period)
    ) / period
    trend = np.convolve(x, weights, mode="valid")  # centred: starts at len(weights)//2
    start = len(weights) // 2
    ratio = x[start : start + len(trend)] / trend
    positions = (np.arange(len(ratio)) + start) % period
    idx = np.array([ratio[positions == j].mean() for j in range(period)])
    return idx / idx.mean()


def _adjusted_forecast(y: Any, horizon: int, period: int, forecast: Any) -> np.ndarray:
    """``forecast(adjusted, horizon)`` on ``y`` adjusted (if seasonal), re-seasoned."""
    x = _series(y)
    horizon = check_int(horizon, "horizon", minimum=1)
    period = check_int(period, "period", minimum=1)
    idx = np.ones(period)
    if period > 1 and _seasonality_test(x, period):
        if np.all(x > 0):
            idx = _seasonal_indices(x, period)
        else:  # one message for all series: a loop over a panel shows it once
            warnings.warn(
                f"y is seasonal at lag {period} but holds a zero or negative value: "
                "the multiplicative seasonal adjustment was skipped, so this "
                "forecast is not seasonal; shift the series to positive values "
                "(y + c) first if the season matters",
                UserWarning,
                stacklevel=3,
            )
    adjusted = x / idx[np.arange(len(x)) % period]
    return forecast(adjusted, horizon) * idx[(len(x) + np.arange(horizon)) % period]


def naive2(y: Any, horizon: int, period: int = 1) -> np.ndarray:
    """Naive2: seasonal adjustment, then the last adjusted value, then the season again.

    Args:
        y: the training series ``(T,)``.
        horizon: steps ``H`` to forecast.
        period: seasonal period ``m`` (12 for monthly data; 1: plain naive).

    Returns:
        Forecasts ``(H,)``.

    Example:
        >>> naive2([1.0, 2.0, 3.0], horizon=2).tolist()
        [3.0, 3.0]
    """
    return _adjusted_forecast(y, horizon, period, lambda x, h: x[-1])


def _ses(y: Any) -> tuple[float, float]:
    """SES from the first value: ``(last level, alpha)``, alpha minimising the SSE."""
    x, a = _series(y), _ALPHAS
    level = np.full(len(a), x[0])
    sse = np.zeros(len(a))
    for value in x[1:]:  # all alphas at once
        error = value - level
        sse += error**2
        level = level + a * error
    best = int(np.argmin(sse))
    return float(level[best]), float(a[best])


def theta(y: Any, horizon: int, period: int = 1) -> np.ndarray:
    """The Theta method (theta = 2): SES plus half the linear trend, on adjusted data.

    On the seasonally adjusted series :math:`x`, with :math:`b_0` the slope of a
    least-squares line and :math:`\\tilde x_T` the last SES level
    :cite:`hyndman2003theta`:

    .. math:: \\hat x_{T+h} = \\tilde x_T + \\frac{b_0}{2}
              \\left(h - 1 + \\frac{1}{\\alpha} - \\frac{(1-\\alpha)^T}{\\alpha}\\right)

    Args:
        y, horizon, period: as :func:`naive2` (``y`` of at least 2 values).

    Returns:
        Forecasts ``(H,)``.

    Example:
        >>> np.round(theta(np.arange(1.0, 21.0), horizon=3), 2).tolist()
        [20.5, 21.0, 21.5]
    """

    def ses_with_drift(x: np.ndarray, horizon: int) -> np.ndarray:
        if len(x) < 2:
            raise ValueError(f"theta needs at least 2 values, got {len(x)}")
        slope = np.polyfit(np.arange(len(x)), x, 1)[0]
        level, alpha = _ses(x)
        h = np.arange(1, horizon + 1)
        return level + slope / 2 * (h - 1 + 1 / alpha - (1 - alpha) ** len(x) / alpha)

    return _adjusted_forecast(y, horizon, period, ses_with_drift)
