"""Optimizers: one update by hand for each, convergence, the convention mappings, bad input."""

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from descent import optimizers, schedules
from descent.optimizers import SGD, Adagrad, Adam, Momentum, RMSprop, State

THETA = [np.array([1.0, -2.0]), np.array([[0.5], [3.0]])]
GRAD = [np.array([0.3, -4.0]), np.array([[1e-3], [-20.0]])]
ALL = [SGD(0.1), Momentum(0.1), RMSprop(0.1), Adam(0.1), Adagrad(0.1)]


def one_step(opt, params=THETA, grads=GRAD, epoch=0):
    return opt.step(params, grads, opt.init(params), epoch=epoch)


# --- one update computed by hand ------------------------------------------------------

def test_sgd_step_is_theta_minus_lr_g():
    new, state = one_step(SGD(0.1))
    for theta, g, got in zip(THETA, GRAD, new):
        np.testing.assert_array_equal(got, theta - 0.1 * g)
    assert state == State(t=1)


def test_momentum_first_two_steps_by_hand():
    opt = Momentum(0.1, beta=0.9)
    g1, g2 = np.array([2.0]), np.array([-1.0])
    p1, s1 = opt.step([np.array([1.0])], [g1], opt.init([np.zeros(1)]))
    # v1 = 0.9 * 0 + 0.1 * 2 = 0.2; theta = 1 - 0.1 * 0.2 = 0.98
    assert s1.v[0][0] == pytest.approx(0.2) and p1[0][0] == pytest.approx(0.98)
    p2, s2 = opt.step(p1, [g2], s1)
    # v2 = 0.9 * 0.2 + 0.1 * (-1) = 0.08; theta = 0.98 - 0.1 * 0.08 = 0.972
    assert s2.v[0][0] == pytest.approx(0.08) and p2[0][0] == pytest.approx(0.972)
    assert s2.t == 2


def test_rmsprop_first_step_is_lr_over_sqrt_one_minus_beta():
    # s1 = (1 - beta) g^2, so the step is lr g / (sqrt(1 - beta) |g| + eps).
    new, state = one_step(RMSprop(0.1, beta=0.9, eps=1e-8))
    for theta, g, s, got in zip(THETA, GRAD, state.s, new):
        np.testing.assert_allclose(s, 0.1 * g**2)
        np.testing.assert_allclose(got, theta - 0.1 * g / (np.sqrt(0.1) * np.abs(g) + 1e-8), rtol=1e-14)
    # About 3.16 lr per coordinate, whatever the size of g.
    step = np.abs(new[0] - THETA[0])
    np.testing.assert_allclose(step, 0.1 / math.sqrt(0.1), rtol=1e-6)


def test_adam_first_step_is_lr_g_over_abs_g_plus_eps():
    eps = 1e-8
    new, state = one_step(Adam(0.01, eps=eps))
    # v_hat = g and s_hat = g^2 after one step, so the step is lr g / (|g| + eps).
    for theta, g, got in zip(THETA, GRAD, new):
        np.testing.assert_allclose(got, theta - 0.01 * g / (np.abs(g) + eps), rtol=1e-12)
    np.testing.assert_allclose(state.v[0], 0.1 * GRAD[0])
    np.testing.assert_allclose(state.s[0], 0.001 * GRAD[0] ** 2)
    assert state.t == 1


def test_adam_without_bias_correction_first_step_is_sqrt_ten_times_larger():
    # (1 - beta1) g / sqrt((1 - beta2) g^2) = 0.1 / sqrt(0.001) = sqrt(10) for eps -> 0.
    new, _ = one_step(Adam(0.01, eps=0.0, bias_correction=False))
    np.testing.assert_allclose(np.abs(new[0] - THETA[0]), 0.01 * math.sqrt(10), rtol=1e-12)


def test_adam_second_step_by_hand():
    opt = Adam(0.1, beta1=0.9, beta2=0.999, eps=1e-8)
    p, s = opt.step([np.array([0.0])], [np.array([1.0])], opt.init([np.zeros(1)]))
    p, s = opt.step(p, [np.array([3.0])], s)
    v = 0.9 * 0.1 + 0.1 * 3.0
    sq = 0.999 * 0.001 + 0.001 * 9.0
    v_hat, s_hat = v / (1 - 0.9**2), sq / (1 - 0.999**2)
    expected = -0.1 * 1.0 / (1 + 1e-8) - 0.1 * v_hat / (math.sqrt(s_hat) + 1e-8)
    assert p[0][0] == pytest.approx(expected, rel=1e-12)


def test_adagrad_steps_shrink_like_one_over_sqrt_t_on_a_constant_gradient():
    opt = Adagrad(0.5, eps=0.0)
    params, state = [np.array([0.0])], opt.init([np.zeros(1)])
    for t in range(1, 6):
        before = params[0][0]
        params, state = opt.step(params, [np.array([-7.0])], state)
        assert params[0][0] - before == pytest.approx(0.5 / math.sqrt(t), rel=1e-12)
        assert state.s[0][0] == pytest.approx(49.0 * t)


def test_eps_inside_the_square_root():
    opt = RMSprop(0.1, beta=0.9, eps=1e-4, eps_inside_sqrt=True)
    g = np.array([0.02])
    new, _ = opt.step([np.zeros(1)], [g], opt.init([np.zeros(1)]))
    assert new[0][0] == pytest.approx(-0.1 * 0.02 / math.sqrt(0.1 * 0.02**2 + 1e-4), rel=1e-12)


def test_a_schedule_sets_the_rate_of_each_epoch():
    opt = SGD(schedules.inverse_time(1.0, 1.0))
    new, _ = opt.step([np.array([0.0])], [np.array([1.0])], opt.init([np.zeros(1)]), epoch=3)
    assert new[0][0] == pytest.approx(-0.25)
    assert opt.rate(3) == 0.25 and SGD(0.3).rate(99) == 0.3


# --- convergence ---------------------------------------------------------------------------

def quadratic_grad(A):
    return lambda x: A @ x


@pytest.mark.parametrize("opt, steps, tol", [
    (SGD(0.2), 400, 1e-8),
    (Momentum(0.2, beta=0.9), 400, 1e-8),
    (Momentum(0.02, beta=0.9, convention="sum"), 400, 1e-8),
    (Adam(0.05), 2000, 1e-3),
    (RMSprop(0.01), 2000, 0.05),
    (Adagrad(0.5), 2000, 1e-6),
    (Adam(schedules.inverse_time(0.1, 0.05)), 2000, 1e-3),
], ids=["sgd", "momentum", "momentum-sum", "adam", "rmsprop", "adagrad", "adam-decay"])
def test_converges_on_a_convex_quadratic(opt, steps, tol):
    rng = np.random.default_rng(7)
    Q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    A = Q @ np.diag([0.5, 1.0, 4.0]) @ Q.T
    grad = quadratic_grad(A)
    params = [rng.normal(size=3)]
    state = opt.init(params)
    for k in range(steps):
        params, state = opt.step(params, [grad(params[0])], state, epoch=k)
    assert np.linalg.norm(params[0]) < tol


def test_rmsprop_and_adam_hover_within_about_lr_of_the_minimum():
    # With a constant rate they keep stepping about lr per coordinate: they
    # settle near the minimum, not exactly on it (why decay helps).
    for opt in (RMSprop(0.01), Adam(0.01)):
        params, state = [np.array([3.0, -2.0])], opt.init([np.zeros(2)])
        for _ in range(3000):
            params, state = opt.step(params, [np.array([1.0, 10.0]) * params[0]], state)
        assert np.abs(params[0]).max() < 0.05


# --- conventions ------------------------------------------------------------------------

@settings(max_examples=30)
@given(beta=st.floats(0.0, 0.99), lr=st.floats(1e-3, 0.1), seed=st.integers(0, 10**6))
def test_sum_momentum_with_lr_equals_average_momentum_with_lr_over_one_minus_beta(beta, lr, seed):
    rng = np.random.default_rng(seed)
    A = np.diag([0.3, 2.0])
    ours, theirs = Momentum(lr / (1 - beta), beta), Momentum(lr, beta, convention="sum")
    p, q = [rng.normal(size=2)], None
    q = [p[0].copy()]
    sp, sq = ours.init(p), theirs.init(q)
    for _ in range(50):
        p, sp = ours.step(p, [A @ p[0]], sp)
        q, sq = theirs.step(q, [A @ q[0]], sq)
        np.testing.assert_allclose(p[0], q[0], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(sq.v[0], sp.v[0] / (1 - beta), rtol=1e-9, atol=1e-12)


def test_lr_inside_the_velocity_equals_sum_momentum_for_a_constant_rate():
    # Sutskever / Keras: u = beta u - lr g; theta = theta + u.
    lr, beta, A = 0.05, 0.9, np.diag([0.3, 2.0])
    opt = Momentum(lr, beta, convention="sum")
    p, state = [np.array([2.0, -1.0])], opt.init([np.zeros(2)])
    theta, u = np.array([2.0, -1.0]), np.zeros(2)
    for _ in range(40):
        p, state = opt.step(p, [A @ p[0]], state)
        u = beta * u - lr * (A @ theta)
        theta = theta + u
        np.testing.assert_allclose(p[0], theta, rtol=1e-12, atol=1e-15)


def test_kerass_adam_is_ours_with_eps_hat_over_sqrt_one_minus_beta2_to_the_t():
    # The paper's efficient form: lr_t = lr sqrt(1 - b2^t) / (1 - b1^t), eps_hat on sqrt(s).
    A, eps_hat, b1, b2 = np.diag([0.3, 2.0]), 0.01, 0.9, 0.999
    theta, v, s = np.array([2.0, -1.0]), np.zeros(2), np.zeros(2)
    p, state = [theta.copy()], Adam(0.1).init([theta])
    for t in range(1, 31):
        g = A @ theta
        v, s = b1 * v + (1 - b1) * g, b2 * s + (1 - b2) * g * g
        theta = theta - 0.1 * math.sqrt(1 - b2**t) / (1 - b1**t) * v / (np.sqrt(s) + eps_hat)
        p, state = Adam(0.1, eps=eps_hat / math.sqrt(1 - b2**t)).step(p, [A @ p[0]], state)
        np.testing.assert_allclose(p[0], theta, rtol=1e-12, atol=1e-15)


def test_eps_placement_matters_only_for_tiny_gradients():
    g_big, g_tiny = np.array([1.0]), np.array([1e-6])
    for g, close in ((g_big, True), (g_tiny, False)):
        out = [RMSprop(0.1, eps=1e-8, eps_inside_sqrt=inside).step([np.zeros(1)], [g],
                                                                  RMSprop(0.1).init([np.zeros(1)]))[0][0][0]
               for inside in (False, True)]
        assert (abs(out[0] - out[1]) < 1e-6 * abs(out[0])) == close


# --- purity -------------------------------------------------------------------------------

@pytest.mark.parametrize("opt", ALL, ids=lambda o: type(o).__name__)
def test_step_never_mutates_its_inputs(opt):
    params = [a.copy() for a in THETA]
    grads = [a.copy() for a in GRAD]
    state = opt.init(params)
    snapshot = [a.copy() for a in (state.v or ())] + [a.copy() for a in (state.s or ())]
    new, new_state = opt.step(params, grads, state)
    new2, _ = opt.step(params, grads, state)  # the same inputs give the same answer
    for a, b in zip(params, THETA):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(grads, GRAD):
        np.testing.assert_array_equal(a, b)
    for a, b in zip([*(state.v or ()), *(state.s or ())], snapshot):
        np.testing.assert_array_equal(a, b)
    assert state.t == 0 and new_state.t == 1
    for a, b, p in zip(new, new2, params):
        np.testing.assert_array_equal(a, b)
        assert a is not p and not np.shares_memory(a, p)
        assert a.shape == p.shape


@pytest.mark.parametrize("opt", ALL, ids=lambda o: type(o).__name__)
def test_state_arrays_are_read_only(opt):
    _, state = one_step(opt)
    for a in (*(state.v or ()), *(state.s or ())):
        with pytest.raises(ValueError):
            a[...] = 0.0


def test_optimizers_are_frozen():
    with pytest.raises(AttributeError):
        Adam(0.1).lr = 0.2


# --- bad hyperparameters and inputs ----------------------------------------------------

@pytest.mark.parametrize("make, name", [
    (lambda: SGD(0.0), "lr"), (lambda: SGD(-0.1), "lr"), (lambda: SGD(float("nan")), "lr"),
    (lambda: SGD(float("inf")), "lr"), (lambda: SGD(True), "lr"), (lambda: SGD("0.1"), "lr"),
    (lambda: Momentum(0.1, beta=1.0), "beta"), (lambda: Momentum(0.1, beta=-0.1), "beta"),
    (lambda: Momentum(0.1, beta=float("nan")), "beta"),
    (lambda: Momentum(0.1, convention="heavy"), "convention"),
    (lambda: RMSprop(0.1, beta=1.5), "beta"), (lambda: RMSprop(0.1, eps=-1e-8), "eps"),
    (lambda: RMSprop(0.1, eps=float("inf")), "eps"), (lambda: RMSprop(0.1, eps_inside_sqrt=1), "eps_inside_sqrt"),
    (lambda: Adam(0.1, beta1=1.0), "beta1"), (lambda: Adam(0.1, beta2=-0.5), "beta2"),
    (lambda: Adam(0.1, eps=-1.0), "eps"), (lambda: Adam(-1.0), "lr"),
    (lambda: Adam(0.1, bias_correction="yes"), "bias_correction"),
    (lambda: Adagrad(0.0), "lr"), (lambda: Adagrad(0.1, eps=float("nan")), "eps"),
])
def test_bad_hyperparameters_raise_naming_them(make, name):
    with pytest.raises(ValueError, match=rf"^{name} "):
        make()


def test_a_schedule_that_gives_a_bad_rate_is_reported():
    opt = SGD(lambda epoch: 0.0)
    with pytest.raises(ValueError, match=r"^lr\(2\)"):
        opt.step([np.zeros(1)], [np.ones(1)], opt.init([np.zeros(1)]), epoch=2)


def test_mismatched_inputs_raise_naming_them():
    opt = Adam(0.1)
    state = opt.init(THETA)
    with pytest.raises(ValueError, match="^grads "):
        opt.step(THETA, GRAD[:1], state)
    with pytest.raises(ValueError, match="^grads "):
        opt.step(THETA, [GRAD[0], GRAD[0]], state)
    with pytest.raises(ValueError, match="^params "):
        opt.step(THETA[0], GRAD, state)
    with pytest.raises(ValueError, match="^state "):
        opt.step(THETA, GRAD, None)
    with pytest.raises(ValueError, match=r"^state\.v "):
        opt.step(THETA, GRAD, SGD(0.1).init(THETA))
    with pytest.raises(ValueError, match=r"^state\.v "):
        opt.step(THETA, GRAD, opt.init([THETA[0], np.zeros((3, 1))]))


def test_public_names():
    assert set(optimizers.__all__) == {"State", "SGD", "Momentum", "RMSprop", "Adam", "Adagrad"}
