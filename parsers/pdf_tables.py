"""Ruled tables on PDF pages: grids with spans, nesting, and joins across page breaks.

A printed table arrives as pdfplumber cell rectangles. The distinct x-edges and y-edges of
all its cells give the grid; each rectangle becomes one cell covering the grid slots inside
it (a merged cell is one cell with spans, never a copied value). A table drawn inside a
cell of another (a Word table nested in a cell) is kept as that cell's nested table, also
when its borders touch the host cell's and the table finder returned one flattened grid
(`find_nested`).

A table continued on the next page is a list of printed parts; `join_parts` makes them one
grid: a repeated header row is dropped, a row split by the page break is put back
together (`_row_split`), and a vertically merged cell that runs over the break is
extended. The invariant is that no text is lost or duplicated: when the evidence is thin,
parts stay separate rows rather than risk merging two rows' values.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from .model import Cell, Paragraph, Table
from .pdf_text import bracket_depth, continues, group_paragraphs, paragraph_text, union_bbox

EDGE_TOL = 1.5      # points: cell edges closer than this are one grid line
JOIN_EDGE_TOL = 3.0  # points: column edges of two parts of one table
CELL_PAD = 5.5       # points: Word's and LibreOffice's default left/right cell margin (0.19 cm)


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


# --------------------------------------------------------------------------------------
# Joining printed parts into one logical table


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


def _row_sig(cells: list, row: int) -> list:
    return sorted((c.col, c.col_span, c.row_span, c.norm_text) for c in cells if c.row == row)


def repeated_header_rows(first: list, part: list, max_rows: int = 6) -> int:
    """How many leading rows of `part` repeat the leading rows of the table's first part."""
    best = 0
    for k in range(max_rows):
        sig_a, sig_b = _row_sig(first, k), _row_sig(part, k)
        if not sig_a or sig_a != sig_b or not any(s[3] for s in sig_a):
            break
        closed = all(c.row + c.row_span <= k + 1 for c in part if c.row <= k)
        if closed:
            best = k + 1
    return best


def cell_text_edges(cell: RawCell) -> tuple:
    """Left and right text limits of a cell: its rectangle minus the padding."""
    x0, _top, x1, _bottom = cell.bbox
    own = [ln for ln in cell.lines if ln.page == cell.page] or cell.lines
    pad = CELL_PAD
    if own:  # the measured left gap, unless the text is centred or indented
        pad = min(max(min(ln.x0 for ln in own) - x0, 1.0), CELL_PAD)
    return x0 + pad, x1 - pad


class JoinContext:
    """Document-level measures the joins need."""

    def __init__(self, body_bottom: dict, gap_limit: float):
        self.body_bottom = body_bottom  # page -> lowest content bottom on pages of that size
        self.gap_limit = gap_limit


NUMERIC_RE = re.compile(r"^[-+−]?[\d,，.．]+%?$")


def _squash(text: str) -> str:
    return "".join(text.split())


def _nested_cut(x: RawCell, y: RawCell) -> bool:
    """Does a table nested in `x` run on into `y`? Its last part reaches the bottom of `x`,
    and a table ruled the same way opens `y`."""
    if not x.tables or not y.tables:
        return False
    last, first = x.tables[-1][-1], y.tables[0][0]
    if last.bbox[3] < x.tail_bottom - 6.0 or first.bbox[1] > y.bbox[1] + 6.0:
        return False
    if (x.lines and x.lines[-1].top > last.bbox[3]) or (y.lines and y.lines[0].bottom < first.bbox[1]):
        return False  # text after the nested table above, or before it below
    return columns_match(last, first)


def _pitch(x: RawCell) -> float:
    """The line pitch of a cell's text on the last page it is printed on (an estimate from
    the font size when it has one line there)."""
    own = [ln for ln in x.lines if ln.page == x.lines[-1].page]
    steps = [b.top - a.top for a, b in zip(own, own[1:]) if b.top > a.top]
    return min(steps) if steps else 1.25 * x.lines[-1].size


def _cut(x: RawCell, y: RawCell) -> bool:
    """Was the content of cell `x` cut by the page break and continued in `y`? Either a
    nested table runs on (`_nested_cut`), or the last line of `x` reaches the bottom of the
    cell and is a visual wrap that `y` continues. A vertically merged cell is as tall as the
    rows it spans on that page, which other cells set: its text reaches the bottom when one
    more line would not have fitted."""
    if _nested_cut(x, y):
        return True
    if not x.lines or not y.lines:
        return False
    a, b = x.lines[-1], y.lines[0]
    room = x.tail_bottom - a.bottom
    if room > 0.5 * a.size + 1.5 and (x.row_span < 2 or room >= _pitch(x)):
        return False  # the text ends above the cell's bottom: it was not cut
    if _fresh(x, y):
        return False
    left, right = cell_text_edges(x)
    depth = 0
    for ln in x.lines:
        depth = bracket_depth(ln.text, depth)
    return continues(a, b, left, right, float("inf"), depth)


def _fresh(x: RawCell, y: RawCell, labels: bool = True) -> bool:
    """Text below the break that cannot be the rest of the text above: two figures, the
    same text again, or (`labels`) a label above that closed its last bracket."""
    a, b = _squash(x.lines[-1].text), _squash(y.lines[0].text)
    if a == b or (NUMERIC_RE.match(a) and NUMERIC_RE.match(b)):
        return True
    if not labels:
        return False
    depth = 0
    for ln in x.lines:
        depth = bracket_depth(ln.text, depth)
    return a[-1:] in ("）", ")") and depth == 0


def _fills(x: RawCell) -> bool:
    """The cell's text runs down to its bottom edge (on the last page it is printed on)."""
    if not x.lines:
        return False
    last = x.lines[-1]
    return x.tail_bottom - last.bottom <= 0.5 * last.size + 1.5


def _row_split(pairs: list, last: int, part: RawTable, prev_bottom: float,
               ctx: JoinContext, single_column: bool = False) -> bool:
    """Does the first row of `part` continue the last row above it (a row split by the page
    break)?

    Every cell needs a counterpart above with the same columns, no cell may plainly start
    afresh below (`_fresh`), and the row above must reach the bottom of its page. A row
    below that holds nothing but the rest of text cut above (`_cut`) is the same row.
    Otherwise evidence comes from cells that belong to that row alone (vertically merged ones say nothing about
    the row), among those whose text reaches lowest: one must be cut (`_cut`), and either
    another one finished above (non-blank above, blank below), or the cut one runs over two
    lines or more and every other cell with text on both sides is cut or fills its cell
    (cut at a paragraph end). A row of one cell across the table (a framed narrative) only
    needs its text to run to the bottom of the page and go on at the top of the next (in a
    table of several columns: running text above the break, two lines or more without the
    blank lines of a signature block, and two lines or more below). In a one-column table
    the text above may end in a heading (a closed bracket is no label there) or be followed
    by a blank line or two that the break left at the bottom of the cell.
    """
    if any(x is None for x, _ in pairs):
        return False
    framed = len(pairs) == 1 and pairs[0][0].row_span == 1 and pairs[0][1].row_span == 1
    labels = not (framed and single_column)
    if any(x.lines and y.lines and _fresh(x, y, labels) for x, y in pairs):
        return False
    size = max((ln.size for _, y in pairs for ln in y.lines[:1]), default=10.0)
    bottom = ctx.body_bottom.get(part.page - 1)
    if bottom is not None and prev_bottom < bottom - (2.5 * size + 8):
        return False
    cut = [_cut(x, y) for x, y in pairs]
    if any(cut) and all(c or y.blank for c, (_x, y) in zip(cut, pairs)):
        return True  # nothing below the break but the rest of text cut above it
    if framed:
        # one cell across the whole table on both sides: a framed narrative, cut by the
        # page break maybe at a paragraph end. In a one-column table that is all there is
        # (the break may come after a blank line); in a wider table only a long text (not
        # a signature block or a title) counts.
        x, y = pairs[0]
        own = [ln for ln in x.lines if ln.page == x.lines[-1].page] if x.lines else []
        dense = len(own) >= 2 and all(b.top - a.bottom < 2.0 * a.size for a, b in zip(own, own[1:]))
        if single_column and y.lines and x.lines and (
                _fills(x) or x.tail_bottom - x.lines[-1].bottom < 2.0 * _pitch(x)):
            return True
        if dense and len(y.lines) >= 2 and _fills(x):
            return True
    singles = [(x, y) for x, y in pairs if x.row == last and x.row_span == 1 and y.row_span == 1]
    filled = [x for x, _ in singles if x.lines]
    if not filled:
        return False
    lowest = max(x.lines[-1].bottom for x in filled)
    tall = [(x, y) for x, y in singles if x.lines and x.lines[-1].bottom >= lowest - 2.0]
    cuts = [(x, y) for x, y in tall if _cut(x, y)]
    if not cuts:
        return False
    if any(y.blank and x.lines for x, y in singles):  # a cell finished above the break
        return True
    if not any(len([ln for ln in x.lines if ln.page == x.lines[-1].page]) >= 2 for x, _ in cuts):
        return False
    for x, y in pairs:
        if y.lines and (not x.lines or not (_cut(x, y) or _fills(x))):
            return False
    return True


def join_parts(parts: list, ctx: JoinContext) -> tuple:
    """One grid from printed parts: (cells, n_rows, xs, row_pages)."""
    parts, forced = unflatten_parts(parts)
    xs = cluster([x for p in parts for x in p.xs], JOIN_EDGE_TOL) if len(parts) > 1 else list(parts[0].xs)
    acc = []
    row_pages = []
    first_cells = None
    prev_bottom = None
    for k, part in enumerate(parts):
        cells = _mapped(part, xs)
        n = part.n_rows
        if k == 0:
            first_cells = cells
            acc.extend(cells)
            row_pages.extend([part.page] * n)
            prev_bottom = part.bbox[3]
            continue
        drop = repeated_header_rows(first_cells, cells)
        if drop:
            cells = [c for c in cells if c.row >= drop]
            for c in cells:
                c.row -= drop
            n -= drop
        if n <= 0:
            prev_bottom = part.bbox[3]
            continue
        last = len(row_pages) - 1
        last_end = {(c.col, c.col_span): c for c in acc if c.row + c.row_span - 1 == last}
        first_row = [c for c in cells if c.row == 0]
        pairs = [(last_end.get((y.col, y.col_span)), y) for y in first_row]
        offset = len(row_pages)
        if k in forced:
            split = all(x is not None for x, _ in pairs)
        else:
            split = _row_split(pairs, last, part, prev_bottom, ctx, len(xs) == 2)
        if split:
            for x, y in pairs:
                _absorb(x, y)
            cells = [c for c in cells if c.row != 0]
            offset -= 1
            row_pages.extend([part.page] * (n - 1))
        else:
            keep = []
            for y in cells:
                x = last_end.get((y.col, y.col_span)) if y.row == 0 else None
                # a vertically merged cell running over the break (blank below, or its
                # text cut by the break)
                if x is not None and (x.row_span > 1 or y.row_span > 1) and (y.blank or _cut(x, y)):
                    _absorb(x, y)
                    x.row_span += 1
                    continue
                keep.append(y)
            cells = keep
            row_pages.extend([part.page] * n)
        for c in cells:
            c.row += offset
        acc.extend(cells)
        prev_bottom = part.bbox[3]
    return acc, len(row_pages), xs, row_pages


def _mapped(t: RawTable, xs: list) -> list:
    """Copies of a part's cells with columns numbered on the grid `xs`."""
    out = []
    for c in t.cells:
        m = c.copy()
        c0, c1 = nearest(xs, c.bbox[0]), nearest(xs, c.bbox[2])
        m.col, m.col_span = c0, max(1, c1 - c0)
        out.append(m)
    return out


def _on_edge(x: float, edges: list, tol: float = JOIN_EDGE_TOL) -> bool:
    return abs(edges[nearest(edges, x)] - x) <= tol


def _unflatten(prev: RawTable, part: RawTable, first_mapped: list, xs_all: list,
               cont: dict):
    """`part` rebuilt without the rows of a nested table continued from `prev`, or None.

    A nested table that runs over the page break with its host row is printed on the next
    page touching its host's borders, so the table finder returns one flattened grid there.
    Its cells (those on the nested table's column edges inside the host's columns) are taken
    out as the nested table's next part; the host row becomes one row again, to be merged
    with the row above.
    """
    tol = JOIN_EDGE_TOL
    hosts = []
    for x in prev.cells:
        if x.row + x.row_span != prev.n_rows:
            continue
        nested = x.tables[-1] if x.tables else cont.get(id(x))
        if nested and nested[-1].page == prev.page and nested[-1].bbox[3] >= prev.bbox[3] - 6:
            hosts.append((x, nested))
    if not hosts:
        return None
    top = repeated_header_rows(first_mapped, _mapped(part, xs_all))
    cells = [c for c in part.cells if c.row >= top]
    if top >= part.n_rows or not cells:
        return None
    end = top + 1  # the host row: the first band of rows no cell crosses
    while end < part.n_rows and any(c.row < end < c.row + c.row_span for c in cells):
        end += 1
    band = [c for c in cells if c.row < end]
    y0, y1 = part.ys[top], part.ys[end]
    plan = []
    taken = set()
    for x, nested in hosts:
        n_xs = nested[-1].xs
        hx0, hx1 = x.bbox[0], x.bbox[2]
        inside = [c for c in band if c.bbox[0] >= hx0 - tol and c.bbox[2] <= hx1 + tol]
        inner = [c for c in inside
                 if _on_edge(c.bbox[0], n_xs) and _on_edge(c.bbox[2], n_xs)
                 and c.bbox[0] >= n_xs[0] - tol and c.bbox[2] <= n_xs[-1] + tol]
        if not inner or len(inner) == len(inside) and len(n_xs) < 2:
            continue
        plan.append((x, nested, inside, inner))
        taken.update(id(c) for c in inside)
    if not plan:
        return None
    others = [c for c in band if id(c) not in taken]
    if any(c.row != top or c.row + c.row_span != end for c in others):
        return None  # the band is not one row of the host table: leave the grid as printed
    new_cells = []
    for x, nested, inside, inner in plan:
        inner_ids = {id(c) for c in inner}
        nested.append(RawTable(None, part.page, cells=inner))
        host = RawCell((x.bbox[0], y0, x.bbox[2], y1), part.page)
        for c in sorted(inside, key=lambda c: (c.bbox[1], c.bbox[0])):
            if id(c) not in inner_ids:  # padding around the nested table
                host.lines.extend(c.lines)
                host.tables.extend(c.tables)
        cont[id(host)] = nested
        new_cells.append(host)
    for c in others:
        c.bbox = (c.bbox[0], y0, c.bbox[2], y1)
        new_cells.append(c)
    new_cells.extend(c for c in cells if c.row >= end)
    rebuilt = RawTable(None, part.page, cells=new_cells)
    rebuilt.ref = part.ref
    return rebuilt


def unflatten_parts(parts: list) -> tuple:
    """Parts with nested-table continuations taken out of flattened grids; also the set of
    part indices whose first row continues the row above (the host row)."""
    if len(parts) < 2:
        return parts, set()
    xs_all = cluster([x for p in parts for x in p.xs], JOIN_EDGE_TOL)
    first_mapped = _mapped(parts[0], xs_all)
    out = [parts[0]]
    forced = set()
    cont = {}
    for k in range(1, len(parts)):
        rebuilt = _unflatten(out[-1], parts[k], first_mapped, xs_all, cont)
        if rebuilt is None:
            out.append(parts[k])
        else:
            out.append(rebuilt)
            forced.add(k)
    return out, forced


def _absorb(x: RawCell, y: RawCell) -> None:
    """Cell `y`, printed below the page break, is the rest of cell `x` above it."""
    rest = y.tables
    if _nested_cut(x, y):  # the nested table goes on: one more printed part of it
        x.tables[-1].extend(y.tables[0])
        rest = y.tables[1:]
    x.lines.extend(y.lines)
    x.tables.extend(rest)
    x.row_span += y.row_span - 1
    x.tail_bottom = y.tail_bottom


def build_table(parts: list, ctx: JoinContext) -> Table:
    """The model Table for one logical table (one or more printed parts)."""
    cells, n_rows, xs, row_pages = join_parts(parts, ctx)
    out = []
    for c in sorted(cells, key=lambda c: (c.row, c.col)):
        out.append(Cell(row=c.row, col=c.col, row_span=c.row_span, col_span=c.col_span,
                        paragraphs=cell_paragraphs(c, ctx), bbox=_round(c.bbox),
                        tables=[build_table(t, ctx) for t in c.tables]))
    first = parts[0]
    return Table(cells=out, n_rows=n_rows, n_cols=len(xs) - 1, page=first.page,
                 bbox=_round(first.bbox), row_pages=row_pages,
                 parts=[p.ref for p in parts if p.ref is not None])


def cell_paragraphs(cell: RawCell, ctx: JoinContext) -> list:
    if not cell.lines:
        return []
    left, right = cell_text_edges(cell)
    out = []
    for group in group_paragraphs(cell.lines, left, right, ctx.gap_limit):
        page = group[0].page
        out.append(Paragraph(text=paragraph_text(group), page=page, bbox=union_bbox(group, page)))
    return out


def _round(bbox):
    return tuple(round(v, 2) for v in bbox) if bbox else None
