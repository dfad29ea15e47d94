"""Exponentially weighted averages, with and without bias correction.

For a series theta_1, theta_2, ... the average is

    v_0 = 0,   v_t = beta v_{t-1} + (1 - beta) theta_t,

so v_t = sum_{k=1}^t (1 - beta) beta^(t-k) theta_k: the newest value has weight
1 - beta and each older one beta times less.  The weights add up to
1 - beta^t, not 1, which is why the first v_t are too small (v_0 = 0 pulls them
towards zero); dividing by that sum is the bias correction

    v_hat_t = v_t / (1 - beta^t).

Momentum, RMSprop and Adam are these averages applied to g and g*g.
Bad arguments raise ValueError naming them.
"""

from __future__ import annotations

import numpy as np

from . import checks

__all__ = ["ewa", "weights", "window", "recent_weight", "temperatures"]


def ewa(theta, beta: float, bias_correction: bool = False) -> np.ndarray:
    """v_1, ..., v_T of the series theta_1, ..., theta_T (one value per input).

    With ``bias_correction`` each v_t is divided by 1 - beta^t.
    theta: shape (T,) or (T, ...); the average runs along the first axis.
    """
    beta = checks.beta("beta", beta)
    theta = np.asarray(theta, dtype=float)
    if theta.ndim == 0 or theta.shape[0] == 0:
        raise ValueError(f"theta must be a non-empty series; got shape {theta.shape}")
    if not np.isfinite(theta).all():
        raise ValueError("theta contains NaN or infinite values")
    checks.flag("bias_correction", bias_correction)
    out = np.empty_like(theta)
    v = np.zeros_like(theta[0])
    for t, value in enumerate(theta, start=1):
        v = beta * v + (1 - beta) * value
        out[t - 1] = v / (1 - beta**t) if bias_correction else v
    return out


def weights(beta: float, t: int) -> np.ndarray:
    """The weight of theta_1, ..., theta_t in v_t: (1 - beta) beta^(t - k); they sum to 1 - beta^t."""
    beta = checks.beta("beta", beta)
    t = checks.integer("t", t, least=1)
    k = np.arange(1, t + 1)
    return (1 - beta) * beta ** (t - k)


def window(beta: float) -> float:
    """1 / (1 - beta): the number of recent values v_t roughly averages over."""
    return 1.0 / (1.0 - checks.beta("beta", beta))


def recent_weight(beta: float, n: float | None = None) -> float:
    """The total weight of the newest ``n`` values in a long average: 1 - beta^n.

    By default n = 1/(1 - beta), the window; for beta near 1 that tends to
    1 - 1/e = 0.632..., so the window holds about two thirds of the weight.
    """
    beta = checks.beta("beta", beta)
    n = window(beta) if n is None else checks.non_negative("n", n)
    return 1.0 - beta**n


def temperatures(days: int = 365, seed: int = 0) -> np.ndarray:
    """A made-up year of daily temperatures (degrees C) from a seeded generator.

    A seasonal cycle, coldest in mid-January, plus Gaussian day-to-day noise:
    11 - 7 cos(2 pi (day - 15) / 365) + 3 N(0, 1).  The source names no data,
    so the book's example series is this one.
    """
    days = checks.integer("days", days, least=1)
    rng = np.random.default_rng(seed)
    day = np.arange(1, days + 1)
    return 11.0 - 7.0 * np.cos(2 * np.pi * (day - 15) / 365) + 3.0 * rng.standard_normal(days)
