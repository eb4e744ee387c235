"""Tests of the probabilistic metrics: pinball, WQL, coverage, width, MSIS, CRPS."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tslib.conformal import QuantileConformal, SplitConformal
from tslib.metrics import (
    coverage,
    crps_samples,
    interval_width,
    msis,
    pinball_loss,
    quantile_coverage,
    samples_to_quantiles,
    wql,
)
from tslib.models import PinballLoss, QuantileForecaster

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
    assert 2 * pinball_loss(y, q, levels) == pytest.approx(
        crps_samples(y, samples), rel=0.02
    )


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
    assert msis(y, lo, hi, y_train, period=1, alpha=0.2) == pytest.approx(by_hand)


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


# --- issue 26: intervals and quantile levels, one rule each ---------------------------


def test_swapped_interval_ends_raise_everywhere():
    rng = np.random.default_rng(0)
    y = rng.normal(size=20)
    lo, hi = y - 1.0, y + 1.0
    assert coverage(y, lo, hi) == 1.0
    for call in (
        lambda: coverage(y, hi, lo),
        lambda: msis(y, hi, lo, np.arange(30.0)),
        lambda: interval_width(hi, lo),
    ):
        with pytest.raises(ValueError, match="upper end must be >= its lower end"):
            call()


def test_descending_or_repeated_levels_raise_instead_of_mislabelling():
    y = np.array([1.0, 2.0])
    q = np.stack([y - 0.5, y + 0.5], axis=-1)  # ascending columns
    assert pinball_loss(y, q, [0.1, 0.9]) == pytest.approx(0.05)
    for call in (pinball_loss, wql, quantile_coverage):
        with pytest.raises(ValueError, match="strictly increasing"):
            call(y, q, [0.9, 0.1])
        with pytest.raises(ValueError, match="strictly increasing"):
            call(y, q, [0.5, 0.5])


@pytest.mark.parametrize("quantiles", [0.5, "0.1,0.9", None])
def test_levels_that_are_no_sequence_raise_a_type_error(quantiles):
    with pytest.raises(TypeError, match="quantiles must be a sequence of levels"):
        pinball_loss([1.0], [[1.0]], quantiles)


def _quantile_calls(levels):
    """Every public function that takes quantile levels, called with ``levels``."""
    levels = list(levels)
    Q = len(levels)
    y = np.linspace(1.0, 2.0, 6).reshape(3, 2)
    q = y[..., None] + np.linspace(-1.0, 1.0, Q)  # ascending columns
    samples = y[..., None] + np.linspace(-1.0, 1.0, 7)

    return {
        "pinball_loss": lambda: pinball_loss(y, q, levels),
        "wql": lambda: wql(y, q, levels),
        "quantile_coverage": lambda: quantile_coverage(y, q, levels),
        "samples_to_quantiles": lambda: samples_to_quantiles(samples, levels),
        "QuantileForecaster": lambda: QuantileForecaster(
            lookback=4, horizon=2, quantiles=levels
        ),
        "PinballLoss": lambda: PinballLoss(levels),
        "QuantileConformal": lambda: QuantileConformal(levels).fit(y, q).transform(q),
        "SplitConformal.quantiles": lambda: (
            SplitConformal().fit(y, y + 0.1).quantiles(y, levels)
        ),
    }


@settings(max_examples=80, deadline=None)
@given(
    levels=st.lists(
        st.sampled_from([0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95]), min_size=1, max_size=4
    ),
    function=st.sampled_from(sorted(_quantile_calls([0.5]))),
)
def test_quantile_order_rule_holds_for_every_function(levels, function):
    # Property: every function that takes quantile levels accepts them if and only if
    # they are strictly increasing; unsorted or repeated levels are never re-sorted.
    call = _quantile_calls(levels)[function]
    if all(b > a for a, b in zip(levels, levels[1:])):
        call()
        return
    with pytest.raises(ValueError, match="strictly increasing"):
        call()


def test_samples_to_quantiles_names_a_scalar():
    with pytest.raises(ValueError, match="samples must be"):
        samples_to_quantiles(5.0, [0.5])
