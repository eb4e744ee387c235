"""Baselines every neural result is compared with.

Forecast baselines follow the book's one forecaster contract (:mod:`tslib.evaluation`),
so a baseline and a network are scored on exactly the same targets. ``target`` picks the
input column(s) being forecast (default: all of them). A rule is a function
(``seasonal_naive(X, period, horizon)``) and a forecaster that remembers its settings
(``SeasonalNaive(period, horizon)``); :class:`LinearAR` is fitted (``fit``/``predict``).
Classification baselines follow the scikit-learn ``fit``/``predict`` contract.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from tslib._validate import (
    NotFittedError,
    as_array,
    check_float,
    check_int,
    check_labels,
    check_quantile_levels,
    check_same_length,
    column_indices,
)


def _windows(X: Any, target: int | Sequence[int] | None) -> np.ndarray:
    x = as_array(X, "X", ndim=3)
    if target is None:
        return x
    return x[:, :, column_indices(target, x.shape[2])]


def _fitted_input(model: Any, X: Any, fitted: str, what: str = "windows", **kw: Any):
    """``X`` as ``(N, L, C)`` for a fitted ``model`` (one with attribute ``fitted``)."""
    if not hasattr(model, fitted):
        raise NotFittedError(
            f"this {type(model).__name__} is not fitted yet: "
            "call fit(X_train, y_train) first"
        )
    x = as_array(X, "X", ndim=3, **kw)
    shape = getattr(model, "input_shape_", x.shape[1:])
    if x.shape[1:] != shape:
        raise ValueError(
            f"expected {what} of shape (N, {shape[0]}, {shape[1]}), got {x.shape}"
        )
    return x


def _training_input(X: Any, y: Any, **kw: Any) -> tuple[np.ndarray, np.ndarray]:
    """Training inputs ``(N, L, C)`` and their integer class labels ``(N,)``."""
    x = as_array(X, "X", ndim=3, **kw)
    labels = check_labels(y, "y")  # 0.2 is no class 0, NaN no class at all
    check_same_length(x, labels, "X", "y")
    return x, labels


def naive(
    X: Any, horizon: int = 1, target: int | Sequence[int] | None = None
) -> np.ndarray:
    """Repeat the last observed value: :math:`\\hat y_{t+h} = y_t` (persistence).

    Example:
        >>> naive(np.arange(6.0).reshape(2, 3, 1), horizon=2)[:, :, 0].tolist()
        [[2.0, 2.0], [5.0, 5.0]]
    """
    x = _windows(X, target)
    horizon = check_int(horizon, "horizon", minimum=1)
    return np.repeat(x[:, -1:, :], horizon, axis=1)


def seasonal_naive(
    X: Any, period: int, horizon: int = 1, target: int | Sequence[int] | None = None
) -> Any:
    """Repeat the last observed season.

    :math:`\\hat y_{t+h} = y_{t+h-m\\lceil h/m \\rceil}`.

    Args:
        X: windows ``(N, L, C_in)`` with ``L >= period``: an array-like, or a torch
            tensor, which stays one (differentiable).
        period: seasonal period ``m`` (e.g. 12 for monthly data, 24 for hourly).
        horizon: steps ``H`` to forecast.
        target: column(s) to forecast.

    Returns:
        ``(N, H, C_out)``, a NumPy array (a tensor for a tensor).

    Example:
        >>> y = np.arange(1.0, 8.0)  # one series (T,): its last season as a window
        >>> seasonal_naive(y[None, -3:, None], period=3, horizon=4)[0, :, 0].tolist()
        [5.0, 6.0, 7.0, 5.0]
    """
    if hasattr(X, "detach"):  # a torch tensor: index it in place (differentiable)
        if X.ndim != 3:
            raise ValueError(f"X must be 3-D (N, L, C), got shape {tuple(X.shape)}")
        x = X if target is None else X[:, :, column_indices(target, X.shape[2])]
    else:
        x = _windows(X, target)
    period = check_int(period, "period", minimum=1)
    horizon = check_int(horizon, "horizon", minimum=1)
    if period > x.shape[1]:
        raise ValueError(
            f"seasonal_naive needs a lookback L >= period = {period}, "
            f"got L = {x.shape[1]}"
        )
    last_season = x[:, -period:, :]  # -> (N, m, C_out)
    return last_season[:, (np.arange(horizon) % period).tolist(), :]


def seasonal_naive_quantiles(
    history: Any, *, period: int, horizon: int, levels: Sequence[float]
) -> np.ndarray:
    """Seasonal naive with Gaussian quantiles, widening each season ahead (fpp3, 5.5).

    The point forecast repeats the last season; the spread is the root mean square of
    the in-sample seasonal differences, times ``sqrt(k + 1)`` in the ``k``-th season
    ahead.

    Args:
        history: one series ``(T,)`` with ``T > period``.
        period, horizon: as :func:`seasonal_naive`.
        levels: quantile levels in ``(0, 1)``.

    Returns:
        Quantiles ``(H, Q)``.

    Example:
        >>> y = np.array([1.0, 3.0, 2.0, 4.0, 3.0, 5.0])
        >>> seasonal_naive_quantiles(y, period=2, horizon=2, levels=[0.5]).ravel()
        array([3., 5.])
    """
    from statistics import NormalDist

    y = as_array(history, "history", ndim=1, dtype=np.float64)
    period = check_int(period, "period", minimum=1)
    horizon = check_int(horizon, "horizon", minimum=1)
    levels = check_quantile_levels(levels)
    if len(y) <= period:
        raise ValueError(
            f"history must have more than period = {period} values, got {len(y)}"
        )
    point = seasonal_naive(y[None, :, None], period, horizon)[0]  # (H, 1)
    residuals = y[period:] - y[:-period]
    sigma = np.sqrt(np.mean(residuals**2))
    sd = sigma * np.sqrt(np.arange(horizon) // period + 1)  # (H,)
    z = np.array([NormalDist().inv_cdf(q) for q in levels])  # (Q,)
    return point + sd[:, None] * z  # (H, Q)


class SeasonalNaive:
    """The forecaster of :func:`seasonal_naive`: repeat the last season.

    Args:
        period, horizon, target: as :func:`seasonal_naive`.

    Example:
        >>> x = np.array([1.0, 2.0, 3.0, 4.0]).reshape(1, 4, 1)
        >>> SeasonalNaive(period=2, horizon=3).predict(x)[0, :, 0].tolist()
        [3.0, 4.0, 3.0]
    """

    def __init__(
        self, period: int, horizon: int = 1, target: int | Sequence[int] | None = None
    ) -> None:
        self.period = check_int(period, "period", minimum=1)
        self.horizon = check_int(horizon, "horizon", minimum=1)
        self.target = target

    def predict(self, X: Any) -> np.ndarray:
        """Forecast ``(N, H, C_out)`` for windows ``X`` ``(N, L, C_in)``."""
        return seasonal_naive(X, self.period, self.horizon, self.target)

    def __repr__(self) -> str:
        settings = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({settings})"


class LinearAR:
    """Linear autoregression fitted in closed form: the strongest simple baseline.

    Each forecast is an affine function of the whole input window,
    :math:`\\hat y = W^\\top \\operatorname{vec}(x) + b`, fitted by (ridge-regularised)
    least squares; all ``H * C_out`` outputs at once (the direct strategy).

    Args:
        ridge: L2 penalty on the weights (not the intercept), >= 0.

    Attributes:
        coef_ (np.ndarray): weights ``(L * C_in, H * C_out)``.
        intercept_ (np.ndarray): ``(H * C_out,)``.

    Example:
        >>> t = np.arange(50.0)
        >>> X, y = t[:-1].reshape(-1, 1, 1), t[1:].reshape(-1, 1, 1)  # y = x + 1
        >>> ar = LinearAR().fit(X, y)
        >>> np.round(ar.predict(np.array([[[100.0]]])), 6).tolist()
        [[[101.0]]]
    """

    def __init__(self, ridge: float = 0.0) -> None:
        self.ridge = ridge

    def fit(self, X: Any, y: Any) -> LinearAR:
        """Fit on windows ``X (N, L, C_in)`` and targets ``y (N, H, C_out)``.

        Raises:
            ValueError: ``ridge=0`` with no more windows than features ``L * C_in``.
        """
        ridge = check_float(self.ridge, "ridge", low=0.0)
        x = as_array(X, "X", ndim=3)
        t = as_array(y, "y", ndim=3)
        check_same_length(x, t, "X", "y")
        n_features = x.shape[1] * x.shape[2]
        if ridge == 0 and len(x) <= n_features:
            raise ValueError(
                f"LinearAR with ridge=0 got {len(x)} training windows for "
                f"L * C_in = {x.shape[1]} * {x.shape[2]} = {n_features} input features "
                "plus an intercept: the least-squares system is underdetermined "
                "(infinitely many exact fits). Use more data, a shorter lookback "
                "(or fewer features), or ridge > 0"
            )
        features = x.reshape(len(x), -1)  # -> (N, L * C_in)
        targets = t.reshape(len(t), -1)  # -> (N, H * C_out)
        mean_x, mean_t = features.mean(axis=0), targets.mean(axis=0)
        xc, tc = features - mean_x, targets - mean_t  # the intercept: unpenalised
        if ridge > 0:
            gram = xc.T @ xc + ridge * np.eye(xc.shape[1])
            coef = np.linalg.solve(gram, xc.T @ tc)
        else:
            coef = np.linalg.lstsq(xc, tc, rcond=None)[0]
        self.coef_, self.intercept_ = coef, mean_t - mean_x @ coef
        self.input_shape_, self.output_shape_ = x.shape[1:], t.shape[1:]
        return self

    def predict(self, X: Any) -> np.ndarray:
        """Forecast ``(N, H, C_out)`` for windows ``(N, L, C_in)``."""
        x = _fitted_input(self, X, "coef_")
        out = x.reshape(len(x), -1) @ self.coef_ + self.intercept_
        return out.reshape(len(x), *self.output_shape_)


class MajorityClass:
    """Always predict the most frequent training class (ties: the smallest label).

    Example:
        >>> majority = MajorityClass().fit(np.zeros((3, 5, 1)), [1, 1, 0])
        >>> majority.predict(np.zeros((2, 5, 1))).tolist()
        [1, 1]
    """

    def fit(self, X: Any, y: Any) -> MajorityClass:
        _, labels = _training_input(X, y, allow_nan=True)
        self.classes_, counts = np.unique(labels, return_counts=True)
        self.majority_ = int(self.classes_[np.argmax(counts)])
        return self

    def predict(self, X: Any) -> np.ndarray:
        x = _fitted_input(self, X, "majority_", allow_nan=True)
        return np.full(len(x), self.majority_, dtype=np.int64)


class NearestNeighbor:
    """1-nearest-neighbour classifier, Euclidean distance over the whole series.

    Series ``(L, C)`` are compared as flat vectors: the "1-NN Euclidean" baseline of the
    UCR/UEA archives.

    Example:
        >>> X = np.array([[[0.0], [0.0]], [[5.0], [5.0]]])
        >>> nn1 = NearestNeighbor().fit(X, [0, 1])
        >>> nn1.predict(np.array([[[4.0], [6.0]]])).tolist()
        [1]
    """

    def fit(self, X: Any, y: Any) -> NearestNeighbor:
        x, labels = _training_input(X, y)
        self.X_, self.y_ = x.reshape(len(x), -1).copy(), labels.copy()
        self.input_shape_ = x.shape[1:]
        return self

    def predict(self, X: Any) -> np.ndarray:
        x = _fitted_input(self, X, "X_", what="series")
        flat = x.reshape(len(x), -1)
        # squared distances |a|^2 - 2ab + |b|^2: one matrix product, (N_test, N_train)
        d2 = (flat**2).sum(1)[:, None] - 2 * flat @ self.X_.T + (self.X_**2).sum(1)
        return self.y_[np.argmin(d2, axis=1)]
