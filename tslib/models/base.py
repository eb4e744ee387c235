"""The contract every forecaster shares: ``(B, L, C_in) -> (B, H, C_out)``, batch-first."""

from __future__ import annotations

import torch
from torch import nn

from tslib._checks import check_int


class Forecaster(nn.Module):
    """Base class of the book's forecasters.

    A subclass builds its layers in ``__init__`` (after calling this one) and implements
    ``forward``; it calls :meth:`check_input` first so that a wrongly shaped batch fails
    with a message that says what was expected.

    Args:
        input_size: input features ``C_in``.
        horizon: forecast steps ``H``.
        output_size: target features ``C_out``.
    """

    def __init__(self, input_size: int, horizon: int = 1, output_size: int = 1) -> None:
        super().__init__()
        self.input_size = check_int(input_size, "input_size", minimum=1)
        self.horizon = check_int(horizon, "horizon", minimum=1)
        self.output_size = check_int(output_size, "output_size", minimum=1)

    def check_input(self, x: torch.Tensor) -> None:
        """Raise a clear error unless ``x`` is a float tensor of shape ``(B, L, C_in)``."""
        if not isinstance(x, torch.Tensor):
            raise TypeError(f"expected a torch.Tensor of shape (B, L, {self.input_size}), got {type(x).__name__}")
        if not x.is_floating_point():
            raise TypeError(f"expected a floating-point tensor, got dtype {x.dtype}")
        if x.dim() != 3 or x.shape[-1] != self.input_size:
            hint = ""
            if x.dim() == 3 and x.shape[1] == self.input_size:
                hint = " (it looks like (B, C, L): use x.transpose(1, 2), models here are batch-first)"
            elif x.dim() == 2:
                hint = " (add the feature axis: x.unsqueeze(-1))"
            raise ValueError(f"expected input of shape (B, L, {self.input_size}), got {tuple(x.shape)}{hint}")
