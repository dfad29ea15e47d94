"""The generated data sets: shapes the network expects, seeded, and the properties their docstrings state."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from descent import data


@pytest.mark.parametrize("n, k", [(1, 2), (7, 3), (100, 3), (20, 5)])
def test_spirals_are_columns_with_integer_labels(n, k):
    X, y = data.spirals(n_per_class=n, classes=k)
    assert X.shape == (2, n * k) and y.shape == (n * k,)
    assert np.issubdtype(y.dtype, np.integer)
    assert np.array_equal(np.bincount(y), np.full(k, n))


def test_spiral_radii_are_the_stated_grid_and_noise_moves_only_the_angle():
    X, y = data.spirals(n_per_class=10, classes=3, noise=0.5, seed=4)
    np.testing.assert_allclose(np.hypot(*X), np.tile(np.linspace(0.1, 1.0, 10), 3), rtol=1e-12)


def test_noiseless_spiral_angles_follow_the_formula():
    X, y = data.spirals(n_per_class=5, classes=3, turns=0.25, noise=0.0)
    r = np.hypot(*X)
    angle = np.arctan2(X[1], X[0])
    expected = 2 * np.pi * (y / 3 + 0.25 * r)
    np.testing.assert_allclose(np.cos(angle - expected), 1.0, atol=1e-12)


def test_moons_shape_and_noiseless_points_lie_on_their_circles():
    X, y = data.moons(n_per_class=50, noise=0.0)
    assert X.shape == (2, 100) and list(np.bincount(y)) == [50, 50]
    np.testing.assert_allclose(np.hypot(*X[:, y == 0]), 1.0)
    np.testing.assert_allclose(np.hypot(X[0, y == 1] - 1.0, X[1, y == 1] - 0.5), 1.0)


def test_linear_data_recovers_its_weights_by_least_squares():
    X, Y = data.linear(n=4000, weights=(2.0, -3.0), bias=0.5, noise=0.1, seed=1)
    assert X.shape == (2, 4000) and Y.shape == (1, 4000)
    A = np.vstack([X, np.ones(4000)]).T
    coef, *_ = np.linalg.lstsq(A, Y[0], rcond=None)
    np.testing.assert_allclose(coef, [2.0, -3.0, 0.5], atol=0.01)


def test_linear_without_noise_is_exact():
    X, Y = data.linear(n=5, weights=(1.5,), bias=-1.0, noise=0.0)
    np.testing.assert_allclose(Y, 1.5 * X - 1.0, rtol=1e-15)


@pytest.mark.parametrize("make", [data.spirals, data.moons, data.linear])
def test_same_seed_same_data_other_seed_other_data(make):
    a, b, c = make(seed=3), make(seed=3), make(seed=4)
    assert all(np.array_equal(u, v) for u, v in zip(a, b))
    assert not np.array_equal(a[0], c[0])


@pytest.mark.parametrize("call, name", [
    (lambda: data.spirals(n_per_class=0), "n_per_class"),
    (lambda: data.spirals(n_per_class=2.5), "n_per_class"),
    (lambda: data.spirals(classes=1), "classes"),
    (lambda: data.spirals(classes=True), "classes"),
    (lambda: data.spirals(noise=-0.1), "noise"),
    (lambda: data.spirals(turns=float("nan")), "turns"),
    (lambda: data.spirals(seed=-1), "seed"),
    (lambda: data.spirals(seed="a"), "seed"),
    (lambda: data.moons(n_per_class=0), "n_per_class"),
    (lambda: data.moons(noise="big"), "noise"),
    (lambda: data.linear(n=0), "n"),
    (lambda: data.linear(weights=()), "weights"),
    (lambda: data.linear(weights=[[1.0]]), "weights"),
    (lambda: data.linear(bias=float("inf")), "bias"),
    (lambda: data.linear(bias="1"), "bias"),
])
def test_bad_arguments_raise_value_error_naming_them(call, name):
    with pytest.raises(ValueError, match=rf"^{name} "):
        call()


def test_split_partitions_the_columns_and_keeps_pairs_together():
    X, y = data.spirals(n_per_class=10, classes=3)
    X_tr, y_tr, X_te, y_te = data.train_test_split(X, y, test_fraction=0.2, seed=5)
    assert X_tr.shape == (2, 24) and X_te.shape == (2, 6) and y_tr.shape == (24,) and y_te.shape == (6,)
    both_X, both_y = np.hstack([X_tr, X_te]), np.concatenate([y_tr, y_te])
    order = np.lexsort(both_X)
    original = np.lexsort(X)
    assert np.array_equal(both_X[:, order], X[:, original])
    assert np.array_equal(both_y[order], y[original])


def test_split_takes_targets_of_shape_k_by_m():
    X, Y = data.linear(n=10)
    X_tr, Y_tr, X_te, Y_te = data.train_test_split(X, Y, test_fraction=0.3)
    assert Y_tr.shape == (1, 7) and Y_te.shape == (1, 3)
    for X_part, Y_part in ((X_tr, Y_tr), (X_te, Y_te)):
        for x, t in zip(X_part[0], Y_part[0]):
            assert t == Y[0, np.flatnonzero(X[0] == x)[0]]


def test_split_is_seeded():
    X, y = data.moons()
    a, b, c = (data.train_test_split(X, y, seed=s) for s in (1, 1, 2))
    assert all(np.array_equal(u, v) for u, v in zip(a, b))
    assert not np.array_equal(a[0], c[0])


@settings(max_examples=60)
@given(m=st.integers(2, 60), fraction=st.floats(0.01, 0.99))
def test_split_sizes_keep_one_sample_on_each_side(m, fraction):
    X = np.arange(2 * m, dtype=float).reshape(2, m)
    X_tr, _, X_te, _ = data.train_test_split(X, np.arange(m), test_fraction=fraction)
    assert X_tr.shape[1] + X_te.shape[1] == m
    assert X_te.shape[1] == min(max(round(fraction * m), 1), m - 1)


@pytest.mark.parametrize("args, name", [
    ((np.zeros(5), np.zeros(5)), "X"),
    ((np.zeros((2, 1)), np.zeros(1)), "X"),
    ((np.zeros((2, 5)), np.zeros(4)), "y"),
    ((np.zeros((2, 5)), np.zeros((5, 2))), "y"),
])
def test_split_rejects_mismatched_arrays(args, name):
    with pytest.raises(ValueError, match=rf"^{name} "):
        data.train_test_split(*args)


@pytest.mark.parametrize("fraction", [0, 1, -0.5, 1.5, True, "half"])
def test_split_rejects_bad_fractions(fraction):
    with pytest.raises(ValueError, match="^test_fraction "):
        data.train_test_split(np.zeros((2, 5)), np.zeros(5), test_fraction=fraction)
