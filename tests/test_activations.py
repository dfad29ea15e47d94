"""Activations: every derivative checked against sympy, finite differences and its formula."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from descent import activations
from descent.activations import identity, relu, sigmoid, softmax, tanh
from descent.gradcheck import numerical_gradient, relative_error
from descent.symbolic import activation_derivative, lambdify_gradient, softmax_jacobian

ELEMENTWISE = ["sigmoid", "tanh", "relu", "identity"]

# The hand-written derivative each activation must equal, given z.
FORMULAS = {
    "sigmoid": lambda z: (1 / (1 + np.exp(-z))) * (1 - 1 / (1 + np.exp(-z))),
    "tanh": lambda z: 1 - np.tanh(z) ** 2,
    "relu": lambda z: np.where(z > 0, 1.0, 0.0),
    "identity": lambda z: np.ones_like(z),
}


@pytest.fixture
def rng():
    return np.random.default_rng(20240601)


def away_from_kink(z, gap=1e-3):
    """Move entries within `gap` of 0 out to +-gap, so eps = 1e-6 differences never straddle it."""
    return np.where(np.abs(z) < gap, np.copysign(gap, z), z)


def random_z(rng, shape=(4, 7)):
    return away_from_kink(rng.normal(scale=3.0, size=shape))


def no_float_trouble():
    """Turn overflow, division by zero, invalid operations and every warning into errors.

    Underflow is allowed: e.g. sigmoid(-1000) underflowing to 0.0 is the correct result.
    """
    return np.errstate(over="raise", divide="raise", invalid="raise")


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_grad_equals_sympy_derivative(name, rng):
    z = random_z(rng)
    z_sym, _, df = activation_derivative(name)
    expected = lambdify_gradient(z_sym, df)(z)
    np.testing.assert_allclose(activations.get(name).grad(z), expected, rtol=1e-10, atol=0)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_value_equals_sympy_definition(name, rng):
    z = random_z(rng)
    z_sym, f, _ = activation_derivative(name)
    np.testing.assert_allclose(activations.get(name).value(z), lambdify_gradient(z_sym, f)(z), rtol=1e-12)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_grad_matches_finite_differences(name, rng):
    act = activations.get(name)
    z = random_z(rng)
    weights = rng.normal(size=z.shape)  # L = sum(w * f(z)) has dL/dz = w * f'(z)
    numeric = numerical_gradient(lambda x: np.sum(weights * act.value(x)), z, eps=1e-6)
    assert relative_error(numeric, weights * act.grad(z)) < 1e-6
    assert relative_error(numeric, act.vjp(z, weights)) < 1e-6


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_grad_equals_written_formula(name, rng):
    z = random_z(rng)
    np.testing.assert_allclose(activations.get(name).grad(z), FORMULAS[name](z), rtol=1e-10, atol=1e-300)


def test_values_equal_written_formulas(rng):
    z = random_z(rng)
    np.testing.assert_allclose(sigmoid.value(z), 1 / (1 + np.exp(-z)), rtol=1e-14)
    np.testing.assert_allclose(tanh.value(z), np.tanh(z), rtol=0)
    np.testing.assert_array_equal(relu.value(z), np.maximum(z, 0))
    np.testing.assert_array_equal(identity.value(z), z)


def test_sigmoid_grad_is_s_times_one_minus_s(rng):
    z = random_z(rng)
    s = sigmoid.value(z)
    np.testing.assert_allclose(sigmoid.grad(z), s * (1 - s), rtol=1e-10)


def test_relu_kink_convention():
    z = np.array([-1.0, -1e-300, 0.0, 1e-300, 1.0])
    np.testing.assert_array_equal(relu.grad(z), [0.0, 0.0, 0.0, 1.0, 1.0])
    np.testing.assert_array_equal(relu.value(z), [0.0, 0.0, 0.0, 1e-300, 1.0])
    z_sym, _, df = activation_derivative("relu")
    assert df.subs(z_sym, 0) == 0  # sympy's Piecewise derivative makes the same choice


def test_identity_value_is_a_copy():
    z = np.array([1.0, 2.0])
    identity.value(z)[0] = 5.0
    assert z[0] == 1.0


def test_activations_accept_1d_and_scalars():
    assert sigmoid.value(0.0) == 0.5
    assert tanh.grad(0.0) == 1.0
    np.testing.assert_allclose(softmax.value([0.0, 0.0]), [0.5, 0.5])


# --- softmax -----------------------------------------------------------------

@pytest.mark.parametrize("K", [2, 3, 4])
def test_softmax_vjp_equals_sympy_jacobian_transpose(K, rng):
    z = rng.normal(scale=2.0, size=(K, 5))
    g = rng.normal(size=(K, 5))
    z_sym, s_sym, J = softmax_jacobian(K)
    jacobian_at = lambdify_gradient(z_sym, J)
    expected = np.column_stack([jacobian_at(*z[:, i]).T @ g[:, i] for i in range(z.shape[1])])
    np.testing.assert_allclose(softmax.vjp(z, g), expected, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(softmax.value(z), np.column_stack(
        [lambdify_gradient(z_sym, s_sym)(*z[:, i]).ravel() for i in range(z.shape[1])]), rtol=1e-12)


def test_softmax_vjp_matches_finite_differences(rng):
    z, g = rng.normal(size=(4, 6)), rng.normal(size=(4, 6))
    numeric = numerical_gradient(lambda x: np.sum(g * softmax.value(x)), z)
    assert relative_error(numeric, softmax.vjp(z, g)) < 1e-6


def test_softmax_equals_written_formulas(rng):
    z, g = rng.normal(size=(3, 5)), rng.normal(size=(3, 5))
    s = np.exp(z) / np.exp(z).sum(axis=0)
    np.testing.assert_allclose(softmax.value(z), s, rtol=1e-12)
    # J = diag(s) - s s^T, column by column.
    expected = np.column_stack([(np.diag(s[:, i]) - np.outer(s[:, i], s[:, i])).T @ g[:, i] for i in range(5)])
    np.testing.assert_allclose(softmax.vjp(z, g), expected, rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(softmax.vjp(z, g), s * (g - np.sum(s * g, axis=0)), rtol=1e-12)


def test_softmax_has_no_elementwise_grad():
    assert not softmax.elementwise and sigmoid.elementwise
    with pytest.raises(TypeError, match="vjp"):
        softmax.grad(np.zeros((3, 2)))


def test_softmax_rejects_scalar():
    with pytest.raises(ValueError, match=r"^z\b"):
        softmax.value(1.0)


@settings(max_examples=40)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, max_side=6),
                  elements=st.floats(-50, 50)))
def test_softmax_columns_are_distributions_and_shift_invariant(z):
    s = softmax.value(z)
    assert s.shape == z.shape
    assert np.all(s >= 0)
    np.testing.assert_allclose(s.sum(axis=0), 1.0, rtol=1e-12)
    np.testing.assert_allclose(softmax.value(z + 7.0), s, rtol=1e-9, atol=1e-300)


@settings(max_examples=40)
@given(st.sampled_from(ELEMENTWISE), hnp.array_shapes(min_dims=1, max_dims=3, max_side=5), st.integers(0, 2**32 - 1))
def test_elementwise_vjp_is_upstream_times_grad_for_any_shape(name, shape, seed):
    act, rng = activations.get(name), np.random.default_rng(seed)
    z, g = rng.normal(scale=5, size=shape), rng.normal(size=shape)
    assert act.value(z).shape == shape
    np.testing.assert_array_equal(act.vjp(z, g), g * act.grad(z))


def test_vjp_rejects_mismatched_upstream():
    with pytest.raises(ValueError, match=r"^upstream\b.*\(2, 3\).*\(3, 2\)"):
        sigmoid.vjp(np.zeros((3, 2)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"^upstream\b"):
        softmax.vjp(np.zeros((3, 2)), np.zeros(3))


# --- stability ---------------------------------------------------------------

def test_huge_logits_are_finite_and_warning_free():
    z = np.array([[-1000.0, 1000.0, 0.0], [1000.0, -1000.0, 0.0]])
    with warnings.catch_warnings(), no_float_trouble():
        warnings.simplefilter("error")
        s, ds = sigmoid.value(z), sigmoid.grad(z)
        t, dt = tanh.value(z), tanh.grad(z)
        p, vjp = softmax.value(z), softmax.vjp(z, np.ones_like(z))
    for out in (s, ds, t, dt, p, vjp):
        assert np.all(np.isfinite(out))
    np.testing.assert_array_equal(s[0], [0.0, 1.0, 0.5])
    np.testing.assert_array_equal(ds[0], [0.0, 0.0, 0.25])
    np.testing.assert_array_equal(p, [[0.0, 1.0, 0.5], [1.0, 0.0, 0.5]])


# --- lookup ------------------------------------------------------------------

@pytest.mark.parametrize("name", ELEMENTWISE + ["softmax"])
def test_get_by_name_and_instance(name):
    act = activations.get(name)
    assert act.name == name
    assert activations.get(act) is act


@pytest.mark.parametrize("bad", ["sigmod", "", None, ["relu"]])
def test_get_rejects_unknown_names(bad):
    with pytest.raises(ValueError, match=r"^activation must be one of .*'identity'.*'relu'.*'sigmoid'.*'softmax'.*'tanh'"):
        activations.get(bad)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "identity"])
def test_derivative_from_the_cached_output_equals_the_derivative(name):
    """BP2 uses f'(z) written with a = f(z): sigma' = a(1 - a), tanh' = 1 - a^2."""
    f = activations.get(name)
    z = np.linspace(-6.0, 6.0, 241)
    z = z[np.abs(z) > 1e-9]  # ReLU's kink, where the two one-sided conventions differ
    np.testing.assert_allclose(f.grad_cached(z, f.value(z)), f.grad(z), rtol=1e-9, atol=1e-15)


def test_the_output_forms_of_sigmoid_and_tanh_derivatives_by_sympy():
    import sympy as sp

    z = sp.Symbol("z", real=True)
    s = 1 / (1 + sp.exp(-z))
    assert sp.simplify(sp.diff(s, z) - s * (1 - s)) == 0
    assert sp.simplify(sp.diff(sp.tanh(z), z) - (1 - sp.tanh(z) ** 2)) == 0
