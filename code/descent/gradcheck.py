"""Finite-difference gradient checking.

``numerical_gradient`` estimates the gradient of a scalar function by central
differences; ``relative_error`` compares it with an analytic gradient.  Central
differences have truncation error O(eps^2) and rounding error about
machine_eps * |f| / eps, so eps = 1e-6 typically agrees with a correct
gradient to a relative error of 1e-8 or better on well-scaled float64 inputs.

For a network, ``network_numerical_gradients`` nudges every weight and bias in
turn: two forward passes per parameter, so 2n passes for n parameters (the
one-sided difference of the sources needs n + 1), against one forward and one
backward pass for backpropagation.  ``check_network`` compares the two.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

__all__ = ["numerical_gradient", "relative_error", "network_numerical_gradients", "check_network",
           "check_network_per_param"]


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


def network_numerical_gradients(net, X, Y, eps: float = 1e-6) -> list:
    """Central differences of ``net.loss(X, Y)`` for every parameter, in ``net.params`` order.

    Works on a copy of ``net``, nudging one entry at a time in place, so each
    entry costs exactly two forward passes and ``net`` itself is untouched.
    """
    work = net.copy()
    grads = []
    for p in work.param_arrays():
        g = np.empty_like(p)
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + eps
            f_plus = work.loss(X, Y)
            p[i] = old - eps
            f_minus = work.loss(X, Y)
            p[i] = old
            g[i] = (f_plus - f_minus) / (2.0 * eps)
        grads.append(g)
    return grads


def check_network_per_param(net, X, Y, eps: float = 1e-6) -> list:
    """relative_error(backprop, finite differences) for each array of ``net.params``."""
    numeric = network_numerical_gradients(net, X, Y, eps)
    _, backprop = net.loss_and_gradients(X, Y)
    return [relative_error(b, n) for b, n in zip(backprop, numeric)]


def check_network(net, X, Y, eps: float = 1e-6) -> float:
    """relative_error of the whole gradient (all parameters as one vector): backprop
    against central differences.  Below about 1e-7 in float64 means they agree."""
    numeric = network_numerical_gradients(net, X, Y, eps)
    _, backprop = net.loss_and_gradients(X, Y)
    return relative_error(_flat(backprop), _flat(numeric))


def _flat(arrays) -> np.ndarray:
    return np.concatenate([np.ravel(a) for a in arrays])
