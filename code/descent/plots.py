"""matplotlib figures used by the chapters (static, one PNG each)."""

import numpy as np

from . import functions, gd, losses

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


def both_sides(x_starts=(-1.2, 1.2), lr: float = 0.3, steps: int = 3):
    """J = x^2 with descent started on each side of the minimum (the source's figure 2-9)."""
    import matplotlib.pyplot as plt


    fig, ax = plt.subplots(figsize=(6.5, 3.6), constrained_layout=True)
    grid = np.linspace(-1.5, 1.5, 301)
    ax.plot(grid, grid**2, color="#555555", label="$J(x) = x^2$")
    for x0, color in zip(x_starts, ("#1f77b4", "#d62728")):
        run = gd.descend(functions.square, x0, lr, gd.StopRule(max_steps=steps))
        x, J = run.points[:, 0], run.values
        ax.plot(x, J, "o", color=color, label=f"start $x_0 = {x0:g}$, slope $J'(x_0) = {2 * x0:g}$")
        for (xa, Ja), (xb, Jb) in zip(zip(x, J), zip(x[1:], J[1:])):
            ax.annotate("", xy=(xb, Jb), xytext=(xa, Ja),
                        arrowprops={"arrowstyle": "->", "color": color, "lw": 1.5})
    ax.set(xlabel="$x$", ylabel="$J(x)$", ylim=(-0.1, 2.3))
    ax.legend(loc="upper center", fontsize=9)
    return fig


def learning_rates(lrs=(1.0, 0.8, 0.4, 0.1), x0: float = 1.2, steps: int = 10):
    """One panel per learning rate: the iterates of descent on J = x^2 (the source's table 2-5)."""
    import matplotlib.pyplot as plt


    fig, axes = plt.subplots(1, len(lrs), figsize=(12, 3.2), sharey=True, constrained_layout=True)
    grid = np.linspace(-1.5, 1.5, 301)
    for ax, lr in zip(axes, lrs):
        run = gd.descend(functions.square, x0, lr, gd.StopRule(max_steps=steps))
        ax.plot(grid, grid**2, color="#aaaaaa")
        ax.plot(run.points[:, 0], run.values, "o-", color="#ff7f0e", ms=4, lw=1)
        ax.set(title=f"$\\eta = {lr:g}$", xlabel="$x$", ylim=(-0.1, 2.2))
    axes[0].set_ylabel("$J(x)$")
    return fig
