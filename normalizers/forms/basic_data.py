"""Family B: the Hunan 部门整体支出绩效评价基础数据表 and its 指标表 (`basic_data_table`).

The 基础数据表 is found by its blocks (`财政供养人员情况`, `经费控制情况`), the 指标表 by a
score-sheet header with a 指标说明 column. The data sheet prints three year columns
(`{Y-1}年决算数 | {Y}年预算数 | {Y}年决算数`): each figure becomes one `basic_data` fact with
its own `period`, so the three years are never added together. 控制率 is kept as a
fraction (`95.10%` gives 0.951). The 指标表 rows go to `scores` (tagged `sheet=basic_data`,
with their 指标说明) through the shared score-sheet reader.
"""
from __future__ import annotations

import re

from ..labels import dictionary
from ..numbers import cell_number, parse_number, to_wanyuan, unit_in
from ..report import CORE_PARTS, Fact, Report
from ..scores import extract_scores, find_header
from ..text import clean, squash

FORM = "basic_data_table"
SHEET = "basic_data"
PERIOD_RE = re.compile(r"((?:19|20)\d{2})\s*[年-]?\s*(决算|预算)")
YEAR_PREFIX_RE = re.compile(r"^(?:19|20)\d{2}\s*[年-]?\s*(?:度)?")


def read(doc, views, report) -> list:
    """Add the data sheet's facts and the 指标表's score rows to `report`."""
    found = False
    for view in views:
        if id(view) in report.claimed:
            continue
        if _is_data_sheet(view):
            _read_data_sheet(view, report)
        elif _is_indicator_sheet(view):
            _read_indicator_sheet(view, report)
        else:
            continue
        report.claimed.add(id(view))
        found = True
    if found:
        report.forms.append(FORM)
        report.parts_found.append(SHEET)
        if report.required_parts == CORE_PARTS:
            report.required_parts = ()  # the seed's tables are required only with the seed's form
    return []


# --- the 基础数据表 ---------------------------------------------------------------------
def _first_label(view, r):
    cells = view.row_cells(r)
    return cells[0] if cells else None


def _block(cell):
    m = dictionary().match(cell.text, tables=("_basicdata_block",), fuzzy=False) if cell else None
    return m.field if m else None


def _is_data_sheet(view) -> bool:
    blocks = {_block(_first_label(view, r)) for r in range(view.n_rows)}
    return "money_block" in blocks or "staff_block" in blocks and _staff_header(view) is not None


def _staff_header(view):
    """(row, {col: field}) of the 编制数 | 在职人数 | 控制率 header, or None."""
    labels = dictionary()
    for r in range(view.n_rows):
        cols = {}
        for cell in view.row_cells(r):
            m = labels.match(YEAR_PREFIX_RE.sub("", squash(cell.text)), tables=("_basicdata_staff",),
                             fuzzy=False)
            if m:
                cols[cell.col] = m.field
        if len(cols) >= 2:
            return r, cols
    return None


def _read_data_sheet(view, report) -> None:
    labels = dictionary()
    unit = next((u for u in map(unit_in, view.before[::-1]) if u), None)
    staff = _staff_header(view)
    if staff:
        _read_staff(view, report, *staff)
    periods = {}
    for r in range(view.n_rows):
        cells = view.row_cells(r)
        if not cells:
            continue
        first = cells[0]
        if _block(first) == "money_block":
            periods = _periods(cells)
            unit = unit_in(first.text) or unit
            continue
        m = labels.match(first.text, tables=("_report",), fuzzy=False)
        if m and m.field == "department" and len(cells) > 1 and not report.fields.get("department"):
            report.fields["department"] = clean(cells[1].text).split("\n")[0]
            report.fields["department_source"] = "table"
            report.locations["department"] = view.location(r, cells[1].col)
            continue
        if not periods:
            continue
        hit = labels.match(first.text, tables=("_basicdata",), fuzzy=False)
        if not hit:
            continue
        for cell in cells[1:]:
            period = periods.get(cell.col)
            num = cell_number(cell)
            if period and num.kind == "number":
                report.facts.append(Fact(
                    "basic_data", "", hit.field, to_wanyuan(num.value, num.unit or unit), "万元",
                    squash(first.text), cell.text.strip(), view.location(r, cell.col), hit.how,
                    num.unit or unit or "万元", period=period))


def _periods(cells) -> dict:
    """{col: period} from `2021年决算数 | 2022年预算数 | 2022年决算数`."""
    found = {}
    for cell in cells[1:]:
        m = PERIOD_RE.search(squash(cell.text))
        if m:
            found[cell.col] = (int(m.group(1)), m.group(2))
    if not found:
        return {}
    year = max(y for y, _ in found.values())
    out = {}
    for col, (y, kind) in found.items():
        if kind == "预算":
            out[col] = "budget" if y == year else f"budget_{y}"
        else:
            out[col] = "final" if y == year else ("prev_final" if y == year - 1 else f"final_{y}")
    return out


def _read_staff(view, report, header_row, cols) -> None:
    """The row under 编制数 | YYYY年实际在职人数 | 控制率: persons, and the rate as a fraction."""
    if header_row + 1 >= view.n_rows:
        return
    year = next((int(m.group(0)[:4]) for c in view.row_cells(header_row)
                 for m in [YEAR_PREFIX_RE.match(squash(c.text))] if m and m.group(0)), None)
    if year and not report.fields.get("year"):
        report.fields["year"], report.fields["year_source"] = year, "table"
    for col, field in cols.items():
        cell = view.grid[header_row + 1][col]
        if cell is None:
            continue
        num = cell_number(cell)
        if not num.is_value:
            continue
        value, unit = (round(num.value / 100, 6), "ratio") if num.kind == "percent" else (num.value, "人")
        label = view.grid[header_row][col].text
        report.facts.append(Fact("basic_data", "", field, value, unit, squash(label),
                                 cell.text.strip(), view.location(header_row + 1, col), "exact",
                                 num.unit or unit, period="final"))


# --- the 指标表 ----------------------------------------------------------------------
def _is_indicator_sheet(view) -> bool:
    found = find_header(view)
    if not found:
        return False
    header_row, roles = found
    return "explanation" in roles


def _read_indicator_sheet(view, report) -> None:
    sheet = Report(report_id=report.report_id, source_file=report.source_file,
                   file_format=report.file_format)
    extract_scores(view, sheet)
    for row in sheet.scores:
        row["sheet"] = SHEET
    report.scores.extend(sheet.scores)
    total = sheet.fields.get("score_total")
    report.sheet_totals[SHEET] = (total, sheet.fields.get("score_total_max"),
                                  sheet.locations.get("score_total", ""))
    if report.fields.get("score_total") is None and total is not None:
        report.fields["score_total"] = total
        report.locations["score_total"] = sheet.locations.get("score_total", "")

