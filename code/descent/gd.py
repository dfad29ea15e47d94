"""Plain gradient descent: x_{k+1} = x_k - lr_k grad J(x_k).

``descend(objective, x0, lr, stop)`` runs the update from x_0 and records every
point, value, gradient and step size in a ``Trajectory``.  The learning rate is
a positive number or a schedule ``lr(k)`` giving the rate of update k = 0, 1, ...

The stop rule is checked at x_0 and then after every update, on the new point:
* "diverged"  when x, J(x) or grad J(x) is not finite, or
              |J(x)| > diverge_above * max(1, |J(x_0)|);
* "converged" when ANY given threshold holds: J(x) < value_below or
              ||grad J(x)|| < grad_norm_below;
* "max_steps" when max_steps updates were made without either.
The trajectory keeps every point up to and including the one that stopped it.

Every bad input raises ValueError whose message starts with the offending
argument's name (``objective``, ``x0``, ``lr``, ``stop.<field>``, ``eigenvalues``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from descent import checks
from descent.functions import Objective

__all__ = ["StopRule", "Trajectory", "descend", "follow", "start_point", "convergence_factor"]


@dataclass(frozen=True)
class StopRule:
    """When to stop: thresholds left as None are not checked."""

    value_below: float | None = None      # converged when J(x_k) < value_below
    grad_norm_below: float | None = None  # converged when ||grad J(x_k)|| < grad_norm_below
    max_steps: int = 1000                 # give up after this many updates
    diverge_above: float = 1e8            # diverged when |J(x_k)| > diverge_above * max(1, |J(x_0)|)


@dataclass(frozen=True)
class Trajectory:
    """A run of k updates: points (k+1, d), values (k+1,), grads (k+1, d), lrs (k,)."""

    points: np.ndarray
    values: np.ndarray
    grads: np.ndarray
    lrs: np.ndarray
    status: str  # "converged" | "max_steps" | "diverged"

    @property
    def steps(self) -> int:
        """The number of updates k."""
        return len(self.lrs)


def _schedule(lr) -> Callable[[int], float]:
    """lr as a function of the update index k, checking every value it gives."""
    if not callable(lr):
        rate = checks.positive("lr", lr)
        return lambda k: rate
    return lambda k: checks.positive(f"lr({k}) (the schedule's rate for update {k})", lr(k))


def _start(x0, d: int) -> np.ndarray:
    try:
        x = np.array(x0, dtype=float)  # a private copy
    except (TypeError, ValueError) as err:
        raise ValueError(f"x0 must be a numeric array ({err})") from None
    if x.ndim == 0 and d == 1:
        x = x.reshape(1)  # a plain number is a point of a 1-D objective
    if x.shape != (d,):
        raise ValueError(f"x0 must have shape ({d},) for a {d}-D objective; got shape {x.shape}")
    if not np.isfinite(x).all():
        raise ValueError("x0 contains NaN or infinite values")
    return x


def _check_stop(stop) -> None:
    if not isinstance(stop, StopRule):
        raise ValueError(f"stop must be a StopRule; got {type(stop).__name__}")
    # value_below may be zero or negative: J can be negative (a quadratic with b != 0).
    if stop.value_below is not None:
        checks.finite("stop.value_below", stop.value_below)
    if stop.grad_norm_below is not None:
        checks.positive("stop.grad_norm_below", stop.grad_norm_below)
    checks.integer("stop.max_steps", stop.max_steps, least=0)
    # inf is allowed here: then only non-finite values count as divergence.
    checks.positive_or_inf("stop.diverge_above", stop.diverge_above)


def _status(x, J, g, stop: StopRule, J_limit: float) -> str | None:
    """'diverged', 'converged' or None (keep going) at the point x with J(x), grad J(x)."""
    if not (np.isfinite(x).all() and np.isfinite(J) and np.isfinite(g).all()) or abs(J) > J_limit:
        return "diverged"
    if stop.value_below is not None and J < stop.value_below:
        return "converged"
    if stop.grad_norm_below is not None and np.linalg.norm(g) < stop.grad_norm_below:
        return "converged"
    return None


def start_point(objective: Objective, x0) -> np.ndarray:
    """x0 as a private float point of ``objective``'s dimension; ValueError naming what is wrong."""
    if not isinstance(objective, Objective):
        raise ValueError(f"objective must be an Objective; got {type(objective).__name__}")
    return _start(x0, objective.dim)


def follow(objective: Objective, x0, step: Callable, stop: StopRule = StopRule()) -> Trajectory:
    """The loop every descent method shares, from x0 until ``stop`` says so.

    ``step(k, x_k, grad J(x_k))`` returns ``(x_{k+1}, rate_k)``: plain gradient
    descent here, any optimizer in ``descent.race``.
    """
    x = start_point(objective, x0)
    _check_stop(stop)

    # A diverging run overflows to inf and then nan; that is an outcome we
    # report as status "diverged", so numpy must not warn about it.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        J, g = objective.value(x), objective.grad(x)
        J_limit = stop.diverge_above * max(1.0, abs(J)) if np.isfinite(J) else math.inf
        points, values, grads, lrs = [x], [J], [g], []
        status = _status(x, J, g, stop, J_limit)
        k = 0
        while status is None and k < stop.max_steps:
            x, eta = step(k, x, g)
            J, g = objective.value(x), objective.grad(x)
            k += 1
            points.append(x)
            values.append(J)
            grads.append(g)
            lrs.append(eta)
            status = _status(x, J, g, stop, J_limit)

    arrays = [np.array(rows, dtype=float) for rows in (points, values, grads, lrs)]
    for a in arrays:
        a.setflags(write=False)  # the record of a run should not be edited afterwards
    return Trajectory(*arrays, status=status or "max_steps")


def descend(objective: Objective, x0, lr, stop: StopRule = StopRule()) -> Trajectory:
    """Run x_{k+1} = x_k - lr_k grad J(x_k) from x0 until ``stop`` says so."""
    start_point(objective, x0)  # checked before lr, so a bad x0 is named first
    learning_rate = _schedule(lr)

    def gradient_step(k, x, g):
        eta = learning_rate(k)
        return x - eta * g, eta

    return follow(objective, x0, gradient_step, stop)


def convergence_factor(lr, eigenvalues) -> float:
    """rho = max_i |1 - lr lambda_i| for a quadratic with Hessian eigenvalues lambda_i.

    The error e_k = x_k - x* obeys e_{k+1} = (I - lr A) e_k, so its norm shrinks
    by at most rho per step: GD converges from every start iff rho < 1, i.e.
    0 < lr < 2/L with L = max_i lambda_i.  For J = x^2 (lambda = 2), rho = |1 - 2 lr|.
    """
    eta = checks.positive("lr", lr)
    try:
        lam = np.asarray(eigenvalues, dtype=float).ravel()
    except (TypeError, ValueError):
        lam = np.array([np.nan])  # reported just below
    if lam.size == 0 or not np.isfinite(lam).all():
        raise ValueError(f"eigenvalues must be a non-empty list of finite numbers; got {eigenvalues!r}")
    return float(np.max(np.abs(1.0 - eta * lam)))
