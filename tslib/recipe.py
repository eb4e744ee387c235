"""Global forecasting: ``fit_global``, the forecasting sibling of ``fit_classifier``,
and ``forecast_series``, which forecasts many series with one network.

``fit_global`` makes its choices on a *validation period*, the last ``horizon`` values
of each training series; the values after the end of the given series are never seen.
Its defaults were chosen on the validation periods of Tourism monthly and M3 monthly
only (``benchmarks/recipe_choices.py``); ``benchmarks/held_out.py`` runs them on every
other competition set that tslib loads.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from torch import nn
from torch.optim.lr_scheduler import LambdaLR

from tslib._validate import (
    check_choice,
    check_float,
    check_int,
    check_seed,
    check_series_list,
    describe,
)
from tslib.data.panel import SCALINGS, batch_loader, last_windows, panel_windows

__all__ = ["GlobalForecaster", "fit_global", "forecast_series"]

SCALERS = {"mean": "window", "robust": "robust"}  # fit_global's names: panel scalings
WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)  # of the networks against Theta (fit_global)


def forecast_series(
    model: nn.Module, series: Sequence[Any], lookback: int, *, scaling: str = "window"
) -> np.ndarray:
    """Forecast the period after each series with a global model, on the original scale.

    Runs ``model`` (:func:`tslib.training.predict`, in one batch) on the last window
    of each series, scaled as :func:`tslib.data.panel_windows` scales training
    windows, and scales the forecasts back.

    Args:
        model: a forecaster ``(B, L, 1) -> (B, H, 1)``, trained on scaled windows.
        series: the training parts of the series.
        lookback: the model's input length ``L``.
        scaling: the scaling the model was trained with (see ``panel_windows``).

    Returns:
        Forecasts ``(S, H)``, float64, one row per series.
    """
    from tslib.training import predict

    scaling = check_choice(scaling, "scaling", SCALINGS)
    X, loc, scale = last_windows(series, lookback, scaling=scaling)
    out = predict(model, X, batch_size=len(X))[:, :, 0].astype(np.float64)
    return out * scale[:, None] + loc[:, None]


def _check_tuple(value: Any, name: str, item: Any) -> tuple:
    """A non-empty tuple of checked items from a tuple or list."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (tuple, list)):
        raise TypeError(f"{name} must be a tuple, got {describe(value)}")
    if len(value) == 0:
        raise ValueError(f"{name} is empty: expected at least one value")
    return tuple(item(v) for v in value)


# --------------------------------------------------------------------------- members
@dataclass(frozen=True)
class _Member:
    """One network of the ensemble: lookback (in horizons), scaler and seed."""

    lookback: int  # multiple of the horizon
    scaler: str
    seed: int

    def label(self) -> str:
        return f"L={self.lookback}H/{self.scaler}/seed {self.seed}"


def _train_member(
    series: list[np.ndarray], member: _Member, settings: dict
) -> tuple[nn.Module, Any]:
    """Train one network on every window of ``series``: the network, its History."""
    from tslib.models import NBeatsForecaster
    from tslib.training import fit, set_seed

    horizon, epochs = settings["horizon"], settings["epochs"]
    lookback = member.lookback * horizon
    set_seed(member.seed)
    key = (id(series), lookback, member.scaler)  # windows shared by the members
    cache = settings.setdefault("_windows", {})
    if key not in cache:  # a series with no full target is only forecast
        cache[key] = panel_windows(
            [s for s in series if len(s) > horizon],
            lookback,
            horizon,
            scaling=SCALERS[member.scaler],
        )
    w = cache[key]
    loader = batch_loader(
        w.X, w.y, settings["batch_size"], settings["steps"] // epochs, member.seed
    )
    net = NBeatsForecaster(
        lookback=lookback,
        horizon=horizon,
        width=settings["width"],
        n_blocks=settings["n_blocks"],
        n_layers=settings["n_layers"],
    )

    def cosine(epoch: int) -> float:  # epoch from 0: the factor of lr, 1 down to ~0
        return 0.5 * (1 + math.cos(math.pi * epoch / epochs))

    history = fit(
        net,
        loader,
        epochs=epochs,
        lr=settings["lr"],  # of fit's Adam optimizer
        scheduler=lambda optimizer: LambdaLR(optimizer, cosine),
        loss_fn=nn.L1Loss(),  # absolute error of the scaled windows
        progress=False,
        device="cpu",
    )
    return net.eval(), history


def _forecast(net: nn.Module, series: list[np.ndarray], member: _Member, horizon: int):
    """One member's forecasts ``(S, H)`` on the original scale."""
    scaling = SCALERS[member.scaler]
    return forecast_series(net, series, member.lookback * horizon, scaling=scaling)


def _mase_rows(
    train: list[np.ndarray], actual: np.ndarray, forecasts: np.ndarray, period: int
) -> np.ndarray:
    """Per-series MASE ``(..., S)`` of ``forecasts`` ``(..., S, H)``; NaN where the
    training part is too short or constant at lag ``period``."""
    denom = np.array(
        [
            np.mean(np.abs(t[period:] - t[:-period])) if len(t) > period else 0.0
            for t in train
        ]
    )
    mae = np.abs(forecasts - actual).mean(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denom > 0, mae / np.where(denom > 0, denom, 1.0), np.nan)


def _greedy_median(errors: Any, forecasts: np.ndarray, max_size: int) -> list[int]:
    """Ensemble selection with replacement: from the best of ``forecasts`` ``(M, S,
    H)``, add the candidate that lowers ``errors(median)`` most, while it does."""
    scores = [errors(f) for f in forecasts]
    chosen = [int(np.argmin(scores))]
    best = scores[chosen[0]]
    while len(chosen) < max_size:
        trial = [
            errors(np.median(forecasts[chosen + [m]], axis=0))
            for m in range(len(forecasts))
        ]
        m = int(np.argmin(trial))
        if trial[m] >= best:
            break
        chosen.append(m)
        best = trial[m]
    return chosen


# --------------------------------------------------------------------------- recipe
@dataclass
class GlobalForecaster:
    """A fitted global recipe (returned by :func:`fit_global`).

    Attributes:
        members: the chosen networks, ``(lookback multiple, scaler, seed)`` each,
            trained in ``networks``, with their ``histories``.
        weight: the weight of the networks' median against the Theta method.
        choices: what was chosen on the validation period and why: each candidate's
            validation MASE, the networks', Theta's and the combination's, the
            members, the weight, the settings and the CPU seconds.
    """

    horizon: int
    period: int
    members: list[Any]
    networks: list[nn.Module]
    histories: list[Any]
    weight: float = 1.0
    choices: dict = field(default_factory=dict)

    def predict(self, series: Sequence[Any]) -> np.ndarray:
        """The next ``horizon`` values after the end of each series.

        ``series``: ``S`` 1-D arrays (lengths may differ) on their original scale.
        Returns ``(S, H)`` forecasts: the median of the members' forecasts, weighted
        against Theta's by ``weight``.
        """
        values = check_series_list(series)
        f = [
            _forecast(n, values, m, self.horizon)
            for n, m in zip(self.networks, self.members)
        ]
        networks = np.median(np.stack(f), axis=0)
        if self.weight == 1:
            return networks
        theta = _theta(values, self.horizon, self.period)
        return self.weight * networks + (1 - self.weight) * theta

    def __repr__(self) -> str:
        members = ", ".join(m.label() for m in self.members)
        val = self.choices.get("validation_mase")
        return (
            f"GlobalForecaster(horizon={self.horizon}, period={self.period}, "
            f"{len(self.members)} member(s): [{members}], weight {self.weight}"
            + (f", validation MASE {val:.4f})" if val is not None else ")")
        )


def fit_global(
    series: Sequence[Any],
    *,
    horizon: int,
    period: int,
    seed: int = 0,
    lookbacks: Sequence[int] = (2, 3, 4),
    scalers: Sequence[str] = ("mean", "robust"),
    repeats: int = 1,
    ensemble_size: int = 5,
    classical: str | None = "theta",
    steps: int = 300,
    epochs: int = 30,
    width: int = 128,
    n_blocks: int = 4,
    n_layers: int = 2,
    batch_size: int = 1024,
    lr: float = 1e-3,
    validate: bool = True,
) -> GlobalForecaster:
    """Train a global N-BEATS-style ensemble on many series; choose it on validation.

    The candidate networks are every combination of ``lookbacks`` (multiples of
    ``horizon``), ``scalers`` and ``repeats`` seeds. With ``validate=True``, each
    candidate is trained on the series without their last ``horizon`` values and
    scored on them (mean MASE over the series where it is defined). A greedy selection
    keeps up to ``ensemble_size`` of them (with replacement) whose median forecast
    scores best; then, with ``classical="theta"``, the weight ``w`` of that median
    against the Theta method's forecast (:func:`tslib.classical.theta`), among
    ``WEIGHTS`` (0, 0.25, 0.5, 0.75, 1), whose ``w * networks + (1 - w) * theta``
    scores best (``w = 1``: the networks alone). Only the chosen members are trained
    again, on the whole series. Without validation, every candidate is a member and
    ``w = 1``.

    Each network is a :class:`tslib.models.NBeatsForecaster` trained with
    :func:`tslib.training.fit` for ``steps`` Adam steps of ``batch_size`` random scaled
    windows (:func:`tslib.data.panel_windows`), an absolute loss, the learning rate
    decaying from ``lr`` to 0 (cosine) over ``epochs``.

    Args:
        series: the training series, ``S`` 1-D arrays of any lengths, on their
            original scales. A series with no more than ``horizon`` values gives no
            training window but is still forecast.
        horizon: forecast steps ``H``.
        period: seasonal period (12 monthly, 4 quarterly, 1 none): the lag of the
            validation MASE and Theta's seasonal adjustment.
        seed: seed of the first repeat (repeat ``r`` uses ``seed + r``); the same
            seed gives the same forecaster on the same machine and software.
        lookbacks: input lengths of the candidates, in multiples of ``horizon``.
        scalers: window scalings of the candidates: ``"mean"`` (divide by the
            window's mean absolute value) or ``"robust"`` (subtract its median,
            divide by its interquartile range).
        repeats: seeds per (lookback, scaler).
        ensemble_size: the most members the selection keeps (repeats count).
        classical: ``"theta"`` to weigh the networks against the Theta method on
            the validation period, or ``None``.
        steps: training steps per network.
        epochs: learning-rate periods of the cosine schedule (``steps`` are split
            evenly over them).
        width, n_blocks, n_layers: size of each network.
        batch_size: windows per step.
        lr: initial learning rate of Adam.
        validate: make the choices above on the validation period.

    Returns:
        A :class:`GlobalForecaster`; ``.predict(series)`` gives ``(S, H)`` forecasts
        on the original scale, ``.choices`` what was chosen and why.

    Raises:
        TypeError: ``series`` not a list of 1-D arrays, or a setting of a wrong type.
        ValueError: an empty or non-finite series, a setting out of range, or no
            series longer than ``horizon``.

    Example:
        >>> rng = np.random.default_rng(0)
        >>> t = np.arange(60)
        >>> series = [10 + a * np.sin(2 * np.pi * t[:n] / 12) + rng.normal(0, .1, n)
        ...           for a, n in zip(rng.uniform(1, 3, 8), rng.integers(40, 60, 8))]
        >>> model = fit_global(series, horizon=6, period=12, lookbacks=(2, 3),
        ...                    steps=40, epochs=4, width=16, batch_size=64)
        >>> model.predict(series).shape
        (8, 6)
        >>> sorted(model.choices["candidates"])[:2]  # 2 lookbacks x 2 scalers
        ['L=2H/mean/seed 0', 'L=2H/robust/seed 0']
        >>> model.choices["network_weight"] in WEIGHTS
        True
    """
    values = check_series_list(series)
    horizon = check_int(horizon, "horizon", minimum=1)
    period = check_int(period, "period", minimum=1)
    seed = check_seed(seed)
    lookbacks = _check_tuple(
        lookbacks, "lookbacks", lambda v: check_int(v, "lookbacks", 1)
    )
    scalers = _check_tuple(
        scalers, "scalers", lambda v: check_choice(v, "scalers", tuple(SCALERS))
    )
    if classical is not None:
        classical = check_choice(classical, "classical", ("theta",))
    repeats = check_int(repeats, "repeats", minimum=1)
    ensemble_size = check_int(ensemble_size, "ensemble_size", minimum=1)
    epochs = check_int(epochs, "epochs", minimum=1)
    steps = check_int(steps, "steps", minimum=epochs)
    if steps % epochs:
        raise ValueError(
            f"steps must be a multiple of epochs = {epochs}, got steps = {steps}"
        )
    settings = {
        "horizon": horizon,
        "width": check_int(width, "width", minimum=1),
        "n_blocks": check_int(n_blocks, "n_blocks", minimum=1),
        "n_layers": check_int(n_layers, "n_layers", minimum=1),
        "batch_size": check_int(batch_size, "batch_size", minimum=1),
        "lr": check_float(lr, "lr", low=0.0, low_inclusive=False),
        "steps": steps,
        "epochs": epochs,
    }
    if not isinstance(validate, bool):
        raise TypeError(f"validate must be True or False, got {describe(validate)}")
    if not any(len(s) > horizon for s in values):
        raise ValueError(
            f"series: no series has more than horizon = {horizon} values, so there "
            "is no training window; give longer series or a shorter horizon"
        )
    candidates = [
        _Member(lb, scaler, seed + r)
        for lb in lookbacks
        for scaler in scalers
        for r in range(repeats)
    ]
    start = time.process_time()
    choices: dict[str, Any] = {
        "candidates": {m.label(): None for m in candidates},
        "settings": {k: v for k, v in settings.items() if k != "horizon"},
        "network_weight": 1.0,
    }
    members = candidates
    if validate and (len(candidates) > 1 or classical is not None):
        members = _choose(
            values, period, candidates, ensemble_size, classical, settings, choices
        )
    settings.pop("_windows", None)  # the cut series' windows: not for the refit
    choices["members"] = [m.label() for m in members]
    # a member the selection took twice counts twice in the median, trained once
    trained = {m: _train_member(values, m, settings) for m in dict.fromkeys(members)}
    choices["cpu_seconds"] = round(time.process_time() - start, 2)
    return GlobalForecaster(
        horizon=horizon,
        period=period,
        members=members,
        networks=[trained[m][0] for m in members],
        histories=[trained[m][1] for m in members],
        weight=choices["network_weight"],
        choices=choices,
    )


def _theta(series: list[np.ndarray], horizon: int, period: int) -> np.ndarray:
    """The Theta method's forecasts ``(S, H)``; the last value for a 1-value series."""
    from tslib.classical import theta

    with warnings.catch_warnings():  # a non-positive seasonal series: not adjusted
        warnings.simplefilter("ignore", UserWarning)
        return np.stack(
            [
                theta(s, horizon, period) if len(s) > 1 else np.full(horizon, s[-1])
                for s in series
            ]
        )


def _choose(
    values: list[np.ndarray],
    period: int,
    candidates: list[_Member],
    ensemble_size: int,
    classical: str | None,
    settings: dict,
    choices: dict,
) -> list[_Member]:
    """Score the candidates on the last ``horizon`` of each series; pick the members."""
    horizon = settings["horizon"]
    fit_part = [s[:-horizon] for s in values if len(s) > horizon]
    if not any(len(s) > horizon for s in fit_part):
        raise ValueError(
            f"series: validation needs a series with more than 2 * horizon = "
            f"{2 * horizon} values (the last horizon is held out); give longer "
            "series, a shorter horizon, or validate=False"
        )
    actual = np.stack([s[-horizon:] for s in values if len(s) > horizon])
    forecasts = np.stack(
        [
            _forecast(_train_member(fit_part, m, settings)[0], fit_part, m, horizon)
            for m in candidates
        ]
    )
    defined = ~np.isnan(_mase_rows(fit_part, actual, forecasts, period)).any(axis=0)
    if not defined.any():
        raise ValueError(
            "series: no series has a defined validation MASE (it needs more than "
            f"period = {period} values before its validation period and a scale); "
            "give longer series or validate=False"
        )

    def score(f: np.ndarray) -> float:
        return float(np.mean(_mase_rows(fit_part, actual, f, period)[defined]))

    for m, f in zip(candidates, forecasts):
        choices["candidates"][m.label()] = round(score(f), 4)
    picked = _greedy_median(score, forecasts, ensemble_size)
    networks = np.median(forecasts[picked], axis=0)
    choices["validation_mase_networks"] = best = round(score(networks), 4)
    if classical is not None:
        theta = _theta(fit_part, horizon, period)
        choices["validation_mase_theta"] = round(score(theta), 4)
        for w in WEIGHTS[-2::-1]:  # from the networks down: a tie keeps more networks
            s = round(score(w * networks + (1 - w) * theta), 4)
            if s < best:
                best, choices["network_weight"] = s, w
    choices["validation_mase"] = best
    choices["validation_series"] = int(defined.sum())
    return [candidates[i] for i in picked]
