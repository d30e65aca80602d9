"""Money tables (收入, 支出和结余, 三公经费, 固定资产) to facts, found by their header labels.

A money table is a band of rows: header rows whose cells name canonical fields (with
`其中：` groupings and merged cells), then one row per 机构. The band may be a table of its
own, a table nested in a form cell, or a run of rows inside one big form table: it is
found the same way in each case, by reading rows for labels, never by position.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .grid import TableView
from .labels import dictionary
from .numbers import cell_number, parse_number, to_wanyuan, unit_in
from .report import Fact, Finding
from .text import fold_label

MONEY_TABLES = ("income", "expenditure", "three_public", "fixed_assets")
GROUP_WORDS = {"其中", "结余", "其他", "其它", "合计", ""}
WS = re.compile(r"\s+")


def raw_label(text: str) -> str:
    """A label as printed, line breaks and spaces removed."""
    return WS.sub("", text or "")


@dataclass
class Column:
    field: str
    label: str
    unit: str
    how: str


def _row_matches(view: TableView, r: int):
    """(cells matching a money field, cell matching an entity header) for row r.

    Detection uses the dictionary's spellings only (no jieba): it runs on every row of
    every table, and an unseen variant is still matched once its band is found. The
    answer is kept on the view, since band detection asks about a row several times.
    """
    memo = view.memo.setdefault("money_rows", {})
    if r not in memo:
        memo[r] = _match_row(view, r)
    return memo[r]


def _match_row(view: TableView, r: int):
    labels = dictionary()
    context = None
    fields, entity = [], None
    for cell in view.row_cells(r):
        text = cell.text
        if not text.strip() or len(text) > 40:
            continue
        m = labels.match(text, tables=MONEY_TABLES, context=context, fuzzy=False)
        if m:
            fields.append((cell, m))
        elif labels.match(text, tables=("_entity",), fuzzy=False):
            entity = cell
    return fields, entity


def _is_headerish(view: TableView, r: int) -> bool:
    cells = view.row_cells(r)
    if len(cells) < 2:
        return False
    fields, entity = _row_matches(view, r)
    if any(parse_number(c.text).is_value for c in cells):
        return False
    return bool(fields or entity) or any(fold_label(c.text) == "" and c.text.strip() for c in cells)


def _is_break(view: TableView, r: int) -> bool:
    """A caption or section row: one cell spanning most of the width."""
    cells = [c for c in view.row_cells(r) if c.text.strip() or c.tables]
    if len(cells) != 1:
        return False
    return cells[0].col_span >= max(2, view.table.n_cols * 0.6)


def extract_money(view: TableView, findings: list) -> list:
    """All money facts of one table view (zero or more bands)."""
    facts, r = [], 0
    while r < view.n_rows:
        fields, entity = _row_matches(view, r)
        if len(fields) >= 2 or (fields and entity is not None):
            band_facts, r = _read_band(view, r, findings)
            facts.extend(band_facts)
        else:
            r += 1
    return facts


def _read_band(view: TableView, detect: int, findings: list):
    start = detect
    while start > 0 and not _is_break(view, start - 1) and _is_headerish(view, start - 1):
        start -= 1
    end = detect
    while end + 1 < view.n_rows and _is_headerish(view, end + 1) and not _is_break(view, end + 1):
        end += 1
    kind = _kind(view, start, end)
    context = view.before + _captions_above(view, start)
    band_unit = unit_in("\n".join(c.text for r in range(start, end + 1) for c in view.row_cells(r))) \
        or next((u for u in map(unit_in, reversed(context)) if u), None) or "万元"  # nearest caption wins
    columns, entity_col = _columns(view, start, end, kind, band_unit)
    facts, r, empty_run = [], end + 1, 0
    while r < view.n_rows:
        if _is_break(view, r):
            break
        fields, entity = _row_matches(view, r)
        if len(fields) >= 2 or entity is not None or _ends_band(view, r, entity_col):
            break
        row_facts, has_content = _read_row(view, r, columns, entity_col, kind, findings)
        facts.extend(row_facts)
        empty_run = 0 if has_content else empty_run + 1
        if empty_run >= 2:
            break
        r += 1
    return facts, max(r, end + 1)


def _ends_band(view: TableView, r: int, entity_col) -> bool:
    """A row whose first cell is a known label of another part (综合得分, 评价等次...)."""
    if entity_col is None or view.grid[r][entity_col] is None:
        return False
    text = view.grid[r][entity_col].text
    return bool(text.strip()) and dictionary().match(
        text, tables=("basic_info", "_report", "_scores", "_indicators"), fuzzy=False) is not None


def _captions_above(view: TableView, start: int) -> list:
    out = []
    for r in range(max(0, start - 2), start):
        cells = [c for c in view.row_cells(r) if c.text.strip()]
        if len(cells) == 1:
            out.append(cells[0].text)
    return out


def _kind(view: TableView, start: int, end: int) -> str:
    votes = Counter()
    for r in range(start, end + 1):
        for _, m in _row_matches(view, r)[0]:
            votes[m.table] += 1
    return votes.most_common(1)[0][0]


def _columns(view: TableView, start: int, end: int, kind: str, band_unit: str):
    """Field of each grid column: the lowest header cell above it that names a field."""
    labels = dictionary()
    columns, entity_col = {}, None
    for c in range(view.table.n_cols):
        stack, seen = [], set()
        for r in range(start, end + 1):
            cell = view.grid[r][c]
            if cell is not None and id(cell) not in seen and cell.text.strip():
                seen.add(id(cell))
                stack.append(cell)
        for cell in reversed(stack):
            if labels.match(cell.text, tables=("_ignore",), fuzzy=False):
                break  # a known column that is no contract field (e.g. a subtotal)
            m = labels.match(cell.text, tables=(kind,), context=kind, fuzzy=False) or (
                None if _is_structural(cell.text) else labels.match(cell.text, tables=(kind,), context=kind))
            if m:
                unit = unit_in(cell.text) or band_unit
                columns[c] = Column(m.field, raw_label(cell.text), unit, m.how if m.how != "jieba" else f"jieba:{m.score}")
                break
        else:
            if entity_col is None and any(labels.match(x.text, tables=("_entity",), fuzzy=False) for x in stack):
                entity_col = c
    if entity_col is None and 0 not in columns:
        entity_col = 0
    return columns, entity_col


def _is_structural(text: str) -> bool:
    """Grouping words and the entity header: never a field, so never worth a fuzzy match."""
    return fold_label(text) in GROUP_WORDS or dictionary().match(
        text, tables=("_entity",), fuzzy=False) is not None


def _read_row(view: TableView, r: int, columns: dict, entity_col, kind: str, findings: list):
    entity = ""
    if entity_col is not None and view.grid[r][entity_col] is not None:
        entity = raw_label(view.grid[r][entity_col].text)
    facts, has_content = [], bool(entity)
    for cell in view.row_cells(r):
        if cell.row != r or cell.col == entity_col:
            continue
        cols = {columns[c].field: columns[c] for c in range(cell.col, cell.col + cell.col_span) if c in columns}
        if len(cols) != 1:
            continue
        col = next(iter(cols.values()))
        num = cell_number(cell)
        if num.kind in ("blank", "placeholder"):
            continue
        has_content = True
        loc = view.location(r, cell.col)
        if num.kind != "number":
            findings.append(Finding(
                rule="value_not_numeric", severity="warning", fields=[col.field],
                message=f"{entity or '表中'}“{col.label}”一栏填的是“{cell.text.strip()}”，不是金额，请核实",
                location=loc))
            continue
        unit = num.unit if num.unit in ("元", "万元", "亿元", "千元") else col.unit
        facts.append(Fact(table=kind, entity=entity, field=col.field,
                          value=to_wanyuan(num.value, unit), unit="万元", label_raw=col.label,
                          text_raw=cell.text.strip(), location=loc, match=col.how,
                          unit_printed=unit))
    return facts, has_content


INLINE_RE = re.compile(r"^\s*(?:其中[:：])?\s*([^:：\d]{2,20})[:：]\s*([-\d.,]+\s*(?:万元|元)?)\s*$")


def extract_inline_amounts(view: TableView) -> list:
    """`一般公共预算:1325.68` — a label and its amount printed in one cell."""
    labels = dictionary()
    facts = []
    for cell in view.table.cells:
        m = INLINE_RE.match(cell.text.replace("\n", ""))
        if not m:
            continue
        hit = labels.match(m.group(1), tables=MONEY_TABLES, fuzzy=False)
        num = parse_number(m.group(2))
        if hit and num.kind == "number":
            unit = num.unit if num.unit in ("元", "万元") else unit_in("\n".join(view.before)) or "万元"
            facts.append(Fact(table=hit.table, entity="", field=hit.field,
                              value=to_wanyuan(num.value, unit), unit="万元",
                              label_raw=raw_label(m.group(1)), text_raw=cell.text.strip(),
                              location=view.location(cell.row, cell.col), match=hit.how,
                              unit_printed=unit))
    return facts


def extract_money_pairs(view: TableView, taken: set) -> list:
    """Money figures printed as label | value pairs (a table laid out vertically).

    Only cells that no band has read are considered, and only a value cell holding a
    number directly right of a label that names a money field in so many words.
    """
    labels = dictionary()
    facts = []
    for r in range(view.n_rows):
        cells = view.row_cells(r)
        for i, (label_cell, value_cell) in enumerate(zip(cells, cells[1:])):
            after = cells[i + 2] if i + 2 < len(cells) else None
            if after is not None and parse_number(after.text).is_value:
                continue  # several figures per label (year columns): not a plain pair
            if not label_cell.text.strip() or len(label_cell.text) > 30:
                continue
            m = labels.match(label_cell.text, tables=MONEY_TABLES, fuzzy=False)
            num = parse_number(value_cell.text)
            if not m or num.kind != "number":
                continue
            loc = view.location(r, value_cell.col)
            if loc in taken:
                continue
            unit = num.unit if num.unit in ("元", "万元", "亿元", "千元") else \
                unit_in(label_cell.text) or unit_in("\n".join(view.before)) or "万元"
            facts.append(Fact(table=m.table, entity="", field=m.field,
                              value=to_wanyuan(num.value, unit), unit="万元",
                              label_raw=raw_label(label_cell.text), text_raw=value_cell.text.strip(),
                              location=loc, match=m.how, unit_printed=unit))
    return facts
