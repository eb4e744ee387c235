"""Tests of tslib.data: generators, chronological splits, scalers, windows, loaders."""

import numpy as np
import pandas as pd
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tslib.classical import (
    _seasonal_indices,
    _seasonality_test,
    _ses,
    naive2,
    theta,
)
from tslib.data import (
    NotFittedError,
    StandardScaler,
    chronological_split,
    make_loader,
    make_windows,
    mean_abs_scale,
    multi_sine,
    prepare_windows,
    sine_wave,
)
from tslib.data.panel import last_windows, panel_windows
from tslib.evaluation import panel_scores, rolling_origin_backtest
from tslib.metrics import mase, mase_scale, msis

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False, width=32)


def series_2d(min_len=2, max_len=60, max_cols=3):
    return st.integers(1, max_cols).flatmap(
        lambda c: arrays(
            np.float64,
            st.tuples(st.integers(min_len, max_len), st.just(c)),
            elements=finite,
        )
    )


# --- synthetic ------------------------------------------------------------------------


def test_sine_wave_matches_formula():
    x = sine_wave(n_steps=100, period=25, amplitude=2.0, phase=0.3)
    t = np.arange(100)
    np.testing.assert_allclose(x, 2.0 * np.sin(2 * np.pi * t / 25 + 0.3))


def test_sine_wave_noise_is_seeded_and_has_the_asked_spread():
    a = sine_wave(5000, noise_std=0.5, seed=1)
    b = sine_wave(5000, noise_std=0.5, seed=1)
    np.testing.assert_array_equal(a, b)
    assert np.std(a - sine_wave(5000)) == pytest.approx(0.5, rel=0.05)


def test_multi_sine_columns_are_sine_waves():
    x = multi_sine(
        200, periods=(10, 30), phases=(0.0, np.pi / 2), amplitudes=(1.0, 3.0)
    )
    np.testing.assert_allclose(x[:, 0], sine_wave(200, period=10))
    np.testing.assert_allclose(
        x[:, 1], sine_wave(200, period=30, amplitude=3.0, phase=np.pi / 2)
    )


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"n_steps": 1}, ValueError, "n_steps must be >= 2, got 1"),
        ({"n_steps": 10.5}, TypeError, "n_steps must be an int"),
        ({"period": 0}, ValueError, r"period must be in \(0"),
        ({"noise_std": -1}, ValueError, "noise_std must be in"),
    ],
)
def test_sine_wave_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        sine_wave(**kwargs)


def test_multi_sine_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="phases must have one entry per period"):
        multi_sine(10, periods=(5, 6), phases=(0.0,))
    with pytest.raises(ValueError, match="at least one period"):
        multi_sine(10, periods=())


# --- chronological_split --------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(n=st.integers(3, 500), train=st.floats(0.05, 0.8), val=st.floats(0.0, 0.15))
def test_split_is_a_partition_in_time_order(n, train, val):
    data = np.arange(n)
    try:
        s = chronological_split(data, train=train, val=val)
    except ValueError:
        return  # an empty part: tested below
    joined = np.concatenate([s.train, s.val, s.test])
    np.testing.assert_array_equal(joined, data)  # no overlap, no gap, no shuffling
    assert len(s.train) > 0 and len(s.test) > 0
    assert s.val_start == len(s.train) and s.test_start == len(s.train) + len(s.val)
    if len(s.val):
        assert s.train[-1] < s.val[0] <= s.val[-1] < s.test[0]


def test_split_accepts_counts_and_keeps_pandas_index():
    idx = pd.date_range("1949-01-01", periods=144, freq="MS")
    series = pd.Series(np.arange(144.0), index=idx)
    s = chronological_split(series, train=None, val=0, test=12)
    assert len(s.train) == 132 and len(s.val) == 0
    assert s.test.index[0] == pd.Timestamp("1960-01-01")
    assert isinstance(s.test, pd.Series)


def test_split_does_not_copy_or_mutate():
    data = np.arange(10.0)
    s = chronological_split(data, 0.5, 0.2)
    assert np.shares_memory(s.train, data)
    np.testing.assert_array_equal(data, np.arange(10.0))


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"train": 0.8, "val": 0.3}, ValueError, "must be at most len"),
        (
            {"train": None, "val": None},
            ValueError,
            "at most one of train, val, test may be None",
        ),
        ({"train": 0.0}, ValueError, "the train part would be empty"),
        ({"train": 0.9, "val": 0.1}, ValueError, "the test part would be empty"),
        ({"train": 1.5}, ValueError, r"fraction in \[0, 1\)"),
        ({"train": -3}, ValueError, "count >= 0"),
        ({"train": "70%"}, TypeError, "train must be a fraction"),
    ],
)
def test_split_rejects_bad_sizes(kwargs, error, match):
    with pytest.raises(error, match=match):
        chronological_split(np.arange(20), **kwargs)


def test_split_rejects_objects_without_length():
    with pytest.raises(TypeError, match="data must be an array"):
        chronological_split(5)


# --- scalers --------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(x=series_2d())
def test_scalers_round_trip_and_do_not_mutate(x):
    original = x.copy()
    scaler = StandardScaler()
    z = scaler.fit_transform(x)
    np.testing.assert_allclose(scaler.inverse_transform(z), x, rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(x, original)


@settings(max_examples=40, deadline=None)
@given(x=series_2d(min_len=3))
def test_standard_scaler_matches_numpy_on_training_data(x):
    scaler = StandardScaler().fit(x)
    np.testing.assert_allclose(scaler.mean_, x.mean(axis=0))
    std = x.std(axis=0)
    np.testing.assert_allclose(
        scaler.scale_, np.where(std > np.finfo(float).eps, std, 1.0)
    )


def test_scaler_uses_training_statistics_only():
    train, test = np.array([0.0, 2.0]), np.array([100.0])
    scaler = StandardScaler().fit(train)
    assert scaler.transform(test).tolist() == [
        99.0
    ]  # (100 - 1) / 1: test values do not move the scale


def test_scaler_handles_windows_and_selected_features():
    x = np.random.default_rng(0).normal(size=(50, 3)) * [1, 10, 100] + [0, 5, -5]
    scaler = StandardScaler().fit(x)
    X, y = make_windows(scaler.transform(x), lookback=4, horizon=2, target=2)
    back = scaler.inverse_transform(y, features=[2])  # (N, H, 1) of feature 2 only
    _, y_raw = make_windows(x, lookback=4, horizon=2, target=2)
    np.testing.assert_allclose(back, y_raw, rtol=1e-4, atol=1e-3)
    assert scaler.transform(X).shape == X.shape


def test_scaler_keeps_pandas_types_and_names_features():
    frame = pd.DataFrame(
        {"a": [1.0, 2.0, 3.0], "b": [10.0, 20.0, 30.0]},
        index=pd.date_range("2020", periods=3, freq="D"),
    )
    scaler = StandardScaler().fit(frame)
    out = scaler.transform(frame)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == ["a", "b"]
    assert out.index.equals(frame.index)
    series_back = scaler.inverse_transform(out["b"], features="b")
    assert isinstance(series_back, pd.Series)
    np.testing.assert_allclose(series_back, frame["b"])


def test_constant_feature_is_left_unscaled():
    x = np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]])
    z = StandardScaler().fit_transform(x)
    assert np.all(np.isfinite(z)) and np.all(z[:, 1] == 0.0)


def test_scaler_errors_name_expected_and_actual():
    with pytest.raises(NotFittedError, match="not fitted yet"):
        StandardScaler().transform(np.zeros(3))
    assert issubclass(NotFittedError, ValueError)
    scaler = StandardScaler().fit(np.zeros((5, 2)))
    with pytest.raises(
        ValueError, match=r"last axis has 2 feature\(s\).*got shape \(5, 3\)"
    ):
        scaler.transform(np.zeros((5, 3)))
    with pytest.raises(ValueError, match="NaN or infinite"):
        StandardScaler().fit(np.array([1.0, np.nan]))
    with pytest.raises(ValueError, match="must be 1-D or 2-D"):
        StandardScaler().fit(np.zeros((2, 2, 2)))
    unknown = r"features column 'c' not found; the columns are \['a'\]"
    with pytest.raises(ValueError, match=unknown):
        StandardScaler().fit(pd.DataFrame({"a": [1.0, 2.0]})).transform(
            [1.0], features="c"
        )
    with pytest.raises(ValueError, match="column positions"):
        scaler.transform(np.zeros(3), features=[7])


# --- windows --------------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(
    x=series_2d(min_len=2, max_len=40),
    lookback=st.integers(1, 10),
    horizon=st.integers(1, 5),
    stride=st.integers(1, 3),
)
def test_windows_match_a_loop_and_never_look_ahead(x, lookback, horizon, stride):
    n = len(x)
    if lookback + horizon > n:
        with pytest.raises(ValueError, match="too short"):
            make_windows(x, lookback, horizon, stride=stride)
        return
    original = x.copy()
    X, y = make_windows(x, lookback, horizon, stride=stride)
    starts = range(0, n - lookback - horizon + 1, stride)
    assert X.shape == (len(starts), lookback, x.shape[1]) and y.shape == (
        len(starts),
        horizon,
        x.shape[1],
    )
    for i, s in enumerate(starts):
        np.testing.assert_array_equal(X[i], x[s : s + lookback].astype(np.float32))
        np.testing.assert_array_equal(
            y[i], x[s + lookback : s + lookback + horizon].astype(np.float32)
        )
    np.testing.assert_array_equal(x, original)
    assert not np.shares_memory(X, x)


def test_windows_time_indices_inputs_strictly_before_targets():
    t = np.arange(30.0)
    X, y = make_windows(t, lookback=5, horizon=3)
    assert np.all(X.max(axis=(1, 2)) < y.min(axis=(1, 2)))
    assert np.all(
        y[:, 0, 0] - X[:, -1, 0] == 1
    )  # the first target is the very next step


def test_first_target_borrows_inputs_from_the_past():
    t = np.arange(20.0)
    X, y = make_windows(t, lookback=4, horizon=2, first_target=15)
    assert y[0, :, 0].tolist() == [15.0, 16.0]
    assert X[0, :, 0].tolist() == [11.0, 12.0, 13.0, 14.0]
    assert len(X) == 4  # targets 15..19, two at a time: starts 15, 16, 17, 18


def test_windows_target_by_name_and_position():
    frame = pd.DataFrame({"a": np.arange(10.0), "b": np.arange(10.0) * 10})
    _, y_name = make_windows(frame, 3, target="b")
    _, y_pos = make_windows(frame, 3, target=[1])
    np.testing.assert_array_equal(y_name, y_pos)
    assert y_name.shape == (7, 1, 1)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (
            {"lookback": 8, "horizon": 3},
            ValueError,
            r"lookback \(8\) \+ horizon \(3\) needs at least 11 values, got 10",
        ),
        ({"lookback": 0}, ValueError, "lookback must be >= 1, got 0"),
        ({"lookback": 3, "horizon": 0}, ValueError, "horizon must be >= 1, got 0"),
        ({"lookback": 3.0}, TypeError, "lookback must be an int"),
        ({"lookback": 3, "target": 5}, ValueError, r"column positions in \[-1, 1\)"),
        ({"lookback": 3, "first_target": 2}, ValueError, "first_target must be >= 3"),
    ],
)
def test_windows_reject_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        make_windows(np.arange(10.0), **kwargs)


def test_windows_reject_nan_and_3d():
    with pytest.raises(ValueError, match="NaN or infinite values, got 1 of 5"):
        make_windows(np.array([1.0, 2.0, np.nan, 4.0, 5.0]), 2)
    with pytest.raises(ValueError, match="must be 1-D or 2-D, got a 3-D array"):
        make_windows(np.zeros((4, 5, 1)), 2)


# --- loaders --------------------------------------------------------------------------


def test_loader_keeps_every_sample_and_order():
    X, y = make_windows(np.arange(23.0), lookback=3)
    loader = make_loader(X, y, batch_size=8)
    seen = torch.cat([yb for _, yb in loader])
    assert len(seen) == len(X) == 20  # the last, smaller batch is not dropped
    np.testing.assert_array_equal(seen.numpy(), y)


def test_loader_shuffle_is_seeded_and_labels_are_int64():
    X = np.zeros((10, 4, 1), dtype=np.float32)
    labels = np.arange(10)
    first = [yb.tolist() for _, yb in make_loader(X, labels, 4, shuffle=True, seed=3)]
    second = [yb.tolist() for _, yb in make_loader(X, labels, 4, shuffle=True, seed=3)]
    assert first == second and sorted(sum(first, [])) == list(range(10))
    assert next(iter(make_loader(X, labels, 4)))[1].dtype == torch.int64


def test_loader_rejects_mismatched_lengths_and_shapes():
    mismatch = r"same number of rows \(first axis\), got 3 and 2"
    with pytest.raises(ValueError, match=mismatch):
        make_loader(np.zeros((3, 2, 1)), np.zeros((2, 1, 1)))
    with pytest.raises(ValueError, match="X must be 3-D"):
        make_loader(np.zeros((3, 2)), np.zeros((3, 1, 1)))


# --- prepare_windows ------------------------------------------------------------------


def test_prepare_windows_matches_the_steps_written_out():
    series = sine_wave(300, period=25, noise_std=0.2, seed=0)
    original = series.copy()
    data = prepare_windows(series, lookback=10, horizon=3, train=0.6, val=0.2)
    split = chronological_split(series, train=0.6, val=0.2)
    scaled = StandardScaler().fit(split.train).transform(series)
    expected = {
        "train": make_windows(scaled[: split.val_start], 10, 3),
        "val": make_windows(
            scaled[: split.test_start], 10, 3, first_target=split.val_start
        ),
        "test": make_windows(scaled, 10, 3, first_target=split.test_start),
    }
    for part, (X, y) in expected.items():
        np.testing.assert_array_equal(getattr(data, part)[0], X)
        np.testing.assert_array_equal(getattr(data, part)[1], y)
    np.testing.assert_array_equal(series, original)
    assert (
        len(data.test[0]) == len(split.test) - 3 + 1
    )  # every test value is a target once


def test_prepare_windows_scales_with_the_training_part_only():
    series = np.arange(100.0)
    changed = series.copy()
    changed[80:] *= 10  # only the test part changes
    a, b = prepare_windows(series, 5), prepare_windows(changed, 5)
    np.testing.assert_array_equal(a.scaler.mean_, b.scaler.mean_)
    np.testing.assert_array_equal(a.train[0], b.train[0])


def test_prepare_windows_takes_pandas_and_target_names():
    frame = pd.DataFrame(
        {"a": np.arange(60.0), "b": np.arange(60.0) ** 0.5},
        index=pd.date_range("2020-01-01", periods=60, freq="D"),
    )
    data = prepare_windows(frame, lookback=4, horizon=2, target="b")
    from_array = prepare_windows(frame.to_numpy(), lookback=4, horizon=2, target=1)
    for part in ("train", "val", "test"):
        np.testing.assert_allclose(getattr(data, part)[1], getattr(from_array, part)[1])
    assert data.train[0].shape[2] == 2 and data.test[1].shape[2] == 1


# --- time order of pandas input -------------------------------------------------------


def _last_value(history, horizon):
    return np.repeat(history[-1:], horizon, axis=0)


def _plot_series(data):
    import matplotlib.pyplot as plt

    from tslib.plotting import plot_series

    plot_series(data)
    plt.close("all")


# Every public function that takes a series with a time index: one rule for all.
ORDERED_FUNCTIONS = {
    "make_windows": lambda data: make_windows(data, lookback=2, horizon=1),
    "chronological_split": lambda data: chronological_split(data, train=0.5, val=0.2),
    "prepare_windows": lambda data: prepare_windows(data, lookback=2, horizon=1),
    "rolling_origin_backtest": lambda data: rolling_origin_backtest(
        data, {"naive": _last_value}, origins=[len(data) - 2], horizon=1
    ),
    "theta": lambda data: theta(data, horizon=2),
    "naive2": lambda data: naive2(data, horizon=2),
    "ses": lambda data: _ses(data),
    "seasonality_test": lambda data: _seasonality_test(data, 2),
    "seasonal_indices": lambda data: _seasonal_indices(data + 1.0, 2),
    "panel_windows": lambda data: panel_windows([data], lookback=2, horizon=1),
    "last_windows": lambda data: last_windows([data], lookback=2),
    "panel_scores": lambda data: panel_scores([data], [np.ones(2)], np.ones((1, 2))),
    "mase_scale": lambda data: mase_scale(data),
    "mase": lambda data: mase([1.0], [1.0], y_train=data),
    "msis": lambda data: msis([1.0], [0.0], [2.0], data),
    "plot_series": _plot_series,
}
ONE_D = {
    "theta",
    "naive2",
    "ses",
    "seasonality_test",
    "seasonal_indices",
    "panel_windows",
    "last_windows",
    "panel_scores",
}


def _frame(index, columns=1):
    # positive, not constant at any lag: every function can use it
    values = np.arange(1, len(index) * columns + 1, dtype=float) ** 1.5
    values = values.reshape(len(index), columns)
    if columns == 1:
        return pd.Series(values[:, 0], index=index, name="y")
    return pd.DataFrame(values, index=index, columns=[f"c{i}" for i in range(columns)])


@pytest.mark.parametrize("function", sorted(ORDERED_FUNCTIONS))
@pytest.mark.parametrize("columns", [1, 2])
def test_reversed_datetime_index_raises_and_says_where(function, columns):
    if columns == 2 and function in ONE_D:
        pytest.skip("a function of one series")
    index = pd.date_range("2000-01-01", periods=20, freq="h")[::-1]
    with pytest.raises(ValueError, match="not strictly increasing") as error:
        ORDERED_FUNCTIONS[function](_frame(index, columns))
    message = str(error.value)
    assert "at position 1" in message and "goes backwards" in message
    assert "2000-01-01 18:00:00 comes after 2000-01-01 19:00:00" in message


@pytest.mark.parametrize("function", sorted(ORDERED_FUNCTIONS))
def test_repeated_time_raises(function):
    index = pd.DatetimeIndex(
        list(pd.date_range("2000-01-01", periods=10, freq="D"))
        + [pd.Timestamp("2000-01-10")]
        + list(pd.date_range("2000-01-11", periods=9, freq="D"))
    )
    with pytest.raises(ValueError, match=r"at position 10, 2000-01-10 .*\(repeats\)"):
        ORDERED_FUNCTIONS[function](_frame(index))


@pytest.mark.parametrize("function", sorted(ORDERED_FUNCTIONS))
def test_nat_in_index_raises(function):
    index = pd.DatetimeIndex(
        list(pd.date_range("2000-01-01", periods=19, freq="D")) + [pd.NaT]
    )
    with pytest.raises(ValueError, match="position 19 is NaT"):
        ORDERED_FUNCTIONS[function](_frame(index))


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(12, 40),
    permutation_seed=st.integers(0, 2**32 - 1),
    function=st.sampled_from(sorted(ORDERED_FUNCTIONS)),
)
def test_shuffled_index_raises_iff_out_of_order(n, permutation_seed, function):
    index = pd.date_range("2001-03-01", periods=n, freq="30min")
    order = np.random.default_rng(permutation_seed).permutation(n)
    shuffled = index[order]
    call = ORDERED_FUNCTIONS[function]
    if np.all(np.diff(order) > 0):  # the identity: still in time order
        call(_frame(shuffled))
        return
    first_bad = int(np.flatnonzero(np.diff(order) < 0)[0]) + 1
    with pytest.raises(ValueError, match=f"at position {first_bad},"):
        call(_frame(shuffled))
    call(_frame(shuffled).sort_index())  # sorting repairs it


def test_other_indexes_and_arrays_are_taken_in_row_order():
    # Only a DatetimeIndex states times; a RangeIndex or an array is in time order by
    # contract, so a reversed RangeIndex is not an error.
    series = pd.Series(np.arange(1.0, 21.0), index=np.arange(20)[::-1])
    for call in ORDERED_FUNCTIONS.values():
        call(series)
        call(series.to_numpy())


@settings(max_examples=80, deadline=None)
@given(
    n=st.integers(12, 30),
    kind=st.sampled_from(["DatetimeIndex", "PeriodIndex"]),
    swaps=st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29)), max_size=3),
    repeat=st.booleans(),
    function=st.sampled_from(sorted(ORDERED_FUNCTIONS)),
)
def test_time_order_rule_holds_for_every_function_and_index_kind(
    n, kind, swaps, repeat, function
):
    # Property: every function that takes a time index accepts it if and only if it is
    # strictly increasing (no shuffles, no repeated times), for both index kinds.
    if kind == "DatetimeIndex":
        index = pd.date_range("2001-03-01", periods=n, freq="D")
    else:
        index = pd.period_range("2001-03", periods=n, freq="M")
    positions = np.arange(n)
    for i, j in swaps:
        positions[[i % n, j % n]] = positions[[j % n, i % n]]
    if repeat:
        positions[n // 2] = positions[n // 2 - 1]
    data = _frame(index[positions])
    call = ORDERED_FUNCTIONS[function]
    if np.all(np.diff(positions) > 0):
        call(data)
        return
    with pytest.raises(ValueError, match=f"must be in time order, but its {kind}"):
        call(data)


# --- issue 26: wrong input gives a clear error, never a wrong number ------------------


def test_scaler_fitted_on_a_dataframe_checks_column_names_and_order():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"a": rng.normal(0, 1, 50), "b": rng.normal(100, 1, 50)})
    scaler = StandardScaler().fit(frame[["a", "b"]])
    with pytest.raises(ValueError, match=r"columns \['a', 'b'\] in this order"):
        scaler.transform(frame[["b", "a"]])
    with pytest.raises(ValueError, match=r"got \['a', 'c'\]"):
        scaler.transform(frame.rename(columns={"b": "c"}))
    with pytest.raises(ValueError, match=r"columns \['b'\]"):
        scaler.inverse_transform(frame[["a"]], features=["b"])
    # the same columns, an array in fitted order, or a selected column: as before
    np.testing.assert_allclose(
        scaler.transform(frame).to_numpy(), scaler.transform(frame.to_numpy())
    )
    assert scaler.transform(frame[["b"]], features=["b"]).shape == (50, 1)
    # fitted on an array: a DataFrame is taken by position (no names to check)
    StandardScaler().fit(frame.to_numpy()).transform(frame[["b", "a"]])


@pytest.mark.parametrize(
    ("sizes", "words"),
    [
        ((0.5, 0.2, 0.1), r"must sum to 1 .* = 0.8; give None for the rest"),
        ((0.6, 0.3, 0.3), r"must sum to 1"),
        ((50, 20, 10), r"must add up to len\(data\) = 100, .* newest 20 values"),
    ],
)
def test_split_sizes_that_do_not_cover_the_series_raise(sizes, words):
    with pytest.raises(ValueError, match=words):
        chronological_split(np.arange(100), *sizes)


def test_split_fractions_that_sum_to_1_cover_the_series():
    split = chronological_split(np.arange(10), 0.25, 0.25, 0.5)  # 2.5 rounds to 2
    assert [len(part) for part in split] == [2, 2, 6]
    assert split.test[-1] == 9  # the newest value is tested, never dropped


def test_split_of_a_0d_array_says_what_it_needs():
    with pytest.raises(TypeError, match=r"at least 1-D.*array of shape \(\)"):
        chronological_split(np.array(5.0))


def test_prepare_windows_with_val_0_blames_val():
    with pytest.raises(ValueError, match="val must give a non-empty validation part"):
        prepare_windows(np.arange(200.0), lookback=5, horizon=1, val=0)


@pytest.mark.parametrize(
    ("seed", "error", "words"),
    [
        (1.5, TypeError, r"seed must be an int in \[0, 2\*\*63 - 1\], got float 1.5"),
        ("0", TypeError, "seed must be an int .* got str '0'"),
        (-1, ValueError, "seed must be an int .* got -1"),
        (2**64, ValueError, "seed must be an int"),
    ],
)
def test_make_loader_checks_its_seed(seed, error, words):
    X, y = make_windows(np.arange(20.0), lookback=3)
    with pytest.raises(error, match=words):
        make_loader(X, y, shuffle=True, seed=seed)


def test_split_fractions_of_numpy_float_types_that_sum_to_1_pass():
    split = chronological_split(
        np.arange(10), np.float64(0.6), np.float32(0.2), np.float32(0.2)
    )
    assert [len(part) for part in split] == [6, 2, 2]


@pytest.mark.parametrize("generator", [sine_wave, multi_sine])
@pytest.mark.parametrize(("seed", "error"), [(1.5, TypeError), (-1, ValueError)])
def test_generators_check_their_seed(generator, seed, error):
    with pytest.raises(error, match="seed must be an int"):
        generator(20, noise_std=0.1, seed=seed)


# --- mean_abs_scale: the one mean-absolute scaling ------------------------------------


def test_mean_abs_scale_does_not_mutate_and_handles_zeros():
    x = np.array([[[1.0], [-3.0]], [[0.0], [0.0]]])
    before = x.copy()
    scale = mean_abs_scale(x)
    np.testing.assert_allclose(scale.ravel(), [2.0, 1.0])
    assert scale.shape == (2, 1, 1)
    np.testing.assert_array_equal(x, before)


def test_mean_abs_scale_keeps_the_float_dtype_and_scales_each_channel():
    x = np.array([[[1.0, 10.0], [-3.0, -30.0]]], dtype=np.float32)
    scale = mean_abs_scale(x)
    assert scale.dtype == np.float32
    np.testing.assert_allclose(scale.ravel(), [2.0, 20.0])


def test_mean_abs_scale_of_a_padded_window_skips_nan_only_when_asked():
    x = np.array([[np.nan, 2.0, -4.0], [np.nan, np.nan, np.nan]])
    scale = mean_abs_scale(x, axis=1, ignore_nan=True)
    np.testing.assert_allclose(scale.ravel(), [3.0, 1.0])
    with pytest.raises(ValueError, match="must not contain NaN"):
        mean_abs_scale(x, axis=1)


def test_mean_abs_scale_refuses_a_bad_axis():
    with pytest.raises(ValueError, match=r"axis must be in \[-1, 0\], got 1"):
        mean_abs_scale(np.ones(3), axis=1)
