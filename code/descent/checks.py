"""Argument checks shared by the whole package.

Each check returns the value it accepted (as a float, an int or a bool) or
raises ValueError whose message names the argument and says what it must be:

    lr must be a positive finite number; got -0.1

A ``bool`` is refused wherever a number is asked for: to Python ``True`` is
the integer 1, but ``lr=True`` is a mistake, not a step size of 1.
"""

from __future__ import annotations

import math
import numbers

__all__ = ["is_real", "finite", "positive", "positive_or_inf", "non_negative",
           "beta", "fraction", "integer", "flag"]


def is_real(x) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _is_integer(x) -> bool:
    return isinstance(x, numbers.Integral) and not isinstance(x, bool)


def _require(ok: bool, name: str, rule: str, x) -> None:
    if not ok:
        raise ValueError(f"{name} must be {rule}; got {x!r}")


def finite(name: str, x) -> float:
    _require(is_real(x) and math.isfinite(x), name, "a finite number", x)
    return float(x)


def positive(name: str, x) -> float:
    _require(is_real(x) and math.isfinite(x) and x > 0, name, "a positive finite number", x)
    return float(x)


def positive_or_inf(name: str, x) -> float:
    """A positive number, inf allowed (a limit that may be switched off)."""
    _require(is_real(x) and x > 0, name, "a positive number", x)
    return float(x)


def non_negative(name: str, x) -> float:
    _require(is_real(x) and math.isfinite(x) and x >= 0, name, "a finite number >= 0", x)
    return float(x)


def beta(name: str, x) -> float:
    """A decay factor of an average, 0 <= beta < 1 (beta = 1 would never forget its start)."""
    _require(is_real(x) and 0 <= x < 1, name, "a number in [0, 1)", x)
    return float(x)


def fraction(name: str, x) -> float:
    """A factor that keeps part of a value, 0 < x <= 1."""
    _require(is_real(x) and 0 < x <= 1, name, "a number in (0, 1]", x)
    return float(x)


def integer(name: str, x, least: int = 0) -> int:
    _require(_is_integer(x) and x >= least, name, f"an integer >= {least}", x)
    return int(x)


def flag(name: str, x) -> bool:
    _require(isinstance(x, bool), name, "True or False", x)
    return x
