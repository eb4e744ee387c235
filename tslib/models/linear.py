"""Linear forecasters: DLinear and NLinear, one linear map over time per channel."""

from __future__ import annotations

import torch
from torch import nn

from tslib._validate import check_int
from tslib.models.base import Forecaster


def moving_average(x: torch.Tensor, kernel_size: int) -> torch.Tensor:
    """Centred moving average over time of ``(B, L, C)``, the ends padded by repeating.

    The trend of :class:`DLinear`: each step is the mean of the ``kernel_size`` (odd)
    steps centred on it; the padding keeps the length ``L``.

    Example:
        >>> x = torch.tensor([1.0, 2.0, 6.0]).view(1, 3, 1)
        >>> moving_average(x, 3).flatten().tolist()  # (1+1+2)/3, (1+2+6)/3, (2+6+6)/3
        [1.3333333730697632, 3.0, 4.666666507720947]
    """
    kernel_size = check_int(kernel_size, "kernel_size", minimum=1)
    if kernel_size % 2 == 0:
        raise ValueError(f"kernel_size must be odd, got {kernel_size}")
    if x.dim() != 3:
        raise ValueError(f"expected input of shape (B, L, C), got {tuple(x.shape)}")
    pad = (kernel_size - 1) // 2
    padded = torch.cat(
        [x[:, :1].expand(-1, pad, -1), x, x[:, -1:].expand(-1, pad, -1)], dim=1
    )  # -> (B, L + k - 1, C)
    return padded.unfold(1, kernel_size, 1).mean(dim=-1)  # -> (B, L, C)


def _over_time(linear: nn.Linear, x: torch.Tensor) -> torch.Tensor:
    # nn.Linear acts on the last axis, so put time there: (B, L, C) -> (B, C, L).
    return linear(x.transpose(1, 2)).transpose(1, 2)  # -> (B, H, C)


class NLinear(Forecaster):
    r"""NLinear (Zeng et al., 2023): a linear map over time of the window minus its end.

    .. math:: \hat y = W (x - x_L \mathbf 1) + b + x_L \mathbf 1

    with :math:`W \in \mathbb R^{H \times L}` shared by all channels, each forecast
    from its own past (``C_out = C_in``).

    Example:
        >>> model = NLinear(input_size=1, lookback=6, horizon=2)
        >>> x = torch.randn(4, 6, 1)
        >>> torch.allclose(model(x + 10.0), model(x) + 10.0)  # moves with the level
        True
    """

    def __init__(self, input_size: int, *, lookback: int, horizon: int = 1) -> None:
        super().__init__(
            input_size, horizon=horizon, output_size=input_size, lookback=lookback
        )
        self.linear = nn.Linear(self.lookback, self.horizon)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Forecast ``(B, H, C_in)`` from ``x`` of shape ``(B, L, C_in)``."""
        self.check_input(x)
        last = x[:, -1:, :]  # -> (B, 1, C): the level of each window
        return _over_time(self.linear, x - last) + last  # -> (B, H, C)


class DLinear(Forecaster):
    r"""DLinear (Zeng et al., 2023): linear maps over time of a trend and a remainder.

    The window is split into a trend, its centred moving average, and the remainder
    (Zeng et al.'s seasonal part); one linear map over time forecasts each:

    .. math::
        \hat y = W_t\, \bar x + W_s (x - \bar x) + b,
        \qquad \bar x = \mathrm{MA}_k(x)

    with :math:`W_t, W_s \in \mathbb R^{H \times L}` shared by all channels (as in
    :class:`NLinear`): a linear map of the window, as a linear autoregression is,
    parametrised differently.

    Args:
        kernel_size: odd length ``k`` of the moving average (25 in the paper).

    Example:
        >>> model = DLinear(input_size=1, lookback=24, horizon=4, kernel_size=5)
        >>> tuple(model(torch.zeros(3, 24, 1)).shape)
        (3, 4, 1)
    """

    def __init__(
        self, input_size: int, *, lookback: int, horizon: int = 1, kernel_size: int = 25
    ) -> None:
        super().__init__(
            input_size, horizon=horizon, output_size=input_size, lookback=lookback
        )
        self.kernel_size = check_int(kernel_size, "kernel_size", minimum=1)
        if self.kernel_size % 2 == 0:
            raise ValueError(f"kernel_size must be odd, got {self.kernel_size}")
        self.trend = nn.Linear(self.lookback, self.horizon)
        self.remainder = nn.Linear(self.lookback, self.horizon)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Forecast ``(B, H, C_in)`` from ``x`` of shape ``(B, L, C_in)``."""
        self.check_input(x)
        trend = moving_average(x, self.kernel_size)  # -> (B, L, C)
        remainder = _over_time(self.remainder, x - trend)  # -> (B, H, C)
        return _over_time(self.trend, trend) + remainder  # -> (B, H, C)
