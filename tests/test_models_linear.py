"""Tests of tslib.models.linear: DLinear, NLinear and their moving average."""

import numpy as np
import pytest
import torch

from tslib.models import DLinear, NLinear
from tslib.models.linear import moving_average
from tslib.training import count_parameters


@pytest.mark.parametrize("cls", [DLinear, NLinear])
@pytest.mark.parametrize("channels", [1, 3])
def test_shape_contract(cls, channels):
    model = cls(input_size=channels, lookback=24, horizon=6)
    x = torch.randn(5, 24, channels)
    assert model(x).shape == (5, 6, channels)


def test_parameter_counts_are_one_or_two_linear_maps_over_time():
    lookback, horizon = 24, 6
    one_map = lookback * horizon + horizon  # weights and biases of nn.Linear(L, H)
    assert count_parameters(NLinear(1, lookback=lookback, horizon=horizon)) == one_map
    assert (
        count_parameters(DLinear(1, lookback=lookback, horizon=horizon)) == 2 * one_map
    )
    # channels share the maps: the count does not grow with C_in
    assert (
        count_parameters(DLinear(4, lookback=lookback, horizon=horizon)) == 2 * one_map
    )


def test_moving_average_matches_numpy_with_repeated_ends():
    values = np.random.default_rng(0).normal(size=10)
    k, pad = 5, 2
    padded = np.concatenate([[values[0]] * pad, values, [values[-1]] * pad])
    expected = np.convolve(padded, np.ones(k) / k, mode="valid")
    got = moving_average(torch.tensor(values).view(1, -1, 1), k).flatten().numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-6)


def test_moving_average_of_a_constant_is_the_constant_and_k1_is_identity():
    x = torch.full((2, 7, 3), 4.0)
    torch.testing.assert_close(moving_average(x, 25), x)
    y = torch.randn(2, 7, 3)
    torch.testing.assert_close(moving_average(y, 1), y)


def test_nlinear_moves_with_the_level_of_the_window():
    torch.manual_seed(0)
    model = NLinear(2, lookback=8, horizon=3)
    x = torch.randn(4, 8, 2)
    torch.testing.assert_close(model(x + 100.0), model(x) + 100.0)


def test_dlinear_is_a_linear_map_of_the_window():
    torch.manual_seed(0)
    model = DLinear(1, lookback=12, horizon=2, kernel_size=5)
    x1, x2 = torch.randn(3, 12, 1), torch.randn(3, 12, 1)
    bias = model(torch.zeros(1, 12, 1))
    torch.testing.assert_close(
        model(2.0 * x1 + x2) - bias,
        2.0 * (model(x1) - bias) + (model(x2) - bias),
        rtol=1e-5,
        atol=1e-5,
    )


def test_channels_are_forecast_independently_with_shared_weights():
    torch.manual_seed(0)
    model = DLinear(2, lookback=10, horizon=4, kernel_size=3)
    x = torch.randn(3, 10, 2)
    out = model(x)
    alone = model.__class__(1, lookback=10, horizon=4, kernel_size=3)
    alone.load_state_dict(model.state_dict())
    torch.testing.assert_close(out[..., 1:], alone(x[..., 1:]))


def test_inputs_are_not_mutated():
    x = torch.randn(2, 6, 1)
    before = x.clone()
    DLinear(1, lookback=6, horizon=2, kernel_size=3)(x)
    NLinear(1, lookback=6, horizon=2)(x)
    torch.testing.assert_close(x, before)


@pytest.mark.parametrize("cls", [DLinear, NLinear])
def test_wrong_lookback_names_the_expected_shape(cls):
    model = cls(1, lookback=8, horizon=2)
    with pytest.raises(ValueError, match=r"expected input of shape \(B, 8, 1\)"):
        model(torch.zeros(2, 9, 1))


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(ValueError, match="kernel_size must be odd, got 4"):
        DLinear(1, lookback=8, horizon=2, kernel_size=4)
    with pytest.raises(ValueError, match="lookback must be >= 1"):
        NLinear(1, lookback=0, horizon=2)
    with pytest.raises(TypeError, match="horizon must be an int"):
        NLinear(1, lookback=8, horizon=2.5)
    with pytest.raises(ValueError, match="kernel_size must be odd"):
        moving_average(torch.zeros(1, 4, 1), 2)
    with pytest.raises(ValueError, match=r"expected input of shape \(B, L, C\)"):
        moving_average(torch.zeros(4, 1), 3)
