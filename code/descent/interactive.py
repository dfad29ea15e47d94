"""One cell, two renderings: a live slider in a kernel, a precomputed one in the book.

``explore(draw, Param(...), ...)`` takes a function ``draw(**values) -> plotly
Figure`` and returns an object whose rich display carries

* ``application/vnd.jupyter.widget-view+json``: ipywidgets sliders above a
  plotly ``FigureWidget``; moving a slider calls ``draw`` again (the real
  computation) and copies the new traces into the widget (``slider_live``);
* ``text/html``: the figure with a plotly slider over the first parameter's
  ``values``, each step's traces computed at build time by the same ``draw``
  (``slider_html``).

JupyterLab shows the widget; the static book (which prefers ``text/html``, see
``nb_mime_priority_overrides`` in ``_config.yml``) shows the precomputed form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from descent.slider_html import figure_html, static_figure
from descent.slider_live import live_widget

__all__ = ["Param", "Explorable", "explore", "static", "static_figure", "figure_html", "live_widget"]


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
