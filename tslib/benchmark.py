"""A fair comparison of forecasters: same data, same budget, matched sizes, several seeds.

:func:`compare` trains every model once per seed on the same windows with the same
:func:`tslib.training.fit` settings, scores it on the test windows on the original scale, and
times training and inference; baselines with a ``fit``/``predict`` interface (such as
:class:`tslib.baselines.LinearAR`) and plain functions of the input window (such as
:func:`tslib.baselines.seasonal_naive`) are rows of the same table. :func:`match_width` picks
the width of a model that comes closest to a target number of parameters.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import torch
from torch import nn

from tslib._checks import as_array, check_int, describe
from tslib.data.windows import make_loader
from tslib.metrics import mae, rmse
from tslib.training import History, count_parameters, fit, predict, set_seed

_BASELINE_FIT_REPEATS = (
    3  # a baseline's train_s is the best of this many (identical) fits
)

Windows = tuple[Any, Any]


def match_width(
    build: Callable[[int], nn.Module],
    target: int,
    widths: Iterable[int] = range(1, 257),
) -> int:
    """The width whose model has the parameter count closest to ``target`` (ties: the smaller).

    Args:
        build: ``width -> model``, e.g. ``lambda d: LSTMForecaster(1, hidden_size=d)``.
        target: the wanted number of trainable parameters (>= 1).
        widths: the widths to try.

    Returns:
        The best width; ``count_parameters(build(width))`` is the size actually reached.

    Example:
        >>> match_width(lambda d: nn.Linear(10, d), target=100)  # 11 parameters per unit
        9
    """
    target = check_int(target, "target", minimum=1)
    best, best_gap = None, None
    for width in widths:
        gap = abs(count_parameters(build(width)) - target)
        if best_gap is None or gap < best_gap:
            best, best_gap = width, gap
    if best is None:
        raise ValueError("widths must hold at least one width, got an empty iterable")
    return best


def n_parameters(model: Any) -> int:
    """Trainable parameters of a network, or the fitted coefficients of a baseline (0 if none).

    Example:
        >>> n_parameters(nn.Linear(3, 2)), n_parameters(np.mean)
        (8, 0)
    """
    if isinstance(model, nn.Module):
        return count_parameters(model)
    return int(
        sum(
            np.size(getattr(model, name))
            for name in ("coef_", "intercept_")
            if hasattr(model, name)
        )
    )


def _check_windows(windows: Any, name: str) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(windows, (tuple, list)) or len(windows) != 2:
        raise TypeError(
            f"{name} must be a pair (X, y) of windows, got {describe(windows)}"
        )
    X = as_array(windows[0], f"{name}[0] (X)", ndim=3, dtype=np.float32)
    y = as_array(windows[1], f"{name}[1] (y)", ndim=3, dtype=np.float32)
    if len(X) != len(y):
        raise ValueError(
            f"{name}: X and y must hold the same number of windows, got {len(X)} and {len(y)}"
        )
    return X, y


def latency_ms(model: Any, x: np.ndarray, repeats: int = 20) -> float:
    """Median wall time in milliseconds to forecast the windows ``x`` ``(B, L, C_in)`` once.

    Example:
        >>> latency_ms(nn.Linear(3, 1), np.zeros((1, 2, 3), dtype=np.float32)) >= 0
        True
    """
    repeats = check_int(repeats, "repeats", minimum=1)
    times = []
    if isinstance(model, nn.Module):
        device = next(model.parameters()).device
        xb = torch.as_tensor(x, device=device)
        model.eval()
        with torch.no_grad():
            model(xb)  # warm-up: the first call allocates
            for _ in range(repeats):
                start = time.perf_counter()
                model(xb)
                if device.type == "cuda":
                    torch.cuda.synchronize()
                times.append(time.perf_counter() - start)
    else:
        run = model.predict if hasattr(model, "predict") else model
        for _ in range(repeats):
            start = time.perf_counter()
            run(x)
            times.append(time.perf_counter() - start)
    return 1000.0 * float(np.median(times))


@dataclass
class Comparison:
    """What :func:`compare` measured.

    Attributes:
        runs: one row per (model, seed): ``model, seed, params, epochs, train_s, latency_ms,
            rmse, mae`` (errors on the original scale; ``train_s`` of a ``fit``/``predict``
            baseline is the best of a few identical closed-form fits, robust to a hiccup).
        models: the trained models, keyed by ``(name, seed)``.
        histories: the :class:`~tslib.training.History` of each trained network.
        forecasts: the test forecasts ``(N, H, C_out)`` on the original scale, by ``(name, seed)``.
    """

    runs: pd.DataFrame
    models: dict[tuple[str, int], Any] = field(default_factory=dict)
    histories: dict[tuple[str, int], History] = field(default_factory=dict)
    forecasts: dict[tuple[str, int], np.ndarray] = field(default_factory=dict)

    def table(self) -> pd.DataFrame:
        """Mean and standard deviation over seeds, one row per model, in the order compared."""
        return summarize(self.runs)


def summarize(runs: pd.DataFrame) -> pd.DataFrame:
    """Mean and standard deviation (over seeds) of every measured column, one row per model.

    Columns: ``params``, ``rmse``, ``rmse_std``, ``mae``, ``mae_std``, ``train_s``,
    ``latency_ms``, ``epochs`` and ``seeds``; rows keep the order of first appearance.

    Example:
        >>> runs = pd.DataFrame({"model": ["a", "a"], "seed": [0, 1], "params": [5, 5], "epochs": [3, 4],
        ...                      "train_s": [1.0, 2.0], "latency_ms": [0.1, 0.1], "rmse": [1.0, 3.0],
        ...                      "mae": [1.0, 1.0]})
        >>> summarize(runs)[["rmse", "rmse_std"]].round(3).values.tolist()
        [[2.0, 1.414]]
    """
    needed = [
        "model",
        "seed",
        "params",
        "epochs",
        "train_s",
        "latency_ms",
        "rmse",
        "mae",
    ]
    missing = [c for c in needed if c not in runs.columns]
    if missing:
        raise ValueError(f"runs must have the columns {needed}, missing {missing}")
    grouped = runs.groupby("model", sort=False)
    table = pd.DataFrame(
        {
            "params": grouped["params"].first(),
            "rmse": grouped["rmse"].mean(),
            "rmse_std": grouped["rmse"].std(ddof=1).fillna(0.0),
            "mae": grouped["mae"].mean(),
            "mae_std": grouped["mae"].std(ddof=1).fillna(0.0),
            "train_s": grouped["train_s"].mean(),
            "latency_ms": grouped["latency_ms"].mean(),
            "epochs": grouped["epochs"].mean(),
            "seeds": grouped["seed"].nunique(),
        }
    )
    table.index.name = "model"
    return table


def compare(
    models: Mapping[str, Callable[[], Any]],
    train: Windows,
    val: Windows,
    test: Windows,
    *,
    seeds: Sequence[int] = (0, 1, 2),
    epochs: int = 20,
    batch_size: int = 64,
    lr: float = 1e-2,
    patience: int | None = 5,
    inverse: Callable[[np.ndarray], np.ndarray] | None = None,
    device: torch.device | str | None = "cpu",
    progress: bool = False,
    **fit_kwargs: Any,
) -> Comparison:
    """Train and score every model on the same windows, once per seed.

    Each entry of ``models`` is a factory called with no argument after
    :func:`~tslib.training.set_seed`, so the same seed gives the same initial weights and the
    same batch order. It returns one of:

    - an ``nn.Module``: trained with :func:`~tslib.training.fit` (Adam, ``lr``, ``epochs``,
      early stopping on ``val`` with ``patience``, best weights restored);
    - an object with ``fit(X, y)`` and ``predict(X)`` (e.g. ``LinearAR()``): fitted on ``train``;
    - a function ``X -> forecasts`` (e.g. ``lambda X: seasonal_naive(X, 24, H)``): used as is.

    Baselines have no random state: they run for the first seed only (their spread is 0).

    Args:
        models: name -> factory; the table keeps this order.
        train, val, test: windows ``(X, y)`` of shapes ``(N, L, C_in)`` and ``(N, H, C_out)``.
        seeds: the seeds; report their mean and spread (at least 3 for a spread worth reading).
        epochs: the most epochs of each training run (the same budget for every network).
        batch_size: training batch size (evaluation uses the whole set at once).
        lr: Adam learning rate.
        patience: early-stopping patience (``None``: always run ``epochs``).
        inverse: maps scaled values back to the original units before scoring, e.g.
            ``scaler.inverse_transform``; it is applied to forecasts and targets reshaped to
            ``(N * H, C_out)``. ``None`` scores the values as given.
        device: where to train and time the networks.
        progress: show a progress bar per training run.
        **fit_kwargs: passed on to :func:`~tslib.training.fit` (e.g. ``grad_clip``).

    Returns:
        A :class:`Comparison`; ``.table()`` gives mean and spread per model.

    Example:
        >>> from tslib.baselines import LinearAR, naive
        >>> X = np.random.default_rng(0).normal(size=(60, 4, 1)).astype("float32")
        >>> y = X[:, -1:, :] * 2  # twice the last value
        >>> data = (X[:40], y[:40]), (X[40:50], y[40:50]), (X[50:], y[50:])
        >>> result = compare({"naive": lambda: naive, "linear AR": LinearAR}, *data, seeds=[0, 1])
        >>> result.table()["rmse"].round(3).tolist()[1]  # the AR fits y = 2 x exactly
        0.0
    """
    if not isinstance(models, Mapping) or not models:
        raise TypeError(
            f"models must be a non-empty mapping name -> factory, got {describe(models)}"
        )
    X_train, y_train = _check_windows(train, "train")
    X_val, y_val = _check_windows(val, "val")
    X_test, y_test = _check_windows(test, "test")
    seeds = [check_int(s, "seed", minimum=0) for s in seeds]
    if not seeds:
        raise ValueError("seeds must hold at least one seed, got an empty sequence")
    epochs = check_int(epochs, "epochs", minimum=1)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    val_loader = make_loader(X_val, y_val, batch_size=max(len(X_val), 1))

    def original(values: np.ndarray) -> np.ndarray:
        if inverse is None:
            return values
        n, h, c = values.shape
        return np.asarray(inverse(values.reshape(n * h, c))).reshape(n, h, c)

    y_true = original(y_test)
    one_window = X_test[:1]
    rows, result = [], Comparison(runs=pd.DataFrame())
    for name, factory in models.items():
        for seed in seeds:
            set_seed(seed)
            model = factory()
            history = None
            if isinstance(model, nn.Module):
                train_loader = make_loader(
                    X_train, y_train, batch_size=batch_size, shuffle=True, seed=seed
                )
                history = fit(
                    model,
                    train_loader,
                    val_loader,
                    epochs=epochs,
                    lr=lr,
                    patience=patience,
                    device=device,
                    progress=progress,
                    desc=f"{name} (seed {seed})",
                    **fit_kwargs,
                )
                n_epochs = history.epochs
                forecast = predict(model, X_test)
            elif hasattr(model, "fit") and hasattr(model, "predict"):
                # A closed-form fit takes milliseconds, so one scheduler hiccup can multiply its
                # time: report the best of a few fits (it is deterministic, so all are the same fit).
                fit_times = []
                for _ in range(_BASELINE_FIT_REPEATS):
                    start = time.perf_counter()
                    model.fit(X_train, y_train)
                    fit_times.append(time.perf_counter() - start)
                n_epochs = 0
                forecast = np.asarray(model.predict(X_test), dtype=np.float32)
            elif callable(model):
                n_epochs = 0
                forecast = np.asarray(model(X_test), dtype=np.float32)
            else:
                raise TypeError(
                    f"models[{name!r}]() must return an nn.Module, an object with fit/predict, "
                    f"or a function of the windows, got {describe(model)}"
                )
            if history is not None:
                train_s = history.seconds
            else:
                train_s = min(fit_times) if hasattr(model, "fit") else 0.0
            if forecast.shape != y_test.shape:
                raise ValueError(
                    f"models[{name!r}] forecast the test windows with shape {forecast.shape}, "
                    f"expected {y_test.shape}"
                )
            y_hat = original(forecast)
            rows.append(
                {
                    "model": name,
                    "seed": seed,
                    "params": n_parameters(model),
                    "epochs": n_epochs,
                    "train_s": train_s,
                    "latency_ms": latency_ms(model, one_window),
                    "rmse": rmse(y_true, y_hat),
                    "mae": mae(y_true, y_hat),
                }
            )
            result.models[(name, seed)] = model
            result.forecasts[(name, seed)] = y_hat
            if history is not None:
                result.histories[(name, seed)] = history
            if history is None:
                break  # a baseline without random state gives the same forecast for every seed
    result.runs = pd.DataFrame(rows)
    return result
