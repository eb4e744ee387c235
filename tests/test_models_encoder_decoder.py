"""Tests of tslib.models.encoder_decoder: shapes, decoding modes, teacher forcing, bad
input."""

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from tslib.models import EncoderDecoderForecaster, Forecaster, teacher_forcing_schedule


def manual_decode(model, x, previous_values=None, future=None):
    """Decode step by step from the model's own layers.

    With ``previous_values`` (B, H, C_out), step k reads previous_values[:, k - 1]
    (teacher forcing); without, it reads its own previous prediction (autoregressive).
    """
    _, state = model.encoder(x)
    previous = x[:, -1:, : model.output_size]
    outputs = []
    for k in range(model.horizon):
        step = (
            previous
            if future is None
            else torch.cat([previous, future[:, k : k + 1]], dim=-1)
        )
        out, state = model.decoder(step, state)
        prediction = model.head(out)
        outputs.append(prediction)
        previous = (
            prediction if previous_values is None else previous_values[:, k : k + 1]
        )
    return torch.cat(outputs, dim=1)


@settings(max_examples=15, deadline=None)
@given(
    batch=st.integers(1, 4),
    lookback=st.integers(1, 6),
    horizon=st.integers(1, 5),
    input_size=st.integers(1, 3),
    output_size=st.integers(1, 2),
    future_size=st.integers(0, 2),
    n_layers=st.integers(1, 2),
)
def test_shape_contract(
    batch, lookback, horizon, input_size, output_size, future_size, n_layers
):
    output_size = min(output_size, input_size)
    model = EncoderDecoderForecaster(
        input_size,
        hidden_size=5,
        n_layers=n_layers,
        horizon=horizon,
        output_size=output_size,
        future_size=future_size,
    )
    future = torch.randn(batch, horizon, future_size) if future_size else None
    out = model(torch.randn(batch, lookback, input_size), future=future)
    assert isinstance(model, Forecaster)
    assert out.shape == (batch, horizon, output_size)
    assert (
        model.decoder.input_size == output_size + future_size
    )  # a value, not a hidden vector
    assert model.encoder.batch_first and model.decoder.batch_first


def test_autoregressive_decoding_matches_a_manual_loop():
    torch.manual_seed(0)
    model = EncoderDecoderForecaster(
        input_size=3,
        hidden_size=6,
        n_layers=2,
        horizon=4,
        output_size=2,
    ).eval()
    x = torch.randn(5, 7, 3)
    torch.testing.assert_close(model(x), manual_decode(model, x))


def test_full_teacher_forcing_fast_path_matches_a_manual_loop_on_true_values():
    torch.manual_seed(0)
    model = EncoderDecoderForecaster(
        input_size=1, hidden_size=6, horizon=5, future_size=2, teacher_forcing_ratio=1.0
    ).train()
    x, y, future = torch.randn(3, 8, 1), torch.randn(3, 5, 1), torch.randn(3, 5, 2)
    torch.testing.assert_close(
        model(x, target=y, future=future), manual_decode(model, x, y, future)
    )


def test_teacher_forcing_reads_the_target_only_while_training():
    torch.manual_seed(0)
    model = EncoderDecoderForecaster(
        input_size=1, hidden_size=6, horizon=4, teacher_forcing_ratio=1.0
    )
    x, y = torch.randn(3, 8, 1), torch.randn(3, 4, 1)
    changed = y.clone()
    changed[:, 1] += 10.0
    model.train()
    a, b = model(x, target=y), model(x, target=changed)
    torch.testing.assert_close(
        a[:, :2], b[:, :2]
    )  # steps 1-2 read values before the change
    assert not torch.allclose(a[:, 2:], b[:, 2:])  # step 3 reads y[:, 1]
    model.eval()
    torch.testing.assert_close(
        model(x, target=y), model(x)
    )  # evaluation never reads the target


def test_ratio_zero_in_training_is_autoregressive():
    torch.manual_seed(0)
    model = EncoderDecoderForecaster(
        input_size=1, hidden_size=6, horizon=4, teacher_forcing_ratio=0.0
    )
    x, y = torch.randn(3, 8, 1), torch.randn(3, 4, 1)
    torch.testing.assert_close(model.train()(x, target=y), manual_decode(model, x))


def test_scheduled_sampling_mixes_true_and_predicted_values_per_window():
    torch.manual_seed(0)
    model = EncoderDecoderForecaster(
        input_size=1, hidden_size=6, horizon=2, teacher_forcing_ratio=0.5
    ).train()
    x, y = torch.randn(200, 8, 1), torch.randn(200, 2, 1)
    out = model(x, target=y)
    forced, free = manual_decode(model, x, y), manual_decode(model, x)
    torch.testing.assert_close(
        out[:, 0], forced[:, 0]
    )  # the first step reads the last observation
    took_truth = torch.isclose(out[:, 1], forced[:, 1]).all(dim=-1)
    took_prediction = torch.isclose(out[:, 1], free[:, 1]).all(dim=-1)
    assert (took_truth | took_prediction).all()
    assert 60 < int(took_truth.sum()) < 140  # about half of 200 coins


def test_future_features_change_the_forecast():
    torch.manual_seed(0)
    model = EncoderDecoderForecaster(
        input_size=1, hidden_size=6, horizon=3, future_size=1
    ).eval()
    x = torch.randn(2, 5, 1)
    assert not torch.allclose(
        model(x, future=torch.zeros(2, 3, 1)), model(x, future=torch.ones(2, 3, 1))
    )


def test_inputs_are_not_mutated():
    model = EncoderDecoderForecaster(
        input_size=2, hidden_size=4, horizon=3, future_size=1, teacher_forcing_ratio=0.5
    ).train()
    x, y, f = torch.randn(4, 6, 2), torch.randn(4, 3, 1), torch.randn(4, 3, 1)
    copies = [t.clone() for t in (x, y, f)]
    model(x, target=y, future=f).sum().backward()
    for original, copy in zip((x, y, f), copies):
        torch.testing.assert_close(original, copy)


def test_gradients_reach_encoder_decoder_and_head():
    model = EncoderDecoderForecaster(
        input_size=1, hidden_size=4, horizon=3, teacher_forcing_ratio=0.5
    ).train()
    model(torch.randn(4, 6, 1), target=torch.randn(4, 3, 1)).pow(2).mean().backward()
    for name, p in model.named_parameters():
        assert p.grad is not None and torch.isfinite(p.grad).all(), name


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (
            {"teacher_forcing_ratio": 1.5},
            ValueError,
            r"teacher_forcing_ratio must be in \[0.0, 1.0\], got 1.5",
        ),
        (
            {"output_size": 3},
            ValueError,
            r"output_size must be <= input_size .* got 3 > 2",
        ),
        ({"future_size": -1}, ValueError, r"future_size must be >= 0, got -1"),
        ({"hidden_size": 0}, ValueError, r"hidden_size must be >= 1, got 0"),
    ],
)
def test_bad_construction(kwargs, error, match):
    with pytest.raises(error, match=match):
        EncoderDecoderForecaster(input_size=2, **kwargs)


def test_bad_forward_inputs_name_expected_and_actual_shapes():
    model = EncoderDecoderForecaster(input_size=1, hidden_size=4, horizon=3)
    with pytest.raises(
        ValueError, match=r"expected input of shape \(B, L, 1\), got \(2, 1, 5\)"
    ):
        model(torch.zeros(2, 1, 5))
    with pytest.raises(
        ValueError,
        match=r"expected target of shape \(B, H, 1\) = \(2, 3, 1\), got \(2, 4, 1\)",
    ):
        model(torch.zeros(2, 5, 1), target=torch.zeros(2, 4, 1))
    with pytest.raises(
        ValueError, match=r"future_size=0 but got future of shape \(2, 3, 1\)"
    ):
        model(torch.zeros(2, 5, 1), future=torch.zeros(2, 3, 1))
    with_future = EncoderDecoderForecaster(
        input_size=1, hidden_size=4, horizon=3, future_size=2
    )
    with pytest.raises(
        ValueError,
        match=r"expected future of shape \(B, H, 2\) = \(2, 3, 2\), got NoneType None",
    ):
        with_future(torch.zeros(2, 5, 1))


def test_ratio_setter_validates():
    model = EncoderDecoderForecaster(input_size=1, hidden_size=4)
    model.teacher_forcing_ratio = 0.25
    assert model.teacher_forcing_ratio == 0.25
    with pytest.raises(ValueError, match=r"got -0.1"):
        model.teacher_forcing_ratio = -0.1


def test_teacher_forcing_schedule_is_linear_then_constant():
    model = EncoderDecoderForecaster(input_size=1, hidden_size=4)
    schedule = teacher_forcing_schedule(0.8, 0.2, epochs=4)
    ratios = []
    for epoch in range(1, 7):
        schedule(model, epoch)
        ratios.append(model.teacher_forcing_ratio)
    assert ratios == pytest.approx([0.8, 0.6, 0.4, 0.2, 0.2, 0.2])
    teacher_forcing_schedule(0.3, 0.9, epochs=1)(model, 1)
    assert model.teacher_forcing_ratio == pytest.approx(0.9)
    with pytest.raises(ValueError, match=r"start must be in \[0.0, 1.0\], got 2.0"):
        teacher_forcing_schedule(2.0)
