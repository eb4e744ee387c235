r"""Evaluation: recursive forecasts, rolling-origin backtests, per-series scores, tests.

The book has one forecaster contract: a *forecaster* has ``predict(X)``, which maps
windows ``(N, L, C_in)`` to forecasts ``(N, H, C_out)``: the networks of
:mod:`tslib.models` (:meth:`tslib.models.Forecaster.predict`), the baselines of
:mod:`tslib.baselines`. Any other network runs through :func:`tslib.training.predict`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from torch import nn

from tslib._validate import (
    as_array,
    check_int,
    check_seed,
    check_series_list,
    check_time_index,
    describe,
)
from tslib.metrics import mae, mape, mase, mase_scale, rmse, smape


def recursive_forecast(step: Any, X: Any, steps: int) -> np.ndarray:
    """Forecast ``steps`` values by feeding a one-step model its own predictions.

    The *recursive* (iterated) multi-step strategy :cite:`taieb2012review`: predict the
    next value, append it to the window, drop the oldest value, repeat.

    Args:
        step: a one-step forecaster, windows ``(N, L, C)`` to next values ``(N, 1, C)``:
            anything with ``predict(X)``, or a function of the windows. Every input
            column is fed back, so it must forecast all ``C``.
        X: windows ``(N, L, C)``; not modified.
        steps: number of values to forecast ``H`` (>= 1).

    Returns:
        Forecasts ``(N, H, C)``, float64.

    Raises:
        TypeError: a ``step`` with no ``predict`` that is no function (or a network).
        ValueError: a ``step`` output of another shape than ``(N, 1, C)``.

    Example:
        >>> add_one = lambda x: x[:, -1:, :] + 1.0  # "next = last + 1"
        >>> recursive_forecast(add_one, np.zeros((2, 3, 1)), steps=4)[0, :, 0].tolist()
        [1.0, 2.0, 3.0, 4.0]
    """
    forecast = getattr(step, "predict", step)
    if isinstance(forecast, nn.Module) or not callable(forecast):
        raise TypeError(
            "step must have predict(X) or be a function of the windows (N, L, C); "
            "wrap another network as lambda X: tslib.training.predict(network, X), "
            f"got {describe(step)}"
        )
    window = as_array(X, "X", ndim=3).copy()  # -> (N, L, C), our own copy to slide
    steps = check_int(steps, "steps", minimum=1)
    N, L, C = window.shape
    forecasts = np.empty((N, steps, C))
    for k in range(steps):
        nxt = as_array(forecast(window), "step(X)", ndim=3)
        if nxt.shape != (N, 1, C):
            raise ValueError(
                f"step must map windows {window.shape} to next values of shape "
                f"(N, 1, C) = {(N, 1, C)}, got {nxt.shape}"
            )
        forecasts[:, k : k + 1] = nxt  # -> (N, 1, C)
        window = np.concatenate([window[:, 1:], nxt], axis=1)  # -> (N, L, C): slide
    return forecasts


@dataclass
class Backtest:
    """The result of :func:`rolling_origin_backtest`, on the original scale.

    Attributes:
        origins: positions of the first forecast value, one per origin.
        horizon: forecast steps ``H``.
        period: the seasonal period ``m`` of the MASE scale.
        actual: actual values ``(n_origins, H, C)``.
        forecasts: method name -> forecasts ``(n_origins, H, C)``.
        scales: the MASE denominators ``(n_origins,)``, one per origin's history.
        scores: one row per origin and method: ``origin, method, mase, mae, rmse``.
    """

    origins: list[int]
    horizon: int
    period: int
    actual: np.ndarray
    forecasts: dict[str, np.ndarray] = field(default_factory=dict)
    scales: np.ndarray = field(default_factory=lambda: np.empty(0))
    scores: pd.DataFrame = field(default_factory=pd.DataFrame)

    def summary(self) -> pd.DataFrame:
        """Mean MASE, MAE and RMSE (of each origin) over origins, one row per method."""
        cols = ["mase", "mae", "rmse"]
        return self.scores.groupby("method", sort=False)[cols].mean().rename_axis(None)

    def error_by_lead(self) -> dict[str, np.ndarray]:
        """MASE by lead time ``(H,)`` per method; averages to :meth:`summary`'s MASE."""
        scale = self.scales.reshape(-1, 1, 1)
        return {
            name: (np.abs(self.actual - f) / scale).mean(axis=(0, 2))
            for name, f in self.forecasts.items()
        }


def rolling_origin_backtest(
    series: Any,
    forecasters: Mapping[str, Any],
    origins: Sequence[int],
    horizon: int,
    period: int = 1,
) -> Backtest:
    r"""A rolling-origin backtest :cite:`tashman2000out`: all methods, the same targets.

    At each origin :math:`o` (a position in the series), every method sees the values
    ``series[:o]`` only (what was known at the origin), as a float array ``(o, C)``,
    and forecasts the next ``horizon`` values:

    - a *forecaster* (anything with ``predict(X)``, trained before the first origin and
      working on the original scale) gets one window ``(1, L, C)``: the last
      ``forecaster.lookback`` values if it has that attribute (not ``None``), else the
      whole history; it returns ``(1, H, C)``;
    - a *function* ``(history, horizon) -> (H,) or (H, C)`` gets the history itself
      (a copy), and may refit at each origin (log, scale, train).

    Each forecast is scored against ``series[o : o + H]``: MASE, MAE and RMSE.

    Args:
        series: the whole series on its original scale, ``(T,)`` or ``(T, C)`` (array,
            Series or DataFrame), in time order.
        forecasters: name -> forecaster or function ``(history, horizon)``.
        origins: increasing positions of the first forecast value; each needs
            ``period < origin`` and ``origin + horizon <= T``.
        horizon: forecast steps ``H`` (>= 1).
        period: seasonal period ``m`` of the MASE scale (12 monthly, 24 hourly, 1 none).

    Returns:
        A :class:`Backtest`.

    Raises:
        TypeError: a method that is neither a forecaster nor a function.
        ValueError: bad origins, no forecasters, a forecast of the wrong shape.

    Example:
        >>> from tslib.baselines import SeasonalNaive
        >>> t = np.arange(40.0)
        >>> last_value = lambda history, h: np.repeat(history[-1:], h, axis=0)
        >>> bt = rolling_origin_backtest(
        ...     t, {"naive": last_value, "same": SeasonalNaive(1, 2)}, [20, 30], 2
        ... )
        >>> bt.summary().loc["naive", "mase"]  # errors 1 and 2, in-sample scale 1
        np.float64(1.5)
        >>> bt.error_by_lead()["same"].tolist()
        [1.0, 2.0]
    """
    check_time_index(series, "series")
    values = as_array(series, "series", ndim=(1, 2))
    values = values.reshape(len(values), -1)  # -> (T, C)
    T, C = values.shape
    horizon = check_int(horizon, "horizon", minimum=1)
    period = check_int(period, "period", minimum=1)
    if not isinstance(forecasters, Mapping) or not forecasters:
        raise ValueError(
            "forecasters must be a non-empty mapping name -> forecaster or function, "
            f"got {describe(forecasters)}"
        )
    origins = [check_int(o, "origin", minimum=0) for o in origins]
    if not origins:
        raise ValueError("origins must hold at least one position, got none")
    if any(b <= a for a, b in zip(origins, origins[1:])):
        raise ValueError(f"origins must be strictly increasing, got {origins}")
    if origins[0] <= period or origins[-1] + horizon > T:
        raise ValueError(
            f"origins must lie in ({period}, {T - horizon}] for period = {period}, "
            f"horizon = {horizon} and a series of {T} values, "
            f"got {origins[0]} .. {origins[-1]}"
        )

    actual = np.stack([values[o : o + horizon] for o in origins])  # (n_origins, H, C)
    scales = np.array([mase_scale(values[:o], period) for o in origins])
    forecasts, rows = {}, []
    for name, forecaster in forecasters.items():
        method = getattr(forecaster, "predict", None)
        if method is None and not callable(forecaster):
            raise TypeError(
                f"forecasters[{name!r}] must have predict(X) or be a function "
                f"(history, horizon), got {describe(forecaster)}"
            )
        label = f"forecasters[{name!r}] output"
        per_origin = []
        for i, o in enumerate(origins):
            history = values[:o].copy()
            if method is not None:  # one window (1, L, C) -> (1, H, C)
                lookback = getattr(forecaster, "lookback", None) or o
                out = as_array(method(history[None, -lookback:]), label, ndim=3)
                out = out[0] if len(out) == 1 else out
            else:
                out = as_array(forecaster(history, horizon), label, ndim=(1, 2))
            out = out.reshape(len(out), -1)  # -> (H, C)
            if out.shape != (horizon, C):
                raise ValueError(
                    f"forecasters[{name!r}] must return {horizon} values "
                    f"(shape ({horizon},) or ({horizon}, {C})), "
                    f"got shape {out.shape} at origin {o}"
                )
            per_origin.append(out)
            error = mae(actual[i], out)
            rows.append((o, name, error / scales[i], error, rmse(actual[i], out)))
        forecasts[name] = np.stack(per_origin)  # -> (n_origins, H, C)
    scores = pd.DataFrame(rows, columns=["origin", "method", "mase", "mae", "rmse"])
    return Backtest(origins, horizon, period, actual, forecasts, scales, scores)


def panel_scores(
    train: Sequence[Any], test: Sequence[Any], forecasts: Any, period: int = 1
) -> dict[str, np.ndarray]:
    """Score one forecast per series: MASE, sMAPE and MAPE of each series.

    The competition convention (M3, Tourism, Chronos): a data set's score is the mean
    over series of these per-series scores (``scores["mase"].mean()``).

    Args:
        train: the training parts (scale of MASE), ``S`` arrays.
        test: the test parts, ``S`` arrays of length ``H``.
        forecasts: ``(S, H)`` forecasts on the original scale.
        period: the seasonal period of MASE (12 for monthly data).

    Returns:
        ``{"mase": (S,), "smape": (S,), "mape": (S,)}``; MAPE is NaN for a series
        with a zero in its test period.

    Example:
        >>> s = panel_scores([np.arange(1.0, 5.0)], [np.array([5.0, 6.0])],
        ...                  np.array([[5.0, 5.0]]))
        >>> float(s["mase"][0]), float(s["smape"][0])
        (0.5, 9.090909090909092)
    """
    tr = check_series_list(train, "train")
    te = check_series_list(test, "test")
    f = as_array(forecasts, "forecasts", ndim=2)
    if not len(tr) == len(te) == len(f):
        raise ValueError(
            f"expected as many series in train ({len(tr)}), test ({len(te)}) and "
            f"forecasts ({len(f)})"
        )
    out: dict[str, list[float]] = {"mase": [], "smape": [], "mape": []}
    for y_train, y_test, y_hat in zip(tr, te, f):
        if len(y_test) != len(y_hat):
            raise ValueError(
                f"a test part has {len(y_test)} values but its forecast {len(y_hat)}"
            )
        out["mase"].append(mase(y_test, y_hat, y_train, period))
        out["smape"].append(smape(y_test, y_hat))
        out["mape"].append(mape(y_test, y_hat) if np.all(y_test != 0) else np.nan)
    return {name: np.array(values) for name, values in out.items()}


@dataclass(frozen=True)
class PairedTest:
    """What :func:`paired_test` returns: the mean loss difference ``a - b``, its tests.

    Attributes:
        mean: mean of ``errors_a - errors_b`` (positive: ``b`` has the smaller loss).
        low, high: 95 % moving-block bootstrap interval of ``mean``.
        statistic, p_value: the Diebold-Mariano statistic and its p-value.
        n: number of paired losses.
    """

    mean: float
    low: float
    high: float
    statistic: float
    p_value: float
    n: int

    def __str__(self) -> str:
        scale = max(abs(self.mean), abs(self.low), abs(self.high))
        digits = 3 if scale == 0 else max(0, 3 - math.ceil(math.log10(scale)))
        p = "p < 0.001" if self.p_value < 0.001 else f"p = {self.p_value:.3f}"
        return (
            f"{self.mean:+.{digits}f} [{self.low:+.{digits}f}, {self.high:+.{digits}f}]"
            f", DM {p}, n = {self.n}"
        )


def _t_sf(t: float, df: float) -> float:
    """Student's ``P(T > t)``: ``I_x(df / 2, 1 / 2)`` by Lentz's continued fraction."""
    if math.isinf(t * t):
        return 0.0 if t > 0 else 1.0
    if t * t == 0:
        return 0.5
    a, b, x = df / 2.0, 0.5, df / (df + t * t)
    log_beta = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    front = math.exp(log_beta + a * math.log(x) + b * math.log1p(-x))
    flip = x >= (a + 1.0) / (a + b + 2.0)  # converges fast below: use the symmetry
    if flip:
        a, b, x = b, a, 1.0 - x
    tiny, c, d = 1e-300, 1.0, 1.0 - (a + b) * x / (a + 1.0)
    h = d = 1.0 / (d if abs(d) > tiny else tiny)
    for m in range(1, 10_000):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1.0) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1.0)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < 1e-15:
            break
    ibeta = front * h / a  # I_x(a, b), or I_{1-x}(b, a) when flipped
    tail = 0.5 * (1.0 - ibeta if flip else ibeta)  # P(T > |t|)
    return tail if t >= 0 else 1.0 - tail


def paired_test(
    errors_a: Any,
    errors_b: Any,
    *,
    block: int | None = None,
    n_boot: int = 2000,
    seed: int = 0,
    horizon: int = 1,
) -> PairedTest:
    r"""Compare two methods' losses on the same targets: mean difference and tests.

    With ``d_t = a_t - b_t`` (the two methods' losses on target ``t``: per day, per
    origin, per series), ``mean`` is :math:`\bar d` (positive: ``b`` is better), and:

    - ``low``, ``high`` is a 95 % *moving-block bootstrap* interval of :math:`\bar d`
      :cite:`kunsch1989jackknife`: each resample strings together random blocks of
      ``block`` consecutive differences, which keep the dependence between neighbours.
      The default ``block`` is :math:`\max(h, \lceil n^{1/3} \rceil)`, at most ``n``;
      ``block=1`` is the ordinary bootstrap, for independent targets such as series;
    - ``statistic`` is the Diebold-Mariano statistic :cite:`diebold1995comparing`
      :math:`\bar d / \sqrt{\hat V / n}` with the Newey-West long-run variance
      :math:`\hat V = \hat\gamma_0 + 2 \sum_{k=1}^{h-1} (1 - k/h) \hat\gamma_k`
      (``h = horizon``), times the Harvey-Leybourne-Newbold correction
      :math:`\sqrt{(n + 1 - 2h + h(h-1)/n) / n}` :cite:`harvey1997testing`;
    - ``p_value``, two-sided, compares it with Student's t with ``n - 1`` degrees of
      freedom (with ``horizon=1``, the paired t test).

    Args:
        errors_a, errors_b: 1-D losses of methods ``a`` and ``b``, aligned (no NaN).
        block: block length of the bootstrap, ``1 <= block <= n`` (default above).
        n_boot, seed: number of bootstrap resamples, seed of their generator.
        horizon: forecast horizon ``h`` of the losses, ``1 <= h < n``.

    Returns:
        A :class:`PairedTest`.

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: inputs not 1-D, unequal, with NaN or < 2 values; a bad argument.

    Example:
        Differences ``1, -1, 1, 1``: mean 0.5, standard deviation 1, so the statistic
        is :math:`0.5 / (1 / \sqrt 4) = 1`, and ``P(|T_3| > 1) = 0.391``.

        >>> result = paired_test([2.0, 0.0, 2.0, 2.0], [1.0, 1.0, 1.0, 1.0])
        >>> round(result.statistic, 6), round(result.p_value, 3)
        (1.0, 0.391)
        >>> print(result)
        +0.500 [+0.000, +1.000], DM p = 0.391, n = 4
    """
    a = as_array(errors_a, "errors_a", ndim=1)
    b = as_array(errors_b, "errors_b", ndim=1)
    if len(a) != len(b):
        raise ValueError(
            "errors_a and errors_b must have the same length (one loss per target, "
            f"aligned), got {len(a)} and {len(b)}"
        )
    n = len(a)
    if n < 2:
        raise ValueError(f"errors_a and errors_b need at least 2 values, got {n}")
    horizon = check_int(horizon, "horizon", minimum=1)
    if horizon >= n:
        raise ValueError(
            f"horizon must be < n = {n} (the number of losses), got {horizon}"
        )
    if block is None:
        block = min(n, max(horizon, math.ceil(n ** (1 / 3))))
    block = check_int(block, "block", minimum=1)
    if block > n:
        raise ValueError(
            f"block must be <= n = {n} (the number of losses), got {block}"
        )
    n_boot = check_int(n_boot, "n_boot", minimum=1)
    seed = check_seed(seed)

    d = a - b
    mean = float(d.mean())
    # Moving-block bootstrap: ceil(n / block) blocks per resample, cut to n values.
    rng = np.random.default_rng(seed)
    starts = rng.integers(0, n - block + 1, size=(n_boot, -(-n // block)))
    index = (starts[:, :, None] + np.arange(block)).reshape(n_boot, -1)[:, :n]
    low, high = np.percentile(d[index].mean(axis=1), [2.5, 97.5])
    if np.ptp(d) == 0:  # a constant difference: exactly its value, no sampling noise
        low = high = mean

    centred = d - mean
    variance = float(centred @ centred) / n
    for k in range(1, horizon):
        variance += 2 * (1 - k / horizon) * float(centred[k:] @ centred[:-k]) / n
    correction = math.sqrt((n + 1 - 2 * horizon + horizon * (horizon - 1) / n) / n)
    if variance > 0:
        statistic = mean / math.sqrt(variance / n) * correction
    else:  # a constant difference: no sampling variance at all
        statistic = 0.0 if mean == 0 else math.copysign(math.inf, mean)
    upper = _t_sf(statistic, n - 1)
    p_value = min(1.0, 2 * min(upper, 1 - upper))
    return PairedTest(mean, float(low), float(high), statistic, float(p_value), n)


def holm(p_values: Any) -> np.ndarray:
    """Holm-Bonferroni adjusted p-values, in the order given :cite:`holm1979simple`.

    Of ``m`` p-values, the ``i``-th smallest is multiplied by ``m - i + 1`` (then made
    monotone, capped at 1): rejecting below ``alpha`` keeps the chance of any false
    rejection below ``alpha``.

    Args:
        p_values: 1-D p-values in ``[0, 1]``.

    Returns:
        The adjusted p-values, a NumPy array in the order of ``p_values``.

    Raises:
        ValueError: ``p_values`` not 1-D, empty, with NaN or outside ``[0, 1]``.

    Example:
        >>> holm([0.01, 0.04, 0.03]).tolist()
        [0.03, 0.06, 0.06]
    """
    p = as_array(p_values, "p_values", ndim=1)
    if np.any((p < 0) | (p > 1)):
        raise ValueError(f"p_values must lie in [0, 1], got {p.tolist()}")
    m = len(p)
    order = np.argsort(p, kind="stable")
    adjusted = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * p[order]))
    return adjusted[np.argsort(order)]  # back to the order given
