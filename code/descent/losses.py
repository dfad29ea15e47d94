"""Loss functions L(prediction, y) and their gradients dL/dprediction.

Samples lie along the LAST axis; N = y.shape[-1].  Every loss is the MEAN over
the N samples of a per-sample loss that SUMS over any leading (output) axes,
and every ``grad`` is the gradient of that batch mean, so it includes 1/N.

Probability-form losses clip p into [EPS, 1 - EPS] (EPS = 1e-12) before
taking logs, so p = 0 or 1 gives a large but finite loss and no warning.
Inputs away from the clip are untouched, so the formulas are exact there.

Categorical losses take predictions of shape (K, N) -- one column per sample --
and labels either one-hot of shape (K, N) or integer class indices of shape (N,).

Every bad input raises ValueError whose message starts with the offending
argument's name (``y_hat``, ``p``, ``z`` or ``y``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from descent.activations import sigmoid, softmax

__all__ = ["Loss", "EPS", "mse", "mae", "binary_cross_entropy", "binary_cross_entropy_with_logits",
           "categorical_cross_entropy", "softmax_cross_entropy", "one_hot", "get", "LOSSES"]

EPS = 1e-12  # probabilities are clipped into [EPS, 1 - EPS] before log and division
SUM_TOL = 1e-6  # tolerance on "each column of p sums to 1"


@dataclass(frozen=True)
class Loss:
    """A loss: ``value(pred, y) -> float`` and ``grad(pred, y) -> dL/dpred``."""

    name: str
    value: Callable[..., float] = field(repr=False)
    grad: Callable[..., np.ndarray] = field(repr=False)

    def __call__(self, prediction, y) -> float:
        return self.value(prediction, y)


# --- validation -------------------------------------------------------------

def _finite(x, name: str) -> np.ndarray:
    """x as a float array; ValueError naming ``name`` if non-numeric or NaN/inf."""
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} must be a numeric array ({err})") from None
    if not np.isfinite(a).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return a


def _check_unit_interval(a: np.ndarray, name: str) -> None:
    if a.size and (a.min() < 0.0 or a.max() > 1.0):
        raise ValueError(f"{name} must lie in [0, 1]; got values in [{a.min():g}, {a.max():g}]")


def _pair(pred, y, pred_name: str, unit_interval: tuple[str, ...] = ()):
    """Validate an elementwise loss's inputs; return (pred, y, N)."""
    pred, y = _finite(pred, pred_name), _finite(y, "y")
    if pred.shape != y.shape:
        raise ValueError(f"{pred_name} and y must have the same shape; got "
                         f"{pred_name}.shape={pred.shape} and y.shape={y.shape}")
    if pred.ndim == 0 or pred.shape[-1] == 0:
        raise ValueError(f"{pred_name} must hold at least one sample along its last axis; "
                         f"got shape {pred.shape}")
    for name, a in ((pred_name, pred), ("y", y)):
        if name in unit_interval:
            _check_unit_interval(a, name)
    return pred, y, pred.shape[-1]


def _categorical(pred, y, pred_name: str, probabilities: bool):
    """Validate (K, N) predictions and their labels; return (pred, one-hot Y, N)."""
    pred = _finite(pred, pred_name)
    if pred.ndim != 2 or 0 in pred.shape:
        raise ValueError(f"{pred_name} must be a non-empty 2-D array of shape (K, N), one column "
                         f"per sample; got shape {pred.shape}")
    K, N = pred.shape
    if probabilities:
        _check_unit_interval(pred, pred_name)
        worst = np.abs(pred.sum(axis=0) - 1.0).max()
        if worst > SUM_TOL:
            raise ValueError(f"{pred_name} columns must each sum to 1 (tolerance {SUM_TOL:g}); "
                             f"worst column is off by {worst:g}")
    labels = np.asarray(y)
    if labels.shape == (K, N):
        Y = _finite(labels, "y")
        if not (((Y == 0.0) | (Y == 1.0)).all() and (Y.sum(axis=0) == 1.0).all()):
            raise ValueError("y of shape (K, N) must be one-hot: every column exactly one 1, zeros elsewhere")
        return pred, Y, N
    if labels.shape == (N,):
        if not np.issubdtype(labels.dtype, np.integer):
            raise ValueError(f"y of shape (N,) must hold integer class indices; got dtype {labels.dtype}")
        if labels.min() < 0 or labels.max() >= K:
            raise ValueError(f"y class indices must lie in [0, {K}); got values in "
                             f"[{labels.min()}, {labels.max()}]")
        return pred, one_hot(labels, K), N
    raise ValueError(f"y must be one-hot of shape (K, N) = {(K, N)} or integer class indices of "
                     f"shape (N,) = ({N},); got shape {labels.shape}")


def one_hot(indices, num_classes: int) -> np.ndarray:
    """The (K, N) float matrix Y with Y[indices[i], i] = 1 and zeros elsewhere."""
    idx = np.asarray(indices)
    if idx.ndim != 1 or not np.issubdtype(idx.dtype, np.integer):
        raise ValueError(f"indices must be a 1-D array of integers; got shape {idx.shape}, dtype {idx.dtype}")
    if idx.size and (idx.min() < 0 or idx.max() >= num_classes):
        raise ValueError(f"indices must lie in [0, {num_classes}); got values in [{idx.min()}, {idx.max()}]")
    Y = np.zeros((num_classes, idx.size))
    Y[idx, np.arange(idx.size)] = 1.0
    return Y


def _mean(terms: np.ndarray, n: int) -> float:
    """(1/N) * sum of all per-entry terms, as a float."""
    return float(np.sum(terms) / n) + 0.0  # + 0.0 prints a perfect fit as 0.0, not -0.0


# --- the losses -------------------------------------------------------------

def _mse_value(y_hat, y):
    """L = (1/N) sum_i ||y_i - y_hat_i||^2."""
    y_hat, y, n = _pair(y_hat, y, "y_hat")
    return _mean((y - y_hat) ** 2, n)


def _mse_grad(y_hat, y):
    """dL/dy_hat = (2/N)(y_hat - y)."""
    y_hat, y, n = _pair(y_hat, y, "y_hat")
    return 2.0 * (y_hat - y) / n


def _mae_value(y_hat, y):
    """L = (1/N) sum_i |y_i - y_hat_i|  (summed over outputs)."""
    y_hat, y, n = _pair(y_hat, y, "y_hat")
    return _mean(np.abs(y - y_hat), n)


def _mae_grad(y_hat, y):
    """dL/dy_hat = sign(y_hat - y)/N, taking 0 at the kink y_hat = y."""
    y_hat, y, n = _pair(y_hat, y, "y_hat")
    return np.sign(y_hat - y) / n


def _bce_value(p, y):
    """L = -(1/N) sum [y log p + (1 - y) log(1 - p)], each log's argument kept >= EPS."""
    p, y, n = _pair(p, y, "p", unit_interval=("p", "y"))
    # Clipping each argument separately, rather than p itself, means log(0) never
    # happens and a correct prediction (p = y in {0, 1}) still costs exactly 0.
    return _mean(-(y * np.log(np.maximum(p, EPS)) + (1.0 - y) * np.log1p(-np.minimum(p, 1.0 - EPS))), n)


def _bce_grad(p, y):
    """dL/dp = (p - y) / (p (1 - p)) / N on the clipped p."""
    p, y, n = _pair(p, y, "p", unit_interval=("p", "y"))
    p = np.clip(p, EPS, 1.0 - EPS)
    return (p - y) / (p * (1.0 - p)) / n


def _bce_logits_value(z, y):
    """L = (1/N) sum [max(z, 0) - z y + log(1 + e^{-|z|})], i.e. BCE of sigma(z)."""
    z, y, n = _pair(z, y, "z", unit_interval=("y",))
    # The same as -[y log sigma(z) + (1-y) log(1 - sigma(z))], rearranged so exp
    # only sees -|z| <= 0: no overflow, and no log(0) when sigma(z) rounds to 0 or 1.
    return _mean(np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z))), n)


def _bce_logits_grad(z, y):
    """dL/dz = (sigma(z) - y)/N."""
    z, y, n = _pair(z, y, "z", unit_interval=("y",))
    return (sigmoid.value(z) - y) / n


def _cce_value(p, y):
    """L = -(1/N) sum_i log p[y_i, i], p clipped below at EPS."""
    p, Y, n = _categorical(p, y, "p", probabilities=True)
    return _mean(-Y * np.log(np.maximum(p, EPS)), n)


def _cce_grad(p, y):
    """dL/dp = -(Y / p)/N with Y one-hot, p clipped below at EPS."""
    p, Y, n = _categorical(p, y, "p", probabilities=True)
    return -Y / np.maximum(p, EPS) / n


def _log_softmax(z: np.ndarray) -> np.ndarray:
    """log softmax(z) = z - logsumexp(z) down each column, computed stably."""
    m = z.max(axis=0, keepdims=True)
    return z - m - np.log(np.sum(np.exp(z - m), axis=0, keepdims=True))


def _softmax_ce_value(z, y):
    """L = -(1/N) sum_i log softmax(z)[y_i, i]."""
    z, Y, n = _categorical(z, y, "z", probabilities=False)
    return _mean(-Y * _log_softmax(z), n)


def _softmax_ce_grad(z, y):
    """dL/dz = (softmax(z) - Y)/N."""
    z, Y, n = _categorical(z, y, "z", probabilities=False)
    return (softmax.value(z) - Y) / n


mse = Loss("mse", _mse_value, _mse_grad)
mae = Loss("mae", _mae_value, _mae_grad)
binary_cross_entropy = Loss("binary_cross_entropy", _bce_value, _bce_grad)
binary_cross_entropy_with_logits = Loss("binary_cross_entropy_with_logits", _bce_logits_value, _bce_logits_grad)
categorical_cross_entropy = Loss("categorical_cross_entropy", _cce_value, _cce_grad)
softmax_cross_entropy = Loss("softmax_cross_entropy", _softmax_ce_value, _softmax_ce_grad)

LOSSES: dict[str, Loss] = {loss.name: loss for loss in (
    mse, mae, binary_cross_entropy, binary_cross_entropy_with_logits,
    categorical_cross_entropy, softmax_cross_entropy)}


def get(loss: str | Loss) -> Loss:
    """Return the loss called ``loss`` (a Loss passes through)."""
    if isinstance(loss, Loss):
        return loss
    try:
        return LOSSES[loss]
    except (KeyError, TypeError):  # TypeError: unhashable argument
        raise ValueError(f"loss must be one of {sorted(LOSSES)} or a Loss; got {loss!r}") from None
