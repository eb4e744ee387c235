"""Tests of tslib.models: the forecaster contract, the recurrent family and the linear
model."""

import pytest
import torch
from torch import nn

from tslib.models import (
    CNNForecaster,
    DLinear,
    Forecaster,
    GRUForecaster,
    LSTMForecaster,
    NLinear,
    RecurrentForecaster,
    RNNForecaster,
)

RECURRENT = [RNNForecaster, LSTMForecaster, GRUForecaster]


def manual_lstm_last_hidden(lstm: nn.LSTM, x: torch.Tensor) -> torch.Tensor:
    """A from-scratch one-layer LSTM, written from the equations, using the layer's
    weights."""
    B, L, _ = x.shape
    D = lstm.hidden_size
    h, c = torch.zeros(B, D), torch.zeros(B, D)
    for t in range(L):
        gates = (
            x[:, t] @ lstm.weight_ih_l0.T
            + lstm.bias_ih_l0
            + h @ lstm.weight_hh_l0.T
            + lstm.bias_hh_l0
        )
        i, f, g, o = gates.chunk(
            4, dim=1
        )  # PyTorch's gate order: input, forget, cell, output
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
    return h


@pytest.mark.parametrize("cls", RECURRENT)
@pytest.mark.parametrize("horizon, output_size", [(1, 1), (5, 2)])
def test_output_shape_contract(cls, horizon, output_size):
    model = cls(
        input_size=3,
        hidden_size=8,
        n_layers=2,
        horizon=horizon,
        output_size=output_size,
        dropout=0.1,
    )
    assert model(torch.randn(4, 12, 3)).shape == (4, horizon, output_size)


def test_family_shares_one_base_class_and_differs_only_by_cell():
    for cls, cell in zip(RECURRENT, [nn.RNN, nn.LSTM, nn.GRU]):
        model = cls(input_size=2, hidden_size=4)
        assert isinstance(model, RecurrentForecaster) and type(model.rnn) is cell
        assert model.rnn.batch_first


def test_lstm_forecaster_matches_a_from_scratch_lstm():
    torch.manual_seed(0)
    model = LSTMForecaster(input_size=2, hidden_size=5, horizon=3)
    x = torch.randn(4, 7, 2)
    expected = model.head(manual_lstm_last_hidden(model.rnn, x)).view(4, 3, 1)
    torch.testing.assert_close(model(x), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("cls", RECURRENT)
def test_samples_do_not_influence_each_other(cls):
    torch.manual_seed(0)
    model = cls(input_size=1, hidden_size=6).eval()
    x = torch.randn(5, 10, 1)
    alone = model(x[2:3])
    changed = x.clone()
    changed[[0, 1, 3, 4]] = (
        torch.randn(4, 10, 1) * 10
    )  # other samples change, sample 2 does not
    torch.testing.assert_close(model(changed)[2:3], alone)


def test_forecast_depends_on_the_order_of_the_window():
    torch.manual_seed(0)
    model = GRUForecaster(input_size=1, hidden_size=6)
    x = torch.randn(1, 10, 1)
    assert not torch.allclose(model(x), model(x.flip(1)))


def test_inputs_are_not_mutated():
    model = LSTMForecaster(input_size=2, hidden_size=4)
    x = torch.randn(3, 6, 2)
    before = x.clone()
    model(x).sum().backward()
    torch.testing.assert_close(x, before)


@pytest.mark.parametrize(
    "x, error, match",
    [
        (
            torch.zeros(4, 3, 20),
            ValueError,
            r"expected input of shape \(B, L, 3\), got \(4, 3, 20\) "
            r"\(it looks like \(B, C, L\)",
        ),
        (torch.zeros(4, 20), ValueError, r"got \(4, 20\) \(add the feature axis"),
        (
            torch.zeros(4, 20, 3, dtype=torch.long),
            TypeError,
            "floating-point tensor, got dtype torch.int64",
        ),
        (
            [[0.0] * 3] * 20,
            TypeError,
            r"expected a torch.Tensor of shape \(B, L, 3\), got list",
        ),
    ],
)
def test_bad_input_names_expected_and_actual(x, error, match):
    with pytest.raises(error, match=match):
        LSTMForecaster(input_size=3)(x)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"input_size": 0}, ValueError, "input_size must be >= 1, got 0"),
        (
            {"input_size": 1, "hidden_size": 2.5},
            TypeError,
            "hidden_size must be an int",
        ),
        ({"input_size": 1, "horizon": 0}, ValueError, "horizon must be >= 1, got 0"),
        (
            {"input_size": 1, "dropout": 1.0},
            ValueError,
            r"dropout must be in \[0.0, 1.0\)",
        ),
    ],
)
def test_bad_constructor_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        LSTMForecaster(**kwargs)


def test_the_base_class_checks_a_fixed_lookback_once_for_every_model():
    models = [
        Forecaster(2, lookback=4),
        NLinear(2, lookback=4, horizon=3),
        DLinear(2, lookback=4, horizon=3, kernel_size=3),
        CNNForecaster(2, pool="flatten", lookback=4),
    ]
    for model in models:
        model.check_input(torch.randn(5, 4, 2))  # fine
        with pytest.raises(
            ValueError,
            match=r"expected input of shape \(B, 4, 2\) \(lookback L = 4\), "
            r"got \(5, 6, 2\)",
        ):
            model.check_input(torch.randn(5, 6, 2))
    with pytest.raises(ValueError, match=r"lookback L = 4"):
        models[1](torch.randn(5, 6, 2))  # forward checks first
    assert Forecaster(2).lookback is None  # any length


@pytest.mark.parametrize("n_layers", [1, 2])
def test_lstm_forget_bias_sets_every_layers_forget_slice(n_layers):
    hidden = 5
    torch.manual_seed(0)
    default = LSTMForecaster(1, hidden_size=hidden, n_layers=n_layers)
    torch.manual_seed(0)
    model = LSTMForecaster(1, hidden_size=hidden, n_layers=n_layers, forget_bias=1.0)
    for k in range(n_layers):
        bias_ih = getattr(model.rnn, f"bias_ih_l{k}")
        bias_hh = getattr(model.rnn, f"bias_hh_l{k}")
        forget = slice(hidden, 2 * hidden)  # gate order: input, forget, cell, output
        torch.testing.assert_close(
            bias_ih[forget] + bias_hh[forget], torch.ones(hidden)
        )
        torch.testing.assert_close(bias_ih[forget], torch.ones(hidden))
        torch.testing.assert_close(bias_hh[forget], torch.zeros(hidden))
    # Setting it draws no random numbers: everything else is the default's.
    for (name, a), (_, b) in zip(
        default.named_parameters(), model.named_parameters(), strict=True
    ):
        if name.startswith("rnn.bias_"):
            a, b = (
                torch.cat([a[:hidden], a[2 * hidden :]]),
                torch.cat([b[:hidden], b[2 * hidden :]]),
            )
        torch.testing.assert_close(a, b)


def test_lstm_forget_bias_default_is_pytorchs_initialisation():
    torch.manual_seed(0)
    ours = LSTMForecaster(1, hidden_size=4)
    torch.manual_seed(0)
    plain = nn.LSTM(1, 4, batch_first=True)  # PyTorch's own initialisation
    assert ours.forget_bias == 0.0
    for a, b in zip(ours.rnn.parameters(), plain.parameters(), strict=True):
        assert torch.equal(a, b)
    with pytest.raises(TypeError, match="forget_bias must be a real number"):
        LSTMForecaster(1, forget_bias="1")
