"""Write document-model blocks as an .xlsx workbook or an HTML page.

Shared by the twins (`samples.export_twins`) and the native Sichuan forms
(`samples.sichuan_forms`). The input is a list of `parsers.model` blocks (Paragraph, Table),
which is what both need: the twins start from a DOCX as the DOCX reader sees it, the forms
build their grids directly.

XLSX, as a person lays a report out in Excel: paragraphs down column A without borders;
each table as a bordered grid with merged ranges for spans, a blank row before and after;
a table nested in a cell (which a sheet cannot hold) goes right after its outer table.
Figures are typed as numbers with the number format that shows them exactly as printed
(`1,082.00` → 1082 with `#,##0.00`, `96%` → 0.96 with `0%`); anything else stays text.

HTML, as a site publishes it: `<hN>` for outline headings, `<p>` for paragraphs,
`<table border=1>` with rowspan/colspan and nested tables inside their cells.

Both outputs are byte-stable: fixed workbook dates and zip entry dates.
"""
from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile

from parsers.model import Paragraph, Table
from parsers.xlsx_format import display

ZIP_DATE = (2024, 1, 1, 0, 0, 0)
FIXED_TIME = dt.datetime(2024, 1, 1, 0, 0, 0)
NUMBER = re.compile(r"-?(0|[1-9]\d{0,11})(\.\d{1,6})?")
GROUPED = re.compile(r"-?[1-9]\d{0,2}(,\d{3})+(\.\d{1,6})?")
WORD_TAB = "<span style='mso-tab-count:1'>&nbsp;&nbsp;&nbsp;&nbsp; </span>"
PERCENT = re.compile(r"-?(0|[1-9]\d{0,5})(\.\d{1,4})?%")


def typed(text: str):
    """(value, number format) that Excel shows as `text`, or None to keep it as text."""
    t = text.strip()
    if t != text or not t:
        return None
    decimals = lambda s: len(s.partition(".")[2])
    candidate = None
    if NUMBER.fullmatch(t):
        d = decimals(t)
        candidate = (float(t) if d else int(t), "0." + "0" * d if d else "0")
    elif GROUPED.fullmatch(t):
        d = decimals(t)
        value = float(t.replace(",", ""))
        candidate = (value if d else int(value), "#,##0" + ("." + "0" * d if d else ""))
    elif PERCENT.fullmatch(t):
        d = decimals(t[:-1])
        candidate = (round(float(t[:-1]) / 100, d + 2), "0" + ("." + "0" * d if d else "") + "%")
    if candidate and display(*candidate) == t:
        return candidate
    return None


# --- XLSX ------------------------------------------------------------------------------

def workbook_bytes(sheets: list, typed_numbers: bool = True, hidden: list = ()) -> bytes:
    """An .xlsx holding [(sheet title, blocks), ...], then the `hidden` sheets (same form)."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, blocks in sheets:
        _SheetWriter(wb.create_sheet(title), typed_numbers).write(blocks)
    for title, blocks in hidden:
        ws = wb.create_sheet(title)
        _SheetWriter(ws, typed_numbers).write(blocks)
        ws.sheet_state = "hidden"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.creator = "jixiao samples"
    buf = io.BytesIO()
    wb.save(buf)
    return _stable_zip(buf.getvalue())


def _stable_zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", data)
            dst.writestr(zi, data)
    return out.getvalue()


class _SheetWriter:
    def __init__(self, ws, typed_numbers: bool):
        from openpyxl.styles import Alignment, Border, Font, Side

        self.ws, self.typed = ws, typed_numbers
        thin = Side(style="thin")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.wrap = Alignment(wrap_text=True, vertical="center")
        self.bold = Font(bold=True)
        self.row = 1
        self.last_was_table = False
        ws.column_dimensions["A"].width = 28
        for col in "BCDEFGHIJKL":
            ws.column_dimensions[col].width = 14

    def write(self, blocks: list):
        for block in blocks:
            if isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Paragraph):
                self.paragraph(block)

    def paragraph(self, p: Paragraph):
        text = p.display_text
        if not text.strip():
            return
        if self.last_was_table:
            self.row += 1
        cell = self._put(self.row, 1, text, as_number=False)
        if p.level is not None:
            cell.font = self.bold
        self.row += 1
        self.last_was_table = False

    def table(self, table: Table):
        if self.row > 1:
            self.row += 1  # a blank row separates the table from what is above
        top = self.row
        covered = set()
        for cell in table.cells:
            r, c = top + cell.row, 1 + cell.col
            text = "\n".join(p.display_text if isinstance(p, Paragraph) else str(p)
                             for p in cell.paragraphs)
            target = self._put(r, c, text, as_number=self.typed)
            target.alignment = self.wrap
            for dr in range(cell.row_span):
                for dc in range(cell.col_span):
                    covered.add((r + dr, c + dc))
                    self.ws.cell(r + dr, c + dc).border = self.border
            if cell.row_span > 1 or cell.col_span > 1:
                self.ws.merge_cells(start_row=r, start_column=c,
                                    end_row=r + cell.row_span - 1, end_column=c + cell.col_span - 1)
        for r in range(top, top + table.n_rows):  # slots no cell covers still print a border
            for c in range(1, 1 + table.n_cols):
                if (r, c) not in covered:
                    self.ws.cell(r, c).border = self.border
        self.row = top + table.n_rows
        self.last_was_table = True
        for cell in table.cells:
            for inner in cell.tables:
                self.table(inner)

    def _put(self, r: int, c: int, text: str, as_number: bool):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        text = ILLEGAL_CHARACTERS_RE.sub("", text)
        number = typed(text) if as_number else None
        cell = self.ws.cell(r, c)
        if number:
            cell.value, cell.number_format = number
        else:
            cell.value = text or None
            if text.startswith("="):
                cell.data_type = "s"  # text that looks like a formula stays text
        return cell


# --- HTML ------------------------------------------------------------------------------

def html_page(blocks: list, title: str = "", charset: str = "utf-8") -> str:
    """A complete HTML page for the blocks (encode it with `charset`)."""
    body = "\n".join(_html_block(b) for b in blocks)
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="{charset}">\n'
            f'<title>{html.escape(title)}</title>\n'
            '<style>table{border-collapse:collapse} td,th{border:1px solid #000;padding:2px 4px}'
            '</style></head>\n<body>\n' + body + "\n</body></html>\n")


def _html_block(block) -> str:
    if isinstance(block, Table):
        return _html_table(block)
    text = block.display_text
    if not text.strip():
        return ""
    if block.level is not None and block.level < 6:
        n = block.level + 1
        return f"<h{n}>{_html_text(text)}</h{n}>"
    return f"<p>{_html_text(text)}</p>"


def _html_text(text: str) -> str:
    """Escaped text that a browser shows as `text`: line breaks as <br>, runs of spaces kept."""
    out = html.escape(text, quote=False)
    out = re.sub(r"(?<=\n) | (?=\n)|^ | $| (?= )", "\xa0", out)
    out = out.replace("\xa0", "&nbsp;").replace("\n", "<br>")
    return out.replace("\t", WORD_TAB)  # as Word saves a tab in a web page


def _html_table(table: Table) -> str:
    rows = table.rows()
    covered = set()
    for cell in table.cells:
        for dr in range(cell.row_span):
            for dc in range(cell.col_span):
                covered.add((cell.row + dr, cell.col + dc))
    lines = ['<table border="1">']
    for r, cells in enumerate(rows):
        by_col = {c.col: c for c in cells}
        tds = []
        for c in range(table.n_cols):
            cell = by_col.get(c)
            if cell is not None:
                tds.append(_html_cell(cell))
            elif (r, c) not in covered:
                tds.append("<td></td>")  # a hole in the grid: keep the columns aligned
        lines.append("<tr>" + "".join(tds) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def _html_cell(cell) -> str:
    attrs = ""
    if cell.row_span > 1:
        attrs += f' rowspan="{cell.row_span}"'
    if cell.col_span > 1:
        attrs += f' colspan="{cell.col_span}"'
    paras = [p for p in cell.paragraphs if isinstance(p, Paragraph)]
    texts = [p.display_text for p in paras]
    if len(texts) <= 1:
        inner = _html_text(texts[0]) if texts else ""
    else:
        inner = "".join(f"<p>{_html_text(t)}</p>" for t in texts if t.strip())
    inner += "".join(_html_table(t) for t in cell.tables)
    return f"<td{attrs}>{inner}</td>"
