r"""Conformal prediction for forecasts: calibrate intervals on held-out errors.

Split conformal prediction (Vovk et al. 2005; Lei et al. 2018): compute a nonconformity
score (here a scaled forecast error) on each of ``n`` held-out *calibration* cases and
take the :math:`\lceil (n + 1)(1 - \alpha) \rceil`-th smallest as the half-width. If
the calibration cases and the new one are *exchangeable*, the interval covers with
probability at least :math:`1 - \alpha`. Time series are not: the classes here
calibrate *per lead time* (Stankeviciute et al. 2021), and :func:`adaptive_conformal`
(Gibbs and Candes 2021) adjusts the level online.

Shapes: calibration errors ``(N, H)`` (``N`` windows, ``H`` lead times), quantile
forecasts ``(N, H, Q)``, scales ``(N,)`` or ``(N, 1)``, positive (``None``: all 1).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from tslib._validate import (
    NotFittedError,
    as_array,
    check_float,
    check_int,
    check_quantile_levels,
)


def conformal_quantile(scores: Any, level: float, axis: int = 0) -> np.ndarray:
    r"""The finite-sample conformal quantile of ``scores`` along ``axis``.

    The :math:`k`-th smallest of the :math:`n` scores, with
    :math:`k = \lceil (n + 1) \cdot \text{level} \rceil`; ``inf`` when :math:`k > n`
    (a calibration set too small for the level).

    Args:
        scores: nonconformity scores, ``n`` along ``axis``.
        level: the target coverage ``1 - alpha`` in (0, 1).
        axis: the axis of the calibration cases.

    Returns:
        The quantile, with ``axis`` removed.

    Example:
        >>> scores = np.arange(1.0, 10.0)  # n = 9 scores 1..9
        >>> float(conformal_quantile(scores, 0.8))  # k = ceil(10 * 0.8) = 8
        8.0
    """
    s = np.sort(as_array(scores, "scores"), axis=axis)
    level = check_float(
        level, "level", low=0.0, high=1.0, low_inclusive=False, high_inclusive=False
    )
    n = s.shape[axis]
    k = math.ceil((n + 1) * level)
    if k > n:  # too few scores for the level: no finite bound
        return np.full(np.delete(s.shape, axis), np.inf)
    return np.take(s, k - 1, axis=axis)


def _check_fitted(model: Any, attribute: str, call: str) -> None:
    if not hasattr(model, attribute):
        name = type(model).__name__
        raise NotFittedError(f"this {name} is not fitted: call {call} first")


def _scale(scale: Any, n: int) -> np.ndarray:
    if scale is None:
        return np.ones((n, 1))
    s = as_array(scale, "scale").reshape(-1, 1)
    if len(s) != n:
        raise ValueError(f"expected {n} scales (one per window), got {len(s)}")
    if np.any(s <= 0):
        raise ValueError(
            f"scales must be positive, got {int(np.sum(s <= 0))} values <= 0, such as "
            f"{s[s <= 0][0]:g}"
        )
    return s


class SplitConformal:
    """Symmetric split-conformal intervals around point forecasts, per lead time.

    The score at lead time ``h`` is the absolute error over the window's scale; the
    half-width at ``h`` is the conformal quantile of the ``N`` scores at ``h``.

    Example:
        >>> y_cal = np.zeros((9, 2))
        >>> f_cal = np.arange(1.0, 10.0)[:, None] * np.array([[1.0, 2.0]])  # errors
        >>> cp = SplitConformal().fit(y_cal, f_cal)
        >>> cp.half_width(0.8)  # 8th smallest |error| at each lead time
        array([ 8., 16.])
    """

    def fit(self, y_cal: Any, forecast_cal: Any, scale: Any = None) -> SplitConformal:
        """Store the scaled absolute errors ``(N, H)`` of the calibration windows."""
        y = as_array(y_cal, "y_cal", ndim=2)
        f = as_array(forecast_cal, "forecast_cal", ndim=2)
        if y.shape != f.shape:
            raise ValueError(
                f"expected y_cal and forecast_cal of one shape (N, H), "
                f"got {y.shape} and {f.shape}"
            )
        self.scores_ = np.abs(y - f) / _scale(scale, len(y))  # -> (N, H)
        return self

    def half_width(self, level: float) -> np.ndarray:
        """Half-widths ``(H,)`` in scaled units for coverage ``level``."""
        _check_fitted(self, "scores_", "fit(y_cal, forecast_cal)")
        return conformal_quantile(self.scores_, level, axis=0)

    def interval(
        self, forecast: Any, level: float, scale: Any = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper ends ``(N, H)`` around point forecasts ``(N, H)``."""
        f = as_array(forecast, "forecast", ndim=2)
        half = self.half_width(level)
        if f.shape[1] != len(half):
            raise ValueError(
                f"expected forecast of shape (N, {len(half)}): fit saw {len(half)} "
                f"lead times, got {f.shape}"
            )
        w = half[None, :] * _scale(scale, len(f))  # -> (N, H)
        return f - w, f + w

    def quantiles(
        self, forecast: Any, levels: Sequence[float], scale: Any = None
    ) -> np.ndarray:
        """Quantile forecasts ``(N, H, Q)`` read off the symmetric intervals.

        Level ``q > 0.5`` is the upper end of the interval of coverage ``2q - 1``,
        ``q < 0.5`` the lower end of coverage ``1 - 2q``, ``q = 0.5`` the forecast.
        """
        f = as_array(forecast, "forecast", ndim=2)
        columns = [  # interval(...) is (lower, upper): index 1 above the median
            f if q == 0.5 else self.interval(f, abs(2 * q - 1), scale)[int(q > 0.5)]
            for q in check_quantile_levels(levels, "levels")
        ]
        return np.stack(columns, axis=-1)  # -> (N, H, Q)


class QuantileConformal:
    r"""Conformalised quantiles: shift each forecast quantile per lead time and level.

    For a level :math:`q \ge 0.5` the shift :math:`\delta` is the conformal quantile at
    level :math:`q` of the scaled errors :math:`(y - \hat y_q)/s`, so that
    :math:`P(y \le \hat y_q + s\,\delta) \ge q`; for :math:`q < 0.5` the mirror image
    (an asymmetric conformalised quantile regression, Romano et al. 2019). Levels too
    extreme for the calibration size get infinite shifts; shifted quantiles are sorted.

    Args:
        levels: the quantile levels ``Q`` of the forecasts' last axis, ascending.

    Example:
        >>> y_cal = np.arange(1.0, 10.0)[:, None]  # (9, 1): one lead time
        >>> q_cal = np.zeros((9, 1, 2))  # forecasts 0 at levels 0.2 and 0.8
        >>> qc = QuantileConformal([0.2, 0.8]).fit(y_cal, q_cal)
        >>> qc.shifts_  # level 0.2: 2nd smallest y; level 0.8: 8th smallest y
        array([[2., 8.]])
    """

    def __init__(self, levels: Sequence[float]) -> None:
        self.levels = np.asarray(check_quantile_levels(levels, "levels"))

    def fit(self, y_cal: Any, quantiles_cal: Any, scale: Any = None):
        """Compute the shifts ``(H, Q)`` from calibration actuals and quantiles."""
        y = as_array(y_cal, "y_cal", ndim=2)
        q = as_array(quantiles_cal, "quantiles_cal", ndim=3)
        if q.shape != (*y.shape, len(self.levels)):
            raise ValueError(
                f"expected quantiles_cal of shape {(*y.shape, len(self.levels))}, "
                f"got {q.shape}"
            )
        s = _scale(scale, len(y))[..., None]  # -> (N, 1, 1)
        errors = (y[..., None] - q) / s  # -> (N, H, Q)
        shifts = np.empty(q.shape[1:])
        for j, level in enumerate(self.levels):
            if level >= 0.5:
                shifts[:, j] = conformal_quantile(errors[..., j], level, axis=0)
            else:
                shifts[:, j] = -conformal_quantile(-errors[..., j], 1 - level, axis=0)
        self.shifts_ = shifts  # -> (H, Q)
        return self

    def transform(self, quantiles: Any, scale: Any = None) -> np.ndarray:
        """Calibrated quantiles ``(N, H, Q)``: shifted, then sorted along the levels."""
        _check_fitted(self, "shifts_", "fit(y_cal, quantiles_cal)")
        q = as_array(quantiles, "quantiles", ndim=3)
        if q.shape[1:] != self.shifts_.shape:
            raise ValueError(
                f"expected quantiles of shape (N, {self.shifts_.shape[0]}, "
                f"{self.shifts_.shape[1]}), got {q.shape}"
            )
        s = _scale(scale, len(q))[..., None]  # -> (N, 1, 1)
        return np.sort(q + s * self.shifts_[None], axis=-1)


def adaptive_conformal(
    scores: Any,
    alpha: float,
    gamma: float = 0.005,
    warmup: int = 100,
) -> dict[str, np.ndarray]:
    r"""Adaptive conformal inference (Gibbs and Candes 2021) over a stream of scores.

    At each step :math:`t` the radius is the :math:`(1 - \alpha_t)` conformal quantile
    of the scores seen so far; then
    :math:`\alpha_{t+1} = \alpha_t + \gamma(\alpha - \mathrm{err}_t)`, where
    :math:`\mathrm{err}_t = 1` if score :math:`t` exceeded its radius: the miss rate
    tends to :math:`\alpha` without any exchangeability assumption.

    Args:
        scores: nonconformity scores in time order ``(T,)`` (e.g. absolute errors).
        alpha: target miss rate, in (0, 1).
        gamma: step size of the level update.
        warmup: the first scores only fill the history (no interval yet).

    Returns:
        ``radius``, ``miss`` and ``alpha_t``, each ``(T - warmup,)``.

    Example:
        >>> rng = np.random.default_rng(0)
        >>> out = adaptive_conformal(np.abs(rng.normal(size=2000)), alpha=0.1)
        >>> round(float(out["miss"].mean()), 2)
        0.1
    """
    s = as_array(scores, "scores", ndim=1)
    alpha = check_float(
        alpha, "alpha", low=0.0, high=1.0, low_inclusive=False, high_inclusive=False
    )
    gamma = check_float(gamma, "gamma", low=0.0)
    warmup = check_int(warmup, "warmup", minimum=1)
    if not warmup < len(s):
        raise ValueError(
            f"warmup must be < len(scores) = {len(s)} (scores left to score), "
            f"got {warmup}"
        )
    alpha_t, rows = alpha, []  # (radius, miss, alpha_t) of each step
    for t in range(warmup, len(s)):
        if alpha_t >= 1:
            r = 0.0
        elif 1 - alpha_t >= 1:  # alpha_t <= 0, or too small to matter: no bound
            r = np.inf
        else:
            r = float(conformal_quantile(s[:t], 1 - alpha_t))
        err = float(s[t] > r)
        rows.append((r, err, alpha_t))
        alpha_t = alpha_t + gamma * (alpha - err)
    return dict(zip(("radius", "miss", "alpha_t"), np.array(rows).T))
