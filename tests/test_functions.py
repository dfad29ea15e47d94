"""Objectives: every gradient checked against sympy, finite differences and its formula."""

import numpy as np
import pytest
import sympy as sp

from descent.functions import Objective, quadratic, square, x2_sin2y
from descent.gradcheck import numerical_gradient, relative_error
from descent.symbolic import lambdify_gradient, objective_gradient

NAMED = [square, x2_sin2y]


@pytest.fixture
def rng():
    return np.random.default_rng(2718)


def written_grad(name, p):
    """The gradients as the book writes them."""
    if name == "x^2":
        return np.array([2 * p[0]])
    if name == "x^2 + sin^2 y":
        x, y = p
        return np.array([2 * x, 2 * np.sin(y) * np.cos(y)])
    raise AssertionError(name)


def random_spd(rng, d, eigenvalues=None):
    """Q diag(lambda) Q^T with Q orthogonal from the QR of a Gaussian matrix."""
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    lam = rng.uniform(0.5, 4.0, size=d) if eigenvalues is None else np.asarray(eigenvalues, float)
    return Q @ np.diag(lam) @ Q.T, lam


# --- the named objectives ---------------------------------------------------

@pytest.mark.parametrize("objective", NAMED, ids=lambda o: o.name)
def test_gradient_matches_sympy(objective, rng):
    symbols, J, grad = objective_gradient(objective.name)
    assert len(symbols) == objective.dim
    value_fn, grad_fn = lambdify_gradient(symbols, J), lambdify_gradient(symbols, grad)
    for _ in range(20):
        p = rng.uniform(-3.0, 3.0, size=objective.dim)
        np.testing.assert_allclose(objective.value(p), value_fn(*p), rtol=1e-12)
        np.testing.assert_allclose(objective.grad(p), grad_fn(*p), rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("objective", NAMED, ids=lambda o: o.name)
def test_gradient_matches_finite_differences(objective, rng):
    for _ in range(20):
        p = rng.uniform(-3.0, 3.0, size=objective.dim)
        assert relative_error(numerical_gradient(objective.value, p), objective.grad(p)) < 1e-6


@pytest.mark.parametrize("objective", NAMED, ids=lambda o: o.name)
def test_gradient_matches_written_formula(objective, rng):
    for _ in range(20):
        p = rng.uniform(-3.0, 3.0, size=objective.dim)
        np.testing.assert_allclose(objective.grad(p), written_grad(objective.name, p), rtol=1e-14)


def test_sympy_states_the_textbook_gradients():
    (x,), J, grad = objective_gradient("x^2")
    assert J == x**2 and grad == (2 * x,)
    (x, y), J, grad = objective_gradient("x^2 + sin^2 y")
    assert J == x**2 + sp.sin(y) ** 2
    assert grad[0] == 2 * x and sp.simplify(grad[1] - sp.sin(2 * y)) == 0
    with pytest.raises(ValueError, match="^name"):
        objective_gradient("x^3")


def test_named_values_and_constants():
    assert square.value(np.array([1.2])) == pytest.approx(1.44, abs=1e-15)
    assert isinstance(square.value(np.array([1.2])), float)
    assert x2_sin2y.value(np.array([3.0, 1.0])) == pytest.approx(9 + np.sin(1.0) ** 2, rel=1e-15)
    assert square(np.array([3.0])) == 9.0  # __call__ is value
    assert (square.dim, square.smoothness) == (1, 2.0)
    assert (x2_sin2y.dim, x2_sin2y.smoothness) == (2, 2.0)


@pytest.mark.parametrize("objective", NAMED, ids=lambda o: o.name)
def test_smoothness_bounds_the_gradient_change(objective, rng):
    # ||grad J(p) - grad J(q)|| <= L ||p - q||, and L = 2 is attained along x.
    for _ in range(200):
        p, q = rng.uniform(-4.0, 4.0, size=(2, objective.dim))
        dg = np.linalg.norm(objective.grad(p) - objective.grad(q))
        assert dg <= objective.smoothness * np.linalg.norm(p - q) * (1 + 1e-12)
    e = np.zeros(objective.dim)
    e[0] = 1.0
    assert np.linalg.norm(objective.grad(e) - objective.grad(0 * e)) == pytest.approx(objective.smoothness)


def check_grid(objective, grid):
    """value and grad on a (d, *grid_shape) grid equal the pointwise results."""
    values, grads = objective.value(grid), objective.grad(grid)
    shape = grid.shape[1:]
    assert values.shape == shape and grads.shape == grid.shape
    for idx in np.ndindex(*shape):
        p = grid[(slice(None),) + idx]
        assert values[idx] == pytest.approx(objective.value(p), rel=1e-13, abs=1e-15)
        np.testing.assert_allclose(grads[(slice(None),) + idx], objective.grad(p), rtol=1e-13, atol=1e-15)


def test_grid_evaluation_is_pointwise(rng):
    X, Y = np.meshgrid(np.linspace(-3, 3, 7), np.linspace(-2, 2, 5))
    check_grid(x2_sin2y, np.stack([X, Y]))
    check_grid(square, np.linspace(-2, 2, 9)[None, :])
    A, _ = random_spd(rng, 3)
    check_grid(quadratic(A, b=rng.normal(size=3), c=0.7), rng.normal(size=(3, 4, 2)))


@pytest.mark.parametrize("objective", NAMED, ids=lambda o: o.name)
def test_wrong_point_shape_names_x(objective):
    with pytest.raises(ValueError, match="^x must have shape"):
        objective.value(np.zeros(objective.dim + 1))
    with pytest.raises(ValueError, match="^x must have shape"):
        objective.grad(np.zeros((objective.dim + 1, 3)))


# --- quadratics ------------------------------------------------------------

def sympy_quadratic(A, b, c):
    """(symbols, J, grad J) for 1/2 x^T A x - b^T x + c with sympy's own diff."""
    d = len(b)
    xs = sp.symbols(f"x_1:{d + 1}", real=True)
    X = sp.Matrix(xs)
    J = (X.T * sp.Matrix(A) * X)[0] / 2 - (sp.Matrix(b).T * X)[0] + c
    return xs, J, tuple(sp.diff(J, s) for s in xs)


@pytest.mark.parametrize("d", [1, 2, 4])
def test_quadratic_gradient_three_ways(d, rng):
    A, lam = random_spd(rng, d)
    b, c = rng.normal(size=d), 1.5
    J = quadratic(A, b, c)
    symbols, J_sym, grad_sym = sympy_quadratic(A, b, c)
    value_fn, grad_fn = lambdify_gradient(symbols, J_sym), lambdify_gradient(symbols, grad_sym)
    for _ in range(10):
        p = rng.normal(scale=2.0, size=d)
        assert J.value(p) == pytest.approx(float(value_fn(*p)), rel=1e-10, abs=1e-12)
        np.testing.assert_allclose(J.grad(p), grad_fn(*p), rtol=1e-10, atol=1e-12)
        assert relative_error(numerical_gradient(J.value, p), J.grad(p)) < 1e-6
        np.testing.assert_allclose(J.grad(p), A @ p - b, rtol=1e-12, atol=1e-12)
        assert J.value(p) == pytest.approx(0.5 * p @ A @ p - b @ p + c, rel=1e-12, abs=1e-12)
    # The gradient vanishes at the minimizer A^{-1} b.
    np.testing.assert_allclose(J.grad(np.linalg.solve(A, b)), 0.0, atol=1e-12)


def test_quadratic_smoothness_is_the_largest_eigenvalue(rng):
    A, _ = random_spd(rng, 3, eigenvalues=[0.25, 1.0, 7.5])
    J = quadratic(A)
    assert J.smoothness == pytest.approx(7.5, rel=1e-12)
    assert J.dim == 3 and isinstance(J, Objective)
    np.testing.assert_allclose(J.grad(np.ones(3)), A @ np.ones(3), rtol=1e-12)  # b defaults to 0
    assert quadratic([[2.0]], name="x^2").name == "x^2"


def test_quadratic_copies_its_inputs():
    A, b = np.diag([1.0, 2.0]), np.array([1.0, 1.0])
    J = quadratic(A, b)
    A[0, 0], b[0] = 100.0, 100.0
    assert J.value(np.array([1.0, 0.0])) == 0.5 - 1.0


@pytest.mark.parametrize("A", [
    [[1.0, 2.0]],                      # not square
    [[1.0, 0.5], [0.0, 1.0]],          # not symmetric
    [[1.0, 0.0], [0.0, 0.0]],          # singular
    [[1.0, 2.0], [2.0, 1.0]],          # indefinite
    -np.eye(2),                        # negative definite
    [[np.nan, 0.0], [0.0, 1.0]],       # not finite
    [[np.inf]],
    np.zeros((0, 0)),                  # empty
    [["a"]],                           # not numeric
    [[1.0, 1.0], [1.0, 1.0]],          # rank 1: numerically singular
], ids=["rectangular", "asymmetric", "singular", "indefinite", "negative", "nan", "inf", "empty",
        "text", "rank-1"])
def test_quadratic_bad_A_names_A(A):
    with pytest.raises(ValueError, match="^A "):
        quadratic(A)


@pytest.mark.parametrize("b", [np.ones(3), np.ones((2, 1)), [np.nan, 0.0], 1.0])
def test_quadratic_bad_b_names_b(b):
    with pytest.raises(ValueError, match="^b "):
        quadratic(np.eye(2), b)


@pytest.mark.parametrize("c", [np.inf, np.nan, "1", None])
def test_quadratic_bad_c_names_c(c):
    with pytest.raises(ValueError, match="^c "):
        quadratic(np.eye(2), c=c)


def test_quadratic_accepts_tiny_asymmetry_and_symmetrizes():
    A = np.array([[2.0, 1.0], [1.0 + 1e-13, 3.0]])
    J = quadratic(A)
    p = np.array([0.3, -1.1])
    # The gradient is that of the symmetric part, so it matches finite differences.
    assert relative_error(numerical_gradient(J.value, p), J.grad(p)) < 1e-8
