"""Backpropagation agrees with central finite differences on random networks."""

import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st

from descent import gradcheck
from descent.network import Network

HIDDEN = ["sigmoid", "tanh", "relu", "identity"]
# (loss, output activation, how to draw labels)
HEADS = [
    ("mse", "identity", "real"), ("mse", "tanh", "real"), ("mse", "softmax", "unit"),
    ("mae", "identity", "real"),
    ("binary_cross_entropy", "sigmoid", "binary"),
    ("binary_cross_entropy_with_logits", "identity", "binary"),
    ("categorical_cross_entropy", "softmax", "indices"),
    ("softmax_cross_entropy", "identity", "indices"),
]
KINK = 1e-4  # no ReLU input and no MAE residual this close to its kink


def labels(kind, n_L, m, rng):
    return {"real": lambda: rng.normal(size=(n_L, m)),
            "unit": lambda: rng.uniform(size=(n_L, m)),
            "binary": lambda: rng.integers(0, 2, size=(n_L, m)).astype(float),
            "indices": lambda: rng.integers(0, n_L, size=m)}[kind]()


@settings(max_examples=30)
@given(hidden_sizes=st.lists(st.integers(1, 4), min_size=0, max_size=3),
       n_0=st.integers(1, 4), n_L=st.integers(2, 3), m=st.integers(1, 5),
       hidden=st.lists(st.sampled_from(HIDDEN), min_size=3, max_size=3),
       head=st.sampled_from(HEADS), seed=st.integers(0, 2**32 - 1))
def test_backprop_matches_finite_differences(hidden_sizes, n_0, n_L, m, hidden, head, seed):
    loss, output, kind = head
    sizes = [n_0, *hidden_sizes, n_L]
    acts = hidden[: len(hidden_sizes)] + [output]
    rng = np.random.default_rng(seed)
    net = Network(sizes, acts, loss, seed=seed)
    # Weights at the init's scale, random biases too: units neither dead nor saturated.
    net.params = [rng.normal(0.0, np.sqrt(1.0 / s[1]) if k % 2 == 0 else 0.5, size=s)
                  for k, s in enumerate(net.shapes())]
    X, Y = rng.normal(size=(n_0, m)), labels(kind, n_L, m, rng)
    cache = net.forward(X)
    for l, f in enumerate(net.f[1:], start=1):
        assume(f.name != "relu" or np.abs(cache.z[l]).min() > KINK)
    assume(loss != "mae" or np.abs(cache.a[-1] - Y).min() > KINK)
    # A relative error means nothing once the gradient sinks to the differences'
    # rounding floor (about 1e-16 |L| / eps = 1e-10 |L|), e.g. a saturated softmax.
    assume(np.linalg.norm(np.concatenate([g.ravel() for g in net.backward(cache, Y)])) > 1e-4)
    assert gradcheck.check_network(net, X, Y) < 1e-6


def test_check_network_catches_a_wrong_gradient(monkeypatch):
    net = Network([2, 3, 2], ["tanh", "softmax"], "categorical_cross_entropy", seed=4)
    X, y = np.random.default_rng(4).normal(size=(2, 3)), np.array([0, 1, 1])
    assert gradcheck.check_network(net, X, y) < 1e-8
    true_backpropagate = Network._backpropagate

    def one_percent_off(self, cache, Y):
        result = true_backpropagate(self, cache, Y)
        return type(result)(result.delta, [1.01 * g for g in result.grads])

    monkeypatch.setattr(Network, "_backpropagate", one_percent_off)
    assert gradcheck.check_network(net, X, y) > 1e-3


def test_numerical_gradients_leave_the_network_untouched_and_match_per_parameter():
    net = Network([3, 2, 2], ["sigmoid", "identity"], "mse", seed=2)
    rng = np.random.default_rng(2)
    X, Y = rng.normal(size=(3, 4)), rng.normal(size=(2, 4))
    before = net.params
    numeric = gradcheck.network_numerical_gradients(net, X, Y)
    assert [g.shape for g in numeric] == [p.shape for p in before]
    for p, q in zip(net.params, before):
        np.testing.assert_array_equal(p, q)
    errors = gradcheck.check_network_per_param(net, X, Y)
    assert len(errors) == 4 and max(errors) < 1e-7


def test_relu_kink_convention_one_sided_differences():
    # At z = 0 exactly backprop uses relu'(0) = 0: the left-sided difference agrees,
    # the right-sided one does not -- which is why the random test keeps away from 0.
    net = Network([1, 1, 1], ["relu", "identity"], "mse")
    net.params = [np.array([[1.0]]), np.array([[0.0]]), np.array([[1.0]]), np.array([[0.0]])]
    X, Y = np.array([[0.0]]), np.array([[1.0]])
    _, grads = net.loss_and_gradients(X, Y)
    assert grads[1][0, 0] == 0.0
    eps = 1e-6
    left = (net.loss(X, Y) - _with_b1(net, -eps).loss(X, Y)) / eps
    right = (_with_b1(net, eps).loss(X, Y) - net.loss(X, Y)) / eps
    assert left == pytest.approx(0.0, abs=1e-12)
    assert right == pytest.approx(-2.0, rel=1e-5)


def _with_b1(net, d):
    """A copy of net with b^1 moved by d."""
    twin = net.copy()
    twin.param_arrays()[1][0, 0] += d
    return twin


def test_finite_differences_cost_two_loss_evaluations_per_parameter(monkeypatch):
    net = Network([3, 4, 2], ["tanh", "softmax"], "categorical_cross_entropy", seed=1)
    X, y = np.random.default_rng(1).normal(size=(3, 5)), np.array([0, 1, 1, 0, 1])
    calls = []
    true_loss = Network.loss
    monkeypatch.setattr(Network, "loss", lambda self, X, Y: calls.append(1) or true_loss(self, X, Y))
    gradcheck.network_numerical_gradients(net, X, y)
    assert len(calls) == 2 * net.num_params == 2 * 26


def test_median_seconds_counts_calls_and_takes_the_median(monkeypatch):
    from descent import cost

    calls = []
    assert cost.median_seconds(lambda: calls.append(1), repeats=3, min_time=0.0) >= 0.0
    assert len(calls) == 3  # a call slower than min_time is a sample of its own
    ticks = iter([0.0, 1.0, 10.0, 13.0, 20.0, 21.0, 30.0, 32.0])  # durations 1 | 3, 1, 2
    monkeypatch.setattr(cost.time, "perf_counter", lambda: next(ticks))
    assert cost.median_seconds(lambda: None, repeats=4, min_time=0.5) == 1.5  # median of 1, 3, 1, 2
    with pytest.raises(ValueError, match=r"^repeats"):
        cost.median_seconds(lambda: None, repeats=0)


def test_measure_reports_every_time_and_the_ratios():
    from descent import cost

    net = Network([4, 5, 3], ["relu", "softmax"], "categorical_cross_entropy", seed=0)
    X, y = np.random.default_rng(0).normal(size=(4, 8)), np.arange(8) % 3
    t = cost.measure(net, X, y, repeats=2, fd_repeats=1)
    assert (t.num_params, t.batch_size) == (43, 8)
    assert min(t.forward, t.loss, t.backward, t.forward_backward, t.finite_difference) > 0
    assert t.predicted_finite_difference == 2 * 43 * t.loss
    assert t.backward_over_forward == t.backward / t.forward
    assert t.finite_difference_over_backprop == t.finite_difference / t.forward_backward
    assert t.finite_difference > t.forward_backward  # 86 loss evaluations against one pass each way


def test_interleaved_medians_time_the_functions_in_turns():
    from descent import cost

    order = []
    result = cost.interleaved_medians({"a": lambda: order.append("a"), "b": lambda: order.append("b")},
                                      repeats=3, min_time=0.0)
    assert order == ["a", "b"] * 3 and set(result) == {"a", "b"}
    net = Network([2, 2], ["identity"], "mse")
    t = cost.measure(net, np.ones((2, 3)), np.ones((2, 3)), repeats=1, finite_differences=False)
    assert np.isnan(t.finite_difference) and t.forward > 0


def test_single_threaded_blas_restores_the_thread_count():
    from threadpoolctl import threadpool_info

    from descent import cost

    def blas_threads():
        return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]

    before = blas_threads()
    assert before  # NumPy's wheels bundle a BLAS on this platform
    with cost.single_threaded_blas():
        assert blas_threads() == [1] * len(before)
    assert blas_threads() == before
