"""Tests of the global recipe ``fit_global`` (tslib.recipe)."""

from __future__ import annotations

import numpy as np
import pytest

from tslib import recipe
from tslib.recipe import GlobalForecaster, fit_global

TINY = dict(steps=20, epochs=2, width=8, n_blocks=1, n_layers=1, batch_size=32)
MEAN = dict(scalers=("mean",))


def panel(n: int = 6, level: float = 100.0, seed: int = 0) -> list[np.ndarray]:
    """Seasonal series of different lengths and levels around ``level``."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        t = np.arange(int(rng.integers(30, 50)))
        a = level * (1 + i) / n
        out.append(a + 0.2 * a * np.sin(2 * np.pi * t / 12) + rng.normal(0, 0.01 * a))
    return out


def test_shapes_and_report():
    series = panel()
    model = fit_global(series, horizon=5, period=12, lookbacks=(1, 2), **TINY)
    assert isinstance(model, GlobalForecaster)
    assert len(model.choices["candidates"]) == 4  # 2 lookbacks x 2 scalers
    forecast = model.predict(series)
    assert forecast.shape == (6, 5) and forecast.dtype == np.float64
    assert model.predict(series[:2]).shape == (2, 5)
    c = model.choices
    assert set(c["candidates"]) == {
        f"L={k}H/{s}/seed 0" for k in (1, 2) for s in ("mean", "robust")
    }
    assert all(isinstance(v, float) for v in c["candidates"].values())
    assert set(c["members"]) <= set(c["candidates"])
    assert c["validation_mase"] <= min(c["candidates"].values()) + 1e-12
    assert c["cpu_seconds"] > 0
    assert "GlobalForecaster(horizon=5, period=12" in repr(model)


def test_original_scale():
    """Forecasts follow each series' level, and scale with it (mean scaler)."""
    series = panel(level=1000.0)
    model = fit_global(series, horizon=4, period=12, lookbacks=(2,), **TINY, **MEAN)
    forecast = model.predict(series)
    levels = np.array([s[-12:].mean() for s in series])
    assert np.all(np.abs(forecast.mean(axis=1) / levels - 1) < 0.5)
    scaled = model.predict([1e3 * s for s in series])
    np.testing.assert_allclose(scaled, 1e3 * forecast, rtol=1e-4)


@pytest.mark.parametrize("scaler", ["mean", "robust"])
def test_scalers(scaler):
    series = panel()
    model = fit_global(
        series, horizon=3, period=12, lookbacks=(2,), scalers=(scaler,), **TINY
    )
    forecast = model.predict(series)
    assert forecast.shape == (6, 3) and np.all(np.isfinite(forecast))


def test_reproducible_by_seed():
    series = panel()
    kwargs = dict(horizon=4, period=12, lookbacks=(1, 2), **TINY, **MEAN)
    a = fit_global(series, seed=3, **kwargs)
    b = fit_global(series, seed=3, **kwargs)
    c = fit_global(series, seed=4, **kwargs)
    np.testing.assert_array_equal(a.predict(series), b.predict(series))
    assert a.choices["candidates"] == b.choices["candidates"]
    assert not np.allclose(a.predict(series), c.predict(series))


def test_choices_never_train_on_the_validation_period(monkeypatch):
    """Candidates are trained on the series without their last horizon only."""
    series = panel()
    horizon = 4
    seen = []
    train = recipe._train_member

    def spy(values, member, settings):
        seen.append([v.copy() for v in values])
        return train(values, member, settings)

    monkeypatch.setattr(recipe, "_train_member", spy)
    model = fit_global(
        series,
        horizon=horizon,
        period=12,
        lookbacks=(1, 2),
        ensemble_size=1,
        **TINY,
        **MEAN,
    )
    # two candidates on the cut series, then the one chosen member on the whole ones
    assert len(seen) == 3
    for values in seen[:2]:
        for cut, full in zip(values, series):
            np.testing.assert_array_equal(cut, full[:-horizon])
    for whole, full in zip(seen[2], series):
        np.testing.assert_array_equal(whole, full)
    assert len(model.members) == 1

    # the validation period changes the choice only through the scores: the same
    # candidates are trained whatever its values
    seen.clear()
    changed = [np.r_[s[:-horizon], s[-horizon:] * 3] for s in series]
    fit_global(
        changed,
        horizon=horizon,
        period=12,
        lookbacks=(1, 2),
        ensemble_size=1,
        **TINY,
        **MEAN,
    )
    for values in seen[:2]:
        for cut, full in zip(values, series):
            np.testing.assert_array_equal(cut, full[:-horizon])


def test_one_candidate_or_no_validation_trains_once():
    series = panel()
    one = fit_global(
        series, horizon=4, period=12, lookbacks=(2,), classical=None, **TINY, **MEAN
    )
    assert "validation_mase" not in one.choices
    assert one.choices["members"] == ["L=2H/mean/seed 0"]
    several = fit_global(
        series, horizon=4, period=12, lookbacks=(1, 2), validate=False, **TINY, **MEAN
    )
    assert len(several.members) == 2 and "validation_mase" not in several.choices
    assert one.weight == several.weight == 1.0


def test_weight_against_theta_is_chosen_on_validation_and_used():
    """Straight lines: Theta follows them, a barely trained network does not."""
    from tslib.classical import theta

    rng = np.random.default_rng(1)
    series = [a + b * np.arange(40.0) for a, b in rng.uniform(10, 20, (6, 2))]
    tiny = TINY | dict(steps=2, epochs=1)
    model = fit_global(series, horizon=4, period=1, lookbacks=(2,), **tiny, **MEAN)
    c = model.choices
    assert model.weight == c["network_weight"] == 0.0
    assert c["validation_mase"] == c["validation_mase_theta"]
    assert c["validation_mase_networks"] > 2 * c["validation_mase_theta"]
    expected = np.stack([theta(s, 4, 1) for s in series])
    np.testing.assert_allclose(model.predict(series), expected)


def test_short_series_are_forecast():
    series = panel() + [np.array([5.0, 6.0])]  # shorter than the horizon
    model = fit_global(series, horizon=4, period=12, lookbacks=(1, 2), **TINY)
    forecast = model.predict(series)
    assert forecast.shape == (7, 4) and np.all(np.isfinite(forecast))


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (dict(series=np.ones((3, 20))), TypeError, "series must be a list"),
        (dict(series=[]), ValueError, "series is empty"),
        (dict(series=[np.ones(20), np.ones((2, 2))]), ValueError, r"series\[1\]"),
        (dict(series=[np.ones(20), [1.0, np.nan] * 9]), ValueError, r"series\[1\]"),
        (dict(series=[np.ones(20), np.array([])]), ValueError, r"series\[1\]"),
        (dict(series=[np.ones(3)]), ValueError, "no series has more than horizon"),
        (dict(horizon=0), ValueError, "horizon must be >= 1, got 0"),
        (dict(horizon=2.5), TypeError, "horizon must be an int"),
        (dict(period=0), ValueError, "period must be >= 1"),
        (dict(scalers=("minmax",)), ValueError, "scalers must be one of"),
        (dict(classical="ets"), ValueError, "classical must be one of"),
        (dict(scalers="mean"), TypeError, "scalers must be a tuple"),
        (dict(lookbacks=()), ValueError, "lookbacks is empty"),
        (dict(lookbacks=(0,)), ValueError, "lookbacks must be >= 1"),
        (dict(steps=25), ValueError, "steps must be a multiple of epochs"),
        (dict(lr=-1.0), ValueError, "lr"),
        (dict(validate="yes"), TypeError, "validate must be True or False"),
        (dict(seed=-1), ValueError, "seed"),
    ],
)
def test_bad_input(kwargs, error, match):
    args = dict(series=panel(), horizon=4, period=12) | TINY | MEAN | kwargs
    with pytest.raises(error, match=match):
        fit_global(**args)


def test_predict_checks_its_input():
    model = fit_global(panel(), horizon=4, period=12, lookbacks=(2,), **TINY, **MEAN)
    with pytest.raises(TypeError, match="series must be a list"):
        model.predict(np.ones(10))
    with pytest.raises(ValueError, match=r"series\[0\]"):
        model.predict([np.array([np.inf, 1.0])])


def test_greedy_median_selection():
    """The greedy selection adds members only while the median improves."""
    truth = np.zeros((1, 4))
    forecasts = np.array([[[1.0] * 4], [[-1.0] * 4], [[0.5] * 4], [[3.0] * 4]])

    def score(f):
        return float(np.abs(f - truth).mean())

    chosen = recipe._greedy_median(score, forecasts, max_size=5)
    assert chosen[0] == 2  # the best single candidate first
    assert score(np.median(forecasts[chosen], axis=0)) < 0.5
    assert recipe._greedy_median(score, forecasts, max_size=1) == [2]
