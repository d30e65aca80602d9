"""The quantitative-target table (定量目标): one row per 指标N of each dimension.

Found by its header (评价内容 | 绩效目标 | 完成情况). A target cell may hold several
indicators (`指标1：… 指标2：…`): each becomes its own row, numbered as printed.
"""
from __future__ import annotations

import re

from .grid import TableView
from .labels import dictionary
from .numbers import parse_number
from .text import clean, squash

SEQ_RE = re.compile(r"指标\s*(\d+)\s*[:：]")


def find_header(view: TableView):
    labels = dictionary()
    for r in range(view.n_rows):
        roles = {}
        for cell in view.row_cells(r):
            if not cell.text.strip() or len(cell.text) > 20:
                continue
            m = labels.match(cell.text, tables=("_indicators",), fuzzy=False)
            if m and m.field not in roles:
                roles[m.field] = cell
        if {"category", "target", "result"} <= set(roles):
            cols = {k: c.col for k, c in roles.items()}
            cat = roles["category"]
            if "dimension" not in cols and cat.col_span >= 2:
                cols["dimension"] = cat.col + cat.col_span - 1
            return r, cols
    return None


def split_items(text: str) -> list:
    """`指标1：a 指标2：b` → [(1, 'a'), (2, 'b')]; text without markers → [(None, text)]."""
    text = clean(text)
    marks = list(SEQ_RE.finditer(text))
    if not marks:
        return [(None, text)] if text else []
    items = []
    for m, nxt in zip(marks, marks[1:] + [None]):
        body = text[m.end(): nxt.start() if nxt else len(text)].strip()
        items.append((int(m.group(1)), body))
    return items


def is_residue(body: str) -> bool:
    """Template residue, not an indicator: `指标4：` left empty, `……`, `（100字以内）`."""
    key = squash(body).strip("。；;，,：:")
    return not key or parse_number(key).kind in ("blank", "placeholder") or \
        re.fullmatch(r"[(（]?\d+字以内[)）]?", key) is not None


def category_name(text: str) -> str:
    """`产出目标\n（部门工作实绩…）` → `产出目标`."""
    return re.split(r"[(（]", squash(text), maxsplit=1)[0]


def extract_indicators(view: TableView, report) -> bool:
    labels = dictionary()
    found = find_header(view)
    if not found:
        return False
    header, cols = found
    for r in range(header + 1, view.n_rows):
        get = lambda role: view.grid[r][cols[role]] if role in cols and view.grid[r][cols[role]] else None
        cat_cell, dim_cell = get("category"), get("dimension")
        target_cell, result_cell = get("target"), get("result")
        cat_text = cat_cell.text if cat_cell else ""
        if labels.match(cat_text, tables=("_report",), fuzzy=False) or target_cell is None:
            break
        if target_cell is cat_cell:  # a full-width row: the table has ended
            break
        targets = split_items(target_cell.text)
        results = dict(split_items(result_cell.text)) if result_cell and result_cell is not target_cell else {}
        whole_result = clean(result_cell.text) if result_cell and result_cell is not target_cell else ""
        dimension = squash(dim_cell.text) if dim_cell is not None and dim_cell is not cat_cell else ""
        if not dimension and report.indicators:
            # a blank dimension (an unmerged label, or a row cut by a page break) reads as the one above
            dimension = report.indicators[-1]["dimension"]
        if not squash(cat_text) and report.indicators:
            cat_text = report.indicators[-1]["category"]
        seen = sum(1 for i in report.indicators if i["dimension"] == dimension
                   and i["category"] == category_name(cat_text))
        targets = [(seq, body) for seq, body in targets if not is_residue(body)]
        for k, (seq, body) in enumerate(targets, 1):
            report.indicators.append({
                "category": category_name(cat_text), "dimension": dimension,
                "seq": seq if seq is not None else seen + k, "target": body,
                "result": results.get(seq, whole_result) if seq is not None else whole_result,
                "location": view.location(r, cols["target"])})
    return True
