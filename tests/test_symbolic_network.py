"""sympy's derivative of a whole network's loss equals BP1-BP4, and the package's backprop."""

import numpy as np
import pytest
import sympy as sp

from descent import symbolic_network as sn
from descent.network import Network


@pytest.mark.parametrize("sizes, activations, loss, m", [
    ((2, 2, 2), ("f", "softmax"), "cross_entropy", 1),    # the chapter's proof, any hidden f
    ((2, 2, 2), ("f", "f"), "mse", 1),                    # regression, any f at every layer
    ((2, 2, 1), ("f", "identity"), "mse", 2),             # a batch: the 1/m of BP3 and BP4
    ((1, 2, 2, 3), ("f", "f", "softmax"), "cross_entropy", 1),  # BP2 applied twice, 3 classes
])
def test_autodiff_equals_the_four_equations_term_by_term(sizes, activations, loss, m):
    net = sn.build(sizes, activations, loss, m)
    assert net.agrees() == [True] * (2 * net.L)


def test_the_proof_is_not_vacuous():
    # Drop f' from BP2, or the transpose from W: the residual no longer vanishes.
    net = sn.build((2, 2, 2), ("f", "softmax"), "cross_entropy", 1)
    delta, _ = net.backprop()
    no_fprime = net.W[2].T * delta[2]
    wrong_transpose = sp.matrix_multiply_elementwise(net.W[2] * delta[2], net.fprime[1])
    dW1 = net.autodiff()[0]
    assert not sn.is_zero((dW1 - no_fprime * net.a[0].T).subs(net.one_hot))
    assert not sn.is_zero((dW1 - wrong_transpose * net.a[0].T).subs(net.one_hot))
    assert sn.is_zero((dW1 - delta[1] * net.a[0].T).subs(net.one_hot))
    # delta^L = a - y needs labels that sum to 1: without that the residual stays.
    db2 = net.autodiff()[3]
    assert not sn.is_zero(db2 - delta[2])
    assert sn.is_zero((db2 - delta[2]).subs(net.one_hot))


def test_softmax_cross_entropy_output_error_is_a_minus_y():
    net = sn.build((2, 2, 2), ("f", "softmax"), "cross_entropy", 1)
    assert net.backprop()[0][2] == net.a[2] - net.y
    for K in (2, 3, 4):
        z, y, grad, a_minus_y = sn.softmax_cross_entropy_error(K)
        assert sn.is_zero(grad - a_minus_y)
        assert y[K - 1] == 1 - sum(y[:K - 1])


def test_generic_activation_derivative_is_named_f_prime():
    net = sn.build((2, 2, 2), ("f", "softmax"), "cross_entropy", 1)
    names = {type(e).__name__ for e in net.autodiff()[0][0, 0].atoms(sp.core.function.AppliedUndef)}
    assert names == {"f_1", "f_1'"}
    assert not net.autodiff()[0][0, 0].has(sp.Subs)


@pytest.mark.parametrize("sizes, activations, loss, package_loss, m", [
    ((2, 2, 2), ("sigmoid", "softmax"), "cross_entropy", "categorical_cross_entropy", 1),
    ((2, 2, 2), ("tanh", "softmax"), "cross_entropy", "categorical_cross_entropy", 2),
    ((2, 2, 1), ("relu", "identity"), "mse", "mse", 3),
    ((3, 2, 2), ("sigmoid", "tanh"), "mse", "mse", 2),
])
def test_sympy_derivatives_equal_the_package_backprop_at_random_points(sizes, activations, loss, package_loss, m):
    gradients = sn.build(sizes, activations, loss, m).lambdify_gradients()
    net = Network(list(sizes), list(activations), package_loss)
    rng = np.random.default_rng(sum(sizes) + m)
    for _ in range(5):
        net.params = [rng.normal(size=s) for s in net.shapes()]
        X = rng.normal(size=(sizes[0], m))
        if loss == "cross_entropy":
            Y = np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], size=m)]
        else:
            Y = rng.normal(size=(sizes[-1], m))
        for want, got in zip(gradients(net.params, X, Y), net.loss_and_gradients(X, Y)[1]):
            np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-13)


def test_symbolic_loss_is_the_package_loss():
    sym = sn.build((2, 2, 2), ("tanh", "softmax"), "cross_entropy", 1)
    net = Network([2, 2, 2], ["tanh", "softmax"], "categorical_cross_entropy")
    rng = np.random.default_rng(0)
    net.params = [rng.normal(size=s) for s in net.shapes()]
    x = rng.normal(size=(2, 1))
    values = {s: v for p, q in zip(sym.params, net.params) for s, v in zip(p, q.ravel())}
    values |= {sym.x[0]: x[0, 0], sym.x[1]: x[1, 0], sym.y[0]: 0.0, sym.y[1]: 1.0}  # class index 1
    assert float(sym.loss.subs(values)) == pytest.approx(net.loss(x, np.array([1])), rel=1e-12)


@pytest.mark.parametrize("args, name", [
    (((2,), ("f",), "mse"), "sizes"),
    (((2, 0, 1), ("f", "f"), "mse"), "sizes"),
    (((2, 2, 2), ("softmax", "softmax"), "cross_entropy"), "activations"),
    (((2, 2, 2), ("f",), "mse"), "activations"),
    (((2, 2, 2), ("f", "swish"), "mse"), "activations"),
    (((2, 2, 2), ("f", "softmax"), "mse"), "loss"),
    (((2, 2, 2), ("f", "identity"), "cross_entropy"), "loss"),
])
def test_bad_arguments_name_the_argument(args, name):
    with pytest.raises(ValueError, match=rf"^{name}"):
        sn.build(*args)


def test_undefined_activation_cannot_be_evaluated():
    with pytest.raises(ValueError, match=r"^activations"):
        sn.build((2, 2, 2), ("f", "softmax"), "cross_entropy", 1).lambdify_gradients()


def test_abbreviated_derivative_reads_as_delta_times_input():
    net = sn.build((2, 2, 2), ("f", "softmax"), "cross_entropy", 1)
    S = lambda name: sp.Symbol(name, real=True)  # noqa: E731
    a1, a2, y1, y2, x1 = S("a^2_1"), S("a^2_2"), S("y_1"), S("y_2"), S("x_1")
    f_prime = type(net.fprime[1][0])  # the undefined function f_1'
    expected = x1 * (net.W[2][0, 0] * (a1 - y1) + net.W[2][1, 0] * (a2 - y2)) * f_prime(S("z^1_1"))
    assert sp.expand(net.abbreviate(net.autodiff()[0][0, 0]) - expected) == 0
    assert net.abbreviate(net.autodiff()[3][1, 0]) == a2 - y2
    assert sp.expand(net.abbreviate(net.autodiff()[3][0, 0], one_hot=False) - (a1 * (y1 + y2) - y1)) == 0
    assert sp.latex(net.fprime[1][0]).startswith("f'_{1}")
