"""The mini-batch loop: batches, epochs, bookkeeping, validation, divergence, and real training."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from descent import data, training


# --- stand-ins: a linear model and plain SGD, so these tests need no other module ----

class Linear:
    """y_hat = W X + b with the batch-mean squared error, gradients by hand.

    Records the columns of every batch it sees (X's last row holds each
    sample's index when ``indexed``) so tests can check what the loop fed it.
    """

    def __init__(self, d=1, indexed=False):
        self.W, self.b = np.zeros((1, d)), np.zeros((1, 1))
        self.indexed, self.seen = indexed, []

    @property
    def params(self):
        return [self.W.copy(), self.b.copy()]

    @params.setter
    def params(self, values):
        self.W, self.b = (np.array(v, dtype=float) for v in values)

    def _features(self, X):
        return X[:-1] if self.indexed else X

    def loss_and_gradients(self, X, Y):
        if self.indexed:
            self.seen.append(X[-1].astype(int).tolist())
        F = self._features(X)
        err = self.W @ F + self.b - Y
        m = X.shape[1]
        return float(np.mean(err**2)), [2 / m * err @ F.T, 2 / m * err.sum(axis=1, keepdims=True)]

    def predict(self, X):
        return self.W @ self._features(X) + self.b


class PlainSGD:
    """theta <- theta - lr g; its state counts the epochs it was told."""

    def __init__(self, lr):
        self.lr = lr

    def init(self, params):
        return []

    def step(self, params, grads, state, epoch=0):
        return [p - self.lr * g for p, g in zip(params, grads)], state + [epoch]


def line_data(m=40, seed=0):
    X, Y = data.linear(n=m, weights=(2.0,), bias=-1.0, noise=0.3, seed=seed)
    return X, Y


# --- batches -------------------------------------------------------------------------

@settings(max_examples=80)
@given(m=st.integers(1, 200), data_=st.data())
def test_an_epochs_batches_are_a_partition_with_only_the_last_smaller(m, data_):
    B = data_.draw(st.integers(1, m))
    parts = training.batches(m, B, np.random.default_rng(0))
    assert len(parts) == training.updates_per_epoch(m, B) == int(np.ceil(m / B))
    assert [p.size for p in parts[:-1]] == [B] * (len(parts) - 1)
    assert parts[-1].size == m - B * (len(parts) - 1)
    assert sorted(np.concatenate(parts).tolist()) == list(range(m))


def test_full_batch_equals_plain_gradient_descent():
    X, Y = line_data()
    model, lr = Linear(), 0.1
    history = training.train(model, PlainSGD(lr), X, Y, batch_size=X.shape[1], epochs=25)
    W, b = np.zeros((1, 1)), np.zeros((1, 1))
    for _ in range(25):
        err = W @ X + b - Y
        W, b = W - lr * 2 * err @ X.T / 40, b - lr * 2 * err.sum(keepdims=True) / 40
    np.testing.assert_allclose(model.W, W, rtol=1e-12)
    np.testing.assert_allclose(model.b, b, rtol=1e-12)
    assert history.updates == 25 and history.epochs_done == 25
    # One batch per epoch: the epoch's mean loss is that batch's loss.
    np.testing.assert_array_equal(history.epoch_loss, history.step_loss)


@pytest.mark.parametrize("B", [1, 3, 7, 40])
def test_every_sample_is_used_once_per_epoch_in_a_fresh_order(B):
    X, Y = line_data()
    X_indexed = np.vstack([X, np.arange(40)])
    model = Linear(indexed=True)
    history = training.train(model, PlainSGD(0.01), X_indexed, Y, batch_size=B, epochs=3, seed=2)
    per_epoch = training.updates_per_epoch(40, B)
    assert history.updates == 3 * per_epoch
    epochs = [sum(model.seen[e * per_epoch:(e + 1) * per_epoch], []) for e in range(3)]
    assert all(sorted(order) == list(range(40)) for order in epochs)
    assert [len(batch) for batch in model.seen[:per_epoch]] == [B] * (per_epoch - 1) + [40 - B * (per_epoch - 1)]
    if B < 40:
        assert epochs[0] != epochs[1] != epochs[2]


def test_optimizer_is_told_the_epoch_counted_from_zero():
    X, Y = line_data(m=10)
    optimizer = PlainSGD(0.01)
    state_log = []
    original = optimizer.step

    def step(params, grads, state, epoch=0):
        params, state = original(params, grads, state, epoch=epoch)
        state_log.append(state)
        return params, state

    optimizer.step = step
    training.train(Linear(), optimizer, X, Y, batch_size=4, epochs=3)
    assert state_log[-1] == [0, 0, 0, 1, 1, 1, 2, 2, 2]


def test_history_bookkeeping():
    X, Y = line_data(m=10)
    X_te, Y_te = line_data(m=6, seed=1)
    h = training.train(Linear(), PlainSGD(0.05), X, Y, batch_size=4, epochs=2, test=(X_te, Y_te))
    assert (h.batch_size, h.num_samples, h.updates, h.epochs_done, h.status) == (4, 10, 6, 2, "completed")
    np.testing.assert_allclose(h.step_epoch, [0.4, 0.8, 1.0, 1.4, 1.8, 2.0])
    weights = np.array([4, 4, 2])
    np.testing.assert_allclose(h.epoch_loss, [h.step_loss[:3] @ weights / 10, h.step_loss[3:] @ weights / 10])
    assert h.test_loss.shape == (2,) and h.epoch_seconds.shape == (2,) and (h.epoch_seconds > 0).all()
    assert h.test_accuracy.shape == (0,)  # regression targets: no accuracy
    assert h.param_path is None
    with pytest.raises(ValueError):
        h.step_loss[0] = 0.0  # read-only record


def test_test_loss_is_the_loss_of_the_final_model():
    X, Y = line_data(m=12)
    X_te, Y_te = line_data(m=5, seed=9)
    model = Linear()
    h = training.train(model, PlainSGD(0.05), X, Y, batch_size=5, epochs=4, test=(X_te, Y_te))
    assert h.test_loss[-1] == model.loss_and_gradients(X_te, Y_te)[0]


def test_keep_params_records_the_path():
    X, Y = line_data(m=9)
    model = Linear()
    h = training.train(model, PlainSGD(0.05), X, Y, batch_size=2, epochs=2, keep_params=True)
    assert h.param_path.shape == (h.updates + 1, 2) == (11, 2)
    np.testing.assert_array_equal(h.param_path[0], [0.0, 0.0])
    np.testing.assert_array_equal(h.param_path[-1], [model.W[0, 0], model.b[0, 0]])


def test_same_seed_same_run_other_seed_other_run():
    X, Y = line_data()
    runs = []
    for seed in (5, 5, 6):
        model = Linear()
        h = training.train(model, PlainSGD(0.05), X, Y, batch_size=8, epochs=3, seed=seed)
        runs.append((model.params, h.step_loss))
    assert all(np.array_equal(a, b) for a, b in zip(runs[0][0], runs[1][0]))
    assert np.array_equal(runs[0][1], runs[1][1])
    assert not np.array_equal(runs[0][1], runs[2][1])


# --- accuracy ----------------------------------------------------------------------

class Fixed:
    def __init__(self, out):
        self.out = np.asarray(out, dtype=float)

    def predict(self, X):
        return self.out


def test_accuracy_of_argmax_and_of_a_single_probability_row():
    out = [[0.7, 0.1, 0.2, 0.3], [0.2, 0.8, 0.1, 0.3], [0.1, 0.1, 0.7, 0.4]]
    X = np.zeros((2, 4))
    assert training.accuracy(Fixed(out), X, np.array([0, 1, 2, 0])) == 0.75
    one_hot = np.eye(3)[:, [0, 1, 1, 2]]
    assert training.accuracy(Fixed(out), X, one_hot) == 0.75
    assert training.accuracy(Fixed([[0.9, 0.4, 0.6]]), np.zeros((2, 3)), np.array([[1.0, 1.0, 1.0]])) == 2 / 3


@pytest.mark.parametrize("y", [np.array([0.5, 1.0]), np.array([[2.0, 0.0], [0.0, 1.0]]), np.array([0, 1, 2])])
def test_accuracy_rejects_labels_that_are_not_classes_or_do_not_match(y):
    with pytest.raises(ValueError, match="^y "):
        training.accuracy(Fixed([[0.9, 0.1], [0.1, 0.9]]), np.zeros((2, 2)), y)


# --- validation --------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, name", [
    ({"batch_size": 0}, "batch_size"),
    ({"batch_size": 41}, "batch_size"),
    ({"batch_size": 2.0}, "batch_size"),
    ({"batch_size": True}, "batch_size"),
    ({"epochs": 0}, "epochs"),
    ({"epochs": 1.5}, "epochs"),
    ({"seed": -1}, "seed"),
    ({"seed": 0.5}, "seed"),
    ({"test": (np.zeros((1, 3)),)}, "test"),
    ({"test": (np.zeros((1, 3)), np.zeros((1, 2)))}, r"test\[1\]"),
    ({"test": (np.zeros(3), np.zeros(3))}, r"test\[0\]"),
    ({"diverge_above": 0}, "diverge_above"),
    ({"keep_params": 1}, "keep_params"),
])
def test_bad_arguments_raise_value_error_naming_them(kwargs, name):
    X, Y = line_data()
    args = {"batch_size": 4, "epochs": 1, **kwargs}
    with pytest.raises(ValueError, match=rf"^{name} "):
        training.train(Linear(), PlainSGD(0.1), X, Y, **args)


@pytest.mark.parametrize("X, Y, name", [
    (np.zeros(5), np.zeros(5), "X"),
    (np.zeros((1, 0)), np.zeros((1, 0)), "X"),
    (np.zeros((1, 5)), np.zeros((1, 4)), "Y"),
    (np.zeros((1, 5)), np.zeros((5, 1)), "Y"),
    (np.zeros((1, 5)), np.zeros((1, 1, 5)), "Y"),
])
def test_mismatched_data_raise_value_error_naming_them(X, Y, name):
    with pytest.raises(ValueError, match=rf"^{name} "):
        training.train(Linear(), PlainSGD(0.1), X, Y, batch_size=1, epochs=1)


def test_model_and_optimizer_must_have_the_contract_methods():
    X, Y = line_data()
    with pytest.raises(ValueError, match="^model "):
        training.train(object(), PlainSGD(0.1), X, Y, 4, 1)
    with pytest.raises(ValueError, match="^optimizer "):
        training.train(Linear(), object(), X, Y, 4, 1)


# --- divergence --------------------------------------------------------------------

def test_a_diverging_run_stops_and_says_so_without_warnings():
    X, Y = line_data()
    model = Linear()
    h = training.train(model, PlainSGD(50.0), X, Y, batch_size=8, epochs=50)
    assert h.diverged and h.status == "diverged" and "batch loss" in h.message
    assert h.updates < 50 * 5 and h.epochs_done < 50
    assert all(np.isfinite(p).all() for p in model.params)
    assert np.isfinite(h.step_loss).all()


def test_an_update_that_would_overflow_is_not_applied():
    X, Y = line_data()
    model = Linear()
    h = training.train(model, PlainSGD(np.inf), X, Y, batch_size=40, epochs=3, diverge_above=np.inf)
    assert h.diverged and "non-finite" in h.message
    assert h.updates == 0 and (model.W == 0).all()


def test_a_stable_run_completes():
    X, Y = line_data()
    h = training.train(Linear(), PlainSGD(0.1), X, Y, batch_size=8, epochs=30)
    assert h.status == "completed" and not h.diverged
    assert h.epoch_loss[-1] < 0.2 * h.epoch_loss[0]


# --- the real network and optimizers -------------------------------------------------

def spiral_split():
    """The chapter's data: three spiral arms, 75 test points, standardized by the training set."""
    X, y = data.spirals(n_per_class=100, classes=3, turns=0.75, noise=0.2, seed=0)
    X_tr, y_tr, X_te, y_te = data.train_test_split(X, y, test_fraction=0.25, seed=0)
    mean, std = X_tr.mean(axis=1, keepdims=True), X_tr.std(axis=1, keepdims=True)
    return (X_tr - mean) / std, y_tr, (X_te - mean) / std, y_te


def spiral_network(seed=0):
    from descent import network

    return network.Network([2, 16, 3], ["tanh", "softmax"], "categorical_cross_entropy", seed=seed)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sgd_mini_batches_learn_the_spirals(seed):
    from descent import optimizers

    X_tr, y_tr, X_te, y_te = spiral_split()
    net = spiral_network(seed)
    h = training.train(net, optimizers.SGD(0.5), X_tr, y_tr, batch_size=16, epochs=100,
                       seed=seed, test=(X_te, y_te))
    assert h.status == "completed" and h.updates == 100 * 15
    assert h.epoch_loss[-1] < 0.05 * h.epoch_loss[0]
    assert h.test_accuracy[-1] >= 0.96
    assert h.test_accuracy[-1] == training.accuracy(net, X_te, y_te)
    assert training.accuracy(net, X_tr, y_tr) >= 0.98


@pytest.mark.parametrize("make", ["Momentum", "RMSprop", "Adam", "Adagrad"])
def test_every_optimizer_plugs_into_the_loop(make):
    from descent import optimizers

    X_tr, y_tr, X_te, y_te = spiral_split()
    optimizer = {"Momentum": optimizers.Momentum(0.5, 0.9), "RMSprop": optimizers.RMSprop(0.03),
                 "Adam": optimizers.Adam(0.03), "Adagrad": optimizers.Adagrad(0.3)}[make]
    h = training.train(spiral_network(), optimizer, X_tr, y_tr, batch_size=32, epochs=20, test=(X_te, y_te))
    assert h.status == "completed"
    assert h.epoch_loss[-1] < 0.6 * h.epoch_loss[0]


def test_per_epoch_small_batches_get_further_than_the_full_batch():
    from descent import optimizers

    X_tr, y_tr, _, _ = spiral_split()
    final = {}
    for B in (1, 16, X_tr.shape[1]):
        h = training.train(spiral_network(), optimizers.SGD(0.2), X_tr, y_tr, batch_size=B, epochs=10)
        final[B] = h.epoch_loss[-1]
    assert final[1] < final[16] < final[X_tr.shape[1]]


def test_a_diverging_network_run_is_reported():
    from descent import network, optimizers

    X, Y = data.linear(n=50, noise=0.1)
    net = network.Network([1, 1], ["identity"], "mse", seed=0)
    h = training.train(net, optimizers.SGD(5.0), X * 10, Y, batch_size=10, epochs=100)
    assert h.diverged
    assert all(np.isfinite(p).all() for p in net.params)


# --- the chapter's figures -------------------------------------------------------------

def test_loss_curves_keep_one_trace_layout_for_every_batch_size_and_stay_small():
    from descent import optimizers, training_figures

    X_tr, y_tr, X_te, y_te = spiral_split()
    runs = {B: training.train(spiral_network(), optimizers.SGD(0.2), X_tr, y_tr, B, 6, test=(X_te, y_te))
            for B in (1, 32, X_tr.shape[1])}
    figs = [training_figures.loss_curves(run, runs[X_tr.shape[1]]) for run in runs.values()]
    assert {len(f.data) for f in figs} == {4}
    thin = figs[0].data[0]
    assert len(thin.x) <= training_figures.MAX_POINTS and thin.x[-1] == runs[1].step_epoch[-1]
    assert "B = 1: 225 updates per epoch" in figs[0].layout.title.text


def test_decision_regions_colour_the_predicted_class():
    from descent import training_figures

    class Halves:
        def predict(self, X):
            return np.vstack([X[0] < 0, X[0] >= 0]).astype(float)

    X = np.array([[-1.0, 1.0, -0.5, 0.5], [0.0, 0.0, 1.0, 1.0]])
    y = np.array([0, 1, 0, 1])
    fig = training_figures.decision_regions(Halves(), X, y, X, y, "halves", resolution=11)
    z, xs = np.array(fig.data[0].z), np.array(fig.data[0].x)
    assert z.shape == (11, 11)
    assert (z[:, xs < 0] == 0).all() and (z[:, xs >= 0] == 1).all()


def test_parameter_paths_draw_every_run():
    from descent import network, optimizers, training_figures

    X, Y = data.linear(n=20)
    runs = []
    for B in (20, 1):
        net = network.Network([1, 1], ["identity"], "mse")
        runs.append(training.train(net, optimizers.SGD(0.1), X, Y, B, 2, keep_params=True))
    fig = training_figures.parameter_paths(runs, X, Y)
    assert len(fig.data) == 3 and [len(t.x) for t in fig.data[1:]] == [3, 41]


def test_the_chapters_batch_size_sweep_orders_as_the_text_says():
    """15 epochs at lr 0.2: per epoch smaller batches get further; per update larger ones do."""
    from descent import optimizers

    X_tr, y_tr, X_te, y_te = spiral_split()
    m = X_tr.shape[1]
    final, updates_to_half = [], []
    for B in (1, 2, 4, 8, 16, 32, 64, 128, m):
        h = training.train(spiral_network(), optimizers.SGD(0.2), X_tr, y_tr, B, 15, seed=0)
        final.append(h.epoch_loss[-1])
        below = np.flatnonzero(h.epoch_loss < 0.5)
        if below.size:
            updates_to_half.append((below[0] + 1) * training.updates_per_epoch(m, B))
    assert final == sorted(final) and len(set(final)) == len(final)
    assert len(updates_to_half) >= 3
    assert updates_to_half == sorted(updates_to_half, reverse=True)
