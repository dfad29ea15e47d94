"""Exponentially weighted averages and their bias correction."""

import math

import numpy as np
import pytest
from hypothesis import given, strategies as st

from descent import averages


def test_the_recurrence_by_hand():
    v = averages.ewa([10.0, 20.0, 30.0], beta=0.5)
    # v1 = 0.5*0 + 0.5*10 = 5; v2 = 2.5 + 10 = 12.5; v3 = 6.25 + 15 = 21.25
    np.testing.assert_allclose(v, [5.0, 12.5, 21.25])
    corrected = averages.ewa([10.0, 20.0, 30.0], beta=0.5, bias_correction=True)
    np.testing.assert_allclose(corrected, [5 / 0.5, 12.5 / 0.75, 21.25 / 0.875])


@given(c=st.floats(-100, 100), beta=st.floats(0, 0.999), n=st.integers(1, 200))
def test_the_corrected_average_of_a_constant_is_the_constant_at_every_step(c, beta, n):
    np.testing.assert_allclose(averages.ewa(np.full(n, c), beta, bias_correction=True), c,
                               rtol=1e-9, atol=1e-9)


def test_the_uncorrected_average_of_a_constant_starts_too_low():
    v = averages.ewa(np.full(5, 10.0), 0.98)
    np.testing.assert_allclose(v, 10 * (1 - 0.98 ** np.arange(1, 6)))
    assert v[0] == pytest.approx(0.2)


@given(beta=st.floats(0, 0.99), t=st.integers(1, 300))
def test_weights_sum_to_one_minus_beta_to_the_t_and_reproduce_the_average(beta, t):
    w = averages.weights(beta, t)
    assert w.sum() == pytest.approx(1 - beta**t, abs=1e-12)
    theta = np.random.default_rng(t).normal(size=t)
    assert averages.ewa(theta, beta)[-1] == pytest.approx(w @ theta, abs=1e-9)


def test_the_window_holds_about_two_thirds_of_the_weight():
    assert averages.window(0.9) == pytest.approx(10)
    assert averages.recent_weight(0.9) == pytest.approx(1 - 0.9**10)
    assert averages.recent_weight(0.999) == pytest.approx(1 - 1 / math.e, abs=2e-4)
    assert averages.recent_weight(0.98, 0) == 0.0


def test_averages_along_the_first_axis_of_arrays():
    theta = np.arange(12.0).reshape(4, 3)
    v = averages.ewa(theta, 0.7)
    for j in range(3):
        np.testing.assert_allclose(v[:, j], averages.ewa(theta[:, j], 0.7))


def test_temperatures_are_seeded_and_seasonal():
    a, b = averages.temperatures(seed=3), averages.temperatures(seed=3)
    np.testing.assert_array_equal(a, b)
    assert a.shape == (365,)
    assert a[150:240].mean() > a[:60].mean() + 8  # summer is warmer than winter
    assert not np.array_equal(a, averages.temperatures(seed=4))


def test_the_input_is_not_modified():
    theta = np.array([1.0, 2.0, 3.0])
    averages.ewa(theta, 0.9, bias_correction=True)
    np.testing.assert_array_equal(theta, [1.0, 2.0, 3.0])


@pytest.mark.parametrize("call, name", [
    (lambda: averages.ewa([1.0], 1.0), "beta"), (lambda: averages.ewa([1.0], -0.1), "beta"),
    (lambda: averages.ewa([1.0], float("nan")), "beta"), (lambda: averages.ewa([], 0.5), "theta"),
    (lambda: averages.ewa([1.0, np.inf], 0.5), "theta"), (lambda: averages.ewa([1.0], 0.5, 1), "bias_correction"),
    (lambda: averages.weights(0.5, 0), "t"), (lambda: averages.window(1.0), "beta"),
    (lambda: averages.recent_weight(0.5, -1), "n"), (lambda: averages.temperatures(0), "days"),
])
def test_bad_arguments_raise_naming_them(call, name):
    with pytest.raises(ValueError, match=rf"^{name} "):
        call()
