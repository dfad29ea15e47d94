"""A network written in sympy symbols: proof that BP1-BP4 give the true gradient.

``build(sizes, activations, loss, m)`` writes every weight, bias, input and
label as a symbol and the loss as ONE explicit expression of them.  Then

* ``net.autodiff()`` differentiates that expression with ``sympy.diff``, entry
  by entry, knowing nothing of backpropagation;
* ``net.backprop()`` builds the same gradients from the four equations
  (BP1)  delta^L = dl/da^L (.) f_L'(z^L)   (= a^L - y for softmax + cross-entropy)
  (BP2)  delta^l = (W^{l+1})^T delta^{l+1} (.) f_l'(z^l)
  (BP3)  dL/db^l = (1/m) sum_i delta^l_i
  (BP4)  dL/dW^l = (1/m) delta^l (A^{l-1})^T
* ``net.residuals()`` is autodiff - backprop, each entry reduced by ``is_zero``.

Activations: "sigmoid", "tanh", "relu", "identity" (from ``descent.symbolic``),
"softmax" (output only), or "f": an UNDEFINED function f_l, whose derivative
appears as the undefined function f_l' -- a proof with "f" holds for every
differentiable activation at once.

Losses, per sample i and summed over outputs k, then averaged over the m samples:
"mse": (a_ki - y_ki)^2, so dl/da = 2 (a - y), as ``descent.losses.mse``;
"cross_entropy" (softmax output): -y_ki log a_ki.  The labels stay free symbols in
the loss and its derivatives; the residuals impose one-hot labels (each sample's
labels sum to 1, ``one_hot``), which is exactly what delta^L = a - y needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import sympy as sp

from descent.symbolic import activation_derivative

__all__ = ["SymbolicNetwork", "build", "is_zero", "softmax_cross_entropy_error"]

ELEMENTWISE = ("sigmoid", "tanh", "relu", "identity", "f")


def is_zero(expr) -> bool:
    """True when expr (or every entry of a Matrix) reduces to 0.

    Expanding and putting over one denominator treats exp(...), f(...) and the
    like as opaque atoms, so it is fast and cannot be fooled by a lucky number;
    ``sympy.simplify`` is the slow fallback.
    """
    entries = list(expr) if isinstance(expr, sp.MatrixBase) else [expr]
    return all(_reduces_to_zero(e) for e in entries)


def _reduces_to_zero(e) -> bool:
    e = sp.expand(e)
    if e == 0 or sp.expand(sp.numer(sp.together(e))) == 0:
        return True
    return sp.simplify(e) == 0


@dataclass(frozen=True, eq=False)
class SymbolicNetwork:
    """Symbols and expressions of one network; lists are indexed by layer (slot 0 unused
    except a[0] = x).  x: (n_0, m), y: (n_L, m), W[l]: (n_l, n_{l-1}), b[l]: (n_l, 1)."""

    sizes: tuple
    activations: tuple
    loss_name: str
    m: int
    x: sp.ImmutableMatrix
    y: sp.ImmutableMatrix
    W: tuple
    b: tuple
    z: tuple
    a: tuple
    fprime: tuple  # fprime[l] = f_l'(z^l) entrywise; None for a softmax output
    loss: sp.Expr

    @property
    def L(self) -> int:
        return len(self.sizes) - 1

    @property
    def params(self) -> list:
        """[W^1, b^1, ..., W^L, b^L] as sympy matrices of symbols."""
        return [p for l in range(1, self.L + 1) for p in (self.W[l], self.b[l])]

    @property
    def one_hot(self) -> dict:
        """{y_K: 1 - sum_{k<K} y_k} for every sample under cross-entropy; {} for mse."""
        if self.loss_name != "cross_entropy":
            return {}
        return {self.y[-1, i]: 1 - sum(self.y[:-1, i]) for i in range(self.m)}

    @cached_property
    def _autodiff(self) -> list:
        return [p.applyfunc(lambda theta: _name_derivatives(sp.diff(self.loss, theta))) for p in self.params]

    def autodiff(self) -> list:
        """dL/dtheta for every parameter, straight from ``sympy.diff`` of the loss."""
        return list(self._autodiff)

    @cached_property
    def _backprop(self) -> tuple:
        L, m, a, z = self.L, self.m, self.a, self.z
        delta = [None] * (L + 1)
        if self.loss_name == "cross_entropy":
            delta[L] = a[L] - self.y                                                    # (BP1) softmax + CE
        else:
            delta[L] = sp.matrix_multiply_elementwise(2 * (a[L] - self.y), self.fprime[L])  # (BP1) mse
        for l in range(L - 1, 0, -1):
            delta[l] = sp.matrix_multiply_elementwise(self.W[l + 1].T * delta[l + 1], self.fprime[l])  # (BP2)
        grads = []
        for l in range(1, L + 1):
            grads.append(delta[l] * a[l - 1].T / m)                                     # (BP4)
            grads.append(delta[l] * sp.ones(m, 1) / m)                                  # (BP3)
        return delta, grads

    def backprop(self) -> tuple[list, list]:
        """(delta, grads): delta[l] of shape (n_l, m) and the gradients from BP1-BP4."""
        delta, grads = self._backprop
        return list(delta), list(grads)

    def residuals(self) -> list:
        """autodiff - backprop for every parameter, labels one-hot (each entry should be 0)."""
        return [(d - g).subs(self.one_hot) for d, g in zip(self.autodiff(), self.backprop()[1])]

    def agrees(self) -> list[bool]:
        """For each parameter array in ``params`` order: does every entry of the residual vanish?"""
        return [is_zero(r) for r in self.residuals()]

    def abbreviate(self, expr, one_hot: bool = True):
        """expr written with the names of the chapter, z^l_j and a^l_j, and (if
        ``one_hot``) with each sample's label sum y_1 + ... + y_K replaced by 1.
        For display only: the proof (``agrees``) works on the full expressions."""
        m = self.m
        a_exprs, a_syms = [], []
        lower = self.x
        for l in range(1, self.L + 1):  # z^l written with f_{l-1}(z^{l-1} symbols), as it appears in expr
            z_expr = self.W[l] * lower + self.b[l] * sp.ones(1, m)
            z_sym = sp.Matrix(*z_expr.shape, lambda j, i: sp.Symbol(f"z^{l}_{_sample(j + 1, i + 1, m)}", real=True))
            expr = expr.subs(dict(zip(z_expr, z_sym)))
            if self.activations[l - 1] == "softmax":
                e = z_sym.applyfunc(sp.exp)
                lower = sp.Matrix(*e.shape, lambda j, i: e[j, i] / sum(e[:, i]))
            else:
                lower = z_sym.applyfunc(self._f(l))
            a_exprs += list(lower)
            a_syms += [sp.Symbol(f"a^{l}_{_sample(j + 1, i + 1, m)}", real=True)
                       for j in range(z_sym.rows) for i in range(m)]
        expr = sp.expand(expr, power_exp=False).subs(dict(zip(a_exprs, a_syms)))
        outputs = a_syms[-self.sizes[-1] * m:]
        expr = sp.collect(sp.expand(expr, power_exp=False), outputs, sp.factor)
        if one_hot and self.one_hot:
            expr = sp.expand(expr.subs({sum(self.y[:, i]): 1 for i in range(m)}), power_exp=False)
        weights = [w for l in range(1, self.L + 1) for w in self.W[l]]
        return sp.factor_terms(sp.collect(expr, weights))

    def _f(self, l: int):
        return _activation(self.activations[l - 1], l)[0]

    def lambdify_gradients(self):
        """numpy function (params, X, Y) -> [dL/dW^1, dL/db^1, ...] from the sympy derivatives.

        ``params`` as ``Network.params``; X of shape (n_0, m); Y of shape (n_L, m),
        one-hot columns for cross-entropy.
        """
        if "f" in self.activations:
            raise ValueError("activations must be concrete to evaluate numbers; 'f' is undefined")
        param_syms = [s for p in self.params for s in p]
        compiled = sp.lambdify([param_syms, list(self.x), list(self.y)],
                               [sp.Matrix(g) for g in self.autodiff()], "numpy", cse=True)
        shapes = [p.shape for p in self.params]

        def gradients(params, X, Y):
            flat = np.concatenate([np.ravel(p) for p in params])
            out = compiled(list(flat), list(np.ravel(X)), list(np.ravel(Y)))
            return [np.asarray(g, dtype=float).reshape(s) for g, s in zip(out, shapes)]

        return gradients


def _matrix(rows: int, cols: int, name) -> sp.Matrix:
    return sp.Matrix(rows, cols, lambda j, k: sp.Symbol(name(j + 1, k + 1), real=True))


def _sample(j: int, i: int, m: int) -> str:
    """Subscript j, and the sample index as a superscript (i) when m > 1."""
    return f"{j}" if m == 1 else f"{j}^({i})"


def build(sizes, activations, loss: str, m: int = 1) -> SymbolicNetwork:
    """The network [n_0, ..., n_L] with one activation name per layer 1..L and
    loss "mse" or "cross_entropy" (which needs a softmax output), on m samples.
    Built once per argument list: the result is cached and immutable."""
    return _build(tuple(sizes), tuple(activations), loss, m)


@lru_cache(maxsize=None)
def _build(sizes: tuple, activations: tuple, loss: str, m: int) -> SymbolicNetwork:
    L = len(sizes) - 1
    if len(sizes) < 2 or any(int(n) != n or n < 1 for n in sizes):
        raise ValueError(f"sizes must list at least two positive integers; got {sizes!r}")
    if len(activations) != L or any(f not in ELEMENTWISE for f in activations[:-1]) \
            or activations[-1] not in (*ELEMENTWISE, "softmax"):
        raise ValueError(f"activations must be {L} names from {ELEMENTWISE}, the last may be 'softmax'; "
                         f"got {activations!r}")
    if loss not in ("mse", "cross_entropy") or (loss == "cross_entropy") != (activations[-1] == "softmax"):
        raise ValueError(f"loss must be 'mse' (not with softmax) or 'cross_entropy' (with a softmax "
                         f"output); got {loss!r} with {activations[-1]!r}")
    x = _matrix(sizes[0], m, lambda j, i: f"x_{_sample(j, i, m)}")
    y = _matrix(sizes[-1], m, lambda j, i: f"y_{_sample(j, i, m)}")
    W, b, z, a, fprime = [None], [None], [None], [x], [None]
    for l in range(1, L + 1):
        W.append(_matrix(sizes[l], sizes[l - 1], lambda j, k: f"w^{l}_{j}{k}"))
        b.append(_matrix(sizes[l], 1, lambda j, k: f"b^{l}_{j}"))
        z.append(W[l] * a[l - 1] + b[l] * sp.ones(1, m))
        f, df = _activation(activations[l - 1], l)
        if f is None:  # softmax down each column
            e = z[l].applyfunc(sp.exp)
            a.append(sp.Matrix(sizes[l], m, lambda j, i: e[j, i] / sum(e[:, i])))
            fprime.append(None)
        else:
            a.append(z[l].applyfunc(f))
            fprime.append(z[l].applyfunc(df))
    if loss == "mse":
        per_entry = (a[L] - y).applyfunc(lambda r: r**2)
    else:  # log(e^{z_k}/S) written as z_k - log S: the same function, a tidier derivative
        per_entry = sp.Matrix(sizes[-1], m, lambda k, i: -y[k, i] * (z[L][k, i] - sp.log(sum(e[:, i]))))
    return SymbolicNetwork(sizes, activations, loss, m, sp.ImmutableMatrix(x), sp.ImmutableMatrix(y),
                           _frozen(W), _frozen(b), _frozen(z), _frozen(a), _frozen(fprime), sum(per_entry) / m)


def _frozen(matrices) -> tuple:
    """A per-layer list as a tuple of immutable matrices (None stays None)."""
    return tuple(None if M is None else sp.ImmutableMatrix(M) for M in matrices)


def _name_derivatives(expr):
    """Write sympy's Subs(Derivative(f_l(xi), xi), xi, e) as f_l'(e), the name BP2 uses."""
    def is_f_prime(e):
        return isinstance(e, sp.Subs) and isinstance(e.expr, sp.Derivative) \
            and isinstance(e.expr.expr, sp.core.function.AppliedUndef)

    return expr.replace(is_f_prime, lambda e: _function(f"{e.expr.expr.func.__name__}'")(e.point[0]))


def _function(name: str):
    """The undefined function f_l or f_l', printed in LaTeX as f_{l} or f'_{l}."""
    f = sp.Function(name)
    base, _, rest = name.partition("_")
    layer, prime = rest.rstrip("'"), "'" * (len(rest) - len(rest.rstrip("'")))
    f._latex = lambda self, printer: rf"{base}{prime}_{{{layer}}}\left({printer._print(self.args[0])}\right)"
    return f


def _activation(name: str, l: int):
    """(f, f') as one-argument callables on expressions; (None, None) for softmax."""
    if name == "softmax":
        return None, None
    if name == "f":
        return _function(f"f_{l}"), _function(f"f_{l}'")
    z, f, df = activation_derivative(name)
    return (lambda e: f.subs(z, e)), (lambda e: df.subs(z, e))


@lru_cache(maxsize=None)
def softmax_cross_entropy_error(K: int):
    """(z, y, grad, a - y) for one sample of K classes: L = -sum_k y_k log softmax(z)_k
    with y_K = 1 - sum_{k<K} y_k (one-hot), grad[k] = dL/dz_k from sympy.diff."""
    z = sp.Matrix(sp.symbols(f"z_1:{K + 1}", real=True))
    y = sp.Matrix([*sp.symbols(f"y_1:{K}", real=True), 0])
    y[K - 1] = 1 - sum(y[:K - 1])
    total = sum(sp.exp(zk) for zk in z)
    a = z.applyfunc(lambda zk: sp.exp(zk) / total)
    loss = -sum(y[k] * sp.log(a[k]) for k in range(K))
    grad = z.applyfunc(lambda zk: sp.diff(loss, zk))
    return z, y, grad, a - y
