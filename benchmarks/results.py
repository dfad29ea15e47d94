"""Medians, ratios, the targets, and the results table.

Nothing here measures anything: this is the part of the harness the tests
check without running the slow benchmarks.
"""

from __future__ import annotations

import json
import math
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, Sequence

# Every key results.json must hold; numbers, or objects of numbers.
REQUIRED_KEYS = (
    "build_cold_s", "build_template_s", "build_cold_ratio", "build_warm_ratio",
    "notebook_s", "slider_update_ms", "backprop_over_forward",
    "finite_diff_over_backprop", "page_bytes",
)
OBJECT_KEYS = ("notebook_s", "slider_update_ms", "backprop_over_forward",
               "finite_diff_over_backprop", "page_bytes")

# "Grows ~ n": the slope of log(ratio) against log(n) lies in this band.
SLOPE_BAND = (0.75, 1.25)
# "6 MB" read as 6 * 10^6 bytes, the stricter of the two readings.
MAX_PAGE_BYTES = 6_000_000


def median(samples: Sequence[float]) -> float:
    """The median of the repetitions; one sample is its own median."""
    if len(samples) == 0:
        raise ValueError("samples must hold at least one number")
    return float(statistics.median(samples))


def ratio(numerator: float, denominator: float) -> float:
    if not denominator > 0:
        raise ValueError(f"denominator must be positive, got {denominator!r}")
    return float(numerator) / float(denominator)


def loglog_slope(by_n: Mapping) -> float:
    """Least-squares slope of log(value) against log(n); 1 means "grows like n"."""
    points = sorted((float(n), float(v)) for n, v in by_n.items())
    if len(points) < 2:
        raise ValueError("by_n must hold at least two sizes")
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(v) for _, v in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


@dataclass(frozen=True)
class Target:
    key: str
    text: str
    holds: Callable[[object], bool]


def _each(limit: float) -> Callable[[Mapping], bool]:
    return lambda obj: bool(obj) and all(v <= limit for v in obj.values())


TARGETS = (
    Target("build_cold_ratio", "≤ 15", lambda v: v <= 15),
    Target("build_warm_ratio", "≤ 2", lambda v: v <= 2),
    Target("notebook_s", "each ≤ 20", _each(20)),
    Target("slider_update_ms", "each ≤ 100", _each(100)),
    Target("backprop_over_forward", "each ≤ 3", _each(3)),
    Target("finite_diff_over_backprop", "log-log slope in [0.75, 1.25]",
           lambda obj: SLOPE_BAND[0] <= loglog_slope(obj) <= SLOPE_BAND[1]),
    Target("page_bytes", "max ≤ 6 MB (6,000,000 B)",
           lambda obj: bool(obj) and max(obj.values()) <= MAX_PAGE_BYTES),
)


def missing_keys(results: Mapping) -> list[str]:
    """Required keys that are absent or not numbers (objects: not all numbers)."""
    missing = []
    for key in REQUIRED_KEYS:
        value = results.get(key)
        if key in OBJECT_KEYS:
            ok = isinstance(value, dict) and value and all(_is_number(v) for v in value.values())
        else:
            ok = _is_number(value)
        if not ok:
            missing.append(key)
    return missing


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def verdicts(results: Mapping) -> dict[str, bool]:
    """For each target: does it hold?"""
    return {t.key: t.holds(results[t.key]) for t in TARGETS}


def _fmt(value) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def table(results: Mapping) -> str:
    """The results as a Markdown table: one row per number, with its target."""
    targets = {t.key: t for t in TARGETS}
    holds = verdicts(results)
    rows = ["| key | entry | value | target | holds |", "| --- | --- | --- | --- | --- |"]
    for key in REQUIRED_KEYS:
        value = results[key]
        target = targets.get(key)
        mark = ("yes" if holds[key] else "**NO**") if target else ""
        text = target.text if target else ""
        if isinstance(value, dict):
            for i, (entry, v) in enumerate(value.items()):
                first = i == 0
                rows.append(f"| {key if first else ''} | {entry} | {_fmt(v)} | "
                            f"{text if first else ''} | {mark if first else ''} |")
        else:
            rows.append(f"| {key} | | {_fmt(value)} | {text} | {mark} |")
    return "\n".join(rows)


def summary(results: Mapping) -> str:
    """One row per required key; an object shows its largest entry (the one a target limits)."""
    targets = {t.key: t for t in TARGETS}
    holds = verdicts(results)
    rows = ["| key | value | target | holds |", "| --- | --- | --- | --- |"]
    for key in REQUIRED_KEYS:
        value, target = results[key], targets.get(key)
        if isinstance(value, dict):
            worst = max(value, key=value.get)
            shown = f"max {_fmt(value[worst])} ({worst}; {len(value)} entries)"
            if key == "finite_diff_over_backprop":
                shown = f"{_fmt(min(value.values()))} to {_fmt(value[worst])}, slope {loglog_slope(value):.2f}"
        else:
            shown = _fmt(value)
        mark = ("yes" if holds[key] else "**NO**") if target else ""
        rows.append(f"| {key} | {shown} | {target.text if target else ''} | {mark} |")
    return "\n".join(rows)


def write(results: Mapping, folder: Path, notes: Sequence[str] = ()) -> tuple[Path, Path]:
    """results.json (every key) and results.md (the table and the notes)."""
    missing = missing_keys(results)
    if missing:
        raise ValueError(f"results lack required keys: {', '.join(missing)}")
    folder.mkdir(parents=True, exist_ok=True)
    json_path, md_path = folder / "results.json", folder / "results.md"
    json_path.write_text(json.dumps(results, indent=2, sort_keys=False) + "\n")
    md = ["# Benchmark results", "", summary(results), "", "Every entry:", "", table(results), ""]
    md += [f"- {n}" for n in notes]
    md_path.write_text("\n".join(md).rstrip() + "\n")
    return json_path, md_path
