"""The race: runner, winner, the race surfaces (gradients three ways) and the figures."""

import numpy as np
import pytest
import sympy as sp

from descent import functions, gd, optimizers, race
from descent.gd import StopRule
from descent.gradcheck import numerical_gradient, relative_error

x, y = sp.symbols("x y", real=True)
# Each new surface: its sympy definition and its gradient as the chapter writes it.
SURFACES = {
    "elongated_bowl": (sp.Rational(1, 10) * x**2 + 2 * y**2, lambda p: np.array([0.2 * p[0], 4 * p[1]])),
    "rosenbrock": ((1 - x) ** 2 + 100 * (y - x**2) ** 2,
                   lambda p: np.array([-2 * (1 - p[0]) - 400 * p[0] * (p[1] - p[0] ** 2),
                                       200 * (p[1] - p[0] ** 2)])),
    "saddle": (x**2 - y**2, lambda p: np.array([2 * p[0], -2 * p[1]])),
    "saddle_valleys": (x**2 + (y**2 - 1) ** 2 / 4, lambda p: np.array([2 * p[0], p[1] ** 3 - p[1]])),
}


@pytest.mark.parametrize("name", SURFACES)
def test_surface_gradient_three_ways(name):
    objective = getattr(functions, name)
    J, written = SURFACES[name]
    value = sp.lambdify((x, y), J, "numpy")
    grad = sp.lambdify((x, y), [sp.diff(J, x), sp.diff(J, y)], "numpy")
    rng = np.random.default_rng(11)
    for _ in range(20):
        p = rng.uniform(-2, 2, size=2)
        assert objective.value(p) == pytest.approx(value(*p), rel=1e-12, abs=1e-12)
        np.testing.assert_allclose(objective.grad(p), grad(*p), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(objective.grad(p), written(p), rtol=1e-12, atol=1e-12)
        numeric = numerical_gradient(objective.value, p, eps=1e-6)
        assert relative_error(objective.grad(p), numeric) < 1e-6


@pytest.mark.parametrize("name", SURFACES)
def test_surfaces_evaluate_on_grids(name):
    objective = getattr(functions, name)
    X, Y = np.meshgrid(np.linspace(-1, 1, 4), np.linspace(-1, 1, 3))
    Z = objective.value(np.stack([X, Y]))
    G = objective.grad(np.stack([X, Y]))
    assert Z.shape == (3, 4) and G.shape == (2, 3, 4)
    assert Z[1, 2] == pytest.approx(objective.value(np.array([X[1, 2], Y[1, 2]])))


def test_the_critical_points_the_chapter_names():
    J, _ = SURFACES["saddle_valleys"]
    H = sp.hessian(J, (x, y))
    assert H.subs({x: 0, y: 0}) == sp.diag(2, -1)
    assert H.subs({x: 0, y: 1}) == sp.diag(2, 2)
    assert functions.saddle_valleys.value(np.zeros(2)) == 0.25
    assert functions.rosenbrock.value(np.ones(2)) == 0.0
    np.testing.assert_array_equal(functions.rosenbrock.grad(np.ones(2)), 0.0)
    assert sp.hessian(SURFACES["saddle"][0], (x, y)) == sp.diag(2, -2)
    assert functions.elongated_bowl.smoothness == 4.0


def test_sgd_in_the_race_runner_reproduces_gd_descend():
    stop = StopRule(value_below=1e-4, max_steps=500)
    a = race.run(functions.x2_sin2y, optimizers.SGD(0.1), [3.0, 1.0], stop)
    b = gd.descend(functions.x2_sin2y, np.array([3.0, 1.0]), 0.1, stop)
    np.testing.assert_array_equal(a.points, b.points)
    np.testing.assert_array_equal(a.lrs, b.lrs)
    assert (a.status, a.steps) == (b.status, b.steps)


def test_divergence_is_reported_not_warned():
    r = race.run(functions.rosenbrock, optimizers.SGD(0.1), [-1.2, 1.0], StopRule(max_steps=100))
    assert r.status == "diverged" and r.steps < 10


def test_a_schedule_is_evaluated_at_the_step_index():
    from descent import schedules

    r = race.run(functions.elongated_bowl, optimizers.SGD(schedules.inverse_time(0.4, 1.0)), [1.0, 1.0],
                 StopRule(max_steps=4))
    np.testing.assert_allclose(r.lrs, [0.4, 0.2, 0.4 / 3, 0.1])


def test_winner_prefers_converged_then_fewest_steps_then_lowest_value():
    def fake(values, status):
        v = np.array(values, dtype=float)
        return gd.Trajectory(np.zeros((len(v), 2)), v, np.zeros((len(v), 2)), np.ones(len(v) - 1), status)

    runs = {"a": fake([5, 1, 0.5], "max_steps"), "b": fake([5, 2, 0.001], "converged"),
            "c": fake([5, 0.0001], "converged"), "d": fake([5, 1e30], "diverged")}
    assert race.winner(runs) == "c"
    del runs["c"]
    assert race.winner(runs) == "b"
    del runs["b"]
    assert race.winner(runs) == "a"
    assert race.steps_below(runs["a"], 0.8) == 2 and race.steps_below(runs["a"], 0.1) is None


def test_the_courses_start_where_they_say_and_the_cache_is_read_only():
    runs = race.on_course("bowl", 0.2)
    assert set(runs) == {"SGD", "Momentum", "RMSprop", "Adam", "Adagrad"}
    for r in runs.values():
        np.testing.assert_array_equal(r.points[0], race.COURSES["bowl"].x0)
    with pytest.raises(TypeError):
        runs["SGD"] = None
    assert race.on_course("bowl", 0.2) is runs
    with pytest.raises(ValueError, match="^name "):
        race.on_course("everest", 0.1)


def test_noisy_descent_is_seeded_and_noise_free_equals_run():
    opt = optimizers.Adam(0.1)
    a = race.noisy_descent(functions.elongated_bowl, opt, [1.0, 1.0], 30, noise=0.5, runs=4, seed=3)
    b = race.noisy_descent(functions.elongated_bowl, opt, [1.0, 1.0], 30, noise=0.5, runs=4, seed=3)
    assert a.shape == (31, 4)
    np.testing.assert_array_equal(a, b)
    assert len({tuple(col) for col in a.T}) == 4  # the runs see different noise
    clean = race.noisy_descent(functions.elongated_bowl, opt, [1.0, 1.0], 30, noise=0.0, runs=2)
    exact = race.run(functions.elongated_bowl, opt, [1.0, 1.0], StopRule(max_steps=30))
    for col in clean.T:
        np.testing.assert_allclose(col, exact.values, rtol=1e-12)


@pytest.mark.parametrize("call, name", [
    (lambda: race.run(functions.rosenbrock, optimizers.SGD(0.1), [1.0]), "x0"),
    (lambda: race.run("J", optimizers.SGD(0.1), [1.0, 1.0]), "objective"),
    (lambda: race.race(functions.rosenbrock, {}, [1.0, 1.0]), "optimizers"),
    (lambda: race.winner({}), "runs"),
    (lambda: race.noisy_descent(functions.rosenbrock, optimizers.SGD(0.1), [1.0, 1.0], 3, noise=-1), "noise"),
    (lambda: race.noisy_descent(functions.rosenbrock, optimizers.SGD(0.1), [1.0, 1.0], 3, 1.0, runs=0), "runs"),
    (lambda: race.noisy_descent(functions.rosenbrock, optimizers.SGD(0.1), [1.0, 1.0], -1, 1.0), "steps"),
])
def test_bad_input_raises_naming_it(call, name):
    with pytest.raises(ValueError, match=rf"^{name} "):
        call()


def test_race_figure_keeps_its_traces_across_slider_values():
    from descent import optimizer_figures

    counts = {len(optimizer_figures.race_paths("saddle", lr).data) for lr in (0.01, 0.7)}
    assert counts == {12}
    fig = optimizer_figures.ewa_series(0.9)
    assert len(fig.data) == 3


def test_the_elongated_bowl_is_the_quadratic_with_curvatures_0_2_and_4():
    written_out = functions.elongated_bowl
    general = functions.quadratic(np.diag([0.2, 4.0]))
    for p in np.random.default_rng(5).uniform(-3, 3, size=(10, 2)):
        assert written_out.value(p) == pytest.approx(general.value(p), rel=1e-12)
        np.testing.assert_allclose(written_out.grad(p), general.grad(p), rtol=1e-12)
    assert written_out.smoothness == general.smoothness
