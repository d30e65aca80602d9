"""XLSX → Document: every visible sheet's tables and the text around them.

A worksheet is a grid without a notion of "table", so the tables are found the way a
person finds them on the printed sheet:
- blank rows separate blocks (a row inside a vertical merge is not blank);
- in a block that has cell borders, the bordered rows are the table and the unbordered
  rows above or below it are captions and notes (titles, `单位：万元`, `填报人：`), read as
  paragraphs; a block without any border is a table, unless every row holds just one
  text, in which case its rows are paragraphs (narrative typed down column A).
Merged ranges become cells with row/col spans exactly as the DOCX reader gives them; hidden
sheets, rows and columns are left out (they are not printed). Numbers are read as Excel
displays them (`parsers.xlsx_format`): `1,082.00`, `96%`, never the raw float.

The workbook is opened with openpyxl in its normal mode, not `read_only`: merged ranges,
hidden rows/columns and borders exist only on the full worksheet object. `data_only=True`
reads the values Excel cached for formulas.
"""
from __future__ import annotations

import contextlib
import warnings
import zipfile

from .model import Cell, Document, Paragraph, ParseError, Table
from .xlsx_format import display

MAX_CELLS = 2_000_000  # a sheet larger than this is not a report form


def parse_xlsx(path: str, fmt: str = "xlsx") -> Document:
    """Read an .xlsx workbook into the document model."""
    wb = _open(path)
    try:
        reader = _SheetReader()
        blocks = []
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            blocks.extend(reader.read(ws))
    finally:
        close = getattr(wb, "close", None)
        if close:
            close()
    return Document(blocks=blocks, source=path, format=fmt)


def _open(path: str):
    import openpyxl

    try:
        with warnings.catch_warnings(), open(path, "rb") as fh, _no_merge_restyling():
            warnings.simplefilter("ignore")  # "unknown extension", "no default style": harmless
            # a file object, not the path: openpyxl would refuse a renamed file by its suffix
            return openpyxl.load_workbook(fh, data_only=True, read_only=False)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ParseError(f"电子表格文件（XLSX）已损坏，无法读取（{_short(exc)}），请重新导出或索取原件") from exc
    except Exception as exc:  # openpyxl raises KeyError/ValueError/... on damaged parts
        raise ParseError(f"电子表格文件（XLSX）无法读取（{type(exc).__name__}: {_short(exc)}），"
                         f"文件可能已损坏") from exc


@contextlib.contextmanager
def _no_merge_restyling():
    """Load without openpyxl copying each merged range's borders onto its edge cells.

    `MergedCellRange.format` runs for every merge while a workbook loads and is ~90% of
    the load time of a form with a few hundred merges (each border goes through openpyxl's
    style de-duplication). The reader never looks at those copies: a merge's border is
    read from its top-left cell. The covered cells still become MergedCells. Worker
    processes load one workbook at a time, so the swap cannot race.
    """
    from openpyxl.worksheet import merge

    original = getattr(merge.MergedCellRange, "format", None)
    if original is None:  # another openpyxl: load as it does
        yield
        return
    merge.MergedCellRange.format = lambda self: None
    try:
        yield
    finally:
        merge.MergedCellRange.format = original


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:100] or type(exc).__name__


class _Sheet:
    """One worksheet reduced to its visible slots: texts, merges and borders."""

    def __init__(self, ws):
        self.ws = ws
        max_row, max_col = ws.max_row or 0, ws.max_column or 0
        if max_row * max_col > MAX_CELLS:
            raise ParseError(f"工作表“{ws.title}”过大（{max_row} 行 × {max_col} 列），不是报表，已拒绝")
        hidden_rows = {r for r, d in ws.row_dimensions.items() if d.hidden}
        hidden_cols = set()
        for d in ws.column_dimensions.values():
            if d.hidden and d.min:
                hidden_cols.update(range(d.min, (d.max or d.min) + 1))
        self.rows = [r for r in range(1, max_row + 1) if r not in hidden_rows]
        self.cols = [c for c in range(1, max_col + 1) if c not in hidden_cols]
        self.row_at = {r: i for i, r in enumerate(self.rows)}
        self.col_at = {c: i for i, c in enumerate(self.cols)}
        self.text, self.bordered = {}, set()
        self._read_cells()
        self.merges = self._read_merges()
        self.row_texts, self.row_borders = {}, {}
        for (r, c), text in sorted(self.text.items()):
            self.row_texts.setdefault(r, []).append(text)
        for r, c in self.bordered:
            self.row_borders.setdefault(r, set()).add(c)

    def _read_cells(self):
        for row in self.ws.iter_rows():
            for cell in row:
                r, c = self.row_at.get(cell.row), self.col_at.get(cell.column)
                if r is None or c is None:
                    continue
                value = cell.value
                if value is not None:
                    text = display(value, cell.number_format)
                    if not isinstance(value, str):
                        text = text.strip()  # `_)` padding of accounting formats
                    if text:
                        self.text[(r, c)] = text
                if _has_border(cell):
                    self.bordered.add((r, c))

    def _read_merges(self) -> dict:
        """{(row, col) anchor: (row_span, col_span)} in visible coordinates."""
        merges = {}
        for rng in self.ws.merged_cells.ranges:
            rows = [self.row_at[r] for r in range(rng.min_row, rng.max_row + 1) if r in self.row_at]
            cols = [self.col_at[c] for c in range(rng.min_col, rng.max_col + 1) if c in self.col_at]
            if not rows or not cols:
                continue
            anchor = (rows[0], cols[0])
            top_left = (self.row_at.get(rng.min_row), self.col_at.get(rng.min_col))
            if top_left != anchor:  # the value's own slot is hidden: show it where visible
                value = self.ws.cell(rng.min_row, rng.min_col)
                text = display(value.value, value.number_format).strip()
                if text:
                    self.text[anchor] = text
                if _has_border(value):
                    self.bordered.add(anchor)
            merges[anchor] = (len(rows), len(cols))
            for r in rows:
                for c in cols:
                    if (r, c) != anchor:
                        self.text.pop((r, c), None)
                        if (r, c) in self.bordered:
                            self.bordered.add(anchor)
        return merges


def _has_border(cell) -> bool:
    border = getattr(cell, "border", None)
    if border is None:
        return False
    return any(getattr(getattr(border, side, None), "style", None)
               for side in ("left", "right", "top", "bottom"))


class _SheetReader:
    """Turns sheets into blocks, numbering tables across the workbook."""

    def __init__(self):
        self.table_count = 0

    def read(self, ws) -> list:
        sheet = _Sheet(ws)
        covered = {}  # slot -> anchor for every slot of a merge
        for (r, c), (rs, cs) in sheet.merges.items():
            for dr in range(rs):
                for dc in range(cs):
                    covered[(r + dr, c + dc)] = (r, c)
        blocks = []
        for start, end in _row_runs(sheet, covered):
            blocks.extend(self._block(sheet, covered, start, end))
        return blocks

    def _block(self, sheet, covered, start, end) -> list:
        rows = list(range(start, end))
        bordered_rows = [r for r in rows if r in sheet.row_borders]
        if bordered_rows:
            first, last = bordered_rows[0], bordered_rows[-1]
            out = [p for r in rows if r < first for p in _row_paragraphs(sheet, covered, r)]
            out.append(self._table(sheet, covered, first, last + 1))
            out += [p for r in rows if r > last for p in _row_paragraphs(sheet, covered, r)]
            return out
        if all(len(sheet.row_texts.get(r, ())) <= 1 for r in rows):
            return [p for r in rows for p in _row_paragraphs(sheet, covered, r)]
        return [self._table(sheet, covered, start, end)]

    def _table(self, sheet, covered, start, end) -> Table:
        used = [c for r in range(start, end) for c in sheet.row_borders.get(r, ())]
        used += [c for (r, c) in sheet.text if start <= r < end]
        for (r, c), (rs, cs) in sheet.merges.items():
            if start <= r < end:
                used += [c, c + cs - 1]
        c0, c1 = min(used), max(used) + 1
        cells = []
        for r in range(start, end):
            for c in range(c0, c1):
                anchor = covered.get((r, c))
                if anchor is not None and anchor != (r, c) and anchor[0] >= start:
                    continue  # inside a merge that starts in this table
                rs, cs = sheet.merges.get((r, c), (1, 1)) if anchor == (r, c) else (1, 1)
                if anchor is not None and anchor[0] < start:
                    # a merge begun above the table: its rest is an empty cell here
                    rs, cs = 1, 1
                rs = min(rs, end - r)
                cs = min(cs, c1 - c)
                text = sheet.text.get((r, c), "")
                cells.append(Cell(row=r - start, col=c - c0, row_span=rs, col_span=cs,
                                  paragraphs=[Paragraph(text=line) for line in text.split("\n")]))
        self.table_count += 1
        return Table(cells=cells, n_rows=end - start, n_cols=c1 - c0, index=self.table_count,
                     parts=[self.table_count], sheet=sheet.ws.title,
                     sheet_rows=sheet.rows[start:end], sheet_cols=sheet.cols[c0:c1])


def _row_paragraphs(sheet, covered, r) -> list:
    """A caption row as one paragraph: its texts left to right, joined by two spaces (a
    cell's own line breaks stay line breaks of the paragraph, as Alt+Enter shows them)."""
    texts = sheet.row_texts.get(r, [])
    return [Paragraph(text="  ".join(texts))] if texts else []


def _row_runs(sheet, covered):
    """(start, end) of each run of non-blank visible rows."""
    nonblank = {r for (r, c) in sheet.text}
    nonblank |= {r for (r, c) in sheet.bordered}
    for (r, c), (rs, cs) in sheet.merges.items():
        if rs > 1 and ((r, c) in sheet.text or (r, c) in sheet.bordered):
            nonblank.update(range(r, r + rs))
    runs, start = [], None
    for r in range(len(sheet.rows) + 1):
        if r in nonblank and start is None:
            start = r
        elif r not in nonblank and start is not None:
            runs.append((start, r))
            start = None
    return runs
