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

from dataclasses import dataclass

from . import checks

__all__ = ["constant", "inverse_time", "power", "exponential", "step"]


def _epoch(epoch) -> float:
    return checks.non_negative("epoch", epoch)


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
    checks.positive("lr0", lr0)
    return Constant(lr0)


def inverse_time(lr0: float, decay: float) -> InverseTime:
    """lr0 / (1 + decay * epoch): halves after 1/decay epochs, then falls like 1/epoch."""
    checks.positive("lr0", lr0)
    checks.non_negative("decay", decay)
    return InverseTime(lr0, decay)


def power(lr0: float, decay: float, p: float) -> Power:
    """lr0 / (1 + decay * epoch)^p; p = 1 is inverse_time, p = 1/2 falls like 1/sqrt(epoch)."""
    checks.positive("lr0", lr0)
    checks.non_negative("decay", decay)
    checks.positive("p", p)
    return Power(lr0, decay, p)


def exponential(lr0: float, rate: float) -> Exponential:
    """lr0 * rate^epoch with 0 < rate <= 1: a fixed fraction lost per epoch."""
    checks.positive("lr0", lr0)
    checks.fraction("rate", rate)
    return Exponential(lr0, rate)


def step(lr0: float, drop: float, every: int) -> Step:
    """lr0 * drop^(epoch // every): constant for ``every`` epochs, then multiplied by ``drop``."""
    checks.positive("lr0", lr0)
    checks.fraction("drop", drop)
    return Step(lr0, drop, checks.integer("every", every, least=1))
