"""Scalers with the scikit-learn contract: ``fit`` on the training part only, transform.

Learned state ends in ``_`` and exists only after ``fit``. Features are the last axis,
so one fitted scaler transforms a series ``(T, C)``, windows ``(N, L, C)`` and forecasts
``(N, H, C)`` alike. pandas input gives pandas output with the same index and columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from tslib._validate import (
    NotFittedError,
    as_array,
    check_column_names,
    check_int,
    column_indices,
)

__all__ = ["NotFittedError", "StandardScaler", "mean_abs_scale"]


class StandardScaler:
    """Standardise each feature: ``z = (x - mean_) / scale_`` (population std).

    Attributes:
        center_ (np.ndarray): per-feature mean, shape ``(C,)``.
        scale_ (np.ndarray): per-feature standard deviation, shape ``(C,)``; 1 for a
            constant feature.
        n_features_in_ (int): number of features seen in ``fit``.
        feature_names_in_ (list | None): column names when fitted on a DataFrame.

    Example:
        >>> train, test = np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0])
        >>> scaler = StandardScaler().fit(train)
        >>> np.round(scaler.transform(test), 4).tolist()
        [2.4495, 3.6742]
        >>> scaler.inverse_transform(scaler.transform(test)).tolist()
        [4.0, 5.0]
    """

    def fit(self, data: Any) -> StandardScaler:
        """Learn the per-feature statistics from ``data`` (the training part only).

        Args:
            data: array ``(T,)`` (one feature) or ``(T, C)``, a Series or a DataFrame.

        Returns:
            The scaler itself, fitted.
        """
        x = as_array(data, "data", ndim=(1, 2))
        x = x.reshape(len(x), -1)  # -> (T, C)
        self.center_, scale = x.mean(axis=0), x.std(axis=0)
        # a constant feature is left as is
        self.scale_ = np.where(scale > np.finfo(np.float64).eps, scale, 1.0)
        self.n_features_in_ = x.shape[1]
        self.feature_names_in_ = (
            list(data.columns) if hasattr(data, "columns") else None
        )
        return self

    @property
    def mean_(self) -> np.ndarray:
        """Per-feature mean learned by ``fit`` (alias of ``center_``)."""
        self._check_fitted()
        return self.center_

    def _check_fitted(self) -> None:
        if not hasattr(self, "scale_"):
            raise NotFittedError(
                f"this {type(self).__name__} is not fitted yet: call fit(train) first"
            )

    def _apply(self, data: Any, features: Any, inverse: bool) -> Any:
        self._check_fitted()
        n, names = self.n_features_in_, self.feature_names_in_
        idx = np.asarray(column_indices(features, n, names, "features"))
        if names is not None:
            # fitted on named columns: never apply their statistics by position to
            # other, renamed or reordered columns
            check_column_names(data, [names[i] for i in idx], "data")
        x = as_array(data, "data", dtype=None)
        if not np.issubdtype(x.dtype, np.floating):
            x = x.astype(np.float64)
        if x.shape[-1] != len(idx) and not (x.ndim == 1 and len(idx) == 1):
            which = (
                "all fitted features" if features is None else f"features {list(idx)}"
            )
            raise ValueError(
                f"expected data whose last axis has {len(idx)} feature(s) "
                f"({which}), got shape {x.shape}"
            )
        center, scale = (
            self.center_[idx].astype(x.dtype),
            self.scale_[idx].astype(x.dtype),
        )
        out = x * scale + center if inverse else (x - center) / scale
        if not hasattr(data, "iloc"):
            return out
        import pandas as pd  # pandas in, pandas out

        if isinstance(data, pd.Series):
            return pd.Series(out.reshape(len(data)), index=data.index, name=data.name)
        return pd.DataFrame(out, index=data.index, columns=data.columns)

    def transform(
        self, data: Any, features: Sequence[int | str] | int | str | None = None
    ) -> Any:
        """Scale ``data`` with the fitted statistics.

        Args:
            data: array whose last axis holds the features, e.g. ``(T, C)`` or
                ``(N, L, C)``, or ``(T,)`` for a one-feature scaler; a Series or
                DataFrame.
            features: which fitted features the last axis holds (positions or column
                names); default all, in fitted order.

        Returns:
            The scaled data, same shape and type; the input is not modified.

        Raises:
            NotFittedError: if ``fit`` was not called (a ``ValueError``).
            ValueError: if the number of features does not match, or a scaler fitted
                on a DataFrame is given a DataFrame with other column names or another
                column order (arrays are taken in the fitted order).
        """
        return self._apply(data, features, inverse=False)

    def inverse_transform(
        self, data: Any, features: Sequence[int | str] | int | str | None = None
    ) -> Any:
        """Undo :meth:`transform`: back to the original units (for metrics and plots).

        ``features`` selects the fitted features that ``data`` holds, e.g.
        ``features=[1]`` to inverse-scale a forecast ``(N, H, 1)`` of feature 1 of a
        scaler fitted on 4 features.
        """
        return self._apply(data, features, inverse=True)

    def fit_transform(self, data: Any) -> Any:
        """``fit(data)`` then ``transform(data)``; use it on the training part only."""
        return self.fit(data).transform(data)

    def __repr__(self) -> str:
        state = "fitted" if hasattr(self, "scale_") else "not fitted"
        return f"{type(self).__name__}({state})"


def mean_abs_scale(
    x: Any, axis: int = 1, *, floor: float = 1e-8, ignore_nan: bool = False
) -> np.ndarray:
    """The mean absolute value of ``x`` along ``axis``: the scale of a global model.

    Dividing each window by it puts series of very different levels on one scale;
    multiplying the forecasts by it returns to the original units.

    Args:
        x: windows ``(N, L, C)`` (the default ``axis=1`` averages over time), or a
            series ``(T,)`` with ``axis=0``.
        axis: the axis to average over; it is kept, with length 1.
        floor: scales below it are replaced by 1.
        ignore_nan: skip NaN values (left padding); otherwise NaN is refused.

    Returns:
        The scales, ``x``'s shape with ``axis`` of length 1, in ``x``'s float dtype
        (computed in float64).

    Example:
        >>> mean_abs_scale(np.array([[[2.0], [-4.0]], [[0.0], [0.0]]])).ravel()
        array([3., 1.])
        >>> mean_abs_scale(np.array([np.nan, 2.0, -4.0]), axis=0, ignore_nan=True)
        array([3.])
    """
    arr = as_array(x, "x", allow_nan=ignore_nan, dtype=None)
    dtype = arr.dtype if np.issubdtype(arr.dtype, np.floating) else np.float64
    axis = check_int(axis, "axis")
    if not -arr.ndim <= axis < arr.ndim:
        raise ValueError(f"axis must be in [{-arr.ndim}, {arr.ndim - 1}], got {axis}")
    magnitude = np.abs(arr.astype(np.float64))
    if ignore_nan:
        count = np.sum(~np.isnan(magnitude), axis=axis, keepdims=True)
        total = np.nansum(magnitude, axis=axis, keepdims=True)
        scale = np.divide(total, count, out=np.zeros_like(total), where=count > 0)
    else:
        scale = magnitude.mean(axis=axis, keepdims=True)
    return np.where(scale < floor, 1.0, scale).astype(dtype)
