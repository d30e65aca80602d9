"""The blocks of one 自评表 (Family C), read row by row from the rows the form covers.

A national-style 项目支出 / 部门整体支出 绩效自评表 is one grid of labelled blocks: the head
(项目名称, 主管部门, 实施单位 or 预算部门、单位名称), the 资金 block (a header row naming
年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 in any order, then one row per
funding line), the 年度总体目标 (预期目标 | 实际完成情况 over their texts), the 绩效指标 grid
(一级 / 二级 / 三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因…) and the 总分 row.
Every block is found by its labels (`data/labels-selfeval.csv`), never by its place, so a
form with the columns reordered or a block missing still gives what it has.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..grid import TableView
from ..labels import dictionary
from ..numbers import parse_number, to_wanyuan, unit_in
from ..report import Fact
from ..text import clean, fold, split_points, squash
from .indicator_values import operator_of, parse_value

CODE_PREFIX_RE = re.compile(r"^(?=[0-9A-Za-z]*\d)[0-9A-Za-z]{2,30}\s*[-－—–_]\s*(?=\S)")
EMBEDDED_RE = re.compile(r"^(?:其中[:：]?)?(?P<label>[^:：\d]{2,20})[:：]\s*(?P<num>[-\d,.]+)\s*(?P<unit>万元|元)?$")
MONEY_COLS = ("budget_initial", "budget_adjusted", "executed")
FORM_NAMES = {"project": "project_selfeval_table", "dept": "dept_selfeval_table"}


@dataclass
class Form:
    """One 自评表 being read: the rows it covers and what was read from them."""

    kind: str                                   # project | dept
    rows: list = field(default_factory=list)    # (view, r) in order
    title: list = field(default_factory=list)   # title texts (form name, year)
    fields: dict = field(default_factory=dict)
    locations: dict = field(default_factory=dict)
    budget: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    sections: list = field(default_factory=list)
    facts: list = field(default_factory=list)
    closed: bool = False                        # the 总分 row was read
    state: Optional[str] = None                 # block being read: funds | goals | ind
    roles: dict = field(default_factory=dict)
    unit: Optional[str] = None

    @property
    def name(self) -> str:
        return FORM_NAMES[self.kind]

    @property
    def views(self) -> list:
        out = []
        for v, _ in self.rows:
            if all(v is not w for w in out):
                out.append(v)
        return out

    def is_form(self) -> bool:
        """Enough was read for this to be a 自评表 (not a table that shares a label)."""
        return bool(self.budget or self.indicators)


# --- labels ---------------------------------------------------------------------------
def label(text: str, table: str) -> Optional[str]:
    """The canonical key of a printed label in one of the private selfeval tables."""
    if not text or len(squash(text)) > 30:
        return None
    name, _ = split_points(text)
    m = dictionary().match(name, tables=(table,), fuzzy=False)
    return m.field if m else None


def title_kind(text: str) -> Optional[str]:
    """`项目支出绩效自评表（2022年度）` → 'project': the form's name inside a title text."""
    key = fold(text)
    for e in dictionary().entries:
        if e.table == "_se_title" and e.key and e.key in key:
            return e.field
    return None


def strip_code(text: str):
    """`219001-岳阳市教育局机关` → ('岳阳市教育局机关', '219001')."""
    value = clean(text).replace("\n", "")
    m = CODE_PREFIX_RE.match(value)
    if not m:
        return value, None
    return value[m.end():].strip(), re.split(r"\s*[-－—–_]", m.group(0))[0]


def own_cells(view: TableView, r: int) -> list:
    """Cells that start in row r (a block label merged down from above is not repeated)."""
    return [c for c in view.row_cells(r) if c.row == r]


def row_texts(view: TableView, r: int) -> list:
    return [c.text for c in own_cells(view, r) if c.text.strip()]


# --- the head -------------------------------------------------------------------------
INLINE_RE = re.compile(r"^(?P<label>[^:：]{2,14})[:：]\s*(?P<value>\S.{0,40})$", re.S)


def head_fields(view: TableView, r: int) -> list:
    """(field, value text, location) for each `label | value` pair of a head row, and for
    a label and its value typed into one cell (`评价等次：优`)."""
    cells = own_cells(view, r)
    out = []
    for i, cell in enumerate(cells):
        key = label(cell.text, "_se_field")
        if key is None:
            m = INLINE_RE.match(clean(cell.text))
            key = label(m.group("label"), "_se_field") if m else None
            if key is not None:
                out.append((key, m.group("value"), view.location(r, cell.col)))
            continue
        nxt = cells[i + 1] if i + 1 < len(cells) else None
        if nxt is not None and label(nxt.text, "_se_field") is None:
            out.append((key, nxt.text, view.location(r, nxt.col)))
    return out


def read_head(form: Form, view: TableView, r: int) -> bool:
    pairs = head_fields(view, r)
    for key, text, where in pairs:
        value, code = strip_code(text)
        if not value or form.fields.get(key):
            continue
        form.fields[key] = value
        form.locations[key] = where
        if code and key in ("implementing_unit", "department"):
            form.fields.setdefault("budget_code", code)
    return bool(pairs)


# --- the 资金 block -----------------------------------------------------------------------
def header_roles(view: TableView, r: int, table: str) -> dict:
    """{role: [cols]} of the labelled cells of a row, for one label table."""
    roles = {}
    for cell in view.row_cells(r):
        key = label(cell.text, table)
        if key is not None:
            cols = roles.setdefault(key, [])
            if cell.col not in cols:
                cols.append(cell.col)
    return roles


def funds_header(view: TableView, r: int):
    """Column roles of a 资金 header row; a two-row header (`年度预算数` over 年初预算 |
    调整后预算数 | 预算执行数, beside 预算执行率 | 权重 | 得分 printed on the top row only)
    takes the roles the row above adds."""
    roles = header_roles(view, r, "_se_col")
    if len(roles) >= 3 and ("budget_adjusted" in roles or "executed" in roles):
        above = header_roles(view, r - 1, "_se_col") if r > 0 else {}
        taken = {c for cols in roles.values() for c in cols}
        for key, cols in above.items():
            free = [c for c in cols if c not in taken]
            if key not in roles and free:
                roles[key] = free
        return {k: v[0] for k, v in roles.items()}
    return None


def _value_cell(view, r, col, label_cell):
    cell = view.grid[r][col] if col < view.table.n_cols else None
    if cell is None or cell is label_cell or cell.row != r:
        return None
    return cell


def rate_of(text: str):
    """(fraction, precision of the printed figure as a fraction) of an 执行率 cell."""
    n = parse_number(text)
    if n.value is None:
        return None, None
    digits = squash(text).rstrip("%").split(".")
    decimals = len(digits[1]) if len(digits) > 1 else 0
    if n.kind == "percent" or n.value > 2:
        return round(n.value / 100, 8), 10 ** -decimals / 100
    return n.value, 10 ** -decimals


def read_funding_line(form: Form, view: TableView, r: int) -> bool:
    roles = form.roles
    first = min(roles.values())
    candidates = [c for c in view.row_cells(r) if c.col < first and c.text.strip()
                  and label(c.text, "_se_block") is None]
    if not candidates:
        return False
    cell = candidates[-1]
    line = label(cell.text, "_se_line")
    if line is None:
        return False
    row = {"line": line, "label_raw": clean(cell.text).replace("\n", ""),
           "location": view.location(r, cell.col), "row_no": r + 1, "form": form.name,
           "cells": {role: view.location(r, col) for role, col in roles.items()}}
    for role in MONEY_COLS + ("max_score", "self_score"):
        vc = _value_cell(view, r, roles[role], cell) if role in roles else None
        value = parse_number(vc.text).value if vc is not None else None
        if value is not None and role in MONEY_COLS:
            value = to_wanyuan(value, parse_number(vc.text).unit or form.unit)
        row[role] = value
    vc = _value_cell(view, r, roles["rate"], cell) if "rate" in roles else None
    row["rate"], row["rate_ulp"] = rate_of(vc.text) if vc is not None else (None, None)
    row["rate_text"] = squash(vc.text) if vc is not None else ""
    form.budget.append(row)
    return True


def read_embedded(form: Form, view: TableView, r: int) -> None:
    """Amounts printed inside label cells (`一般公共预算:1325.68`) → dept_funds facts."""
    for cell in own_cells(view, r):
        m = EMBEDDED_RE.match(squash(cell.text))
        if not m:
            continue
        key = label(m.group("label"), "_se_funds")
        n = parse_number(m.group("num"))
        if key is None or n.value is None:
            continue
        unit = m.group("unit") or form.unit or "万元"
        form.facts.append(Fact(table="dept_funds", entity="", field=key,
                               value=to_wanyuan(n.value, unit), unit="万元",
                               label_raw=m.group("label"), text_raw=clean(cell.text),
                               location=view.location(r, cell.col), match="exact",
                               unit_printed=unit))


# --- 年度总体目标 -------------------------------------------------------------------------
def goals_header(view: TableView, r: int):
    roles = {k: v[0] for k, v in header_roles(view, r, "_se_goal").items()}
    return roles if {"expected", "actual"} <= set(roles) else None


def read_goals(form: Form, view: TableView, r: int) -> bool:
    heads = {"expected": "预期目标", "actual": "实际完成情况"}
    found = False
    for role, col in form.roles.items():
        cell = _value_cell(view, r, col, None)
        if cell is None or not cell.text.strip():
            continue
        found = True
        form.sections.append({"path": f"年度总体目标/{heads[role]}", "heading": heads[role],
                              "text": clean(cell.text), "level": 2,
                              "location": view.location(r, col)})
    return found


# --- 绩效指标 ----------------------------------------------------------------------------
def indicator_header(view: TableView, r: int):
    roles = header_roles(view, r, "_se_ind")
    if len(roles) >= 4 and ("level3" in roles or "level2" in roles) and \
            ("target" in roles or "actual" in roles):
        out = {k: v[0] for k, v in roles.items()}
        out["notes"] = roles.get("note", [])
        return out
    return None


def is_total_row(view: TableView, r: int) -> bool:
    texts = row_texts(view, r)
    return bool(texts) and label(texts[0], "_se_block") == "total"


def read_total(form: Form, view: TableView, r: int) -> None:
    cells = own_cells(view, r)
    label_cell = next(c for c in cells if c.text.strip())
    values = []
    for role in ("max_score", "self_score"):
        col = form.roles.get(role) if form.state == "ind" else None
        vc = _value_cell(view, r, col, label_cell) if col is not None else None
        values.append(parse_number(vc.text).value if vc is not None else None)
    if values[1] is None:
        numbers = [parse_number(c.text).value for c in cells if c is not label_cell]
        numbers = [n for n in numbers if n is not None]
        values = numbers[:2] if len(numbers) >= 2 else [None] + numbers[:1]
        values += [None] * (2 - len(values))
    form.fields["selfeval_score_max"], form.fields["selfeval_score_total"] = values
    form.locations["selfeval_score_total"] = view.location(r, label_cell.col)
    read_head(form, view, r)  # a grade printed in the 总分 row (`评价等次：优`)
    form.closed = True


def read_indicator(form: Form, view: TableView, r: int) -> bool:
    roles = form.roles
    grid = view.grid[r]

    def text(role):
        col = roles.get(role)
        cell = grid[col] if col is not None and col < len(grid) else None
        return cell.text if cell is not None else ""

    level3 = squash(text("level3"))
    target, actual = clean(text("target")), clean(text("actual"))
    self_score = parse_number(text("self_score")).value
    if not (level3 or target or actual) or label(level3, "_se_block") == "total":
        return False
    prev = form.indicators[-1] if form.indicators else {}
    level1, points = split_points(text("level1"))
    level2 = split_points(text("level2"))[0]
    if not level1:
        level1, points = prev.get("level1", ""), prev.get("level1_points")
    if not level2 and level1 == prev.get("level1"):
        level2 = prev.get("level2", "")
    tv, av = parse_value(target), parse_value(actual)
    op = operator_of(text("operator")) if "operator" in roles else ""
    unit = squash(text("unit")) if "unit" in roles else ""
    notes = [clean(grid[c].text) for c in roles.get("notes", []) if grid[c] is not None]
    seq = 1 + sum(1 for i in form.indicators if i["level1"] == level1 and i["level2"] == level2)
    form.indicators.append({
        "category": level1, "dimension": level2, "seq": seq, "target": target,
        "result": actual, "level1": level1, "level2": level2, "level3": level3,
        "operator": op or tv.operator or None, "target_value": tv.value, "actual_value": av.value,
        "value_unit": unit or tv.unit or av.unit or None,
        "max_score": parse_number(text("max_score")).value, "self_score": self_score,
        "deviation_note": "\n".join(n for n in dict.fromkeys(notes) if n),
        "location": view.location(r, roles.get("level3", roles.get("target", 0))),
        "cells": {role: view.location(r, col) for role, col in roles.items() if role != "notes"},
        "level1_points": points, "row_no": r + 1, "form": form.name,
        "target_unit": tv.unit, "actual_unit": av.unit})
    return True


# --- one row at a time -------------------------------------------------------------------
def read_row(form: Form, view: TableView, r: int) -> None:
    """Read row r of the form: a header switches the block, other rows belong to it."""
    if form.closed:
        return
    if form.state != "funds" and is_total_row(view, r):
        read_total(form, view, r)
        return
    if read_head(form, view, r):
        return
    for state, find in (("funds", funds_header), ("goals", goals_header), ("ind", indicator_header)):
        roles = find(view, r)
        if roles:
            form.state, form.roles = state, roles
            if state == "funds":
                form.unit = unit_in(" ".join(row_texts(view, r))) or "万元"
            return
    if form.state == "funds":
        if not read_funding_line(form, view, r):
            read_embedded(form, view, r)
    elif form.state == "goals":
        if read_goals(form, view, r):
            form.state = None
    elif form.state == "ind":
        read_indicator(form, view, r)
