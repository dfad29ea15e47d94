"""Live slider update time of every interactive figure, measured in a real kernel.

Each chapter notebook runs once more in a fresh kernel (nbclient) with the
cells of ``kernel_side`` around it; the last cell prints the timings.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import kernel_side


def with_probes(nb):
    """A copy of notebook ``nb`` with the recording cell first and the measuring cell last."""
    import copy

    import nbformat

    nb = copy.deepcopy(nb)
    nb.cells.insert(0, nbformat.v4.new_code_cell(kernel_side.RECORD))
    nb.cells.append(nbformat.v4.new_code_cell(kernel_side.MEASURE))
    return nb


def parse(outputs) -> dict:
    """The timings printed by the measuring cell."""
    for out in outputs:
        for line in out.get("text", "").splitlines():
            if line.startswith(kernel_side.MARKER):
                return json.loads(line[len(kernel_side.MARKER):])
    raise ValueError("outputs hold no slider timings")


def measure_notebook(path: Path) -> dict:
    import nbformat
    from nbclient import NotebookClient

    nb = with_probes(nbformat.read(path, as_version=4))
    NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(path.parent)}}).execute()
    return parse(nb.cells[-1].outputs)


def run(chapters: Path, log=print) -> dict:
    """{"<notebook>: <draw function>": {"median_ms", "max_ms", "moves"}} for every figure."""
    found = {}
    for path in sorted(chapters.glob("*.ipynb")):
        for name, timing in measure_notebook(path).items():
            found[f"{path.stem}: {name}"] = timing
            log(f"  slider {path.stem}: {name}: median {timing['median_ms']:.1f} ms "
                f"(max {timing['max_ms']:.1f} ms, {timing['moves']} moves)")
    return found
