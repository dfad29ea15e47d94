"""descent.checks: every shared argument check accepts what it promises and names what it refuses."""

import math

import numpy as np
import pytest

from descent import checks

# check, arguments after the name, values it accepts, values it refuses
CASES = [
    (checks.finite, (), [0, -3, 2.5, np.float32(1)], [math.inf, math.nan, True, "1", None]),
    (checks.positive, (), [1e-12, 3, np.int64(2)], [0, -1, math.inf, math.nan, True]),
    (checks.positive_or_inf, (), [1e-12, math.inf], [0, -math.inf, math.nan, False]),
    (checks.non_negative, (), [0, 0.0, 7], [-1e-12, math.inf, math.nan, False]),
    (checks.beta, (), [0, 0.5, 0.999], [1, 1.0, -0.1, math.nan, True]),
    (checks.fraction, (), [1, 0.5, 1e-9], [0, 1.5, -0.5, math.nan, True]),
    (checks.integer, (), [0, 5, np.int64(3)], [-1, 1.0, 2.5, True, "3"]),
    (checks.integer, (2,), [2, 9], [1, 0]),
    (checks.flag, (), [True, False], [0, 1, "True", None, np.bool_(True)]),
]


@pytest.mark.parametrize("check, extra, good, bad", CASES)
def test_accepts_and_returns(check, extra, good, bad):
    for value in good:
        result = check("arg", value, *extra)
        assert result == value and type(result) in (float, int, bool)


@pytest.mark.parametrize("check, extra, good, bad", CASES)
def test_refuses_naming_the_argument(check, extra, good, bad):
    for value in bad:
        with pytest.raises(ValueError, match=r"^the_argument must be .*; got "):
            check("the_argument", value, *extra)


def test_integer_states_its_least_value():
    with pytest.raises(ValueError, match="an integer >= 3; got 2"):
        checks.integer("k", 2, least=3)
