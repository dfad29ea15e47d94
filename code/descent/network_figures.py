"""plotly figures of the backpropagation chapter.

``layer_gradient_norms`` is the experiment behind the vanishing-gradient
figure; ``gradient_norms_by_layer`` draws it for the three hidden activations
at once and is what the chapter's slider calls.  ``cost_vs_params`` plots
measured ``descent.cost.Timing`` rows; ``derivative_curves`` the slopes
sigma', tanh' and relu' that BP2 multiplies by.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from descent import activations
from descent.figures import layout
from descent.network import Network

COLORS = {"sigmoid": "#d62728", "tanh": "#1f77b4", "relu": "#2ca02c",
          "finite differences": "#d62728", "backpropagation": "#1f77b4", "forward pass": "#7f7f7f"}
HIDDEN = ("sigmoid", "tanh", "relu")
NORM_RANGE = (-16, 3)  # log10 of the y-axis of the gradient-norm figure, the same at every depth


def layer_gradient_norms(activation: str, depth: int, width: int = 16, batch_size: int = 64,
                         weight_scale: float = 1.0, seed: int = 0) -> np.ndarray:
    """||dL/dW^l||_F for l = 1..depth+1 of a network with ``depth`` hidden layers.

    Sizes [width] * (depth + 1) + [4], ``activation`` in every hidden layer, a
    softmax output with cross-entropy, the package's initialisation with every
    weight multiplied by ``weight_scale``, inputs N(0, 1) and random classes,
    all drawn from ``seed``.  Cached: the slider's steps and the chapter's
    numbers share one computation.
    """
    return np.array(_layer_gradient_norms(activation, int(round(depth)), width, batch_size,
                                          float(weight_scale), seed))


@lru_cache(maxsize=256)
def _layer_gradient_norms(activation: str, depth: int, width: int, batch_size: int,
                          weight_scale: float, seed: int) -> tuple:
    net = Network([width] * (depth + 1) + [4], activation, "categorical_cross_entropy", seed=seed)
    net.params = [p * (weight_scale if k % 2 == 0 else 1.0) for k, p in enumerate(net.params)]
    rng = np.random.default_rng(seed + 1)
    X, y = rng.normal(size=(width, batch_size)), rng.integers(0, 4, size=batch_size)
    grads = net.loss_and_gradients(X, y)[1]
    return tuple(float(np.linalg.norm(g)) for g in grads[0::2])


def gradient_norms_by_layer(depth: float, weight_scale: float = 1.0):
    """The gradient norm of every layer's weights, sigmoid against tanh against ReLU."""
    import plotly.graph_objects as go

    depth = int(round(depth))
    fig = go.Figure()
    for name in HIDDEN:
        norms = layer_gradient_norms(name, depth, weight_scale=weight_scale)
        layers = np.arange(1, depth + 2)
        fig.add_scatter(x=layers, y=norms, mode="lines+markers", name=name,
                        line={"color": COLORS[name], "width": 3}, marker={"size": 7},
                        customdata=np.full(layers.size, name),
                        hovertemplate="%{customdata}: layer %{x}, ||dW|| = %{y:.2e}<extra></extra>")
    fig.update_yaxes(type="log", range=list(NORM_RANGE), exponentformat="power", dtick=3)
    fig.update_xaxes(range=[0.5, 21.5], dtick=2)
    scale = "" if weight_scale == 1.0 else f", weights × {weight_scale:.2g}"
    return layout(fig, f"{depth} hidden layers of 16 units{scale}",
                  "layer l (1 = first hidden layer, last = output)", "‖∂L/∂Wˡ‖ (log scale)")


def cost_vs_params(timings, predicted=None):
    """Log-log: seconds for the whole gradient by finite differences and by backprop
    against the number of parameters; ``predicted`` an optional (n, seconds) line."""
    import plotly.graph_objects as go

    n = np.array([t.num_params for t in timings])
    fig = go.Figure()
    for name, seconds in (("finite differences", [t.finite_difference for t in timings]),
                          ("backpropagation", [t.forward_backward for t in timings]),
                          ("forward pass", [t.forward for t in timings])):
        fig.add_scatter(x=n, y=np.array(seconds) * 1e3, mode="lines+markers", name=name,
                        line={"color": COLORS[name], "width": 3, "dash": "dot" if name == "forward pass" else None},
                        marker={"size": 8})
    if predicted is not None:
        fig.add_scatter(x=predicted[0], y=np.asarray(predicted[1]) * 1e3, mode="lines",
                        name="2n × one loss evaluation", line={"color": "#ff7f0e", "width": 2, "dash": "dash"})
    fig.update_xaxes(type="log", exponentformat="power", dtick=1)  # a label at each power of 10 only
    fig.update_yaxes(type="log", exponentformat="power", dtick=1)
    return layout(fig, "Time for the whole gradient", "number of parameters n", "milliseconds (log scale)",
                  height=480)


def derivative_curves():
    """sigma'(z), tanh'(z) and relu'(z): the factors BP2 multiplies by at every layer."""
    import plotly.graph_objects as go

    z = np.linspace(-6, 6, 241)
    fig = go.Figure()
    for name in HIDDEN:
        f = activations.get(name)
        fig.add_scatter(x=z, y=f.grad(z), mode="lines", name=f"{name}′(z)",
                        line={"color": COLORS[name], "width": 3, "shape": "hv" if name == "relu" else "linear"})
    fig.add_hline(y=0.25, line={"color": COLORS["sigmoid"], "dash": "dot", "width": 1.5},
                  annotation_text="1/4, the largest σ′", annotation_position="top right",
                  annotation_font_color=COLORS["sigmoid"])
    fig.update_yaxes(range=[-0.05, 1.1])
    return layout(fig, "The slope each layer multiplies δ by", "z", "f′(z)", height=420)
