"""The book's form of a slider figure: every step drawn at build time.

``static_figure(draw, params)`` calls ``draw`` once per value of the first
parameter and turns the frames into one plotly figure with a ``sliders``
control whose steps carry only what changes between frames, so the figure
still moves in the static HTML, where there is no kernel.  ``figure_html``
wraps any plotly figure in a captioned ``<figure>`` for the page.
"""

from __future__ import annotations

import hashlib
import html
import json
from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np

if TYPE_CHECKING:
    from descent.interactive import Param

FIGURE_STYLE = "background:#ffffff;color:#222222;padding:8px;border-radius:6px;margin:0"
CAPTION_STYLE = "color:#333333;font-size:0.9em;text-align:center;padding:4px 12px 0"

# Trace attributes a slider step may change; anything else must stay fixed.
DATA_KEYS = ("x", "y", "z", "text", "customdata", "name", "marker", "line", "visible")


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
        if any(to_json(p) != to_json(per_frame[0]) for p in per_frame[1:]):
            varying[key] = per_frame
    return varying


def _moving_traces(data_updates: dict, n_traces: int) -> list[int]:
    """Indices of the traces whose data differ between frames in any key."""
    return [t for t in range(n_traces)
            if any(to_json(per_frame[0][t]) != to_json(f[t]) for per_frame in data_updates.values()
                   for f in per_frame[1:])]


def _layout_updates(frames) -> dict:
    """Layout keys (one level deep, dotted) whose values vary between frames."""
    layouts = [flatten(f.layout.to_plotly_json()) for f in frames]
    keys = set().union(*layouts)
    return {
        k: [lay.get(k) for lay in layouts]
        for k in sorted(keys)
        if any(to_json(lay.get(k)) != to_json(layouts[0].get(k)) for lay in layouts[1:])
    }


def flatten(layout: dict, prefix: str = "") -> dict:
    """{"xaxis.title.text": ..., ...} from a nested layout; the template, which never moves, left out."""
    flat = {}
    for key, value in layout.items():
        if key == "template":
            continue
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def to_json(obj) -> str:
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
    payload = to_json({"data": fig.to_plotly_json()["data"], "layout": fig.to_plotly_json()["layout"]})
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
