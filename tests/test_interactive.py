"""The slider machinery: one draw function, a live widget and a precomputed figure."""

import json

import numpy as np
import pytest

from descent import figures, interactive
from descent.interactive import Param

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def parabola(a: float, shift: float = 0.0):
    """A test figure whose data depend on two parameters."""
    import plotly.graph_objects as go

    x = np.linspace(-1, 1, 5)
    return go.Figure(go.Scatter(x=x, y=a * x**2 + shift)).update_layout(title=f"a = {a:g}")


def test_bundle_carries_both_renderings():
    bundle = interactive.explore(parabola, Param("a", [1.0, 2.0, 3.0]),
                                 caption="c", alt="alt text")._repr_mimebundle_()
    assert WIDGET_VIEW in bundle and bundle[WIDGET_VIEW]["model_id"]
    html = bundle["text/html"]
    assert 'class="plotly-graph-div' in html and ">c</figcaption>" in html
    assert 'aria-label="alt text"' in html


def test_static_slider_steps_hold_each_values_computation():
    fig = interactive.static_figure(parabola, [Param("a", [1.0, 2.0, 3.0], initial=2.0)])
    slider = fig.layout.sliders[0]
    assert slider.active == 1
    assert [s.label for s in slider.steps] == ["1", "2", "3"]
    for step, a in zip(slider.steps, (1.0, 2.0, 3.0)):
        data, layout = step.args
        np.testing.assert_allclose(data["y"][0], parabola(a).data[0].y)
        assert "x" not in data  # only what varies is stored
        assert layout["title.text"] == f"a = {a:g}"


def test_static_figure_holds_other_parameters_at_their_start():
    fig = interactive.static_figure(parabola, [Param("a", [1.0, 2.0]), Param("shift", [0.0, 10.0], initial=5.0)])
    np.testing.assert_allclose(fig.layout.sliders[0].steps[0].args[0]["y"][0], parabola(1.0, 5.0).data[0].y)


def test_live_slider_reruns_the_computation():
    box = interactive.live_widget(parabola, [Param("a", [1.0, 3.0]), Param("shift", [0.0, 4.0], initial=0.0)])
    slider_a, slider_shift, fig = box.children
    slider_a.value = 2.5
    slider_shift.value = 1.0
    np.testing.assert_allclose(fig.data[0].y, parabola(2.5, 1.0).data[0].y)
    assert fig.layout.title.text == "a = 2.5"


def test_log_parameter_gives_a_log_slider():
    import ipywidgets

    box = interactive.live_widget(parabola, [Param("a", [0.01, 1.0], log=True, initial=0.1)])
    assert isinstance(box.children[0], ipywidgets.FloatLogSlider)
    assert box.children[0].value == pytest.approx(0.1)


def test_html_is_deterministic_and_has_no_outside_url():
    make = lambda: interactive.explore(figures.cross_entropy_at, Param("p", [0.2, 0.5]),
                                       caption="c", alt="a").html()
    first = make()
    assert first == make()
    assert "http://" not in first and "https://" not in first


@pytest.mark.parametrize("bad, message", [
    (dict(values=[1.0]), "at least two"),
    (dict(values=[1.0, np.nan]), "finite"),
    (dict(values=[0.0, 1.0], log=True), "positive"),
    (dict(values=[1.0, 2.0], initial=5.0), "outside"),
])
def test_bad_parameters_are_refused(bad, message):
    with pytest.raises(ValueError, match=message):
        Param("a", **bad)


def test_draw_must_keep_the_number_of_traces():
    import plotly.graph_objects as go

    def growing(a):
        return go.Figure([go.Scatter(y=[0, 1])] * int(a))

    with pytest.raises(ValueError, match="same number of traces"):
        interactive.static_figure(growing, [Param("a", [1.0, 2.0])])


def test_explore_needs_a_parameter():
    with pytest.raises(ValueError, match="params"):
        interactive.explore(parabola, caption="c", alt="a")
