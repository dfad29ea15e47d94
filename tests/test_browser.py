"""The built book in real headless Chromium: offline, error-free, math rendered, sliders working."""

from urllib.parse import urlparse

import pytest

from benchmarks.pages import built_pages
from test_book import NOTEBOOKS

CHAPTER_1 = "chapters/loss_functions.html"
CHAPTER_3 = "chapters/gradient_descent_2d.html"
CHAPTER_PAGES = [f"chapters/{nb.stem}.html" for nb in NOTEBOOKS]


def visit(browser, url):
    """Open ``url``; return the page and what it asked of other hosts and what it threw."""
    page = browser.new_page()
    outside, errors = [], []
    page.on("request", lambda r: outside.append(r.url)
            if urlparse(r.url).hostname not in ("127.0.0.1", None) and not r.url.startswith("data:") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url, wait_until="networkidle")
    return page, outside, errors


def wait_for_math(page):
    page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise")
    page.evaluate("MathJax.startup.promise")


def test_every_page_is_offline_and_error_free(browser, server, site):
    pages = built_pages(site)
    assert CHAPTER_1 in pages
    report = {}
    for rel in pages:
        page, outside, errors = visit(browser, f"{server}/{rel}")
        page.close()
        if outside or errors:
            report[rel] = {"outside": outside, "errors": errors}
    assert report == {}


@pytest.mark.parametrize("path", CHAPTER_PAGES)
def test_math_is_rendered_on_every_chapter(browser, server, path):
    page, _, _ = visit(browser, f"{server}/{path}")
    wait_for_math(page)
    counts = page.evaluate(r"""() => ({
        math: document.querySelectorAll('.math').length,
        rendered: document.querySelectorAll('.math mjx-container').length,
        // Prose (not code) that still shows TeX source was never typeset.
        raw: Array.from(document.querySelectorAll('article p, article li, article td'))
                  .filter(e => /\\(frac|sum|hat|partial|eta)|\$/.test(e.innerText)).map(e => e.innerText),
    })""")
    page.close()
    assert counts["math"] >= 10
    assert counts["rendered"] == counts["math"]
    assert counts["raw"] == []


SLIDER_FIGURES = """Array.from(document.querySelectorAll('.js-plotly-plot'))
    .filter(g => g.layout.sliders && g.layout.sliders.length)"""
WIDGET = "application/vnd.jupyter.widget-view+json"


def slider_outputs(site, path) -> int:
    """How many slider figures the executed notebook displayed (each shows a live widget)."""
    import json

    executed = site.parent / "jupyter_execute" / path.replace(".html", ".ipynb")
    cells = json.loads(executed.read_text())["cells"]
    return sum(WIDGET in out.get("data", {}) for c in cells for out in c.get("outputs", []))


def slider_state(page, index):
    # _fullData holds the decoded arrays whether the page stored them as lists or base64.
    return page.evaluate(
        f"""(i) => {{ const gd = {SLIDER_FIGURES}[i];
                    return {{data: gd._fullData.map(t => [Array.from(t.x || []), Array.from(t.y || [])]),
                            active: gd.layout.sliders[0].active,
                            last: gd.layout.sliders[0].steps.length - 1}}; }}""", index)


def drag_slider(page, index, to_right: bool):
    """Drag the handle of slider figure ``index`` to one end of its rail, as a reader would."""
    boxes = page.evaluate(f"""(i) => {{
        const gd = {SLIDER_FIGURES}[i];
        const box = (sel) => {{ const r = gd.querySelector(sel).getBoundingClientRect();
                               return {{x: r.x, y: r.y, width: r.width, height: r.height}}; }};
        return {{rail: box('.slider-rail-rect'), grip: box('.slider-grip-rect')}}; }}""", index)
    rail, grip = boxes["rail"], boxes["grip"]
    target = rail["x"] + rail["width"] - 2 if to_right else rail["x"] + 2
    page.mouse.move(grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2)
    page.mouse.down()
    page.mouse.move(target, rail["y"] + rail["height"] / 2, steps=10)
    page.mouse.up()


@pytest.mark.parametrize("path", CHAPTER_PAGES)
def test_every_slider_on_the_page_changes_the_plotted_data(browser, server, site, path):
    expected = slider_outputs(site, path)
    page, _, errors = visit(browser, f"{server}/{path}")
    page.wait_for_load_state("load")
    count = page.evaluate(f"() => {SLIDER_FIGURES}.length")
    assert count == expected >= 1
    for index in range(count):
        page.evaluate(f"(i) => {SLIDER_FIGURES}[i].scrollIntoView()", index)
        before = slider_state(page, index)
        to_right = before["active"] < before["last"]
        drag_slider(page, index, to_right)
        page.wait_for_function(
            f"([i, a]) => {SLIDER_FIGURES}[i].layout.sliders[0].active !== a",
            arg=[index, before["active"]])
        after = slider_state(page, index)
        assert (after["active"] > before["active"]) == to_right, index
        assert after["data"] != before["data"], index
    page.close()
    assert errors == []


def test_the_3d_surface_renders_and_turns_to_its_second_view(browser, server, tmp_path):
    import numpy as np
    from PIL import Image

    page, _, errors = visit(browser, f"{server}/{CHAPTER_3}")
    page.wait_for_function("() => document.querySelector('.js-plotly-plot')")
    plots = "Array.from(document.querySelectorAll('.js-plotly-plot'))"
    index = page.evaluate(f"() => {plots}.findIndex(g => g._fullLayout.scene)")
    assert index >= 0, "no 3D scene on the page"
    scene = f"{plots}[{index}]"
    figure = page.locator(".js-plotly-plot").nth(index)
    figure.scroll_into_view_if_needed()
    info = page.evaluate(f"""() => {{ const gd = {scene};
        const c = gd.querySelector('canvas');
        return {{types: gd._fullData.map(t => t.type), canvas: c ? [c.width, c.height] : null,
                 eye: gd._fullLayout.scene.camera.eye}}; }}""")
    assert info["types"] == ["surface", "scatter3d"]
    assert info["canvas"] and min(info["canvas"]) > 100
    shot = tmp_path / "surface.png"
    figure.screenshot(path=str(shot))
    rgb = np.asarray(Image.open(shot).convert("RGB")).astype(int)
    # The surface is drawn red to blue; a blank WebGL canvas would leave only
    # white paper, grey axes and buttons, where red and blue are nearly equal.
    # The drawn surface covers about 7% of the figure's box.
    coloured = (np.abs(rgb[..., 0] - rgb[..., 2]) > 60).mean()
    assert coloured > 0.03, coloured
    assert info["eye"]["z"] < 2
    figure.get_by_text("view 2").click()
    page.wait_for_function(f"() => {scene}._fullLayout.scene.camera.eye.z > 2")
    page.close()
    assert errors == []


def test_slider_data_equal_the_package_computation(browser, server):
    """The last outlier step in the page holds exactly what descent computes for it."""
    import numpy as np

    from descent import figures

    page, _, _ = visit(browser, f"{server}/{CHAPTER_1}")
    steps = page.evaluate("""() => {
        const gd = document.querySelector('.plotly-graph-div');
        return gd.layout.sliders[0].steps.map(s => ({label: s.label, y: s.args[0].y}));
    }""")
    page.close()
    last = steps[-1]
    expected = figures.outlier_fits(float(last["label"]))
    for shown, trace in zip(last["y"], expected.data):
        np.testing.assert_allclose(shown, trace.y, rtol=1e-12)
