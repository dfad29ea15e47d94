"""What a gradient costs, with the book's own network and timing code.

``backprop_over_forward``: time(forward + backward) / time(forward), where
forward + backward is ``Network.loss_and_gradients`` (the forward pass, the
loss, the four backpropagation equations) and forward is ``Network.loss`` (the
forward pass through the loss: what training computes on every batch, and what
each finite difference repeats); timed in turns by
``descent.cost.interleaved_medians`` (median seconds per call).
``backprop_over_activations`` divides by ``Network.forward`` instead, the pass
that stops at the output activations; reported, not a target: at batch 1 it
is Python's per-call overhead, not arithmetic, that it measures.
The sizes are the networks the chapters train and time:

* [2, 16, 3], tanh then softmax: the spiral classifier of the training chapter;
* [16, 32, 32, 4], tanh: the largest of the backpropagation chapter's cost sweep;
* [128, 128, 128, 10], tanh: the backpropagation chapter's "wide" network;

each at batch sizes 1, 32 and 256, with categorical cross-entropy on random
labels (seeded).

``finite_diff_over_backprop``: the whole gradient by central differences
(``gradcheck.network_numerical_gradients``: 2 loss evaluations per parameter)
over the whole gradient by backprop, for the backpropagation chapter's sweep
[16, h, h, 4], h = 2, 4, 8, 16, 32, batch 32, keyed by parameter count.
Backprop costs a few forward passes whatever n is; finite differences cost
2n, so the ratio should grow like n (log-log slope near 1).

``run`` measures in a child process with BLAS on one thread: on two cores
shared with anything else, OpenBLAS's threads for these small matrices mostly
wait on each other, which made single timings swing by 10x; one thread
measures the arithmetic and the Python around it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from descent import cost
from descent.network import Network

MLP_SIZES = ([2, 16, 3], [16, 32, 32, 4], [128, 128, 128, 10])
BATCHES = (1, 32, 256)
SWEEP_HIDDEN = (2, 4, 8, 16, 32)
SWEEP_BATCH = 32


def problem(sizes, batch: int, seed: int = 0):
    """A tanh network with a softmax cross-entropy output, and a seeded random batch."""
    net = Network(sizes, "tanh", "categorical_cross_entropy", seed=seed)
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((sizes[0], batch))
    y = rng.integers(0, sizes[-1], size=batch)
    return net, X, y


def backprop_over_forward(repeats: int = 7, log=print) -> tuple[dict, dict]:
    """time(forward+backward) over time(Network.loss), and over time(Network.forward)."""
    over_forward, over_activations = {}, {}
    for sizes in MLP_SIZES:
        for batch in BATCHES:
            net, X, y = problem(sizes, batch)
            t = cost.interleaved_medians({
                "forward": lambda: net.forward(X),
                "loss": lambda: net.loss(X, y),
                "forward_backward": lambda: net.loss_and_gradients(X, y)}, repeats, min_time=0.02)
            key = f"{sizes} batch {batch}"
            over_forward[key] = t["forward_backward"] / t["loss"]
            over_activations[key] = t["forward_backward"] / t["forward"]
            log(f"  {key}: forward {t['forward'] * 1e6:.1f} µs, loss {t['loss'] * 1e6:.1f} µs, "
                f"forward+backward {t['forward_backward'] * 1e6:.1f} µs, "
                f"ratio {over_forward[key]:.2f} (over the activations alone {over_activations[key]:.2f})")
    return over_forward, over_activations


def finite_diff_over_backprop(repeats: int = 3, log=print) -> dict:
    out = {}
    for h in SWEEP_HIDDEN:
        net, X, y = problem([16, h, h, 4], SWEEP_BATCH)
        t = {"backprop": cost.interleaved_medians({"bp": lambda: net.loss_and_gradients(X, y)},
                                                  9, min_time=0.02)["bp"],
             "finite_differences": cost.median_seconds(
                 lambda: cost.gradcheck.network_numerical_gradients(net, X, y), repeats)}
        out[str(net.num_params)] = t["finite_differences"] / t["backprop"]
        log(f"  n = {net.num_params} ([16, {h}, {h}, 4]): backprop {t['backprop'] * 1e3:.3f} ms, "
            f"finite differences {t['finite_differences'] * 1e3:.1f} ms, "
            f"ratio {out[str(net.num_params)]:.0f}")
    return out


ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def run(log=print) -> dict:
    """Both measurements in a child process with one BLAS thread; its log lines are passed on."""
    root = Path(__file__).resolve().parents[1]
    child = subprocess.run([sys.executable, "-m", "benchmarks.backprop"], cwd=root,
                           env={**os.environ, **ONE_THREAD}, capture_output=True, text=True)
    for line in child.stderr.splitlines():
        log(line)
    if child.returncode != 0:
        raise RuntimeError(f"the gradient-cost benchmark failed:\n{child.stderr[-3000:]}")
    return json.loads(child.stdout)


if __name__ == "__main__":
    def _log(line):
        print(line, file=sys.stderr, flush=True)

    over_forward, over_activations = backprop_over_forward(log=_log)
    print(json.dumps({"backprop_over_forward": over_forward, "backprop_over_activations": over_activations,
                      "finite_diff_over_backprop": finite_diff_over_backprop(log=_log)}))
