"""Tests of the probabilistic metrics: pinball, WQL, coverage, width, MSIS, CRPS."""

import numpy as np
import pytest

from tslib.metrics import (
    coverage,
    crps_quantiles,
    crps_samples,
    interval_width,
    msis,
    pinball_loss,
    quantile_coverage,
    samples_to_quantiles,
    wql,
)

LEVELS = np.round(np.arange(0.1, 1.0, 0.1), 1)


def test_wql_of_a_point_forecast_is_the_wape():
    # the published seasonal-naive WQL of Chronos is this identity
    rng = np.random.default_rng(0)
    y = rng.uniform(1, 10, size=(5, 4))
    f = y + rng.normal(size=(5, 4))
    q = np.repeat(f[..., None], len(LEVELS), axis=-1)
    wape = np.abs(y - f).sum() / np.abs(y).sum()
    assert wql(y, q, LEVELS) == pytest.approx(wape)


def test_wql_against_gluonts_definition():
    rng = np.random.default_rng(1)
    y = rng.uniform(1, 10, size=(3, 6))
    q = np.sort(rng.uniform(0, 12, size=(3, 6, 9)), axis=-1)
    per_level = [
        2
        * np.sum(np.abs((y - q[..., j]) * ((y <= q[..., j]) - level)))
        / np.abs(y).sum()
        for j, level in enumerate(LEVELS)
    ]
    assert wql(y, q, LEVELS) == pytest.approx(np.mean(per_level))


def test_pinball_and_crps_agree_for_many_quantiles():
    # CRPS = 2 * integral of the pinball loss over levels: a fine grid gets close
    rng = np.random.default_rng(2)
    samples = rng.normal(size=(20, 4000))
    y = rng.normal(size=20)
    levels = np.linspace(0.005, 0.995, 199)
    q = samples_to_quantiles(samples, levels)
    assert crps_quantiles(y, q, levels) == pytest.approx(
        crps_samples(y, samples), rel=0.02
    )
    assert pinball_loss(y, q, levels) == pytest.approx(crps_quantiles(y, q, levels) / 2)


def test_crps_of_one_sample_is_the_absolute_error():
    assert crps_samples([1.0, 2.0], [[4.0], [0.0]]) == pytest.approx(2.5)


def test_crps_samples_matches_the_pairwise_formula():
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=7), 0.3
    pairwise = np.abs(x[:, None] - x[None, :]).mean()
    expected = np.abs(x - y).mean() - 0.5 * pairwise
    assert crps_samples([y], x[None]) == pytest.approx(expected)


def test_coverage_width_and_msis():
    y = np.array([1.0, 2.0, 3.0, 10.0])
    lo, hi = np.array([0.0, 2.5, 2.0, 8.0]), np.array([2.0, 3.0, 4.0, 9.0])
    assert coverage(y, lo, hi) == 0.5
    assert interval_width(lo, hi) == pytest.approx(1.375)
    # M4 MSIS by hand: widths 2, .5, 2, 1; misses 0.5 (below) and 1 (above); alpha .2
    y_train = np.array([1.0, 2.0, 4.0])  # scale (1 + 2) / 2 = 1.5
    by_hand = (5.5 + 10 * 0.5 + 10 * 1.0) / 4 / 1.5
    assert msis(y, lo, hi, y_train, season=1, alpha=0.2) == pytest.approx(by_hand)


def test_quantile_coverage_of_calibrated_quantiles_is_the_levels():
    rng = np.random.default_rng(4)
    y = rng.uniform(size=100_000)
    q = np.broadcast_to(LEVELS, (100_000, 9))  # the true quantiles of U(0, 1)
    np.testing.assert_allclose(quantile_coverage(y, q, LEVELS), LEVELS, atol=0.01)


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="last axis"):
        wql(np.ones((2, 3)), np.ones((2, 4, 9)), LEVELS)
    with pytest.raises(ValueError, match="9 quantile levels"):
        wql(np.ones((2, 3)), np.ones((2, 3, 9)), [0.1, 0.5])
    with pytest.raises(ValueError, match="sum to 0"):
        wql(np.zeros(3), np.ones((3, 9)), LEVELS)
    with pytest.raises(ValueError, match="crossed"):
        interval_width([1.0], [0.0])
    with pytest.raises(ValueError, match="alpha"):
        msis([1.0], [0.0], [2.0], [1.0, 2.0], alpha=1.0)
