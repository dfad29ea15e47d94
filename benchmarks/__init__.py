"""The book's benchmarks: build time, notebook time, slider latency, backprop cost, page weight.

``python -m benchmarks`` (what ``make bench`` runs) measures everything and
writes ``benchmarks/results.json`` and ``benchmarks/results.md``.

* ``results``: medians, ratios, the targets and the table (pure, tested);
* ``builds``: cold, warm and template builds, and each notebook's execution time;
* ``sliders``: one live slider update per interactive figure, in a real kernel;
* ``backprop``: forward+backward against forward, finite differences against backprop;
* ``pages``: bytes Chromium transfers per built page, and the static slider step time.
"""
