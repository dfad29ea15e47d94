"""Losses: every gradient checked against sympy, finite differences and its formula."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from descent import losses
from descent.gradcheck import numerical_gradient, relative_error
from descent.losses import (EPS, binary_cross_entropy, binary_cross_entropy_with_logits,
                            categorical_cross_entropy, mae, mse, one_hot, softmax_cross_entropy)
from descent.symbolic import categorical_gradient, lambdify_gradient, loss_gradient

ELEMENTWISE = ["mse", "mae", "binary_cross_entropy", "binary_cross_entropy_with_logits"]
CATEGORICAL = ["categorical_cross_entropy", "softmax_cross_entropy"]
ALL = ELEMENTWISE + CATEGORICAL


@pytest.fixture
def rng():
    return np.random.default_rng(31415)


def np_softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=0)


def sample(name, rng, shape):
    """A valid (prediction, y) pair, away from kinks and the probability clip.

    Categorical shapes are (K, N) and y is integer class indices.
    """
    if name in ("mse", "mae"):
        y = rng.normal(size=shape)
        offset = rng.uniform(0.1, 2.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)  # never at |y_hat - y| = 0
        return y + offset, y
    if name == "binary_cross_entropy":
        return rng.uniform(0.05, 0.95, size=shape), rng.uniform(0.0, 1.0, size=shape)
    if name == "binary_cross_entropy_with_logits":
        return rng.normal(scale=3.0, size=shape), rng.uniform(0.0, 1.0, size=shape)
    K, N = shape
    z = rng.normal(scale=2.0, size=shape)
    labels = rng.integers(0, K, size=N)
    return (np_softmax(z) if name == "categorical_cross_entropy" else z), labels


# Hand-written gradients of the batch-mean loss (N = y.shape[-1]).
def written_grad(name, pred, y):
    N = pred.shape[-1]
    if name == "mse":
        return 2 * (pred - y) / N
    if name == "mae":
        return np.sign(pred - y) / N
    if name == "binary_cross_entropy":
        return (pred - y) / (pred * (1 - pred)) / N
    if name == "binary_cross_entropy_with_logits":
        return (1 / (1 + np.exp(-pred)) - y) / N
    Y = one_hot(y, pred.shape[0])
    if name == "categorical_cross_entropy":
        return -(Y / pred) / N
    return (np_softmax(pred) - Y) / N


def written_value(name, pred, y):
    N = pred.shape[-1]
    if name == "mse":
        return np.sum((y - pred) ** 2) / N
    if name == "mae":
        return np.sum(np.abs(y - pred)) / N
    if name == "binary_cross_entropy":
        return -np.sum(y * np.log(pred) + (1 - y) * np.log(1 - pred)) / N
    if name == "binary_cross_entropy_with_logits":
        p = 1 / (1 + np.exp(-pred))
        return -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)) / N
    probs = pred if name == "categorical_cross_entropy" else np_softmax(pred)
    return -np.mean(np.log(probs[y, np.arange(N)]))


def sympy_value_and_grad(name, pred, y):
    """Evaluate the sympy loss and sympy.diff gradient at (pred, y)."""
    if name in ELEMENTWISE:
        pred_sym, y_sym, L, grad = loss_gradient(name, pred.size)
        args = [*pred_sym, *y_sym]
        values = [*pred, *y]
    else:
        K, N = pred.shape
        pred_sym, y_sym, L, grad = categorical_gradient(name, K, N)
        args = [*pred_sym, *y_sym]
        values = [*pred.ravel(), *one_hot(y, K).ravel()]
    value = lambdify_gradient(args, L)(*values)
    return float(value), lambdify_gradient(args, grad)(*values).reshape(pred.shape)


def shape_for(name):
    return (3, 4) if name in CATEGORICAL else (6,)


def categorical_shape(name, shape):
    """Categorical losses need (K, N): stand in (4, N) for a 1-D shape (N,)."""
    return (4, *shape) if name in CATEGORICAL and len(shape) == 1 else shape


@pytest.mark.parametrize("name", ALL)
def test_grad_equals_sympy_derivative(name, rng):
    pred, y = sample(name, rng, shape_for(name))
    loss = losses.get(name)
    value, grad = sympy_value_and_grad(name, pred, y)
    np.testing.assert_allclose(loss.grad(pred, y), grad, rtol=1e-10, atol=0)
    np.testing.assert_allclose(loss.value(pred, y), value, rtol=1e-10)


@pytest.mark.parametrize("shape", [(6,), (3, 5)])
@pytest.mark.parametrize("name", ALL)
def test_grad_matches_finite_differences(name, shape, rng):
    pred, y = sample(name, rng, categorical_shape(name, shape))
    loss = losses.get(name)
    # Nudging one p by eps moves its column sum by eps; categorical_cross_entropy
    # rejects column sums off by more than 1e-6, so it gets the smaller step.
    eps = 1e-7 if name == "categorical_cross_entropy" else 1e-6
    numeric = numerical_gradient(lambda x: loss.value(x, y), pred, eps=eps)
    assert relative_error(numeric, loss.grad(pred, y)) < 1e-6


@pytest.mark.parametrize("shape", [(6,), (3, 5)])
@pytest.mark.parametrize("name", ALL)
def test_grad_and_value_equal_written_formulas(name, shape, rng):
    pred, y = sample(name, rng, categorical_shape(name, shape))
    loss = losses.get(name)
    np.testing.assert_allclose(loss.grad(pred, y), written_grad(name, pred, y), rtol=1e-10, atol=0)
    assert loss.value(pred, y) == pytest.approx(written_value(name, pred, y), rel=1e-10)


def test_mse_1d_is_the_textbook_mean():
    y_hat, y = np.array([1.0, 2.0, 4.0]), np.array([1.5, 2.0, 3.0])
    assert mse.value(y_hat, y) == pytest.approx(np.mean((y - y_hat) ** 2))
    assert mse.value(y_hat, y) == pytest.approx((0.25 + 0 + 1) / 3)


def test_mae_kink_has_zero_gradient():
    y = np.array([0.5, -1.0, 2.0])
    y_hat = np.array([0.5, 0.0, 2.0])  # entries 0 and 2 sit on the kink
    np.testing.assert_array_equal(mae.grad(y_hat, y), [0.0, 1 / 3, 0.0])
    assert mae.value(y_hat, y) == pytest.approx(1 / 3)


@pytest.mark.parametrize("name", CATEGORICAL)
def test_categorical_one_hot_and_indices_agree(name, rng):
    pred, y = sample(name, rng, (4, 5))
    loss = losses.get(name)
    Y = one_hot(y, 4)
    assert loss.value(pred, Y) == loss.value(pred, y)
    np.testing.assert_array_equal(loss.grad(pred, Y), loss.grad(pred, y))


def test_softmax_cross_entropy_grad_is_softmax_minus_label(rng):
    z, y = sample("softmax_cross_entropy", rng, (5, 8))
    N = z.shape[1]
    np.testing.assert_allclose(N * softmax_cross_entropy.grad(z, y), np_softmax(z) - one_hot(y, 5), rtol=1e-12, atol=1e-16)


def test_one_hot():
    np.testing.assert_array_equal(one_hot([2, 0, 2], 3), [[0, 1, 0], [0, 0, 0], [1, 0, 1]])
    assert one_hot(np.array([1]), 2).dtype == np.float64


# --- zero only at a perfect prediction -----------------------------------------

def test_binary_cross_entropy_zero_only_when_prediction_equals_label():
    y = np.array([0.0, 1.0, 1.0, 0.0])
    assert binary_cross_entropy.value(y.copy(), y) == 0.0
    for wrong in ([0.01, 1.0, 1.0, 0.0], [0.0, 0.5, 1.0, 0.0], [1.0, 0.0, 0.0, 1.0]):
        assert binary_cross_entropy.value(np.array(wrong), y) > 1e-3


def test_categorical_cross_entropy_zero_only_when_prediction_equals_label():
    labels = np.array([2, 0, 1])
    assert categorical_cross_entropy.value(one_hot(labels, 3), labels) == 0.0
    for wrong in (one_hot(np.array([2, 0, 0]), 3), np.full((3, 3), 1 / 3)):
        assert categorical_cross_entropy.value(wrong, labels) > 1e-3
    # Logits can only approach the label; at |z| = 1000 they reach it in float64.
    assert softmax_cross_entropy.value(1000.0 * one_hot(labels, 3), labels) == 0.0
    assert softmax_cross_entropy.value(np.zeros((3, 3)), labels) == pytest.approx(np.log(3))


# --- stability ---------------------------------------------------------------

def no_float_trouble():
    """Overflow, division by zero and invalid operations raise; underflow to 0 is allowed."""
    return np.errstate(over="raise", divide="raise", invalid="raise")


def test_bce_on_probabilities_exactly_zero_or_one():
    p = np.array([0.0, 1.0, 0.0, 1.0])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    with warnings.catch_warnings(), no_float_trouble():
        warnings.simplefilter("error")
        value, grad = binary_cross_entropy.value(p, y), binary_cross_entropy.grad(p, y)
    assert np.isfinite(value) and np.all(np.isfinite(grad))
    assert value == pytest.approx(-2 * np.log(EPS) / 4, rel=1e-5)  # two confident mistakes hit the clip


def test_logit_losses_with_huge_logits():
    z = np.array([1000.0, -1000.0, 1000.0, -1000.0])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    Z = np.array([[1000.0, -1000.0], [-1000.0, 1000.0], [0.0, 0.0]])
    labels = np.array([1, 1])
    with warnings.catch_warnings(), no_float_trouble():
        warnings.simplefilter("error")
        bce, bce_grad = binary_cross_entropy_with_logits.value(z, y), binary_cross_entropy_with_logits.grad(z, y)
        sce, sce_grad = softmax_cross_entropy.value(Z, labels), softmax_cross_entropy.grad(Z, labels)
    assert bce == pytest.approx((0 + 0 + 1000 + 1000) / 4)
    np.testing.assert_array_equal(bce_grad, [0.0, 0.0, 0.25, -0.25])
    assert sce == pytest.approx((2000 + 0) / 2)
    np.testing.assert_array_equal(sce_grad, [[0.5, 0.0], [-0.5, 0.0], [0.0, 0.0]])


def test_categorical_cross_entropy_on_zero_probability():
    p = np.array([[1.0, 0.0], [0.0, 1.0]])
    with warnings.catch_warnings(), no_float_trouble():
        warnings.simplefilter("error")
        value, grad = categorical_cross_entropy.value(p, [1, 1]), categorical_cross_entropy.grad(p, [1, 1])
    assert value == pytest.approx(-np.log(EPS) / 2)
    assert np.all(np.isfinite(grad))


# --- batches of any size ---------------------------------------------------------

@settings(max_examples=30)
@given(st.sampled_from(ALL), st.integers(1, 4), st.integers(1, 9), st.integers(0, 2**32 - 1))
def test_batch_loss_is_mean_of_per_sample_losses(name, k, N, seed):
    rng = np.random.default_rng(seed)
    shape = (k + 1, N) if name in CATEGORICAL else (k, N)
    pred, y = sample(name, rng, shape)
    loss = losses.get(name)
    per_sample = [loss.value(pred[..., i:i + 1], y[..., i:i + 1]) for i in range(N)]
    assert loss.value(pred, y) == pytest.approx(np.mean(per_sample), rel=1e-12, abs=1e-300)
    grad = loss.grad(pred, y)
    assert grad.shape == pred.shape
    per_sample_grad = np.concatenate([loss.grad(pred[..., i:i + 1], y[..., i:i + 1]) for i in range(N)], axis=-1)
    np.testing.assert_allclose(grad, per_sample_grad / N, rtol=1e-12)


# --- validation --------------------------------------------------------------

GOOD_P = np.array([[0.2, 0.5], [0.8, 0.5]])
BAD_INPUTS = [
    # (loss, prediction, y, regex the message must match)
    ("mse", np.zeros(3), np.zeros(4), r"^y_hat and y must have the same shape.*\(3,\).*\(4,\)"),
    ("mae", np.zeros((2, 3)), np.zeros(3), r"^y_hat and y.*\(2, 3\).*\(3,\)"),
    ("mse", [1.0, np.nan], [0.0, 0.0], r"^y_hat contains NaN or infinite"),
    ("mae", [1.0, 2.0], [0.0, np.inf], r"^y contains NaN or infinite"),
    ("mse", 1.0, 2.0, r"^y_hat must hold at least one sample"),
    ("mse", np.zeros((2, 0)), np.zeros((2, 0)), r"^y_hat must hold at least one sample"),
    ("mse", ["a", "b"], [0.0, 0.0], r"^y_hat must be a numeric array"),
    ("binary_cross_entropy", [0.5, 1.5], [0.0, 1.0], r"^p must lie in \[0, 1\]"),
    ("binary_cross_entropy", [-0.1, 0.5], [0.0, 1.0], r"^p must lie in \[0, 1\]"),
    ("binary_cross_entropy", [0.5, 0.5], [0.0, 2.0], r"^y must lie in \[0, 1\]"),
    ("binary_cross_entropy", [0.5, np.nan], [0.0, 1.0], r"^p contains NaN"),
    ("binary_cross_entropy", [0.5, 0.5, 0.5], [0.0, 1.0], r"^p and y must have the same shape"),
    ("binary_cross_entropy_with_logits", [np.inf, 0.0], [0.0, 1.0], r"^z contains NaN or infinite"),
    ("binary_cross_entropy_with_logits", [3.0, -3.0], [0.0, -1.0], r"^y must lie in \[0, 1\]"),
    ("binary_cross_entropy_with_logits", [3.0], [0.0, 1.0], r"^z and y must have the same shape"),
    ("categorical_cross_entropy", np.array([0.2, 0.8]), np.array([1]), r"^p must be a non-empty 2-D array"),
    ("categorical_cross_entropy", np.array([[1.2, 0.5], [-0.2, 0.5]]), [0, 1], r"^p must lie in \[0, 1\]"),
    ("categorical_cross_entropy", np.array([[0.2, 0.5], [0.7, 0.5]]), [0, 1], r"^p columns must each sum to 1"),
    ("categorical_cross_entropy", np.array([[0.2, np.nan], [0.8, 0.5]]), [0, 1], r"^p contains NaN"),
    ("categorical_cross_entropy", GOOD_P, np.array([0, 2]), r"^y class indices must lie in \[0, 2\)"),
    ("categorical_cross_entropy", GOOD_P, np.array([-1, 0]), r"^y class indices must lie in \[0, 2\)"),
    ("categorical_cross_entropy", GOOD_P, np.array([0.0, 1.0]), r"^y of shape \(N,\) must hold integer"),
    ("categorical_cross_entropy", GOOD_P, np.array([[1.0, 1.0], [1.0, 0.0]]), r"^y of shape \(K, N\) must be one-hot"),
    ("categorical_cross_entropy", GOOD_P, np.array([[0.5, 0.0], [0.5, 1.0]]), r"^y of shape \(K, N\) must be one-hot"),
    ("categorical_cross_entropy", GOOD_P, np.array([[0.0, 0.0], [0.0, 1.0]]), r"^y of shape \(K, N\) must be one-hot"),
    ("categorical_cross_entropy", GOOD_P, np.array([[np.nan, 0.0], [1.0, 1.0]]), r"^y contains NaN"),
    ("categorical_cross_entropy", GOOD_P, np.array([0, 1, 1]), r"^y must be one-hot of shape \(K, N\).*\(3,\)"),
    ("softmax_cross_entropy", np.array([1.0, 2.0, 3.0]), np.array([0]), r"^z must be a non-empty 2-D array"),
    ("softmax_cross_entropy", np.zeros((3, 0)), np.zeros(0, dtype=int), r"^z must be a non-empty 2-D array"),
    ("softmax_cross_entropy", np.array([[1.0, -np.inf], [0.0, 0.0]]), [0, 1], r"^z contains NaN"),
    ("softmax_cross_entropy", np.zeros((3, 2)), np.array([3, 0]), r"^y class indices must lie in \[0, 3\)"),
    ("softmax_cross_entropy", np.zeros((3, 2)), np.zeros((2, 3)), r"^y must be one-hot of shape \(K, N\) = \(3, 2\)"),
]


@pytest.mark.parametrize("name, pred, y, message", BAD_INPUTS)
@pytest.mark.parametrize("method", ["value", "grad"])
def test_bad_inputs_raise_value_error_naming_the_argument(name, pred, y, message, method):
    with pytest.raises(ValueError, match=message):
        getattr(losses.get(name), method)(pred, y)


@pytest.mark.parametrize("indices, K", [([0, 3], 3), ([-1], 2), ([0.0, 1.0], 2), ([[0, 1]], 2)])
def test_one_hot_rejects_bad_indices(indices, K):
    with pytest.raises(ValueError, match=r"^indices must"):
        one_hot(indices, K)


@pytest.mark.parametrize("name", ALL)
def test_get_by_name_and_instance(name):
    loss = losses.get(name)
    assert loss.name == name
    assert losses.get(loss) is loss


@pytest.mark.parametrize("bad", ["cross_entropy", None, {}])
def test_get_rejects_unknown_names(bad):
    with pytest.raises(ValueError, match=r"^loss must be one of .*'mse'.*'softmax_cross_entropy'"):
        losses.get(bad)
