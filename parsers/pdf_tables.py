"""A table continued over page breaks: printed parts joined into one model `Table`.

A table continued on the next page is a list of printed parts (`pdf_grid.RawTable`);
`join_parts` makes them one grid: a repeated header row is dropped, a row split by the page
break is put back together (`pdf_breaks._row_split`), and a vertically merged cell that
runs over the break is extended. The invariant is that no text is lost or duplicated: when
the evidence is thin, parts stay separate rows rather than risk merging two rows' values.
"""
from __future__ import annotations

from .model import Cell, Paragraph, Table
from .pdf_breaks import JoinContext, _cut, _nested_cut, _row_split, cell_text_edges
from .pdf_grid import JOIN_EDGE_TOL, RawCell, RawTable, cluster, nearest
from .pdf_text import group_paragraphs, paragraph_text, union_bbox



def _row_sig(cells: list, row: int) -> list:
    return sorted((c.col, c.col_span, c.row_span, c.norm_text) for c in cells if c.row == row)


def _same_row(sig_a: list, sig_b: list, misread_ok: bool) -> bool:
    """Two rows' signatures alike; with `misread_ok` (a part read by OCR) their texts may
    differ by a misread character in a few cells (`layout._misread_only`)."""
    if sig_a == sig_b:
        return True
    if not misread_ok or [s[:3] for s in sig_a] != [s[:3] for s in sig_b]:
        return False
    from .layout import _misread_only
    return _misread_only(tuple(s[3] for s in sig_a), tuple(s[3] for s in sig_b))


def repeated_header_rows(first: list, part: list, max_rows: int = 6, misread_ok: bool = False) -> int:
    """How many leading rows of `part` repeat the leading rows of the table's first part."""
    best = 0
    for k in range(max_rows):
        sig_a, sig_b = _row_sig(first, k), _row_sig(part, k)
        if not sig_a or not _same_row(sig_a, sig_b, misread_ok) or not any(s[3] for s in sig_a):
            break
        closed = all(c.row + c.row_span <= k + 1 for c in part if c.row <= k)
        if closed:
            best = k + 1
    return best


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
        drop = repeated_header_rows(first_cells, cells, misread_ok=bool(
            {parts[0].page, part.page} & set(ctx.ocr_pages)))
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
