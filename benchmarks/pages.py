"""What each built page costs a reader: bytes transferred with a cold cache, in Chromium.

The built site is served on 127.0.0.1 by Python's http.server (no
compression, so the count is what an uncompressing host would send; a host
that gzips sends less). Every page is opened in a fresh tab with the cache
disabled (CDP ``Network.setCacheDisabled``), and the encoded bytes of every
response (CDP ``Network.loadingFinished.encodedDataLength``) are summed once
the page is idle and its math typeset. Pages are discovered from the build.

While a page with precomputed plotly sliders is open, each slider step is
also replayed the way plotly's slider runs it (``Plotly.update`` with the
step's arguments) and timed up to the next animation frame: the static book's
slider step time, reported but not a target.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import statistics
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

# Flags measured to keep Debian's Chromium quiet and offline (the browser tests use them too).
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

SLIDER_FIGURES = """Array.from(document.querySelectorAll('.js-plotly-plot'))
    .filter(g => g.layout.sliders && g.layout.sliders.length)"""

STEP_TIMES = f"""async () => {{
    const frame = () => new Promise(r => requestAnimationFrame(() => r()));
    const out = [];
    for (const gd of {SLIDER_FIGURES}) {{
        const times = [];
        for (const step of gd.layout.sliders[0].steps) {{
            const t0 = performance.now();
            await Plotly.update(gd, ...step.args);
            await frame();
            times.push(performance.now() - t0);
        }}
        out.push(times);
    }}
    return out;
}}"""


def built_pages(site: Path) -> list[str]:
    """Every HTML page of the book, relative to the site root."""
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html") if "_static" not in p.parts)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(site: Path):
    """The site on a free port of 127.0.0.1."""
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def chromium():
    """Debian's Chromium driven by playwright, with a fresh empty profile."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if not executable:
        raise RuntimeError("Debian's chromium is not installed (make chromium installs it)")
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=executable, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900})
        try:
            yield context
        finally:
            context.close()


def measure_page(context, url: str) -> tuple[int, list[list[float]]]:
    """Bytes transferred for ``url`` with a cold cache, and its slider step times (ms)."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    sent, received, failed = set(), {}, []
    # Chromium asks for /favicon.ico by itself and never reports that request's end.
    cdp.on("Network.requestWillBeSent", lambda e: None if e["request"]["url"].endswith("/favicon.ico")
           else sent.add(e["requestId"]))
    cdp.on("Network.loadingFinished", lambda e: received.__setitem__(e["requestId"], e["encodedDataLength"]))
    cdp.on("Network.loadingFailed", lambda e: failed.append(e))
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    page.goto(url, wait_until="load")
    _settle(page, sent, received, failed)  # the root page redirects: follow it first
    if page.evaluate("() => !!(window.MathJax && MathJax.startup && MathJax.startup.promise)"):
        page.evaluate("MathJax.startup.promise")  # typesetting may fetch fonts and components
        _settle(page, sent, received, failed)
    steps = page.evaluate(STEP_TIMES) if page.evaluate("() => !!window.Plotly") else []
    page.close()
    if failed:
        raise RuntimeError(f"{url}: {len(failed)} requests failed")
    return int(sum(received.values())), steps


def _settle(page, sent, received, failed, quiet_ms=750, limit_ms=30_000):
    """Wait until every request sent has ended and none has started for ``quiet_ms``."""
    waited, last, still = 0, None, 0
    while waited < limit_ms:
        state = (len(sent), len(received) + len(failed))
        still = still + 250 if state == last and state[0] == state[1] else 0
        if still >= quiet_ms:
            return
        last = state
        page.wait_for_timeout(250)
        waited += 250
    raise RuntimeError(f"{page.url}: the network did not settle in {limit_ms} ms")


def run(site: Path, log=print) -> dict:
    """{"page_bytes": {page: bytes}, "static_slider_step_ms": {"page #i": median ms}}."""
    page_bytes, step_ms = {}, {}
    with serve(site) as base, chromium() as context:
        for rel in built_pages(site):
            nbytes, steps = measure_page(context, f"{base}/{rel}")
            page_bytes[rel] = nbytes
            for i, times in enumerate(steps):
                step_ms[f"{rel} #{i + 1}"] = statistics.median(times)
            log(f"  page {rel}: {nbytes / 1e6:.2f} MB"
                + "".join(f", slider #{i + 1} step {statistics.median(t):.0f} ms"
                          for i, t in enumerate(steps)))
    return {"page_bytes": page_bytes, "static_slider_step_ms": step_ms}
