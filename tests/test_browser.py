"""The built book in real headless Chromium: offline, error-free, math rendered, sliders working."""

from urllib.parse import urlparse

import pytest

from test_book import built_pages

CHAPTER_1 = "chapters/loss_functions.html"


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
    pages = [str(p.relative_to(site)) for p in built_pages(site)]
    assert CHAPTER_1 in pages
    report = {}
    for rel in pages:
        page, outside, errors = visit(browser, f"{server}/{rel}")
        page.close()
        if outside or errors:
            report[rel] = {"outside": outside, "errors": errors}
    assert report == {}


def test_math_is_rendered_on_chapter_one(browser, server):
    page, _, _ = visit(browser, f"{server}/{CHAPTER_1}")
    wait_for_math(page)
    counts = page.evaluate(r"""() => ({
        math: document.querySelectorAll('.math').length,
        rendered: document.querySelectorAll('.math mjx-container').length,
        // Prose (not code) that still shows TeX source was never typeset.
        raw: Array.from(document.querySelectorAll('article p, article li, article td'))
                  .filter(e => /\\(frac|sum|hat)|\$/.test(e.innerText)).map(e => e.innerText),
    })""")
    page.close()
    assert counts["math"] >= 20
    assert counts["rendered"] == counts["math"]
    assert counts["raw"] == []


def slider_state(page, index):
    return page.evaluate(
        """(i) => { const gd = document.querySelectorAll('.plotly-graph-div')[i];
                    return {data: gd.data.map(t => Array.from(t.y)),
                            active: gd.layout.sliders[0].active}; }""", index)


@pytest.mark.parametrize("index", [0, 1])
def test_moving_a_slider_on_chapter_one_changes_the_plotted_data(browser, server, index):
    page, _, errors = visit(browser, f"{server}/{CHAPTER_1}")
    graph = page.locator(".plotly-graph-div").nth(index)
    graph.scroll_into_view_if_needed()
    before = slider_state(page, index)
    rail = graph.locator(".slider-rail-rect").bounding_box()
    # Drag the handle to the far right of the rail, as a reader would.
    handle = graph.locator(".slider-grip-rect").bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(rail["x"] + rail["width"] - 2, rail["y"] + rail["height"] / 2, steps=10)
    page.mouse.up()
    page.wait_for_function(
        "([i, a]) => document.querySelectorAll('.plotly-graph-div')[i].layout.sliders[0].active !== a",
        arg=[index, before["active"]])
    after = slider_state(page, index)
    page.close()
    assert errors == []
    assert after["active"] > before["active"]
    assert after["data"] != before["data"]


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
