"""Family F: reports that are text only (`narrative_only`), or text with a third party's
summary score table (`评价内容 | 分值 | 评价得分`).

A narrative-only report has no form tables: its outline (一、/（一）/1./（1）, 第一部分,
一是…, bold headings without numbers — see `normalizers/outline.py`) becomes `sections`,
the figures its prose states become `narrative` facts (the same patterns as the seed's
评价报告综述), and department and year come from its title. It is recognised by a title
that names a performance self-evaluation and by an outline of its own, never by the name
of the file.
"""
from __future__ import annotations

from ..fields import first_lines
from ..labels import dictionary
from ..numbers import parse_number
from ..text import fold, split_points, squash

FORM = "narrative_only"
SHEET = "summary"
TITLE_WORDS = ("自评报告", "评价报告", "自评情况", "绩效报告")
MIN_HEADINGS = 2


def read(doc, views, report) -> list:
    """The third party's summary score table, wherever it sits (a reader run before the
    seed's form, so that its 综合得分 is not taken for the seed's)."""
    for view in views:
        if id(view) in report.claimed:
            continue
        header = _summary_header(view)
        if header is None:
            continue
        _read_summary(view, report, *header)
        report.claimed.add(id(view))
        if FORM not in report.forms:
            report.forms.append(FORM)
    return []


def _summary_header(view):
    """(row, {role: col}) of `评价内容 | 分值 | 评价得分`, or None."""
    labels = dictionary()
    for r in range(min(view.n_rows, 3)):
        roles = {}
        for cell in view.row_cells(r):
            m = labels.match(cell.text, tables=("_summary",), fuzzy=False)
            if m:
                roles.setdefault(m.field, cell.col)
        if {"item", "max_score", "self_score"} <= set(roles) and view.table.n_cols <= 5:
            return r, roles
    return None


def _read_summary(view, report, header_row, roles) -> None:
    labels = dictionary()
    rows, total, where = [], None, ""
    for r in range(header_row + 1, view.n_rows):
        cells = {k: view.grid[r][c] for k, c in roles.items()}
        item = squash(cells["item"].text) if cells["item"] is not None else ""
        if not item:
            continue
        label, points = split_points(item)
        got = parse_number(cells["self_score"].text if cells["self_score"] else "")
        m = labels.match(label, tables=("_report",), fuzzy=False)
        if m and m.field == "grade":
            report.fields["grade"] = squash(cells["self_score"].text if cells["self_score"] else "")
            report.locations["grade"] = view.location(r, roles["self_score"])
            continue
        if m and m.field == "score_stated" or fold(label) in ("合计", "总分", "总计"):
            total, where = got.value, view.location(r, roles["self_score"])
            continue
        cap = parse_number(cells["max_score"].text if cells["max_score"] else "").value
        rows.append({"level1": label, "level2": "", "indicator": label, "criteria": "",
                     "note": "", "explanation": "", "sheet": SHEET,
                     "level1_points": None, "level2_points": None,
                     "self_score": got.value, "max_score": cap if cap is not None else points,
                     "max_group": None, "max_group_score": None,
                     "location": view.location(r, roles["item"]), "row_no": r + 1})
    report.scores.extend(rows)
    report.sheet_totals[SHEET] = (total, None, where)
    if total is not None and report.fields.get("score_total") is None:
        report.fields["score_total"] = total
        report.locations["score_total"] = where


def mark_narrative_only(doc, report) -> bool:
    """After the seed's form found nothing: is this a report told in text alone?"""
    if report.forms not in ([], [FORM]):
        return False  # another form was read: its sections are that form's
    headings = [s for s in report.sections if s["path"] != "0" and s["heading"]]
    if len(headings) < MIN_HEADINGS and FORM not in report.forms:
        return False
    if FORM not in report.forms and not _has_title(doc):
        return False
    for s in report.sections:
        s["is_report_outline"] = True
    if FORM not in report.forms:
        report.forms.append(FORM)
    report.required_parts = ()
    return True


def _has_title(doc) -> bool:
    for line in first_lines(doc, 13):
        key = squash(line)
        if "绩效" in key and any(w in key for w in TITLE_WORDS) and len(key) <= 60:
            return True
    return False

