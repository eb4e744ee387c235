r"""Forecast and classification metrics, on NumPy arrays (or anything array-like).

Values are compared by position (shapes must match); two pandas objects must carry
the same index and columns in the same order, or the metric raises.

Report forecast errors on the *original* scale (inverse-transform first). Symbols:
:math:`y_t` the actual value, :math:`\hat y_t` the forecast, :math:`n` the number of
values compared.

Probabilistic forecasts (Chapter 7): :math:`\hat y_q` the forecast :math:`q`-quantile,
:math:`[\ell, u]` a prediction interval, :math:`\rho_q(e) = \max(q e, (q - 1) e)` the
pinball loss of the error :math:`e = y - \hat y_q`. Quantile forecasts carry the levels
on their *last* axis: actuals ``(...)`` go with quantiles ``(..., Q)`` (e.g. ``(N, H)``
and ``(N, H, Q)``), and with samples ``(..., S)``. The argument ``quantiles`` gives the
``Q`` levels, strictly increasing in (0, 1), in the order of that axis (unsorted or
repeated levels raise, as does an interval's upper end below its lower end).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from tslib._validate import (
    as_array,
    check_aligned,
    check_float,
    check_int,
    check_interval,
    check_labels,
    check_quantile_levels,
    check_same_length,
    check_same_shape,
    check_time_index,
)


def _pair(y_true: Any, y_pred: Any) -> tuple[np.ndarray, np.ndarray]:
    check_aligned(y_true, y_pred, "y_true", "y_pred")
    a, b = as_array(y_true, "y_true"), as_array(y_pred, "y_pred")
    check_same_shape(a, b, "y_true", "y_pred")
    return a, b


def mae(y_true: Any, y_pred: Any) -> float:
    r"""Mean absolute error, :math:`\frac1n \sum |y_t - \hat y_t|`, in data units.

    Example:
        >>> mae([1.0, 2.0, 3.0], [2.0, 2.0, 1.0])
        1.0
    """
    a, b = _pair(y_true, y_pred)
    return float(np.mean(np.abs(a - b)))


def rmse(y_true: Any, y_pred: Any) -> float:
    r"""Root mean squared error, :math:`\sqrt{\frac1n \sum (y_t - \hat y_t)^2}`.

    Example:
        >>> rmse([0.0, 0.0], [3.0, 4.0])  # sqrt((9 + 16) / 2)
        3.5355339059327378
    """
    a, b = _pair(y_true, y_pred)
    return float(np.sqrt(np.mean((a - b) ** 2)))


def mape(y_true: Any, y_pred: Any) -> float:
    r"""Mean absolute percentage error in percent.

    :math:`\frac{100}{n} \sum |y_t - \hat y_t| / |y_t|`; misleading near 0 (a sine
    wave, degrees C): prefer MAE or MASE there.

    Raises:
        ValueError: if any actual value is 0.

    Example:
        >>> mape([100.0, 200.0], [110.0, 180.0])
        10.0
    """
    a, b = _pair(y_true, y_pred)
    if np.any(a == 0):
        raise ValueError(
            "mape is undefined when y_true contains 0 "
            f"(got {int(np.sum(a == 0))} zeros); use mae or mase"
        )
    return float(100.0 * np.mean(np.abs((a - b) / a)))


def smape(y_true: Any, y_pred: Any) -> float:
    r"""Symmetric MAPE in percent (0 to 200).

    :math:`\frac{100}{n}\sum \frac{2|y_t-\hat y_t|}{|y_t|+|\hat y_t|}`; terms where
    both values are 0 count as 0 error.

    Example:
        >>> round(smape([100.0], [110.0]), 4)
        9.5238
    """
    a, b = _pair(y_true, y_pred)
    denom = np.abs(a) + np.abs(b)
    ratio = np.divide(
        2.0 * np.abs(a - b), denom, out=np.zeros_like(denom), where=denom > 0
    )
    return float(100.0 * np.mean(ratio))


def mase(y_true: Any, y_pred: Any, y_train: Any, period: int = 1) -> float:
    r"""Mean absolute scaled error :cite:`hyndman2006another`.

    The MAE over :func:`mase_scale`, the seasonal naive in-sample MAE: below 1 is
    better than the naive method was in-sample; comparable across series and scales.

    Args:
        y_true, y_pred: actual values and forecasts, of one shape (any).
        y_train: the training series ``(T,)`` (or ``(T, C)``: one scale over all
            columns).
        period: seasonal period ``m`` (1 = the non-seasonal naive forecast).

    Raises:
        ValueError: as :func:`mase_scale`.

    Example:
        >>> mase([3.0, 4.0], [3.5, 4.0], y_train=[1.0, 2.0, 3.0])  # 0.25 / 1
        0.25
    """
    return mae(y_true, y_pred) / mase_scale(y_train, period)


def mase_scale(y_train: Any, period: int = 1) -> float:
    r"""The denominator of :func:`mase`: the seasonal naive in-sample MAE.

    :math:`\frac{1}{T-m} \sum_{t=m+1}^{T} |y_t - y_{t-m}|` over the training series.

    Raises:
        ValueError: ``y_train`` no longer than ``period``, or constant at lag ``m``.

    Example:
        >>> mase_scale([1.0, 3.0, 2.0], period=1)  # (2 + 1) / 2
        1.5
    """
    period = check_int(period, "period", minimum=1)
    check_time_index(y_train, "y_train")
    train = as_array(y_train, "y_train", ndim=(1, 2))
    if len(train) <= period:
        raise ValueError(
            f"y_train must have more than period = {period} values, got {len(train)}"
        )
    scale = float(np.mean(np.abs(train[period:] - train[:-period])))
    if scale == 0:
        raise ValueError(
            f"the seasonal naive error of y_train at lag {period} is 0: "
            "MASE is undefined"
        )
    return scale


def _labels(y_true: Any, y_pred: Any) -> tuple[np.ndarray, np.ndarray]:
    a, b = check_labels(y_true, "y_true"), check_labels(y_pred, "y_pred")
    check_same_shape(a, b, "y_true", "y_pred")
    return a, b


def accuracy(y_true: Any, y_pred: Any) -> float:
    """Fraction of labels predicted correctly, in ``[0, 1]``.

    Example:
        >>> accuracy([0, 1, 1, 2], [0, 1, 0, 2])
        0.75
    """
    a, b = _labels(y_true, y_pred)
    return float(np.mean(a == b))


def logits_accuracy(y_true: Any, logits: Any) -> float:
    """Accuracy of a classifier's logits: the predicted class is the argmax.

    A ready-made metric for :func:`tslib.training.fit`:
    ``fit(..., loss_fn=nn.CrossEntropyLoss(), metrics={"accuracy": logits_accuracy})``.

    Args:
        y_true: ``(N,)`` integer labels in ``0..K-1``.
        logits: ``(N, K)`` class scores (array or tensor).

    Returns:
        The fraction of correct predictions, in ``[0, 1]``.

    Example:
        >>> logits = [[2.0, 0.1], [0.3, 0.9], [1.0, 0.0], [0.0, 1.0]]
        >>> logits_accuracy([0, 1, 1, 1], logits)
        0.75
    """
    scores = as_array(logits, "logits", ndim=2)
    labels = check_labels(y_true, "y_true")
    check_same_length(labels, scores, "y_true", "logits")
    K = scores.shape[1]
    if labels.min() < 0 or labels.max() >= K:  # a label the logits cannot name
        raise ValueError(
            f"y_true must hold labels 0..{K - 1} for logits of K = {K} classes, got "
            f"labels from {labels.min()} to {labels.max()}"
        )
    return accuracy(labels, scores.argmax(axis=1))


def confusion_matrix(
    y_true: Any, y_pred: Any, n_classes: int | None = None
) -> np.ndarray:
    """Count matrix ``(K, K)``: row = true class, column = predicted class.

    Args:
        y_true, y_pred: integer labels ``(N,)`` in ``0..K-1``.
        n_classes: ``K``; default ``max(label) + 1``.

    Example:
        >>> confusion_matrix([0, 1, 1, 2], [0, 1, 0, 2]).tolist()
        [[1, 0, 0], [1, 1, 0], [0, 0, 1]]
    """
    a, b = _labels(y_true, y_pred)
    if a.min() < 0 or b.min() < 0:
        raise ValueError("class labels must be >= 0")
    k = int(max(a.max(), b.max())) + 1
    if n_classes is not None:
        n_classes = check_int(n_classes, "n_classes", minimum=1)
        if n_classes < k:
            raise ValueError(f"n_classes = {n_classes} but labels go up to {k - 1}")
        k = n_classes
    cm = np.zeros((k, k), dtype=np.int64)
    np.add.at(cm, (a, b), 1)
    return cm


# ---- probabilistic forecasts: quantiles, intervals, samples (Chapter 7) ----


def _with_last_axis(y_true: Any, y_other: Any, name: str) -> tuple[np.ndarray, ...]:
    check_aligned(y_true, y_other, "y_true", name)
    y, other = as_array(y_true, "y_true"), as_array(y_other, name)
    if other.shape[:-1] != y.shape:
        raise ValueError(
            f"{name} must have the shape of y_true plus a last axis, "
            f"got y_true {y.shape} and {name} {other.shape}"
        )
    return y, other


def _pinball(y_true: Any, y_quantiles: Any, quantiles: Sequence[float]) -> np.ndarray:
    """Pinball losses ``(..., Q)`` of quantile forecasts ``(..., Q)``."""
    y, q = _with_last_axis(y_true, y_quantiles, "y_quantiles")
    levels = np.asarray(check_quantile_levels(quantiles, "quantiles", n=q.shape[-1]))
    e = y[..., None] - q
    return np.maximum(levels * e, (levels - 1) * e)


def pinball_loss(y_true: Any, y_quantiles: Any, quantiles: Sequence[float]) -> float:
    r"""Mean pinball loss over all values and quantile levels.

    :math:`\frac{1}{nQ} \sum_{t} \sum_q \rho_q(y_t - \hat y_{q,t})`.

    Args:
        y_true: actuals ``(...)``.
        y_quantiles: quantile forecasts ``(..., Q)``.
        quantiles: the ``Q`` levels of the last axis.

    Example:
        >>> # y = 10; q0.1 = 8 (error 2: 0.1 * 2 = 0.2); q0.9 = 11 (error -1: 0.1 * 1)
        >>> round(pinball_loss([10.0], [[8.0, 11.0]], [0.1, 0.9]), 6)  # (0.2 + 0.1) / 2
        0.15
    """
    return float(np.mean(_pinball(y_true, y_quantiles, quantiles)))


def wql(y_true: Any, y_quantiles: Any, quantiles: Sequence[float]) -> float:
    r"""Weighted quantile loss, as Chronos and GluonTS report it.

    :math:`\frac{1}{Q} \sum_q \frac{2 \sum_t \rho_q(y_t - \hat y_{q,t})}{\sum_t |y_t|}`
    (GluonTS ``MeanWeightedSumQuantileLoss``): scale-free across data sets, but within
    one data set the large series weigh most.

    Args:
        y_true, y_quantiles, quantiles: as :func:`pinball_loss`.

    Raises:
        ValueError: if the actuals sum to zero in absolute value.

    Example:
        >>> # pinball sums: level 0.1: 0.2, level 0.9: 0.1; sum |y| = 10
        >>> # (2 * 0.2 / 10 + 2 * 0.1 / 10) / 2
        >>> round(wql([10.0], [[8.0, 11.0]], [0.1, 0.9]), 6)
        0.03
    """
    loss = _pinball(y_true, y_quantiles, quantiles)
    denominator = np.abs(as_array(y_true, "y_true")).sum()
    if denominator == 0:
        raise ValueError("the actuals sum to 0 in absolute value: WQL is undefined")
    per_level = 2 * loss.reshape(-1, loss.shape[-1]).sum(axis=0) / denominator
    return float(per_level.mean())


def _interval(y_true: Any, lower: Any, upper: Any, ndim: int | None = None) -> tuple:
    y = as_array(y_true, "y_true", ndim=ndim)
    lo, hi = as_array(lower, "lower", ndim=ndim), as_array(upper, "upper", ndim=ndim)
    check_same_shape(y, lo, "y_true", "lower")
    check_same_shape(y, hi, "y_true", "upper")
    check_interval(lo, hi)
    return y, lo, hi


def coverage(y_true: Any, lower: Any, upper: Any) -> float:
    """Fraction of actuals inside their interval ``[lower, upper]`` (ends included).

    Example:
        >>> coverage([1.0, 5.0, 3.0, 2.0], [0.0, 0.0, 3.0, 2.5], [2.0, 4.0, 4.0, 3.0])
        0.5
    """
    for name, ends in (("lower", lower), ("upper", upper)):
        check_aligned(y_true, ends, "y_true", name)
    y, lo, hi = _interval(y_true, lower, upper)
    return float(np.mean((y >= lo) & (y <= hi)))


def interval_width(lower: Any, upper: Any) -> float:
    """Mean width ``upper - lower`` of prediction intervals, in the units of the data.

    Example:
        >>> interval_width([0.0, 1.0], [2.0, 5.0])  # (2 + 4) / 2
        3.0
    """
    lo, hi = as_array(lower, "lower"), as_array(upper, "upper")
    check_same_shape(lo, hi, "lower", "upper")
    check_interval(lo, hi)
    return float(np.mean(hi - lo))


def msis(
    y_true: Any,
    lower: Any,
    upper: Any,
    y_train: Any,
    period: int = 1,
    alpha: float = 0.05,
) -> float:
    r"""Mean scaled interval score of one series, as the M4 competition defined it.

    :math:`\frac{1}{H}\sum_t \big[(u_t - \ell_t) + \frac{2}{\alpha}(\ell_t - y_t)
    \mathbb 1\{y_t < \ell_t\} + \frac{2}{\alpha}(y_t - u_t) \mathbb 1\{y_t > u_t\}\big]`
    divided by the in-sample seasonal naive MAE (:func:`mase_scale`): a narrow interval
    is rewarded, every miss penalised by :math:`2/\alpha` times its distance.

    Args:
        y_true, lower, upper: actuals and interval ends of the forecast period ``(H,)``.
        y_train: the training series, for the scale.
        period: the seasonal period ``m`` of the scale.
        alpha: one minus the nominal coverage.

    Example:
        >>> # widths 2 + 2; y = 5 misses u = 4 by 1: 2 / 0.5 * 1 = 4; scale |3 - 1| = 2
        >>> msis([2.0, 5.0], [1.0, 2.0], [3.0, 4.0], [1.0, 3.0], alpha=0.5)  # 8 / 2 / 2
        2.0
    """
    y, lo, hi = _interval(y_true, lower, upper, ndim=1)
    alpha = check_float(
        alpha, "alpha", low=0.0, high=1.0, low_inclusive=False, high_inclusive=False
    )
    score = (
        (hi - lo) + 2 / alpha * (lo - y) * (y < lo) + 2 / alpha * (y - hi) * (y > hi)
    )
    return float(score.mean() / mase_scale(y_train, period=period))


def crps_samples(y_true: Any, samples: Any) -> float:
    r"""Continuous ranked probability score from samples, averaged over values.

    :math:`\mathrm{CRPS}(F, y) = \mathbb E|X - y| - \tfrac12 \mathbb E|X - X'|`
    with :math:`X, X'` independent draws of the forecast :math:`F`, estimated from the
    ``S`` samples (all pairs); in the units of the data (one sample: the MAE).

    Args:
        y_true: actuals ``(...)``.
        samples: forecast samples ``(..., S)``.

    Example:
        >>> # samples 0 and 2, y = 1: E|X - y| = 1; E|X - X'| = (0 + 2 + 2 + 0) / 4 = 1
        >>> crps_samples([1.0], [[0.0, 2.0]])  # 1 - 1 / 2
        0.5
    """
    y, x = _with_last_axis(y_true, samples, "samples")
    S = x.shape[-1]
    term1 = np.abs(x - y[..., None]).mean(axis=-1)
    # E|X - X'| from sorted samples: (2 / S^2) * sum_i (2i - S - 1) x_(i), i = 1..S
    x_sorted = np.sort(x, axis=-1)
    weights = 2 * np.arange(1, S + 1) - S - 1
    term2 = 2 * (x_sorted * weights).sum(axis=-1) / S**2
    return float(np.mean(term1 - 0.5 * term2))


def quantile_coverage(
    y_true: Any, y_quantiles: Any, quantiles: Sequence[float]
) -> np.ndarray:
    """Observed fraction of actuals at or below each forecast quantile, ``(Q,)``.

    For calibrated forecasts it equals the levels (a reliability diagram's points).

    Example:
        >>> quantile_coverage([1.0, 2.0, 3.0, 4.0], [[2.0, 3.5]] * 4, [0.25, 0.75])
        array([0.5 , 0.75])
    """
    y, q = _with_last_axis(y_true, y_quantiles, "y_quantiles")
    check_quantile_levels(quantiles, "quantiles", n=q.shape[-1])
    return (y[..., None] <= q).reshape(-1, q.shape[-1]).mean(axis=0)


def samples_to_quantiles(samples: Any, quantiles: Sequence[float]) -> np.ndarray:
    """Empirical quantiles of samples ``(..., S)`` at the levels, ``(..., Q)``.

    Example:
        >>> samples_to_quantiles([[0.0, 1.0, 2.0, 3.0, 4.0]], [0.25, 0.5])
        array([[1., 2.]])
    """
    x = as_array(samples, "samples", ndim=tuple(range(1, 33)))  # (..., S)
    levels = check_quantile_levels(quantiles, "quantiles")
    return np.moveaxis(np.quantile(x, levels, axis=-1), 0, -1)
