"""Small data sets made with NumPy and a seed, so every figure is reproducible."""

import numpy as np

from descent import checks


def noisy_line(n: int = 12, slope: float = 0.5, intercept: float = 1.0,
               noise: float = 0.3, seed: int = 0):
    """``n`` points ``y = slope * x + intercept + noise``, ``x`` evenly spaced on [0, 10]."""
    n = checks.integer("n", n, least=2)
    rng = np.random.default_rng(seed)
    x = np.linspace(0.0, 10.0, n)
    return x, slope * x + intercept + noise * rng.standard_normal(n)


def with_outlier(x, y, size: float, index: int = -1):
    """A copy of ``y`` with ``size`` added to one point (the last by default)."""
    y = np.array(y, dtype=float)
    y[index] += size
    return np.asarray(x, dtype=float), y


# --- data sets for training a network ----------------------------------------
# The network takes one sample per COLUMN, so every function below returns
# X of shape (n_features, n_samples); classification labels are integer class
# indices of shape (n_samples,), regression targets have shape (1, n_samples).

def _rng(seed) -> np.random.Generator:
    """The seeded generator every draw comes from; ValueError naming ``seed`` if it is not an int >= 0."""
    return np.random.default_rng(checks.integer("seed", seed))


def spirals(n_per_class: int = 100, classes: int = 3, turns: float = 0.75,
            noise: float = 0.2, seed: int = 0):
    """``classes`` interleaved spiral arms in the plane, ``n_per_class`` points each.

    Point i of arm k sits at radius r_i (evenly spaced on [0.1, 1]) and angle
    2 pi (k / classes + turns * r_i) + noise * N(0, 1): the arms wind around the
    origin, so no straight line separates them and a hidden layer is needed.
    Returns X (2, classes * n_per_class) and y (classes * n_per_class,), arm by arm.
    """
    n = checks.integer("n_per_class", n_per_class, least=1)
    k = checks.integer("classes", classes, least=2)
    turns, noise = checks.non_negative("turns", turns), checks.non_negative("noise", noise)
    rng = _rng(seed)
    r = np.tile(np.linspace(0.1, 1.0, n), k)
    y = np.repeat(np.arange(k), n)
    angle = 2 * np.pi * (y / k + turns * r) + noise * rng.standard_normal(n * k)
    return np.stack([r * np.cos(angle), r * np.sin(angle)]), y


def moons(n_per_class: int = 100, noise: float = 0.1, seed: int = 0):
    """Two interleaved half circles (class 0 above, class 1 below), plus N(0, noise^2) jitter.

    Returns X (2, 2 * n_per_class) and y (2 * n_per_class,).
    """
    n = checks.integer("n_per_class", n_per_class, least=1)
    noise = checks.non_negative("noise", noise)
    rng = _rng(seed)
    t = np.linspace(0.0, np.pi, n)
    upper = np.stack([np.cos(t), np.sin(t)])
    lower = np.stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = np.concatenate([upper, lower], axis=1) + noise * rng.standard_normal((2, 2 * n))
    return X, np.repeat([0, 1], n)


def linear(n: int = 200, weights=(2.0,), bias: float = -1.0, noise: float = 0.5, seed: int = 0):
    """Regression data Y = w^T X + b + noise * N(0, 1) with X ~ N(0, I).

    Returns X (len(weights), n) and Y (1, n); the least-squares fit of a
    linear model should recover ``weights`` and ``bias`` up to the noise.
    """
    n = checks.integer("n", n, least=1)
    w = np.asarray(weights, dtype=float)
    if w.ndim != 1 or w.size == 0 or not np.isfinite(w).all():
        raise ValueError(f"weights must be a non-empty list of finite numbers; got {weights!r}")
    bias = checks.finite("bias", bias)
    noise = checks.non_negative("noise", noise)
    rng = _rng(seed)
    X = rng.standard_normal((w.size, n))
    return X, (w @ X + bias + noise * rng.standard_normal(n))[None, :]


def train_test_split(X, y, test_fraction: float = 0.25, seed: int = 0):
    """Shuffle the columns with a seeded generator; return X_train, y_train, X_test, y_test.

    Samples lie along the LAST axis of both X (d, m) and y ((m,) or (k, m));
    round(test_fraction * m) of them go to the test set, and each part keeps
    at least one sample.
    """
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 2 or X.shape[1] < 2:
        raise ValueError(f"X must be a 2-D array (n_features, m) with m >= 2; got shape {X.shape}")
    m = X.shape[1]
    if y.ndim not in (1, 2) or y.shape[-1] != m:
        raise ValueError(f"y must have the same number of samples as X ({m}) along its last axis; "
                         f"got shape {y.shape}")
    if isinstance(test_fraction, bool) or not isinstance(test_fraction, (int, float)) \
            or not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must lie strictly between 0 and 1; got {test_fraction!r}")
    n_test = min(max(int(round(test_fraction * m)), 1), m - 1)
    order = _rng(seed).permutation(m)
    test, train = order[:n_test], order[n_test:]
    return X[:, train], y[..., train], X[:, test], y[..., test]
