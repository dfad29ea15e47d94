"""The benchmark harness's pure parts, and the speed-ups the benchmarks asked for.

Nothing here runs a build, a kernel or a browser: ``make bench`` does that.
"""

import contextlib
import io
import json
from pathlib import Path

import numpy as np
import pytest

from benchmarks import builds, kernel_side, pages, results, sliders
from descent import interactive, slider_live
from descent.interactive import Param


def fake_results(**changes):
    """What a tiny run would write: every required key, every target held."""
    out = {
        "build_cold_s": 30.0, "build_template_s": 6.0, "build_cold_ratio": 5.0, "build_warm_ratio": 0.5,
        "notebook_s": {"loss_functions": 9.5, "training": 12.0},
        "slider_update_ms": {"loss_functions: outlier_fits": 40.0},
        "backprop_over_forward": {"[2, 16, 3] batch 1": 2.5, "[2, 16, 3] batch 32": 2.0},
        "finite_diff_over_backprop": {"52": 100.0, "108": 210.0, "244": 480.0},
        "page_bytes": {"chapters/intro.html": 2_000_000, "chapters/training.html": 4_500_000},
    }
    out.update(changes)
    return out


# --- medians, ratios, targets, the table ---------------------------------------------------

def test_median_of_repetitions():
    assert results.median([3.0, 1.0, 2.0]) == 2.0
    assert results.median([4.0, 1.0]) == 2.5
    assert results.median([7.0]) == 7.0
    with pytest.raises(ValueError, match="samples"):
        results.median([])


def test_ratio_refuses_a_zero_denominator():
    assert results.ratio(30.0, 6.0) == 5.0
    with pytest.raises(ValueError, match="denominator"):
        results.ratio(1.0, 0.0)


@pytest.mark.parametrize("power", [0.5, 1.0, 2.0])
def test_loglog_slope_recovers_the_power(power):
    by_n = {str(n): 3.0 * n**power for n in (10, 100, 1000, 5000)}
    assert results.loglog_slope(by_n) == pytest.approx(power)


def test_every_target_holds_for_the_fake_run():
    assert results.missing_keys(fake_results()) == []
    assert all(results.verdicts(fake_results()).values())


@pytest.mark.parametrize("key, value", [
    ("build_cold_ratio", 15.5),
    ("build_warm_ratio", 2.1),
    ("notebook_s", {"training": 20.5}),
    ("slider_update_ms", {"a": 50.0, "b": 101.0}),
    ("backprop_over_forward", {"x": 3.2}),
    ("finite_diff_over_backprop", {"10": 5.0, "100": 500.0, "1000": 50_000.0}),  # grows like n^2
    ("page_bytes", {"chapters/big.html": 6_000_001}),
])
def test_a_missed_target_is_reported(key, value):
    bad = fake_results(**{key: value})
    assert results.verdicts(bad)[key] is False
    assert "**NO**" in results.table(bad)


def test_missing_or_non_numeric_keys_are_found():
    bad = fake_results()
    del bad["page_bytes"]
    bad["build_cold_s"] = "fast"
    bad["notebook_s"] = {}
    assert results.missing_keys(bad) == ["build_cold_s", "notebook_s", "page_bytes"]


def test_write_gives_json_with_every_key_and_a_table(tmp_path):
    json_path, md_path = results.write(fake_results(), tmp_path, notes=["a note"])
    written = json.loads(json_path.read_text())
    assert set(results.REQUIRED_KEYS) <= set(written)
    assert results.missing_keys(written) == []
    md = md_path.read_text()
    assert "| build_cold_ratio | | 5 | ≤ 15 | yes |" in md
    assert "| page_bytes | chapters/intro.html | 2,000,000 |" in md
    assert "- a note" in md


def test_summary_shows_the_largest_entry_of_each_object():
    text = results.summary(fake_results(slider_update_ms={"a": 40.0, "b": 120.0}))
    assert "| slider_update_ms | max 120 (b; 2 entries) | each ≤ 100 | **NO** |" in text
    assert "| page_bytes | max 4,500,000 (chapters/training.html; 2 entries) |" in text
    assert "slope 1.0" in text  # 100 -> 480 over 52 -> 244


def test_write_refuses_incomplete_results(tmp_path):
    with pytest.raises(ValueError, match="page_bytes"):
        results.write({k: v for k, v in fake_results().items() if k != "page_bytes"}, tmp_path)
    assert not (tmp_path / "results.json").exists()


# --- discovery: files, pages, figures -----------------------------------------------------

def test_book_files_skip_build_output_outside_git(tmp_path):
    for rel in ("_config.yml", "chapters/a.ipynb", "_build/html/x.html", ".venv/bin/python"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    assert builds.book_files(tmp_path) == [Path("_config.yml"), Path("chapters/a.ipynb")]
    copy = builds.snapshot(tmp_path, tmp_path / "copy")
    assert (copy / "chapters" / "a.ipynb").read_text() == "x"
    with pytest.raises(ValueError, match="dest"):
        builds.snapshot(tmp_path, copy)


def test_pages_are_discovered_from_the_build(tmp_path):
    for rel in ("index.html", "chapters/training.html", "_static/x.html", "chapters/a.css"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    assert pages.built_pages(tmp_path) == ["chapters/training.html", "index.html"]


def parabola(a: float, shift: float = 0.0):
    import plotly.graph_objects as go

    x = np.linspace(-1, 1, 5)
    return go.Figure(go.Scatter(x=x, y=a * x**2 + shift)).update_layout(title=f"a = {a:g}")


def test_kernel_cells_record_explore_calls_and_time_every_slider():
    """The injected cells, run here instead of in a kernel, on a two-slider figure."""
    import descent.interactive as real

    scope = {}
    original = real.explore
    try:
        exec(kernel_side.RECORD, scope)
        scope["_bench_interactive"].explore(parabola, Param("a", [1.0, 3.0]), Param("shift", [0.0, 1.0]),
                                            caption="c", alt="a")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(kernel_side.MEASURE, scope)
    finally:
        real.explore = original
    timings = sliders.parse([{"text": out.getvalue()}])
    assert list(timings) == ["parabola"]
    # 12 positions per slider, one of them the start, plus the way back: 12 moves each.
    assert timings["parabola"]["moves"] == 24
    assert 0 < timings["parabola"]["median_ms"] <= timings["parabola"]["max_ms"]


def test_probes_go_first_and_last():
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    probed = sliders.with_probes(nb)
    assert [c.source for c in probed.cells] == [kernel_side.RECORD, "x = 1", kernel_side.MEASURE]
    assert len(nb.cells) == 1
    with pytest.raises(ValueError, match="timings"):
        sliders.parse([{"text": "nothing here"}])


# --- the fast live redraw (slider_update_ms) ------------------------------------------------

def fixed_and_moving(a: float):
    """One trace that never changes, one that does, and a title that does."""
    import plotly.graph_objects as go

    x = np.linspace(0, 1, 50)
    fig = go.Figure([go.Scatter(x=x, y=x**2, name="fixed"),
                     go.Scatter(x=[a], y=[a**2], name=f"at {a:g}", mode="markers")])
    return fig.update_layout(title=f"a = {a:g}", xaxis={"range": [0, 1]})


def widget_state(fig):
    return [{k: v for k, v in t.to_plotly_json().items() if k != "uid"} for t in fig.data]


def test_live_redraw_leaves_the_figure_equal_to_a_fresh_draw():
    box = interactive.live_widget(fixed_and_moving, [Param("a", [0.0, 1.0], initial=0.5)])
    slider, fig = box.children
    for a in (0.1, 0.9, 0.3):
        slider.value = a
        expected = fixed_and_moving(a)
        assert slider_live._changed({}, {}) == []
        for shown, want in zip(widget_state(fig), widget_state(expected)):
            assert slider_live._changed(shown, want) == [], (a, shown, want)
        assert fig.layout.title.text == f"a = {a:g}"


def test_live_redraw_sends_only_what_changed():
    box = interactive.live_widget(fixed_and_moving, [Param("a", [0.0, 1.0], initial=0.5)])
    slider, fig = box.children
    sent = []
    original = fig._send_update_msg
    fig._send_update_msg = lambda **kw: (sent.append(kw), original(**kw))
    slider.value = 0.8
    assert len(sent) == 1  # one message per move
    assert set(sent[0]["restyle_data"]) == {"x", "y", "name"}
    assert list(sent[0]["trace_indexes"]) == [1]  # the fixed curve is not sent again
    assert set(sent[0]["relayout_data"]) == {"title.text"}


def test_live_redraw_replaces_traces_of_another_type():
    import plotly.graph_objects as go

    def shape(kind: float):
        trace = go.Scatter(y=[1, 2]) if kind < 0.5 else go.Bar(y=[2, 1])
        return go.Figure(trace)

    box = interactive.live_widget(shape, [Param("kind", [0.0, 1.0], initial=0.0)])
    slider, fig = box.children
    slider.value = 1.0
    assert [t.type for t in fig.data] == ["bar"]
    assert list(fig.data[0].y) == [2, 1]


@pytest.mark.parametrize("a, b, same", [
    (np.array([1.0, 2.0]), np.array([1.0, 2.0]), True),
    (np.array([1.0, 2.0]), np.array([1.0, 2.5]), False),
    (np.array([1.0, 2.0]), [1.0, 2.0], True),
    (np.array([1, 2]), np.array([1.0, 2.0]), False),   # another dtype kind counts as a change
    ({"color": "red", "width": 2}, {"color": "red", "width": 2}, True),
    ({"color": "red"}, {"color": "blue"}, False),
    ({"color": "red"}, {"color": "red", "width": 2}, False),
    ("a", "a", True), (None, None, True), (None, 0, False), (1, 1.0, False),
])
def test_same_compares_plotly_values(a, b, same):
    assert slider_live._same(a, b) is same


# --- smaller pages (page_bytes) -------------------------------------------------------------

def test_static_steps_store_only_the_moving_traces():
    fig = interactive.static_figure(fixed_and_moving, [Param("a", [0.2, 0.4, 0.6])])
    for step, a in zip(fig.layout.sliders[0].steps, (0.2, 0.4, 0.6)):
        data, layout, traces = step.args
        assert list(traces) == [1]
        assert list(data["y"][0]) == [a**2]
        assert layout["title.text"] == f"a = {a:g}"


def test_figure_html_names_its_trace_types():
    html = interactive.explore(fixed_and_moving, Param("a", [0.2, 0.4]), caption="c", alt="a").html()
    assert 'data-plotly-traces="scatter"' in html


def test_bookext_reads_the_trace_types_of_a_page():
    from bookext import figure_traces

    named = '<div class="plotly-graph-div" data-plotly-traces="contour scatter">'
    other = '<div class="plotly-graph-div" data-plotly-traces="surface">'
    assert figure_traces(named + other) == {"contour", "scatter", "surface"}
    assert figure_traces(named + '<div class="plotly-graph-div">') is None
    assert figure_traces("no figure") == set()


def test_bookext_serves_the_small_bundle_only_when_it_draws_everything(tmp_path):
    from bookext import BUNDLE, choose_plotly

    spec = json.loads((BUNDLE / "bundle.json").read_text())
    version = spec["plotly.js"]
    small, _ = choose_plotly({"scatter", "contour", "surface"}, installed_version=version)
    assert small == BUNDLE / "plotly-book.min.js"
    assert small.stat().st_size < 2_500_000
    assert f"plotly.js v{version}" in small.read_text()[:200]
    full, why = choose_plotly({"scatter", "sankey"}, installed_version=version)
    assert full.name == "plotly.min.js" and full.stat().st_size > 4_000_000 and "sankey" in why
    assert choose_plotly(None, installed_version=version)[0] == full
    assert "bundles plotly.js" in choose_plotly({"scatter"}, installed_version="0.0.1")[1]
    assert choose_plotly({"scatter"}, bundle_dir=tmp_path, installed_version=version)[0] == full


def test_the_installed_plotly_matches_the_small_bundle():
    """If this fails, rebuild code/bookext/plotly (see its build.sh) for the new plotly.js."""
    from plotly.offline import get_plotlyjs_version

    from bookext import BUNDLE

    assert json.loads((BUNDLE / "bundle.json").read_text())["plotly.js"] == get_plotlyjs_version()


def test_notes_name_the_machine_and_the_reported_extras():
    from benchmarks.__main__ import describe

    out = fake_results(
        build_warm_s=3.0, finite_diff_slope=1.02, backprop_over_activations={"[2, 16, 3] batch 1": 1.4},
        static_slider_step_ms={"chapters/a.html #1": 61.0},
        meta={"cores": 2, "platform": "Linux", "python": "3.11.7", "load_average_at_start": 0.5,
              "repetitions": 3, "date": "2026-01-01 00:00:00", "total_s": 360.0})
    text = "\n".join(describe(out))
    assert "2 cores" in text and "took 360 s" in text and "slope 1.02" in text
    assert "[2, 16, 3] batch 1 1.40" in text and "chapters/a.html #1 61" in text
