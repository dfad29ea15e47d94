"""plotly figures drawn from the book's computations.

Each function takes the slider values as keywords and returns a fresh
``go.Figure``, so ``descent.interactive`` can call it live in a kernel or once
per precomputed step at build time: one code path for both.
"""

from functools import lru_cache

import numpy as np
import plotly.io as pio

from . import data, losses, regression

# Every figure of the book is a white card (see ``layout``). The template is
# made the default once, here, instead of being passed to each figure: plotly
# validates a template given to ``update_layout`` afresh every time (about
# 25 ms), which a live slider would pay on every move; the default is
# validated once and cached.
pio.templates.default = "plotly_white"

COLORS = {"data": "#444444", "mse": "#1f77b4", "mae": "#d62728", "y1": "#2ca02c", "y0": "#9467bd"}


def layout(fig, title: str, xtitle: str, ytitle: str, height: int = 520):
    """White card with dark ink: readable in the theme's light and dark modes alike."""
    fig.update_layout(
        title={"text": title, "x": 0.02, "y": 0.97, "yanchor": "top"}, height=height,
        paper_bgcolor="white", plot_bgcolor="white", font={"color": "#222222", "size": 14},
        # The legend sits between title and plot, clear of the slider below.
        margin={"l": 60, "r": 20, "t": 110, "b": 50},
        legend={"orientation": "h", "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom"},
    )
    fig.update_xaxes(showline=True, linecolor="#888888")
    fig.update_yaxes(showline=True, linecolor="#888888")
    if xtitle:  # subplots set their own axis titles and pass ""
        fig.update_xaxes(title_text=xtitle)
    if ytitle:
        fig.update_yaxes(title_text=ytitle)
    return fig


def side_by_side(left: float = 0.55, gap: float = 0.12):
    """An empty figure with two panels, axes x/y on the left and x2/y2 on the right.

    What ``make_subplots(rows=1, cols=2)`` gives, without its cost (about
    20 ms), which a live slider would pay on every move.
    """
    import plotly.graph_objects as go

    return go.Figure(layout={
        "xaxis": {"domain": [0.0, left], "anchor": "y"}, "yaxis": {"anchor": "x"},
        "xaxis2": {"domain": [left + gap, 1.0], "anchor": "y2"}, "yaxis2": {"anchor": "x2"},
    })


def outlier_fits(outlier: float, seed: int = 0):
    """A noisy line whose last point is lifted by ``outlier``, with its MSE and MAE lines."""
    import plotly.graph_objects as go

    x, y = data.with_outlier(*data.noisy_line(seed=seed), size=outlier)
    xs = np.array([x.min(), x.max()])
    fig = go.Figure()
    fig.add_scatter(x=x, y=y, mode="markers", name="data",
                    marker={"color": COLORS["data"], "size": 9})
    for name, fit in (("mse", regression.mse_line), ("mae", regression.mae_line)):
        w, b = fit(x, y)
        fig.add_scatter(x=xs, y=w * xs + b, mode="lines", line={"color": COLORS[name], "width": 3},
                        name=f"{name.upper()} line: y = {w:.3f} x {'+' if b >= 0 else '−'} {abs(b):.3f}")
    fig.update_yaxes(range=[-1, 37])
    return layout(fig, f"Last point lifted by {outlier:g}", "x", "y")


_PROBABILITIES = np.linspace(0.005, 0.995, 199)


@lru_cache(maxsize=2)
def _cross_entropy_curve(label: float) -> tuple:
    """The loss of one prediction q against ``label`` for each q of the grid: the same at every slider move."""
    return tuple(losses.binary_cross_entropy.value(np.array([q]), np.array([label])) for q in _PROBABILITIES)


def cross_entropy_at(p: float):
    """Binary cross-entropy of one prediction ``p`` against labels 1 and 0, with the tangents at ``p``."""
    import plotly.graph_objects as go

    grid = _PROBABILITIES
    fig = go.Figure()
    for label, color in ((1.0, COLORS["y1"]), (0.0, COLORS["y0"])):
        curve = _cross_entropy_curve(label)
        at = losses.binary_cross_entropy.value(np.array([p]), np.array([label]))
        slope = float(losses.binary_cross_entropy.grad(np.array([p]), np.array([label]))[0])
        fig.add_scatter(x=grid, y=curve, mode="lines", name=f"loss when y = {label:g}",
                        line={"color": color, "width": 3})
        near = np.array([max(p - 0.15, 0.0), min(p + 0.15, 1.0)])
        fig.add_scatter(x=near, y=at + slope * (near - p), mode="lines", showlegend=False,
                        line={"color": color, "dash": "dot", "width": 2})
        fig.add_scatter(x=[p], y=[at], mode="markers", marker={"color": color, "size": 12},
                        name=f"y = {label:g}: L = {at:.3f}, dL/dp = {slope:.3f}")
    fig.update_yaxes(range=[0, 5.5])
    fig.update_xaxes(range=[0, 1])
    return layout(fig, f"Predicted probability p = {p:.2f}", "p (predicted probability of class 1)", "loss")
