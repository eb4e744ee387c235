"""A global forecasting recipe: ``fit_global``, the forecasting sibling of
``fit_classifier``.

One call trains a small median ensemble of N-BEATS-style networks
(:class:`tslib.models.NBeatsForecaster`) on the windows of many series, each window
scaled on its own inputs, and returns a :class:`GlobalForecaster` whose ``predict``
gives the next ``horizon`` values of every series on the original scale.

The recipe makes its own choices on a *validation period*: the last ``horizon`` values
of each training series. Every candidate member is first trained on the series without
their last ``horizon`` values and scored there (mean MASE over series); a greedy
selection (with replacement, as in ensemble selection) keeps the members whose median
forecast scores best; only the chosen members are then trained again on the whole
series. The values after the end of the given series are never seen, and the last
``horizon`` values of each series are used for the choices only through that first,
cut copy. ``GlobalForecaster.choices`` reports what was chosen and why.

The defaults were chosen on the validation periods of Tourism monthly and M3 monthly
only (``benchmarks/held_out.py`` then runs them unchanged on every other competition
set that tslib loads).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.optim.lr_scheduler import LambdaLR
from torch.utils.data import DataLoader, IterableDataset

from tslib._validate import (
    check_choice,
    check_float,
    check_int,
    check_seed,
    check_series_list,
    describe,
)
from tslib.data.scalers import mean_abs_scale

__all__ = ["GlobalForecaster", "fit_global"]

SCALERS = ("mean", "robust")
SAMPLINGS = ("series", "window")
LOSSES = ("mae", "smape", "mape")


# --------------------------------------------------------------------------- checks
def _check_tuple(value: Any, name: str, item: Any) -> tuple:
    """A non-empty tuple of checked items from a tuple or list."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (tuple, list)):
        raise TypeError(f"{name} must be a tuple, got {describe(value)}")
    if len(value) == 0:
        raise ValueError(f"{name} is empty: expected at least one value")
    return tuple(item(v) for v in value)


# --------------------------------------------------------------------------- scaling
def _location_scale(inputs: np.ndarray, scaler: str) -> tuple[np.ndarray, np.ndarray]:
    """Per-window location and scale of ``inputs`` ``(N, L)`` (NaN where padded).

    ``"mean"``: location 0, scale the mean absolute value (N-BEATS, Chapter 6).
    ``"robust"``: location the median, scale the interquartile range. A scale of 0 (a
    constant window) falls back to the mean absolute value, then to 1.
    """
    fallback = mean_abs_scale(inputs, axis=1, ignore_nan=True)[:, 0]  # 0 -> 1
    if scaler == "mean":
        return np.zeros(len(inputs)), fallback
    q = np.empty((3, len(inputs)))
    n_pad = np.isnan(inputs).sum(axis=1)  # padding is on the left only
    for k in np.unique(n_pad):  # windows with as much padding: np.quantile is fast
        rows = n_pad == k
        q[:, rows] = np.quantile(inputs[rows, k:], [0.25, 0.5, 0.75], axis=1)
    q25, q50, q75 = q
    iqr = q75 - q25
    return q50, np.where(iqr > 0, iqr, fallback)


@dataclass
class _Windows:
    """Training windows of a panel: scaled inputs and targets, per-series offsets."""

    X: np.ndarray  # (N, L) float32, scaled, 0 where padded
    y: np.ndarray  # (N, H) float32, scaled
    shift: np.ndarray  # (N,) float32: location / scale (for the relative losses)
    start: np.ndarray  # (S_w,) first window of each series that has windows
    count: np.ndarray  # (S_w,) number of windows of each of these series


def _windows(
    series: list[np.ndarray], lookback: int, horizon: int, scaler: str
) -> _Windows:
    """Every (input, target) window of every series with a full target."""
    X, y, shift, counts = [], [], [], []
    for s in series:
        last = len(s) - horizon  # the latest origin with a full target
        if last < 1:
            continue  # too short to give one target: used as input only (predict)
        origins = np.arange(1, last + 1)
        padded = np.concatenate([np.full(lookback, np.nan), s])
        inputs = np.lib.stride_tricks.sliding_window_view(padded, lookback)[origins]
        targets = np.lib.stride_tricks.sliding_window_view(s, horizon)[origins]
        loc, scale = _location_scale(inputs, scaler)
        X.append(np.nan_to_num((inputs - loc[:, None]) / scale[:, None], nan=0.0))
        y.append((targets - loc[:, None]) / scale[:, None])
        shift.append(loc / scale)
        counts.append(len(origins))
    if not X:
        raise ValueError(
            f"series: no series has more than horizon = {horizon} values, so there "
            "is no training window; give longer series or a shorter horizon"
        )
    count = np.array(counts)
    return _Windows(
        X=np.concatenate(X).astype(np.float32),
        y=np.concatenate(y).astype(np.float32),
        shift=np.concatenate(shift).astype(np.float32),
        start=np.r_[0, np.cumsum(count)[:-1]],
        count=count,
    )


def _last_windows(
    series: list[np.ndarray], lookback: int, scaler: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The last ``lookback`` values of each series, scaled: ``(S, L)``, loc, scale."""
    inputs = np.full((len(series), lookback), np.nan)
    for i, s in enumerate(series):
        tail = s[-lookback:]
        inputs[i, lookback - len(tail) :] = tail
    loc, scale = _location_scale(inputs, scaler)
    X = np.nan_to_num((inputs - loc[:, None]) / scale[:, None], nan=0.0)
    return X.astype(np.float32), loc, scale


class _Batches(IterableDataset):
    """``steps`` random batches ``(x (B, L, 1), y (B, H, 2))`` per pass.

    ``y[..., 0]`` is the scaled target, ``y[..., 1]`` the window's location divided by
    its scale (which the relative losses need to recover the original ratios).
    ``"series"`` sampling draws a series uniformly, then one of its windows;
    ``"window"`` draws a window uniformly (long series weigh more).
    """

    def __init__(
        self, w: _Windows, batch_size: int, steps: int, sampling: str, seed: int
    ) -> None:
        super().__init__()
        self.X = torch.from_numpy(w.X)
        self.y = torch.from_numpy(
            np.stack([w.y, np.repeat(w.shift[:, None], w.y.shape[1], 1)], -1)
        )
        self.start = torch.from_numpy(w.start)
        self.count = torch.from_numpy(w.count)
        self.batch_size, self.steps, self.sampling = batch_size, steps, sampling
        self.generator = torch.Generator().manual_seed(seed)

    def __len__(self) -> int:
        return self.steps

    def __iter__(self) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        B, g = self.batch_size, self.generator
        for _ in range(self.steps):
            if self.sampling == "series":
                s = torch.randint(len(self.count), (B,), generator=g)
                u = torch.rand(B, generator=g, dtype=torch.float64)
                idx = self.start[s] + (u * self.count[s]).long()
            else:
                idx = torch.randint(len(self.X), (B,), generator=g)
            yield self.X[idx].unsqueeze(-1), self.y[idx]


# --------------------------------------------------------------------------- losses
class _Loss(nn.Module):
    """A loss of scaled forecasts ``(B, H, 1)`` against targets ``(B, H, 2)``."""

    checks_shapes = True  # the targets carry a second channel: fit must not compare

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def forward(self, out: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        f, y, shift = out[..., 0], target[..., 0], target[..., 1]
        err = (f - y).abs()
        if self.kind == "mae":  # absolute error relative to the window's scale
            return err.mean()
        if self.kind == "smape":  # on the original scale: (y + shift) * scale
            denom = (y + shift).abs() + (f + shift).abs()
            return (2 * err / denom.clamp_min(1e-8)).mean()
        actual = (y + shift).abs()  # "mape": windows' zero actuals are left out
        keep = actual > 1e-8
        return (err[keep] / actual[keep]).mean() if bool(keep.any()) else err.sum() * 0


# --------------------------------------------------------------------------- members
@dataclass(frozen=True)
class _Member:
    """One network of the ensemble: lookback (in horizons), loss, scaler and seed."""

    lookback: int  # multiple of the horizon
    loss: str
    scaler: str
    seed: int

    def label(self) -> str:
        return f"L={self.lookback}H/{self.loss}/{self.scaler}/seed {self.seed}"


def _train_member(
    series: list[np.ndarray], member: _Member, settings: dict
) -> tuple[nn.Module, Any]:
    """Train one network of the recipe on all windows of ``series``.

    Returns the network (in evaluation mode) and its :class:`tslib.training.History`.
    """
    from tslib.models import NBeatsForecaster
    from tslib.training import fit, set_seed

    horizon = settings["horizon"]
    lookback = member.lookback * horizon
    set_seed(member.seed)
    key = (id(series), lookback, member.scaler)  # windows shared by the members
    cache = settings.setdefault("_windows", {})
    if key not in cache:
        cache[key] = _windows(series, lookback, horizon, member.scaler)
    w = cache[key]
    epochs, steps = settings["epochs"], settings["steps"] // settings["epochs"]
    loader = DataLoader(
        _Batches(w, settings["batch_size"], steps, settings["sampling"], member.seed),
        batch_size=None,
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
        loss_fn=_Loss(member.loss),
        progress=False,
        device="cpu",
    )
    return net.eval(), history


@torch.no_grad()
def _forecast(
    net: nn.Module, series: list[np.ndarray], lookback: int, scaler: str
) -> np.ndarray:
    """One network's forecasts ``(S, H)`` on the original scale."""
    X, loc, scale = _last_windows(series, lookback, scaler)
    out = net(torch.from_numpy(X).unsqueeze(-1))[..., 0].double().numpy()
    return out * scale[:, None] + loc[:, None]


def _mase_rows(
    train: list[np.ndarray], actual: np.ndarray, forecasts: np.ndarray, period: int
) -> np.ndarray:
    """Per-series MASE ``(S,)`` of ``forecasts`` ``(..., S, H)``; NaN where undefined.

    Undefined: a training part with no more than ``period`` values, or constant at lag
    ``period`` (no scale).
    """
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
    """Ensemble selection with replacement for a median ensemble.

    ``forecasts`` ``(M, S, H)``: the candidates' validation forecasts; ``errors`` a
    function ``(S, H) -> score`` (lower is better). Starts from the best candidate and
    adds, while the score improves and the ensemble has fewer than ``max_size``
    members, the candidate whose addition lowers the score most.
    """
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
        horizon: forecast steps ``H``.
        period: seasonal period (for the validation MASE).
        members: the chosen networks, ``(lookback multiple, loss, seed)`` each.
        networks: the trained networks, one per member.
        histories: their training histories (:class:`tslib.training.History`),
            one per member.
        choices: what the recipe chose on its validation period and why: the
            candidates' and the chosen ensemble's validation MASE, the members, the
            settings and the CPU seconds.
    """

    horizon: int
    period: int
    members: list[Any]  # the chosen candidates (lookback, loss, scaler, seed)
    networks: list[nn.Module]
    histories: list[Any]
    choices: dict = field(default_factory=dict)

    def predict(self, series: Sequence[Any]) -> np.ndarray:
        """The next ``horizon`` values after the end of each series.

        Args:
            series: ``S`` 1-D arrays (lengths may differ), on their original scale.

        Returns:
            ``(S, H)`` float64 forecasts on the original scale: the median over the
            members of their forecasts.
        """
        values = check_series_list(series, finite=True)
        f = [
            _forecast(net, values, m.lookback * self.horizon, m.scaler)
            for net, m in zip(self.networks, self.members)
        ]
        return np.median(np.stack(f), axis=0)

    def __repr__(self) -> str:
        c = self.choices
        members = ", ".join(m.label() for m in self.members)
        val = c.get("validation_mase")
        val_text = f", validation MASE {val:.4f}" if val is not None else ""
        return (
            f"GlobalForecaster(horizon={self.horizon}, period={self.period}, "
            f"{len(self.members)} member(s): [{members}]"
            f"{val_text})"
        )


def fit_global(
    series: Sequence[Any],
    *,
    horizon: int,
    period: int,
    seed: int = 0,
    lookbacks: Sequence[int] = (2, 3, 4),
    losses: Sequence[str] = ("mae",),
    repeats: int = 1,
    ensemble_size: int = 5,
    steps: int = 300,
    epochs: int = 30,
    width: int = 128,
    n_blocks: int = 4,
    n_layers: int = 2,
    batch_size: int = 1024,
    lr: float = 1e-3,
    scalers: Sequence[str] = ("mean", "robust"),
    sampling: str = "window",
    validate: bool = True,
) -> GlobalForecaster:
    """Train a global N-BEATS-style ensemble on many series; choose it on validation.

    The candidates are every combination of ``lookbacks`` (multiples of ``horizon``),
    ``losses`` and ``repeats`` seeds. With ``validate=True`` and more than one
    candidate, each candidate is trained on the series without their last
    ``horizon`` values and scored on them (mean MASE over series with a defined MASE);
    a greedy selection keeps up to ``ensemble_size`` of them (with replacement) whose
    median forecast has the lowest validation MASE, and only these are trained again
    on the whole series. With one candidate, or ``validate=False``, every candidate is
    a member and nothing is validated.

    Each network is a :class:`tslib.models.NBeatsForecaster` trained with
    :func:`tslib.training.fit` for ``steps`` Adam steps of ``batch_size`` random
    windows, the learning rate decaying from ``lr`` to 0 (cosine) over ``epochs``.
    Each window is scaled on its own input (``scalers``) and its forecast unscaled.

    Args:
        series: the training series, ``S`` 1-D arrays of any lengths, on their
            original scales. A series with no more than ``horizon`` values gives no
            training window but is still forecast.
        horizon: forecast steps ``H``.
        period: seasonal period (12 monthly, 4 quarterly, 1 none): the lag of the
            validation MASE.
        seed: seed of the first repeat (repeat ``r`` uses ``seed + r``); the same
            seed gives the same forecaster on the same machine and software.
        lookbacks: input lengths of the candidates, in multiples of ``horizon``.
        losses: training losses of the candidates: ``"mae"`` (absolute error of the
            scaled windows), ``"smape"``, ``"mape"``.
        repeats: seeds per (lookback, loss).
        ensemble_size: the most members the selection keeps (repeats count).
        steps: training steps per network.
        epochs: learning-rate periods of the cosine schedule (``steps`` are split
            evenly over them).
        width, n_blocks, n_layers: size of each network.
        batch_size: windows per step.
        lr: initial learning rate of Adam.
        scalers: window scalings of the candidates: ``"mean"`` (divide by the
            window's mean absolute value) or ``"robust"`` (subtract its median,
            divide by its interquartile range).
        sampling: ``"window"`` (every window equally likely) or ``"series"`` (every
            series equally likely, then one of its windows).
        validate: choose the members on the validation period (see above).

    Returns:
        A :class:`GlobalForecaster`; ``.predict(series)`` gives ``(S, H)`` forecasts
        on the original scale, ``.choices`` what was chosen.

    Raises:
        TypeError: if ``series`` is not a list of 1-D arrays, or a setting has the
            wrong type.
        ValueError: for an empty or non-finite series, a setting out of range, or no
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
        >>> len(model.choices["candidates"])  # 2 lookbacks x 2 scalers
        4
        >>> sorted(model.choices["candidates"])[:2]
        ['L=2H/mae/mean/seed 0', 'L=2H/mae/robust/seed 0']
    """
    values = check_series_list(series, finite=True)
    horizon = check_int(horizon, "horizon", minimum=1)
    period = check_int(period, "period", minimum=1)
    seed = check_seed(seed)
    lookbacks = _check_tuple(
        lookbacks, "lookbacks", lambda v: check_int(v, "lookbacks", 1)
    )
    losses = _check_tuple(losses, "losses", lambda v: check_choice(v, "losses", LOSSES))
    scalers = _check_tuple(
        scalers, "scalers", lambda v: check_choice(v, "scalers", SCALERS)
    )
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
        "sampling": check_choice(sampling, "sampling", SAMPLINGS),
    }
    if not isinstance(validate, bool):
        raise TypeError(f"validate must be True or False, got {describe(validate)}")
    candidates = [
        _Member(lb, loss, scaler, seed + r)
        for lb in lookbacks
        for loss in losses
        for scaler in scalers
        for r in range(repeats)
    ]
    if not any(len(s) > horizon for s in values):
        raise ValueError(
            f"series: no series has more than horizon = {horizon} values, so there "
            "is no training window; give longer series or a shorter horizon"
        )
    start = time.process_time()
    choices: dict[str, Any] = {
        "candidates": {m.label(): None for m in candidates},
        "settings": {k: v for k, v in settings.items() if k != "horizon"},
    }
    members = candidates
    if validate and len(candidates) > 1:
        members = _choose(
            values, horizon, period, candidates, ensemble_size, settings, choices
        )
    settings.pop("_windows", None)  # the cut series' windows: not for the refit
    choices["members"] = [m.label() for m in members]
    # a member the selection took twice counts twice in the median, trained once
    trained = {m: _train_member(values, m, settings) for m in dict.fromkeys(members)}
    networks = [trained[m][0] for m in members]
    histories = [trained[m][1] for m in members]
    choices["cpu_seconds"] = round(time.process_time() - start, 2)
    settings.pop("_windows", None)
    return GlobalForecaster(
        horizon=horizon,
        period=period,
        members=members,
        networks=networks,
        histories=histories,
        choices=choices,
    )


def _choose(
    values: list[np.ndarray],
    horizon: int,
    period: int,
    candidates: list[_Member],
    ensemble_size: int,
    settings: dict,
    choices: dict,
) -> list[_Member]:
    """Score the candidates on the last ``horizon`` of each series; pick the members."""
    fit_part = [s[:-horizon] for s in values if len(s) > horizon]
    keep = [i for i, s in enumerate(values) if len(s) > horizon]
    if not any(len(s) > horizon for s in fit_part):
        raise ValueError(
            f"series: validation needs a series with more than 2 * horizon = "
            f"{2 * horizon} values (the last horizon is held out); give longer "
            "series, a shorter horizon, or validate=False"
        )
    actual = np.stack([values[i][-horizon:] for i in keep])
    forecasts = np.stack(
        [
            _forecast(
                _train_member(fit_part, m, settings)[0],
                fit_part,
                m.lookback * horizon,
                m.scaler,
            )
            for m in candidates
        ]
    )
    rows = _mase_rows(fit_part, actual, forecasts, period)  # (M, S)
    defined = ~np.isnan(rows).any(axis=0)
    if not defined.any():
        raise ValueError(
            "series: no series has a defined validation MASE (it needs more than "
            f"period = {period} values before its validation period and a scale); "
            "give longer series or validate=False"
        )

    def score(f: np.ndarray) -> float:
        return float(np.nanmean(_mase_rows(fit_part, actual, f, period)[defined]))

    for m, f in zip(candidates, forecasts):
        choices["candidates"][m.label()] = round(score(f), 4)
    picked = _greedy_median(score, forecasts, ensemble_size)
    choices["validation_mase"] = round(score(np.median(forecasts[picked], axis=0)), 4)
    choices["validation_series"] = int(defined.sum())
    return [candidates[i] for i in picked]
