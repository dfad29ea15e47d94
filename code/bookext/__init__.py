"""Sphinx extension that keeps the built book self-contained.

* sphinx-thebe (always loaded by Jupyter Book 1) writes an inline script with
  an unpkg URL on every page, twice, which also throws "Identifier
  'THEBE_JS_URL' has already been declared". The book never launches thebe,
  so its scripts are dropped.
* Pages that show a plotly figure get plotly.js from the book's own
  ``_static`` folder, as a blocking script in ``<head>`` so the inline
  ``Plotly.newPlot`` calls in the page body find it. Other pages do not pay
  its 4.8 MB.
* myst-nb embeds the notebook's ipywidgets state in the page. The static book
  shows the precomputed figure instead of the live widget, so that state (a
  plotly FigureWidget bundles all of plotly.js, ~10 MB) is dead weight and is
  dropped too.
"""

from pathlib import Path
import shutil

PLOTLY_JS = "plotly.min.js"
FIGURE_MARKER = 'class="plotly-graph-div'


WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _is_unwanted(script) -> bool:
    """sphinx-thebe's scripts, or the embedded ipywidgets state."""
    body = script.attributes.get("body", "") or ""
    return ("THEBE_JS_URL" in body or "thebe" in (script.filename or "")
            or script.attributes.get("type") == WIDGET_STATE)


def _plotly_source() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / PLOTLY_JS


def on_page(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if scripts is not None:
        scripts[:] = [s for s in scripts if not _is_unwanted(s)]
    if FIGURE_MARKER in context.get("body", ""):
        app.add_js_file(PLOTLY_JS, priority=200)
        app.env.bookext_plotly_used = True


def on_finished(app, exception):
    if exception is None and getattr(app.env, "bookext_plotly_used", False):
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_plotly_source(), static / PLOTLY_JS)


def setup(app):
    app.connect("html-page-context", on_page)
    app.connect("build-finished", on_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
