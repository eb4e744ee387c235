"""A linear forecaster: one affine map from the flattened window to the forecast."""

from __future__ import annotations

import torch
from torch import nn

from tslib._checks import check_int
from tslib.models.base import Forecaster


class LinearForecaster(Forecaster):
    """``(B, L, C_in) -> (B, H, C_out)`` through one ``nn.Linear`` on the flat window.

    The trainable twin of :class:`tslib.baselines.LinearAR`: the same model class,
    fitted by gradient descent instead of in closed form. A useful sanity check: a
    network that cannot beat it is not using its non-linearity.

    Args:
        input_size: input features ``C_in``.
        lookback: input length ``L`` (fixed, since the weights are per step).
        horizon: forecast steps ``H``.
        output_size: target features ``C_out``.

    Example:
        >>> model = LinearForecaster(input_size=2, lookback=5, horizon=3)
        >>> tuple(model(torch.zeros(4, 5, 2)).shape)
        (4, 3, 1)
    """

    def __init__(
        self, input_size: int, lookback: int, horizon: int = 1, output_size: int = 1
    ) -> None:
        super().__init__(input_size, horizon, output_size)
        self.lookback = check_int(lookback, "lookback", minimum=1)
        self.linear = nn.Linear(
            self.lookback * input_size, self.horizon * self.output_size
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Forecast ``(B, H, C_out)`` from ``x`` of shape ``(B, L, C_in)``."""
        self.check_input(x)
        B, L, _ = x.shape
        if L != self.lookback:
            raise ValueError(
                f"expected input of shape (B, {self.lookback}, {self.input_size}), "
                f"got {tuple(x.shape)}"
            )
        return self.linear(x.reshape(B, -1)).view(
            B, self.horizon, self.output_size
        )  # -> (B, H, C_out)
