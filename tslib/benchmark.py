"""A fair comparison of forecasters: same data, budget and sizes, several seeds.

:func:`compare` trains every network once per seed on the same windows with the same
:func:`tslib.training.fit` settings (and the same defaults as ``fit``), fits every
baseline, wraps each contender once with :func:`tslib.evaluation.as_forecaster`, scores
it on the test windows on the original scale, and times training and inference.
Networks, fitted baselines (:class:`tslib.baselines.LinearAR`) and rules
(:class:`tslib.baselines.SeasonalNaive`) are rows of the same table. :func:`match_width`
picks the width of a model that comes closest to a target number of parameters.
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

from tslib._checks import (
    as_array,
    check_int,
    check_same_length,
    check_seeds,
    describe,
)
from tslib.data.prepare import Windows
from tslib.data.windows import make_loader
from tslib.evaluation import as_forecaster
from tslib.metrics import mae, rmse
from tslib.training import (
    DEFAULT_EPOCHS,
    DEFAULT_LR,
    EarlyStopping,
    History,
    count_parameters,
    fit,
    set_seed,
)

_BASELINE_FIT_REPEATS = 3  # a baseline's train_s is the best of this many (same) fits


def match_width(
    build: Callable[[int], nn.Module],
    target: int,
    widths: Iterable[int] = range(1, 257),
) -> int:
    """The width whose model has the parameter count closest to ``target``.

    Ties go to the smaller width.

    Args:
        build: ``width -> model``, e.g. ``lambda d: LSTMForecaster(1, hidden_size=d)``.
        target: the wanted number of trainable parameters (>= 1).
        widths: the widths to try.

    Returns:
        The best width; ``count_parameters(build(width))`` is the size actually reached.

    Example:
        >>> match_width(lambda d: nn.Linear(10, d), target=100)  # 11 per unit
        9
    """
    target = check_int(target, "target", minimum=1)
    best, best_gap = None, None
    for width in widths:
        width = check_int(width, "each width", minimum=1)
        gap = abs(count_parameters(build(width)) - target)
        if best_gap is None or gap < best_gap:
            best, best_gap = width, gap
    if best is None:
        raise ValueError("widths must hold at least one width, got an empty iterable")
    return best


def _check_windows(windows: Any, name: str) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(windows, (tuple, list)) or len(windows) != 2:
        raise TypeError(
            f"{name} must be a pair (X, y) of windows, got {describe(windows)}"
        )
    X = as_array(windows[0], f"{name}[0] (X)", ndim=3, dtype=np.float32)
    y = as_array(windows[1], f"{name}[1] (y)", ndim=3, dtype=np.float32)
    check_same_length(X, y, f"{name}: X", "y")
    return X, y


def latency_ms(forecaster: Any, x: np.ndarray, repeats: int = 20) -> float:
    """Median wall time in milliseconds to forecast the windows ``x`` once.

    Args:
        forecaster: anything :func:`tslib.evaluation.as_forecaster` accepts.
        x: windows ``(B, L, C_in)``.
        repeats: timed calls, after one untimed warm-up call.

    Example:
        >>> latency_ms(nn.Linear(3, 1), np.zeros((1, 2, 3), dtype=np.float32)) >= 0
        True
    """
    repeats = check_int(repeats, "repeats", minimum=1)
    run = as_forecaster(forecaster)
    run(x)  # warm-up: the first call allocates
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run(x)  # a network's forecast comes back to the CPU: the time includes it
        times.append(time.perf_counter() - start)
    return 1000.0 * float(np.median(times))


@dataclass
class Comparison:
    """What :func:`compare` measured.

    Attributes:
        runs: one row per (model, seed):
            ``model, seed, params, epochs, train_s, latency_ms, rmse, mae`` (errors on
            the original scale; ``train_s`` of a ``fit``/``predict`` baseline is the
            best of a few identical closed-form fits, robust to a hiccup).
        models: the trained models, keyed by ``(name, seed)``.
        histories: the :class:`~tslib.training.History` of each trained network.
        forecasts: the test forecasts ``(N, H, C_out)`` on the original scale, by
            ``(name, seed)``.
    """

    runs: pd.DataFrame
    models: dict[tuple[str, int], Any] = field(default_factory=dict)
    histories: dict[tuple[str, int], History] = field(default_factory=dict)
    forecasts: dict[tuple[str, int], np.ndarray] = field(default_factory=dict)

    def table(self) -> pd.DataFrame:
        """Mean and standard deviation over seeds, one row per model, in order."""
        return summarize(self.runs)


def summarize(runs: pd.DataFrame) -> pd.DataFrame:
    """Mean and standard deviation over seeds of every column, one row per model.

    Columns: ``params``, ``rmse``, ``rmse_std``, ``mae``, ``mae_std``, ``train_s``,
    ``latency_ms``, ``epochs`` and ``seeds``; rows keep the order of first appearance.

    Example:
        >>> runs = pd.DataFrame({"model": ["a", "a"], "seed": [0, 1],
        ...                      "params": [5, 5], "epochs": [3, 4],
        ...                      "train_s": [1.0, 2.0], "latency_ms": [0.1, 0.1],
        ...                      "rmse": [1.0, 3.0],
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
    if not isinstance(runs, pd.DataFrame):
        raise TypeError(
            f"runs must be a DataFrame (Comparison.runs), got {describe(runs)}"
        )
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


def _build(name: str, entry: Any) -> Any:
    """The contender of one entry of ``compare``'s ``models``, built afresh."""
    if isinstance(entry, nn.Module):
        raise TypeError(
            f"models[{name!r}] is a network instance: pass a factory such as "
            f"lambda: {type(entry).__name__}(...), so that every seed starts afresh"
        )
    if not isinstance(entry, type) and callable(getattr(entry, "predict", None)):
        return entry  # a ready forecaster such as SeasonalNaive(24, H) or LinearAR()
    if not callable(entry):
        raise TypeError(
            f"models[{name!r}] must be a factory or a forecaster, got {describe(entry)}"
        )
    model = entry()
    if isinstance(model, nn.Module):
        return model
    try:
        as_forecaster(model)
    except TypeError as err:
        raise TypeError(
            f"models[{name!r}]() must return an nn.Module, an object with predict "
            f"(and maybe fit), or a function of the windows, got {describe(model)}"
        ) from err
    return model


def compare(
    models: Mapping[str, Any],
    train: Windows,
    val: Windows,
    test: Windows,
    *,
    seeds: Sequence[int] = (0, 1, 2),
    epochs: int = DEFAULT_EPOCHS,
    lr: float = DEFAULT_LR,
    early_stopping: EarlyStopping | None = None,
    batch_size: int = 64,
    inverse: Callable[[np.ndarray], np.ndarray] | None = None,
    device: torch.device | str | None = None,
    progress: bool = False,
    **fit_kwargs: Any,
) -> Comparison:
    """Train and score every model on the same windows, once per seed.

    Each entry of ``models`` is one of:

    - a factory called with no argument after :func:`~tslib.training.set_seed` (so the
      same seed gives the same initial weights and the same batch order), returning
      an ``nn.Module``, trained with :func:`~tslib.training.fit` on ``train`` with
      validation on ``val``: ``lambda: LSTMForecaster(1, horizon=H)``; or returning a
      baseline, such as the class ``LinearAR``;
    - a ready forecaster (an object with ``predict``): ``SeasonalNaive(24, H)``, or
      ``LinearAR(ridge=1.0)``.

    A baseline with ``fit(X, y)`` is fitted on ``train`` first. Every contender is then
    wrapped once with :func:`~tslib.evaluation.as_forecaster` and forecasts the test
    windows. Baselines have no random state: they run for the first seed only (their
    spread is 0).

    ``epochs``, ``lr``, ``early_stopping`` and ``device`` have the defaults of
    :func:`~tslib.training.fit`.

    Args:
        models: name -> factory or forecaster; the table keeps this order.
        train, val, test: windows ``(X, y)`` of shapes ``(N, L, C_in)`` and
            ``(N, H, C_out)``.
        seeds: the seeds; report their mean and spread (at least 3 for a spread worth
            reading).
        epochs: the most epochs of each training run (the same budget for every
            network).
        lr: Adam learning rate.
        early_stopping: an :class:`~tslib.training.EarlyStopping` for every run (reset
            by each), or ``None`` to run every epoch.
        batch_size: training batch size (validation uses the whole set at once).
        inverse: maps scaled values back to the original units before scoring, e.g.
            ``scaler.inverse_transform``; it is applied to forecasts and targets
            reshaped to ``(N * H, C_out)``. ``None`` scores the values as given.
        device: where to train and time the networks.
        progress: show a progress bar per training run.
        **fit_kwargs: passed on to :func:`~tslib.training.fit` (e.g. ``grad_clip``,
            ``loss_fn``, ``teacher_forcing``); not ``optimizer``, which needs the
            parameters of each new model.

    Returns:
        A :class:`Comparison`; ``.table()`` gives mean and spread per model.

    Example:
        >>> from tslib.baselines import LinearAR, Naive
        >>> X = np.random.default_rng(0).normal(size=(60, 4, 1)).astype("float32")
        >>> y = X[:, -1:, :] * 2  # twice the last value
        >>> data = (X[:40], y[:40]), (X[40:50], y[40:50]), (X[50:], y[50:])
        >>> result = compare({"naive": Naive(1), "linear AR": LinearAR}, *data)
        >>> result.table()["rmse"].round(3).tolist()[1]  # the AR fits y = 2 x exactly
        0.0
    """
    if not isinstance(models, Mapping) or not models:
        raise TypeError(
            "models must be a non-empty mapping name -> factory or forecaster, "
            f"got {describe(models)}"
        )
    if "optimizer" in fit_kwargs:
        raise TypeError(
            "compare builds a new model per seed, so it cannot take an optimizer: "
            "pass lr (Adam), or train the networks with fit yourself"
        )
    X_train, y_train = _check_windows(train, "train")
    X_val, y_val = _check_windows(val, "val")
    X_test, y_test = _check_windows(test, "test")
    for name, (X, y) in (("val", (X_val, y_val)), ("test", (X_test, y_test))):
        # one contract for all three parts: the same L, C_in, H and C_out
        if X.shape[1:] != X_train.shape[1:] or y.shape[1:] != y_train.shape[1:]:
            raise ValueError(
                f"{name} windows must have the shapes of the training windows, "
                f"(N, {', '.join(map(str, X_train.shape[1:]))}) and "
                f"(N, {', '.join(map(str, y_train.shape[1:]))}), got {X.shape} and "
                f"{y.shape}"
            )
    seeds = check_seeds(seeds)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    val_loader = make_loader(X_val, y_val, batch_size=max(len(X_val), 1))

    def original(values: np.ndarray) -> np.ndarray:
        if inverse is None:
            return values
        n, h, c = values.shape
        out = np.asarray(inverse(values.reshape(n * h, c)))  # -> (N * H, C_out)
        if out.shape != (n * h, c) and not (c == 1 and out.shape == (n * h,)):
            raise ValueError(
                f"inverse must map values of shape ({n * h}, {c}) to the same shape "
                f"(it is applied to forecasts reshaped to (N * H, C_out)), got "
                f"{out.shape}"
            )
        return out.reshape(n, h, c)

    y_true = original(y_test)
    one_window = X_test[:1]
    rows, result = [], Comparison(runs=pd.DataFrame())
    for name, entry in models.items():
        for seed in seeds:
            set_seed(seed)
            model = _build(name, entry)
            history, n_epochs, train_s = None, 0, 0.0
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
                    early_stopping=early_stopping,
                    device=device,
                    progress=progress,
                    **fit_kwargs,
                )
                n_epochs, train_s = history.epochs, history.seconds
            elif callable(getattr(model, "fit", None)):
                # A closed-form fit takes milliseconds, so one scheduler hiccup can
                # multiply its time: report the best of a few (identical) fits.
                fit_times = []
                for _ in range(_BASELINE_FIT_REPEATS):
                    start = time.perf_counter()
                    model.fit(X_train, y_train)
                    fit_times.append(time.perf_counter() - start)
                train_s = min(fit_times)
            forecaster = as_forecaster(model)
            forecast = np.asarray(forecaster(X_test), dtype=np.float32)
            if forecast.shape != y_test.shape:
                raise ValueError(
                    f"models[{name!r}] forecast the test windows with shape "
                    f"{forecast.shape}, expected {y_test.shape}"
                )
            y_hat = original(forecast)
            rows.append(
                {
                    "model": name,
                    "seed": seed,
                    "params": count_parameters(model),
                    "epochs": n_epochs,
                    "train_s": train_s,
                    "latency_ms": latency_ms(forecaster, one_window),
                    "rmse": rmse(y_true, y_hat),
                    "mae": mae(y_true, y_hat),
                }
            )
            result.models[(name, seed)] = model
            result.forecasts[(name, seed)] = y_hat
            if history is None:
                break  # a baseline has no random state: every seed gives the same
            result.histories[(name, seed)] = history
    result.runs = pd.DataFrame(rows)
    return result
