"""plotly figures of gradient descent on the book's objectives.

Like ``descent.figures``, each slider figure is a function of keywords that
returns a fresh ``go.Figure``, so ``descent.interactive`` can draw it live or
once per precomputed step.
"""

import numpy as np

from . import functions, gd
from .figures import layout

PATH = "#ff7f0e"
SURFACE_SCALE = "RdBu_r"  # red highlands, blue valleys, as in the source's figure


def describe(run: gd.Trajectory) -> str:
    """'converged after 3 steps, J = 0.005898' and the like."""
    what = {"converged": "converged", "max_steps": "stopped at the step limit",
            "diverged": "diverged"}[run.status]
    return f"{what} after {run.steps} steps, J = {run.values[-1]:.6g}"


def path_1d(lr: float, x0: float = 1.2, steps: int = 10):
    """J = x^2 from ``x0``: the iterates on the parabola (left) and |x_k| against k (right)."""
    from plotly.subplots import make_subplots

    run = gd.descend(functions.square, x0, lr, gd.StopRule(max_steps=steps))
    x = run.points[:, 0]
    grid = np.linspace(-2.0, 2.0, 201)
    fig = make_subplots(rows=1, cols=2, column_widths=[0.6, 0.4], horizontal_spacing=0.12)
    fig.add_scatter(x=grid, y=grid**2, mode="lines", name="J(x) = x²",
                    line={"color": "#555555", "width": 2}, row=1, col=1)
    fig.add_scatter(x=x, y=run.values, mode="lines+markers", name="x_k",
                    line={"color": PATH}, marker={"size": 8}, row=1, col=1)
    fig.add_scatter(x=np.arange(run.steps + 1), y=np.abs(x), mode="lines+markers",
                    name="|x_k|", line={"color": "#1f77b4"}, row=1, col=2)
    fig.update_xaxes(range=[-2.0, 2.0], title_text="x", row=1, col=1)
    fig.update_yaxes(range=[-0.2, 4.2], title_text="J(x)", row=1, col=1)
    fig.update_xaxes(range=[-0.5, steps + 0.5], title_text="step k", row=1, col=2)
    fig.update_yaxes(type="log", range=[-8, 3], exponentformat="power",
                     title_text="|x_k| (log scale)", row=1, col=2)
    title = f"η = {lr:.2f}: each step multiplies x by 1 − 2η = {1 - 2 * lr:+.2f}"
    if run.status == "diverged":
        title += f"; diverged after {run.steps} steps"
    return layout(fig, title, "", "")


def _grid(objective, xs, ys):
    X, Y = np.meshgrid(xs, ys)
    return X, Y, objective.value(np.stack([X, Y]))


def contour_path(lr: float, x_start: float = 3.0, y_start: float = 1.0, max_steps: int = 60,
                 value_below: float = 0.01):
    """J = x^2 + sin^2 y: contours with the descent path from (x_start, y_start)."""
    import plotly.graph_objects as go

    f = functions.x2_sin2y
    run = gd.descend(f, np.array([x_start, y_start]), lr,
                     gd.StopRule(value_below=value_below, max_steps=max_steps))
    X, Y, Z = _grid(f, np.linspace(-3.5, 3.5, 141), np.linspace(-3.2, 3.2, 129))
    fig = go.Figure()
    fig.add_contour(x=X[0], y=Y[:, 0], z=Z, colorscale=SURFACE_SCALE, ncontours=25,
                    colorbar={"title": {"text": "J"}}, name="J", showlegend=False)
    fig.add_scatter(x=run.points[:, 0], y=run.points[:, 1], mode="lines+markers", name="path",
                    line={"color": "black", "width": 2}, marker={"color": PATH, "size": 7})
    fig.update_xaxes(range=[-3.5, 3.5], constrain="domain")
    fig.update_yaxes(range=[-3.2, 3.2], scaleanchor="x")
    return layout(fig, f"η = {lr:.2f}: {describe(run)}", "x", "y", height=560)


# Two cameras, like the source's two views: facing the slope the path runs
# down (from the -x side, so the wall at x = 3 does not hide it), and from
# above, where the J axis would only crowd its ticks into one corner.
VIEWS = {"view 1": {"x": -1.5, "y": -1.5, "z": 1.3}, "view 2": {"x": 0.0, "y": -0.35, "z": 2.5}}
_J_AXIS_SHOWN = {"view 1": True, "view 2": False}


def surface_path(run: gd.Trajectory, objective=functions.x2_sin2y):
    """The surface of a 2-D objective with ``run``'s path drawn on it, rotatable, two preset views."""
    import plotly.graph_objects as go

    X, Y, Z = _grid(objective, np.linspace(-3.5, 3.5, 71), np.linspace(-3.2, 3.2, 65))
    fig = go.Figure()
    fig.add_surface(x=X, y=Y, z=Z, colorscale=SURFACE_SCALE, showscale=False,
                    name="J(x, y)")
    lift = 0.05 * (Z.max() - Z.min())  # keep the path visible just above the surface
    fig.add_scatter3d(x=run.points[:, 0], y=run.points[:, 1], z=run.values + lift,
                      mode="lines+markers", name="path",
                      line={"color": "black", "width": 6}, marker={"color": PATH, "size": 4})
    buttons = [{"label": name, "method": "relayout",
                "args": [{"scene.camera.eye": eye, "scene.zaxis.showticklabels": _J_AXIS_SHOWN[name],
                          "scene.zaxis.title.text": "J" if _J_AXIS_SHOWN[name] else ""}]}
               for name, eye in VIEWS.items()]
    fig.update_layout(
        scene={"xaxis_title": "x", "yaxis_title": "y", "zaxis_title": "J",
               "camera": {"eye": VIEWS["view 1"]}, "aspectmode": "manual",
               "aspectratio": {"x": 1.2, "y": 1.1, "z": 0.8}},
        updatemenus=[{"type": "buttons", "direction": "right", "x": 0.0, "y": 1.08,
                      "xanchor": "left", "buttons": buttons}],
    )
    return layout(fig, "", "", "", height=600)
