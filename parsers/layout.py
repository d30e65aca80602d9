"""Generic layout steps on parsed blocks: joining tables that print as one.

A Word table is often split in two with its header row repeated (the score sheet of the
seed is printed that way). Joining them is layout knowledge, not domain knowledge: two
tables in a row whose first rows read the same are one logical table.
"""
from __future__ import annotations

from .model import Cell, Paragraph, Table


def row_signature(table: Table, row: int = 0) -> tuple:
    """Texts of a row's cells with all whitespace removed (what a reader compares)."""
    return tuple("".join(c.text.split()) for c in table.rows()[row]) if table.n_rows > row else ()


def header_repeats(first: Table, second: Table) -> bool:
    """The second table's first row reads like the first's: the same texts, or, where one
    of them was read by OCR, the same but for a misread character in a few cells."""
    sig = row_signature(first)
    if not sig or not any(sig) or first.n_cols != second.n_cols:
        return False
    other = row_signature(second)
    if sig == other:
        return True
    ocr = any(c.confidence is not None for t in (first, second) for c in t.rows()[0])
    return ocr and _misread_only(sig, other)


MAX_MISREAD_SHARE = 1 / 3   # of the header's filled cells


def misread(x: str, y: str, max_edits: int = 1) -> bool:
    """`y` is `x` read with up to `max_edits` characters added, dropped or changed, one at
    a place, none of them a digit (`2021年` against `2022年` are two texts, not a misread)."""
    from difflib import SequenceMatcher
    if x == y:
        return True
    if min(len(x), len(y)) < 2:
        return False
    ops = [op for op in SequenceMatcher(None, x, y, autojunk=False).get_opcodes() if op[0] != "equal"]
    if len(ops) > max_edits:
        return False
    for _tag, i0, i1, j0, j1 in ops:
        if max(i1 - i0, j1 - j0) > 1 or any(ch.isdigit() for ch in x[i0:i1] + y[j0:j1]):
            return False
    return True


def _misread_only(a: tuple, b: tuple) -> bool:
    """Rows of texts alike but for one character misread (`misread`) in a few cells."""
    if len(a) != len(b):
        return False
    filled = sum(1 for x in a if x)
    differ = 0
    for x, y in zip(a, b):
        if x == y:
            continue
        if not x or not y or not misread(x, y):
            return False
        differ += 1
    return differ <= MAX_MISREAD_SHARE * filled


def append_table(first: Table, second: Table, skip_rows: int = 1) -> Table:
    """A new Table: `first` followed by `second` without its first `skip_rows` rows."""
    offset = first.n_rows - skip_rows
    cells = list(first.cells)
    for cell in second.cells:
        if cell.row < skip_rows:
            continue
        cells.append(Cell(row=cell.row + offset, col=cell.col, row_span=cell.row_span,
                          col_span=cell.col_span, paragraphs=cell.paragraphs,
                          tables=cell.tables, bbox=cell.bbox, confidence=cell.confidence))
    pages = (first.row_pages or [first.page] * first.n_rows) + \
        (second.row_pages or [second.page] * second.n_rows)[skip_rows:]
    return Table(cells=cells, n_rows=first.n_rows + second.n_rows - skip_rows,
                 n_cols=max(first.n_cols, second.n_cols), index=first.index, page=first.page,
                 bbox=first.bbox, parts=(first.parts or [first.index]) + (second.parts or [second.index]),
                 row_pages=pages if any(p is not None for p in pages) else [], path=first.path,
                 **_sheet_origin(first, second, skip_rows))


def _sheet_origin(first: Table, second: Table, skip_rows: int) -> dict:
    """Sheet addresses of a joined table: kept when both parts come from the same sheet."""
    if not first.sheet or first.sheet != second.sheet or first.sheet_cols != second.sheet_cols:
        return {}
    return dict(sheet=first.sheet, sheet_cols=first.sheet_cols,
                sheet_rows=first.sheet_rows + second.sheet_rows[skip_rows:])


def join_split_tables(blocks: list) -> list:
    """Join consecutive tables (only blank paragraphs between) that repeat a header row."""
    out = []
    for block in blocks:
        if isinstance(block, Table):
            prev_i = _previous_table(out)
            if prev_i is not None and header_repeats(out[prev_i], block):
                joined = append_table(out[prev_i], block)
                del out[prev_i + 1:]  # the blank paragraphs between the two parts
                out[prev_i] = joined
                continue
        out.append(block)
    return out


def _previous_table(out: list):
    for i in range(len(out) - 1, -1, -1):
        block = out[i]
        if isinstance(block, Table):
            return i
        if isinstance(block, Paragraph) and not block.display_text.strip():
            continue
        return None
    return None
