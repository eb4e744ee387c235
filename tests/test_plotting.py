"""Tests of tslib.plotting: every function draws on the given Axes and returns it."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from tslib.plotting import (  # noqa: E402
    plot_confusion_matrix,
    plot_error_by_horizon,
    plot_forecast,
    plot_history,
    plot_series,
)
from tslib.training import History  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_functions_draw_on_the_given_axes_and_return_it():
    _, axes = plt.subplots(1, 5)
    assert plot_series(np.arange(5.0), ax=axes[0]) is axes[0]
    assert (
        plot_history(
            History(train_loss=[1.0, 0.5], val_loss=[1.0, 0.8], best_epoch=2),
            ax=axes[1],
        )
        is axes[1]
    )
    assert plot_forecast([1.0, 2.0], [1.0, 1.5], ax=axes[2]) is axes[2]
    assert plot_error_by_horizon({"a": [1.0, 2.0]}, ax=axes[3]) is axes[3]
    assert plot_confusion_matrix(np.eye(2, dtype=int), ax=axes[4]) is axes[4]


def test_plot_series_keeps_dates_from_pandas():
    s = pd.Series(
        np.arange(12.0), index=pd.date_range("1949-01-01", periods=12, freq="MS")
    )
    ax = plot_series(s, title="monthly")
    assert ax.get_title() == "monthly" and len(ax.get_lines()) == 1


def test_plot_forecast_draws_history_actual_and_each_forecast():
    ax = plot_forecast(
        [3.0, 4.0], {"naive": [2.0, 2.0], "lstm": [3.1, 3.9]}, history=[1.0, 2.0]
    )
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == [
        "history",
        "actual",
        "naive",
        "lstm",
    ]
    assert lines[1].get_xdata().tolist() == [
        2,
        3,
    ]  # the forecast period follows the history


def test_plotting_errors_name_expected_and_actual():
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and \(3,\)"):
        plot_forecast([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="history must be a tslib.training.History"):
        plot_history({"train_loss": [1.0]})
    with pytest.raises(
        ValueError, match=r"cm must be square \(K, K\), got shape \(2, 3\)"
    ):
        plot_confusion_matrix(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="class_names must have 2 entries, got 3"):
        plot_confusion_matrix(np.eye(2), ["a", "b", "c"])
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        plot_series(np.arange(3.0), ax="left")


# --- issue 26 -------------------------------------------------------------------------


def test_plot_forecast_checks_the_length_of_its_positions():
    with pytest.raises(ValueError, match=r"index must give one position per value of"):
        plot_forecast([1.0, 2.0], [1.0, 1.0], index=[0, 1, 2])
    with pytest.raises(ValueError, match="history_index must give one position"):
        plot_forecast([1.0], [1.0], history=[0.0, 1.0], history_index=[0])
    plt.close("all")


def test_plot_series_refuses_a_shuffled_time_index():
    index = pd.date_range("2000-01-01", periods=10, freq="D")
    series = pd.Series(np.arange(10.0), index=index)
    with pytest.raises(ValueError, match="must be in time order"):
        plot_series(series.iloc[::-1])
    plt.close("all")


@pytest.mark.parametrize("cm", [[[0.5, 0.5], [0.2, 0.8]], [[1, -1], [0, 2]]])
def test_confusion_matrix_plot_refuses_what_are_no_counts(cm):
    # an int cast would show a normalised matrix as zeros
    with pytest.raises(ValueError, match="cm must hold counts"):
        plot_confusion_matrix(np.array(cm))
    plt.close("all")
