"""Learning-rate schedules: callables ``epoch -> learning rate``, epoch = 0, 1, 2, ...

Every schedule starts at ``lr0`` at epoch 0 and never increases:

    constant(lr0)                 lr0
    inverse_time(lr0, decay)      lr0 / (1 + decay * epoch)
    power(lr0, decay, p)          lr0 / (1 + decay * epoch)^p
    exponential(lr0, rate)        lr0 * rate^epoch
    step(lr0, drop, every)        lr0 * drop^(epoch // every)

The source writes the first decay as alpha = alpha_0 / (DecayRate * EpochNum),
which is infinite at epoch 0; ``inverse_time`` is the form with the "1 +".
Each schedule is a frozen dataclass, so it prints its own hyperparameters and
can be passed as ``lr`` to any optimizer in ``descent.optimizers``.  Bad
arguments raise ValueError naming them.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

__all__ = ["constant", "inverse_time", "power", "exponential", "step"]


def _is_real(x) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _positive(name: str, x) -> None:
    if not (_is_real(x) and math.isfinite(x) and x > 0):
        raise ValueError(f"{name} must be a positive finite number; got {x!r}")


def _non_negative(name: str, x) -> None:
    if not (_is_real(x) and math.isfinite(x) and x >= 0):
        raise ValueError(f"{name} must be a finite number >= 0; got {x!r}")


def _fraction(name: str, x) -> None:
    if not (_is_real(x) and 0 < x <= 1):
        raise ValueError(f"{name} must be a number in (0, 1]; got {x!r}")


def _epoch(epoch) -> float:
    if not (_is_real(epoch) and math.isfinite(epoch) and epoch >= 0):
        raise ValueError(f"epoch must be a finite number >= 0; got {epoch!r}")
    return float(epoch)


@dataclass(frozen=True)
class Constant:
    lr0: float

    def __call__(self, epoch) -> float:
        _epoch(epoch)
        return float(self.lr0)


@dataclass(frozen=True)
class InverseTime:
    lr0: float
    decay: float

    def __call__(self, epoch) -> float:
        return self.lr0 / (1 + self.decay * _epoch(epoch))


@dataclass(frozen=True)
class Power:
    lr0: float
    decay: float
    p: float

    def __call__(self, epoch) -> float:
        return self.lr0 / (1 + self.decay * _epoch(epoch)) ** self.p


@dataclass(frozen=True)
class Exponential:
    lr0: float
    rate: float

    def __call__(self, epoch) -> float:
        return self.lr0 * self.rate ** _epoch(epoch)


@dataclass(frozen=True)
class Step:
    lr0: float
    drop: float
    every: int

    def __call__(self, epoch) -> float:
        return self.lr0 * self.drop ** (int(_epoch(epoch)) // self.every)


def constant(lr0: float) -> Constant:
    """lr0 at every epoch."""
    _positive("lr0", lr0)
    return Constant(lr0)


def inverse_time(lr0: float, decay: float) -> InverseTime:
    """lr0 / (1 + decay * epoch): halves after 1/decay epochs, then falls like 1/epoch."""
    _positive("lr0", lr0)
    _non_negative("decay", decay)
    return InverseTime(lr0, decay)


def power(lr0: float, decay: float, p: float) -> Power:
    """lr0 / (1 + decay * epoch)^p; p = 1 is inverse_time, p = 1/2 falls like 1/sqrt(epoch)."""
    _positive("lr0", lr0)
    _non_negative("decay", decay)
    _positive("p", p)
    return Power(lr0, decay, p)


def exponential(lr0: float, rate: float) -> Exponential:
    """lr0 * rate^epoch with 0 < rate <= 1: a fixed fraction lost per epoch."""
    _positive("lr0", lr0)
    _fraction("rate", rate)
    return Exponential(lr0, rate)


def step(lr0: float, drop: float, every: int) -> Step:
    """lr0 * drop^(epoch // every): constant for ``every`` epochs, then multiplied by ``drop``."""
    _positive("lr0", lr0)
    _fraction("drop", drop)
    if not (isinstance(every, numbers.Integral) and not isinstance(every, bool) and every >= 1):
        raise ValueError(f"every must be an integer >= 1; got {every!r}")
    return Step(lr0, drop, int(every))
