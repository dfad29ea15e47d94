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


def test_exercise_2_1_and_2_3_convergence_factors():
    from descent import gd

    assert gd.convergence_factor(1 / 6, [6.0]) == pytest.approx(0.0, abs=1e-15)
    assert gd.convergence_factor(0.34, [6.0]) > 1 > gd.convergence_factor(0.33, [6.0])
    assert gd.convergence_factor(2 / 11, [1.0, 10.0]) == pytest.approx(9 / 11)


def test_exercise_2_4_thresholds():
    from descent import functions, gd

    steps = {eps: gd.descend(functions.square, 1.2, 0.3, gd.StopRule(value_below=eps)).steps
             for eps in (1e-2, 1e-3, 1e-4)}
    assert steps == {1e-2: 3, 1e-3: 4, 1e-4: 6}


def test_exercise_3_3_the_ridge_decides_the_valley():
    from descent import functions, gd

    rule = gd.StopRule(value_below=1e-8, max_steps=2000)
    on_ridge = gd.descend(functions.x2_sin2y, np.array([3.0, np.pi / 2]), 0.1, rule)
    pushed = gd.descend(functions.x2_sin2y, np.array([3.0, np.pi / 2 + 1e-9]), 0.1, rule)
    assert on_ridge.points[-1, 1] == pytest.approx(np.pi / 2)
    assert pushed.points[-1, 1] == pytest.approx(np.pi, abs=1e-4)


def test_exercise_3_1_hessian_at_a_minimum_and_3_2_first_factor():
    import sympy as sp

    from descent import symbolic

    (x, y), J, _ = symbolic.objective_gradient("x^2 + sin^2 y")
    assert sp.hessian(J, (x, y)).subs(y, sp.pi) == sp.diag(2, 2)
    assert 1 - 0.1 * np.sin(2.0) / 1.0 == pytest.approx(0.909070, abs=5e-7)
