"""A multilayer perceptron whose backward pass is the four backpropagation equations.

Layers are numbered as in the chapter: l = 0 is the input, l = 1..L the layers
with weights, L the output.  Samples are COLUMNS, so with a batch of m samples

    A^0 = X                      shape (n_0, m)
    Z^l = W^l A^{l-1} + b^l      W^l: (n_l, n_{l-1}),  b^l: (n_l, 1), broadcast
    A^l = f_l(Z^l)               shape (n_l, m)

and the loss is the MEAN over the batch (``descent.losses``).  Lists indexed by
layer keep the chapter's indices: ``cache.z[l]`` is Z^l, ``cache.a[0]`` is X,
and the unused slot ``z[0]`` is None.

Activations: ``activations`` is either a list of L names (or Activation
objects), one per layer l = 1..L, or ONE name for every hidden layer, in which
case the output layer gets the activation its loss expects (``OUTPUT_FOR``):
identity for mse/mae and for the losses that take logits, sigmoid for
binary_cross_entropy, softmax for categorical_cross_entropy.  Softmax is only
allowed at the output: hidden layers must be elementwise, so BP2 is a plain
Hadamard product.

Initialisation: W^l has entries drawn from N(0, gain / n_{l-1}) with gain 2
for a ReLU layer (He et al.) and 1 otherwise (LeCun / Xavier fan-in), from
``np.random.default_rng(seed)``; biases start at 0.

Every bad input raises ValueError whose message starts with the argument's
name: ``sizes``, ``activations``, ``loss``, ``params``, ``X`` or ``Y``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from descent import activations as acts
from descent import losses

__all__ = ["Network", "Cache", "Backprop", "OUTPUT_FOR", "CATEGORICAL"]

# The output activation a loss expects when only the hidden activation is named.
OUTPUT_FOR = {"mse": "identity", "mae": "identity", "binary_cross_entropy": "sigmoid",
              "binary_cross_entropy_with_logits": "identity",
              "categorical_cross_entropy": "softmax", "softmax_cross_entropy": "identity"}
# Losses whose labels may be class indices of shape (m,).
CATEGORICAL = ("categorical_cross_entropy", "softmax_cross_entropy")
# (output activation, loss) pairs whose output error simplifies to delta^L = a^L - y.
_A_MINUS_Y = {("softmax", "categorical_cross_entropy"), ("sigmoid", "binary_cross_entropy")}


@dataclass(frozen=True)
class Cache:
    """What the forward pass keeps: z[l] = Z^l (z[0] is None) and a[l] = A^l (a[0] = X)."""

    z: list
    a: list

    @property
    def m(self) -> int:
        """The batch size."""
        return self.a[0].shape[1]


@dataclass(frozen=True)
class Backprop:
    """delta[l] = dZ^l, one column per sample (delta[0] is None), and the gradients
    [dW^1, db^1, ..., dW^L, db^L] of the batch-mean loss, in ``Network.params`` order."""

    delta: list
    grads: list


class Network:
    """A fully connected network; see the module docstring for shapes and conventions."""

    def __init__(self, sizes: Sequence[int], activations, loss, seed: int = 0):
        self.sizes = _check_sizes(sizes)
        self.L = len(self.sizes) - 1
        self.loss_function = losses.get(loss)
        self.f = [None, *_check_activations(activations, self.L, self.loss_function)]
        rng = np.random.default_rng(seed)
        self.W, self.b = [None], [None]  # W[l], b[l] for l = 1..L, as in the chapter
        for l in range(1, self.L + 1):
            gain = 2.0 if self.f[l].name == "relu" else 1.0
            self.W.append(rng.normal(0.0, np.sqrt(gain / self.sizes[l - 1]), (self.sizes[l], self.sizes[l - 1])))
            self.b.append(np.zeros((self.sizes[l], 1)))

    def __repr__(self) -> str:
        names = [f.name for f in self.f[1:]]
        return f"Network(sizes={self.sizes}, activations={names}, loss={self.loss_function.name!r})"

    # --- parameters ------------------------------------------------------------

    @property
    def params(self) -> list:
        """Copies of [W^1, b^1, ..., W^L, b^L]; assign a list of the same shapes to replace them."""
        return [p.copy() for p in self.param_arrays()]

    @params.setter
    def params(self, values) -> None:
        values = list(values)
        shapes = self.shapes()
        if len(values) != len(shapes):
            raise ValueError(f"params must be a list of {len(shapes)} arrays [W1, b1, ..., W{self.L}, b{self.L}]; "
                             f"got {len(values)}")
        arrays = []
        for i, (value, shape) in enumerate(zip(values, shapes)):
            name = f"{'Wb'[i % 2]}{i // 2 + 1}"
            try:
                a = np.array(value, dtype=float)
            except (TypeError, ValueError):
                raise ValueError(f"params[{i}] ({name}) must be a numeric array") from None
            if a.shape != shape:
                raise ValueError(f"params[{i}] ({name}) must have shape {shape}; got {a.shape}")
            if not np.isfinite(a).all():
                raise ValueError(f"params[{i}] ({name}) contains NaN or infinite values")
            arrays.append(a)
        self.W, self.b = [None, *arrays[0::2]], [None, *arrays[1::2]]

    def param_arrays(self) -> list:
        """The live arrays [W^1, b^1, ..., W^L, b^L], for in-place perturbation
        (gradient checking); everything else should use ``params``."""
        return [p for l in range(1, self.L + 1) for p in (self.W[l], self.b[l])]

    def shapes(self) -> list:
        """[(n_1, n_0), (n_1, 1), ..., (n_L, n_{L-1}), (n_L, 1)]."""
        return [s for l in range(1, self.L + 1) for s in ((self.sizes[l], self.sizes[l - 1]), (self.sizes[l], 1))]

    @property
    def num_params(self) -> int:
        """The number of weights and biases, sum_l n_l (n_{l-1} + 1)."""
        return sum(int(np.prod(s)) for s in self.shapes())

    def copy(self) -> "Network":
        """An independent network with the same architecture and parameters."""
        twin = object.__new__(type(self))
        twin.sizes, twin.L, twin.loss_function, twin.f = self.sizes, self.L, self.loss_function, self.f
        twin.W = [None, *(w.copy() for w in self.W[1:])]
        twin.b = [None, *(b.copy() for b in self.b[1:])]
        return twin

    # --- the passes --------------------------------------------------------------

    def forward(self, X) -> Cache:
        """Z^l = W^l A^{l-1} + b^l and A^l = f_l(Z^l) for l = 1..L, keeping every Z and A."""
        z, a = [None], [self._check_X(X)]
        for l in range(1, self.L + 1):
            z.append(self.W[l] @ a[l - 1] + self.b[l])
            a.append(self.f[l].value(z[l]))
        return Cache(z, a)

    def backpropagate(self, cache: Cache, Y) -> Backprop:
        """BP1-BP4 on a batch: column i of delta[l] is sample i's delta^l."""
        return self._backpropagate(cache, self._check_Y(Y, cache.m))

    def _backpropagate(self, cache: Cache, Y: np.ndarray) -> Backprop:
        """BP1-BP4 on a batch, Y already checked and one-hot.

        Column i of delta[l] is sample i's delta^l."""
        z, a, m, f, W, L = cache.z, cache.a, cache.m, self.f, self.W, self.L
        delta, dW, db = [None] * (L + 1), [None] * (L + 1), [None] * (L + 1)
        delta[L] = self._output_error(z[L], a[L], Y)              # (BP1)
        for l in range(L, 0, -1):
            dW[l] = (1 / m) * delta[l] @ a[l - 1].T               # (BP4)
            db[l] = (1 / m) * delta[l].sum(axis=1, keepdims=True)  # (BP3)
            if l > 1:
                # f'(z^{l-1}) from the cached a^{l-1}, as sigma' = a(1 - a)
                fprime = f[l - 1].grad_cached(z[l - 1], a[l - 1])
                delta[l - 1] = (W[l].T @ delta[l]) * fprime        # (BP2)
        grads = [g for l in range(1, L + 1) for g in (dW[l], db[l])]
        return Backprop(delta, grads)

    def _output_error(self, zL, aL, Y) -> np.ndarray:
        """(BP1) delta^L = dL/dz^L per sample: a - y for the matched pairs, else
        (dL/da) (.) f'(z^L), or J^T (dL/da) for softmax with another loss."""
        out, loss = self.f[self.L], self.loss_function
        if (out.name, loss.name) in _A_MINUS_Y:
            return aL - Y
        # losses.grad is the gradient of the batch MEAN, i.e. (per-sample gradient)/m;
        # times m gives each sample's own dL/da^L, so BP3/BP4 can show the 1/m.
        dA = aL.shape[1] * loss.grad(aL, Y)
        return out.vjp(zL, dA)  # elementwise f: dA * f'(z^L)

    def backward(self, cache: Cache, Y) -> list:
        """[dW^1, db^1, ..., dW^L, db^L] of the batch-mean loss."""
        return self.backpropagate(cache, Y).grads

    def loss(self, X, Y) -> float:
        """The batch-mean loss of the predictions A^L against Y."""
        cache = self.forward(X)
        return self.loss_function.value(cache.a[self.L], self._check_Y(Y, cache.m))

    def loss_and_gradients(self, X, Y) -> tuple[float, list]:
        """One forward and one backward pass: (loss, [dW^1, db^1, ..., dW^L, db^L])."""
        cache = self.forward(X)
        Y = self._check_Y(Y, cache.m)
        return self.loss_function.value(cache.a[self.L], Y), self._backpropagate(cache, Y).grads

    def predict(self, X) -> np.ndarray:
        """A^L, the output for every column of X."""
        return self.forward(X).a[self.L]

    # --- validation ----------------------------------------------------------------

    def _check_X(self, X) -> np.ndarray:
        try:
            X = np.asarray(X, dtype=float)
        except (TypeError, ValueError):
            raise ValueError("X must be a numeric array of shape (n_0, m)") from None
        if X.ndim != 2 or X.shape[0] != self.sizes[0] or X.shape[1] == 0:
            raise ValueError(f"X must have shape (n_0, m) = ({self.sizes[0]}, m) with m >= 1, "
                             f"one sample per column; got shape {X.shape}")
        if not np.isfinite(X).all():
            raise ValueError("X contains NaN or infinite values")
        return X

    def _check_Y(self, Y, m: int) -> np.ndarray:
        """Y as an (n_L, m) float array; class indices (m,) become one-hot columns."""
        n_L, categorical = self.sizes[-1], self.loss_function.name in CATEGORICAL
        labels = np.asarray(Y)
        if categorical and labels.shape == (m,):
            if not np.issubdtype(labels.dtype, np.integer) or labels.min() < 0 or labels.max() >= n_L:
                raise ValueError(f"Y of shape (m,) must hold integer class indices in [0, {n_L}); got {labels!r}")
            return losses.one_hot(labels, n_L)
        if labels.shape != (n_L, m):
            also = f" or class indices of shape ({m},)" if categorical else ""
            raise ValueError(f"Y must have shape (n_L, m) = ({n_L}, {m}){also}; got shape {labels.shape}")
        try:
            labels = labels.astype(float)
        except (TypeError, ValueError):
            raise ValueError("Y must be a numeric array") from None
        if not np.isfinite(labels).all():
            raise ValueError("Y contains NaN or infinite values")
        return labels


def _check_sizes(sizes) -> list:
    try:
        values = [int(s) for s in sizes]
        ok = len(values) >= 2 and all(v >= 1 and v == s for v, s in zip(values, sizes))
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(f"sizes must list at least two positive integers [n_0, ..., n_L]; got {sizes!r}")
    return values


def _check_activations(activations, L: int, loss) -> list:
    """One Activation per layer 1..L; softmax only at the output."""
    if isinstance(activations, (str, acts.Activation)):
        if loss.name not in OUTPUT_FOR:
            raise ValueError(f"activations must be a list of {L} names when the loss is {loss.name!r}")
        activations = [activations] * (L - 1) + [OUTPUT_FOR[loss.name]]
    try:
        names = list(activations)
    except TypeError:
        raise ValueError(f"activations must be a name or a list of {L} names; got {activations!r}") from None
    if len(names) != L:
        raise ValueError(f"activations must name one activation per layer l = 1..{L}; got {len(names)}")
    chosen = []
    for l, name in enumerate(names, start=1):
        try:
            chosen.append(acts.get(name))
        except ValueError:
            raise ValueError(f"activations[{l - 1}] (layer {l}) must be one of {sorted(acts.ACTIVATIONS)}; "
                             f"got {name!r}") from None
    for l, f in enumerate(chosen[:-1], start=1):
        if not f.elementwise:
            raise ValueError(f"activations[{l - 1}] (layer {l}) is {f.name}: only the output layer may be softmax")
    return chosen
