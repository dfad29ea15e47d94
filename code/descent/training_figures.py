"""plotly figures of mini-batch training: loss curves, cost in time, paths, decision regions.

Every function returns a fresh ``go.Figure`` styled by ``figures.layout``.
Long per-update records are thinned to at most ``MAX_POINTS`` points and
rounded, so a precomputed slider keeps the built page small.
"""

import numpy as np

from .figures import layout

CLASS_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b")
REGION_COLORS = ("#d4e4f4", "#fde2c4", "#d3efd0", "#e4dbef", "#eaddd9")
BATCH_COLORS = ("#d62728", "#ff7f0e", "#2ca02c", "#17becf", "#1f77b4", "#9467bd", "#8c564b",
                "#e377c2", "#444444")
MAX_POINTS = 1200


def _thin(*arrays, decimals: int = 4):
    """Every k-th entry (k chosen so at most MAX_POINTS remain, the last always kept), rounded."""
    n = len(arrays[0])
    keep = np.unique(np.r_[np.arange(0, n, max(1, -(-n // MAX_POINTS))), n - 1]) if n else np.arange(0)
    return [np.round(np.asarray(a)[keep], decimals) for a in arrays]


def loss_curves(run, reference, y_max: float = 1.6):
    """One run's batch losses, epoch means and test loss, with the full-batch run for reference.

    ``run`` and ``reference`` are ``training.History`` records; the x-axis is
    the number of epochs done, so the B = 1 run's many updates and the full
    batch's one update per epoch share the same axis.
    """
    import plotly.graph_objects as go

    epochs = np.arange(1, run.epochs_done + 1)
    x, y = _thin(run.step_epoch, run.step_loss)
    fig = go.Figure()
    fig.add_scatter(x=x, y=y, mode="lines", name="loss of each batch",
                    line={"color": "rgba(31,119,180,0.3)", "width": 0.8})
    fig.add_scatter(x=epochs, y=np.round(run.epoch_loss, 4), mode="lines+markers",
                    name="training loss, epoch mean", line={"color": "#1f77b4", "width": 3})
    fig.add_scatter(x=epochs, y=np.round(run.test_loss, 4), mode="lines+markers", name="test loss",
                    line={"color": "#d62728", "width": 2, "dash": "dash"}, marker={"symbol": "square"})
    ref_epochs = np.arange(1, reference.epochs_done + 1)
    fig.add_scatter(x=ref_epochs, y=np.round(reference.epoch_loss, 4), mode="lines",
                    name=f"full batch (B = {reference.batch_size}), for comparison",
                    line={"color": "#888888", "width": 2, "dash": "dot"})
    fig.update_xaxes(range=[0, run.epochs_done + 0.2])
    fig.update_yaxes(range=[0, y_max])
    per_epoch = -(-run.num_samples // run.batch_size)
    updates = "1 update" if per_epoch == 1 else f"{per_epoch} updates"
    title = (f"B = {run.batch_size}: {updates} per epoch, {run.updates} in all; "
             f"test accuracy {run.test_accuracy[-1]:.1%}")
    return layout(fig, title, "epochs", "cross-entropy loss", height=540)


def loss_against_time(runs):
    """Each run's epoch-mean training loss against the wall time spent training (log scale)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for color, run in zip(BATCH_COLORS, runs):
        seconds = np.cumsum(run.epoch_seconds)
        fig.add_scatter(x=np.round(1e3 * seconds, 3), y=np.round(run.epoch_loss, 4),
                        mode="lines+markers", name=f"B = {run.batch_size}",
                        line={"color": color, "width": 2}, marker={"size": 5})
    fig.update_xaxes(type="log", exponentformat="none")
    return layout(fig, "Training loss against the time spent (one marker per epoch)",
                  "wall time (ms, log scale)", "training loss, epoch mean", height=520)


def parameter_paths(runs, X, Y, names=("w", "b")):
    """Paths of (w, b) for a one-input linear model, over the contours of the full-data MSE.

    ``runs`` are histories recorded with ``keep_params=True`` on X (1, m), Y (1, m).
    """
    import plotly.graph_objects as go

    paths = [run.param_path for run in runs]
    everything = np.vstack(paths)
    lo, hi = everything.min(axis=0), everything.max(axis=0)
    pad = 0.1 * (hi - lo) + 0.05
    ws = np.linspace(lo[0] - pad[0], hi[0] + pad[0], 81)
    bs = np.linspace(lo[1] - pad[1], hi[1] + pad[1], 81)
    Wg, Bg = np.meshgrid(ws, bs)
    x, y = X[0], Y[0]
    mse = ((Wg[..., None] * x + Bg[..., None] - y) ** 2).mean(axis=-1)
    fig = go.Figure()
    fig.add_contour(x=np.round(ws, 4), y=np.round(bs, 4), z=np.round(mse, 4), colorscale="Greys",
                    reversescale=True, ncontours=20, showscale=False, opacity=0.55,
                    contours={"coloring": "lines"}, line={"width": 1}, name="MSE", showlegend=False)
    for color, run in zip(("#d62728", "#ff7f0e", "#1f77b4"), runs):
        p0, p1 = _thin(run.param_path[:, 0], run.param_path[:, 1])
        fig.add_scatter(x=p0, y=p1, mode="lines+markers", name=f"B = {run.batch_size}: {run.updates} updates",
                        line={"color": color, "width": 1.5}, marker={"color": color, "size": 4})
    fig.update_yaxes(scaleanchor="x")
    return layout(fig, f"Paths of ({names[0]}, {names[1]}) over the contours of the full-data loss",
                  names[0], names[1], height=560)


def _class_scatter(fig, X_train, y_train, X_test, y_test):
    for k in np.unique(np.concatenate([y_train, y_test])):
        color = CLASS_COLORS[k % len(CLASS_COLORS)]
        fig.add_scatter(x=np.round(X_train[0, y_train == k], 4), y=np.round(X_train[1, y_train == k], 4),
                        mode="markers", name=f"class {k}",
                        marker={"color": color, "size": 7, "line": {"color": "white", "width": 0.5}})
    fig.add_scatter(x=np.round(X_test[0], 4), y=np.round(X_test[1], 4), mode="markers", name="test points",
                    marker={"color": [CLASS_COLORS[k % len(CLASS_COLORS)] for k in y_test], "size": 10,
                            "symbol": "diamond", "line": {"color": "black", "width": 1.5}})


def classes(X_train, y_train, X_test, y_test, title: str):
    """The two-feature data set, one colour per class; test points as outlined diamonds."""
    import plotly.graph_objects as go

    fig = go.Figure()
    _class_scatter(fig, X_train, y_train, X_test, y_test)
    fig.update_xaxes(constrain="domain")
    fig.update_yaxes(scaleanchor="x")
    return layout(fig, title, "x₁ (standardized)", "x₂ (standardized)", height=560)


def decision_regions(model, X_train, y_train, X_test, y_test, title: str, resolution: int = 60):
    """The class ``model`` predicts at each point of a grid over the data, under the data."""
    import plotly.graph_objects as go

    both = np.hstack([X_train, X_test])
    lo, hi = both.min(axis=1) - 0.3, both.max(axis=1) + 0.3
    g0, g1 = np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution)
    G0, G1 = np.meshgrid(g0, g1)
    predicted = model.predict(np.stack([G0.ravel(), G1.ravel()])).argmax(axis=0).reshape(G0.shape)
    K = int(max(y_train.max(), y_test.max(), predicted.max())) + 1
    scale = [[edge, REGION_COLORS[k]] for k in range(K) for edge in (k / K, (k + 1) / K)]
    fig = go.Figure()
    fig.add_heatmap(x=np.round(g0, 4), y=np.round(g1, 4), z=predicted, colorscale=scale, zmin=-0.5,
                    zmax=K - 0.5, showscale=False, hoverinfo="skip", name="predicted class")
    _class_scatter(fig, X_train, y_train, X_test, y_test)
    fig.update_xaxes(range=[lo[0], hi[0]], constrain="domain")
    fig.update_yaxes(range=[lo[1], hi[1]], scaleanchor="x")
    return layout(fig, title, "x₁ (standardized)", "x₂ (standardized)", height=600)
