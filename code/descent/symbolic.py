"""Sympy derivations of every derivative the book states.

Each function builds a function or loss from its textbook DEFINITION with
scalar symbols and differentiates it with ``sympy.diff``; the tests then check
that the numpy code in ``descent.activations`` / ``descent.losses`` agrees with
these derivatives at random points (via ``lambdify_gradient``).

Derivatives are returned as ``sympy.diff`` produces them, NOT passed through
``sympy.simplify``: simplify rewrites sigma' as 1/(4 cosh(z/2)^2) and tanh' as
1/cosh(z)^2, which hides the textbook forms.  To show an identity, simplify the
DIFFERENCE, e.g. ``sympy.simplify(df - f*(1 - f)) == 0`` for the sigmoid.

All symbols are real.  Matrices are ``ImmutableMatrix`` so the cached results
cannot be modified by a caller.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Sequence

import numpy as np
import sympy as sp

__all__ = ["sigmoid", "activation_derivative", "softmax_jacobian", "loss_gradient",
           "categorical_gradient", "lambdify_gradient"]


def sigmoid(x: sp.Expr) -> sp.Expr:
    """sigma(x) = 1 / (1 + e^{-x})."""
    return 1 / (1 + sp.exp(-x))


@lru_cache(maxsize=None)
def activation_derivative(name: str) -> tuple[sp.Symbol, sp.Expr, sp.Expr]:
    """Return (z, f(z), df/dz) for an elementwise activation.

    sigmoid: 1/(1+e^{-z});  tanh: tanh(z);  identity: z;
    relu: Piecewise((0, z <= 0), (z, True)).  Putting the kink z = 0 in the
    left piece makes sympy's derivative Piecewise((0, z <= 0), (1, True)),
    i.e. relu'(0) = 0, the convention of ``descent.activations.relu``.
    (``Max(z, 0)`` would differentiate to Heaviside(z), whose value at 0
    sympy takes to be 1/2.)
    """
    z = sp.Symbol("z", real=True)
    definitions = {
        "sigmoid": lambda: sigmoid(z),
        "tanh": lambda: sp.tanh(z),
        "relu": lambda: sp.Piecewise((0, z <= 0), (z, True)),
        "identity": lambda: z,
    }
    if name not in definitions:
        raise ValueError(f"name must be one of {sorted(definitions)}; got {name!r}")
    f = definitions[name]()
    return z, f, sp.diff(f, z)


@lru_cache(maxsize=None)
def softmax_jacobian(K: int) -> tuple[tuple[sp.Symbol, ...], sp.ImmutableMatrix, sp.ImmutableMatrix]:
    """Return (z, s, J): symbols z_1..z_K, the column s = softmax(z) and
    J[i, j] = ds_i/dz_j from sympy.diff.  (J equals diag(s) - s s^T.)"""
    z = sp.symbols(f"z_1:{K + 1}", real=True)
    total = sum(sp.exp(zj) for zj in z)
    s = sp.ImmutableMatrix([sp.exp(zi) / total for zi in z])
    J = sp.ImmutableMatrix(K, K, lambda i, j: sp.diff(s[i], z[j]))
    return z, s, J


# Per-sample loss terms l(prediction, label), from the definitions.
_ELEMENTWISE_LOSSES: dict[str, tuple[str, Callable[[sp.Expr, sp.Expr], sp.Expr]]] = {
    "mse": ("yhat", lambda yh, y: (y - yh) ** 2),
    "mae": ("yhat", lambda yh, y: sp.Abs(y - yh)),
    "binary_cross_entropy": ("p", lambda p, y: -(y * sp.log(p) + (1 - y) * sp.log(1 - p))),
    # Defined through sigma(z), not the stable rearrangement the numpy code uses,
    # so agreement checks the rearrangement as well as the derivative.
    "binary_cross_entropy_with_logits": (
        "z", lambda z, y: -(y * sp.log(sigmoid(z)) + (1 - y) * sp.log(1 - sigmoid(z)))),
}


@lru_cache(maxsize=None)
def loss_gradient(name: str, N: int):
    """Return (y_hat, y, L, grad) for N samples of one output.

    L = (1/N) sum_i l(y_hat_i, y_i) with l from the loss's definition;
    grad[i] = dL/dy_hat_i from sympy.diff.  The prediction symbols are named
    yhat_i (mse, mae), p_i (binary_cross_entropy) or z_i (..._with_logits).
    For mae, d|y - yhat|/dyhat = sign(yhat - y), and sign(0) = 0 in sympy and
    numpy alike -- the kink convention of ``descent.losses.mae``.
    """
    if name not in _ELEMENTWISE_LOSSES:
        raise ValueError(f"name must be one of {sorted(_ELEMENTWISE_LOSSES)}; got {name!r}")
    prefix, term = _ELEMENTWISE_LOSSES[name]
    y_hat = sp.symbols(f"{prefix}_1:{N + 1}", real=True)
    y = sp.symbols(f"y_1:{N + 1}", real=True)
    L = sum(term(a, b) for a, b in zip(y_hat, y)) / N
    return y_hat, y, L, tuple(sp.diff(L, a) for a in y_hat)


@lru_cache(maxsize=None)
def categorical_gradient(name: str, K: int, N: int = 1):
    """Return (P, Y, L, G) for K classes and N samples, matrices of shape (K, N).

    categorical_cross_entropy: P holds probabilities p_k_i,
        L = -(1/N) sum_{k,i} y_k_i log p_k_i,  G = dL/dP = -Y / (N P).
    softmax_cross_entropy: P holds logits z_k_i,
        L = -(1/N) sum_{k,i} y_k_i log softmax(z_i)_k.  sympy.diff gives
        (-y_k_i + (sum_j y_j_i) softmax(z_i)_k) / N; imposing that each label
        column sums to 1 (one-hot) leaves G = (softmax(z) - Y) / N.
    """
    if name not in ("categorical_cross_entropy", "softmax_cross_entropy"):
        raise ValueError("name must be one of ['categorical_cross_entropy', "
                         f"'softmax_cross_entropy']; got {name!r}")
    prefix = "p" if name == "categorical_cross_entropy" else "z"
    P = sp.ImmutableMatrix(K, N, lambda k, i: sp.Symbol(f"{prefix}_{k + 1}_{i + 1}", real=True))
    Y = sp.ImmutableMatrix(K, N, lambda k, i: sp.Symbol(f"y_{k + 1}_{i + 1}", real=True))
    if name == "categorical_cross_entropy":
        log_q = P.applyfunc(sp.log)
    else:
        totals = [sum(sp.exp(P[j, i]) for j in range(K)) for i in range(N)]
        log_q = sp.ImmutableMatrix(K, N, lambda k, i: sp.log(sp.exp(P[k, i]) / totals[i]))
    L = -sum(Y[k, i] * log_q[k, i] for k in range(K) for i in range(N)) / N
    if name == "categorical_cross_entropy":
        return P, Y, L, P.applyfunc(lambda p: sp.diff(L, p))
    # log(e^z / S) = z - log S holds for real z; expanding first keeps diff tidy.
    L_split = sp.expand_log(L, force=True)

    def constrained(k: int, i: int) -> sp.Expr:
        # Gather the y-terms into (sum_j y_j_i) * e^{z_k_i} / S, then use sum_j y_j_i = 1.
        d = sp.collect(sp.expand(sp.diff(L_split, P[k, i])), sp.exp(P[k, i]))
        return sp.factor_terms(d).subs(sum(Y[:, i]), 1)

    return P, Y, L, sp.ImmutableMatrix(K, N, constrained)


def lambdify_gradient(symbols: Sequence[sp.Symbol] | sp.Symbol, expr) -> Callable[..., np.ndarray]:
    """Compile ``expr`` (an expression, sequence or Matrix) into a numpy function.

    The returned function takes one value per symbol, in order (pass a
    Matrix's symbols as ``list(M)``, row-major, with values ``a.ravel()``).
    Either give scalars -- the result then has the shape of ``expr`` -- or give
    arrays for a single scalar ``expr``, which is then evaluated elementwise.
    Constant expressions are broadcast to the inputs' shape, so relu'(z) and
    identity'(z) = 1 come back as arrays like the others.
    """
    symbols = [symbols] if isinstance(symbols, sp.Symbol) else list(symbols)
    compiled = sp.lambdify(symbols, expr, modules="numpy")

    def evaluate(*values) -> np.ndarray:
        shape = np.broadcast_shapes(*(np.shape(v) for v in values))
        out = np.asarray(compiled(*values), dtype=float)
        return out + np.zeros(shape) if out.ndim == 0 else out

    return evaluate


@lru_cache(maxsize=None)
def objective_gradient(name: str) -> tuple[tuple[sp.Symbol, ...], sp.Expr, tuple[sp.Expr, ...]]:
    """Return (symbols, J, grad J) for an objective of ``descent.functions``.

    "x^2": J = x^2 in the symbol x;  "x^2 + sin^2 y": J = x^2 + sin(y)^2 in
    (x, y).  grad J[i] = dJ/dsymbols[i] from sympy.diff: (2x,) and
    (2x, 2 sin(y) cos(y)).
    """
    x, y = sp.symbols("x y", real=True)
    definitions = {"x^2": ((x,), x**2), "x^2 + sin^2 y": ((x, y), x**2 + sp.sin(y) ** 2)}
    if name not in definitions:
        raise ValueError(f"name must be one of {sorted(definitions)}; got {name!r}")
    symbols, J = definitions[name]
    return symbols, J, tuple(sp.diff(J, s) for s in symbols)


__all__ += ["objective_gradient"]
