"""Tests of tslib.conformal: split conformal per lead time, quantile shifts, ACI."""

import numpy as np
import pytest

from tslib._validate import NotFittedError
from tslib.conformal import (
    QuantileConformal,
    SplitConformal,
    adaptive_conformal,
    conformal_quantile,
)


def test_conformal_quantile_is_the_ceil_n_plus_1_order_statistic():
    scores = np.random.default_rng(0).permutation(np.arange(1.0, 20.0))  # n = 19
    for level in (0.5, 0.8, 0.9, 0.95):
        k = int(np.ceil(20 * level))
        assert conformal_quantile(scores, level) == k
    assert conformal_quantile(scores, 0.96) == np.inf


@pytest.mark.parametrize("level", [0.8, 0.95])
def test_split_conformal_covers_exchangeable_data(level):
    # the finite-sample guarantee, averaged over many calibration/test draws
    rng = np.random.default_rng(0)
    hits = []
    for _ in range(400):
        errors = rng.standard_t(3, size=(60, 2))  # 49 calibration + 11 test cases
        cp = SplitConformal().fit(errors[:49], np.zeros((49, 2)))
        lower, upper = cp.interval(np.zeros((11, 2)), level)
        hits.append(np.mean((errors[49:] >= lower) & (errors[49:] <= upper)))
    assert level - 0.01 < np.mean(hits) < level + 1 / 50 + 0.01


def test_scales_make_scores_scale_free():
    rng = np.random.default_rng(1)
    errors = rng.normal(size=(30, 3))
    big = SplitConformal().fit(
        1000 * errors, np.zeros((30, 3)), scale=np.full(30, 1000)
    )
    small = SplitConformal().fit(errors, np.zeros((30, 3)))
    np.testing.assert_allclose(big.half_width(0.9), small.half_width(0.9))


def test_quantile_conformal_calibrates_each_level():
    rng = np.random.default_rng(2)
    levels = [0.1, 0.5, 0.9]
    y = rng.normal(size=(2000, 2))
    q_bad = np.zeros((2000, 2, 3))  # every quantile at 0: far too narrow
    qc = QuantileConformal(levels).fit(y[:1000], q_bad[:1000])
    q_new = qc.transform(q_bad[1000:])
    below = (y[1000:, :, None] <= q_new).mean(axis=(0, 1))
    np.testing.assert_allclose(below, levels, atol=0.04)
    assert (np.diff(q_new, axis=-1) >= 0).all()


def test_errors_name_the_expected_shapes():
    with pytest.raises(ValueError, match="one shape"):
        SplitConformal().fit(np.zeros((3, 2)), np.zeros((3, 3)))
    with pytest.raises(NotFittedError, match="not fitted: call fit"):
        SplitConformal().half_width(0.9)
    with pytest.raises(NotFittedError, match="not fitted: call fit"):
        QuantileConformal([0.1, 0.9]).transform(np.zeros((1, 2, 2)))
    with pytest.raises(ValueError, match=r"\(4, 2, 3\)"):
        QuantileConformal([0.1, 0.5, 0.9]).fit(np.zeros((4, 2)), np.zeros((4, 2, 2)))
    with pytest.raises(ValueError, match="scales"):
        SplitConformal().fit(np.zeros((3, 2)), np.zeros((3, 2)), scale=[1.0, 2.0])


def test_adaptive_conformal_tracks_the_target_after_a_shift():
    rng = np.random.default_rng(3)
    scores = np.abs(rng.normal(size=3000))
    scores[1500:] *= 3  # the errors triple halfway
    out = adaptive_conformal(scores, alpha=0.1, gamma=0.05, warmup=500)
    T = len(out["miss"])
    bound = (0.9 + 0.05) / (0.05 * T)
    assert abs(out["miss"].mean() - 0.1) <= bound
    assert out["miss"][-500:].mean() < 0.2  # recovered after the shift


# --- issue 26 -------------------------------------------------------------------------


def test_quantile_conformal_refuses_descending_levels():
    # transform sorts the values; sorting them under descending levels would give the
    # 0.9 column the lower value
    with pytest.raises(ValueError, match="strictly increasing"):
        QuantileConformal([0.9, 0.1])


@pytest.mark.parametrize("shape", [(4, 1), (4, 2)])
def test_split_conformal_refuses_forecasts_of_another_horizon(shape):
    cp = SplitConformal().fit(np.zeros((9, 3)), np.ones((9, 3)))
    with pytest.raises(ValueError, match=r"expected forecast of shape \(N, 3\)"):
        cp.interval(np.zeros(shape), 0.8)
    with pytest.raises(ValueError, match=r"expected forecast of shape \(N, 3\)"):
        cp.quantiles(np.zeros(shape), [0.1, 0.9])


def test_split_conformal_quantiles_are_the_ends_of_symmetric_intervals():
    errors = np.arange(1.0, 10.0)[:, None]  # (9, 1)
    cp = SplitConformal().fit(np.zeros((9, 1)), errors)
    q = cp.quantiles(np.zeros((1, 1)), [0.1, 0.5, 0.9])  # 8th smallest error: 8
    np.testing.assert_array_equal(q, [[[-8.0, 0.0, 8.0]]])
    lower, upper = cp.interval(np.zeros((1, 1)), 0.8)
    np.testing.assert_array_equal(upper, [[8.0]])
    np.testing.assert_array_equal(lower, [[-8.0]])


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"alpha": 1.0}, ValueError, r"alpha must be in \(0.0, 1.0\), got 1.0"),
        ({"alpha": 0.1, "warmup": 2.5}, TypeError, "warmup must be an int"),
        ({"alpha": 0.1, "warmup": 50}, ValueError, r"warmup must be < len\(scores\)"),
    ],
)
def test_adaptive_conformal_names_the_bad_argument(kwargs, error, words):
    scores = np.abs(np.random.default_rng(0).normal(size=50))
    kwargs = {"warmup": 10, **kwargs}
    with pytest.raises(error, match=words):
        adaptive_conformal(scores, **kwargs)
