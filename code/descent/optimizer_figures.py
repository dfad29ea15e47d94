"""plotly figures of the optimizers chapter.

Slider figures are functions of keywords that return a fresh ``go.Figure``, so
``descent.interactive`` can draw them live or once per precomputed step.
Numbers are rounded before they go into a figure: the book's page stores every
precomputed step, and four significant digits are all a plot can show.
"""

import numpy as np

from . import averages, race, schedules
from .figures import layout, side_by_side

COLORS = {"SGD": "#1f77b4", "Momentum": "#ff7f0e", "RMSprop": "#2ca02c", "Adam": "#d62728",
          "Adagrad": "#9467bd"}
DATA = "#9a9a9a"

# Plot window of each race: (x range, y range, log10 J range of the loss panel).
WINDOWS = {
    "bowl": ((-5.0, 5.0), (-2.0, 2.0), (-4.0, 1.6)),
    "rosenbrock": ((-2.0, 2.0), (-1.0, 3.0), (-3.0, 3.3)),
    "saddle": ((-2.0, 2.0), (-1.6, 1.6), (-4.0, 1.3)),
}


def _sig(a, digits: int = 4) -> np.ndarray:
    """``a`` rounded to ``digits`` significant digits (zeros and non-finite values kept)."""
    a = np.asarray(a, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(np.isfinite(a) & (a != 0), 10.0 ** (digits - 1 - np.floor(np.log10(np.abs(a)))), 1.0)
        return np.where(np.isfinite(a), np.round(a * scale) / scale, a)


# --- exponentially weighted averages -------------------------------------------------

def ewa_series(beta: float, days: int = 365, seed: int = 0):
    """The made-up temperatures with their average v_t and the bias-corrected v_t / (1 - beta^t)."""
    import plotly.graph_objects as go

    theta = averages.temperatures(days, seed)
    day = np.arange(1, days + 1)
    fig = go.Figure()
    fig.add_scatter(x=day, y=np.round(theta, 2), mode="markers", name="daily temperature θ_t",
                    marker={"color": DATA, "size": 4})
    fig.add_scatter(x=day, y=np.round(averages.ewa(theta, beta), 3), mode="lines",
                    name="v_t (starts at v_0 = 0)", line={"color": COLORS["Momentum"], "width": 3})
    fig.add_scatter(x=day, y=np.round(averages.ewa(theta, beta, bias_correction=True), 3), mode="lines",
                    name="v_t / (1 − β^t), bias-corrected",
                    line={"color": COLORS["SGD"], "width": 2, "dash": "dash"})
    fig.update_xaxes(range=[0, days + 1])
    fig.update_yaxes(range=[-6, 27])
    title = f"β = {beta:.3g}: an average over about 1/(1 − β) = {1 / (1 - beta):.3g} days"
    return layout(fig, title, "day t", "temperature (°C)", height=500)


# --- the races -----------------------------------------------------------------------

def _contours(name: str, n: int = 41):
    """log10 J on a coarse n x n grid over the race's window (drawn once, not per slider step)."""
    (x0, x1), (y0, y1), _ = WINDOWS[name]
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    X, Y = np.meshgrid(xs, ys)
    Z = np.log10(race.COURSES[name].objective.value(np.stack([X, Y])) + 1e-3)
    return xs, ys, np.round(Z, 2)


def _verdict(runs) -> str:
    best = race.winner(runs)
    r = runs[best]
    if r.status == "converged":
        return f"{best} first ({r.steps} steps)"
    return f"none converged; lowest J: {best} ({r.values[-1]:.3g})"


def race_paths(course: str, lr: float, beta: float = 0.9):
    """Left: the five optimizers' paths on the contours of J. Right: J against step (log scale)."""
    runs = race.on_course(course, lr, beta)
    (x0, x1), (y0, y1), (j0, j1) = WINDOWS[course]
    xs, ys, Z = _contours(course)
    fig = side_by_side(left=0.55 * 0.86, gap=0.14)
    fig.add_contour(x=xs, y=ys, z=Z, colorscale="Greys", reversescale=True, showscale=False,
                    ncontours=18, contours={"coloring": "heatmap"}, opacity=0.55,
                    hoverinfo="skip", showlegend=False, name="log10 J")
    start = race.COURSES[course].x0
    fig.add_scatter(x=[start[0]], y=[start[1]], mode="markers", name="start",
                    marker={"color": "black", "size": 10, "symbol": "x"})
    for name, r in runs.items():
        color = COLORS[name]
        fig.add_scatter(x=_sig(r.points[:, 0]), y=_sig(r.points[:, 1]), mode="lines+markers",
                        name=name, legendgroup=name, line={"color": color, "width": 2},
                        marker={"size": 3})
        fig.add_scatter(x=np.arange(r.steps + 1), y=_sig(np.maximum(r.values, 1e-12)), mode="lines",
                        name=name, legendgroup=name, showlegend=False,
                        line={"color": color, "width": 2}, xaxis="x2", yaxis="y2")
    limit = race.COURSES[course].stop.max_steps
    fig.update_layout(
        xaxis={"range": [x0, x1], "title_text": "x"}, yaxis={"range": [y0, y1], "title_text": "y"},
        xaxis2={"range": [0, limit], "title_text": "step k"},
        yaxis2={"type": "log", "range": [j0, j1], "dtick": 1, "exponentformat": "power", "title_text": "J"},
    )
    return layout(fig, f"α = {lr:g}, β = {beta:.3g}: {_verdict(runs)}", "", "", height=560)


# --- schedules, plateaus, noise ------------------------------------------------------

def schedule_curves(lr0: float = 0.2, epochs: int = 50):
    """The learning rate of each schedule in ``descent.schedules`` over ``epochs`` epochs."""
    import plotly.graph_objects as go

    shown = {
        "inverse time: α₀ / (1 + 0.2·epoch)": schedules.inverse_time(lr0, 0.2),
        "power: α₀ / (1 + 0.2·epoch)^½": schedules.power(lr0, 0.2, 0.5),
        "exponential: α₀ · 0.95^epoch": schedules.exponential(lr0, 0.95),
        "step: α₀ · 0.5^(epoch // 10)": schedules.step(lr0, 0.5, 10),
    }
    epoch = np.arange(epochs + 1)
    fig = go.Figure()
    for (label, schedule), color in zip(shown.items(), COLORS.values()):
        fig.add_scatter(x=epoch, y=[schedule(e) for e in epoch], mode="lines", name=label,
                        line={"color": color, "width": 3, "shape": "hv" if "step" in label else "linear"})
    fig.update_yaxes(range=[0, lr0 * 1.05])
    return layout(fig, f"Four ways to decay α₀ = {lr0:g}", "epoch", "learning rate α", height=500)


def loss_curves(curves, title: str, colors=None, dashes=None):
    """J against step on a log scale, one line per entry of ``label -> values``.

    ``values`` is an array J_0, J_1, ... or a ``gd.Trajectory`` (its values).
    """
    import plotly.graph_objects as go

    fig = go.Figure()
    palette = list(COLORS.values())
    for i, (label, values) in enumerate(curves.items()):
        J = np.asarray(getattr(values, "values", values), dtype=float)
        color = (colors or {}).get(label, palette[i % len(palette)])
        dash = (dashes or {}).get(label, "solid")
        fig.add_scatter(x=np.arange(J.size), y=_sig(np.maximum(J, 1e-12)), mode="lines",
                        name=label, line={"color": color, "width": 2.5, "dash": dash})
    fig.update_yaxes(type="log", dtick=1, exponentformat="power")
    return layout(fig, title, "step k", "J (log scale)", height=480)


def saddle_surfaces(n: int = 31):
    """Two surfaces side by side: the saddle x² − y² and the saddle between two valleys.

    A black dot marks the saddle point (0, 0) on each.
    """
    from plotly.subplots import make_subplots

    from . import functions

    fig = make_subplots(rows=1, cols=2, specs=[[{"type": "surface"}, {"type": "surface"}]],
                        subplot_titles=["J = x² − y²", "J = x² + (y² − 1)² / 4"],
                        horizontal_spacing=0.0)
    for col, (f, span) in enumerate(((functions.saddle, 1.5), (functions.saddle_valleys, 1.6)), start=1):
        xs = np.linspace(-span, span, n)
        X, Y = np.meshgrid(xs, xs)
        Z = f.value(np.stack([X, Y]))
        fig.add_surface(x=np.round(X, 3), y=np.round(Y, 3), z=np.round(Z, 3), colorscale="RdBu_r",
                        showscale=False, name=f.name, row=1, col=col)
        # Lifted a little so the surface does not hide it.
        fig.add_scatter3d(x=[0], y=[0], z=[f.value(np.zeros(2)) + 0.08], mode="markers",
                          name="saddle point", marker={"color": "black", "size": 6}, row=1, col=col)
    scene = {"xaxis": {"title": "x", "dtick": 1}, "yaxis": {"title": "y", "dtick": 1},
             "zaxis": {"title": "J", "dtick": 1},
             "camera": {"eye": {"x": 0.85, "y": -1.75, "z": 1.1}, "center": {"x": 0, "y": 0, "z": -0.1}},
             "aspectmode": "manual", "aspectratio": {"x": 1, "y": 1, "z": 0.8}}
    fig.update_layout(scene=scene, scene2=scene)
    layout(fig, "", "", "", height=360)
    fig.update_layout(showlegend=False, margin={"t": 30, "b": 0, "l": 0, "r": 0})
    fig.update_annotations(y=0.98)  # the subplot titles, close to their scenes
    return fig


def epoch_losses(histories, title: str):
    """Training loss (solid) and test loss (dotted) per epoch, one colour per optimizer.

    ``histories`` maps a label to a ``training.History``.
    """
    import plotly.graph_objects as go

    fig = go.Figure()
    palette = list(COLORS.values())
    for i, (label, h) in enumerate(histories.items()):
        color = COLORS.get(label, palette[i % len(palette)])
        epochs = np.arange(1, h.epochs_done + 1)
        fig.add_scatter(x=epochs, y=_sig(h.epoch_loss), mode="lines", name=label, legendgroup=label,
                        line={"color": color, "width": 2.5})
        if len(h.test_loss):
            fig.add_scatter(x=epochs, y=_sig(h.test_loss), mode="lines", name=f"{label} (test)",
                            legendgroup=label, showlegend=False,
                            line={"color": color, "width": 1.5, "dash": "dot"})
    fig.update_yaxes(rangemode="tozero")
    return layout(fig, title, "epoch", "loss", height=480)
