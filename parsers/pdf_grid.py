"""Ruled tables on one PDF page: grids with spans, and tables nested in cells.

A printed table arrives as cell rectangles (from pdfplumber's table finder or from the
page's drawn lines). The distinct x-edges and y-edges of all its cells give the grid; each
rectangle becomes one cell covering the grid slots inside it (a merged cell is one cell
with spans, never a copied value). A table drawn inside a cell of another (a Word table
nested in a cell) is kept as that cell's nested table, also when its borders touch the host
cell's and the table finder returned one flattened grid (`find_nested`). `columns_match`
says whether two printed tables are ruled alike (the test for a table continued on the
next page).
"""
from __future__ import annotations

from bisect import bisect_right

EDGE_TOL = 1.5      # points: cell edges closer than this are one grid line
JOIN_EDGE_TOL = 3.0  # points: column edges of two parts of one table


def cluster(values, tol: float) -> list:
    """Sorted representatives of values that lie within `tol` of their neighbour."""
    out = []
    group = []
    for v in sorted(values):
        if group and v - group[-1] > tol:
            out.append(sum(group) / len(group))
            group = []
        group.append(v)
    if group:
        out.append(sum(group) / len(group))
    return out


def nearest(edges: list, v: float) -> int:
    i = bisect_right(edges, v)
    if i == 0:
        return 0
    if i >= len(edges):
        return len(edges) - 1
    return i if edges[i] - v < v - edges[i - 1] else i - 1


class RawCell:
    """A printed cell: its rectangle, the text lines inside it, tables nested in it.

    `tables` holds one list per nested table: its printed parts (one, or more when the
    nested table runs over a page break with its host row)."""

    __slots__ = ("bbox", "chars", "lines", "tables", "row", "col", "row_span", "col_span", "page",
                 "tail_bottom")

    def __init__(self, bbox, page):
        self.bbox = bbox
        self.page = page
        self.tail_bottom = bbox[3]  # where the cell ends on the last page it is printed on
        self.chars = []
        self.lines = []
        self.tables = []
        self.row = self.col = 0
        self.row_span = self.col_span = 1

    @property
    def norm_text(self) -> str:
        return "".join("".join(ln.text.split()) for ln in self.lines)

    @property
    def blank(self) -> bool:
        return not self.lines and not self.tables

    def copy(self) -> "RawCell":
        c = RawCell(self.bbox, self.page)
        c.lines, c.tables = list(self.lines), [list(t) for t in self.tables]
        c.row, c.col, c.row_span, c.col_span = self.row, self.col, self.row_span, self.col_span
        c.tail_bottom = self.tail_bottom
        return c


class RawTable:
    """One printed table on one page, with its own grid."""

    __slots__ = ("page", "bbox", "cells", "xs", "ys", "slots", "area", "parent", "ref")

    def __init__(self, rects: list, page: int, cells: list | None = None):
        """A table from pdfplumber's cell rectangles, or from existing RawCells."""
        self.page = page
        if cells is None:
            cells = [RawCell(tuple(r), page) for r in rects]
        self.xs = cluster([c.bbox[0] for c in cells] + [c.bbox[2] for c in cells], EDGE_TOL)
        self.ys = cluster([c.bbox[1] for c in cells] + [c.bbox[3] for c in cells], EDGE_TOL)
        n_rows, n_cols = len(self.ys) - 1, len(self.xs) - 1
        self.slots = [[None] * n_cols for _ in range(n_rows)]
        self.cells = []
        for cell in cells:
            b = cell.bbox
            c0, c1 = nearest(self.xs, b[0]), nearest(self.xs, b[2])
            r0, r1 = nearest(self.ys, b[1]), nearest(self.ys, b[3])
            if c1 <= c0 or r1 <= r0:
                continue
            if any(self.slots[r][c] is not None for r in range(r0, r1) for c in range(c0, c1)):
                continue  # overlapping rectangles: the first one wins
            cell.row, cell.col, cell.row_span, cell.col_span = r0, c0, r1 - r0, c1 - c0
            for r in range(r0, r1):
                for c in range(c0, c1):
                    self.slots[r][c] = cell
            self.cells.append(cell)
        self.bbox = (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])
        self.area = (self.bbox[2] - self.bbox[0]) * (self.bbox[3] - self.bbox[1])
        self.parent = None
        self.ref = None  # (page, k): the k-th top-level table printed on that page

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    def cell_at(self, x: float, y: float):
        """The cell whose slot holds point (x, y), or None (outside, or an uncovered slot)."""
        c = bisect_right(self.xs, x) - 1
        r = bisect_right(self.ys, y) - 1
        if 0 <= r < len(self.slots) and 0 <= c < len(self.xs) - 1:
            return self.slots[r][c]
        return None


SLIVER = 9.0  # points: at most this wide, a blank column is a nested table's indent


def find_nested(t: RawTable) -> RawTable:
    """`t` with the tables nested in its cells taken out of its grid again.

    A Word table nested in a cell prints with its borders touching the host cell's top and
    bottom borders, so the table finder returns one grid with the nested rows in it. The
    tell-tale is a blank sliver column (the nested table's indent from the host's left
    border) as tall as a band of rows that no cell crosses; the nested table's cells lie
    right of it, up to a blank padding cell as tall as the band (or the next cell as tall as
    the band). Those cells become a table nested in one host cell.
    """
    while True:
        found = _nested_region(t)
        if found is None:
            return t
        band, host_box, inner, padding = found
        host = RawCell(host_box, t.page)
        for c in padding:
            host.lines.extend(c.lines)
            host.tables.extend(c.tables)
        host.tables.append([RawTable(None, t.page, cells=inner)])
        taken = {id(c) for c in inner} | {id(c) for c in padding}
        cells = [c for c in t.cells if id(c) not in taken] + [host]
        rebuilt = RawTable(None, t.page, cells=cells)
        rebuilt.ref = t.ref
        t = rebuilt


def _nested_region(t: RawTable):
    for s in t.cells:
        if not s.blank or s.bbox[2] - s.bbox[0] > SLIVER or s.row_span < 2:
            continue
        r0, r1 = s.row, s.row + s.row_span
        if any(c.row < r0 < c.row + c.row_span or c.row < r1 < c.row + c.row_span for c in t.cells):
            continue  # not a band of whole rows
        band = [c for c in t.cells if r0 <= c.row < r1]
        right_of = sorted((c for c in band if c.bbox[0] >= s.bbox[2] - EDGE_TOL),
                          key=lambda c: c.bbox[0])
        inner, stop = [], None
        for c in right_of:
            if c.row == r0 and c.row_span == r1 - r0 and (not inner or c.bbox[0] >= max(
                    i.bbox[2] for i in inner) - EDGE_TOL):
                stop = c
                break
            inner.append(c)
        if not inner:
            continue
        in_x1 = max(c.bbox[2] for c in inner)
        if any(c.bbox[0] > in_x1 - EDGE_TOL for c in inner) or (stop and stop.bbox[0] < in_x1 - EDGE_TOL):
            continue
        area = sum((c.bbox[2] - c.bbox[0]) * (c.bbox[3] - c.bbox[1]) for c in inner)
        box = (s.bbox[2], s.bbox[1], in_x1, s.bbox[3])
        if abs(area - (box[2] - box[0]) * (box[3] - box[1])) > 2.0 * (box[3] - box[1]):
            continue  # the cells do not tile the region
        padding = [s]
        host_x1 = in_x1
        if stop is not None and stop.blank:
            padding.append(stop)
            host_x1 = stop.bbox[2]
        if len({c.row for c in inner}) < 2:
            continue
        return (r0, r1), (s.bbox[0], s.bbox[1], host_x1, s.bbox[3]), inner, padding
    return None


def nest_tables(tables: list) -> list:
    """Attach tables drawn inside a cell of another table to that cell; return the rest."""
    by_area = sorted(tables, key=lambda t: t.area)
    top = []
    for i, inner in enumerate(by_area):
        host = None
        for outer in by_area[i + 1:]:
            b, o = inner.bbox, outer.bbox
            if b[0] >= o[0] - 1 and b[1] >= o[1] - 1 and b[2] <= o[2] + 1 and b[3] <= o[3] + 1:
                cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
                cell = outer.cell_at(cx, cy)
                if cell is not None:
                    cb = cell.bbox
                    if b[0] >= cb[0] - 1 and b[1] >= cb[1] - 1 and b[2] <= cb[2] + 1 and b[3] <= cb[3] + 1:
                        host = cell
                        break
        if host is not None:
            inner.parent = host
            host.tables.append([inner])
        else:
            top.append(inner)
    top.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    for t in tables:
        for cell in t.cells:
            cell.tables.sort(key=lambda n: (n[0].bbox[1], n[0].bbox[0]))
    return top


def row_edges(t: RawTable, row: int) -> list:
    """The x-edges of the cells that cover one row of a printed table."""
    return cluster([x for c in t.cells if c.row <= row < c.row + c.row_span
                    for x in (c.bbox[0], c.bbox[2])], EDGE_TOL)


def _same_edges(a: list, b: list, tol: float) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= tol for x, y in zip(a, b))


def columns_match(a: RawTable, b: RawTable, tol: float = JOIN_EDGE_TOL) -> bool:
    """Same outer edges, and (nearly) the same column edges overall, or the first row of
    `b` ruled like the last row (or the header row) of `a`."""
    if abs(a.xs[0] - b.xs[0]) > tol or abs(a.xs[-1] - b.xs[-1]) > tol:
        return False
    small, large = (a.xs, b.xs) if len(a.xs) <= len(b.xs) else (b.xs, a.xs)
    hits = sum(1 for x in small if abs(large[nearest(large, x)] - x) <= tol)
    if hits >= max(2, 0.8 * len(small)):
        return True
    first = row_edges(b, 0)
    return (_same_edges(first, row_edges(a, a.n_rows - 1), tol)
            or _same_edges(first, row_edges(a, 0), tol))
