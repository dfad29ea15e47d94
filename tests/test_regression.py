"""The lines of the outlier experiment minimize what they claim to minimize."""

import numpy as np
import pytest

from descent import data, losses, regression


def test_mse_line_matches_numpy_polyfit():
    x, y = data.noisy_line(seed=3)
    np.testing.assert_allclose(regression.mse_line(x, y), np.polyfit(x, y, 1), rtol=1e-10)


@pytest.mark.parametrize("outlier", [0.0, 5.0, 30.0])
def test_mae_line_is_no_worse_than_any_nearby_line(outlier):
    x, y = data.with_outlier(*data.noisy_line(seed=1), size=outlier)
    w, b = regression.mae_line(x, y)
    best = losses.mae.value(w * x + b, y)
    rng = np.random.default_rng(7)
    for dw, db in rng.normal(scale=0.05, size=(500, 2)):
        assert losses.mae.value((w + dw) * x + (b + db), y) >= best - 1e-12


def test_outlier_moves_the_mse_line_far_more_than_the_mae_line():
    x, y = data.noisy_line()
    x_o, y_o = data.with_outlier(x, y, size=20.0)
    mse_shift = abs(regression.mse_line(x_o, y_o)[0] - regression.mse_line(x, y)[0])
    mae_shift = abs(regression.mae_line(x_o, y_o)[0] - regression.mae_line(x, y)[0])
    assert mse_shift > 10 * mae_shift


def test_data_are_reproducible_and_outlier_leaves_input_alone():
    x, y = data.noisy_line(seed=5)
    np.testing.assert_array_equal(y, data.noisy_line(seed=5)[1])
    _, lifted = data.with_outlier(x, y, size=4.0)
    assert lifted[-1] == y[-1] + 4.0 and np.array_equal(lifted[:-1], y[:-1])


def test_bad_inputs_name_their_argument():
    with pytest.raises(ValueError, match="n must"):
        data.noisy_line(n=1)
    with pytest.raises(ValueError, match="x must"):
        regression.mae_line(np.ones(3), np.arange(3.0))
