"""Tests of tslib.models.nbeats: shapes, errors, the residual structure, learning."""

import numpy as np
import pytest
import torch

from tslib.models.nbeats import NBeatsBlock, NBeatsForecaster


def test_block_shapes():
    backcast, forecast = NBeatsBlock(lookback=7, horizon=3, width=5, n_layers=3)(
        torch.zeros(2, 7)
    )
    assert backcast.shape == (2, 7)
    assert forecast.shape == (2, 3)


def test_forecaster_contract():
    model = NBeatsForecaster(lookback=10, horizon=4, width=8, n_blocks=3)
    out = model(torch.randn(6, 10, 1))
    assert out.shape == (6, 4, 1)
    assert out.dtype == torch.float32


@pytest.mark.parametrize(
    "x", [torch.zeros(2, 9, 1), torch.zeros(2, 10, 2), torch.zeros(2, 10)]
)
def test_forecaster_rejects_wrong_shapes(x):
    model = NBeatsForecaster(lookback=10, horizon=4, width=8)
    with pytest.raises(ValueError, match="expected input of shape"):
        model(x)


def test_forecaster_rejects_bad_settings():
    with pytest.raises(ValueError, match="n_blocks"):
        NBeatsForecaster(lookback=10, horizon=4, n_blocks=0)
    with pytest.raises(ValueError, match="width"):
        NBeatsForecaster(lookback=10, horizon=4, width=0)


def test_naive_level_is_the_starting_forecast():
    model = NBeatsForecaster(lookback=5, horizon=3, width=4, n_blocks=2)
    for p in model.parameters():
        torch.nn.init.zeros_(p)
    x = torch.arange(10.0).reshape(2, 5, 1)
    out = model(x)
    assert torch.equal(out[:, :, 0], x[:, -1:, 0].expand(2, 3))


def test_blocks_read_the_residual():
    """The second block sees the input minus the first block's backcast."""
    torch.manual_seed(0)
    model = NBeatsForecaster(lookback=4, horizon=2, width=3, n_blocks=2)
    seen = []
    model.blocks[1].register_forward_pre_hook(lambda m, args: seen.append(args[0]))
    x = torch.randn(3, 4, 1)
    model(x)
    backcast, _ = model.blocks[0](x[:, :, 0])
    assert torch.allclose(seen[0], x[:, :, 0] - backcast)


@pytest.fixture
def one_thread():
    """Tiny models: one thread (many threads on a busy machine are much slower)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def test_learns_a_seasonal_pattern(one_thread):
    torch.manual_seed(0)
    t = np.arange(400)
    series = np.sin(2 * np.pi * t / 8).astype(np.float32)
    idx = np.arange(0, 400 - 16 - 4)
    X = np.stack([series[i : i + 16] for i in idx])[:, :, None]
    y = np.stack([series[i + 16 : i + 20] for i in idx])[:, :, None]
    model = NBeatsForecaster(lookback=16, horizon=4, width=32, n_blocks=2)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    X, y = torch.from_numpy(X), torch.from_numpy(y)
    for _ in range(150):
        loss = (model(X) - y).abs().mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert loss.item() < 0.1
