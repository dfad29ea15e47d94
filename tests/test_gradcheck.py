"""Finite-difference gradients and the relative-error measure."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from descent.gradcheck import numerical_gradient, relative_error


@pytest.fixture
def rng():
    return np.random.default_rng(2718)


@pytest.mark.parametrize("shape", [(), (5,), (3, 4), (2, 3, 2)])
def test_numerical_gradient_of_a_quadratic_form_any_shape(shape, rng):
    A = rng.normal(size=shape)
    x = rng.normal(size=shape)
    # f(x) = sum(A x^2) + sum(x) has gradient 2 A x + 1.
    numeric = numerical_gradient(lambda v: np.sum(A * v**2) + np.sum(v), x)
    assert numeric.shape == np.shape(x)
    np.testing.assert_allclose(numeric, 2 * A * x + 1, rtol=1e-7, atol=1e-8)


def test_numerical_gradient_is_central_differences():
    # For a cubic, central differences are off by exactly eps^2 * f'''/6 = eps^2.
    eps = 1e-2
    numeric = numerical_gradient(lambda v: np.sum(v**3), np.array([0.0, 1.0, -2.0]), eps=eps)
    np.testing.assert_allclose(numeric, 3 * np.array([0.0, 1.0, 4.0]) + eps**2, rtol=1e-10, atol=1e-12)


def test_numerical_gradient_does_not_mutate_the_input_and_accepts_ints():
    x = np.array([1.0, 2.0, 3.0])
    seen = []
    numerical_gradient(lambda v: seen.append(v) or float(v @ v), x)
    np.testing.assert_array_equal(x, [1.0, 2.0, 3.0])
    assert all(v is not x for v in seen)
    np.testing.assert_allclose(numerical_gradient(lambda v: float(v @ v), [1, 2]), [2.0, 4.0], rtol=1e-8)


def test_numerical_gradient_requires_a_scalar_function():
    with pytest.raises(ValueError, match=r"^f must return a scalar"):
        numerical_gradient(lambda v: v * 2, np.ones(3))


def test_relative_error_definition():
    a, b = np.array([3.0, 0.0]), np.array([0.0, 4.0])
    assert relative_error(a, b) == pytest.approx(5.0 / (3.0 + 4.0))
    assert relative_error(a, a) == 0.0
    assert relative_error(np.zeros((2, 2)), np.zeros((2, 2))) == 0.0
    assert relative_error(np.zeros(3), np.ones(3)) == 1.0


def test_relative_error_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"^a and b must have the same shape"):
        relative_error(np.zeros(2), np.zeros(3))


@settings(max_examples=50)
@given(hnp.arrays(np.float64, hnp.array_shapes(max_dims=3, max_side=4), elements=st.floats(-1e6, 1e6)),
       st.floats(1e-3, 1e3))
def test_relative_error_is_symmetric_bounded_and_scale_free(a, scale):
    b = a[::-1].copy() if a.ndim else a + 1.0
    error = relative_error(a, b)
    assert 0.0 <= error <= 1.0
    assert error == relative_error(b, a)
    assert relative_error(scale * a, scale * b) == pytest.approx(error, rel=1e-9, abs=1e-12)
