"""Tests of tslib.models.probabilistic: quantile and distribution heads, paths."""

import numpy as np
import pytest
import torch

from tslib.models import (
    DistributionForecaster,
    NLLLoss,
    PinballLoss,
    QuantileForecaster,
    sample_paths,
)

LEVELS = (0.1, 0.5, 0.9)


def test_quantile_forecaster_shape_and_monotone_never_crosses():
    torch.manual_seed(0)
    model = QuantileForecaster(lookback=8, horizon=5, quantiles=LEVELS, monotone=True)
    out = model(torch.randn(16, 8, 1) * 10)
    assert out.shape == (16, 5, 3)
    assert (out.diff(dim=-1) > 0).all()


def test_season_adds_the_seasonal_naive_forecast():
    torch.manual_seed(0)
    model = QuantileForecaster(lookback=6, horizon=5, quantiles=LEVELS, period=3)
    for p in model.parameters():
        torch.nn.init.zeros_(p)  # the network outputs 0: only the skip is left
    x = torch.arange(6.0).reshape(1, 6, 1)
    out = model(x)
    expected = torch.tensor([3.0, 4.0, 5.0, 3.0, 4.0])  # last 3 values, repeated
    assert torch.equal(out[0, :, 1], expected)


def test_bad_inputs_name_what_was_expected():
    with pytest.raises(ValueError, match="increasing"):
        QuantileForecaster(lookback=4, horizon=2, quantiles=[0.9, 0.1])
    with pytest.raises(ValueError, match=r"\(0, 1\)"):
        QuantileForecaster(lookback=4, horizon=2, quantiles=[0.0, 0.5])
    with pytest.raises(ValueError, match="lookback L = 4"):
        QuantileForecaster(lookback=4, horizon=2, quantiles=LEVELS)(
            torch.zeros(2, 5, 1)
        )
    with pytest.raises(ValueError, match="period must be <="):
        QuantileForecaster(lookback=4, horizon=2, quantiles=LEVELS, period=5)
    with pytest.raises(ValueError, match="distribution"):
        DistributionForecaster(lookback=4, distribution="poisson")
    with pytest.raises(ValueError, match=r"\(B, H, 3\)"):
        PinballLoss(LEVELS)(torch.zeros(2, 4, 2), torch.zeros(2, 4, 1))


def test_pinball_loss_against_a_formula():
    rng = np.random.default_rng(0)
    pred, y = rng.normal(size=(4, 3, 3)), rng.normal(size=(4, 3, 1))
    levels = np.array(LEVELS)
    u = y - pred
    expected = np.mean(np.where(u >= 0, levels * u, (levels - 1) * u))
    got = PinballLoss(LEVELS)(torch.tensor(pred), torch.tensor(y)).item()
    assert got == pytest.approx(expected)


def test_pinball_training_finds_the_quantiles():
    # a constant model learns the 0.1, 0.5 and 0.9 quantiles of uniform noise
    torch.manual_seed(0)
    y = torch.rand(4000, 1, 1)
    q = torch.zeros(1, 1, 3, requires_grad=True)
    opt = torch.optim.Adam([q], lr=0.01)
    loss_fn = PinballLoss(LEVELS)
    for _ in range(800):
        opt.zero_grad()
        loss_fn(q.expand(4000, 1, 3), y).backward()
        opt.step()
    assert q.detach().ravel().numpy() == pytest.approx([0.1, 0.5, 0.9], abs=0.03)


def test_nll_matches_torch_log_prob():
    model = DistributionForecaster(lookback=4, horizon=2, distribution="studentt")
    params = model(torch.randn(3, 4, 1))
    y = torch.randn(3, 2, 1)
    expected = -model.distribution(params).log_prob(y[..., 0]).mean()
    assert NLLLoss(model)(params, y).item() == pytest.approx(expected.item())
    assert (params[..., 1] > 0).all() and (params[..., 2] > 2).all()


def test_sample_paths_shape_seed_and_feedback():
    torch.manual_seed(0)
    model = DistributionForecaster(lookback=5, horizon=1, distribution="normal")
    x = np.random.default_rng(0).normal(size=(3, 5, 1))
    a = sample_paths(model, x, steps=4, n_samples=7, seed=1)
    b = sample_paths(model, x, steps=4, n_samples=7, seed=1)
    assert a.shape == (3, 4, 7)
    np.testing.assert_array_equal(a, b)  # the seed fixes the paths
    assert not np.array_equal(a, sample_paths(model, x, 4, 7, seed=2))
    with pytest.raises(ValueError, match="one-step"):
        sample_paths(DistributionForecaster(lookback=5, horizon=2), x, 4)


def test_fit_trains_a_quantile_head_on_h_1_targets():
    # fit's output/target shape guard lets losses that check shapes through
    from tslib.data import make_loader
    from tslib.training import fit

    torch.manual_seed(0)
    X = np.random.default_rng(0).normal(size=(64, 6, 1)).astype(np.float32)
    y = X[:, -2:, :].copy()  # (64, 2, 1)
    model = QuantileForecaster(lookback=6, horizon=2, quantiles=LEVELS, monotone=True)
    history = fit(
        model,
        make_loader(X, y, batch_size=16),
        epochs=3,
        loss_fn=PinballLoss(LEVELS),
        progress=False,
        device="cpu",
    )
    assert len(history.train_loss) == 3
    with pytest.raises(ValueError, match="does not match"):
        fit(model, make_loader(X, y, batch_size=16), epochs=1, progress=False)


# --- issue 26 -------------------------------------------------------------------------


@pytest.mark.parametrize("quantiles", [0.5, "0.1,0.9"])
def test_quantile_forecaster_says_levels_must_be_a_sequence(quantiles):
    with pytest.raises(TypeError, match="quantiles must be a sequence of levels"):
        QuantileForecaster(lookback=4, horizon=2, quantiles=quantiles)


@pytest.mark.parametrize(
    ("x", "seed", "error", "words"),
    [
        (np.zeros((2, 5)), 0, ValueError, "x must be 3-D"),
        (np.full((1, 5, 1), np.nan), 0, ValueError, "x must not contain NaN"),
        (np.zeros((1, 4, 1)), 0, ValueError, r"expected x of shape \(N, 5, 1\)"),
        (np.zeros((1, 5, 1)), 1.5, TypeError, "seed must be an int"),
    ],
)
def test_sample_paths_names_bad_input(x, seed, error, words):
    model = DistributionForecaster(lookback=5, horizon=1)
    with pytest.raises(error, match=words):
        sample_paths(model, x, steps=2, n_samples=3, seed=seed)


def test_sample_paths_restores_the_training_mode_when_the_model_raises():
    model = DistributionForecaster(lookback=5, horizon=1)
    model.train()

    def broken(params):
        raise RuntimeError("broken distribution")

    model.distribution = broken
    with pytest.raises(RuntimeError, match="broken"):
        sample_paths(model, np.zeros((1, 5, 1)), steps=2)
    assert model.training
