"""Cold, warm and template builds, and each notebook's execution time.

Everything is built into temporary folders, never into the repository's
``_build``. The book is first copied (the files git knows, tracked or not
ignored) so that edits made while the benchmark runs cannot change it midway.

Per repetition: the template book (``jupyter-book create``) into a fresh
folder, the book into a fresh folder (cold: empty execution cache, every
notebook runs in a new kernel), then the book again into the same folder with
nothing changed (warm). Notebook times are what jupyter-cache recorded for
each notebook during the cold build (``execution_seconds``: a clean kernel
started, every cell run, the kernel shut down).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

JB_FLAGS = ["--builder", "html", "-W", "-n", "--keep-going"]
SKIP = {".git", ".venv", "_build", "__pycache__", ".hypothesis", ".pytest_cache",
        ".ipynb_checkpoints"}


def jupyter_book() -> str:
    return str(Path(sys.executable).with_name("jupyter-book"))


def book_files(root: Path) -> list[Path]:
    """The book's files as a fresh clone would have them (plus any not yet committed)."""
    if (root / ".git").exists():
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=root, capture_output=True, check=True).stdout
        return sorted(Path(p) for p in out.decode().split("\0") if p and (root / p).is_file())
    return sorted(p.relative_to(root) for p in root.rglob("*")
                  if p.is_file() and not SKIP.intersection(p.relative_to(root).parts))


def snapshot(root: Path, dest: Path) -> Path:
    """Copy the book's files from ``root`` into ``dest`` (which must not exist)."""
    if dest.exists():
        raise ValueError(f"dest {dest} already exists")
    for rel in book_files(root):
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, dest / rel)
    return dest


def strict_build(source: Path, output: Path) -> subprocess.CompletedProcess:
    """Build ``source`` into ``output/_build/html`` with the book's flags (the tests use it too)."""
    return subprocess.run([jupyter_book(), "build", str(source), "--path-output", str(output),
                           *JB_FLAGS], cwd=source, capture_output=True, text=True)


def build(source: Path, output: Path) -> float:
    """``strict_build``, which must succeed; the wall time."""
    start = time.perf_counter()
    result = strict_build(source, output)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"building {source} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return seconds


def create_template(dest: Path) -> Path:
    subprocess.run([jupyter_book(), "create", str(dest)], check=True, capture_output=True)
    return dest


def notebook_seconds(output: Path) -> dict[str, float]:
    """Execution time of each notebook jupyter-cache ran in the build at ``output``."""
    from jupyter_cache import get_cache

    cache = get_cache(str(output / "_build" / ".jupyter_cache"))
    return {Path(r.uri).stem: float(r.data["execution_seconds"])
            for r in cache.list_cache_records()}


def executed_notebooks(output: Path) -> list[str]:
    return sorted(p.stem for p in (output / "_build" / "jupyter_execute").rglob("*.ipynb"))


def run(root: Path, work: Path, repetitions: int, log=print) -> dict:
    """All build samples; the last cold build's site is kept for the page benchmark."""
    source = snapshot(root, work / "book")
    template = create_template(work / "template")
    samples = {"cold": [], "warm": [], "template": [], "notebooks": {}}
    for rep in range(repetitions):
        t = build(template, work / f"template-out-{rep}")
        samples["template"].append(t)
        out = work / f"book-out-{rep}"
        cold = build(source, out)
        executed = notebook_seconds(out)
        if sorted(executed) != executed_notebooks(out):
            raise RuntimeError(f"cold build did not execute every notebook: {sorted(executed)}")
        warm = build(source, out)
        samples["cold"].append(cold)
        samples["warm"].append(warm)
        for name, s in executed.items():
            samples["notebooks"].setdefault(name, []).append(s)
        log(f"  build rep {rep + 1}/{repetitions}: template {t:.1f} s, cold {cold:.1f} s, "
            f"warm {warm:.1f} s; notebooks " + ", ".join(f"{k} {v:.1f} s" for k, v in executed.items()))
        if rep < repetitions - 1:
            shutil.rmtree(out)
        shutil.rmtree(work / f"template-out-{rep}")
    samples["site"] = out / "_build" / "html"
    samples["source"] = source
    return samples
