"""Probabilistic forecasters: a multi-quantile head and a distribution head (DeepAR).

Both are small multilayer perceptrons over a lookback window of one target series
(``C_in = C_out = 1``), meant for *global* models trained on windows of many series
after per-window scaling (:func:`tslib.data.mean_abs_scale`).

Output shapes (one target series, so the ``C_out`` axis of the point contract is
replaced by the quantile or parameter axis):

- :class:`QuantileForecaster`: ``(B, L, 1) -> (B, H, Q)``, one value per lead time and
  quantile level, levels ascending along the last axis;
- :class:`DistributionForecaster`: ``(B, L, 1) -> (B, H, P)``, the parameters of a
  Normal (``P = 2``: loc, scale) or Student-t (``P = 3``: loc, scale, degrees of
  freedom) distribution per lead time; :meth:`DistributionForecaster.distribution`
  turns them into a ``torch.distributions`` object, and :func:`sample_paths` draws
  multi-step paths from a one-step model by feeding its own samples back, as DeepAR
  does.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from tslib._validate import (
    as_array,
    check_int,
    check_quantile_levels,
    check_seed,
)
from tslib.baselines import seasonal_naive as _seasonal_naive
from tslib.data.scalers import mean_abs_scale as mean_abs_scale  # re-exported
from tslib.models.base import Forecaster

_DISTRIBUTIONS = {"normal": 2, "studentt": 3}
_STEP_OFFSET = 3.0


def _check_period(period: int | None, lookback: int) -> int | None:
    if period is None:
        return None
    period = check_int(period, "period", minimum=1)
    if period > lookback:
        raise ValueError(f"period must be <= lookback = {lookback}, got {period}")
    return period


def _mlp(in_features: int, hidden_size: int, n_layers: int, out_features: int):
    layers: list[nn.Module] = []
    width = in_features
    for _ in range(n_layers):
        layers += [nn.Linear(width, hidden_size), nn.ReLU()]
        width = hidden_size
    layers.append(nn.Linear(width, out_features))
    return nn.Sequential(*layers)


class QuantileForecaster(Forecaster):
    """A multilayer perceptron with one output per lead time and quantile level.

    Trained with :class:`PinballLoss`, output ``q`` estimates the ``q``-quantile of the
    value ``h`` steps ahead. Independent outputs can *cross* (a 0.9-quantile below the
    0.8-quantile); with ``monotone=True`` the head outputs the lowest quantile and
    positive increments (softplus), whose cumulative sums cannot cross.

    Args:
        lookback: input length ``L``.
        horizon: forecast steps ``H``.
        quantiles: quantile levels ``Q``, increasing, in (0, 1).
        hidden_size: width ``D`` of the hidden layers.
        n_layers: number of hidden layers.
        monotone: build non-crossing quantiles by construction.
        period: if given, the network forecasts the *error* of the seasonal naive
            forecast (the last ``period`` inputs, repeated), which is added back: the
            untrained network starts from that strong baseline.

    Shape:
        - Input: ``(B, L, 1)``.
        - Output: ``(B, H, Q)``.

    Example:
        >>> model = QuantileForecaster(
        ...     lookback=12, horizon=3, quantiles=[0.1, 0.5, 0.9]
        ... )
        >>> tuple(model(torch.zeros(4, 12, 1)).shape)
        (4, 3, 3)
    """

    def __init__(
        self,
        *,
        lookback: int,
        horizon: int,
        quantiles: Sequence[float],
        hidden_size: int = 64,
        n_layers: int = 2,
        monotone: bool = False,
        period: int | None = None,
    ) -> None:
        super().__init__(1, horizon=horizon, output_size=1, lookback=lookback)
        self.period = _check_period(period, self.lookback)
        self.quantiles = check_quantile_levels(quantiles)
        self.monotone = bool(monotone)
        n_q = len(self.quantiles)
        self.net = _mlp(
            lookback,
            check_int(hidden_size, "hidden_size", minimum=1),
            check_int(n_layers, "n_layers", minimum=0),
            horizon * n_q,
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.check_input(x)
        B, L, _ = x.shape
        out = self.net(x.reshape(B, L))  # -> (B, H * Q)
        out = out.reshape(B, self.horizon, len(self.quantiles))  # -> (B, H, Q)
        if self.monotone:
            # lowest quantile, then positive steps up: cumulative sums never cross. The
            # offset starts the steps small (softplus(-3) = 0.05), near the spread of a
            # scaled series, instead of at softplus(0) = 0.69 per level.
            steps = F.softplus(out[..., 1:] - _STEP_OFFSET)
            out = torch.cat([out[..., :1], out[..., :1] + steps.cumsum(-1)], dim=-1)
        if self.period is not None:
            out = out + _seasonal_naive(x, self.period, self.horizon)  # (B, H, 1)
        return out


class PinballLoss(nn.Module):
    r"""The pinball (quantile) loss, averaged over values and levels.

    For a level :math:`q` and the error :math:`u = y - \hat y_q`,
    :math:`\rho_q(u) = \max(q u, (q - 1) u)`: under-forecasts cost :math:`q` per unit,
    over-forecasts :math:`1 - q`, and the expected loss is smallest at the true
    :math:`q`-quantile.

    Args:
        quantiles: the levels ``Q`` of the last axis of the predictions.

    Shape:
        - Predictions: ``(B, H, Q)``.
        - Targets: ``(B, H, 1)`` or ``(B, H)``.

    Example:
        >>> loss = PinballLoss([0.1, 0.9])
        >>> pred = torch.tensor([[[0.0, 0.0]]])  # (1, 1, 2): both quantiles at 0
        >>> loss(pred, torch.tensor([[[1.0]]]))  # (0.1 * 1 + 0.9 * 1) / 2
        tensor(0.5000)
    """

    checks_shapes = True  # fit lets (B, H, Q) predictions meet (B, H, 1) targets

    def __init__(self, quantiles: Sequence[float]) -> None:
        super().__init__()
        levels = check_quantile_levels(quantiles)
        self.register_buffer("levels", torch.tensor(levels, dtype=torch.float32))

    def forward(self, pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        if target.dim() == pred.dim() and target.shape[-1] == 1:
            target = target[..., 0]  # -> (B, H)
        if pred.shape[:-1] != target.shape or pred.shape[-1] != len(self.levels):
            raise ValueError(
                f"expected predictions (B, H, {len(self.levels)}) and targets (B, H) "
                f"or (B, H, 1), got {tuple(pred.shape)} and {tuple(target.shape)}"
            )
        u = target.unsqueeze(-1) - pred  # -> (B, H, Q)
        return torch.maximum(self.levels * u, (self.levels - 1) * u).mean()


class DistributionForecaster(Forecaster):
    """A multilayer perceptron that outputs a distribution per lead time.

    The head outputs the parameters of a Normal (loc, scale) or Student-t (loc, scale,
    degrees of freedom) distribution; scale and degrees of freedom pass through softplus
    so they stay positive (the degrees of freedom above 2, so the variance exists).
    Train with :class:`NLLLoss`. With ``horizon=1`` it is the core of DeepAR: a one-step
    likelihood model, rolled forward by :func:`sample_paths`.

    Args:
        lookback: input length ``L``.
        horizon: forecast steps ``H``.
        distribution: ``"normal"`` or ``"studentt"``.
        hidden_size: width ``D`` of the hidden layers.
        n_layers: number of hidden layers.
        period: if given, the location is the seasonal naive forecast plus the
            network's correction (as in :class:`QuantileForecaster`).

    Shape:
        - Input: ``(B, L, 1)``.
        - Output: ``(B, H, P)`` parameters, ``P = 2`` (normal) or ``3`` (studentt).

    Example:
        >>> model = DistributionForecaster(
        ...     lookback=12, horizon=3, distribution="studentt"
        ... )
        >>> params = model(torch.zeros(4, 12, 1))
        >>> tuple(params.shape), tuple(model.distribution(params).sample().shape)
        ((4, 3, 3), (4, 3))
    """

    def __init__(
        self,
        *,
        lookback: int,
        horizon: int = 1,
        distribution: str = "normal",
        hidden_size: int = 64,
        n_layers: int = 2,
        period: int | None = None,
    ) -> None:
        super().__init__(1, horizon=horizon, output_size=1, lookback=lookback)
        if distribution not in _DISTRIBUTIONS:
            raise ValueError(
                f"expected distribution in {sorted(_DISTRIBUTIONS)}, "
                f"got {distribution!r}"
            )
        self.period = _check_period(period, self.lookback)
        self.distribution_name = distribution
        self.n_params = _DISTRIBUTIONS[distribution]
        self.net = _mlp(
            lookback,
            check_int(hidden_size, "hidden_size", minimum=1),
            check_int(n_layers, "n_layers", minimum=0),
            horizon * self.n_params,
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.check_input(x)
        B, L, _ = x.shape
        raw = self.net(x.reshape(B, L)).reshape(B, self.horizon, self.n_params)
        loc = raw[..., :1]
        if self.period is not None:
            loc = loc + _seasonal_naive(x, self.period, self.horizon)  # (B, H, 1)
        scale = F.softplus(raw[..., 1:2]) + 1e-4  # positive
        params = [loc, scale]
        if self.n_params == 3:
            params.append(2.0 + F.softplus(raw[..., 2:3]))  # df > 2: finite variance
        return torch.cat(params, dim=-1)  # -> (B, H, P)

    def distribution(self, params: torch.Tensor) -> torch.distributions.Distribution:
        """The ``torch.distributions`` object of parameters ``(B, H, P)``.

        Its batch shape is ``(B, H)``: one distribution per window and lead time.
        """
        if params.shape[-1] != self.n_params:
            raise ValueError(
                f"expected parameters (B, H, {self.n_params}), "
                f"got {tuple(params.shape)}"
            )
        loc, scale = params[..., 0], params[..., 1]
        if self.n_params == 3:
            return torch.distributions.StudentT(params[..., 2], loc, scale)
        return torch.distributions.Normal(loc, scale)


class NLLLoss(nn.Module):
    """Negative log-likelihood of the targets under a :class:`DistributionForecaster`.

    Args:
        model: the forecaster whose ``distribution`` turns parameters into one.

    Shape:
        - Parameters: ``(B, H, P)``.
        - Targets: ``(B, H, 1)`` or ``(B, H)``.

    Example:
        >>> model = DistributionForecaster(lookback=4, horizon=1)
        >>> params = torch.tensor([[[0.0, 1.0]]])  # a standard normal
        >>> # -log density of N(0, 1) at 0: log(2 pi) / 2
        >>> round(NLLLoss(model)(params, torch.zeros(1, 1, 1)).item(), 4)
        0.9189
    """

    checks_shapes = True  # fit lets (B, H, P) parameters meet (B, H, 1) targets

    def __init__(self, model: DistributionForecaster) -> None:
        super().__init__()
        self.model = [model]  # a list: not registered as a submodule

    def forward(self, params: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        if target.dim() == params.dim() and target.shape[-1] == 1:
            target = target[..., 0]  # -> (B, H)
        if params.shape[:-1] != target.shape:
            raise ValueError(
                f"expected parameters (B, H, P) and targets (B, H) or (B, H, 1), "
                f"got {tuple(params.shape)} and {tuple(target.shape)}"
            )
        return -self.model[0].distribution(params).log_prob(target).mean()


@torch.no_grad()
def sample_paths(
    model: DistributionForecaster,
    x: np.ndarray | torch.Tensor,
    steps: int,
    n_samples: int = 100,
    seed: int = 0,
) -> np.ndarray:
    """Draw multi-step sample paths from a one-step distribution model (as DeepAR does).

    Each path starts from the window ``x``; at every step the model gives the
    distribution of the next value, one value is drawn from it and appended to the
    window, which slides by one. The paths carry the dependence between lead times that
    independent per-step draws would lose (a path that goes high tends to stay high).

    Args:
        model: a trained :class:`DistributionForecaster` with ``horizon=1``.
        x: windows ``(N, L, 1)``.
        steps: path length ``H``.
        n_samples: paths per window ``S``.
        seed: seed of the sampling generator.

    Returns:
        Paths ``(N, H, S)``, float32.

    Example:
        >>> model = DistributionForecaster(lookback=5, horizon=1)
        >>> sample_paths(model, np.zeros((2, 5, 1)), steps=3, n_samples=4).shape
        (2, 3, 4)
    """
    if not isinstance(model, DistributionForecaster) or model.horizon != 1:
        raise ValueError("expected a one-step DistributionForecaster (horizon=1)")
    steps = check_int(steps, "steps", minimum=1)
    n_samples = check_int(n_samples, "n_samples", minimum=1)
    seed = check_seed(seed)
    x_arr = as_array(x, "x", ndim=3, dtype=np.float32)
    if x_arr.shape[1:] != (model.lookback, 1):
        raise ValueError(
            f"expected x of shape (N, {model.lookback}, 1) (lookback windows of one "
            f"series), got {x_arr.shape}"
        )
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    window = torch.as_tensor(x_arr, device=device)
    N, L, _ = window.shape
    window = window.repeat_interleave(n_samples, dim=0)  # -> (N * S, L, 1)
    draws = []
    try:
        # a private random stream: the paths depend on `seed` only, not on what ran
        # before
        with torch.random.fork_rng(devices=[device] if device.type == "cuda" else []):
            torch.manual_seed(seed)
            for _ in range(steps):
                value = model.distribution(model(window)).sample()  # -> (N * S, 1)
                draws.append(value)
                window = torch.cat([window[:, 1:], value.unsqueeze(-1)], dim=1)
    finally:
        model.train(was_training)  # as predict does, even if the model raised
    paths = torch.cat(draws, dim=1).reshape(N, n_samples, steps)  # -> (N, S, H)
    return paths.transpose(1, 2).cpu().numpy()  # -> (N, H, S)
