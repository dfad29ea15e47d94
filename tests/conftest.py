"""Shared fixtures: one clean build of the book, served on 127.0.0.1, and Chromium."""

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import settings

# No per-example deadline: a 2-core CI machine that is busy building the book
# may take longer than hypothesis's default 200 ms over one example, and speed
# is measured in benchmarks/, not in tests.
settings.register_profile("book", deadline=None, print_blob=True)
settings.load_profile("book")

ROOT = Path(__file__).resolve().parents[1]
JB_FLAGS = ["--builder", "html", "-W", "-n", "--keep-going"]
# Flags measured to keep Debian's Chromium quiet and offline on this kind of machine.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def jupyter_book(source: Path, output: Path) -> subprocess.CompletedProcess:
    """Build ``source`` into ``output/_build/html`` with the book's strict flags."""
    jb = Path(sys.executable).with_name("jupyter-book")
    return subprocess.run(
        [str(jb), "build", str(source), "--path-output", str(output), *JB_FLAGS],
        capture_output=True, text=True, cwd=source,
    )


@pytest.fixture(scope="session")
def book_build(tmp_path_factory):
    """A cold build into a fresh folder: no execution cache, so every notebook runs."""
    out = tmp_path_factory.mktemp("book")
    result = jupyter_book(ROOT, out)
    return result, out / "_build"


@pytest.fixture(scope="session")
def site(book_build):
    result, build = book_build
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return build / "html"


@pytest.fixture(scope="session")
def server(site):
    """The built site on a free port of 127.0.0.1."""
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """Debian's Chromium driven by playwright, with an empty profile."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is not installed (make test installs it)"
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=executable, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()
