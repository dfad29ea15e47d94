"""Finite-difference gradient checking.

``numerical_gradient`` estimates the gradient of a scalar function by central
differences; ``relative_error`` compares it with an analytic gradient.  Central
differences have truncation error O(eps^2) and rounding error about
machine_eps * |f| / eps, so eps = 1e-6 typically agrees with a correct
gradient to a relative error of 1e-8 or better on well-scaled float64 inputs.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

__all__ = ["numerical_gradient", "relative_error"]


def numerical_gradient(f: Callable[[np.ndarray], float], x, eps: float = 1e-6) -> np.ndarray:
    """Central-difference estimate of grad f at x, an array of any shape.

    grad[i] = (f(x + eps e_i) - f(x - eps e_i)) / (2 eps) for every index i.
    The caller's x is never modified: f always receives a fresh float copy.
    """
    x = np.array(x, dtype=float)  # private float copy
    grad = np.empty_like(x)
    for i in np.ndindex(x.shape):
        shifted = x.copy()
        shifted[i] = x[i] + eps
        f_plus = _scalar(f(shifted))
        shifted[i] = x[i] - eps
        f_minus = _scalar(f(shifted))
        grad[i] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def _scalar(value) -> float:
    if np.ndim(value) != 0:
        raise ValueError(f"f must return a scalar; got an array of shape {np.shape(value)}")
    return float(value)


def relative_error(a, b) -> float:
    """||a - b|| / (||a|| + ||b||) with Euclidean (Frobenius) norms over all entries.

    Symmetric, scale-free and at most 1; defined as 0.0 when a and b are both zero.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape; got a.shape={a.shape} and b.shape={b.shape}")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    if scale == 0.0:
        return 0.0
    return float(np.linalg.norm(a - b) / scale)
