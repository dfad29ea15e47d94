"""Sphinx extension that keeps the built book self-contained and light.

* sphinx-thebe (always loaded by Jupyter Book 1) writes an inline script with
  an unpkg URL on every page, twice, which also throws "Identifier
  'THEBE_JS_URL' has already been declared". The book never launches thebe,
  so its scripts are dropped.
* Pages that show a plotly figure get plotly.js from the book's own
  ``_static`` folder, as a blocking script in ``<head>`` so the inline
  ``Plotly.newPlot`` calls in the page body find it. Other pages do not load it.
* That plotly.js is ``plotly/plotly-book.min.js`` (1.9 MB): plotly.js built
  with only the trace types the book draws (``plotly/bundle.json``; rebuild
  with ``plotly/build.sh``), instead of the full 4.8 MB bundle in the plotly
  package. Each figure names its trace types (``data-plotly-traces``, written
  by ``descent.interactive``); if any page shows a type outside the bundle, a
  figure that does not name its types, or if the installed plotly package
  bundles another plotly.js version, the full bundle is served instead.
* myst-nb embeds the notebook's ipywidgets state in the page. The static book
  shows the precomputed figure instead of the live widget, so that state (a
  plotly FigureWidget bundles all of plotly.js, ~10 MB) is dead weight and is
  dropped too.
* pydata-sphinx-theme loads Font Awesome's SVG script (1.5 MB) on every page
  "so that users can add custom icons". The book adds none, and the theme's
  CSS already draws every icon it uses from Font Awesome's web font, so the
  script is replaced by an empty one.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

PLOTLY_JS = "plotly.min.js"
FIGURE_MARKER = 'class="plotly-graph-div'
TRACES = re.compile(r'data-plotly-traces="([^"]*)"')
BUNDLE = Path(__file__).parent / "plotly"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
FONTAWESOME_JS = Path("_static") / "scripts" / "fontawesome.js"
FONTAWESOME_STUB = ("/* Emptied by the book's extension (bookext): the theme's CSS draws its icons "
                    "from Font Awesome's web font; the SVG script is not needed. */\n")


def _is_unwanted(script) -> bool:
    """sphinx-thebe's scripts, or the embedded ipywidgets state."""
    body = script.attributes.get("body", "") or ""
    return ("THEBE_JS_URL" in body or "thebe" in (script.filename or "")
            or script.attributes.get("type") == WIDGET_STATE)


def figure_traces(body: str) -> set[str] | None:
    """Trace types of the page's plotly figures; None if a figure does not name them."""
    named = TRACES.findall(body)
    if len(named) != body.count(FIGURE_MARKER):
        return None
    return {t for types in named for t in types.split()}


def choose_plotly(traces: set[str] | None, bundle_dir: Path = BUNDLE,
                  installed_version: str | None = None) -> tuple[Path, str]:
    """The plotly.js file to serve and why: the book's small bundle when it can draw everything."""
    import plotly
    from plotly.offline import get_plotlyjs_version

    full = Path(plotly.__file__).parent / "package_data" / PLOTLY_JS
    small = bundle_dir / "plotly-book.min.js"
    if not small.exists():
        return full, f"{small} is missing"
    spec = json.loads((bundle_dir / "bundle.json").read_text())
    installed = installed_version or get_plotlyjs_version()
    if installed != spec["plotly.js"]:
        return full, f"plotly bundles plotly.js {installed}, the book's bundle is {spec['plotly.js']}"
    if traces is None:
        return full, "a figure does not name its trace types"
    missing = traces - set(spec["traces"])
    if missing:
        return full, f"trace types outside the book's bundle: {', '.join(sorted(missing))}"
    return small, f"the book's bundle draws every trace type used ({', '.join(sorted(traces))})"


def on_page(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if scripts is not None:
        scripts[:] = [s for s in scripts if not _is_unwanted(s)]
    body = context.get("body", "")
    if FIGURE_MARKER in body:
        app.add_js_file(PLOTLY_JS, priority=200)
        app.env.bookext_plotly_used = True
        traces = figure_traces(body)
        seen = getattr(app.env, "bookext_plotly_traces", set())
        app.env.bookext_plotly_traces = None if traces is None or seen is None else seen | traces


def on_finished(app, exception):
    if exception is not None:
        return
    static = Path(app.outdir) / "_static"
    if getattr(app.env, "bookext_plotly_used", False):
        source, why = choose_plotly(getattr(app.env, "bookext_plotly_traces", None))
        logger.info(f"bookext: serving {source.name} as {PLOTLY_JS}: {why}")
        static.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, static / PLOTLY_JS)
    fontawesome = Path(app.outdir) / FONTAWESOME_JS
    if fontawesome.exists():
        fontawesome.write_text(FONTAWESOME_STUB)


def setup(app):
    app.connect("html-page-context", on_page)
    app.connect("build-finished", on_finished)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}
