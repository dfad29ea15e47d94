"""Small data sets made with NumPy and a seed, so every figure is reproducible."""

import numpy as np


def noisy_line(n: int = 12, slope: float = 0.5, intercept: float = 1.0,
               noise: float = 0.3, seed: int = 0):
    """``n`` points ``y = slope * x + intercept + noise``, ``x`` evenly spaced on [0, 10]."""
    if n < 2:
        raise ValueError(f"n must be at least 2, got {n}")
    rng = np.random.default_rng(seed)
    x = np.linspace(0.0, 10.0, n)
    return x, slope * x + intercept + noise * rng.standard_normal(n)


def with_outlier(x, y, size: float, index: int = -1):
    """A copy of ``y`` with ``size`` added to one point (the last by default)."""
    y = np.array(y, dtype=float)
    y[index] += size
    return np.asarray(x, dtype=float), y
