"""Synthetic series: the sine waves of the early chapters, with optional noise."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tslib._validate import check_float, check_int, check_seed


def sine_wave(
    n_steps: int = 1000,
    period: float = 50.0,
    amplitude: float = 1.0,
    phase: float = 0.0,
    noise_std: float = 0.0,
    seed: int | None = None,
) -> np.ndarray:
    r"""Sample a sine wave, optionally with Gaussian noise.

    .. math:: x_t = a \sin(2 \pi t / p + \varphi) + \varepsilon_t,
              \quad \varepsilon_t \sim \mathcal{N}(0, \sigma^2)

    Args:
        n_steps: number of samples ``T`` (at least 2).
        period: samples per cycle ``p`` (> 0).
        amplitude: amplitude ``a``.
        phase: phase ``phi`` in radians.
        noise_std: standard deviation ``sigma`` of the added noise (>= 0).
        seed: seed of the noise generator (the clean wave needs none).

    Returns:
        Array of shape ``(T,)``, dtype float64.

    Example:
        >>> x = sine_wave(n_steps=100, period=20)
        >>> x.shape
        (100,)
        >>> round(float(x[5]), 6)  # a quarter period: the peak
        1.0
    """
    n_steps = check_int(n_steps, "n_steps", minimum=2)
    period = check_float(period, "period", low=0.0, low_inclusive=False)
    amplitude = check_float(amplitude, "amplitude")
    phase = check_float(phase, "phase")
    noise_std = check_float(noise_std, "noise_std", low=0.0)
    seed = None if seed is None else check_seed(seed)
    t = np.arange(n_steps, dtype=np.float64)
    x = amplitude * np.sin(2 * np.pi * t / period + phase)
    if noise_std > 0:
        x = x + np.random.default_rng(seed).normal(0.0, noise_std, size=n_steps)
    return x


def multi_sine(
    n_steps: int = 1000,
    periods: Sequence[float] = (50.0, 50.0),
    phases: Sequence[float] | None = None,
    amplitudes: Sequence[float] | None = None,
    noise_std: float = 0.0,
    seed: int | None = None,
) -> np.ndarray:
    """Sample several sinusoids side by side, one per column.

    Column ``j`` is ``sine_wave(n_steps, periods[j], amplitudes[j], phases[j])`` plus
    independent Gaussian noise.

    Args:
        n_steps: number of samples ``T``.
        periods: one period per column (each > 0).
        phases: one phase per column in radians (default all 0).
        amplitudes: one amplitude per column (default all 1).
        noise_std: standard deviation of the noise added to every column.
        seed: seed of the noise generator.

    Returns:
        Array of shape ``(T, C)`` with ``C = len(periods)``.

    Example:
        >>> x = multi_sine(n_steps=8, periods=(4, 4), phases=(0, np.pi / 2))
        >>> x.shape
        (8, 2)
        >>> np.round(x[:2], 6).tolist()  # sine and cosine
        [[0.0, 1.0], [1.0, 0.0]]
    """
    periods = list(periods)
    if len(periods) == 0:
        raise ValueError("periods must name at least one period, got an empty sequence")
    n_columns = len(periods)
    phases = [0.0] * n_columns if phases is None else list(phases)
    amplitudes = [1.0] * n_columns if amplitudes is None else list(amplitudes)
    for name, values in (("phases", phases), ("amplitudes", amplitudes)):
        if len(values) != n_columns:
            raise ValueError(
                f"{name} must have one entry per period ({n_columns}), "
                f"got {len(values)}"
            )
    columns = [
        sine_wave(n_steps, period=p, amplitude=a, phase=ph)
        for p, a, ph in zip(periods, amplitudes, phases)
    ]
    x = np.stack(columns, axis=1)
    noise_std = check_float(noise_std, "noise_std", low=0.0)
    seed = None if seed is None else check_seed(seed)
    if noise_std > 0:
        x = x + np.random.default_rng(seed).normal(0.0, noise_std, size=x.shape)
    return x
