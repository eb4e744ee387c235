r"""Forecast and classification metrics, on NumPy arrays (or anything array-like).

Report forecast errors on the *original* scale (inverse-transform first): an error of
0.05 in standardised units means nothing to a reader; 1.3 degrees C does.

Symbols: :math:`y_t` the actual value, :math:`\hat y_t` the forecast, :math:`n` the
number of values compared.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tslib._checks import as_array, check_int, check_same_length, check_same_shape


def _pair(y_true: Any, y_pred: Any) -> tuple[np.ndarray, np.ndarray]:
    a = as_array(y_true, "y_true")
    b = as_array(y_pred, "y_pred")
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

    :math:`\frac{100}{n} \sum |y_t - \hat y_t| / |y_t|`.

    Undefined when an actual value is 0, and misleading near 0 (a sine wave, a
    temperature in degrees C): prefer MAE or MASE there.

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

    :math:`\frac{100}{n}\sum \frac{2|y_t-\hat y_t|}{|y_t|+|\hat y_t|}`.

    Terms where both values are 0 count as 0 error.

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


def mase(y_true: Any, y_pred: Any, y_train: Any, season: int = 1) -> float:
    r"""Mean absolute scaled error :cite:`hyndman2006another`.

    The forecast MAE divided by the in-sample MAE of the seasonal naive forecast on the
    training series:

    .. math:: \mathrm{MASE} = \frac{\frac1n \sum |y_t - \hat y_t|}
              {\frac{1}{T-m} \sum_{t=m+1}^{T} |y_t - y_{t-m}|}

    where :math:`m` is ``season`` and the denominator runs over the training series.
    Below 1: better than the naive method was in-sample; comparable across series and
    scales.

    Args:
        y_true: actual values (any shape).
        y_pred: forecasts, same shape.
        y_train: the training series ``(T,)`` (or ``(T, C)``: one scale over all
            columns).
        season: seasonal period ``m`` (1 = the non-seasonal naive forecast).

    Raises:
        ValueError: if ``y_train`` has no more than ``season`` values, or is constant at
            lag ``m``.

    Example:
        >>> mase([3.0, 4.0], [3.5, 4.0], y_train=[1.0, 2.0, 3.0])  # 0.25 / 1
        0.25
    """
    a, b = _pair(y_true, y_pred)
    return float(np.mean(np.abs(a - b)) / mase_scale(y_train, season))


def mase_scale(y_train: Any, season: int = 1) -> float:
    r"""The denominator of :func:`mase`: the seasonal naive in-sample MAE.

    :math:`\frac{1}{T-m} \sum_{t=m+1}^{T} |y_t - y_{t-m}|` over the training series.

    Raises:
        ValueError: if ``y_train`` has no more than ``season`` values, or is constant at
            lag ``m``.

    Example:
        >>> mase_scale([1.0, 3.0, 2.0], season=1)  # (2 + 1) / 2
        1.5
    """
    season = check_int(season, "season", minimum=1)
    train = as_array(y_train, "y_train", ndim=(1, 2))
    if len(train) <= season:
        raise ValueError(
            f"y_train must have more than season = {season} values, got {len(train)}"
        )
    scale = float(np.mean(np.abs(train[season:] - train[:-season])))
    if scale == 0:
        raise ValueError(
            f"the seasonal naive error of y_train at lag {season} is 0: "
            "MASE is undefined"
        )
    return scale


def _labels(y_true: Any, y_pred: Any) -> tuple[np.ndarray, np.ndarray]:
    a = as_array(y_true, "y_true", ndim=1, dtype=None)
    b = as_array(y_pred, "y_pred", ndim=1, dtype=None)
    check_same_shape(a, b, "y_true", "y_pred")
    for name, arr in (("y_true", a), ("y_pred", b)):
        if not np.issubdtype(arr.dtype, np.integer):
            raise TypeError(
                f"{name} must hold integer class labels, got dtype {arr.dtype}"
            )
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
    labels = as_array(y_true, "y_true", ndim=1, dtype=None)
    check_same_length(labels, scores, "y_true", "logits")
    return accuracy(labels, scores.argmax(axis=1))


def confusion_matrix(
    y_true: Any, y_pred: Any, n_classes: int | None = None
) -> np.ndarray:
    """Count matrix ``(K, K)``: row = true class, column = predicted class.

    Args:
        y_true: integer labels ``(N,)`` in ``0..K-1``.
        y_pred: integer labels ``(N,)``.
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
