"""OUT/review.xlsx: the workbook the finance office reviews in Excel or WPS.

Sheets: 汇总 (one row per report), 问题清单 (every finding, errors first, with the cells it
points at), then one sheet per output table. Every sheet has a frozen header row and a
filter; numbers are written as numbers and text as text — a department name starting
with `=` stays a string, never a formula. xlsxwriter's constant-memory mode writes row by
row, so a large table costs one batch of memory; a table longer than a sheet continues
on a second sheet.
"""
from __future__ import annotations

import os
import tempfile
import unicodedata

from .describe import column_title, table_title, value_title
from .schema import TABLE_ORDER
from .tables import TableSource, arrow_schema

FILENAME = "review.xlsx"
MAX_ROWS = 1_048_576 - 1        # data rows a sheet holds below its header
MAX_CELL = 32_767               # characters in one cell
FONT = "宋体"                    # present wherever Excel or WPS reads Chinese
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

SUMMARY = [  # (heading, column of reports or a function of the row)
    ("源文件", "source_file"), ("部门（单位）名称", "department"), ("表式", "form"),
    ("年度", "year"), ("总分", "score_total"), ("综合得分", "score_stated"),
    ("等次", "grade"), ("错误", "n_errors"), ("警告", "n_warnings"), ("状态", "status"),
    ("项目名称", "project_name"), ("报告编号", "report_id"),
]
FINDINGS = [
    ("严重程度", "severity"), ("源文件", "source_file"), ("部门（单位）名称", "department"),
    ("年度", "year"), ("说明", "message"), ("位置", "location"), ("规则", "rule"),
    ("应为", "expected"), ("实际", "actual"), ("差额", "difference"),
    ("相关字段", "fields"), ("报告编号", "report_id"),
]
PRINTED_FINDINGS = 6   # a printout shows 严重程度 .. 位置; the rest is for filtering on screen
LINE_HEIGHT = 15
CODED = {"severity", "status", "form"}   # shown in Chinese (data/values.csv)


def write(out: str, source: TableSource, filename: str = FILENAME) -> str:
    """Write OUT/review.xlsx from `source`; return its path."""
    target = os.path.join(out, filename)
    fd, tmp = tempfile.mkstemp(prefix="." + filename + ".", suffix=".xlsx", dir=out)
    os.close(fd)
    try:
        build(tmp, source)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def build(path: str, source: TableSource) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(path, {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False, "nan_inf_to_errors": False,
        "default_format_properties": {"font_name": FONT, "font_size": 11},
    })
    styles = _Styles(book)
    reports = source.table("reports").to_pylist()
    by_id = {r["report_id"]: r for r in reports}
    _summary_sheet(book, styles, reports)
    _findings_sheet(book, styles, source.table("discrepancies").to_pylist(), by_id)
    for table in TABLE_ORDER:
        _table_sheets(book, styles, source, table)
    book.close()


class _Styles:
    def __init__(self, book):
        base = {"font_name": FONT, "font_size": 11, "valign": "top"}
        self.header = book.add_format(dict(base, bold=True, bg_color="#DDE5F0", border=1,
                                           text_wrap=True, valign="vcenter"))
        self.text = book.add_format(base)
        self.wrap = book.add_format(dict(base, text_wrap=True))
        self.number = book.add_format(base)
        self.error = book.add_format(dict(base, font_color="#B00020", bold=True))
        self.warning = book.add_format(dict(base, font_color="#8A5A00"))
        self.count_bad = book.add_format(dict(base, font_color="#B00020", bold=True))


def _summary_sheet(book, styles, reports) -> None:
    rows = sorted(reports, key=lambda r: (-(r.get("n_errors") or 0),
                                          -(r.get("n_warnings") or 0)))
    columns = [c for _, c in SUMMARY]
    widths = _widths([h for h, _ in SUMMARY], columns, rows,
                     {"source_file": 44, "form": 30, "report_id": 18, "department": 30,
                      "project_name": 30})
    sheet = _Sheet(book, "汇总", [h for h, _ in SUMMARY], styles, widths,
                   wrap={"source_file", "department", "project_name"})
    for r in rows:
        values = [_shown(c, r.get(c)) for c in columns]
        sheet.row(values, {"n_errors": styles.count_bad if r.get("n_errors") else None},
                  columns, height=_height(values, columns, widths, sheet.wrap))
    sheet.close()


def _findings_sheet(book, styles, findings, by_id) -> None:
    order = {rid: i for i, rid in enumerate(by_id)}
    findings = sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.get("severity"), 3),
                                               order.get(f.get("report_id"), len(order))))
    rows = []
    for f in findings:
        report = by_id.get(f.get("report_id")) or {}
        rows.append(dict(f, department=report.get("department"), year=report.get("year"),
                         source_file=f.get("source_file") or report.get("source_file")))
    columns = [c for _, c in FINDINGS]
    headings = [h for h, _ in FINDINGS]
    widths = _widths(headings, columns, rows, {"message": 56, "location": 28,
                                               "source_file": 34, "fields": 22,
                                               "rule": 22, "report_id": 18})
    sheet = _Sheet(book, "问题清单", headings, styles, widths,
                   wrap={"message", "location", "source_file", "department"},
                   print_columns=PRINTED_FINDINGS)
    for r in rows:
        sev = r.get("severity")
        style = styles.error if sev == "error" else styles.warning if sev == "warning" else None
        values = [_shown(c, r.get(c)) for c in columns]
        sheet.row(values, {"severity": style}, columns, height=_height(values, columns,
                                                                       widths, sheet.wrap))
    sheet.close()


def _table_sheets(book, styles, source: TableSource, table: str) -> None:
    """One sheet per table (more where the table is longer than a sheet)."""
    part, batches = 1, iter(source.batches(table))
    first = next(batches, None)
    sample = first.slice(0, 2000).to_pylist() if first is not None else []
    schema_names = arrow_schema(table).names
    headings = [f"{column_title(table, c)}\n{c}" for c in schema_names]
    widths = _widths([column_title(table, c) for c in schema_names], schema_names, sample,
                     {"text": 60, "source_file": 40})
    name = f"{table_title(table)} {table}"

    def new_sheet(part):
        return _Sheet(book, name if part == 1 else f"{name} ({part})", headings, styles,
                      widths, header_height=32)

    sheet = new_sheet(part)
    for batch in _chain(first, batches):
        for row in batch.to_pylist():
            if sheet.n >= MAX_ROWS:
                sheet.close()
                part += 1
                sheet = new_sheet(part)
            sheet.row([row[c] for c in schema_names])
    sheet.close()


def _chain(first, rest):
    if first is not None:
        yield first
    yield from rest


class _Sheet:
    """A worksheet written row by row: header, frozen pane, filter, widths."""

    def __init__(self, book, name, headings, styles, widths, wrap=(), header_height=None,
                 print_columns=None):
        self.ws = book.add_worksheet(name[:31])
        self.styles, self.n, self.ncols = styles, 0, len(headings)
        self.wrap = wrap
        for i, w in enumerate(widths):
            self.ws.set_column(i, i, w)
        if header_height:
            self.ws.set_row(0, header_height)
        for i, h in enumerate(headings):
            self.ws.write_string(0, i, h, styles.header)
        self.ws.freeze_panes(1, 0)
        # printed (or saved as PDF): landscape A4, all columns on one page width, the
        # header on every page
        self.ws.set_landscape()
        self.ws.set_paper(9)
        self.ws.fit_to_pages(1, 0)
        self.ws.repeat_rows(0)
        self.ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        self.print_columns = print_columns

    def row(self, values, styles_by_column=None, columns=None, height=None) -> None:
        self.n += 1
        if height:
            self.ws.set_row(self.n, height)
        for i, v in enumerate(values):
            col = columns[i] if columns else None
            style = (styles_by_column or {}).get(col) if col else None
            if v is None or v == "":
                continue
            if isinstance(v, bool):
                self.ws.write_boolean(self.n, i, v, style or self.styles.text)
            elif isinstance(v, (int, float)):
                if v != v or v in (float("inf"), float("-inf")):
                    continue
                self.ws.write_number(self.n, i, v, style or self.styles.number)
            else:
                text = str(v)
                if len(text) > MAX_CELL:
                    text = text[:MAX_CELL - 12] + "…（超出单元格长度，已截断）"
                fmt = style or (self.styles.wrap if col in self.wrap else self.styles.text)
                self.ws.write_string(self.n, i, text, fmt)

    def close(self) -> None:
        self.ws.autofilter(0, 0, max(self.n, 1), self.ncols - 1)
        if self.print_columns:
            self.ws.print_area(0, 0, max(self.n, 1), self.print_columns - 1)


def _height(values, columns, widths, wrap):
    """Row height for wrapped cells (spreadsheets do not all grow rows on their own)."""
    lines = 1
    for v, c, w in zip(values, columns, widths):
        if c in wrap and v:
            text = str(v)
            lines = max(lines, sum(-(-display_width(part) // max(int(w) - 3, 1)) or 1
                                   for part in text.split("\n")))
    return LINE_HEIGHT * min(lines, 8) if lines > 1 else None


def _shown(column: str, value):
    return value_title(column, value) if column in CODED and value else value


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: CJK characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _widths(headings, columns, rows, caps=None) -> list:
    """Column widths from the headings and a sample of rows, readable for Chinese."""
    caps = caps or {}
    widths = []
    for heading, col in zip(headings, columns):
        seen = sorted(display_width(_cell_text(col, r.get(col))) for r in rows[:2000])
        typical = seen[int(len(seen) * 0.9)] if seen else 0
        w = max(display_width(heading) + 4, typical + 2, 8)
        widths.append(min(w, caps.get(col, 50)))
    return widths


def _cell_text(col, value) -> str:
    if value is None:
        return ""
    text = str(_shown(col, value))[:200]  # past the widest column anyway
    return max(text.split("\n"), key=len) if "\n" in text else text
