"""Straight lines fitted by the two losses of chapter 1, each exactly.

The MSE line solves the normal equations. The MAE line is found by the fact
that some optimal least-absolute-deviations line passes through two of the
data points (an optimum of a linear program sits at a vertex), so trying every
pair is exact for the small data sets the book uses.
"""

from itertools import combinations

import numpy as np

from . import losses


def mse_line(x, y):
    """(slope, intercept) minimizing (1/N) sum (y_i - (w x_i + b))^2."""
    A = np.column_stack([x, np.ones_like(x)])
    (w, b), *_ = np.linalg.lstsq(A, y, rcond=None)
    return float(w), float(b)


def mae_line(x, y):
    """(slope, intercept) minimizing (1/N) sum |y_i - (w x_i + b)|, over lines through two points."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    best, best_loss = None, np.inf
    for i, j in combinations(range(len(x)), 2):
        if x[i] == x[j]:
            continue
        w = (y[j] - y[i]) / (x[j] - x[i])
        b = y[i] - w * x[i]
        loss = losses.mae.value(w * x + b, y)
        if loss < best_loss - 1e-12:
            best, best_loss = (float(w), float(b)), loss
    if best is None:
        raise ValueError("x must hold at least two distinct values")
    return best
