"""The answers the chapters' exercise solutions state."""

import numpy as np
import pytest

from descent import losses


def test_exercise_1_1_mse_and_mae():
    y_hat, y = np.array([1.0, 1, 1, 5]), np.zeros(4)
    assert losses.mse.value(y_hat, y) == 7.0
    assert losses.mae.value(y_hat, y) == 2.0


def test_exercise_1_4_cross_entropy():
    p = np.array([[0.7], [0.2], [0.1]])
    assert losses.categorical_cross_entropy.value(p, np.array([1])) == pytest.approx(1.609, abs=5e-4)
    assert losses.categorical_cross_entropy.value(np.full((3, 1), 1 / 3), np.array([1])) == pytest.approx(1.099, abs=5e-4)
