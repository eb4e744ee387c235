"""Probabilistic forecasters: a multi-quantile head and a distribution head (DeepAR).

Both are small multilayer perceptrons over a window of one series, ``(B, L, 1) -> (B,
H, P)``, for *global* models trained on scaled windows of many series
(:func:`tslib.data.mean_abs_scale`): the last axis holds ``Q`` quantiles (ascending)
or the ``P`` parameters of a distribution per lead time; :func:`sample_paths` rolls a
one-step distribution model forward, as DeepAR does.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from tslib._validate import as_array, check_int, check_quantile_levels, check_seed
from tslib.baselines import seasonal_naive as _seasonal_naive
from tslib.models.base import Forecaster, relu_layers

_DISTRIBUTIONS = {"normal": 2, "studentt": 3}
_STEP_OFFSET = 3.0


class _WindowMLP(Forecaster):
    """An MLP from a window ``(B, L, 1)`` to ``(B, H, n_out)``, optionally seasonal."""

    def __init__(self, lookback, horizon, hidden_size, n_layers, period, n_out) -> None:
        super().__init__(1, horizon=horizon, output_size=1, lookback=lookback)
        if period is not None:
            period = check_int(period, "period", minimum=1)
            if period > self.lookback:
                raise ValueError(
                    f"period must be <= lookback = {self.lookback}, got {period}"
                )
        self.period = period
        hidden_size = check_int(hidden_size, "hidden_size", minimum=1)
        n_layers = check_int(n_layers, "n_layers", minimum=0)
        self.net = nn.Sequential(
            *relu_layers(self.lookback, hidden_size, n_layers),
            nn.Linear(hidden_size if n_layers else self.lookback, self.horizon * n_out),
        )

    def _raw(self, x: torch.Tensor) -> torch.Tensor:
        self.check_input(x)
        B, L, _ = x.shape
        return self.net(x.reshape(B, L)).reshape(B, self.horizon, -1)  # (B, H, n_out)

    def _plus_naive(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """``y`` plus the seasonal naive forecast ``(B, H, 1)`` if there is a period."""
        if self.period is None:
            return y
        return y + _seasonal_naive(x, self.period, self.horizon)


def _flat_target(
    target: torch.Tensor, pred: torch.Tensor, what: str, width: int | None = None
) -> torch.Tensor:
    """Targets ``(B, H, 1)`` or ``(B, H)`` as ``(B, H)``, checked against ``pred``."""
    if target.dim() == pred.dim() and target.shape[-1] == 1:
        target = target[..., 0]
    if pred.shape[:-1] != target.shape or width not in (None, pred.shape[-1]):
        raise ValueError(
            f"expected {what} (B, H, {width or 'P'}) and targets (B, H) or (B, H, 1), "
            f"got {tuple(pred.shape)} and {tuple(target.shape)}"
        )
    return target


class QuantileForecaster(_WindowMLP):
    """A multilayer perceptron with one output per lead time and quantile level.

    Trained with :class:`PinballLoss`, output ``q`` estimates the ``q``-quantile of the
    value ``h`` steps ahead. Independent outputs can *cross* (a 0.9-quantile below the
    0.8-quantile); with ``monotone=True`` the head outputs the lowest quantile and
    positive increments (softplus), whose cumulative sums cannot cross.

    Args:
        quantiles: quantile levels ``Q``, increasing, in (0, 1).
        monotone: build non-crossing quantiles by construction.
        period: if given, the network forecasts the *error* of the seasonal naive
            forecast (the last ``period`` inputs, repeated), which is added back: the
            untrained network starts from that strong baseline. ``n_layers`` (hidden
            layers of width ``hidden_size``) may be 0.

    Example:
        >>> model = QuantileForecaster(lookback=12, horizon=3, quantiles=[.1, .5, .9])
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
        levels = check_quantile_levels(quantiles)
        super().__init__(lookback, horizon, hidden_size, n_layers, period, len(levels))
        self.quantiles, self.monotone = levels, bool(monotone)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self._raw(x)  # -> (B, H, Q)
        if self.monotone:
            # lowest quantile, then positive steps up: cumulative sums never cross. The
            # offset starts the steps small (softplus(-3) = 0.05), near the spread of a
            # scaled series, instead of at softplus(0) = 0.69 per level.
            steps = F.softplus(out[..., 1:] - _STEP_OFFSET)
            out = torch.cat([out[..., :1], out[..., :1] + steps.cumsum(-1)], dim=-1)
        return self._plus_naive(x, out)


class PinballLoss(nn.Module):
    r"""The pinball (quantile) loss, averaged over values and levels.

    For a level :math:`q` and the error :math:`u = y - \hat y_q`,
    :math:`\rho_q(u) = \max(q u, (q - 1) u)`: under-forecasts cost :math:`q` per unit,
    over-forecasts :math:`1 - q`, and the expected loss is smallest at the true
    :math:`q`-quantile.

    Args:
        quantiles: the levels ``Q`` of the last axis of the predictions.

    Shape:
        predictions ``(B, H, Q)``, targets ``(B, H, 1)`` or ``(B, H)``.

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
        target = _flat_target(target, pred, "predictions", len(self.levels))
        u = target.unsqueeze(-1) - pred  # -> (B, H, Q)
        return torch.maximum(self.levels * u, (self.levels - 1) * u).mean()


class DistributionForecaster(_WindowMLP):
    """A multilayer perceptron that outputs a distribution per lead time.

    The parameters of a Normal (loc, scale) or Student-t (loc, scale, degrees of
    freedom) distribution; softplus keeps scale positive and the degrees of freedom
    above 2 (a finite variance). Train with :class:`NLLLoss`. With ``horizon=1`` it is
    the core of DeepAR, rolled forward by :func:`sample_paths`.

    Args:
        distribution: ``"normal"`` or ``"studentt"``: ``P = 2`` or ``3`` parameters.
        period: if given, the location is the seasonal naive forecast plus the
            network's correction (as in :class:`QuantileForecaster`).

    Example:
        >>> model = DistributionForecaster(lookback=12, horizon=3,
        ...                                distribution="studentt")
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
        if distribution not in _DISTRIBUTIONS:
            raise ValueError(
                f"expected distribution in {sorted(_DISTRIBUTIONS)}, "
                f"got {distribution!r}"
            )
        n_params = _DISTRIBUTIONS[distribution]
        super().__init__(lookback, horizon, hidden_size, n_layers, period, n_params)
        self.distribution_name, self.n_params = distribution, n_params

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        raw = self._raw(x)  # -> (B, H, P)
        loc = self._plus_naive(x, raw[..., :1])  # -> (B, H, 1)
        scale = F.softplus(raw[..., 1:2]) + 1e-4  # positive
        params = [loc, scale]
        if self.n_params == 3:
            params.append(2.0 + F.softplus(raw[..., 2:3]))  # df > 2: finite variance
        return torch.cat(params, dim=-1)  # -> (B, H, P)

    def distribution(self, params: torch.Tensor) -> torch.distributions.Distribution:
        """The distribution (batch shape ``(B, H)``) of parameters ``(B, H, P)``."""
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
        parameters ``(B, H, P)``, targets ``(B, H, 1)`` or ``(B, H)``.

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
        target = _flat_target(target, params, "parameters")  # -> (B, H)
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

    At every step one value is drawn from the model's distribution of the next value
    and appended to the window, which slides by one: the paths keep the dependence
    between lead times that independent per-step draws would lose.

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
        # a private random stream: the paths depend on `seed` only
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
