"""Reading tables row by row, whatever their nesting, with the text printed before them.

Report tables are found by what they say, so every table of the document (nested ones
included) is offered to every extractor together with its caption context: the text
printed just before it (a body paragraph, the enclosing cell's paragraphs, or the rows
of the enclosing table above).
"""
from __future__ import annotations

from dataclasses import dataclass

from parsers.model import Document, Paragraph, Table


@dataclass
class TableView:
    """A table with its filled grid, distinct cells per row and the text before it."""

    table: Table
    before: list          # texts printed before the table, nearest last
    number: int           # 1-based order among all tables (nested included)

    def __post_init__(self):
        self.grid = self.table.filled()
        self._rows = [None] * self.table.n_rows
        self.memo = {}  # per-view answers extractors reuse (e.g. which rows name fields)

    @property
    def n_rows(self):
        return self.table.n_rows

    def row_cells(self, r: int) -> list:
        """Distinct cells covering row r, left to right (a merged cell appears once)."""
        cached = self._rows[r]
        if cached is None:
            seen, cached = set(), []
            for cell in self.grid[r]:
                if cell is not None and id(cell) not in seen:
                    seen.add(id(cell))
                    cached.append(cell)
            self._rows[r] = cached
        return cached

    def location(self, r: int, c: int) -> str:
        """Where a cell is, for a person: table number, row and column (1-based), page."""
        page = self.table.page_of_row(r)
        nest = "".join(f"表{t}第{rr + 1}行第{cc + 1}列内" for t, rr, cc in self.table.path)
        where = f"{nest}表{self.table.index}第{r + 1}行第{c + 1}列"
        ref = self.table.cell_ref(r, c)
        if ref:  # a spreadsheet: the cell a person opens
            where += f"（工作表“{self.table.sheet}”{ref}）"
        return f"第{page}页 {where}" if page else where


def table_views(doc: Document) -> list:
    """Every table in document order (depth first) with its preceding texts."""
    views = []
    prev_texts = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if block.display_text.strip():
                prev_texts.append(block.display_text)
            continue
        _collect(block, list(prev_texts[-3:]), views)
        prev_texts = []
    for i, v in enumerate(views, 1):
        v.number = i
    return views


def _collect(table: Table, before: list, views: list) -> None:
    views.append(TableView(table, before, 0))
    for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
        if not cell.tables:
            continue
        ctx = [p.display_text for p in cell.paragraphs if p.display_text.strip()]
        rows_above = _row_texts(table, cell.row)
        for inner in cell.tables:
            _collect(inner, (rows_above + ctx)[-3:], views)


def _row_texts(table: Table, upto: int) -> list:
    """Texts of single-cell (full-width) rows just above `upto`: captions in a form table."""
    out = []
    rows = table.rows()
    for r in range(max(0, upto - 2), upto):
        cells = [c for c in rows[r] if c.text.strip()]
        if len(cells) == 1:
            out.append(cells[0].text)
    return out
