"""The format-neutral document model every parser produces.

A `Document` is an ordered list of blocks, each a `Paragraph` or a `Table`. A `Table` is a
grid of `Cell`s; a merged cell is stored once, at its top-left slot, with its spans, and
`Table.filled()` gives the view where every slot points at the cell covering it. Nothing
here knows about 绩效 reports: the model only says what is printed where.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional, Union


@dataclass
class Paragraph:
    """A run of text in reading order.

    `level` is the outline level when the source says so (Word's outline level or a
    Heading N style, 0-based); `numbering` is list numbering rendered as text when the
    source numbers the paragraph automatically (e.g. '4、'), so that readers see what a
    person sees.
    """

    text: str
    style: Optional[str] = None
    level: Optional[int] = None
    numbering: Optional[str] = None
    page: Optional[int] = None
    bbox: Optional[tuple] = None
    confidence: Optional[float] = None
    char_confidence: Optional[tuple] = field(default=None, repr=False, compare=False)
    bold: bool = False  # every run of a short paragraph is bold (an unnumbered heading)

    @property
    def display_text(self) -> str:
        """The text as printed, automatic numbering included."""
        return (self.numbering or "") + self.text


@dataclass
class Cell:
    """One cell of a table grid, stored once even when it spans several slots.

    `paragraphs` keeps the cell's own paragraphs in order (a cell can hold a whole
    narrative); `tables` holds tables nested inside the cell. `confidence` (0..1) is set
    only on text read by OCR: the lowest confidence of the cell's text lines.
    """

    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    paragraphs: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    bbox: Optional[tuple] = None
    confidence: Optional[float] = None

    _text: Optional[tuple] = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        """The cell's paragraphs joined by line breaks (cached until paragraphs change)."""
        cached = self._text
        if cached is None or cached[0] != len(self.paragraphs):
            text = "\n".join(p.display_text if isinstance(p, Paragraph) else str(p)
                              for p in self.paragraphs)
            cached = self._text = (len(self.paragraphs), text)
        return cached[1]

    @property
    def is_blank(self) -> bool:
        return not self.text.strip() and not self.tables


@dataclass
class Table:
    """A grid of cells, with where it came from.

    `index` numbers tables in document order (nested tables included, depth first, from
    1); `parts` lists the source table indices when several printed tables were joined
    into this logical one (a table continued on the next page, a Word table split in two
    with a repeated header); `row_sources` maps each row to (part index, row in part).
    `path` locates nested tables: the chain of (table index, row, col) of the enclosing
    cells. A table read from a spreadsheet also says where it sits: `sheet` (the sheet's
    name) and `sheet_rows` / `sheet_cols` (the 1-based sheet row and column of each table
    row and column; hidden ones are skipped), so a finding can name the cell (`B8`).
    """

    cells: list
    n_rows: int
    n_cols: int
    index: int = 0
    page: Optional[int] = None
    bbox: Optional[tuple] = None
    parts: list = field(default_factory=list)
    row_pages: list = field(default_factory=list)
    path: tuple = ()
    sheet: Optional[str] = None
    sheet_rows: list = field(default_factory=list)
    sheet_cols: list = field(default_factory=list)

    def cell_ref(self, row: int, col: int) -> Optional[str]:
        """The spreadsheet address (`B8`) of slot (row, col), when the table is from a sheet."""
        if not self.sheet or not (0 <= row < len(self.sheet_rows) and 0 <= col < len(self.sheet_cols)):
            return None
        n, letters = self.sheet_cols[col], ""
        while n:
            n, rem = divmod(n - 1, 26)
            letters = chr(65 + rem) + letters
        return f"{letters}{self.sheet_rows[row]}"

    def filled(self) -> list:
        """Grid view: grid[r][c] is the Cell covering slot (r, c), or None."""
        grid = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, min(cell.row + cell.row_span, self.n_rows)):
                for c in range(cell.col, min(cell.col + cell.col_span, self.n_cols)):
                    grid[r][c] = cell
        return grid

    def rows(self) -> list:
        """Cells grouped by the row they start in, left to right."""
        out = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            if 0 <= cell.row < self.n_rows:
                out[cell.row].append(cell)
        for row in out:
            row.sort(key=lambda c: c.col)
        return out

    def page_of_row(self, row: int) -> Optional[int]:
        if self.row_pages and 0 <= row < len(self.row_pages):
            return self.row_pages[row]
        return self.page

    def walk_tables(self) -> Iterator["Table"]:
        """This table and every table nested in it, depth first."""
        yield self
        for cell in self.cells:
            for inner in cell.tables:
                yield from inner.walk_tables()


Block = Union[Paragraph, Table]


@dataclass
class Document:
    """A parsed file: its blocks in reading order plus file-level facts.

    `ocr` names the OCR engine when text was read from images (a scan), else None;
    `ocr_pages` lists the pages it read (all of a scan; the scanned pages of a text PDF);
    `unread_pages` maps a page without a text layer whose content could not be read to why
    (OCR off, no OCR engine, nothing recognised)."""

    blocks: list
    source: str = ""
    format: str = ""
    n_pages: Optional[int] = None
    warnings: list = field(default_factory=list)
    ocr: Optional[str] = None
    ocr_pages: list = field(default_factory=list)
    unread_pages: dict = field(default_factory=dict)

    @property
    def paragraphs(self) -> list:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list:
        """Top-level tables in order."""
        return [b for b in self.blocks if isinstance(b, Table)]

    def all_tables(self) -> list:
        """Every table, nested ones included, depth first in document order."""
        return [t for top in self.tables for t in top.walk_tables()]

    def text_lines(self) -> Iterator[str]:
        """All text, paragraphs and cells, in reading order (for year/department search)."""
        for block in self.blocks:
            if isinstance(block, Paragraph):
                yield block.display_text
            else:
                for t in block.walk_tables():
                    for cell in t.cells:
                        for p in cell.paragraphs:
                            yield p.display_text if isinstance(p, Paragraph) else str(p)


class ParseError(Exception):
    """A file that cannot be read as a report document; the message is one line for people."""


class NotAReport(ParseError):
    """A readable file of a kind jixiao does not handle (image, spreadsheet, ...)."""
