"""The answers the training chapter's exercise solutions state, and the formula they rest on."""

import itertools

import numpy as np
import pytest

from descent import data, network, optimizers, training


def spiral_split():
    X, y = data.spirals(n_per_class=100, classes=3, turns=0.75, noise=0.2, seed=0)
    X_tr, y_tr, X_te, y_te = data.train_test_split(X, y, test_fraction=0.25, seed=0)
    mean, std = X_tr.mean(axis=1, keepdims=True), X_tr.std(axis=1, keepdims=True)
    return (X_tr - mean) / std, y_tr, (X_te - mean) / std, y_te


def spiral_network():
    return network.Network([2, 16, 3], ["tanh", "softmax"], "categorical_cross_entropy", seed=0)


def test_exercise_5_1_updates_and_last_batch():
    rng = np.random.default_rng(0)
    for B, updates, last in ((64, 16, 40), (128, 8, 104)):
        sizes = [b.size for b in training.batches(1000, B, rng)]
        assert len(sizes) == training.updates_per_epoch(1000, B) == updates
        assert sizes[-1] == last and set(sizes[:-1]) == {B}
    assert 15 * 64 == 960 and 1000 - 7 * 128 == 104


def expected_miss(vectors, B):
    """E||g_B - g||^2 over every batch of B distinct vectors, exactly."""
    g = vectors.mean(axis=0)
    batches = list(itertools.combinations(range(len(vectors)), B))
    return len(batches), np.mean([np.sum((vectors[list(b)].mean(axis=0) - g) ** 2) for b in batches])


def test_exercise_5_2_enumeration_unbiased_and_four_tenths():
    vectors = np.random.default_rng(3).standard_normal((6, 4))
    g = vectors.mean(axis=0)
    batches = list(itertools.combinations(range(6), 2))
    assert len(batches) == 15
    assert all(sum(i in b for b in batches) == 5 for i in range(6))
    np.testing.assert_allclose(np.mean([vectors[list(b)].mean(axis=0) for b in batches], axis=0), g, rtol=1e-12)
    sigma2 = np.mean(np.sum((vectors - g) ** 2, axis=1))
    assert (6 - 2) / (2 * (6 - 1)) == 0.4
    assert expected_miss(vectors, 2)[1] == pytest.approx(0.4 * sigma2, rel=1e-12)
    assert expected_miss(vectors, 1)[1] == pytest.approx(sigma2, rel=1e-12)
    assert expected_miss(vectors, 6)[1] == pytest.approx(0.0, abs=1e-28)


@pytest.mark.parametrize("B", range(1, 8))
def test_the_chapters_variance_formula_is_exact(B):
    vectors = np.random.default_rng(B).standard_normal((7, 3))
    sigma2 = np.mean(np.sum((vectors - vectors.mean(axis=0)) ** 2, axis=1))
    assert expected_miss(vectors, B)[1] == pytest.approx((7 - B) / (B * 6) * sigma2, rel=1e-12, abs=1e-28)


def test_exercise_5_3_summed_loss_gradient_is_b_times_and_lr_over_b_gives_the_same_step():
    X_tr, y_tr, _, _ = spiral_split()
    net = spiral_network()
    Xb, yb = X_tr[:, :32], y_tr[:32]
    _, mean_grads = net.loss_and_gradients(Xb, yb)
    singles = [net.loss_and_gradients(Xb[:, [i]], yb[[i]])[1] for i in range(32)]
    sum_grads = [np.sum([s[k] for s in singles], axis=0) for k in range(len(mean_grads))]
    for s, g in zip(sum_grads, mean_grads):
        np.testing.assert_allclose(s, 32 * g, rtol=1e-10, atol=1e-14)
    lr = 0.5
    params = net.params
    mean_step, _ = optimizers.SGD(lr).step(params, mean_grads, optimizers.SGD(lr).init(params))
    sum_step, _ = optimizers.SGD(lr / 32).step(params, sum_grads, optimizers.SGD(lr / 32).init(params))
    for a, b in zip(mean_step, sum_step):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-14)


def test_exercise_5_4_lr_one_fails_at_batch_one_and_works_at_four():
    X_tr, y_tr, _, _ = spiral_split()
    untrained = spiral_network().loss_and_gradients(X_tr, y_tr)[0]
    final = {}
    for B in (1, 4):
        h = training.train(spiral_network(), optimizers.SGD(1.0), X_tr, y_tr, batch_size=B, epochs=20, seed=0)
        assert h.status == "completed"
        final[B] = h.epoch_loss[-1]
    assert final[4] < 0.05
    assert final[1] > 1 and final[1] > untrained
    # "Averaging 4 samples roughly halves the typical miss": sqrt of the variance factor.
    m = X_tr.shape[1]
    assert np.sqrt((m - 4) / (4 * (m - 1))) == pytest.approx(0.5, abs=0.01)


def test_exercise_5_5_updates_of_the_final_run():
    X_tr, y_tr, X_te, y_te = spiral_split()
    assert X_tr.shape[1] == 225 and X_te.shape[1] == 75
    assert training.updates_per_epoch(225, 16) == 15
    assert training.updates_per_epoch(225, 225) == 1
    h = training.train(spiral_network(), optimizers.SGD(0.5), X_tr, y_tr, batch_size=16, epochs=100,
                       seed=0, test=(X_te, y_te))
    assert h.updates == 1500
    # The chapter's final run: the test accuracy it reports, robustly above 96%.
    assert h.test_accuracy[-1] >= 0.96
