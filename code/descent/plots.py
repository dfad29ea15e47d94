"""matplotlib figures used by the chapters (static, one PNG each)."""

import numpy as np

from . import losses

STYLE = {
    # An opaque white figure keeps dark ink readable in the theme's dark mode.
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "figure.dpi": 110,
    "font.size": 11,
    "axes.grid": True,
    "grid.alpha": 0.3,
}


def use_style():
    """Apply the book's matplotlib style (called once at the top of a chapter)."""
    import matplotlib

    matplotlib.rcParams.update(STYLE)


def loss_curves():
    """Each chapter-1 loss of a single sample, plotted against the prediction."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(11, 3.4), constrained_layout=True)
    y_hat = np.linspace(-2.0, 2.0, 401)
    y = np.zeros(1)
    axes[0].plot(y_hat, [losses.mse.value(np.array([v]), y) for v in y_hat], label="MSE $(y-\\hat y)^2$")
    axes[0].plot(y_hat, [losses.mae.value(np.array([v]), y) for v in y_hat], label="MAE $|y-\\hat y|$")
    axes[0].set(title="Regression, label $y=0$", xlabel="prediction $\\hat y$", ylabel="loss")
    axes[0].legend()

    p = np.linspace(0.001, 0.999, 400)
    for label in (1.0, 0.0):
        axes[1].plot(p, [losses.binary_cross_entropy.value(np.array([q]), np.array([label])) for q in p],
                     label=f"label $y={label:g}$")
    axes[1].set(title="Binary cross-entropy", xlabel="predicted probability $\\hat y$", ylabel="loss", ylim=(0, 5))
    axes[1].legend()

    # Only the probability of the true class enters the loss, however many classes there are.
    cols = np.vstack([p, (1 - p) / 2, (1 - p) / 2])
    axes[2].plot(p, [losses.categorical_cross_entropy.value(cols[:, [i]], np.array([0]))
                     for i in range(p.size)], label="$-\\log \\hat y_{\\mathrm{true}}$")
    axes[2].set(title="Categorical cross-entropy", xlabel="probability of the true class", ylabel="loss", ylim=(0, 5))
    axes[2].legend()
    return fig
