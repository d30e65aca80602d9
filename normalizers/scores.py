"""The score sheet (评分表): one row per 三级指标, with merged levels and shared 分值.

The sheet is found by its header row (一级指标 … 分值 … 自评得分), wherever it sits. Group
labels carry their points (`投  入\n（15分）`): the label goes to `level1`, the points to
`level1_points`. A 分值 cell merged over several rows is one shared maximum: the rows
keep `max_score` empty and share `max_group` / `max_group_score`.
"""
from __future__ import annotations

from .grid import TableView
from .labels import dictionary
from .numbers import parse_number
from .text import clean, fold, split_points, squash

TOTAL_WORDS = {"总分", "合计", "总计", "得分合计", "总得分"}


def find_header(view: TableView):
    """(row, {role: col}) of a score-sheet header row, or None."""
    labels = dictionary()
    for r in range(view.n_rows):
        found = {}
        for cell in view.row_cells(r):
            if not cell.text.strip() or len(cell.text) > 20:
                continue
            m = labels.match(cell.text, tables=("_scores",), fuzzy=False)
            if m:
                found.setdefault(m.field, []).append(cell.col)
        if len(found) >= 4 and "self_score" in found and ("indicator" in found or "level2" in found):
            return r, _resolve_roles(found)
    return None


def _resolve_roles(found: dict) -> dict:
    """One column per role; a sheet with a 分值 column after each level gets group points.

    Sheets of the 指标表 family print `一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值 …`:
    the 分值 right of the 三级指标 is the row maximum, the others the groups' points.
    """
    roles = {role: cols[0] for role, cols in found.items()}
    roles["self_score"] = found["self_score"][-1]
    maxima = found.get("max_score", [])
    if not maxima and len(found["self_score"]) > 1:
        # one repost labels every weight column 得分: all but the last are 分值
        maxima = found["self_score"][:-1]
        roles["max_score"] = maxima[-1]
    if len(maxima) > 1:
        anchor = roles.get("indicator", roles.get("level2", -1))
        after = [c for c in maxima if c > anchor]
        roles["max_score"] = after[0] if after else maxima[-1]
        for level in ("level1", "level2"):
            if level in roles:
                beside = [c for c in maxima if c > roles[level] and c != roles["max_score"]]
                if beside and beside[0] < roles.get("indicator", 10 ** 6):
                    roles[level + "_points"] = beside[0]
    return roles


def extract_scores(view: TableView, report) -> bool:
    """Append score rows to report.scores; return True when a score sheet was found."""
    found = find_header(view)
    if not found:
        return False
    header_row, roles = found
    header_sig = [fold(c.text) for c in view.row_cells(header_row)]
    above = {}
    for r in range(header_row + 1, view.n_rows):
        if [fold(c.text) for c in view.row_cells(r)] == header_sig:
            continue  # a repeated header after a page break
        cells = {role: view.grid[r][col] for role, col in roles.items()}
        text = {role: (cell.text if cell is not None else "") for role, cell in cells.items()}
        first = next((squash(c.text) for c in view.row_cells(r) if c.text.strip()), "")
        if fold(first) in TOTAL_WORDS or fold(text.get("level1", "")) in TOTAL_WORDS:
            _total(report, text, view.location(r, 0))
            break
        if not any(squash(text.get(k, "")) for k in ("indicator", "self_score", "max_score")):
            continue
        report.scores.append(_row(view, r, roles, cells, text, above))
    return True


def _row(view, r, roles, cells, text, above) -> dict:
    """One score row; a blank group label (not merged, left empty) reads as the one above."""
    level1, l1_points = split_points(text.get("level1", ""))
    level2, l2_points = split_points(text.get("level2", ""))
    if l1_points is None and "level1_points" in cells:
        l1_points = parse_number(text.get("level1_points", "")).value
    if l2_points is None and "level2_points" in cells:
        l2_points = parse_number(text.get("level2_points", "")).value
    if not level1:
        level1, l1_points = above.get("level1", ("", None))
    if not level2 and level1 == above.get("level1", ("", None))[0]:
        level2, l2_points = above.get("level2", ("", None))
    above.update(level1=(level1, l1_points), level2=(level2, l2_points))
    row = {"level1": level1, "level2": level2, "level1_points": l1_points,
           "level2_points": l2_points, "indicator": squash(text.get("indicator", "")),
           "criteria": clean(text.get("criteria", "")), "note": clean(text.get("note", "")),
           "explanation": clean(text.get("explanation", "")), "sheet": "",
           "self_score": parse_number(text.get("self_score", "")).value,
           "max_score": None, "max_group": None, "max_group_score": None,
           "location": view.location(r, roles.get("indicator", roles.get("self_score", 0))),
           "row_no": r + 1}
    if "explanation" in roles:
        row["explanation_at"] = view.location(r, roles["explanation"])
    max_cell = cells.get("max_score")
    max_value = parse_number(text.get("max_score", "")).value
    if max_cell is not None and max_cell.row_span > 1:
        row["max_group"] = f"{view.location(max_cell.row, max_cell.col)}"
        row["max_group_score"] = max_value
    elif max_value is not None:
        row["max_score"] = max_value
    return row


def _total(report, text, location) -> None:
    total = parse_number(text.get("self_score", "")).value
    report.fields["score_total"] = total
    report.fields["score_total_max"] = parse_number(text.get("max_score", "")).value
    report.locations["score_total"] = location


def share_blank_maxima(scores: list) -> None:
    """A 分值 left blank under a filled one (not merged, same meaning) joins its group."""
    for prev, row in zip(scores, scores[1:]):
        if row["max_score"] is None and row["max_group"] is None and row["self_score"] is not None \
                and (prev["max_score"] is not None or prev["max_group"] is not None) \
                and row["level2"] == prev["level2"]:
            if prev["max_group"] is None:
                prev["max_group"], prev["max_group_score"] = prev["location"], prev["max_score"]
                prev["max_score"] = None
            row["max_group"], row["max_group_score"] = prev["max_group"], prev["max_group_score"]
