"""Helpers for the chapter notebooks themselves."""


def glue(name: str, value) -> None:
    """myst-nb's ``glue`` for a number the prose quotes, never displayed in place.

    NumPy scalars are turned into Python ones first: since NumPy 2 their repr
    is ``np.float64(0.3)``, which myst-nb cannot format with ``:.4f``.
    """
    from myst_nb import glue as myst_glue

    myst_glue(name, value.item() if hasattr(value, "item") else value, display=False)
