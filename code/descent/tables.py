"""Tables of numbers that the chapters print, as HTML in the book and text in a console."""

import html

# Explicit colours: output areas keep a light background in the theme's dark mode.
TABLE_STYLE = ("border-collapse:collapse;background:#ffffff;color:#222222;"
               "font-variant-numeric:tabular-nums;margin:0.5em 0")
CELL_STYLE = "border:1px solid #cccccc;padding:2px 10px;text-align:right"
HEAD_STYLE = CELL_STYLE + ";background:#eeeeee;text-align:center"


class Table:
    """Rows of already formatted cells under a header; ``rows`` is a list of lists of str."""

    def __init__(self, headers, rows):
        if any(len(r) != len(headers) for r in rows):
            raise ValueError("rows must each have one cell per header")
        self.headers, self.rows = list(headers), [list(r) for r in rows]

    def _repr_html_(self) -> str:
        head = "".join(f'<th style="{HEAD_STYLE}">{html.escape(h)}</th>' for h in self.headers)
        body = "".join(
            "<tr>" + "".join(f'<td style="{CELL_STYLE}">{html.escape(c)}</td>' for c in row) + "</tr>"
            for row in self.rows)
        return f'<table class="descent-table" style="{TABLE_STYLE}"><tr>{head}</tr>{body}</table>'

    def __str__(self) -> str:
        widths = [max(len(x) for x in col) for col in zip(self.headers, *self.rows)]
        line = lambda cells: "  ".join(c.rjust(w) for c, w in zip(cells, widths))
        return "\n".join([line(self.headers), *(line(r) for r in self.rows)])

    __repr__ = __str__


def iterations(run, names=("x", "y"), decimals: int = 6, first: int = 0) -> Table:
    """One row per point of a gradient-descent run: k, the coordinates, J.

    ``first`` is the number given to x_0 (the source numbers its first row 1).
    """
    d = run.points.shape[1]
    fmt = f"{{:.{decimals}f}}"
    rows = [[str(k + first), *(fmt.format(v) for v in p), fmt.format(J)]
            for k, (p, J) in enumerate(zip(run.points, run.values))]
    return Table(["k", *names[:d], "J"], rows)
