"""The shared input checks of tslib._validate (the examples of their docstrings)."""

import re

import numpy as np
import pandas as pd
import pytest
import torch

from tslib._validate import (
    check_device,
    check_fractions,
    check_labels,
    check_quantile_levels,
    check_same_length,
    check_seed,
    check_time_index,
    column_indices,
)


def test_check_same_length():
    message = "X and y must hold the same number of rows (first axis), got 3 and 2"
    with pytest.raises(ValueError, match=re.escape(message)):
        check_same_length(np.zeros((3, 2)), np.zeros(2), "X", "y")


def test_column_indices():
    assert column_indices(None, 3) == [0, 1, 2]
    assert column_indices(-1, 3) == [2]
    assert column_indices(["b"], 2, ["a", "b"]) == [1]
    message = "target must be column positions in [-3, 3) or column names, got int 5"
    with pytest.raises(ValueError, match=re.escape(message)):
        column_indices(5, 3)


def test_check_time_index():
    index = pd.to_datetime(["2000-01-01", "2000-01-03", "2000-01-02"])
    series = pd.Series([1.0, 2.0, 3.0], index=index)
    with pytest.raises(
        ValueError,
        match=r"^series must be in time order, .* at position 2, 2000-01-02 ",
    ):
        check_time_index(series, "series")


def test_check_quantile_levels():
    assert check_quantile_levels([0.1, 0.5, 0.9]) == (0.1, 0.5, 0.9)
    message = (
        "quantiles must be strictly increasing (ascending, no repeats), got (0.9, 0.1)"
    )
    with pytest.raises(ValueError, match=re.escape(message)):
        check_quantile_levels([0.9, 0.1])


def test_check_seed():
    message = "seed must be an int in [0, 2**63 - 1], got float 1.5"
    with pytest.raises(TypeError, match=re.escape(message)):
        check_seed(1.5)


def test_check_device():
    assert check_device("cpu") == torch.device("cpu")
    message = "device must be 'cpu', 'cuda', 'mps' or a torch.device, got 'gpu'"
    with pytest.raises(ValueError, match=re.escape(message)):
        check_device("gpu")


def test_check_labels():
    assert check_labels(np.array([0, 2, 1])).tolist() == [0, 2, 1]
    message = (
        "y must hold integer class labels, got dtype float64 with values such as 0.2 "
        "that are no class; map the labels to integers 0..K-1 first"
    )
    with pytest.raises(TypeError, match=re.escape(message)):
        check_labels([0.2, 0.9])


def test_check_fractions():
    message = (
        "train + val + test must sum to 1 (the whole of len(data)) when all are "
        "fractions, got 0.5 + 0.2 + 0.1 = 0.8; give None for the rest, e.g. test=None"
    )
    with pytest.raises(ValueError, match=re.escape(message)):
        check_fractions({"train": 0.5, "val": 0.2, "test": 0.1})
