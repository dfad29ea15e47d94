"""Optimizers: the rules that turn a gradient into a parameter update.

Each optimizer is a frozen dataclass of hyperparameters with two pure methods:

    state = opt.init(params)                       # params: list of arrays
    new_params, new_state = opt.step(params, grads, state, epoch=0)

``step`` returns NEW arrays and never modifies ``params``, ``grads`` or
``state``; the state is a plain ``State`` (step count t, first moment v,
second moment s) that a reader can print.  The update inside ``step`` is
written as the chapter writes it, one line per formula:

    SGD       theta = theta - lr g
    Momentum  v = beta v + (1 - beta) g;              theta = theta - lr v
    RMSprop   s = beta s + (1 - beta) g*g;            theta = theta - lr g / (sqrt(s) + eps)
    Adam      v, s as above with beta1, beta2;  v_hat = v / (1 - beta1^t),
              s_hat = s / (1 - beta2^t);              theta = theta - lr v_hat / (sqrt(s_hat) + eps)
    Adagrad   s = s + g*g;                            theta = theta - lr g / (sqrt(s) + eps)

Other libraries' conventions are options: ``Momentum(convention="sum")`` is the
"heavy ball" v = beta v + g of PyTorch (equal to ours with lr / (1 - beta)),
and ``eps_inside_sqrt=True`` divides by sqrt(s + eps) as TensorFlow does.

``lr`` is a positive number or a schedule ``lr(epoch)`` from
``descent.schedules``.  Bad hyperparameters raise ValueError naming them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence, Union

import numpy as np

from . import checks

__all__ = ["State", "SGD", "Momentum", "RMSprop", "Adam", "Adagrad"]

LearningRate = Union[float, Callable[[int], float]]


@dataclass(frozen=True)
class State:
    """What an optimizer remembers between steps.

    t: the number of updates made so far (Adam's bias correction uses it);
    v: per-parameter first moment (momentum's velocity), or None;
    s: per-parameter second moment (average or sum of g*g), or None.
    """

    t: int
    v: tuple | None = None
    s: tuple | None = None


# --- validation ----------------------------------------------------------------

def _check_lr(lr) -> None:
    if not callable(lr):  # a schedule: each value it gives is checked when used
        checks.positive("lr", lr)


def _arrays(name: str, arrays) -> list[np.ndarray]:
    if isinstance(arrays, np.ndarray) or not isinstance(arrays, Sequence):
        raise ValueError(f"{name} must be a list of numpy arrays; got {type(arrays).__name__}")
    return [np.asarray(a, dtype=float) for a in arrays]


def _frozen(arrays) -> tuple:
    """A tuple of read-only arrays: state stays as ``step`` left it.

    Only ever given arrays that ``init`` or ``step`` just created, so no copy.
    """
    out = tuple(np.asarray(a, dtype=float) for a in arrays)
    for a in out:
        a.setflags(write=False)
    return out


class _Optimizer:
    """Shared plumbing: the learning rate at an epoch and the input checks of ``step``."""

    lr: LearningRate

    def rate(self, epoch: int = 0) -> float:
        """The learning rate used at ``epoch``: ``lr`` itself or ``lr(epoch)``."""
        if not callable(self.lr):
            return float(self.lr)
        return checks.positive(f"lr({epoch}) (the schedule's rate)", self.lr(epoch))

    def _zeros(self, params) -> tuple:
        return _frozen(np.zeros_like(p) for p in _arrays("params", params))

    def _inputs(self, params, grads, state, fields: str):
        params, grads = _arrays("params", params), _arrays("grads", grads)
        if len(grads) != len(params) or any(g.shape != p.shape for p, g in zip(params, grads)):
            raise ValueError("grads must hold one array of the same shape per parameter; got shapes "
                             f"{[g.shape for g in grads]} for params {[p.shape for p in params]}")
        if not isinstance(state, State):
            raise ValueError(f"state must be the State that init() returned; got {type(state).__name__}")
        for field in fields:
            moments = getattr(state, field)
            if moments is None or [m.shape for m in moments] != [p.shape for p in params]:
                raise ValueError(f"state.{field} does not match params: call init(params) first")
        return params, grads


class _Scaled(_Optimizer):
    """The adaptive methods: they divide by the root of a second moment s."""

    eps: float
    eps_inside_sqrt: bool

    def _check_root(self) -> None:
        checks.non_negative("eps", self.eps)
        checks.flag("eps_inside_sqrt", self.eps_inside_sqrt)

    def root(self, s):
        """The denominator: sqrt(s) + eps, or sqrt(s + eps) in TensorFlow's placement."""
        return np.sqrt(s + self.eps) if self.eps_inside_sqrt else np.sqrt(s) + self.eps

    def init(self, params) -> State:
        return State(t=0, s=self._zeros(params))

    def _divide_by_root(self, params, grads, state: State, epoch: int, accumulate):
        """theta = theta - lr g / root(s) with s = accumulate(s, g).

        RMSprop and Adagrad differ only in ``accumulate``; Adam has its own step.
        """
        params, grads = self._inputs(params, grads, state, "s")
        lr = self.rate(epoch)
        new_params, new_s = [], []
        for theta, g, s in zip(params, grads, state.s):
            s = accumulate(s, g)
            new_params.append(theta - lr * g / self.root(s))
            new_s.append(s)
        return new_params, State(t=state.t + 1, s=_frozen(new_s))


# --- the optimizers ---------------------------------------------------------------

@dataclass(frozen=True)
class SGD(_Optimizer):
    """Plain (stochastic) gradient descent: theta = theta - lr g."""

    lr: LearningRate

    def __post_init__(self):
        _check_lr(self.lr)

    def init(self, params) -> State:
        _arrays("params", params)
        return State(t=0)

    def step(self, params, grads, state: State, epoch: int = 0):
        params, grads = self._inputs(params, grads, state, "")
        lr = self.rate(epoch)
        new_params = [theta - lr * g for theta, g in zip(params, grads)]
        return new_params, State(t=state.t + 1)


@dataclass(frozen=True)
class Momentum(_Optimizer):
    """Gradient descent with momentum.

    convention="average" (the chapter's, from the source):
        v = beta v + (1 - beta) g,   theta = theta - lr v
    convention="sum" (PyTorch's SGD(momentum=beta), the "heavy ball"):
        v = beta v + g,              theta = theta - lr v
    With v_0 = 0 the sum velocity is the average one divided by (1 - beta), so
    a "sum" run with lr equals an "average" run with lr / (1 - beta).
    """

    lr: LearningRate
    beta: float = 0.9
    convention: str = "average"

    def __post_init__(self):
        _check_lr(self.lr)
        checks.beta("beta", self.beta)
        if self.convention not in ("average", "sum"):
            raise ValueError(f"convention must be 'average' or 'sum'; got {self.convention!r}")

    def init(self, params) -> State:
        return State(t=0, v=self._zeros(params))

    def step(self, params, grads, state: State, epoch: int = 0):
        params, grads = self._inputs(params, grads, state, "v")
        lr, beta = self.rate(epoch), self.beta
        damping = 1 - beta if self.convention == "average" else 1.0
        new_params, new_v = [], []
        for theta, g, v in zip(params, grads, state.v):
            v = beta * v + damping * g
            new_params.append(theta - lr * v)
            new_v.append(v)
        return new_params, State(t=state.t + 1, v=_frozen(new_v))


@dataclass(frozen=True)
class RMSprop(_Scaled):
    """RMSprop {Tieleman and Hinton 2012}: divide by the root of an average of g*g.

        s = beta s + (1 - beta) g*g,   theta = theta - lr g / (sqrt(s) + eps)

    beta = 0.9 is the lecture's value (and Keras'); PyTorch uses 0.99.  The
    source writes no eps; it only guards against dividing by zero.
    """

    lr: LearningRate
    beta: float = 0.9
    eps: float = 1e-8
    eps_inside_sqrt: bool = False

    def __post_init__(self):
        _check_lr(self.lr)
        checks.beta("beta", self.beta)
        self._check_root()

    def step(self, params, grads, state: State, epoch: int = 0):
        beta = self.beta
        return self._divide_by_root(params, grads, state, epoch,
                                    lambda s, g: beta * s + (1 - beta) * g * g)


@dataclass(frozen=True)
class Adam(_Scaled):
    """Adam {Kingma and Ba 2014}: momentum and RMSprop, both bias-corrected.

        v = beta1 v + (1 - beta1) g          v_hat = v / (1 - beta1^t)
        s = beta2 s + (1 - beta2) g*g        s_hat = s / (1 - beta2^t)
        theta = theta - lr v_hat / (sqrt(s_hat) + eps)

    ``bias_correction=False`` uses v and s themselves (to show why it matters).
    """

    lr: LearningRate = 0.001
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    bias_correction: bool = True
    eps_inside_sqrt: bool = False

    def __post_init__(self):
        _check_lr(self.lr)
        checks.beta("beta1", self.beta1)
        checks.beta("beta2", self.beta2)
        checks.flag("bias_correction", self.bias_correction)
        self._check_root()

    def init(self, params) -> State:
        zeros = self._zeros(params)
        return State(t=0, v=zeros, s=zeros)

    def step(self, params, grads, state: State, epoch: int = 0):
        params, grads = self._inputs(params, grads, state, "vs")
        lr, t = self.rate(epoch), state.t + 1
        beta1, beta2 = self.beta1, self.beta2
        new_params, new_v, new_s = [], [], []
        for theta, g, v, s in zip(params, grads, state.v, state.s):
            v = beta1 * v + (1 - beta1) * g
            s = beta2 * s + (1 - beta2) * g * g
            v_hat, s_hat = v, s
            if self.bias_correction:
                v_hat, s_hat = v / (1 - beta1**t), s / (1 - beta2**t)
            new_params.append(theta - lr * v_hat / self.root(s_hat))
            new_v.append(v)
            new_s.append(s)
        return new_params, State(t=t, v=_frozen(new_v), s=_frozen(new_s))


@dataclass(frozen=True)
class Adagrad(_Scaled):
    """Adagrad {Duchi, Hazan and Singer 2011}: divide by the root of the SUM of all past g*g.

        s = s + g*g,   theta = theta - lr g / (sqrt(s) + eps)

    s only grows, so every coordinate's step shrinks over time: on a constant
    gradient the t-th step is lr / sqrt(t).
    """

    lr: LearningRate
    eps: float = 1e-8
    eps_inside_sqrt: bool = False

    def __post_init__(self):
        _check_lr(self.lr)
        self._check_root()

    def step(self, params, grads, state: State, epoch: int = 0):
        return self._divide_by_root(params, grads, state, epoch, lambda s, g: s + g * g)
