"""Code that runs INSIDE a chapter's kernel (its source is injected as cells).

``RECORD`` goes first: it wraps ``descent.interactive.explore`` so every
interactive figure the chapter shows is remembered. ``MEASURE`` goes last: for
each figure it takes the live widget the cell displayed (sliders above a
plotly FigureWidget) and moves each slider, one after the other, to 12
positions spread evenly over its range (snapped to the slider's own steps, on
its log scale for a log slider), the way a reader's drag lands on them, then
back to its start. Setting ``slider.value`` runs the widget's observer
synchronously: ``draw(**values)`` (the computation) and the copy of the new
traces into the FigureWidget (the redraw, including the messages to the
front end). Each move is timed; the median per figure is reported.
"""

MARKER = "BENCH-SLIDERS "

RECORD = '''
import descent.interactive as _bench_interactive
_bench_explorables = []
_bench_explore = _bench_interactive.explore
def _bench_recording_explore(*args, **kwargs):
    e = _bench_explore(*args, **kwargs)
    _bench_explorables.append(e)
    return e
_bench_interactive.explore = _bench_recording_explore
'''

MEASURE = '''
def _bench_positions(slider, count):
    # Evenly spread positions along the slider's own grid, as a reader's drag lands on them.
    lo, hi, step = slider.min, slider.max, slider.step
    points = [lo + (hi - lo) * k / (count - 1) for k in range(count)]
    points = [min(hi, lo + round((x - lo) / step) * step) for x in points]
    return [slider.base ** x for x in points] if hasattr(slider, "base") else points


def _bench_measure(explorables, count=12):
    import json, statistics, time
    out = {}
    for e in explorables:
        box = e.widget()
        sliders = box.children[:-1]
        times = []
        for p, s in zip(e.params, sliders):
            for v in _bench_positions(s, count) + [p.start]:
                if abs(s.value - v) <= 1e-9 * max(1.0, abs(v)):
                    continue  # no change, no redraw
                t0 = time.perf_counter()
                s.value = v
                times.append(time.perf_counter() - t0)
        draw = e.draw
        if hasattr(draw, "func"):  # functools.partial: name the function and its bound arguments
            name = f"{draw.func.__name__}({', '.join(map(str, draw.args))})"
        else:
            name = getattr(draw, "__name__", type(draw).__name__)
        key, n = name, 2
        while key in out:
            key, n = f"{name}#{n}", n + 1
        out[key] = {"median_ms": 1e3 * statistics.median(times), "max_ms": 1e3 * max(times),
                    "moves": len(times)}
    print("%s" + json.dumps(out))
_bench_measure(_bench_explorables)
''' % MARKER
