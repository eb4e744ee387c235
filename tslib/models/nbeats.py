"""An N-BEATS-style forecaster: fully connected blocks, backcasts and residuals.

N-BEATS :cite:`oreshkin2020nbeats` stacks blocks; each reads what the blocks before it
have not explained (the *residual*) and emits a *backcast* (its reconstruction of that
input, subtracted before the next block) and a *forecast* (added to the total). Only
the paper's *generic* blocks, with no basis functions.
"""

from __future__ import annotations

import torch
from torch import nn

from tslib._validate import check_int
from tslib.models.base import Forecaster, relu_layers


class NBeatsBlock(nn.Module):
    """One generic block: ``(B, L) -> (backcast (B, L), forecast (B, H))``.

    ``n_layers`` hidden layers (``nn.Linear`` + ReLU) of ``width`` units, then one
    linear layer for both outputs.

    Example:
        >>> block = NBeatsBlock(lookback=6, horizon=3, width=8, n_layers=2)
        >>> backcast, forecast = block(torch.zeros(4, 6))
        >>> tuple(backcast.shape), tuple(forecast.shape)
        ((4, 6), (4, 3))
    """

    def __init__(
        self, *, lookback: int, horizon: int, width: int, n_layers: int
    ) -> None:
        super().__init__()
        self.lookback = check_int(lookback, "lookback", minimum=1)
        self.horizon = check_int(horizon, "horizon", minimum=1)
        width = check_int(width, "width", minimum=1)
        n_layers = check_int(n_layers, "n_layers", minimum=1)
        self.hidden = nn.Sequential(*relu_layers(self.lookback, width, n_layers))
        self.theta = nn.Linear(width, self.lookback + self.horizon)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The backcast ``(B, L)`` and the forecast ``(B, H)`` of ``x`` ``(B, L)``."""
        theta = self.theta(self.hidden(x))  # -> (B, L + H)
        return theta[:, : self.lookback], theta[:, self.lookback :]


class NBeatsForecaster(Forecaster):
    """N-BEATS with generic blocks, univariate: ``(B, L, 1) -> (B, H, 1)``.

    Block ``k`` reads the residual ``r_k`` (``r_1`` is the input window), and

    .. math:: r_{k+1} = r_k - \\mathrm{backcast}_k(r_k), \\qquad
              \\hat y = y_L + \\sum_k \\mathrm{forecast}_k(r_k)

    where :math:`y_L` is the last input value (the naive forecast, which the blocks
    correct, as in the reference implementation). Every block is a small MLP on the
    whole window, fast on a CPU. Feed it scaled windows (see
    :func:`tslib.data.panel_windows`) so that one network serves series of any level.

    Args:
        width: units of each hidden layer of each block.
        n_blocks: number of blocks, >= 1.
        n_layers: hidden layers per block, >= 1.

    Raises:
        ValueError: if the input is not ``(B, L, 1)`` with this model's ``L``.

    Example:
        >>> model = NBeatsForecaster(lookback=12, horizon=4, width=16, n_blocks=2)
        >>> tuple(model(torch.zeros(5, 12, 1)).shape)
        (5, 4, 1)
    """

    def __init__(
        self,
        *,
        lookback: int,
        horizon: int,
        width: int = 128,
        n_blocks: int = 4,
        n_layers: int = 2,
    ) -> None:
        super().__init__(1, horizon=horizon, output_size=1, lookback=lookback)
        n_blocks = check_int(n_blocks, "n_blocks", minimum=1)
        self.blocks = nn.ModuleList(
            NBeatsBlock(
                lookback=self.lookback,
                horizon=self.horizon,
                width=width,
                n_layers=n_layers,
            )
            for _ in range(n_blocks)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Forecast ``(B, H, 1)`` from windows ``x`` of shape ``(B, L, 1)``."""
        self.check_input(x)
        residual = x[:, :, 0]  # -> (B, L)
        forecast = residual[:, -1:].expand(-1, self.horizon)  # -> (B, H): naive
        for block in self.blocks:
            backcast, block_forecast = block(residual)
            residual = residual - backcast  # what is left for the next block
            forecast = forecast + block_forecast
        return forecast.unsqueeze(-1)  # -> (B, H, 1)
