"""Activation functions a = f(z) and their derivatives.

Shapes: one sample per COLUMN, so a layer's pre-activations z have shape
(n_units, m).  Elementwise activations accept any shape (1-D and 0-d too).
Softmax normalises along axis 0 -- each column is one sample's distribution --
and a 1-D z is a single sample.

Backpropagation only needs the vector-Jacobian product
``vjp(z, upstream) = dL/dz`` given ``upstream = dL/da``.  An elementwise f has
a diagonal Jacobian, so ``vjp = upstream * f'(z)`` and ``grad(z)`` returns the
array f'(z).  Softmax couples the units of a column: it has no elementwise
derivative, so ``softmax.grad`` raises TypeError and only ``vjp`` is offered.

Conventions a reader must know:
* ReLU is not differentiable at 0; we use f'(0) = 0 (the left derivative),
  the usual choice in libraries.  Any value in [0, 1] is a valid subgradient.
* sigmoid and softmax never overflow, even for |z| = 1000.  Tiny results may
  underflow to exactly 0.0, which is the correctly rounded answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

__all__ = ["Activation", "sigmoid", "tanh", "relu", "identity", "softmax", "get", "ACTIVATIONS"]

ArrayFn = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Activation:
    """An activation f together with its derivative.

    ``f`` computes f(z); ``df`` computes f'(z) elementwise and is ``None`` when
    f is not elementwise, in which case ``jacobian_vjp(z, g)`` computes J(z)^T g.
    """

    name: str
    f: ArrayFn = field(repr=False)
    df: ArrayFn | None = field(default=None, repr=False)
    jacobian_vjp: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = field(default=None, repr=False)
    # f'(z) written with the output a = f(z) alone (sigma' = a(1 - a), tanh' = 1 - a^2):
    # backpropagation has a cached from the forward pass, so f is not evaluated again.
    df_from_output: ArrayFn | None = field(default=None, repr=False)

    @property
    def elementwise(self) -> bool:
        """True when f acts on each entry separately (diagonal Jacobian)."""
        return self.df is not None

    def __call__(self, z) -> np.ndarray:
        return self.value(z)

    def value(self, z) -> np.ndarray:
        """a = f(z), same shape as z."""
        return self.f(np.asarray(z, dtype=float))

    def grad(self, z) -> np.ndarray:
        """f'(z) elementwise, same shape as z.  TypeError for softmax."""
        if self.df is None:
            raise TypeError(
                f"{self.name} is not elementwise: its Jacobian is not diagonal, so there is "
                f"no array f'(z); use {self.name}.vjp(z, upstream) instead"
            )
        return self.df(np.asarray(z, dtype=float))

    def grad_cached(self, z: np.ndarray, a: np.ndarray) -> np.ndarray:
        """f'(z) given z and the cached a = f(z); equal to ``grad(z)``, cheaper when f' is a function of a."""
        if self.df_from_output is not None:
            return self.df_from_output(a)
        return self.grad(z)

    def vjp(self, z, upstream) -> np.ndarray:
        """dL/dz = J_f(z)^T (dL/da), where ``upstream`` = dL/da has z's shape."""
        z = np.asarray(z, dtype=float)
        g = np.asarray(upstream, dtype=float)
        if g.shape != z.shape:
            raise ValueError(
                f"upstream must have the shape of z; got upstream.shape={g.shape} "
                f"and z.shape={z.shape}"
            )
        if self.df is not None:
            return g * self.df(z)  # diagonal Jacobian: a plain product
        return self.jacobian_vjp(z, g)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """sigma(z) = 1 / (1 + e^{-z}), evaluated without overflow."""
    e = np.exp(-np.abs(z))  # e^{-|z|} lies in (0, 1]: exp never sees a large argument
    # z >= 0: 1/(1 + e^{-z});  z < 0: e^{z}/(1 + e^{z}) -- the same function.
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_grad(z: np.ndarray) -> np.ndarray:
    """sigma'(z) = sigma(z)(1 - sigma(z)) = e^{-|z|} / (1 + e^{-|z|})^2."""
    # The right-hand form is the same number but avoids the cancellation in
    # 1 - sigma(z) when sigma(z) is close to 1.
    e = np.exp(-np.abs(z))
    return e / (1.0 + e) ** 2


def _tanh_grad(z: np.ndarray) -> np.ndarray:
    """tanh'(z) = 1 - tanh(z)^2."""
    return 1.0 - np.tanh(z) ** 2


def _relu(z: np.ndarray) -> np.ndarray:
    """relu(z) = max(z, 0)."""
    return np.maximum(z, 0.0)


def _relu_grad(z: np.ndarray) -> np.ndarray:
    """relu'(z) = 1 for z > 0 and 0 for z <= 0 (we choose 0 at the kink)."""
    return (z > 0).astype(float)


def _softmax(z: np.ndarray) -> np.ndarray:
    """softmax(z)_k = e^{z_k} / sum_j e^{z_j}, down each column (axis 0)."""
    if z.ndim == 0:
        raise ValueError("z must have at least one dimension for softmax (classes along axis 0)")
    # Subtracting the column maximum leaves softmax unchanged and makes the
    # largest exponent 0, so exp cannot overflow.
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def _softmax_vjp(z: np.ndarray, g: np.ndarray) -> np.ndarray:
    """J^T g with J = diag(s) - s s^T, i.e. s * (g - <s, g>) per column."""
    s = _softmax(z)
    return s * (g - np.sum(s * g, axis=0, keepdims=True))


sigmoid = Activation("sigmoid", _sigmoid, _sigmoid_grad, df_from_output=lambda a: a * (1.0 - a))
tanh = Activation("tanh", np.tanh, _tanh_grad, df_from_output=lambda a: 1.0 - a * a)
relu = Activation("relu", _relu, _relu_grad, df_from_output=lambda a: (a > 0).astype(float))
identity = Activation("identity", lambda z: z.copy(), np.ones_like, df_from_output=np.ones_like)
softmax = Activation("softmax", _softmax, jacobian_vjp=_softmax_vjp)

ACTIVATIONS: dict[str, Activation] = {a.name: a for a in (sigmoid, tanh, relu, identity, softmax)}


def get(activation: str | Activation) -> Activation:
    """Return the activation called ``activation`` (an Activation passes through)."""
    if isinstance(activation, Activation):
        return activation
    try:
        return ACTIVATIONS[activation]
    except (KeyError, TypeError):  # TypeError: unhashable argument
        raise ValueError(
            f"activation must be one of {sorted(ACTIVATIONS)} or an Activation; got {activation!r}"
        ) from None
