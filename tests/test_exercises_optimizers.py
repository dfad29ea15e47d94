"""The optimizers chapter: every number its exercise solutions state, and the
comparisons its prose words as facts (who wins, what is larger)."""

import math

import numpy as np
import pytest

from descent import averages, functions, optimizers, race, schedules
from descent.gd import StopRule


# --- exercise solutions -------------------------------------------------------------

def test_exercise_6_1_adams_first_step():
    opt = optimizers.Adam(0.001, eps=1e-8)
    zero = [np.zeros(2)]
    new, _ = opt.step(zero, [np.array([1e-3, -50.0])], opt.init(zero))
    assert new[0][0] == pytest.approx(-0.00099999, abs=5e-12)
    assert new[0][1] == pytest.approx(0.001, rel=1e-9)
    assert -0.001 * 1e-3 / (1e-3 + 1e-8) == pytest.approx(-0.00099999, abs=5e-12)
    assert 50 / 1e-3 == 5e4


def test_exercise_6_2_momentum_under_a_constant_gradient():
    beta, g = 0.9, np.array([2.0])
    opt = optimizers.Momentum(1.0, beta)
    state = opt.init([np.zeros(1)])
    v = []
    for _ in range(60):
        _, state = opt.step([np.zeros(1)], [g], state)
        v.append(state.v[0][0])
    v = np.array(v)
    np.testing.assert_allclose(v, (1 - beta ** np.arange(1, 61)) * 2.0)
    within = np.flatnonzero(np.abs(v - 2.0) < 0.01 * 2.0)
    assert within[0] + 1 == 44 and math.log(0.01) / math.log(0.9) == pytest.approx(43.7, abs=0.05)
    summed = optimizers.Momentum(1.0, beta, convention="sum")
    p, state = [np.zeros(1)], summed.init([np.zeros(1)])
    for _ in range(400):
        before = p[0][0]
        p, state = summed.step(p, [np.array([1.0])], state)
    assert before - p[0][0] == pytest.approx(10.0, rel=1e-9)  # the step settles at 10 alpha g


def test_exercise_6_3_weights_fall_below_one_over_e_after_50_periods():
    w = averages.weights(0.98, 200)[::-1]  # w[k] is the weight k periods back
    first = int(np.flatnonzero(w < w[0] / math.e)[0])
    assert first == 50 == round(averages.window(0.98))
    assert 1 / -math.log(0.98) == pytest.approx(49.5, abs=0.01)


def test_exercise_6_4_inverse_time_decay():
    s = schedules.inverse_time(0.2, 1.0)
    values = [s(e) for e in range(6)]
    assert values[3] == pytest.approx(0.05)
    assert [e for e in range(6) if values[e] < 0.05 - 1e-15] == [4, 5]
    assert 0.2 / (0.5 * 1) == pytest.approx(0.4)


def test_exercise_6_5_adagrad_distance():
    opt = optimizers.Adagrad(0.1, eps=0.0)
    p, state = [np.zeros(1)], opt.init([np.zeros(1)])
    for t in range(10000):
        p, state = opt.step(p, [np.array([-0.37])], state)
        if t == 99:
            assert p[0][0] == pytest.approx(1.859, abs=5e-4)
    assert p[0][0] == pytest.approx(19.854, abs=5e-4)
    assert sum(t**-0.5 for t in range(1, 101)) == pytest.approx(18.590, abs=5e-4)
    assert sum(t**-0.5 for t in range(1, 10001)) == pytest.approx(198.54, abs=5e-3)


# --- comparisons the prose states ------------------------------------------------

def test_ewa_the_missing_weight_stays_above_ten_percent_until_day_114():
    assert 0.98**113 > 0.1 > 0.98**114


def test_tuned_momentum_beats_gradient_descent_on_the_narrow_valley():
    L, mu = 4.0, 0.2
    kappa = L / mu
    rate_hb = (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)
    beta = rate_hb**2
    lr = 4 / (math.sqrt(L) + math.sqrt(mu)) ** 2 / (1 - beta)
    rule = StopRule(value_below=1e-12, max_steps=1000)
    gd_run = race.run(functions.elongated_bowl, optimizers.SGD(2 / (L + mu)), [-4.5, 1.5], rule)
    hb_run = race.run(functions.elongated_bowl, optimizers.Momentum(lr, beta), [-4.5, 1.5], rule)
    assert hb_run.steps < gd_run.steps / 3
    norms = np.linalg.norm(hb_run.points, axis=1)
    assert rate_hb < (norms[-1] / norms[0]) ** (1 / hb_run.steps) < 0.7  # a little worse than theory


def test_decay_gets_down_fast_and_ends_low():
    mean = {}
    for key, lr in (("fast", 0.1), ("slow", 0.02), ("decay", schedules.inverse_time(0.1, 0.01))):
        J = race.noisy_descent(functions.elongated_bowl, optimizers.SGD(lr), [-4.5, 1.5], 1000,
                               noise=1.0, runs=100, seed=0).mean(axis=1)
        mean[key] = (J[100:300].mean(), J[-200:].mean())
    assert mean["fast"][0] < mean["slow"][0] and mean["slow"][1] < mean["fast"][1]
    assert mean["decay"][0] < mean["slow"][0] and mean["decay"][1] < mean["slow"][1]
    floor = sum(0.1 / (2 * (2 - 0.1 * lam)) for lam in (0.2, 4.0))
    assert mean["fast"][1] == pytest.approx(floor, rel=0.15)


def test_escaping_the_plateau():
    contenders = race.contenders(0.1)
    escape = {}
    for y0 in (1e-2, 1e-4, 1e-6):
        for name in ("SGD", "Momentum", "RMSprop", "Adam"):
            r = race.run(functions.saddle_valleys, contenders[name], [1.5, y0],
                         StopRule(value_below=1e-3, max_steps=600))
            escape[name, y0] = int(np.argmax(np.abs(r.points[:, 1]) > 0.5))
        predicted = math.log(0.5 / y0) / math.log(1.1)
        assert abs(escape["SGD", y0] - predicted) <= 3
        assert escape["Momentum", y0] > escape["SGD", y0]
    for name in ("RMSprop", "Adam"):
        assert escape[name, 1e-2] == escape[name, 1e-4] == escape[name, 1e-6] < 10


def test_random_critical_points_are_rarely_minima():
    rng = np.random.default_rng(0)
    shares = []
    for d in range(1, 7):
        M = rng.standard_normal((10000, d, d))
        shares.append((np.linalg.eigvalsh((M + M.transpose(0, 2, 1)) / 2) > 0).all(axis=1).mean())
    assert all(s < 0.5**d for s, d in zip(shares[1:], range(2, 7)))
    assert shares[3] < 0.01


def test_the_races_at_the_rates_shown_first():
    bowl = race.on_course("bowl", race.COURSES["bowl"].lr)
    assert race.winner(bowl) == "RMSprop"
    assert bowl["Adagrad"].status == "max_steps"
    rosen = race.on_course("rosenbrock", race.COURSES["rosenbrock"].lr)
    assert rosen["SGD"].status == "diverged"
    assert race.winner(rosen) == "Momentum" and rosen["Momentum"].status == "max_steps"
    assert rosen["Adam"].values[-1] > 1.0  # barely started
    assert all(race.winner(race.on_course("rosenbrock", lr)) == "Adam" for lr in (0.1, 0.3))
    saddle = race.on_course("saddle", race.COURSES["saddle"].lr)
    assert race.winner(saddle) == "RMSprop"
    # "No optimizer wins everywhere": on some course some rate, another one wins.
    winners = {race.winner(race.on_course(c, lr)) for c, course in race.COURSES.items()
               for lr in course.lrs}
    assert len(winners) >= 3
