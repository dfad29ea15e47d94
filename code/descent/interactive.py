"""One cell, two renderings: a live slider in a kernel, a precomputed one in the book.

``explore(draw, Param(...), ...)`` takes a function ``draw(**values) -> plotly
Figure`` and returns an object whose rich display carries

* ``application/vnd.jupyter.widget-view+json``: ipywidgets sliders above a
  plotly ``FigureWidget``; moving a slider calls ``draw`` again (the real
  computation) and copies the new traces into the widget;
* ``text/html``: the figure with a plotly slider over the first parameter's
  ``values``, each step's traces computed at build time by the same ``draw``.

JupyterLab shows the widget; the static book (which prefers ``text/html``, see
``nb_mime_priority_overrides`` in ``_config.yml``) shows the precomputed form.
"""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

FIGURE_STYLE = "background:#ffffff;color:#222222;padding:8px;border-radius:6px;margin:0"
CAPTION_STYLE = "color:#333333;font-size:0.9em;text-align:center;padding:4px 12px 0"

# Trace attributes a slider step may change; anything else must stay fixed.
DATA_KEYS = ("x", "y", "z", "text", "customdata", "name", "marker", "line", "visible")


@dataclass(frozen=True)
class Param:
    """A slider: ``name`` is the keyword passed to ``draw``.

    ``values`` are the precomputed steps of the static book (for the first
    parameter); the live slider spans ``min(values)``..``max(values)``, on a
    log scale when ``log`` is true.
    """

    name: str
    values: Sequence[float]
    label: str | None = None
    initial: float | None = None
    log: bool = False

    def __post_init__(self):
        vals = np.asarray(self.values, dtype=float)
        if vals.ndim != 1 or vals.size < 2 or not np.all(np.isfinite(vals)):
            raise ValueError(f"values of parameter {self.name!r} must be at least two finite numbers")
        if self.log and np.any(vals <= 0):
            raise ValueError(f"values of log parameter {self.name!r} must be positive")
        if self.initial is not None and not vals.min() <= self.initial <= vals.max():
            raise ValueError(f"initial of parameter {self.name!r} lies outside its values")

    @property
    def start(self) -> float:
        """The value shown first: ``initial``, else the value nearest the middle."""
        if self.initial is not None:
            return float(self.initial)
        return float(self.values[len(self.values) // 2])

    @property
    def text(self) -> str:
        return self.label or self.name


def _nearest_index(values, value) -> int:
    return int(np.argmin(np.abs(np.asarray(values, dtype=float) - value)))


def _trace_updates(frames) -> dict:
    """For each data key that varies between frames: one list of per-trace values per frame."""
    traces = [[t.to_plotly_json() for t in f.data] for f in frames]
    if len({len(t) for t in traces}) != 1:
        raise ValueError("draw must return the same number of traces for every value")
    varying = {}
    for key in DATA_KEYS:
        per_frame = [[t.get(key) for t in ts] for ts in traces]
        if any(_json(p) != _json(per_frame[0]) for p in per_frame[1:]):
            varying[key] = per_frame
    return varying


def _moving_traces(data_updates: dict, n_traces: int) -> list[int]:
    """Indices of the traces whose data differ between frames in any key."""
    return [t for t in range(n_traces)
            if any(_json(per_frame[0][t]) != _json(f[t]) for per_frame in data_updates.values()
                   for f in per_frame[1:])]


def _layout_updates(frames) -> dict:
    """Layout keys (one level deep, dotted) whose values vary between frames."""
    layouts = [_flatten(f.layout.to_plotly_json()) for f in frames]
    keys = set().union(*layouts)
    return {
        k: [lay.get(k) for lay in layouts]
        for k in sorted(keys)
        if any(_json(lay.get(k)) != _json(layouts[0].get(k)) for lay in layouts[1:])
    }


def _flatten(layout: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in layout.items():
        if key == "template":
            continue
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _json(obj) -> str:
    from plotly.utils import PlotlyJSONEncoder

    return json.dumps(obj, cls=PlotlyJSONEncoder, sort_keys=True)


def static_figure(draw: Callable, params: Sequence[Param]):
    """The plotly figure of the book: a slider over ``params[0].values``.

    Every step is drawn by ``draw`` with the other parameters at their start.
    """
    first, rest = params[0], {p.name: p.start for p in params[1:]}
    frames = [draw(**{first.name: float(v)}, **rest) for v in first.values]
    data_updates, layout_updates = _trace_updates(frames), _layout_updates(frames)
    # Only the traces that change are stored in each step (a fixed curve is
    # not repeated once per step); plotly.update's third argument names them.
    moving = _moving_traces(data_updates, len(frames[0].data))
    steps = []
    for i, v in enumerate(first.values):
        data = {k: [per_frame[i][t] for t in moving] for k, per_frame in data_updates.items()}
        layout = {k: per_frame[i] for k, per_frame in layout_updates.items()}
        args = [data, layout] if len(moving) == len(frames[0].data) else [data, layout, moving]
        steps.append({"method": "update", "label": f"{v:g}", "args": args})
    active = _nearest_index(first.values, first.start)
    fig = frames[active]
    fig.update_layout(
        sliders=[{
            "active": active,
            "steps": steps,
            "currentvalue": {"prefix": f"{first.text} = "},
            "pad": {"t": 70},  # clear of the x-axis title
        }]
    )
    return fig


def figure_html(fig, caption: str, alt: str) -> str:
    """The figure as a self-contained ``<figure>``: div, inline script, caption.

    The div id is a hash of the figure, so two builds give the same page.
    plotly.js itself is added to the page's ``<head>`` by the book's extension.
    """
    payload = _json({"data": fig.to_plotly_json()["data"], "layout": fig.to_plotly_json()["layout"]})
    div_id = "fig-" + hashlib.sha1((payload + caption).encode()).hexdigest()[:12]
    config = json.dumps({"responsive": True, "displaylogo": False})
    # The trace types tell the book's extension which plotly.js bundle the page needs.
    traces = " ".join(sorted({t.type for t in fig.data}))
    return (
        # A white card with dark ink whatever the theme: the figure is drawn
        # on white, and the caption must stay readable in dark mode too.
        f'<figure class="descent-figure" style="{FIGURE_STYLE}">'
        f'<div id="{div_id}" class="plotly-graph-div" data-plotly-traces="{traces}" '
        f'role="img" aria-label="{html.escape(alt)}" '
        f'style="width:100%;height:{int(fig.layout.height or 450)}px"></div>'
        f'<script>(function(){{var f={payload};'
        f'Plotly.newPlot("{div_id}",f.data,f.layout,{config});}})();</script>'
        f'<figcaption style="{CAPTION_STYLE}">{html.escape(caption)}</figcaption></figure>'
    )


def live_widget(draw: Callable, params: Sequence[Param]):
    """ipywidgets sliders above a FigureWidget; each move re-runs ``draw``.

    The FigureWidget is built once and reused: a move sets only the trace and
    layout properties whose values changed since the last draw (a descent
    path, a title), not the ones that stay put (a contour grid, the axes, the
    template). Copying every property of every trace back through plotly's
    validators took most of a second per move; the changed few take
    milliseconds.
    """
    import ipywidgets as widgets
    import plotly.graph_objects as go

    sliders = [_slider(p) for p in params]
    first = draw(**{p.name: p.start for p in params})
    fig = go.FigureWidget(first)
    shown = {"traces": _trace_props(first), "layout": _flatten(first.layout.to_plotly_json())}

    def redraw(_change=None):
        new = draw(**{p.name: s.value for p, s in zip(params, sliders)})
        traces, layout = _trace_props(new), _flatten(new.layout.to_plotly_json())
        if [t.get("type") for t in traces] != [t.get("type") for t in shown["traces"]]:
            with fig.batch_update():  # other traces altogether: replace them
                fig.data = []
            fig.add_traces(new.data)
        else:
            with fig.batch_update():
                for i, (before, after) in enumerate(zip(shown["traces"], traces)):
                    for key in _changed(before, after):
                        fig.data[i][key] = after.get(key)
                for key in _changed(shown["layout"], layout):
                    fig.layout[key] = layout.get(key)
        shown.update(traces=traces, layout=layout)

    for s in sliders:
        s.observe(redraw, names="value")
    return widgets.VBox([*sliders, fig])


def _trace_props(fig) -> list[dict]:
    return [t.to_plotly_json() for t in fig.data]


def _changed(before: dict, after: dict) -> list[str]:
    """Keys whose values differ between two property dicts (absent counts as None)."""
    return sorted(k for k in before.keys() | after.keys() if not _same(before.get(k), after.get(k)))


def _same(a, b) -> bool:
    """Equal plotly property values: numbers, strings, lists, dicts, numpy arrays."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        return a.shape == b.shape and a.dtype.kind == b.dtype.kind and bool(np.array_equal(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def _slider(p: Param):
    import ipywidgets as widgets

    lo, hi = float(min(p.values)), float(max(p.values))
    style = {"description_width": "initial"}
    layout = widgets.Layout(width="28em")
    common = dict(description=p.text, continuous_update=False, style=style, layout=layout)
    if p.log:
        return widgets.FloatLogSlider(
            value=p.start, base=10, min=np.log10(lo), max=np.log10(hi),
            step=(np.log10(hi) - np.log10(lo)) / 200, **common,
        )
    return widgets.FloatSlider(value=p.start, min=lo, max=hi, step=(hi - lo) / 200,
                               readout_format=".3g", **common)


class Explorable:
    """What a notebook cell displays; see the module docstring."""

    def __init__(self, draw: Callable, params: Sequence[Param], caption: str, alt: str):
        if not params:
            raise ValueError("params must name at least one slider")
        self.draw, self.params, self.caption, self.alt = draw, list(params), caption, alt
        self._widget = None

    def widget(self):
        """The live form, built once."""
        if self._widget is None:
            self._widget = live_widget(self.draw, self.params)
        return self._widget

    def html(self) -> str:
        """The static form, computed at build time."""
        return figure_html(static_figure(self.draw, self.params), self.caption, self.alt)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget()._repr_mimebundle_() or {})
        bundle["text/html"] = self.html()
        bundle["text/plain"] = f"<figure: {self.caption}>"
        return bundle


def explore(draw: Callable, *params: Param, caption: str, alt: str) -> Explorable:
    """A figure with sliders that works live in a kernel and precomputed in the book."""
    return Explorable(draw, params, caption, alt)


def static(fig, caption: str, alt: str):
    """A plotly figure with no slider (for example a rotatable 3D surface) for the book."""
    from IPython.display import HTML

    return HTML(figure_html(fig, caption, alt))
