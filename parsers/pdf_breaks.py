"""Was a table row cut by the page break? The evidence, cell by cell.

A row split by a page break prints as the last row of one part and the first row of the
next. `_row_split` weighs what the cells say: text cut at the bottom of a cell and
continued below (`_cut`), a nested table that runs on (`_nested_cut`), text below that can
only start afresh (`_fresh`). When the evidence is thin the rows stay apart: no text is
lost or duplicated either way, but merging two rows' values would be.
"""
from __future__ import annotations

import re

from .pdf_grid import RawCell, RawTable, columns_match
from .pdf_text import bracket_depth, continues

CELL_PAD = 5.5       # points: Word's and LibreOffice's default left/right cell margin (0.19 cm)


def cell_text_edges(cell: RawCell) -> tuple:
    """Left and right text limits of a cell: its rectangle minus the padding."""
    x0, _top, x1, _bottom = cell.bbox
    own = [ln for ln in cell.lines if ln.page == cell.page] or cell.lines
    pad = CELL_PAD
    if own and not own[0].ocr:  # the measured left gap, unless the text is centred or indented
        # (on a scan the ruling lines are found a point or two off: the default margin)
        pad = min(max(min(ln.x0 for ln in own) - x0, 1.0), CELL_PAD)
    return x0 + pad, x1 - pad


class JoinContext:
    """Document-level measures the joins need."""

    def __init__(self, body_bottom: dict, gap_limit: float, ocr_pages=frozenset()):
        self.body_bottom = body_bottom  # page -> lowest content bottom on pages of that size
        self.gap_limit = gap_limit
        self.ocr_pages = ocr_pages      # pages read by OCR: a repeated header may be misread


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
    if _centred(x, room):
        return False
    if _fresh(x, y):
        return False
    left, right = cell_text_edges(x)
    depth = 0
    for ln in x.lines:
        depth = bracket_depth(ln.text, depth)
    return continues(a, b, left, right, float("inf"), depth)


def _centred(x: RawCell, room: float) -> bool:
    """Text set in the middle of its cell (a header centred in a row that a two-line
    neighbour makes tall): more than half a line free below it, and about as much above
    it. Text cut by the break starts at the top and runs down to the bottom edge instead.
    It matters where line heights are estimates (a scanned page: an OCR box is as tall as
    its ink) and a line seems to reach a little lower than it does."""
    a = x.lines[-1]
    if x.row_span > 1 or x.tail_bottom != x.bbox[3] or any(ln.page != a.page for ln in x.lines):
        return False  # a cell continued from an earlier page: its top says nothing here
    above = x.lines[0].top - x.bbox[1]
    return room > 0.5 * a.size and above >= room - 0.25 * a.size


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
