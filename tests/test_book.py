"""The book builds cleanly, executes every notebook, and stays self-contained."""

import json
import re
import shutil

import pytest

from benchmarks.builds import strict_build
from benchmarks.pages import built_pages
from conftest import ROOT

CHAPTERS = ROOT / "chapters"
NOTEBOOKS = sorted(CHAPTERS.glob("*.ipynb"))
# An http(s) URL anywhere in a page except as the target of a link the reader clicks.
LINK = re.compile(r"""<a\s[^>]*href=["']https?://[^"']*["']""", re.I)
URL = re.compile(r"https?://", re.I)


def test_there_are_chapter_notebooks():
    assert [p.name for p in NOTEBOOKS] != []
    assert (CHAPTERS / "loss_functions.ipynb") in NOTEBOOKS


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_committed_without_outputs(notebook):
    nb = json.loads(notebook.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{notebook.name} has stored outputs"
            assert cell.get("execution_count") is None, f"{notebook.name} has an execution count"


def test_book_builds_with_zero_warnings(book_build):
    result, _ = book_build
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-6000:]
    # Sphinx reports as "path: WARNING: ..."; the kernel's own log lines are not build warnings.
    assert not re.search(r"(WARNING|ERROR|CRITICAL):", log), log[-6000:]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_was_executed_from_a_clean_kernel(site, notebook):
    executed = site.parent / "jupyter_execute" / "chapters" / notebook.name
    nb = json.loads(executed.read_text())
    counts = [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code"]
    assert counts and counts == list(range(1, len(counts) + 1)), counts
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    stderr = [o for c in nb["cells"] for o in c.get("outputs", []) if o.get("name") == "stderr"]
    assert errors == [] and stderr == []


def test_the_backpropagation_chapter_prints_the_labelled_backward_pass(site):
    """The chapter prints the package's backward pass; it must be the code with BP1-BP4 in it."""
    nb = json.loads((site.parent / "jupyter_execute" / "chapters" / "backpropagation.ipynb").read_text())
    printed = ["".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", [])]
    shown = [text for text in printed if text.lstrip().startswith("def ")]
    assert any(all(f"# (BP{i})" in text for i in range(1, 5)) for text in shown), shown


def test_a_raising_cell_fails_the_build(tmp_path):
    book = tmp_path / "src"
    (book / "chapters").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", book)
    shutil.copy(CHAPTERS / "references.bib", book / "chapters")
    (book / "_toc.yml").write_text("format: jb-book\nroot: chapters/broken\n")
    (book / "chapters" / "broken.ipynb").write_text(json.dumps({
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Broken"]},
            {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
             "source": ["raise RuntimeError('this cell is broken on purpose')"]},
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }))
    result = strict_build(book, tmp_path / "out")
    assert result.returncode != 0
    assert "this cell is broken on purpose" in result.stdout + result.stderr


def test_no_page_contains_an_outside_url(site):
    offenders = {}
    for rel in built_pages(site):
        text = LINK.sub("<a", (site / rel).read_text())
        hits = [text[m.start(): m.start() + 80] for m in URL.finditer(text)]
        if hits:
            offenders[rel] = hits[:3]
    assert offenders == {}


def test_every_page_is_built(site):
    pages = set(built_pages(site))
    expected = {f"chapters/{p.stem}.html" for p in [*NOTEBOOKS, *CHAPTERS.glob("*.md")]}
    assert expected <= pages


def test_plotly_is_served_locally_only_where_needed(site):
    assert (site / "_static" / "plotly.min.js").stat().st_size > 1_000_000
    for rel in built_pages(site):
        text = (site / rel).read_text()
        has_figure = 'class="plotly-graph-div' in text
        assert ("_static/plotly.min.js" in text) == has_figure, rel


def test_chapter_one_links_its_terms_to_the_glossary(site):
    text = (site / "chapters" / "loss_functions.html").read_text()
    for term in ("term-Loss-function", "term-Mean-squared-error", "term-Mean-absolute-error",
                 "term-Binary-cross-entropy", "term-Softmax", "term-Cross-entropy"):
        assert f'glossary.html#{term}"' in text, term


def test_bibliography_lists_the_works_the_sources_cite(site):
    # The bibliography style lower-cases titles, so compare case-insensitively.
    text = (site / "chapters" / "bibliography.html").read_text().lower()
    for needle in ("learning representations by back-propagating errors", "deep learning",
                   "adam: a method for stochastic optimization", "rmsprop",
                   "adaptive subgradient methods"):
        assert needle in text, needle


def test_glued_numbers_come_from_the_computation(site):
    from descent import losses
    import numpy as np

    text = (site / "chapters" / "loss_functions.html").read_text()
    y, y_hat = np.array([1.0, 2.0, 3.0]), np.array([1.5, 2.0, 1.0])
    assert f"{losses.mse.value(y_hat, y):.4f}" in text
    assert f"{losses.mae.value(y_hat, y):.4f}" in text


def test_every_glossary_entry_gives_the_sources_chinese_term():
    import re as _re

    text = (CHAPTERS / "glossary.md").read_text()
    body = text.split("```{glossary}\n")[1].split("\n```")[0]
    entries = dict(_re.findall(r"^(\S[^\n]*)\n  ([^\n]+)", body, _re.M))
    assert len(entries) >= 40
    cjk_or_english = _re.compile(r"[\u4e00-\u9fff]|English in the source|writes it in English")
    missing = [term for term, definition in entries.items() if not cjk_or_english.search(definition)]
    assert missing == []
    assert list(entries) == sorted(entries, key=str.lower)


# Pages whose prose reports timings measured while the page was built.
TIMED_PAGES = {"chapters/backpropagation.html", "chapters/training.html"}
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)*(?:e[-+]?\d+)?")


def visible_text(page: str) -> str:
    """What a reader sees: no scripts (the figure data) and no tags."""
    page = re.sub(r"<script\b.*?</script>", "", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_two_builds_give_the_same_pages(site, tmp_path):
    """Every draw is seeded and every figure id is a hash: a second clean build
    gives the same bytes. On the pages with measured timings the words must
    still agree, with each number allowed to differ."""
    second = strict_build(ROOT, tmp_path)
    assert second.returncode == 0, second.stdout[-4000:] + second.stderr[-4000:]
    other = tmp_path / "_build" / "html"
    pages = built_pages(site)
    assert pages == built_pages(other)
    for rel in pages:
        a, b = (site / rel).read_text(), (other / rel).read_text()
        if rel in TIMED_PAGES:
            a, b = (NUMBER.sub("#", visible_text(t)) for t in (a, b))
        assert a == b, f"{rel} differs between two builds"
    assert TIMED_PAGES <= set(pages)
