"""Shared fixtures: one clean build of the book, served on 127.0.0.1, and Chromium."""

from pathlib import Path

import pytest
from hypothesis import settings

from benchmarks import pages
from benchmarks.builds import strict_build

# No per-example deadline: a 2-core CI machine that is busy building the book
# may take longer than hypothesis's default 200 ms over one example, and speed
# is measured in benchmarks/, not in tests.
settings.register_profile("book", deadline=None, print_blob=True)
settings.load_profile("book")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def book_build(tmp_path_factory):
    """A cold build into a fresh folder: no execution cache, so every notebook runs."""
    out = tmp_path_factory.mktemp("book")
    result = strict_build(ROOT, out)
    return result, out / "_build"


@pytest.fixture(scope="session")
def site(book_build):
    result, build = book_build
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return build / "html"


@pytest.fixture(scope="session")
def server(site):
    """The built site on a free port of 127.0.0.1."""
    with pages.serve(site) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by playwright, with an empty profile."""
    with pages.chromium() as context:
        yield context
