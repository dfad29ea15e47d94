"""The kernel's form of a slider figure: ipywidgets sliders that re-run ``draw``.

``live_widget(draw, params)`` shows the figure in a plotly ``FigureWidget``
under one slider per parameter; moving a slider calls ``draw`` again, the
real computation, and sends the widget only what changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np

from descent.slider_html import flatten

if TYPE_CHECKING:
    from descent.interactive import Param


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
    shown = {"traces": _trace_props(first), "layout": flatten(first.layout.to_plotly_json())}

    def redraw(_change=None):
        new = draw(**{p.name: s.value for p, s in zip(params, sliders)})
        traces, layout = _trace_props(new), flatten(new.layout.to_plotly_json())
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
