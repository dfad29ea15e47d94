"""The sympy derivations state the textbook formulas."""

import numpy as np
import pytest
import sympy as sp

from descent.symbolic import (activation_derivative, categorical_gradient, lambdify_gradient,
                              loss_gradient, sigmoid, softmax_jacobian)


def is_zero(expr):
    """True when sympy simplifies expr (or every entry of a matrix) to 0."""
    entries = list(expr) if isinstance(expr, sp.MatrixBase) else [expr]
    return all(sp.simplify(e) == 0 for e in entries)


def test_sigmoid_derivative_is_s_times_one_minus_s():
    z, f, df = activation_derivative("sigmoid")
    assert f == 1 / (1 + sp.exp(-z))
    assert is_zero(df - f * (1 - f))


def test_tanh_derivative_is_one_minus_tanh_squared():
    z, f, df = activation_derivative("tanh")
    assert df == 1 - sp.tanh(z) ** 2


def test_relu_derivative_is_a_step_with_zero_at_the_kink():
    z, f, df = activation_derivative("relu")
    assert [df.subs(z, v) for v in (-2, 0, sp.Rational(1, 10**9), 3)] == [0, 0, 1, 1]
    assert [f.subs(z, v) for v in (-2, 0, 3)] == [0, 0, 3]


def test_identity_derivative_is_one():
    _, _, df = activation_derivative("identity")
    assert df == 1


@pytest.mark.parametrize("K", [2, 3])
def test_softmax_jacobian_is_diag_s_minus_s_s_transpose(K):
    z, s, J = softmax_jacobian(K)
    assert J.shape == (K, K)
    assert is_zero(J - (sp.diag(*s) - s * s.T))


def test_mse_gradient():
    y_hat, y, L, grad = loss_gradient("mse", 3)
    assert is_zero(L - sum((b - a) ** 2 for a, b in zip(y_hat, y)) / 3)
    for a, b, g in zip(y_hat, y, grad):
        assert is_zero(g - sp.Rational(2, 3) * (a - b))


def test_mae_gradient_is_sign():
    y_hat, y, _, grad = loss_gradient("mae", 2)
    for a, b, g in zip(y_hat, y, grad):
        assert is_zero(g - sp.sign(a - b) / 2)
        assert g.subs({a: 1, b: 1}) == 0  # sign(0) = 0: the kink convention


def test_binary_cross_entropy_gradient():
    p, y, _, grad = loss_gradient("binary_cross_entropy", 2)
    for a, b, g in zip(p, y, grad):
        assert is_zero(g - (a - b) / (a * (1 - a)) / 2)


def test_binary_cross_entropy_with_logits_gradient_and_stable_form():
    z, y, L, grad = loss_gradient("binary_cross_entropy_with_logits", 2)
    for a, b, g in zip(z, y, grad):
        assert is_zero(g - (sigmoid(a) - b) / 2)
    # The numpy code uses max(z, 0) - z y + log(1 + e^{-|z|}); for z = t > 0 that
    # is t - t y + log(1 + e^{-t}), and it must equal the definition.
    (z1,), (y1,), L1, _ = loss_gradient("binary_cross_entropy_with_logits", 1)
    t = sp.Symbol("t", positive=True)
    assert is_zero(sp.expand_log(L1.subs(z1, t) - (t - t * y1 + sp.log(1 + sp.exp(-t))), force=True))


def test_categorical_cross_entropy_gradient():
    P, Y, L, G = categorical_gradient("categorical_cross_entropy", 3, 2)
    assert G.shape == (3, 2)
    assert is_zero(G - sp.ImmutableMatrix(3, 2, lambda k, i: -Y[k, i] / (2 * P[k, i])))


@pytest.mark.parametrize("K, N", [(2, 1), (3, 1), (3, 2)])
def test_softmax_cross_entropy_gradient_is_softmax_minus_label(K, N):
    Z, Y, L, G = categorical_gradient("softmax_cross_entropy", K, N)
    for i in range(N):
        total = sum(sp.exp(Z[j, i]) for j in range(K))
        for k in range(K):
            # Only z of this column and y_k_i remain: the one-hot constraint was used ...
            assert G[k, i].free_symbols == set(Z[:, i]) | {Y[k, i]}
            # ... and what is left is exactly (softmax_k - y_k) / N.
            assert is_zero(G[k, i] - (sp.exp(Z[k, i]) / total - Y[k, i]) / N)


def test_unknown_names_raise():
    with pytest.raises(ValueError, match="name must be one of"):
        activation_derivative("softmax")
    with pytest.raises(ValueError, match="name must be one of"):
        loss_gradient("hinge", 2)
    with pytest.raises(ValueError, match="name must be one of"):
        categorical_gradient("mse", 2)


def test_lambdify_gradient_shapes():
    z, _, df = activation_derivative("identity")
    np.testing.assert_array_equal(lambdify_gradient(z, df)(np.zeros((2, 3))), np.ones((2, 3)))
    y_hat, y, _, grad = loss_gradient("mse", 2)
    np.testing.assert_allclose(lambdify_gradient([*y_hat, *y], grad)(1.0, 2.0, 0.0, 0.0), [1.0, 2.0])
    Z, s, J = softmax_jacobian(2)
    np.testing.assert_allclose(lambdify_gradient(Z, J)(0.0, 0.0), [[0.25, -0.25], [-0.25, 0.25]])
