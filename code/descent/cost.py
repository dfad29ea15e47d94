"""What a gradient costs: wall-clock medians of forward, backward and finite differences.

Each measurement calls a function ``number`` times in a row (enough calls to
last at least ``min_time`` seconds, so a microsecond pass is not lost in the
timer's resolution), repeats that ``repeats`` times and reports the MEDIAN
seconds per call -- the median shrugs off a repeat slowed by another process.
Garbage collection is paused while timing, as ``timeit`` does (except during
the first call, which sizes the batch).

These are measurements of this machine, not of the algorithm alone: the book
quotes ratios (backward / forward, finite differences / backprop), which
depend far less on the machine than the seconds do.

NumPy's matrix library (BLAS) is held to ONE thread while timing
(``single_threaded_blas``): a multithreaded BLAS on a busy two-core machine
waits for cores that other processes hold, and its timings then swing by a
factor of ten from one repeat to the next.
"""

from __future__ import annotations

import gc
import math
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable

import numpy as np
from threadpoolctl import threadpool_limits

from descent import checks, gradcheck

__all__ = ["Timing", "median_seconds", "interleaved_medians", "finite_difference_time", "measure",
           "single_threaded_blas"]


@contextmanager
def single_threaded_blas():
    """Run the block with NumPy's BLAS (OpenBLAS, MKL, ...) on one thread."""
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def median_seconds(fn: Callable[[], object], repeats: int = 5, min_time: float = 2e-3) -> float:
    """Median over ``repeats`` of the seconds one call of ``fn()`` takes."""
    return interleaved_medians({"fn": fn}, repeats, min_time)["fn"]


def interleaved_medians(fns: dict, repeats: int = 5, min_time: float = 2e-3) -> dict:
    """{name: median seconds per call} for several functions timed in turns.

    Each round times every function once, so a burst of load from another
    process slows all of them alike and their RATIOS stay trustworthy.
    """
    checks.integer("repeats", repeats, least=1)
    with single_threaded_blas():
        return _interleaved_medians(fns, repeats, min_time)


def _interleaved_medians(fns: dict, repeats: int, min_time: float) -> dict:
    number, samples = {}, {}
    for name, fn in fns.items():
        start = time.perf_counter()
        fn()  # sizes the batch of calls; also a warm-up
        once = time.perf_counter() - start
        number[name] = max(1, math.ceil(min_time / max(once, 1e-9)))
        # A call long enough to time on its own counts as the first sample: a slow
        # measurement (a finite-difference gradient) is then not paid for twice.
        samples[name] = [once] if number[name] == 1 else []
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeats):
            for name, fn in fns.items():
                if len(samples[name]) == repeats:
                    continue
                start = time.perf_counter()
                for _ in range(number[name]):
                    fn()
                samples[name].append((time.perf_counter() - start) / number[name])
    finally:
        if enabled:
            gc.enable()
    return {name: float(np.median(values)) for name, values in samples.items()}


def finite_difference_time(net, X, Y, repeats: int = 3, eps: float = 1e-6) -> float:
    """Seconds for the whole gradient by central differences: 2 loss evaluations per parameter."""
    return median_seconds(lambda: gradcheck.network_numerical_gradients(net, X, Y, eps), repeats)


@dataclass(frozen=True)
class Timing:
    """Median seconds per call for one network and batch."""

    num_params: int
    batch_size: int
    forward: float
    loss: float
    backward: float
    forward_backward: float
    finite_difference: float

    @property
    def backward_over_forward(self) -> float:
        """Cost of one backward pass in forward passes."""
        return self.backward / self.forward

    @property
    def predicted_finite_difference(self) -> float:
        """2 n loss evaluations: what central differences over n parameters should take."""
        return 2 * self.num_params * self.loss

    @property
    def finite_difference_over_backprop(self) -> float:
        """How many times longer the finite-difference gradient takes than backprop's."""
        return self.finite_difference / self.forward_backward


def measure(net, X, Y, repeats: int = 5, fd_repeats: int = 3, finite_differences: bool = True,
            min_time: float = 2e-3) -> Timing:
    """Time forward, loss, backward, forward + backward (interleaved, see
    ``interleaved_medians``) and finite differences for ``net`` on (X, Y).

    ``finite_differences=False`` skips the slow one (``finite_difference`` is then NaN).
    """
    cache = net.forward(X)
    fast = interleaved_medians({
        "forward": lambda: net.forward(X), "loss": lambda: net.loss(X, Y),
        "backward": lambda: net.backward(cache, Y),
        "forward_backward": lambda: net.loss_and_gradients(X, Y)}, repeats, min_time)
    return Timing(num_params=net.num_params, batch_size=np.shape(X)[1], **fast,
                  finite_difference=finite_difference_time(net, X, Y, fd_repeats)
                  if finite_differences else float("nan"))
