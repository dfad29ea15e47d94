"""Objective functions J(x) that the book descends, with their gradients.

A point is x of shape (d,).  ``value`` and ``grad`` also accept a GRID of
points, x of shape (d, *grid_shape) -- coordinate i is x[i] -- and evaluate
pointwise: ``value`` then returns an array of grid_shape and ``grad`` one of
shape (d, *grid_shape).  Figures use this to draw surfaces in one call.

``smoothness`` is L, a Lipschitz constant of grad J (||grad J(x) - grad J(x')||
<= L ||x - x'||) when one is known, else None.  Plain gradient descent with a
constant step 0 < lr < 2/L decreases J at every step.

Every bad input raises ValueError whose message starts with the offending
argument's name (``x``, ``A``, ``b`` or ``c``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from descent import checks

__all__ = ["Objective", "square", "x2_sin2y", "quadratic", "elongated_bowl", "rosenbrock",
           "saddle", "saddle_valleys"]

SYMMETRY_TOL = 1e-10  # A may differ from A^T by this much, relative to its largest entry


@dataclass(frozen=True)
class Objective:
    """J with its gradient: ``value(x) -> J(x)`` and ``grad(x) -> grad J(x)``."""

    name: str
    value: Callable[[np.ndarray], float | np.ndarray] = field(repr=False)
    grad: Callable[[np.ndarray], np.ndarray] = field(repr=False)
    dim: int
    smoothness: float | None = None

    def __call__(self, x) -> float | np.ndarray:
        return self.value(x)


def _point(x, d: int) -> np.ndarray:
    """x as a float array of shape (d,) or (d, *grid_shape); ValueError naming ``x`` otherwise."""
    x = np.asarray(x, dtype=float)
    if x.ndim == 0 or x.shape[0] != d:
        raise ValueError(f"x must have shape ({d},) or ({d}, *grid_shape); got shape {x.shape}")
    return x


def _scalar_or_grid(v: np.ndarray) -> float | np.ndarray:
    """A single point's value as a float, a grid's as an array."""
    return float(v) if np.ndim(v) == 0 else v


# --- J(x) = x^2 ---------------------------------------------------------------

def _square_value(x):
    """J(x) = x^2."""
    x = _point(x, 1)
    return _scalar_or_grid(x[0] ** 2)


def _square_grad(x):
    """dJ/dx = 2x, shape (1,) or (1, *grid_shape)."""
    return 2.0 * _point(x, 1)


# --- J(x, y) = x^2 + sin^2 y ----------------------------------------------------

def _x2_sin2y_value(p):
    """J(x, y) = x^2 + sin^2(y)."""
    x, y = _point(p, 2)
    return _scalar_or_grid(x ** 2 + np.sin(y) ** 2)


def _x2_sin2y_grad(p):
    """grad J = (2x, 2 sin(y) cos(y)); the second entry equals sin(2y)."""
    x, y = _point(p, 2)
    return np.stack([2.0 * x, 2.0 * np.sin(y) * np.cos(y)])


square = Objective("x^2", _square_value, _square_grad, dim=1, smoothness=2.0)
# |d^2J/dy^2| = |2 cos 2y| <= 2 and d^2J/dx^2 = 2, with no cross term: L = 2.
x2_sin2y = Objective("x^2 + sin^2 y", _x2_sin2y_value, _x2_sin2y_grad, dim=2, smoothness=2.0)


# --- J(x) = 1/2 x^T A x - b^T x + c ---------------------------------------------

def quadratic(A, b=None, c: float = 0.0, name: str | None = None) -> Objective:
    """The quadratic J(x) = 1/2 x^T A x - b^T x + c, with grad J(x) = A x - b.

    A: (d, d) symmetric positive definite.  b: (d,), zeros by default.
    L = lambda_max(A), the largest eigenvalue; the minimizer is A^{-1} b.
    """
    try:
        A = np.array(A, dtype=float)  # a private copy: later edits to the caller's A change nothing
    except (TypeError, ValueError) as err:
        raise ValueError(f"A must be a numeric square matrix ({err})") from None
    if A.ndim != 2 or A.shape[0] != A.shape[1] or A.shape[0] == 0:
        raise ValueError(f"A must be a non-empty square matrix of shape (d, d); got shape {A.shape}")
    if not np.isfinite(A).all():
        raise ValueError("A contains NaN or infinite values")
    d, asymmetry = A.shape[0], np.abs(A - A.T).max()
    if asymmetry > SYMMETRY_TOL * np.abs(A).max():
        raise ValueError(f"A must be symmetric; max |A - A^T| = {asymmetry:g}")
    # Only the symmetric part of A enters x^T A x, and the gradient of 1/2 x^T A x
    # is (A + A^T)/2 x: symmetrizing keeps grad exactly consistent with value.
    A = (A + A.T) / 2.0
    eigenvalues = np.linalg.eigvalsh(A)
    # An eigenvalue below rounding level of the largest is numerically zero.
    if eigenvalues[0] <= d * np.finfo(float).eps * max(eigenvalues[-1], 0.0):
        raise ValueError(f"A must be positive definite; its smallest eigenvalue is {eigenvalues[0]:g}")
    b = np.zeros(d) if b is None else np.array(b, dtype=float)
    if b.shape != (d,):
        raise ValueError(f"b must have shape ({d},) to match A; got shape {b.shape}")
    if not np.isfinite(b).all():
        raise ValueError("b contains NaN or infinite values")
    c = checks.finite("c", c)
    A.setflags(write=False)
    b.setflags(write=False)

    def value(x):
        x = _point(x, d)
        # tensordot over the first axis of x handles one point and a grid alike.
        Ax = np.tensordot(A, x, axes=1)
        return _scalar_or_grid(0.5 * np.sum(x * Ax, axis=0) - np.tensordot(b, x, axes=1) + c)

    def grad(x):
        x = _point(x, d)
        return np.tensordot(A, x, axes=1) - b.reshape((d,) + (1,) * (x.ndim - 1))

    label = name if name is not None else "1/2 x^T A x - b^T x + c"
    return Objective(label, value, grad, dim=d, smoothness=float(eigenvalues[-1]))


# --- surfaces for the optimizer race ---------------------------------------------

def _elongated_bowl_value(p):
    """J(x, y) = 0.1 x^2 + 2 y^2."""
    x, y = _point(p, 2)
    return _scalar_or_grid(0.1 * x**2 + 2 * y**2)


def _elongated_bowl_grad(p):
    """grad J = (0.2 x, 4 y)."""
    x, y = _point(p, 2)
    return np.stack([0.2 * x, 4 * y])


# An ill-conditioned quadratic (quadratic(diag(0.2, 4)) written out, which is
# faster): curvature 0.2 along x and 4 along y, condition number 20, so a step
# size that suits y crawls along x.  L = 4.
elongated_bowl = Objective("0.1 x^2 + 2 y^2", _elongated_bowl_value, _elongated_bowl_grad, dim=2,
                           smoothness=4.0)


def _rosenbrock_value(p):
    """J(x, y) = (1 - x)^2 + 100 (y - x^2)^2: a curved, flat-bottomed valley, minimum (1, 1)."""
    x, y = _point(p, 2)
    return _scalar_or_grid((1 - x) ** 2 + 100 * (y - x**2) ** 2)


def _rosenbrock_grad(p):
    """grad J = (-2(1 - x) - 400 x (y - x^2), 200 (y - x^2))."""
    x, y = _point(p, 2)
    return np.stack([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)])


# grad J is not globally Lipschitz (the x-derivative is cubic): no L.
rosenbrock = Objective("(1 - x)^2 + 100 (y - x^2)^2", _rosenbrock_value, _rosenbrock_grad, dim=2)


def _saddle_value(p):
    """J(x, y) = x^2 - y^2: up along x, down along y, flat at the origin."""
    x, y = _point(p, 2)
    return _scalar_or_grid(x**2 - y**2)


def _saddle_grad(p):
    """grad J = (2x, -2y)."""
    x, y = _point(p, 2)
    return np.stack([2 * x, -2 * y])


# Unbounded below: descent that leaves the origin along y never stops.  L = 2.
saddle = Objective("x^2 - y^2", _saddle_value, _saddle_grad, dim=2, smoothness=2.0)


def _saddle_valleys_value(p):
    """J(x, y) = x^2 + (y^2 - 1)^2 / 4: a saddle at (0, 0) between minima at (0, +-1)."""
    x, y = _point(p, 2)
    return _scalar_or_grid(x**2 + (y**2 - 1) ** 2 / 4)


def _saddle_valleys_grad(p):
    """grad J = (2x, y^3 - y)."""
    x, y = _point(p, 2)
    return np.stack([2 * x, y**3 - y])


# The Hessian at the origin is diag(2, -1): a saddle with J = 1/4.  No global L.
saddle_valleys = Objective("x^2 + (y^2 - 1)^2 / 4", _saddle_valleys_value, _saddle_valleys_grad, dim=2)
