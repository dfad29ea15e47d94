"""descent.network: shapes, the four equations, the output layers, bad input, determinism."""

import numpy as np
import pytest

from descent import activations, losses
from descent.network import Backprop, Cache, Network


@pytest.fixture
def rng():
    return np.random.default_rng(31)


def randomize(net, rng, scale=1.0):
    """Random weights AND biases, so no bias-free shortcut hides a bug."""
    net.params = [scale * rng.normal(size=s) for s in net.shapes()]
    return net


def test_parameter_shapes_and_count():
    net = Network([4, 3, 5, 2], ["tanh", "relu", "identity"], "mse")
    assert [p.shape for p in net.params] == [(3, 4), (3, 1), (5, 3), (5, 1), (2, 5), (2, 1)]
    assert net.num_params == 3 * 5 + 5 * 4 + 2 * 6
    assert net.L == 3


def test_params_getter_returns_copies_and_setter_replaces(rng):
    net = Network([2, 3, 1], ["sigmoid", "identity"], "mse")
    first = net.params
    first[0][:] = 99.0
    assert not np.any(net.params[0] == 99.0)
    new = [rng.normal(size=s) for s in net.shapes()]
    net.params = new
    for got, want in zip(net.params, new):
        np.testing.assert_array_equal(got, want)
    new[0][:] = 0.0  # the network holds its own copy
    assert np.any(net.params[0] != 0.0)


def test_initialisation_scale_is_he_for_relu_and_fan_in_otherwise():
    relu = Network([400, 300, 1], ["relu", "identity"], "mse", seed=3)
    tanh = Network([400, 300, 1], ["tanh", "identity"], "mse", seed=3)
    assert relu.params[0].std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert tanh.params[0].std() == pytest.approx(np.sqrt(1 / 400), rel=0.02)
    assert np.all(relu.params[1] == 0.0)


def test_same_seed_same_weights_other_seed_other_weights():
    make = lambda seed: Network([3, 4, 2], ["tanh", "softmax"], "categorical_cross_entropy", seed=seed)  # noqa: E731
    for p, q in zip(make(5).params, make(5).params):
        np.testing.assert_array_equal(p, q)
    assert not np.array_equal(make(5).params[0], make(6).params[0])


def test_forward_caches_every_z_and_a(rng):
    net = randomize(Network([3, 4, 2], ["sigmoid", "softmax"], "categorical_cross_entropy"), rng)
    X = rng.normal(size=(3, 6))
    cache = net.forward(X)
    assert isinstance(cache, Cache) and cache.m == 6 and cache.z[0] is None
    W1, b1, W2, b2 = net.params
    np.testing.assert_array_equal(cache.a[0], X)
    np.testing.assert_allclose(cache.z[1], W1 @ X + b1, rtol=1e-14)
    np.testing.assert_allclose(cache.a[1], 1 / (1 + np.exp(-cache.z[1])), rtol=1e-14)
    np.testing.assert_allclose(cache.z[2], W2 @ cache.a[1] + b2, rtol=1e-14)
    np.testing.assert_allclose(cache.a[2].sum(axis=0), 1.0, rtol=1e-14)
    np.testing.assert_array_equal(net.predict(X), cache.a[2])


def test_one_string_names_the_hidden_layers_and_the_loss_picks_the_output():
    net = Network([2, 3, 3, 4], "relu", "categorical_cross_entropy")
    assert [f.name for f in net.f[1:]] == ["relu", "relu", "softmax"]
    assert [f.name for f in Network([2, 3, 1], "tanh", "mse").f[1:]] == ["tanh", "identity"]
    assert Network([2, 3, 1], "tanh", "binary_cross_entropy").f[-1].name == "sigmoid"
    assert Network([2, 1], [activations.tanh], losses.mse).f[1] is activations.tanh


def test_softmax_cross_entropy_output_error_is_a_minus_y(rng):
    net = randomize(Network([3, 5, 4], ["tanh", "softmax"], "categorical_cross_entropy"), rng)
    X, labels = rng.normal(size=(3, 7)), rng.integers(0, 4, size=7)
    cache = net.forward(X)
    delta = net.backpropagate(cache, labels).delta
    np.testing.assert_allclose(delta[2], cache.a[2] - losses.one_hot(labels, 4), rtol=1e-14, atol=0)
    # The generic route, J_softmax^T (dL/da), gives the same numbers.
    dA = 7 * losses.categorical_cross_entropy.grad(cache.a[2], labels)
    np.testing.assert_allclose(activations.softmax.vjp(cache.z[2], dA), delta[2], atol=1e-12)


def test_regression_output_error_is_the_squared_error_gradient(rng):
    # Identity output with mse = mean over samples of sum_k (a_k - y_k)^2: delta^L = 2 (a - y).
    net = randomize(Network([2, 3, 2], ["sigmoid", "identity"], "mse"), rng)
    X, Y = rng.normal(size=(2, 5)), rng.normal(size=(2, 5))
    cache = net.forward(X)
    np.testing.assert_allclose(net.backpropagate(cache, Y).delta[2], 2 * (cache.a[2] - Y), rtol=1e-13)


def test_backward_is_the_four_equations_written_out(rng):
    net = randomize(Network([3, 4, 3, 2], ["sigmoid", "tanh", "identity"], "mse"), rng)
    X, Y = rng.normal(size=(3, 5)), rng.normal(size=(2, 5))
    cache = net.forward(X)
    W1, b1, W2, b2, W3, b3 = net.params
    z, a, m = cache.z, cache.a, 5
    d3 = 2 * (a[3] - Y)                                         # BP1, identity output
    d2 = (W3.T @ d3) * (1 - np.tanh(z[2]) ** 2)                 # BP2
    d1 = (W2.T @ d2) * a[1] * (1 - a[1])                        # BP2, sigmoid' = a(1 - a)
    want = [d1 @ a[0].T / m, d1.mean(axis=1, keepdims=True),   # BP4, BP3
            d2 @ a[1].T / m, d2.mean(axis=1, keepdims=True),
            d3 @ a[2].T / m, d3.mean(axis=1, keepdims=True)]
    result = net.backpropagate(cache, Y)
    assert isinstance(result, Backprop)
    for got, expected in zip(net.backward(cache, Y), want):
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)
    for got, expected in zip(result.delta[1:], (d1, d2, d3)):
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)


def test_batch_gradient_is_the_mean_of_per_sample_gradients(rng):
    net = randomize(Network([2, 4, 3], ["relu", "softmax"], "categorical_cross_entropy"), rng)
    X, labels = rng.normal(size=(2, 6)), rng.integers(0, 3, size=6)
    loss, batch = net.loss_and_gradients(X, labels)
    singles = [net.loss_and_gradients(X[:, [i]], labels[[i]]) for i in range(6)]
    assert loss == pytest.approx(np.mean([s[0] for s in singles]), rel=1e-13)
    for k, g in enumerate(batch):
        np.testing.assert_allclose(g, np.mean([s[1][k] for s in singles], axis=0), rtol=1e-12, atol=1e-15)


def test_loss_matches_the_loss_module_and_one_hot_equals_indices(rng):
    net = randomize(Network([2, 3, 3], "tanh", "categorical_cross_entropy"), rng)
    X, labels = rng.normal(size=(2, 4)), np.array([0, 2, 1, 2])
    Y = losses.one_hot(labels, 3)
    assert net.loss(X, labels) == losses.categorical_cross_entropy.value(net.predict(X), labels)
    assert net.loss(X, Y) == net.loss(X, labels)
    for g, h in zip(net.loss_and_gradients(X, Y)[1], net.loss_and_gradients(X, labels)[1]):
        np.testing.assert_array_equal(g, h)


def test_gradient_descent_on_the_network_lowers_the_loss(rng):
    net = Network([2, 8, 1], ["tanh", "identity"], "mse", seed=1)
    X = rng.uniform(-1, 1, size=(2, 40))
    Y = np.sin(X[:1] * 2) * X[1:]
    before = net.loss(X, Y)
    for _ in range(200):
        _, grads = net.loss_and_gradients(X, Y)
        net.params = [p - 0.2 * g for p, g in zip(net.params, grads)]
    assert net.loss(X, Y) < 0.5 * before


@pytest.mark.parametrize("kwargs, name", [
    (dict(sizes=[3]), "sizes"),
    (dict(sizes=[3, 0, 1]), "sizes"),
    (dict(sizes=[3, 2.5, 1]), "sizes"),
    (dict(sizes="abc"), "sizes"),
    (dict(activations=["tanh"]), "activations"),
    (dict(activations=["tanh", "swish"]), r"activations\[1\]"),
    (dict(activations=["softmax", "identity"]), r"activations\[0\]"),
    (dict(activations=5), "activations"),
    (dict(loss="hinge"), "loss"),
])
def test_bad_constructor_arguments_name_the_argument(kwargs, name):
    args = dict(sizes=[3, 4, 1], activations=["tanh", "identity"], loss="mse") | kwargs
    with pytest.raises(ValueError, match=rf"^{name}"):
        Network(**args)


def test_bad_params_name_params():
    net = Network([3, 4, 1], ["tanh", "identity"], "mse")
    good = net.params
    for bad in (good[:-1], [np.ones((4, 4)), *good[1:]], [*good[:-1], np.array([[np.nan]])],
                [*good[:-1], "x"]):
        with pytest.raises(ValueError, match=r"^params"):
            net.params = bad
    for p, q in zip(net.params, good):  # a failed assignment changes nothing
        np.testing.assert_array_equal(p, q)


def test_bad_X_and_Y_name_the_argument():
    net = Network([3, 4, 2], ["tanh", "softmax"], "categorical_cross_entropy")
    X = np.zeros((3, 5))
    for bad_X in (np.zeros((4, 5)), np.zeros(3), np.zeros((3, 0)), np.full((3, 5), np.inf), [["a"] * 5] * 3):
        with pytest.raises(ValueError, match=r"^X"):
            net.forward(bad_X)
    for bad_Y in (np.zeros(4, dtype=int), np.array([0, 1, 2, 0, 1]), np.array([0.0, 1, 0, 1, 0]),
                  np.zeros((2, 4)), np.full((2, 5), np.nan)):
        with pytest.raises(ValueError, match=r"^Y"):
            net.loss_and_gradients(X, bad_Y)
    mse = Network([3, 2], ["identity"], "mse")
    with pytest.raises(ValueError, match=r"^Y"):
        mse.loss(X, np.zeros(5, dtype=int))  # class indices only for categorical losses
