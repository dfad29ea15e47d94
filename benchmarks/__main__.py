"""``python -m benchmarks``: run every benchmark, write results.json and results.md.

Run from the repository root (``make bench`` does). Builds go to a temporary
folder, never to the repository's ``_build``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from . import backprop, builds, pages, results, sliders

ROOT = Path(__file__).resolve().parents[1]


def log(message: str) -> None:
    print(message, flush=True)


def describe(out: dict) -> list[str]:
    """The notes under the table: where, when, how long, and what is reported besides."""
    meta = out["meta"]
    return [
        f"Measured on {meta['cores']} cores ({meta['platform']}, Python {meta['python']}), load "
        f"average {meta['load_average_at_start']:.2f} at the start, {meta['repetitions']} repetitions "
        f"of each build, on {meta['date']}; `make bench` took {meta['total_s']:.0f} s.",
        f"Builds: cold {out['build_cold_s']:.1f} s, warm {out['build_warm_s']:.1f} s, template "
        f"{out['build_template_s']:.1f} s (medians).",
        f"finite_diff_over_backprop grows with log-log slope {out['finite_diff_slope']:.2f} against "
        "the parameter count (1 = like n).",
        "backprop_over_activations (forward+backward over the forward pass that stops at the "
        "output activations, without the loss): "
        + ", ".join(f"{k} {v:.2f}" for k, v in out["backprop_over_activations"].items()) + ".",
        "Static (no-kernel) slider step in Chromium, median ms per figure: "
        + ", ".join(f"{k} {v:.0f}" for k, v in out["static_slider_step_ms"].items()) + ".",
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--repetitions", type=int, default=3,
                        help="builds per kind (cold, warm, template); medians are reported")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks",
                        help="folder for results.json and results.md")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="the book to measure (default: this repository)")
    args = parser.parse_args(argv)
    if args.repetitions < 1:
        parser.error("--repetitions must be at least 1")

    start = time.perf_counter()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="descent-bench-") as tmp:
        work = Path(tmp)
        log(f"builds ({args.repetitions} repetitions: template, cold, warm)")
        b = builds.run(args.root.resolve(), work, args.repetitions, log)
        log("live slider updates (each chapter run again in a fresh kernel)")
        slider = sliders.run(b["source"] / "chapters", log)
        log("gradient cost (one BLAS thread)")
        gradient = backprop.run(log)
        ratios, fd = gradient["backprop_over_forward"], gradient["finite_diff_over_backprop"]
        log("pages in Chromium")
        page = pages.run(b["site"], log)

    cold, warm, template = (results.median(b[k]) for k in ("cold", "warm", "template"))
    out = {
        "build_cold_s": cold,
        "build_template_s": template,
        "build_cold_ratio": results.ratio(cold, template),
        "build_warm_ratio": results.ratio(warm, template),
        "notebook_s": {name: results.median(s) for name, s in sorted(b["notebooks"].items())},
        "slider_update_ms": {name: t["median_ms"] for name, t in slider.items()},
        "backprop_over_forward": ratios,
        "finite_diff_over_backprop": fd,
        "page_bytes": page["page_bytes"],
        # Reported, not targets.
        "build_warm_s": warm,
        "backprop_over_activations": gradient["backprop_over_activations"],
        "finite_diff_slope": results.loglog_slope(fd),
        "slider_update_max_ms": {name: t["max_ms"] for name, t in slider.items()},
        "static_slider_step_ms": page["static_slider_step_ms"],
        "samples": {"build_cold_s": b["cold"], "build_warm_s": b["warm"],
                    "build_template_s": b["template"], "notebook_s": b["notebooks"]},
        "meta": {"repetitions": args.repetitions, "cores": os.cpu_count(),
                 "load_average_at_start": round(load, 2), "python": platform.python_version(),
                 "platform": platform.platform(), "date": time.strftime("%Y-%m-%d %H:%M:%S"),
                 "total_s": round(time.perf_counter() - start, 1)},
    }
    notes = describe(out)
    json_path, md_path = results.write(out, args.out, notes)
    log("")
    log(results.table(out))
    log("")
    log(results.summary(out))
    log("")
    for n in notes:
        log(f"- {n}")
    log(f"\nwrote {json_path} and {md_path}")
    held = results.verdicts(out)
    missed = [k for k, ok in held.items() if not ok]
    log("every target holds" if not missed else f"targets missed: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
