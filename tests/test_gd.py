"""Gradient descent: the book's tables digit for digit, stop rules, bad input, and theory."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from descent.functions import quadratic, square, x2_sin2y
from descent.gd import StopRule, Trajectory, convergence_factor, descend

# The 2-D source table: J = x^2 + sin^2 y from (3, 1), lr = 0.1, stop at J < 0.01.
# k: (x_k, y_k, J(x_k)) for the rows the source prints.
TABLE_2D = {
    0: (3.0, 1.0, 9.708073),
    1: (2.4, 0.909070, 6.382415),
    15: (0.105553, 0.063481, 0.015166),
    16: (0.084442, 0.050819, 0.009711),
}


def r6(v):
    return round(float(v), 6)


# --- the book's tables -------------------------------------------------------

def test_one_dimensional_table_value_below_0_01():
    run = descend(square, 1.2, 0.3, StopRule(value_below=0.01))
    assert (run.steps, run.status) == (3, "converged")
    assert [r6(x) for x in run.points[:, 0]] == [1.2, 0.48, 0.192, 0.0768]
    assert [r6(J) for J in run.values] == [1.44, 0.2304, 0.036864, 0.005898]


def test_one_dimensional_table_value_below_1e_3():
    run = descend(square, 1.2, 0.3, StopRule(value_below=1e-3))
    assert (run.steps, run.status) == (4, "converged")
    assert [r6(x) for x in run.points[:, 0]] == [1.2, 0.48, 0.192, 0.0768, 0.03072]
    assert [r6(J) for J in run.values] == [1.44, 0.2304, 0.036864, 0.005898, 0.000944]


def test_one_dimensional_iterates_are_a_geometric_sequence():
    run = descend(square, 1.2, 0.3, StopRule(max_steps=30))
    k = np.arange(31)
    np.testing.assert_allclose(run.points[:, 0], 1.2 * (1 - 2 * 0.3) ** k, rtol=1e-13)
    np.testing.assert_allclose(run.points[:, 0], 1.2 * 0.4**k, rtol=1e-13)
    np.testing.assert_allclose(run.grads[:, 0], 2 * run.points[:, 0], rtol=0)
    np.testing.assert_allclose(run.lrs, 0.3, rtol=0)
    assert run.status == "max_steps" and run.steps == 30


def test_value_threshold_is_strict():
    # J_k = 1.44 * 0.16^k; the run stops at the first k with J_k < value_below,
    # so thresholds in (J_4, J_3] -- 1e-3 among them -- give exactly 4 updates.
    J = descend(square, 1.2, 0.3, StopRule(max_steps=5)).values
    for threshold, steps in [(J[3], 4), (np.nextafter(J[4], 1.0), 4), (1e-3, 4),
                             (np.nextafter(J[3], 1.0), 3), (J[4], 5)]:
        assert descend(square, 1.2, 0.3, StopRule(value_below=float(threshold))).steps == steps


def test_two_dimensional_table():
    run = descend(x2_sin2y, [3.0, 1.0], 0.1, StopRule(value_below=0.01))
    assert (run.steps, run.status) == (16, "converged")
    assert run.points.shape == (17, 2) and run.values.shape == (17,) and run.grads.shape == (17, 2)
    for k, (x, y, J) in TABLE_2D.items():
        assert (r6(run.points[k, 0]), r6(run.points[k, 1]), r6(run.values[k])) == (x, y, J)
    assert run.values[15] >= 0.01 > run.values[16]


def test_two_dimensional_updates_follow_the_formula():
    run = descend(x2_sin2y, [3.0, 1.0], 0.1, StopRule(value_below=0.01))
    for k in range(run.steps):
        x, y = run.points[k]
        step = np.array([2 * x, 2 * np.sin(y) * np.cos(y)])
        np.testing.assert_allclose(run.points[k + 1], run.points[k] - 0.1 * step, rtol=1e-15)
        assert run.values[k + 1] < run.values[k]  # lr = 0.1 < 2/L = 1 descends


# --- stop rules ---------------------------------------------------------------

def test_already_converged_start_makes_no_update():
    run = descend(square, 0.05, 0.3, StopRule(value_below=0.01))
    assert (run.steps, run.status) == (0, "converged")
    assert run.points.shape == (1, 1) and run.lrs.shape == (0,)
    assert isinstance(run, Trajectory)


def test_schedule_is_not_called_when_no_update_is_made():
    def lr(k):
        raise AssertionError("called")
    assert descend(square, 0.0, lr, StopRule(grad_norm_below=1e-3)).steps == 0
    assert descend(square, 1.0, lr, StopRule(max_steps=0)).status == "max_steps"


def test_lr_one_oscillates_until_max_steps():
    run = descend(square, 1.2, 1.0)
    assert (run.status, run.steps) == ("max_steps", 1000)
    np.testing.assert_array_equal(run.points[:, 0], 1.2 * (-1.0) ** np.arange(1001))
    np.testing.assert_array_equal(run.values, 1.44)
    assert convergence_factor(1.0, [2.0]) == 1.0


def test_lr_past_two_over_L_diverges_without_warnings(capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = descend(square, 1.2, 1.05)
    assert run.status == "diverged"
    # |x_k| = 1.2 * 1.1^k; J_k = 1.44 * 1.21^k first exceeds 1e8 * 1.44 at k = 97.
    assert run.steps == 97 == math.ceil(8 * math.log(10) / math.log(1.21))
    assert abs(run.values[-1]) > 1e8 * 1.44 >= abs(run.values[-2])
    np.testing.assert_allclose(np.abs(run.points[:, 0]), 1.2 * 1.1 ** np.arange(98), rtol=1e-12)
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("objective, x0", [(square, [1.2]), (x2_sin2y, [1.2, 1.0])])
def test_overflow_to_inf_and_nan_is_reported_not_warned(objective, x0, capsys):
    # With no value limit the iterates overflow: inf, then nan (sin(inf), inf - inf).
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = descend(objective, x0, 1.05, StopRule(diverge_above=math.inf, max_steps=100_000))
    assert run.status == "diverged"
    assert not np.isfinite(run.values[-1]) or not np.isfinite(run.points[-1]).all()
    assert np.isfinite(run.values[:-1]).all()  # it stops at the FIRST non-finite point
    assert run.steps < 100_000
    assert capsys.readouterr() == ("", "")


def test_non_finite_start_value_is_diverged_at_once():
    run = descend(square, 1e200, 0.1)
    assert (run.status, run.steps) == ("diverged", 0)


def test_divergence_limit_is_relative_to_the_start():
    # From J_0 = 1e6 the limit is 1e8 * 1e6, not 1e8.
    run = descend(square, 1e3, 1.05)
    assert run.status == "diverged"
    assert abs(run.values[-2]) <= 1e14 < abs(run.values[-1])


def test_schedule_is_applied_step_by_step():
    run = descend(square, 1.2, lambda k: 0.3 / (1 + k), StopRule(max_steps=3))
    np.testing.assert_allclose(run.lrs, [0.3, 0.15, 0.1], rtol=1e-15)
    # x_{k+1} = x_k (1 - 2 lr_k): 1.2 * 0.4 = 0.48, * 0.7 = 0.336, * 0.8 = 0.2688.
    np.testing.assert_allclose(run.points[:, 0], [1.2, 0.48, 0.336, 0.2688], rtol=1e-14)
    assert run.status == "max_steps"


def test_schedule_values_are_recorded_per_step():
    calls = []

    def lr(k):
        calls.append(k)
        return 0.1 * (k + 1)

    run = descend(x2_sin2y, [1.0, 0.5], lr, StopRule(max_steps=4))
    assert calls == [0, 1, 2, 3]
    np.testing.assert_allclose(run.lrs, [0.1, 0.2, 0.3, 0.4])
    for k in range(4):
        np.testing.assert_allclose(run.points[k + 1], run.points[k] - run.lrs[k] * run.grads[k])


def test_grad_norm_threshold():
    # |grad J(x_k)| = 2.4 * 0.4^k: 0.1536 at k = 3, 0.06144 at k = 4.
    run = descend(square, 1.2, 0.3, StopRule(grad_norm_below=0.1))
    assert (run.steps, run.status) == (4, "converged")
    assert r6(np.linalg.norm(run.grads[-1])) == 0.06144
    run = descend(x2_sin2y, [3.0, 1.0], 0.1, StopRule(grad_norm_below=1e-3))
    assert np.linalg.norm(run.grads[-1]) < 1e-3 <= np.linalg.norm(run.grads[-2])


def test_any_threshold_stops_the_run():
    # value_below alone stops at 3 and grad_norm_below alone at 4: together, at 3.
    both = StopRule(value_below=0.01, grad_norm_below=0.1)
    assert descend(square, 1.2, 0.3, both).steps == 3
    both = StopRule(value_below=1e-6, grad_norm_below=0.1)
    assert descend(square, 1.2, 0.3, both).steps == 4


def test_negative_value_threshold_on_a_quadratic():
    # J = 1/2 x^2 - x has minimum -1/2 at x = 1, so a negative threshold is meaningful.
    run = descend(quadratic([[1.0]], [1.0]), 0.0, 0.5, StopRule(value_below=-0.49))
    assert run.status == "converged" and run.values[-1] < -0.49 <= run.values[-2]


def test_trajectory_is_read_only():
    run = descend(square, 1.2, 0.3, StopRule(max_steps=2))
    with pytest.raises(ValueError):
        run.points[0, 0] = 5.0


def test_caller_x0_is_not_modified():
    x0 = np.array([3.0, 1.0])
    descend(x2_sin2y, x0, 0.1, StopRule(max_steps=5))
    np.testing.assert_array_equal(x0, [3.0, 1.0])


# --- bad input ------------------------------------------------------------------

@pytest.mark.parametrize("lr", [0.0, -0.1, math.inf, math.nan, "0.1", None, True])
def test_bad_lr_names_lr(lr):
    with pytest.raises(ValueError, match="^lr must be a positive finite number"):
        descend(square, 1.0, lr)


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf, "x", None])
def test_schedule_with_a_bad_value_names_lr_and_the_step(bad):
    with pytest.raises(ValueError, match=r"^lr\(2\)"):
        descend(square, 1.0, lambda k: 0.1 if k < 2 else bad)


@pytest.mark.parametrize("objective, x0", [
    (square, [1.0, 2.0]), (square, [[1.0]]), (x2_sin2y, 1.0), (x2_sin2y, [1.0]),
    (x2_sin2y, [1.0, 2.0, 3.0]), (x2_sin2y, [np.nan, 0.0]), (square, np.inf), (square, "a"),
    (square, []),
])
def test_bad_x0_names_x0(objective, x0):
    with pytest.raises(ValueError, match="^x0 "):
        descend(objective, x0, 0.1)


@pytest.mark.parametrize("stop, name", [
    (StopRule(value_below=math.nan), "stop.value_below"),
    (StopRule(value_below="1"), "stop.value_below"),
    (StopRule(grad_norm_below=0.0), "stop.grad_norm_below"),
    (StopRule(grad_norm_below=-1e-3), "stop.grad_norm_below"),
    (StopRule(grad_norm_below=math.nan), "stop.grad_norm_below"),
    (StopRule(max_steps=-1), "stop.max_steps"),
    (StopRule(max_steps=2.5), "stop.max_steps"),
    (StopRule(max_steps=True), "stop.max_steps"),
    (StopRule(diverge_above=0.0), "stop.diverge_above"),
    (StopRule(diverge_above=-5.0), "stop.diverge_above"),
    (StopRule(diverge_above=math.nan), "stop.diverge_above"),
    ({"max_steps": 3}, "stop"),
])
def test_bad_stop_rule_names_the_field(stop, name):
    with pytest.raises(ValueError, match="^" + name.replace(".", r"\.") + " "):
        descend(square, 1.0, 0.1, stop)


@pytest.mark.parametrize("objective", ["x^2", lambda x: x**2, None])
def test_bad_objective_names_objective(objective):
    with pytest.raises(ValueError, match="^objective must be an Objective"):
        descend(objective, 1.0, 0.1)


def test_scalar_and_array_x0_agree_in_one_dimension():
    a = descend(square, 1.2, 0.3, StopRule(max_steps=5))
    b = descend(square, np.array([1.2]), 0.3, StopRule(max_steps=5))
    np.testing.assert_array_equal(a.points, b.points)


# --- convergence factor ---------------------------------------------------------

def test_convergence_factor_of_x_squared_is_one_minus_two_lr():
    for lr in (0.05, 0.3, 0.45, 0.9, 1.0, 1.05, 2.0):  # not 0.5: one step to 0
        assert convergence_factor(lr, [2.0]) == pytest.approx(abs(1 - 2 * lr), abs=1e-15)
        run = descend(square, 1.2, lr, StopRule(max_steps=3, diverge_above=math.inf))
        # On x^2 every step multiplies the error by (1 - 2 lr).
        np.testing.assert_allclose(np.abs(run.points[1:, 0] / run.points[:-1, 0]),
                                   convergence_factor(lr, [2.0]), rtol=1e-12)


@pytest.mark.parametrize("eigenvalues", [[2.0], [0.5, 2.0, 4.0], [1.0, 1.0], [0.01, 10.0]])
def test_convergence_factor_below_one_iff_lr_below_two_over_L(eigenvalues):
    L = max(eigenvalues)
    for lr in np.concatenate([np.linspace(0.01, 4.0, 97) / L, [2.0 / L, 2.0 / L * (1 - 1e-9)]]):
        assert (convergence_factor(lr, eigenvalues) < 1) == (lr < 2.0 / L), lr


def test_convergence_factor_bad_input():
    with pytest.raises(ValueError, match="^lr "):
        convergence_factor(0.0, [1.0])
    with pytest.raises(ValueError, match="^eigenvalues "):
        convergence_factor(0.1, [])
    with pytest.raises(ValueError, match="^eigenvalues "):
        convergence_factor(0.1, [1.0, math.nan])
    with pytest.raises(ValueError, match="^eigenvalues "):
        convergence_factor(0.1, ["a"])


# --- property-based: random convex quadratics -------------------------------------

@st.composite
def convex_quadratics(draw):
    """(A, b, x_star, lam, Q): A = Q diag(lam) Q^T, 1 <= d <= 5, lam in [mu, L], L/mu <= 10."""
    d = draw(st.integers(1, 5))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    mu = draw(st.floats(0.1, 10.0))
    kappa = draw(st.floats(1.0, 10.0))
    lam = np.sort(mu * (1.0 + (kappa - 1.0) * rng.uniform(size=d)))
    lam[-1] = mu * kappa  # the top eigenvalue is exactly L ...
    if d > 1:
        lam[0] = mu       # ... and the bottom one mu
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    A = Q @ np.diag(lam) @ Q.T
    x_star = rng.normal(scale=3.0, size=d)
    return A, A @ x_star, x_star, lam, Q, rng


def start_point(x_star, Q, rng):
    """x_star plus a unit component along the top eigenvector Q[:, -1], plus noise in the others."""
    offset = Q[:, -1] + Q[:, :-1] @ rng.normal(size=Q.shape[1] - 1)
    return x_star + offset


@settings(max_examples=60)
@given(problem=convex_quadratics(), c=st.floats(0.05, 0.95))
def test_lr_below_two_over_L_converges_to_the_minimizer(problem, c):
    A, b, x_star, lam, Q, rng = problem
    J = quadratic(A, b)
    lr = c * 2.0 / J.smoothness
    x0 = start_point(x_star, Q, rng)
    g0 = np.linalg.norm(J.grad(x0))
    tol = 1e-8 * g0
    run = descend(J, x0, lr, StopRule(grad_norm_below=tol, max_steps=100_000))
    assert run.status == "converged"
    # The gradient shrinks by at least rho = max |1 - lr lambda_i| per step, so the
    # run needs at most ceil(log(1e-8) / log(rho)) updates (+1 for rounding);
    # rho = 0 (lr = 1/lambda in 1-D) lands on x* in one step.
    rho = convergence_factor(lr, lam)
    assert rho < 1
    assert run.steps <= math.ceil(math.log(1e-8) / math.log(max(rho, 1e-300))) + 1
    # ||x - x*|| = ||A^{-1} grad J(x)|| <= ||grad J(x)|| / mu.
    assert np.linalg.norm(run.points[-1] - np.linalg.solve(A, b)) <= 1.01 * tol / lam[0] + 1e-12
    assert np.all(np.diff(run.values) <= 1e-12 * (1 + np.abs(run.values[:-1])))  # J never rises


@settings(max_examples=60)
@given(problem=convex_quadratics(), c=st.floats(1.05, 3.0))
def test_lr_above_two_over_L_diverges(problem, c):
    A, b, x_star, lam, Q, rng = problem
    J = quadratic(A, b)
    lr = c * 2.0 / J.smoothness
    x0 = start_point(x_star, Q, rng)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = descend(J, x0, lr, StopRule(max_steps=100_000))
    assert run.status == "diverged"
    assert not run.steps == 100_000
    assert abs(run.values[-1]) > 1e8 * max(1.0, abs(run.values[0]))
    assert convergence_factor(lr, lam) > 1
