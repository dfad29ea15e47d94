"""Run optimizers side by side on an Objective and say which one wins.

``run(objective, optimizer, x0, stop)`` applies ``optimizer.step`` to the single
parameter x (a (d,) array) with the exact gradient of ``objective``, and
records the path in a ``gd.Trajectory``, with the stop rule of ``gd.descend``
(diverged / converged / max_steps, checked at x_0 and after every update).
Update k uses ``epoch=k``, so a schedule lowers the rate step by step.  With
``optimizers.SGD`` it reproduces ``gd.descend`` exactly.

``race`` runs several optimizers from one start; ``winner`` names the one that
reached the stop threshold in the fewest steps (or, if none did, the one with
the lowest final J).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Mapping

import numpy as np

from descent import checks, functions, optimizers
from descent.functions import Objective
from descent.gd import StopRule, Trajectory, follow, start_point

__all__ = ["run", "race", "winner", "steps_below", "noisy_descent", "contenders", "Course", "COURSES",
           "on_course"]


def run(objective: Objective, optimizer, x0, stop: StopRule = StopRule()) -> Trajectory:
    """The path of ``optimizer`` on ``objective`` from ``x0`` until ``stop`` says so.

    The same loop as ``gd.descend`` (``gd.follow``), with the optimizer's
    update in place of the plain gradient step.
    """
    state = None

    def optimizer_step(k, x, g):
        nonlocal state
        if state is None:
            state = optimizer.init([x])
        rate = optimizer.rate(k)
        (x,), state = optimizer.step([x], [g], state, epoch=k)
        return x, rate

    return follow(objective, x0, optimizer_step, stop)


def race(objective: Objective, optimizers: Mapping[str, object], x0,
         stop: StopRule = StopRule()) -> dict[str, Trajectory]:
    """``run`` for each named optimizer, all from the same ``x0``, in the given order."""
    if not optimizers:
        raise ValueError("optimizers must name at least one optimizer")
    return {name: run(objective, opt, x0, stop) for name, opt in optimizers.items()}


def steps_below(run: Trajectory, threshold: float) -> int | None:
    """The first k with J(x_k) < threshold, or None if the run never got there."""
    below = np.flatnonzero(np.asarray(run.values) < threshold)
    return int(below[0]) if below.size else None


def winner(runs: Mapping[str, Trajectory]) -> str:
    """The converged run with the fewest steps; if none converged, the lowest final J.

    Ties go to the lower final J, then to the earlier name in ``runs``.
    """
    if not runs:
        raise ValueError("runs must hold at least one run")
    finished = {n: r for n, r in runs.items() if r.status == "converged"}
    if finished:
        return min(finished, key=lambda n: (finished[n].steps, finished[n].values[-1]))
    alive = {n: r for n, r in runs.items() if r.status != "diverged"} or runs
    return min(alive, key=lambda n: np.nan_to_num(alive[n].values[-1], nan=np.inf))


def noisy_descent(objective: Objective, optimizer, x0, steps: int, noise: float, runs: int = 1,
                  seed: int = 0) -> np.ndarray:
    """J(x_k), k = 0..steps, of ``runs`` runs that each step on grad J(x) + noise * N(0, I).

    The noisy gradient stands in for a mini-batch gradient: right on average,
    off by a random amount each time.  All runs advance together -- x has
    shape (d, runs), one run per column -- because the optimizers work
    elementwise: one ``step`` call updates every run.  Returns shape
    (steps + 1, runs); a run that overflows shows inf or nan from then on.
    """
    start = start_point(objective, x0)
    noise = checks.non_negative("noise", noise)
    steps, runs = checks.integer("steps", steps), checks.integer("runs", runs, least=1)
    rng = np.random.default_rng(seed)
    x = np.repeat(start[:, None], runs, axis=1)
    state = optimizer.init([x])
    values = [objective.value(x)]
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps):
            g = objective.grad(x) + noise * rng.standard_normal(x.shape)
            (x,), state = optimizer.step([x], [g], state, epoch=k)
            values.append(objective.value(x))
    return np.array(values, dtype=float)


# --- the chapter's races -----------------------------------------------------------

def contenders(lr, beta: float = 0.9) -> dict[str, object]:
    """The five optimizers with one learning rate; ``beta`` is momentum's beta and Adam's beta1.

    RMSprop keeps its own beta = 0.9, Adam its beta2 = 0.999.
    """
    return {
        "SGD": optimizers.SGD(lr),
        "Momentum": optimizers.Momentum(lr, beta=beta),
        "RMSprop": optimizers.RMSprop(lr),
        "Adam": optimizers.Adam(lr, beta1=beta),
        "Adagrad": optimizers.Adagrad(lr),
    }


@dataclass(frozen=True)
class Course:
    """A race: the surface, the start, when to stop, the learning rates the slider offers."""

    objective: Objective
    x0: tuple
    stop: StopRule
    lrs: tuple
    lr: float  # the one shown first


COURSES = {
    "bowl": Course(functions.elongated_bowl, (-4.5, 1.5), StopRule(value_below=1e-3, max_steps=150),
                   (0.02, 0.05, 0.1, 0.2, 0.4, 0.55), 0.2),
    "rosenbrock": Course(functions.rosenbrock, (-1.2, 1.0), StopRule(value_below=1e-2, max_steps=200),
                         (0.001, 0.003, 0.01, 0.03, 0.1, 0.3), 0.01),
    "saddle": Course(functions.saddle_valleys, (1.5, 0.01), StopRule(value_below=1e-3, max_steps=150),
                     (0.01, 0.03, 0.1, 0.2, 0.4, 0.7), 0.1),
}


def on_course(name: str, lr: float, beta: float = 0.9) -> Mapping[str, Trajectory]:
    """The five contenders raced on ``COURSES[name]``.

    Cached on (name, lr, beta) as floats: the figures and the tables of the
    chapter share the same runs.
    """
    if name not in COURSES:
        raise ValueError(f"name must be one of {sorted(COURSES)}; got {name!r}")
    return _raced(name, float(lr), float(beta))


@lru_cache(maxsize=256)
def _raced(name: str, lr: float, beta: float) -> Mapping[str, Trajectory]:
    course = COURSES[name]
    return MappingProxyType(race(course.objective, contenders(lr, beta), course.x0, course.stop))
