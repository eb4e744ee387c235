"""Full-size runs behind Chapter 6 (global models on Tourism and M3 monthly).

The chapter trains one small N-BEATS-style network per data set in a few seconds; this
script runs what does not fit in the chapter's budget and commits the results:

- ``baselines``: seasonal naive, Naive2 and Theta on every series of both data sets, and
  statsmodels' ThetaModel on M3 monthly (a check of our Theta and of the evaluation code
  against the published M3 numbers);
- ``nbeats``: the chapter's network (``small``) and a larger one (``large``), 3 seeds
each,
  on all series, and the median ensemble of the 3 seeds;
- ``curve``: test MASE on a fixed set of Tourism series against the number of series the
  network is trained on (1, 10, 100, all), model and budget fixed, 3 seeds;
- ``local``: Chapter 3's best per-series recipe (log scale, an LSTM encoder-decoder
  inside the seasonal-residual wrapper), one network per series of that set;
- ``validation``: the chapter's settings against alternatives, seed 0, on a validation
  period (the last horizon of each training part), never on the test periods.

Usage (one thread, as in the chapters)::

    python benchmarks/global_models.py            # all parts, ~15 min on a 2-core CPU
    python benchmarks/global_models.py curve      # one part

Each part writes ``tslib/results/data/global_models_<part>.json``; ``summary`` (run
last, and by every other part) collects them in
``tslib/results/data/global_models.csv``.
"""

from __future__ import annotations

import json
import math
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import torch
from torch import nn

from tslib.classical import naive2, theta
from tslib.data import make_loader, make_windows
from tslib.datasets import load_m3, load_tourism
from tslib.evaluation import panel_scores
from tslib.models import EncoderDecoderForecaster, teacher_forcing_schedule
from tslib.training import (
    count_parameters,
    fit,
    fit_global,
    forecast_series,
    predict,
    set_seed,
)

# Data files (.json, .csv) are written once, where tslib.results reads them; the
# reports (.md) stay in benchmarks/results/.
RESULTS = Path(__file__).resolve().parents[1] / "tslib" / "results" / "data"
SEASON = 12
SEEDS = (0, 1, 2)
# The chapter's recipe ("small") and a larger one that does not fit its budget.
CONFIGS = {
    "small": dict(width=128, n_blocks=4, n_layers=2, epochs=30, steps=10),
    "large": dict(width=256, n_blocks=4, n_layers=2, epochs=30, steps=50),
}
BATCH, LR, LOOKBACK_IN_H = 1024, 1e-3, 2
# Which configurations run on which data set, with which seeds: the large network costs
# ~10 times the small one, so it runs once, on M3 (where the small one trails Theta).
CONFIG_RUNS = {
    "tourism": {"small": SEEDS},
    "m3": {"small": SEEDS, "large": (0,)},
}
VALIDATION_SEEDS = (0,)
CURVE_SIZES = (1, 10, 100, None)  # None: all series
CURVE_EVAL = 20  # series every model of the curve is scored on


def load(name: str) -> list:
    """The monthly series of ``tourism`` or ``m3``."""
    return (load_tourism if name == "tourism" else load_m3)(frequency="monthly")


def train_nbeats(
    train: list[np.ndarray], horizon: int, seed: int, config: dict
) -> tuple[nn.Module, float, int]:
    """The chapter's network: ``fit_global`` with one candidate and no choices.

    Scaled windows, L1 loss, Adam with a cosine decay over the epochs; with
    ``cosine=False``, one period of ``epochs * steps`` steps: a constant rate.
    """
    epochs = config["epochs"] if config.get("cosine", True) else 1
    recipe = fit_global(
        train,
        horizon=horizon,
        period=SEASON,
        seed=seed,
        lookbacks=(config.get("lookback_in_h", LOOKBACK_IN_H),),
        scalers=("mean",),
        classical=None,
        steps=config["epochs"] * config["steps"],
        epochs=epochs,
        width=config["width"],
        n_blocks=config["n_blocks"],
        n_layers=config["n_layers"],
        batch_size=BATCH,
        lr=LR,
    )
    model = recipe.networks[0]
    return model, recipe.choices["cpu_seconds"], count_parameters(model)


def scores_of(series: list, forecasts: np.ndarray) -> dict[str, float]:
    s = panel_scores(
        [r.train for r in series], [r.test for r in series], forecasts, SEASON
    )
    return {name: float(np.nanmean(v)) for name, v in s.items()}


def per_series(fn, series: list) -> tuple[np.ndarray, float]:
    start = time.process_time()
    out = np.stack([fn(r.train, r.horizon, SEASON) for r in series])
    return out, time.process_time() - start


def snaive(y: np.ndarray, horizon: int, period: int) -> np.ndarray:
    return y[-period:][np.arange(horizon) % period]


def sm_theta(y: np.ndarray, horizon: int, period: int) -> np.ndarray:
    from statsmodels.tsa.forecasting.theta import ThetaModel

    return np.asarray(ThetaModel(y, period=period).fit().forecast(horizon))


def part_baselines() -> dict:
    out: dict = {}
    warnings.filterwarnings("ignore")
    for name in ("tourism", "m3"):
        series = load(name)
        methods = {"seasonal_naive": snaive, "naive2": naive2, "theta": theta}
        if name == "m3":
            methods["theta_statsmodels"] = sm_theta
        out[name] = {}
        for method, fn in methods.items():
            forecasts, seconds = per_series(fn, series)
            out[name][method] = scores_of(series, forecasts) | {"cpu_s": seconds}
            print(name, method, out[name][method], flush=True)
    return out


def part_nbeats() -> dict:
    out: dict = {}
    for name in ("tourism", "m3"):
        series = load(name)
        train, horizon = [r.train for r in series], series[0].horizon
        out[name] = {}
        for cfg_name, cfg in CONFIGS.items():
            if cfg_name not in CONFIG_RUNS[name]:
                continue
            runs, forecasts = [], []
            for seed in CONFIG_RUNS[name][cfg_name]:
                model, seconds, params = train_nbeats(train, horizon, seed, cfg)
                f = forecast_series(model, train, LOOKBACK_IN_H * horizon)
                forecasts.append(f)
                runs.append(scores_of(series, f) | {"seed": seed, "cpu_s": seconds})
                print(name, cfg_name, runs[-1], flush=True)
            ensemble = scores_of(series, np.median(forecasts, axis=0))
            out[name][cfg_name] = {
                "config": cfg,
                "params": params,
                "steps": cfg["epochs"] * cfg["steps"],
                "batch": BATCH,
                "runs": runs,
                "ensemble_of_seeds": ensemble,
            }
            print(name, cfg_name, "ensemble", ensemble, flush=True)
    return out


def _curve_sets(n_series: int) -> tuple[np.ndarray, np.ndarray]:
    """A fixed evaluation set and an order of the others (nested training sets)."""
    order = np.random.default_rng(0).permutation(n_series)
    return order[:CURVE_EVAL], order[CURVE_EVAL:]


def part_curve() -> dict:
    series = load("tourism")
    horizon = series[0].horizon
    evaluation, others = _curve_sets(len(series))
    cfg = CONFIGS["small"]
    rows = []
    for seed in SEEDS:
        for size in CURVE_SIZES:
            start = time.process_time()
            if size == 1:  # one network per evaluation series (local models)
                forecasts = []
                for i in evaluation:
                    model, _, _ = train_nbeats([series[i].train], horizon, seed, cfg)
                    f = forecast_series(model, [series[i].train], 2 * horizon)
                    forecasts.append(f[0])
                forecasts = np.stack(forecasts)
            else:
                members = np.r_[evaluation, others][: size or len(series)]
                if size is not None and size < CURVE_EVAL:  # groups of `size` series
                    groups = np.array_split(evaluation, CURVE_EVAL // size)
                else:
                    groups = [members]
                forecasts = np.zeros((CURVE_EVAL, horizon))
                for group in groups:
                    train = [series[i].train for i in group]
                    model, _, _ = train_nbeats(train, horizon, seed, cfg)
                    f = forecast_series(model, train, 2 * horizon)
                    for j, i in enumerate(group):
                        if i in evaluation:
                            forecasts[list(evaluation).index(i)] = f[j]
            sub = [series[i] for i in evaluation]
            row = {
                "seed": seed,
                "n_series": size or len(series),
                "cpu_s": time.process_time() - start,
            } | scores_of(sub, forecasts)
            rows.append(row)
            print("curve", row, flush=True)
    return {
        "evaluation_series": [series[i].id for i in evaluation],
        "config": cfg,
        "rows": rows,
    }


VALIDATION_CONFIGS = {
    "chapter (width 128, L = 2H, cosine)": CONFIGS["small"],
    "constant learning rate": CONFIGS["small"] | {"cosine": False},
    "L = 4H": CONFIGS["small"] | {"lookback_in_h": 4},
    "width 256": CONFIGS["small"] | {"width": 256},
}


def part_validation() -> dict:
    """The chapter's choices, compared on a validation period: the last H of each train.

    Every model is trained on the training parts without their last ``H`` values and
    scored on those values; the test periods are not used.
    """
    out: dict = {}
    for name in ("tourism", "m3"):
        series = load(name)
        horizon = series[0].horizon
        fit_part = [r.train[:-horizon] for r in series]
        val_part = [r.train[-horizon:] for r in series]
        out[name] = {}
        for label, cfg in VALIDATION_CONFIGS.items():
            runs = []
            for seed in VALIDATION_SEEDS:
                model, seconds, _ = train_nbeats(fit_part, horizon, seed, cfg)
                lookback = cfg.get("lookback_in_h", LOOKBACK_IN_H) * horizon
                f = forecast_series(model, fit_part, lookback)
                s = panel_scores(fit_part, val_part, f, SEASON)
                runs.append(float(s["mase"].mean()))
            out[name][label] = {"val_mase": runs, "mean": float(np.mean(runs))}
            print(name, label, out[name][label], flush=True)
    return out


class SeasonalResidual(nn.Module):
    """Chapter 3's wrapper, seasonal naive plus a correction: (B, L, 1) -> (B, H, 1).

    The network reads the window's changes since its last value; its output is added to
    the seasonal naive forecast. Chapter 3 has H <= season; here (H = 24, season 12) the
    last season is repeated, which is the same forecast for H <= season.
    """

    def __init__(self, network: nn.Module, period: int, horizon: int) -> None:
        super().__init__()
        self.network, self.period, self.horizon = network, period, horizon

    def forward(self, x: torch.Tensor, target: torch.Tensor | None = None):
        series = x[..., :1]  # (B, L, 1)
        repeats = math.ceil(self.horizon / self.period)
        base = series[:, -self.period :].repeat(1, repeats, 1)[:, : self.horizon]
        inputs = series - series[:, -1:]  # (B, L, 1): changes since the last value
        if target is None:
            return base + self.network(inputs)
        return base + self.network(inputs, target=target - base)  # teacher forcing

    @property
    def teacher_forcing_ratio(self) -> float:
        return self.network.teacher_forcing_ratio

    @teacher_forcing_ratio.setter
    def teacher_forcing_ratio(self, value: float) -> None:
        self.network.teacher_forcing_ratio = value


# Chapter 3's per-series recipe (its AirPassengers settings): log scale, standardised on
# the history, lookback 24, an LSTM encoder-decoder of width 16 inside SeasonalResidual,
# 100 epochs of batches of 128 at learning rate 1e-2, gradients clipped at 1, teacher
# forcing decaying from 1 to 0 over the first half of the epochs.
LOCAL = dict(lookback=24, hidden=16, epochs=100, batch=128, lr=1e-2, grad_clip=1.0)


def part_local() -> dict:
    """One network per series (Chapter 3's best recipe), seed 0, on the curve's set."""
    series = load("tourism")
    horizon = series[0].horizon
    evaluation, _ = _curve_sets(len(series))
    lookback = LOCAL["lookback"]
    forecasts, start = [], time.process_time()
    for i in evaluation:
        set_seed(0)
        # log(1 + y): a few Tourism series have zero months, where Chapter 3 used log(y)
        log_train = np.log1p(series[i].train.astype(np.float64))
        mean, sd = log_train.mean(), log_train.std()
        z = ((log_train - mean) / sd).astype(np.float32)[:, None]  # (T, 1)
        X, y = make_windows(z, lookback, horizon)
        model = SeasonalResidual(
            EncoderDecoderForecaster(1, hidden_size=LOCAL["hidden"], horizon=horizon),
            SEASON,
            horizon,
        )
        fit(
            model,
            make_loader(X, y, batch_size=LOCAL["batch"], shuffle=True, seed=0),
            epochs=LOCAL["epochs"],
            lr=LOCAL["lr"],
            grad_clip=LOCAL["grad_clip"],
            teacher_forcing=True,
            on_epoch_start=teacher_forcing_schedule(1.0, 0.0, LOCAL["epochs"] // 2),
            progress=False,
            device="cpu",
        )
        z_forecast = predict(model, z[None, -lookback:])[0, :, 0]  # (H,)
        forecasts.append(np.expm1(z_forecast * sd + mean))
    sub = [series[i] for i in evaluation]
    return scores_of(sub, np.stack(forecasts)) | {
        "recipe": "Chapter 3: log, SeasonalResidual(LSTM encoder-decoder)",
        "settings": LOCAL,
        "cpu_s": time.process_time() - start,
        "params": count_parameters(model),
        "series": len(evaluation),
    }


def summary() -> None:
    """Collect the parts' results into one CSV table (method, data set, metrics)."""
    lines = ["dataset,method,mase,smape,mape,mase_sd,cpu_s,params,seeds"]
    path = RESULTS / "global_models_baselines.json"
    if path.exists():
        for name, methods in json.loads(path.read_text())["results"].items():
            for method, s in methods.items():
                lines.append(
                    f"{name},{method},{s['mase']:.4f},{s['smape']:.3f},{s['mape']:.3f},"
                    f",{s['cpu_s']:.2f},,"
                )
    path = RESULTS / "global_models_nbeats.json"
    if path.exists():
        for name, cfgs in json.loads(path.read_text())["results"].items():
            for cfg_name, r in cfgs.items():
                m = {k: np.array([run[k] for run in r["runs"]]) for k in r["runs"][0]}
                sd = f"{m['mase'].std(ddof=1):.4f}" if len(r["runs"]) > 1 else ""
                lines.append(
                    f"{name},nbeats_{cfg_name},{m['mase'].mean():.4f},"
                    f"{m['smape'].mean():.3f},{m['mape'].mean():.3f},"
                    f"{sd},{m['cpu_s'].mean():.2f},"
                    f"{r['params']},{len(r['runs'])}"
                )
                if len(r["runs"]) == 1:
                    continue
                e = r["ensemble_of_seeds"]
                lines.append(
                    f"{name},nbeats_{cfg_name}_ensemble,{e['mase']:.4f},"
                    f"{e['smape']:.3f},{e['mape']:.3f},,"
                    f"{m['cpu_s'].sum():.2f},{3 * r['params']},{len(r['runs'])}"
                )
    (RESULTS / "global_models.csv").write_text("\n".join(lines) + "\n")


PARTS = {
    "baselines": part_baselines,
    "nbeats": part_nbeats,
    "curve": part_curve,
    "local": part_local,
    "validation": part_validation,
}


def main(parts: list[str]) -> None:
    torch.set_num_threads(1)
    RESULTS.mkdir(exist_ok=True)
    for part in parts:
        start = time.perf_counter()
        results = PARTS[part]()
        meta = {
            "script": "benchmarks/global_models.py",
            "part": part,
            "torch": torch.__version__,
            "python": platform.python_version(),
            "threads": 1,
            "wall_s": round(time.perf_counter() - start, 1),
        }
        path = RESULTS / f"global_models_{part}.json"
        path.write_text(json.dumps({"meta": meta, "results": results}, indent=1))
        print("wrote", path, meta["wall_s"], "s", flush=True)
    summary()


if __name__ == "__main__":
    chosen = sys.argv[1:] or list(PARTS)
    unknown = [p for p in chosen if p not in PARTS]
    if unknown:
        raise SystemExit(f"unknown part(s) {unknown}; choose from {list(PARTS)}")
    main(chosen)
