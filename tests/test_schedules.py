"""Learning-rate schedules: their formulas, monotonicity, and bad arguments."""

import numpy as np
import pytest
from hypothesis import given, strategies as st

from descent import schedules


def test_inverse_time():
    s = schedules.inverse_time(0.2, 1.0)
    assert [s(e) for e in range(4)] == pytest.approx([0.2, 0.1, 0.2 / 3, 0.05])


def test_exponential():
    s = schedules.exponential(0.5, 0.9)
    assert [s(e) for e in range(3)] == pytest.approx([0.5, 0.45, 0.405])


def test_step_drops_every_few_epochs():
    s = schedules.step(1.0, 0.5, every=3)
    assert [s(e) for e in range(8)] == [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25]


def test_power_and_constant():
    assert schedules.power(1.0, 1.0, 0.5)(3) == pytest.approx(0.5)
    assert schedules.power(0.3, 0.7, 1.0)(5) == pytest.approx(schedules.inverse_time(0.3, 0.7)(5))
    assert schedules.constant(0.3)(1000) == 0.3


@given(lr0=st.floats(1e-4, 10), decay=st.floats(0, 5), rate=st.floats(0.01, 1), drop=st.floats(0.01, 1),
       every=st.integers(1, 20), p=st.floats(0.1, 3))
def test_every_schedule_starts_at_lr0_and_never_increases(lr0, decay, rate, drop, every, p):
    for s in (schedules.inverse_time(lr0, decay), schedules.exponential(lr0, rate),
              schedules.step(lr0, drop, every), schedules.power(lr0, decay, p), schedules.constant(lr0)):
        values = np.array([s(e) for e in range(60)])
        assert values[0] == pytest.approx(lr0)
        assert np.all(np.diff(values) <= 1e-15 * lr0) and np.all(values >= 0)


def test_the_sources_formula_without_the_one_rises_above_lr0():
    # alpha = alpha0 / (decay * epoch): infinite at epoch 0, 2 alpha0 at epoch 1 for decay 0.5.
    lr0, decay = 0.2, 0.5
    assert lr0 / (decay * 1) == pytest.approx(0.4)
    assert schedules.inverse_time(lr0, decay)(1) == pytest.approx(0.2 / 1.5)


def test_schedules_print_their_hyperparameters():
    assert repr(schedules.step(0.1, 0.5, 10)) == "Step(lr0=0.1, drop=0.5, every=10)"


@pytest.mark.parametrize("make, name", [
    (lambda: schedules.inverse_time(0.0, 1.0), "lr0"), (lambda: schedules.inverse_time(-1, 1.0), "lr0"),
    (lambda: schedules.inverse_time(float("nan"), 1.0), "lr0"),
    (lambda: schedules.inverse_time(0.1, -1.0), "decay"), (lambda: schedules.inverse_time(0.1, float("inf")), "decay"),
    (lambda: schedules.exponential(0.1, 0.0), "rate"), (lambda: schedules.exponential(0.1, 1.5), "rate"),
    (lambda: schedules.step(0.1, 0.5, 0), "every"), (lambda: schedules.step(0.1, 0.5, 2.5), "every"),
    (lambda: schedules.step(0.1, 1.2, 3), "drop"), (lambda: schedules.step(0.1, True, 3), "drop"),
    (lambda: schedules.power(0.1, 1.0, 0.0), "p"), (lambda: schedules.constant("1"), "lr0"),
    (lambda: schedules.inverse_time(0.1, 1.0)(-1), "epoch"),
    (lambda: schedules.step(0.1, 0.5, 2)(float("nan")), "epoch"),
])
def test_bad_arguments_raise_naming_them(make, name):
    with pytest.raises(ValueError, match=rf"^{name} "):
        make()
