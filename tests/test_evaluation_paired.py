"""Tests of tslib.evaluation.paired_test and holm, against statsmodels and SciPy."""

import math

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.multitest import multipletests

from tslib.evaluation import PairedTest, _t_sf, holm, paired_test


def dependent_losses(n, seed, shift=0.1):
    """Two loss series whose difference is an MA(2) process with mean ``shift``."""
    rng = np.random.default_rng(seed)
    e = rng.normal(size=n + 2)
    d = shift + e[2:] + 0.6 * e[1:-1] + 0.3 * e[:-2]
    b = np.abs(rng.normal(size=n))
    return b + d, b


@pytest.mark.parametrize("df", [1, 2, 3, 7.5, 30, 364, 5000])
@pytest.mark.parametrize("t", [-40.0, -3.1, -1.0, 0.0, 0.2, 1.96, 8.0])
def test_t_survival_function_matches_scipy(t, df):
    assert _t_sf(t, df) == pytest.approx(stats.t.sf(t, df), rel=1e-9, abs=1e-300)


@pytest.mark.parametrize("horizon", [1, 2, 5])
@pytest.mark.parametrize("n", [10, 365])
def test_statistic_is_the_hac_t_statistic_with_the_hln_factor(n, horizon):
    a, b = dependent_losses(n, seed=n + horizon)
    result = paired_test(a, b, horizon=horizon)
    d = a - b
    # Reference: OLS of d on a constant, Newey-West (Bartlett) with horizon - 1 lags.
    fit = sm.OLS(d, np.ones(n)).fit(
        cov_type="HAC", cov_kwds={"maxlags": horizon - 1, "use_correction": False}
    )
    hln = math.sqrt((n + 1 - 2 * horizon + horizon * (horizon - 1) / n) / n)
    expected = fit.tvalues[0] * hln
    assert result.statistic == pytest.approx(expected, rel=1e-10)
    assert result.p_value == pytest.approx(2 * stats.t.sf(abs(expected), n - 1))
    assert result.mean == pytest.approx(d.mean())
    assert result.n == n


def test_horizon_one_is_the_paired_t_test():
    a, b = dependent_losses(50, seed=1)
    result = paired_test(a, b)
    reference = stats.ttest_rel(a, b)
    assert result.statistic == pytest.approx(reference.statistic, rel=1e-10)
    assert result.p_value == pytest.approx(reference.pvalue, rel=1e-8)


def test_interval_covers_the_mean_and_is_reproducible():
    a, b = dependent_losses(365, seed=3)
    first = paired_test(a, b, seed=7)
    assert first.low < first.mean < first.high
    assert paired_test(a, b, seed=7) == first
    assert paired_test(a, b, seed=8).low != first.low


def test_block_bootstrap_is_wider_than_iid_for_positively_dependent_losses():
    widths = []
    for block in (1, 20):
        r = paired_test(*dependent_losses(2000, seed=4), block=block, n_boot=4000)
        widths.append(r.high - r.low)
    # The MA(2) difference has long-run sd 1.9 against sd 1.2: intervals 1.6x wider.
    assert widths[1] > 1.3 * widths[0]


def test_constant_difference():
    result = paired_test([3.0, 2.0, 5.0], [1.0, 0.0, 3.0])
    assert (result.mean, result.low, result.high) == (2.0, 2.0, 2.0)
    assert result.statistic == math.inf and result.p_value == 0.0
    equal = paired_test([1.0, 2.0], [1.0, 2.0])
    assert equal.statistic == 0.0 and equal.p_value == 1.0


def test_result_is_frozen_and_prints_readably():
    result = PairedTest(0.077, 0.019, 0.145, 2.5, 0.012, 365)
    assert str(result) == "+0.077 [+0.019, +0.145], DM p = 0.012, n = 365"
    assert "p < 0.001" in str(PairedTest(-12.3, -14.0, -10.0, -9.0, 1e-9, 30))
    with pytest.raises(AttributeError):
        result.mean = 0.0


def test_accepts_lists_series_and_tensors():
    torch = pytest.importorskip("torch")
    pd = pytest.importorskip("pandas")
    a, b = [1.0, 2.0, 4.0, 3.0], [0.5, 2.5, 3.0, 3.5]
    expected = paired_test(a, b)
    assert paired_test(pd.Series(a), torch.tensor(b)) == expected


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"errors_a": [1.0, 2.0, 3.0], "errors_b": [1.0, 2.0]}, ValueError, "length"),
        ({"errors_a": np.ones((3, 2)), "errors_b": np.ones((3, 2))}, ValueError, "1-D"),
        ({"errors_a": [1.0, np.nan], "errors_b": [1.0, 2.0]}, ValueError, "NaN"),
        ({"errors_a": [1.0], "errors_b": [2.0]}, ValueError, "at least 2"),
        ({"horizon": 0}, ValueError, "horizon must be >= 1"),
        ({"horizon": 4}, ValueError, "horizon must be < n = 4"),
        ({"horizon": 1.5}, TypeError, "horizon must be an int"),
        ({"block": 0}, ValueError, "block must be >= 1"),
        ({"block": 5}, ValueError, "block must be <= n = 4"),
        ({"n_boot": 0}, ValueError, "n_boot must be >= 1"),
        ({"seed": -1}, ValueError, "seed"),
        ({"errors_a": "abc"}, TypeError, "errors_a must be array-like"),
    ],
)
def test_bad_input_names_the_argument(kwargs, error, message):
    arguments = {"errors_a": [1.0, 2.0, 3.0, 4.0], "errors_b": [0.0, 2.0, 1.0, 3.0]}
    arguments.update(kwargs)
    a, b = arguments.pop("errors_a"), arguments.pop("errors_b")
    with pytest.raises(error, match=message):
        paired_test(a, b, **arguments)


def test_holm_matches_statsmodels():
    p = np.array([0.01, 0.2, 0.04, 0.03, 0.5, 0.001, 0.04])
    expected = multipletests(p, method="holm")[1]
    np.testing.assert_allclose(holm(p), expected)
    np.testing.assert_allclose(holm([0.3]), [0.3])


@pytest.mark.parametrize(
    ("p_values", "message"),
    [
        ([0.1, 1.2], r"\[0, 1\]"),
        ([[0.1]], "1-D"),
        ([0.1, np.nan], "NaN"),
        ([], "empty"),
    ],
)
def test_holm_bad_input(p_values, message):
    with pytest.raises(ValueError, match=message):
        holm(p_values)
