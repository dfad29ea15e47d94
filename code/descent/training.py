"""The mini-batch training loop: shuffle, cut into batches, one update per batch.

``train(model, optimizer, X, Y, batch_size, epochs, seed)`` makes
``epochs`` passes over the m training samples (the columns of X).  Each
epoch draws a fresh permutation of 0..m-1 from one ``np.random.default_rng(seed)``
and cuts it into ceil(m / B) batches of B = ``batch_size`` columns, in order;
when B does not divide m the LAST batch is smaller (m - B floor(m / B)
samples), so every sample is used exactly once per epoch.  For each batch t

    loss_t, grads = model.loss_and_gradients(X[:, batch_t], Y[..., batch_t])
    params, state = optimizer.step(model.params, grads, state, epoch=epoch)
    model.params = params

where ``epoch`` counts from 0.  Batch, stochastic and mini-batch gradient
descent are this one loop with B = m, B = 1 and 1 < B < m.

A run that blows up is stopped, not left to overflow: "diverged" when a
batch loss is not finite or exceeds ``diverge_above * max(1, first loss)``,
or when an update would make a parameter non-finite (the model keeps its
last finite parameters).  numpy's overflow warnings are silenced inside the
loop because divergence is reported in ``History.status`` instead.

Every bad input raises ValueError whose message starts with the argument's
name (``model``, ``optimizer``, ``X``, ``Y``, ``batch_size``,
``epochs``, ``seed``, ``test``, ``diverge_above``, ``y``).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from descent import checks

__all__ = ["History", "train", "batches", "accuracy", "updates_per_epoch"]


@dataclass(frozen=True)
class History:
    """The record of a run that made ``updates`` updates in ``epochs_done`` full epochs.

    step_loss     (updates,)     loss of each batch, measured before its update (a diverged
                                 run's last, offending loss is in ``message`` instead)
    step_epoch    (updates,)     epochs completed after each update: epoch + (samples seen so far) / m
    epoch_loss    (epochs_done,) mean of the epoch's batch losses, weighted by batch size
    test_loss     (epochs_done,) loss on the test set after each epoch (empty without test data)
    test_accuracy (epochs_done,) accuracy on the test set after each epoch (empty without class labels)
    epoch_seconds (epochs_done,) wall time of each epoch's updates (test evaluation excluded)
    param_path    (updates + 1, n_params) every parameter, flattened, at the start and after each
                  update, when ``train(..., keep_params=True)``; otherwise None
    """

    batch_size: int
    num_samples: int
    step_loss: np.ndarray
    step_epoch: np.ndarray
    epoch_loss: np.ndarray
    test_loss: np.ndarray
    test_accuracy: np.ndarray
    epoch_seconds: np.ndarray
    status: str  # "completed" | "diverged"
    message: str
    param_path: np.ndarray | None = None

    @property
    def updates(self) -> int:
        """The number of parameter updates made."""
        return len(self.step_loss)

    @property
    def epochs_done(self) -> int:
        """The number of complete epochs."""
        return len(self.epoch_loss)

    @property
    def diverged(self) -> bool:
        return self.status == "diverged"


def updates_per_epoch(m: int, batch_size: int) -> int:
    """ceil(m / B): the number of batches, hence updates, in one epoch."""
    return -(-m // batch_size)


def batches(m: int, batch_size: int, rng: np.random.Generator) -> list:
    """One epoch's batches: a permutation of 0..m-1 cut into pieces of ``batch_size``.

    All pieces have ``batch_size`` indices except possibly the last, which has
    the m - batch_size * (ceil(m / batch_size) - 1) that remain.
    """
    order = rng.permutation(m)
    return [order[start:start + batch_size] for start in range(0, m, batch_size)]


def accuracy(model, X, y) -> float:
    """The fraction of columns of X whose predicted class equals the label.

    ``y`` holds class indices (m,), one-hot columns (K, m) or 0/1 labels (1, m).  The predicted
    class is the row of ``model.predict(X)`` with the largest value, or, for a
    single output row (a sigmoid probability), 1 when it exceeds 0.5.
    """
    labels = _class_labels(y, "y")
    out = np.asarray(model.predict(X))
    if out.ndim != 2 or out.shape[1] != labels.size:
        raise ValueError(f"y must have one label per column of X; got {labels.size} labels "
                         f"for predictions of shape {out.shape}")
    predicted = (out[0] > 0.5).astype(int) if out.shape[0] == 1 else out.argmax(axis=0)
    return float(np.mean(predicted == labels))


def train(model, optimizer, X, Y, batch_size: int, epochs: int, seed: int = 0,
          test=None, diverge_above: float = 1e8, keep_params: bool = False) -> History:
    """Mini-batch gradient descent on ``model``, in place; see the module docstring.

    ``X`` has shape (n_0, m), one sample per column; ``Y`` has the same m along
    its last axis (class indices (m,) or targets (n_L, m)).  ``test`` is an
    optional pair (X_test, Y_test) evaluated after every epoch.  ``keep_params``
    records the parameters after every update (for plotting a small model's path).
    """
    _check_model(model)
    _check_optimizer(optimizer)
    X, Y, m = _check_data(X, Y, "X", "Y")
    B = _batch_size(batch_size, m)
    E = checks.integer("epochs", epochs, least=1)
    rng = np.random.default_rng(checks.integer("seed", seed))
    X_test, Y_test, test_labels = _check_test(test)
    checks.positive_or_inf("diverge_above", diverge_above)
    checks.flag("keep_params", keep_params)

    step_loss, step_epoch, epoch_loss, test_loss, test_acc, seconds = [], [], [], [], [], []
    state = optimizer.init(model.params)
    path = [_flat(model.params)] if keep_params else None
    limit, status, message = None, "completed", f"{E} epochs of {updates_per_epoch(m, B)} updates"
    # A diverging run overflows; that is reported as status "diverged", not as a warning.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for epoch in range(E):
            start, weighted, seen = time.perf_counter(), 0.0, 0
            for idx in batches(m, B, rng):
                loss, grads = model.loss_and_gradients(X[:, idx], Y[..., idx])
                loss = float(loss)
                if limit is None:
                    limit = diverge_above * max(1.0, abs(loss)) if math.isfinite(loss) else math.inf
                if not math.isfinite(loss) or abs(loss) > limit:
                    status, message = "diverged", (f"batch loss {loss:.3g} in epoch {epoch} after "
                                                   f"{len(step_loss)} updates")
                    break
                params, state = optimizer.step(model.params, grads, state, epoch=epoch)
                if not all(np.isfinite(p).all() for p in params):
                    status, message = "diverged", (f"update {len(step_loss) + 1} (epoch {epoch}) "
                                                   f"would make a parameter non-finite")
                    break
                model.params = params
                step_loss.append(loss)
                step_epoch.append(epoch + (seen + idx.size) / m)
                if keep_params:
                    path.append(_flat(params))
                weighted += loss * idx.size
                seen += idx.size
            if status == "diverged":
                break
            seconds.append(time.perf_counter() - start)
            epoch_loss.append(weighted / m)
            if X_test is not None:
                test_loss.append(float(model.loss_and_gradients(X_test, Y_test)[0]))
                if test_labels:
                    test_acc.append(accuracy(model, X_test, Y_test))

    arrays = [np.array(v, dtype=float) for v in (step_loss, step_epoch, epoch_loss, test_loss, test_acc, seconds)]
    for a in arrays:
        a.setflags(write=False)  # the record of a run should not be edited afterwards
    if keep_params:
        path = np.array(path)
        path.setflags(write=False)
    return History(B, m, *arrays, status=status, message=message, param_path=path)


def _flat(params) -> np.ndarray:
    return np.concatenate([np.ravel(p) for p in params]).astype(float)


# --- validation ------------------------------------------------------------------

def _batch_size(B, m: int) -> int:
    B = checks.integer("batch_size", B, least=1)
    if B > m:
        raise ValueError(f"batch_size must lie in 1..m = 1..{m} (m = number of samples); got {B!r}")
    return B


def _check_model(model) -> None:
    if not (callable(getattr(model, "loss_and_gradients", None)) and hasattr(model, "params")):
        raise ValueError(f"model must have params and loss_and_gradients(X, Y); got {type(model).__name__}")


def _check_optimizer(optimizer) -> None:
    if not (callable(getattr(optimizer, "init", None)) and callable(getattr(optimizer, "step", None))):
        raise ValueError(f"optimizer must have init(params) and step(params, grads, state, epoch); "
                         f"got {type(optimizer).__name__}")


def _check_data(X, Y, x_name: str, y_name: str):
    """X as a float (n_0, m) array and Y with m samples along its last axis."""
    try:
        X = np.asarray(X, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{x_name} must be a numeric array of shape (n_0, m)") from None
    if X.ndim != 2 or X.shape[1] == 0:
        raise ValueError(f"{x_name} must be a 2-D array (n_0, m), one sample per column, m >= 1; "
                         f"got shape {X.shape}")
    Y = np.asarray(Y)
    if Y.ndim not in (1, 2) or Y.shape[-1] != X.shape[1]:
        raise ValueError(f"{y_name} must have m = {X.shape[1]} samples along its last axis, like {x_name}; "
                         f"got shape {Y.shape}")
    return X, Y, X.shape[1]


def _class_labels(y, name: str) -> np.ndarray:
    """Class indices (m,) from indices or one-hot columns (K, m)."""
    y = np.asarray(y)
    if y.ndim == 1 and np.issubdtype(y.dtype, np.integer):
        return y
    if y.ndim == 2 and y.shape[0] == 1 and np.isin(y, (0, 1)).all():
        return y[0].astype(int)  # binary labels of a single sigmoid output
    if y.ndim == 2 and y.shape[0] > 1 and np.isin(y, (0, 1)).all() and (y.sum(axis=0) == 1).all():
        return y.argmax(axis=0)
    raise ValueError(f"{name} must be integer class indices (m,), one-hot columns (K, m) "
                     f"or 0/1 labels (1, m); "
                     f"got shape {y.shape}, dtype {y.dtype}")


def _check_test(test):
    """(X_test, Y_test, whether Y_test holds class labels) or (None, None, False)."""
    if test is None:
        return None, None, False
    try:
        X_test, Y_test = test
    except (TypeError, ValueError):
        raise ValueError("test must be a pair (X_test, Y_test) or None") from None
    X_test, Y_test, _ = _check_data(X_test, Y_test, "test[0] (X_test)", "test[1] (Y_test)")
    try:
        _class_labels(Y_test, "test[1]")
        labels = True
    except ValueError:
        labels = False
    return X_test, Y_test, labels
