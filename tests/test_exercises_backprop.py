"""The numbers the backpropagation chapter's exercise solutions state."""

import numpy as np
import pytest

from descent import activations, losses
from descent.network import Network


def test_exercise_4_1_parameter_and_forward_pass_counts():
    net = Network([784, 30, 10], "sigmoid", "categorical_cross_entropy")
    assert [p.size for p in net.params] == [23520, 30, 300, 10]
    assert 23520 + 30 == 23550 and 300 + 10 == 310
    assert net.num_params == 23860
    assert net.num_params + 1 == 23861 and 2 * net.num_params == 47720


def test_exercise_4_2_saturated_sigmoid_output():
    z, y = np.array([[-5.0]]), np.array([[1.0]])
    a = activations.sigmoid.value(z)[0, 0]
    assert a == pytest.approx(0.006693, abs=5e-7)
    # Squared error 1/2 (a - y)^2 with a sigmoid output: delta = (a - y) a (1 - a).
    squared = Network([1, 1], ["sigmoid"], "mse")
    squared.params = [np.array([[1.0]]), np.array([[0.0]])]
    delta_se = squared.backpropagate(squared.forward(z), y).delta[1][0, 0] / 2  # mse has no 1/2
    assert delta_se == pytest.approx((a - 1) * a * (1 - a), rel=1e-12)
    assert delta_se == pytest.approx(-0.006604, abs=5e-7)
    entropy = Network([1, 1], ["sigmoid"], "binary_cross_entropy")
    entropy.params = squared.params
    delta_ce = entropy.backpropagate(entropy.forward(z), y).delta[1][0, 0]
    assert delta_ce == pytest.approx(-0.993307, abs=5e-7)
    assert delta_ce / delta_se == pytest.approx(1 / (a * (1 - a)), rel=1e-12)
    assert delta_ce / delta_se == pytest.approx(150.4, abs=0.05)


def test_exercise_4_3_sigmoid_bound_through_ten_layers():
    z = np.linspace(-10, 10, 20001)
    assert activations.sigmoid.grad(z).max() == 0.25
    assert 4**10 == 1_048_576
    assert 4.0**-10 == pytest.approx(9.5e-7, abs=5e-9)
    assert set(np.unique(activations.relu.grad(z))) == {0.0, 1.0}


def test_exercise_4_4_difference_quotients():
    C, w, eps = (lambda v: v * v), 3.0, 1e-3
    assert (C(w - eps) - C(w)) / eps == pytest.approx(-5.999, abs=1e-9)
    assert (C(w + eps) - C(w)) / eps == pytest.approx(6.001, abs=1e-9)
    assert (C(w + eps) - C(w - eps)) / (2 * eps) == pytest.approx(6.0, abs=1e-9)


def test_exercise_4_5_worked_example_with_the_second_class():
    toy = Network([2, 2, 2], ["sigmoid", "softmax"], "categorical_cross_entropy")
    toy.params = [np.array([[0.5, -0.3], [0.2, 0.8]]), np.array([[0.1], [-0.2]]),
                  np.array([[1.0, -0.5], [-0.7, 0.6]]), np.array([[0.0], [0.2]])]
    x = np.array([[1.0], [-1.0]])
    cache = toy.forward(x)
    np.testing.assert_allclose(cache.a[2][:, 0], [0.660962, 0.339038], atol=5e-7)
    delta = toy.backpropagate(cache, np.array([1])).delta[2][:, 0]
    np.testing.assert_allclose(delta, [0.660962, -0.660962], atol=5e-7)
    db2 = toy.loss_and_gradients(x, np.array([1]))[1][3][:, 0]
    np.testing.assert_array_equal(db2, delta)  # BP3 with m = 1
    stepped = toy.params[3][:, 0] - 0.5 * db2
    assert stepped[0] < toy.params[3][0, 0] and stepped[1] > toy.params[3][1, 0]
    assert losses.one_hot(np.array([1]), 2)[:, 0].tolist() == [0.0, 1.0]


def test_worked_example_numbers_of_the_chapter():
    toy = Network([2, 2, 2], ["sigmoid", "softmax"], "categorical_cross_entropy")
    toy.params = [np.array([[0.5, -0.3], [0.2, 0.8]]), np.array([[0.1], [-0.2]]),
                  np.array([[1.0, -0.5], [-0.7, 0.6]]), np.array([[0.0], [0.2]])]
    x, y = np.array([[1.0], [-1.0]]), np.array([0])
    loss, grads = toy.loss_and_gradients(x, y)
    assert loss == pytest.approx(-np.log(toy.predict(x)[0, 0]), rel=1e-14)
    stepped = toy.copy()
    stepped.params = [p - 0.5 * g for p, g in zip(toy.params, grads)]
    assert stepped.loss(x, y) < loss
